// Budget summary tables: header layout, data rows, continuations, lines.
#include "budget_table.h"

#include "text.h"

namespace targetwatch::importer {
namespace {

bool is_header_start(std::string_view first) { return first == "序号"; }

bool is_column_number_row(std::string_view first) {
  // "栏次" rows number the columns (1 2 3 ...); "档次" is a misprint of it seen in the wild.
  return first == "栏次" || first == "档次" || first == "栏号" || first == "列次";
}

bool is_total_name(std::string_view first) {
  return first == "合计" || first == "总计" || first == "小计";
}

bool is_dash(std::string_view s) {
  return s == "-" || s == "—" || s == "－" || s == "--" || s == "——" || s == "/" || s == "…";
}

std::string digits_only(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

}  // namespace

bool is_subject_code(std::string_view code) {
  if (code.size() != 3 && code.size() != 5 && code.size() != 7) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

void BudgetTable::build_layout() {
  std::size_t width = 0;
  for (const auto& r : header_rows_) width = std::max(width, r.size());
  std::vector<Column> layout(width);
  std::string group;
  for (std::size_t i = 0; i < width; ++i) {
    const std::string top = header_rows_.empty() || i >= header_rows_[0].size()
                                ? std::string()
                                : compact(header_rows_[0][i]);
    if (!top.empty()) group = top;
    std::string sub;
    for (std::size_t r = 1; r < header_rows_.size(); ++r) {
      if (i < header_rows_[r].size() && !header_rows_[r][i].empty()) {
        sub = compact(header_rows_[r][i]);
      }
    }
    std::string label = sub.empty() ? group : (sub == "小计" && !group.empty() ? group + sub : sub);
    if (i == 0 && label.empty()) label = "序号";
    Column col;
    col.label = label;
    if (label == "序号") {
      col.role = Role::kSerial;
    } else if (contains(label, "编码") || contains(label, "代码")) {
      col.role = Role::kCode;
    } else if (label == "项目" || label == "名称" || label == "科目" ||
               (label.size() >= 6 && label.substr(label.size() - 6) == "名称")) {
      col.role = Role::kName;
    } else {
      col.role = Role::kAmount;
    }
    layout[i] = std::move(col);
  }
  layouts_.push_back(std::move(layout));
}

void BudgetTable::read(const Row& row, Sink& sink) {
  if (row.blank()) return;
  const std::string first = compact(row.cell(0));
  if (is_header_start(first) || (layouts_.empty() && !in_header_)) {
    // The header starts (or is repeated after a page break).
    in_header_ = true;
    header_rows_.clear();
    header_rows_.push_back(row.cells);
    return;
  }
  if (in_header_) {
    if (is_column_number_row(first)) {
      build_layout();
      in_header_ = false;
      return;
    }
    bool figures = false;
    for (const std::string& cell : row.cells) {
      figures = figures || (!cell.empty() && parse_amount(cell));
    }
    if (!figures) {
      header_rows_.push_back(row.cells);
      return;
    }
    // No 栏次 row: the first row with figures ends the header.
    build_layout();
    in_header_ = false;
  }
  if (is_column_number_row(first)) return;  // a 栏次 row repeated without its header
  read_data(row, sink);
}

std::size_t BudgetTable::code_column() const {
  const auto& layout = layouts_.back();
  for (std::size_t i = 0; i < layout.size(); ++i) {
    if (layout[i].role == Role::kCode) return i;
  }
  return layout.size();
}

void BudgetTable::read_data(const Row& row, Sink& sink) {
  const std::string first = compact(row.cell(0));
  const auto& layout = layouts_.back();
  const bool serial_table = !layout.empty() && layout[0].role == Role::kSerial;
  if (serial_table && first.empty()) {
    // The rest of the row above, wrapped (often onto the next page), or a stray page number.
    if (rows_.empty()) {
      if (row.non_empty() == 1 && is_small_integer(compact(row.cells[row.used_width() - 1]), 3)) {
        return;
      }
      sink.unplace(row, "continuation row of table " + name_ + " without a row above it");
      return;
    }
    DataRow& last = rows_.back();
    const auto& last_layout = layouts_[last.layout];
    const std::size_t code_col = code_column();
    if (row.non_empty() == 1) {
      const std::size_t i = row.used_width() - 1;
      const std::string piece = compact(row.cells[i]);
      if (is_small_integer(piece, 3)) {
        const std::string joined = digits_only(last.cells.size() > i ? last.cells[i] : "") + piece;
        const bool completes_code = i == code_col && i < last.cells.size() &&
                                    !is_subject_code(digits_only(last.cells[i])) &&
                                    is_subject_code(joined);
        if (!completes_code) return;  // a page number
      }
    }
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      if (row.cells[i].empty()) continue;
      if (i >= last_layout.size()) {
        sink.unplace(row, "cell beyond the columns of table " + name_);
        return;
      }
      if (last.cells.size() <= i) last.cells.resize(i + 1);
      last.cells[i] = last_layout[i].role == Role::kCode
                          ? last.cells[i] + row.cells[i]
                          : join_wrapped(last.cells[i], row.cells[i]);
    }
    return;
  }
  if (serial_table && !is_small_integer(first, 4) && !is_total_name(first)) {
    sink.unplace(row, "row of table " + name_ + " without a row number (序号)");
    return;
  }
  for (std::size_t i = layout.size(); i < row.cells.size(); ++i) {
    if (!row.cells[i].empty()) {
      sink.unplace(row, "cell beyond the columns of table " + name_);
      return;
    }
  }
  rows_.push_back({row.line, row.display(), layouts_.size() - 1, row.cells});
}

std::vector<BudgetLine> BudgetTable::finish(double factor, Sink& sink,
                                            std::vector<int>& line_numbers) {
  std::vector<BudgetLine> lines;
  long previous_serial = 0;
  for (const auto& row : rows_) {
    const auto& layout = layouts_[row.layout];
    const auto cell = [&](std::size_t i) -> const std::string& {
      static const std::string kNone;
      return i < row.cells.size() ? row.cells[i] : kNone;
    };
    if (!layout.empty() && layout[0].role == Role::kSerial &&
        is_small_integer(compact(cell(0)), 4)) {
      const long serial = std::stol(compact(cell(0)));
      if (previous_serial != 0 && serial != previous_serial + 1 && serial != 1) {
        sink.warn(row.line, row.display,
                  "table " + name_ + ": row number " + std::to_string(serial) + " follows " +
                      std::to_string(previous_serial) + " (a row may be missing)");
      }
      previous_serial = serial;
    }
    // One line per name column: two-sided tables (收入 | 支出) print two items per row.
    std::vector<BudgetLine> row_lines;
    std::string code;
    bool bad = false;
    std::size_t current = 0;  // 1 + index into row_lines; 0 while no item has started
    for (std::size_t i = 0; i < layout.size() && !bad; ++i) {
      const std::string& text = cell(i);
      switch (layout[i].role) {
        case Role::kSerial:
          break;
        case Role::kCode:
          code = digits_only(text);
          break;
        case Role::kName: {
          row_lines.push_back(
              BudgetLine{name_, row_lines.empty() ? code : std::string(), text, {}});
          current = row_lines.size();
          break;
        }
        case Role::kAmount: {
          if (text.empty() || is_dash(text)) break;
          auto amount = parse_amount(text);
          if (!amount) {
            sink.unplace(row.line, row.display,
                         "table " + name_ + ", column " + layout[i].label + ": \"" + text +
                             "\" is not an amount");
            bad = true;
            break;
          }
          if (current == 0) {
            row_lines.push_back(BudgetLine{name_, code, "", {}});
            current = row_lines.size();
          }
          const double value = *amount * factor;
          row_lines[current - 1].amounts.emplace_back(layout[i].label, value == 0 ? 0.0 : value);
          break;
        }
      }
    }
    if (bad) continue;
    for (auto& line : row_lines) {
      if (!line.amounts.empty() && line.code.empty() && line.name.empty() && !code.empty()) {
        line.code = code;
      }
      if (line.amounts.empty()) continue;
      if (line.name.empty() && line.code.empty()) {
        sink.unplace(row.line, row.display, "table " + name_ + ": amounts without an item name");
        continue;
      }
      if (!line.code.empty() && !is_subject_code(line.code)) {
        sink.warn(
            row.line, row.display,
            "table " + name_ + ": \"" + line.code + "\" is not a 3-, 5- or 7-digit subject code");
      }
      lines.push_back(std::move(line));
      line_numbers.push_back(row.line);
    }
  }
  rows_.clear();
  return lines;
}

}  // namespace targetwatch::importer
