// Reading actual records from a table of cells: the header row, the column mapping, the rows.
#include "table.h"

#include <algorithm>
#include <array>
#include <functional>

#include "fields.h"

namespace targetwatch::detail {
namespace {

// A title row or two may sit above a template's header; a header is found within this many
// non-blank rows.
constexpr std::size_t kHeaderSearchRows = 20;

bool blank(const TableCell& c) { return !c.number && !c.date && trim(c.text).empty(); }

bool all_blank(const TableRow& row) {
  return std::all_of(row.cells.begin(), row.cells.end(), blank);
}

std::size_t known_cells(const TableRow& row) {
  std::size_t n = 0;
  for (const auto& c : row.cells) n += !trim(c.text).empty() && field_from_header(c.text);
  return n;
}

// The columns of the header row: a field per column, or nullopt (unnamed or unknown).
struct Header {
  std::vector<std::optional<Field>> columns;
  std::vector<bool> unknown;  // named, but not a field
  bool has_reference = false;
};

std::optional<Header> read_header(const TableRow& row, IngestBatch& batch, IngestErrors& errors) {
  Header header;
  std::array<bool, kFieldCount> seen{};
  const std::size_t before = errors.size();
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    const std::string written(trim(row.cells[i].text));
    header.unknown.push_back(false);
    if (written.empty()) {
      header.columns.emplace_back();
      continue;
    }
    auto f = field_from_header(written);
    if (!f) {
      header.columns.emplace_back();
      header.unknown.back() = true;
      batch.warnings.push_back({row.number, written,
                                cat({"unknown column ", quoted(written), " (ignored)"}),
                                batch.layout.locate_cell(row.number, i, written),
                                cat({"不认识的列 ", quoted_zh(written), "，已忽略"})});
      continue;
    }
    header.has_reference = header.has_reference || is_reference(*f);
    auto& s = seen[static_cast<std::size_t>(*f)];
    const std::string name(field_name(*f));
    if (s) {
      errors.push_back({row.number, name, cat({"column ", quoted(name), " appears twice"}),
                        batch.layout.locate_cell(row.number, i, written),
                        cat({"列 ", quoted_zh(written), " 与前面的列重复（都表示 ", name, "）"})});
    } else {
      batch.layout.columns.push_back({name, i, written});
    }
    s = true;
    header.columns.push_back(f);
  }
  auto has = [&](Field f) { return seen[static_cast<std::size_t>(f)]; };
  auto require = [&](bool ok, std::string_view field, std::string_view zh) {
    if (ok) return;
    errors.push_back(make_error(
        batch.layout, row.number, field,
        {cat({"missing required column ", quoted(field)}), cat({"缺少必需的列：", zh})}));
  };
  require(has(Field::kIndicator) || has(Field::kIndicatorName), "indicator", "指标编号或指标名称");
  require(has(Field::kValue) || has(Field::kRetract), "value", "本期实际值");
  require(has(Field::kAsOf), "as_of", "截至日期");
  if (errors.size() != before) return std::nullopt;
  return header;
}

bool fill_ins_blank(const TableRow& row, const Header& header) {
  for (std::size_t i = 0; i < row.cells.size() && i < header.columns.size(); ++i) {
    if (header.columns[i] && is_fill_in(*header.columns[i]) && !blank(row.cells[i])) return false;
  }
  return true;
}

void read_row(const TableRow& row, const Header& header, IngestBatch& batch, IngestErrors& errors) {
  ActualRecord& record = batch.records.emplace_back();
  RecordBuilder builder(row.number, batch.layout, record);
  bool failed = false;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    const TableCell& cell = row.cells[i];
    if (i >= header.columns.size() || !header.columns[i]) {
      if (blank(cell) || (i < header.unknown.size() && header.unknown[i])) continue;
      errors.push_back({row.number, "column " + std::to_string(i + 1),
                        "a value in a column without a name",
                        batch.layout.locate_cell(row.number, i, ""),
                        cat({"第 ", std::to_string(i + 1), " 列没有列名，却填了内容"})});
      failed = true;
      continue;
    }
    const Field f = *header.columns[i];
    if (cell.date && f == Field::kAsOf) {
      builder.set_date(f, *cell.date);
    } else if (cell.number && (f == Field::kValue || f == Field::kForecast)) {
      builder.set_number(f, *cell.number, errors);
    } else {
      builder.set_text(f, cell.text, errors);
    }
  }
  const auto form = builder.finish(errors);
  if (form && !failed) {
    batch.rows.push_back(row.number);
    batch.value_forms.push_back(*form);
  } else {
    batch.records.pop_back();
  }
}

}  // namespace

ParseOutput parse_rows(const TableShape& shape, const std::function<const TableRow*()>& next) {
  ParseOutput out;
  IngestBatch& batch = out.batch;
  batch.layout.kind = shape.kind;
  batch.layout.sheet = shape.sheet;
  const TableRow* row = next();
  const std::size_t first_number = row ? row->number : 1;
  // The header: the first row naming two fields, among the first non-blank rows.
  std::size_t non_blank = 0;
  bool found = false;
  for (; row && non_blank < kHeaderSearchRows; row = next()) {
    if (all_blank(*row)) continue;
    ++non_blank;
    if (known_cells(*row) >= 2) {
      found = true;
      break;
    }
  }
  if (!found) {
    out.errors.push_back(
        {first_number, "",
         "no header row (expected e.g. project,indicator,value,as_of or 项目编码,指标名称,"
         "本期实际值,截至日期)",
         shape.kind == InputKind::kSheet ? shape.sheet : "",
         "找不到表头行（应有如 项目编码、指标名称、本期实际值、截至日期 等列名）"});
    return out;
  }
  auto header = read_header(*row, batch, out.errors);
  if (!header) return out;
  const std::size_t width = row->cells.size();
  batch.records.reserve(shape.rows_hint);
  batch.rows.reserve(shape.rows_hint);
  batch.value_forms.reserve(shape.rows_hint);
  while ((row = next()) != nullptr) {
    if (all_blank(*row)) continue;
    if (shape.fixed_width && row->cells.size() != width) {
      out.errors.push_back(
          {row->number, "",
           "expected " + std::to_string(width) + " fields, found " +
               std::to_string(row->cells.size()),
           batch.layout.locate(row->number, ""),
           cat({"应有 ", std::to_string(width), " 列，实有 ", std::to_string(row->cells.size()),
                " 列（内容里的逗号要用引号括起来）"})});
      continue;
    }
    if (header->has_reference && fill_ins_blank(*row, *header)) {
      ++batch.skipped_rows;
      continue;
    }
    read_row(*row, *header, batch, out.errors);
  }
  return out;
}

ParseOutput parse_table(const Table& table) {
  std::size_t i = 0;
  return parse_rows(
      {table.kind, table.sheet, table.fixed_width, table.rows.size()},
      [&]() -> const TableRow* { return i < table.rows.size() ? &table.rows[i++] : nullptr; });
}

void sort_by_row(IngestErrors& errors) {
  std::stable_sort(errors.begin(), errors.end(),
                   [](const IngestError& a, const IngestError& b) { return a.row < b.row; });
}

}  // namespace targetwatch::detail
