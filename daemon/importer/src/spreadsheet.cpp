// Targets from spreadsheet grids (xlsx sheets, CSV): project blocks found by their
// 项目名称/项目编码 rows and read by the same project and indicator tables as the disclosure text.
#include "targetwatch/importer/spreadsheet.h"

#include <optional>
#include <span>

#include "cross_checks.h"
#include "document.h"
#include "indicator_table.h"
#include "labels.h"
#include "project_table.h"
#include "text.h"

namespace targetwatch {
namespace {

using importer::compact;
using importer::contains;
using importer::DepartmentHeader;
using importer::IndicatorTable;
using importer::labeled;
using importer::money_unit;
using importer::ProjectTable;
using importer::Row;
using importer::Sink;

/// "[375]廊坊市司法局", "【375】廊坊市司法局", "375 廊坊市司法局", "375-廊坊市司法局": code and
/// name; a name alone gives an empty code.
std::optional<DepartmentHeader> code_and_name(std::string_view value) {
  const std::string s = importer::clean_cell(value);
  if (s.empty()) return std::nullopt;
  for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"[", "]"},
                             {"【", "】"},
                             {"(", ")"},
                             {"（", "）"}}) {
    if (!s.starts_with(open)) continue;
    const auto end = s.find(close);
    if (end == std::string::npos) break;
    const std::string code = compact(s.substr(open.size(), end - open.size()));
    if (!importer::is_small_integer(code, 12)) break;
    std::string name = importer::clean_cell(s.substr(end + close.size()));
    if (name.empty()) return std::nullopt;
    return DepartmentHeader{code, name, true};
  }
  if (auto header = importer::department_header_shape(s)) return header;
  std::size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits > 0 && digits < s.size() && (s[digits] == '-' || s[digits] == '_')) {
    std::string name = importer::clean_cell(s.substr(digits + 1));
    if (!name.empty()) return DepartmentHeader{s.substr(0, digits), name, true};
  }
  if (digits > 0 || contains(s, "：") || contains(s, ":")) return std::nullopt;
  return DepartmentHeader{"", s, true};
}

bool is_department_label(std::string_view label) {
  for (std::string_view word : {"主管部门", "预算部门", "部门名称", "部门"}) {
    if (label == word ||
        (label.starts_with(word) && (label.ends_with("代码") || label.ends_with("编码")))) {
      return true;
    }
  }
  return false;
}

/// "2025年度项目支出绩效目标申报表", "（2025年度）": the year a title names.
std::optional<int> title_year(std::string_view text) {
  const std::string s = compact(importer::fold_width(text));
  for (std::size_t i = 0; i + 7 <= s.size(); ++i) {
    if (!importer::is_small_integer(s.substr(i, 4), 4) || s.compare(i + 4, 3, "年") != 0) continue;
    if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') continue;
    const std::string_view rest = std::string_view(s).substr(i + 7);
    if (rest.starts_with("度") || contains(s, "预算") || contains(s, "绩效")) {
      return std::stoi(s.substr(i, 4));
    }
  }
  return std::nullopt;
}

/// A money unit printed in a label: "预算金额（万元）", "单位：元".
std::optional<std::string> label_unit(std::string_view cell) {
  const std::string s = compact(cell);
  if (auto unit = labeled(s, {"单位", "金额单位"})) return money_unit(*unit);
  for (std::string_view open : {"（", "("}) {
    const auto at = s.rfind(open);
    if (at == std::string::npos || at == 0) continue;
    std::string_view inside = std::string_view(s).substr(at + open.size());
    for (std::string_view close : {"）", ")"}) {
      if (inside.ends_with(close)) {
        inside.remove_suffix(close.size());
        if (inside == "元" || inside == "万元" || inside == "亿元") return std::string(inside);
      }
    }
  }
  return std::nullopt;
}

/// A title, a year line, a note or a page-top line: recognised, nothing to read.
bool is_preamble(const Row& row) {
  if (row.non_empty() == 1) {
    const std::string s = compact(row.cells[row.used_width() - 1]);
    if (importer::is_note(s)) return true;
    if (s.ends_with("表") || contains(s, "申报表") || contains(s, "绩效目标表")) return true;
    if (title_year(s) && s.size() <= 30) return true;  // "（2025年度）"
  }
  for (const auto& cell : row.cells) {
    if (cell.empty()) continue;
    if (!labeled(cell, {"预算年度", "单位", "金额单位", "填报单位", "编制单位", "部门", "部门名称",
                        "预算部门", "预算单位", "填报日期", "年度"})) {
      return false;
    }
  }
  return true;
}

class SheetImporter {
 public:
  SheetImporter(const std::vector<SheetGrid>& sheets, const SheetImportOptions& options)
      : options_(options) {
    for (const SheetGrid& grid : sheets) {
      Sheet sheet;
      for (std::size_t r = 0; r < grid.rows.size(); ++r) {
        Row row;
        row.line = static_cast<int>(places_.size()) + 1;
        row.tabbed = true;
        for (const auto& text : grid.rows[r]) row.cells.push_back(importer::clean_cell(text));
        if (row.cells.empty()) row.cells.emplace_back();
        row.cells.resize(std::max<std::size_t>(row.used_width(), 1));
        if (row.blank()) continue;
        places_.push_back(
            {grid.name.empty() ? std::string() : grid.name + "!" + std::to_string(r + 1),
             static_cast<int>(r) + 1});
        sheet.rows.push_back(std::move(row));
      }
      sheets_.push_back(std::move(sheet));
    }
  }

  ImportResult run() {
    prescan();
    for (const auto& sheet : sheets_) read_sheet(sheet.rows);
    dept_.indicators = department_table_.finish(dept_.fiscal_year, "department", sink_);
    importer::cross_check(dept_, project_lines_, {}, sink_);
    if (dept_.code.empty() || dept_.name.empty()) {
      sink_.unplace(0, "",
                    "no department (部门：CODE NAME, 主管部门 | [CODE]NAME, or --department "
                    "\"CODE NAME\")");
    }
    if (dept_.fiscal_year == 0) {
      sink_.unplace(0, "", "no fiscal year (预算年度：YYYY, a YYYY年度 title, or --year)");
    }
    ImportResult result =
        importer::assemble(std::move(dept_), std::move(sink_), static_cast<int>(places_.size()));
    for (auto* list : {&result.unplaced, &result.uncertain, &result.warnings}) {
      for (auto& issue : *list) {
        if (issue.line < 1 || issue.line > static_cast<int>(places_.size())) continue;
        const Place& place = places_[issue.line - 1];
        issue.place = place.name;
        issue.line = place.row;
      }
    }
    return result;
  }

 private:
  struct Sheet {
    std::vector<Row> rows;  ///< non-blank rows; Row::line indexes places_
  };
  struct Place {
    std::string name;  ///< "SHEET!ROW", or "" for CSV
    int row = 0;       ///< 1-based row of its sheet
  };

  void prescan() {
    dept_.code = options_.department_code;
    dept_.name = options_.department_name;
    if (options_.fiscal_year) dept_.fiscal_year = *options_.fiscal_year;
    std::optional<std::string> unit;
    std::optional<int> year;
    for (const auto& sheet : sheets_) {
      for (const auto& row : sheet.rows) {
        for (std::size_t c = 0; c < row.cells.size(); ++c) {
          const std::string& cell = row.cells[c];
          if (cell.empty()) continue;
          if (!year) {
            if (auto printed = labeled(cell, {"预算年度", "年度"})) {
              year = importer::year_value(*printed);
            } else if (row.non_empty() == 1) {
              year = title_year(cell);
            }
          }
          if (!unit) unit = label_unit(cell);
          if (dept_.name.empty()) {
            if (auto header = importer::department_header_shape(cell); header && header->labelled) {
              dept_.code = header->code;
              dept_.name = header->name;
            } else if (is_department_label(compact(cell)) && c + 1 < row.cells.size()) {
              if (auto value = code_and_name(row.cells[c + 1])) {
                dept_.code = value->code;
                dept_.name = value->name;
              }
            }
          }
        }
      }
    }
    if (dept_.fiscal_year == 0 && year) dept_.fiscal_year = *year;
    if (unit) dept_.amount_unit = *unit;
  }

  /// A row that opens a project block: 项目编码 (with or without 项目名称), or 项目名称 with the
  /// code within the next rows.
  static bool opens_block(std::span<const Row> rows, std::size_t i) {
    if (ProjectTable::is_code_row(rows[i])) return true;
    if (!ProjectTable::is_name_row(rows[i])) return false;
    for (std::size_t j = i + 1; j < rows.size() && j <= i + 3; ++j) {
      if (ProjectTable::is_code_row(rows[j])) return true;
    }
    return false;
  }

  /// The factor of a block's amounts: the unit its labels print, else the department's.
  double block_factor(std::span<const Row> rows, std::size_t from) {
    std::size_t head = from + 1;  // the code and name rows of this block
    while (head < rows.size() &&
           (ProjectTable::is_code_row(rows[head]) || ProjectTable::is_name_row(rows[head]))) {
      ++head;
    }
    for (std::size_t j = from; j < rows.size(); ++j) {
      if (j >= head && opens_block(rows, j)) break;
      for (const auto& cell : rows[j].cells) {
        if (auto unit = label_unit(cell)) {
          return importer::unit_factor(*unit, dept_.amount_unit, rows[j].line, sink_);
        }
      }
    }
    return 1;
  }

  void read_sheet(std::span<const Row> rows) {
    std::optional<ProjectTable> project;
    bool department = false;  // inside the department-wide indicator table
    std::string title;        // the sheet's last title line ("部门整体支出绩效目标表")
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Row& row = rows[i];
      if (opens_block(rows, i)) {
        if (project && project->completes_head(row)) {
          project->read(row, sink_);
          continue;
        }
        close(project);
        department = false;
        project.emplace(row, dept_.fiscal_year, block_factor(rows, i), std::string());
        continue;
      }
      if (is_preamble(row)) {
        if (row.non_empty() == 1) title = row.cells[row.used_width() - 1];
        continue;
      }
      if (project) {
        project->read(row, sink_);
        continue;
      }
      if (IndicatorTable::is_header(row) &&
          (contains(title, "整体") ||
           IndicatorTable::has_department_levels(row, rows.subspan(i + 1)))) {
        department_table_.set_header(row);
        department = true;
        continue;
      }
      if (department) {
        if (!department_table_.try_subheader(row)) department_table_.read_row(row, sink_);
        continue;
      }
      if (is_department_label(compact(row.cell(0)))) continue;  // read by the prescan
      sink_.unplace(row,
                    "row outside any project block (no 项目名称/项目编码 row above) or "
                    "department-wide indicator table");
    }
    close(project);
  }

  void close(std::optional<ProjectTable>& project) {
    if (!project) return;
    importer::add_project(dept_, project_lines_, *project, sink_);
    project.reset();
  }

  const SheetImportOptions& options_;
  std::vector<Sheet> sheets_;
  std::vector<Place> places_;  ///< by Row::line - 1
  Department dept_;
  Sink sink_;
  IndicatorTable department_table_;  ///< 部门整体支出绩效指标, on any sheet
  std::vector<int> project_lines_;
};

}  // namespace

ImportResult import_sheets(const std::vector<SheetGrid>& sheets,
                           const SheetImportOptions& options) {
  return SheetImporter(sheets, options).run();
}

Result<SheetGrid> parse_csv_grid(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  SheetGrid grid;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool any = false;  // the record has a field (even an empty one) or a separator
  int line = 1;
  int quote_line = 0;
  const auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    grid.rows.push_back(std::move(record));
    record.clear();
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      quote_line = line;
      any = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
    } else {
      field.push_back(c);
      any = true;
    }
  }
  if (quoted) {
    return Error{"CSV line " + std::to_string(quote_line) +
                 ": a quoted field is never closed (a '\"' opens a field that never ends)"};
  }
  if (any || !field.empty()) end_record();
  return grid;
}

}  // namespace targetwatch
