// CSV actuals: an RFC 4180 reader that keeps line numbers, the header mapping, and the writer.
#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "fields.h"
#include "parsers.h"
#include "table.h"
#include "targetwatch/ingest/ingest.h"

namespace targetwatch {
namespace {

using detail::Field;

struct CsvRecord {
  std::size_t line = 0;  // physical line where the record starts
  std::vector<std::string> cells;
};

// Splits text into records. A malformed record (bad quoting) yields an error for its line and
// the reader resumes at the next physical line, so one typo does not hide later errors.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : s_(text) {}

  enum class Status { kRecord, kError, kEnd };

  Status next(CsvRecord& out, IngestError& error) {
    skip_ignorable_lines();
    if (pos_ >= s_.size()) return Status::kEnd;
    out.line = line_;
    out.cells.clear();
    for (;;) {
      std::string cell;
      const std::size_t cell_start = pos_;
      skip_blanks();
      if (pos_ < s_.size() && s_[pos_] == '"') {
        ++pos_;
        bool closed = false;
        while (pos_ < s_.size()) {
          // The run up to the next quote goes in at once (newlines in it are counted).
          const std::size_t quote = std::min(s_.find('"', pos_), s_.size());
          const std::string_view run = s_.substr(pos_, quote - pos_);
          line_ += static_cast<std::size_t>(std::count(run.begin(), run.end(), '\n'));
          cell += run;
          pos_ = quote;
          if (pos_ >= s_.size()) break;
          ++pos_;  // the quote
          if (pos_ < s_.size() && s_[pos_] == '"') {
            cell += '"';
            ++pos_;
          } else {
            closed = true;
            break;
          }
        }
        if (!closed) {
          error = {out.line, "",
                   "unterminated quoted field (a '\"' opens a field that never closes)",
                   detail::cat({"第", std::to_string(out.line), "行"}),
                   "引号没有闭合（以 \" 开头的内容一直没有结束）"};
          return Status::kError;
        }
        skip_blanks();
        if (pos_ < s_.size() && s_[pos_] != ',' && !at_line_end()) {
          error = {out.line, "",
                   "unexpected character after a closing quote in field " +
                       std::to_string(out.cells.size() + 1) +
                       " (quotes inside a field are "
                       "written as \"\")",
                   detail::cat({"第", std::to_string(out.line), "行 第",
                                std::to_string(out.cells.size() + 1), "列"}),
                   "闭合引号后还有字符（内容里的引号要写成两个 \"\"）"};
          skip_rest_of_line();
          return Status::kError;
        }
      } else {
        // An unquoted cell runs to the next comma or line end: one copy, not one per byte.
        pos_ = cell_start;
        const std::size_t end = std::min(s_.find_first_of(",\r\n", pos_), s_.size());
        cell.assign(s_.substr(pos_, end - pos_));
        pos_ = end;
      }
      out.cells.push_back(std::move(cell));
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      consume_line_end();
      return Status::kRecord;
    }
  }

 private:
  bool at_line_end() const { return pos_ < s_.size() && (s_[pos_] == '\n' || s_[pos_] == '\r'); }

  void consume_line_end() {
    if (pos_ >= s_.size()) return;
    if (s_[pos_] == '\r') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
    ++line_;
  }

  void skip_blanks() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }

  void skip_rest_of_line() {
    while (pos_ < s_.size() && !at_line_end()) ++pos_;
    consume_line_end();
  }

  // Blank lines and '#' comment lines between records.
  void skip_ignorable_lines() {
    while (pos_ < s_.size()) {
      std::size_t p = pos_;
      while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\t')) ++p;
      if (p >= s_.size()) {
        pos_ = p;
        return;
      }
      if (s_[pos_] == '#' || s_[p] == '\n' || s_[p] == '\r') {
        pos_ = p;
        skip_rest_of_line();
        continue;
      }
      return;
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

bool needs_quotes(std::string_view s, bool first_column) {
  if (s.empty()) return false;
  if (first_column && s.front() == '#') return true;  // would read back as a comment line
  if (s.front() == ' ' || s.front() == '\t' || s.back() == ' ' || s.back() == '\t') return true;
  return s.find_first_of(",\"\r\n") != std::string_view::npos;
}

void append_cell(std::string& out, std::string_view s, bool first_column) {
  if (!first_column) out += ',';
  if (!needs_quotes(s, first_column)) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string format_number(double v) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return "nan";
  return std::string(buf, ptr);
}

}  // namespace

const std::vector<std::string_view>& actual_field_names() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> v;
    for (std::size_t i = 0; i < detail::kRecordFieldCount; ++i) {
      v.push_back(detail::field_name(static_cast<Field>(i)));
    }
    return v;
  }();
  return kNames;
}

namespace detail {

ParseOutput parse_csv(std::string_view text) {
  ParseOutput out;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (auto bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < bad; ++i) line += text[i] == '\n';
    out.errors.push_back(
        {line, "",
         "invalid UTF-8 at byte offset " + std::to_string(bad) + " (send charset=gbk for GBK text)",
         cat({"第", std::to_string(line), "行"}),
         cat({"第 ", std::to_string(bad),
              " 字节处不是 UTF-8 编码（GBK 文件请注明 charset=gbk）"})});
    return out;
  }
  CsvReader reader(text);
  CsvRecord rec;
  IngestError error;
  IngestErrors reader_errors;
  // Rows are read as parse_rows asks for them, into one row whose cells keep their storage.
  TableRow row;
  auto next = [&]() -> const TableRow* {
    for (;;) {
      const auto status = reader.next(rec, error);
      if (status == CsvReader::Status::kEnd) return nullptr;
      if (status == CsvReader::Status::kError) {
        reader_errors.push_back(error);
        continue;
      }
      row.number = rec.line;
      row.cells.resize(rec.cells.size());
      for (std::size_t i = 0; i < rec.cells.size(); ++i) row.cells[i].text.swap(rec.cells[i]);
      return &row;
    }
  };
  // One record per line is the rule.
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  out = parse_rows({InputKind::kCsv, "", true, lines}, next);
  while (next() != nullptr) {
    // Rows a table without a header leaves unread: their quoting errors are reported all the same.
  }
  out.errors.insert(out.errors.end(), reader_errors.begin(), reader_errors.end());
  sort_by_row(out.errors);
  return out;
}

}  // namespace detail

Result<IngestBatch, IngestErrors> parse_actuals_csv(std::string_view text) {
  auto out = detail::parse_csv(text);
  if (!out.errors.empty()) return std::move(out.errors);
  return std::move(out.batch);
}

std::string actuals_to_csv(const std::vector<ActualRecord>& records) {
  std::string out;
  bool first = true;
  for (auto name : actual_field_names()) {
    if (!first) out += ',';
    out += name;
    first = false;
  }
  out += '\n';
  for (const auto& r : records) {
    append_cell(out, r.department, true);
    append_cell(out, r.project, false);
    append_cell(out, r.indicator, false);
    append_cell(out, format_number(r.value), false);
    append_cell(out, r.as_of.iso(), false);
    append_cell(out, to_string(r.mode), false);
    append_cell(out, r.unit, false);
    append_cell(out, r.note, false);
    append_cell(out, r.cause, false);
    append_cell(out, r.likelihood, false);
    append_cell(out, r.forecast ? format_number(*r.forecast) : std::string(), false);
    append_cell(out, r.measure, false);
    append_cell(out, r.retracted ? "true" : "", false);
    append_cell(out, r.fund == FundSource::kTotal ? std::string_view() : to_string(r.fund), false);
    out += '\n';
  }
  return out;
}

}  // namespace targetwatch
