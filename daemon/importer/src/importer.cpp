// The importer's driver: classifies every line of the disclosure and hands table rows to the
// table readers, so that each line is consumed, recognized as boilerplate, or reported.
#include "targetwatch/importer/importer.h"

#include <optional>

#include "budget_table.h"
#include "cross_checks.h"
#include "document.h"
#include "indicator_table.h"
#include "project_table.h"
#include "targetwatch/model/units.h"
#include "text.h"

namespace targetwatch {
namespace {

using importer::BudgetTable;
using importer::compact;
using importer::contains;
using importer::decode_utf8;
using importer::fold_width;
using importer::IndicatorTable;
using importer::ProjectTable;
using importer::Row;
using importer::Sink;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string joined(const Row& row) {
  std::string out;
  for (const auto& c : row.cells) out += c;
  return out;
}

/// "部门预算收支总表.....  1": an entry of the table of contents.
bool is_toc_entry(const Row& row) {
  const std::string text = joined(row);
  if (!contains(text, "...") && !contains(text, "…") && !contains(text, "···") &&
      !contains(text, "……")) {
    return false;
  }
  const std::size_t w = row.used_width();
  if (w == 0) return false;
  std::string last = compact(fold_width(row.cells[w - 1]));
  while (!last.empty() && last.back() >= '0' && last.back() <= '9') last.pop_back();
  return last.size() < compact(fold_width(row.cells[w - 1])).size();
}

/// A line of dashes or similar: a drawn rule.
bool is_rule(const Row& row) {
  bool any = false;
  for (const auto& cell : row.cells) {
    std::size_t pos = 0;
    while (pos < cell.size()) {
      const char32_t cp = decode_utf8(cell, pos);
      if (cp == ' ') continue;
      const bool rule_char = cp == '-' || cp == '_' || cp == '=' || cp == '*' || cp == 0x2014 ||
                             cp == 0x2500 || cp == 0x2501 || cp == 0x2015 || cp == 0xFF0D;
      if (!rule_char) return false;
      any = true;
    }
  }
  return any;
}

bool is_page_number(std::string_view text) {
  std::string s = compact(fold_width(text));
  for (std::string_view dash : {"-", "—", "–"}) {
    while (starts_with(s, dash)) s.erase(0, dash.size());
    while (s.ends_with(dash)) s.resize(s.size() - dash.size());
  }
  if (importer::is_small_integer(s, 4)) return true;
  const auto slash = s.find('/');
  if (slash != std::string::npos && importer::is_small_integer(s.substr(0, slash), 4) &&
      importer::is_small_integer(s.substr(slash + 1), 4)) {
    return true;
  }
  return starts_with(s, "第") && contains(s, "页") && s.size() <= 30;
}

struct DepartmentHeader {
  std::string code;
  std::string name;
  bool labelled = false;  ///< printed after a label such as "部门："
};

/// "375 廊坊市司法局": a department code and name (not "2025 年部门预算...").
std::optional<DepartmentHeader> department_header_shape(std::string_view text) {
  bool labelled = false;
  for (std::string_view label :
       {"部门：", "部门名称：", "预算部门：", "预算单位：", "单位名称：", "部门:", "预算单位:"}) {
    if (starts_with(text, label)) {
      text.remove_prefix(label.size());
      while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
      labelled = true;
      break;
    }
  }
  const auto space = text.find(' ');
  if (space == std::string_view::npos || space == 0 || space > 12) return std::nullopt;
  const std::string_view code = text.substr(0, space);
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::string name(text.substr(space + 1));
  if (name.empty()) return std::nullopt;
  std::size_t pos = 0;
  const char32_t first = decode_utf8(name, pos);
  if (first < 0x4E00 || first > 0x9FFF) return std::nullopt;
  for (std::string_view word : {"年", "月", "日", "号", "万", "元", "亿", "个", "项", "件", "人",
                                "次", "名", "家", "户", "天"}) {
    if (starts_with(name, word)) return std::nullopt;
  }
  if (contains(name, "，") || contains(name, "。") || name.size() > 120) return std::nullopt;
  return DepartmentHeader{std::string(code), name, labelled};
}

std::optional<std::string> labeled(std::string_view text,
                                   std::initializer_list<std::string_view> labels) {
  const std::string s = compact(text);
  for (auto label : labels) {
    if (!starts_with(s, label)) continue;
    std::string_view rest = std::string_view(s).substr(label.size());
    if (starts_with(rest, "：")) return std::string(rest.substr(3));
    if (starts_with(rest, ":")) return std::string(rest.substr(1));
  }
  return std::nullopt;
}

/// "万元", "万元（保留两位小数）" -> "万元"; nullopt for units that are not money.
std::optional<std::string> money_unit(std::string_view value) {
  for (std::string_view unit : {"亿元", "万元", "元"}) {
    if (starts_with(value, unit)) return std::string(unit);
  }
  return std::nullopt;
}

/// "2025", "2025年", "2025年度" -> 2025.
std::optional<int> year_value(std::string_view value) {
  if (value.ends_with("年度")) value.remove_suffix(std::string_view("年度").size());
  if (value.ends_with("年")) value.remove_suffix(std::string_view("年").size());
  if (value.size() != 4 || !importer::is_small_integer(value, 4)) return std::nullopt;
  return std::stoi(std::string(value));
}

bool is_header_follow_line(const Row& row) {
  return !row.tabbed && labeled(row.cells[0], {"预算年度", "单位", "金额单位", "截止时间",
                                               "截止日期", "编制单位", "年度"})
                            .has_value();
}

bool is_note(std::string_view text) {
  const std::string s = compact(text);
  return starts_with(s, "注：") || starts_with(s, "注:") || starts_with(s, "备注：") ||
         starts_with(s, "说明：") || starts_with(s, "注1") || s == "注";
}

/// "一、部门职责..." "十一、其他...": a section of the explanation.
bool is_section_heading(std::string_view text) {
  static constexpr std::string_view kDigits[] = {"一", "二", "三", "四", "五", "六",
                                                 "七", "八", "九", "十", "百"};
  std::size_t p = 0;
  bool any = false;
  while (p < text.size()) {
    bool matched = false;
    for (auto d : kDigits) {
      if (text.substr(p, d.size()) == d) {
        p += d.size();
        matched = any = true;
        break;
      }
    }
    if (!matched) break;
  }
  return any && (text.substr(p, 3) == "、" || text.substr(p, 3) == "．");
}

/// "1、机关专项运转经费绩效目标表": a project table's title. `name` is "机关专项运转经费" when the
/// title is numbered (a complete title), empty otherwise (the tail of a wrapped title).
struct ProjectTitle {
  std::string name;
};

std::optional<ProjectTitle> project_title(std::string_view text) {
  std::string s = compact(text);
  std::string_view v = s;
  std::size_t digits = 0;
  while (digits < v.size() && v[digits] >= '0' && v[digits] <= '9') ++digits;
  bool numbered = false;
  if (digits > 0) {
    for (std::string_view mark : {"、", "．", ".", "）", ")"}) {
      if (starts_with(v.substr(digits), mark)) {
        v.remove_prefix(digits + mark.size());
        numbered = true;
        break;
      }
    }
  }
  for (std::string_view suffix : {"绩效目标表", "绩效目标申报表"}) {
    if (v.ends_with(suffix) && v.size() > suffix.size()) {
      v.remove_suffix(suffix.size());
      return ProjectTitle{numbered ? std::string(v) : std::string()};
    }
  }
  return std::nullopt;
}

/// "1、..." "12." "3）": a numbered line.
bool numbered(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0) return false;
  for (std::string_view mark : {"、", "．", ".", "）", ")"}) {
    if (starts_with(text.substr(digits), mark)) return true;
  }
  return false;
}

bool is_table_title(std::string_view text) {
  const std::string s = compact(text);
  return s.ends_with("表") && s.size() <= 150 && !contains(s, "。") && !contains(s, "，");
}

bool is_auxiliary_title(std::string_view text) {
  for (std::string_view word :
       {"机构设置", "政府采购", "固定资产", "资产占用", "国有资产", "人员情况", "编制情况"}) {
    if (contains(text, word)) return true;
  }
  return false;
}

bool is_budget_title(std::string_view title) {
  if (contains(title, "绩效")) return false;  // performance tables are not budget summaries
  for (std::string_view word : {"预算", "收支", "收入", "支出", "经费", "三公", "拨款"}) {
    if (contains(title, word)) return true;
  }
  return false;
}

/// The table's title as printed (spaces of the PDF layout removed): "部门预算支出总表".
std::string table_name(std::string_view title) { return compact(title); }

class Importer {
 public:
  explicit Importer(std::string_view text) : rows_(importer::split_rows(text)) {}

  ImportResult run() {
    prescan();
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      const Row& row = rows_[i];
      if (row.blank()) continue;
      ++result_.counts.lines;
      if (is_rule(row) || is_toc_entry(row)) continue;
      if (row.tabbed) {
        table_row(i);
      } else {
        text_line(i);
      }
    }
    close_block();
    dept_.indicators = department_table_.finish(dept_.fiscal_year, "department", sink_);
    importer::cross_check(dept_, project_lines_, budget_line_rows_, sink_);
    if (dept_.code.empty() || dept_.name.empty()) {
      sink_.unplace(0, "",
                    "no department header (a line like \"375 廊坊市司法局\" followed by "
                    "预算年度/单位 lines)");
    }
    if (dept_.fiscal_year == 0) {
      sink_.unplace(0, "", "no fiscal year (预算年度：YYYY)");
    }
    finish_counts();
    result_.department = std::move(dept_);
    result_.unplaced = std::move(sink_.unplaced);
    result_.uncertain = std::move(sink_.uncertain);
    result_.warnings = std::move(sink_.warnings);
    return std::move(result_);
  }

 private:
  enum class Block { kNone, kBudget, kDepartmentIndicators, kProject, kAuxiliary };

  const Row* next_non_blank(std::size_t i) const {
    for (std::size_t j = i + 1; j < rows_.size(); ++j) {
      if (!rows_[j].blank()) return &rows_[j];
    }
    return nullptr;
  }

  /// The department header in cell `cell` of row `i`: "375 廊坊市司法局" followed by 预算年度/单位
  /// lines, or "部门：375 廊坊市司法局" next to them on a page-top row.
  std::optional<DepartmentHeader> department_header_at(std::size_t i, std::size_t cell) const {
    const Row& row = rows_[i];
    auto header = department_header_shape(row.cell(cell));
    if (!header) return std::nullopt;
    if (header->labelled) return header;
    if (row.tabbed) {
      for (const auto& other : row.cells) {
        if (labeled(other, {"预算年度", "单位", "金额单位"})) return header;
      }
      return std::nullopt;
    }
    const Row* next = next_non_blank(i);
    if (next != nullptr && !next->tabbed && is_header_follow_line(*next)) return header;
    return std::nullopt;
  }

  bool is_department_header(std::size_t i) const { return department_header_at(i, 0).has_value(); }

  void prescan() {
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      const Row& row = rows_[i];
      if (row.blank() || row.cells.size() > 8) continue;
      for (std::size_t c = 0; c < row.cells.size(); ++c) {
        const std::string& cell = row.cells[c];
        if (cell.empty()) continue;
        if (dept_.code.empty()) {
          if (auto header = department_header_at(i, c)) {
            dept_.code = header->code;
            dept_.name = header->name;
          }
        }
        if (dept_.fiscal_year == 0) {
          if (auto year = labeled(cell, {"预算年度"})) {
            if (auto y = year_value(*year)) dept_.fiscal_year = *y;
          }
        }
        if (!unit_seen_) {
          if (auto unit = labeled(cell, {"单位", "金额单位"})) {
            if (auto money = money_unit(*unit)) {
              dept_.amount_unit = *money;
              unit_seen_ = true;
            }
          }
        }
      }
    }
    if (dept_.fiscal_year == 0) {
      // The cover ("2025 年部门预算信息公开目录") when no 预算年度 line is printed.
      for (const auto& row : rows_) {
        if (row.tabbed || row.blank()) continue;
        const std::string s = compact(row.cells[0]);
        if (s.size() > 7 && importer::is_small_integer(s.substr(0, 4), 4) &&
            s.compare(4, 3, "年") == 0 && contains(s, "预算")) {
          dept_.fiscal_year = std::stoi(s.substr(0, 4));
          break;
        }
      }
    }
    current_unit_ = dept_.amount_unit;
  }

  double factor_for(const std::string& unit, int line) {
    if (unit == dept_.amount_unit) return 1;
    const auto from = yuan_per(unit);
    const auto to = yuan_per(dept_.amount_unit);
    if (from && to) return *from / *to;
    sink_.warn(line, unit, "unknown amount unit \"" + unit + "\"; amounts taken as printed");
    return 1;
  }

  void close_block() {
    switch (block_) {
      case Block::kBudget: {
        auto lines = budget_->finish(budget_factor_, sink_, budget_line_rows_);
        for (auto& line : lines) dept_.budget_lines.push_back(std::move(line));
        budget_.reset();
        break;
      }
      case Block::kProject: {
        const int line = project_->line();
        Project p = project_->finish(sink_);
        for (std::size_t k = 0; k < dept_.projects.size(); ++k) {
          if (dept_.projects[k].code == p.code && !p.code.empty()) {
            sink_.unplace(line, "project " + p.code,
                          "project code " + p.code + " appears twice (first at line " +
                              std::to_string(project_lines_[k]) + ")");
          }
        }
        dept_.projects.push_back(std::move(p));
        project_lines_.push_back(line);
        project_.reset();
        break;
      }
      case Block::kDepartmentIndicators:
      case Block::kAuxiliary:
      case Block::kNone:
        break;
    }
    block_ = Block::kNone;
  }

  /// Page-top lines (预算年度, 单位, 截止时间 ...): true when `text` is one; tracks the unit.
  bool page_header_cell(int line, const std::string& text) {
    if (auto year = labeled(text, {"预算年度"})) {
      if (year_value(*year) != dept_.fiscal_year) {
        sink_.warn(line, text, "预算年度 differs from " + std::to_string(dept_.fiscal_year));
      }
      return true;
    }
    if (auto unit = labeled(text, {"单位", "金额单位"})) {
      if (auto money = money_unit(*unit)) {
        current_unit_ = *money;
      } else if (contains(*unit, "元")) {
        sink_.warn(line, text, "unknown amount unit; amounts are read as " + current_unit_);
      }
      return true;  // 单位：个 and the like belong to auxiliary tables
    }
    if (labeled(text, {"截止时间", "截止日期", "编制单位", "填报单位", "年度"})) return true;
    if (auto header = department_header_shape(text)) {
      return header->code == dept_.code && header->name == dept_.name;
    }
    return false;
  }

  bool department_context() const {
    return contains(last_section_, "整体") || contains(last_heading_, "整体");
  }

  void text_line(std::size_t i) {
    const Row& row = rows_[i];
    const std::string& text = row.cells[0];
    if (is_page_number(text)) return;
    if (auto header = department_header_shape(text)) {
      if (header->code == dept_.code && header->name == dept_.name) return;
      if (is_department_header(i)) {
        sink_.warn(
            row.line, text,
            "a second department header; everything is read as " + dept_.code + " " + dept_.name);
        return;
      }
    }
    if (page_header_cell(row.line, text)) return;
    if (is_note(text)) {
      close_block();
      return;
    }
    const std::string c = compact(text);
    if (c == compact(dept_.name) || (contains(c, "目录") && c.size() <= 120)) return;  // cover
    if (const Row* next = next_non_blank(i);
        next != nullptr && !next->tabbed && !project_title(text) && numbered(text)) {
      if (auto tail = project_title(next->cells[0]); tail && tail->name.empty()) {
        title_head_ = text;  // a title wrapped onto the next line
        return;
      }
    }
    if (auto title = project_title(title_head_ + text)) {
      title_head_.clear();
      close_block();
      project_title_ = title->name;
      narrative_ = true;
      last_heading_ = text;
      return;
    }
    if (is_section_heading(text)) {
      close_block();
      last_section_ = text;
      last_heading_ = text;
      narrative_ = true;
      return;
    }
    if ((contains(c, "情况说明") || contains(c, "公开说明")) && c.size() <= 150) {
      close_block();
      last_heading_ = text;
      const Row* next = next_non_blank(i);
      if (next == nullptr || !is_toc_entry(*next)) narrative_ = true;
      return;
    }
    if (is_table_title(text)) {
      close_block();
      table_title_ = text;
      last_heading_ = text;
      return;
    }
    if (narrative_) {
      // Prose of the explanation (部门职责, 收入说明, 名词解释 ...): read, not imported.
      close_block();
      last_heading_ = text;
      return;
    }
    sink_.unplace(row, "text outside any table or narrative section");
  }

  void table_row(std::size_t index) {
    const Row& row = rows_[index];
    // "预算年度：2025 | 单位：万元" printed as one tabbed line, or a page number off to the side.
    bool page_top = true;
    for (const auto& cell : row.cells) {
      page_top = page_top && (cell.empty() || page_header_cell(row.line, cell));
    }
    if (page_top) return;
    if (row.non_empty() == 1 && block_ != Block::kBudget && block_ != Block::kProject &&
        block_ != Block::kDepartmentIndicators && is_page_number(row.cells[row.used_width() - 1])) {
      return;
    }
    if (block_ == Block::kAuxiliary) return;
    const Row* next = next_non_blank(index);
    const bool name_first =
        ProjectTable::is_name_row(row) && next != nullptr && ProjectTable::is_code_row(*next);
    if (ProjectTable::is_code_row(row) || name_first) {
      if (block_ == Block::kProject && project_->completes_head(row)) {
        project_->read(row, sink_);
        return;
      }
      close_block();
      project_.emplace(row, dept_.fiscal_year, factor_for(current_unit_, row.line), project_title_);
      project_title_.clear();
      block_ = Block::kProject;
      // Prose may introduce a project table, but text after it until the next heading is not
      // part of any reading: report it rather than drop it silently.
      narrative_ = false;
      return;
    }
    if (block_ == Block::kProject) {
      project_->read(row, sink_);
      return;
    }
    if (IndicatorTable::is_header(row)) {
      if (block_ != Block::kDepartmentIndicators) {
        close_block();
        if (!department_context()) {
          sink_.unplace(row,
                        "indicator table outside any project (no 项目编码 row above) and not "
                        "under a 部门整体 heading");
          return;
        }
        block_ = Block::kDepartmentIndicators;
      }
      department_table_.set_header(row);
      return;
    }
    switch (block_) {
      case Block::kDepartmentIndicators:
        if (!department_table_.try_subheader(row)) department_table_.read_row(row, sink_);
        return;
      case Block::kAuxiliary:
        return;
      case Block::kBudget:
        budget_->read(row, sink_);
        return;
      case Block::kProject:
      case Block::kNone:
        break;
    }
    if (is_auxiliary_title(last_heading_) || is_auxiliary_title(table_title_)) {
      block_ = Block::kAuxiliary;  // 机构设置, 政府采购, 固定资产: not part of the targets model
      return;
    }
    if (compact(row.cell(0)) == "序号" ||
        (!table_title_.empty() && is_budget_title(table_title_))) {
      std::string name = table_name(table_title_);
      if (name.empty()) {
        name = "未命名表";
        sink_.warn(row.line, row.display(), "budget table without a title");
      }
      budget_.emplace(name);
      budget_factor_ = factor_for(current_unit_, row.line);
      block_ = Block::kBudget;
      table_title_.clear();
      budget_->read(row, sink_);
      return;
    }
    sink_.unplace(row, "table row outside any known table");
  }

  void finish_counts() {
    auto& c = result_.counts;
    c.projects = static_cast<int>(dept_.projects.size());
    c.department_indicators = static_cast<int>(dept_.indicators.size());
    c.project_indicators = 0;
    c.checkpoints = 0;
    for (const auto& p : dept_.projects) {
      c.project_indicators += static_cast<int>(p.indicators.size());
      c.checkpoints += static_cast<int>(p.spending_plan.size());
    }
    c.indicators = c.department_indicators + c.project_indicators;
    c.budget_lines = static_cast<int>(dept_.budget_lines.size());
    c.uncertain = static_cast<int>(sink_.uncertain.size());
  }

  std::vector<Row> rows_;
  ImportResult result_;
  Department dept_;
  Sink sink_;
  bool unit_seen_ = false;
  std::string current_unit_;

  Block block_ = Block::kNone;
  std::optional<BudgetTable> budget_;
  double budget_factor_ = 1;
  std::optional<ProjectTable> project_;
  IndicatorTable department_table_;

  bool narrative_ = false;
  std::string table_title_;
  std::string project_title_;
  std::string title_head_;
  std::string last_section_;
  std::string last_heading_;

  std::vector<int> project_lines_;
  std::vector<int> budget_line_rows_;
};

}  // namespace

ImportResult import_disclosure(std::string_view text) { return Importer(text).run(); }

}  // namespace targetwatch
