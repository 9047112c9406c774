// The importer's driver: classifies every line of the disclosure and hands table rows to the
// table readers, so that each line is consumed, recognized as boilerplate, or reported.
#include "targetwatch/importer/importer.h"

#include <optional>
#include <span>
#include <variant>

#include "budget_table.h"
#include "cross_checks.h"
#include "document.h"
#include "indicator_table.h"
#include "labels.h"
#include "project_table.h"
#include "text.h"

namespace targetwatch {
namespace {

using importer::BudgetTable;
using importer::compact;
using importer::contains;
using importer::decode_utf8;
using importer::department_header_shape;
using importer::DepartmentHeader;
using importer::fold_width;
using importer::IndicatorTable;
using importer::is_note;
using importer::labeled;
using importer::money_unit;
using importer::ProjectTable;
using importer::Row;
using importer::Sink;
using importer::year_value;

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

bool is_header_follow_line(const Row& row) {
  return !row.tabbed && labeled(row.cells[0], {"预算年度", "单位", "金额单位", "截止时间",
                                               "截止日期", "编制单位", "年度"})
                            .has_value();
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
      // "1、项目支出绩效目标表" heads the project tables; it is no project's own title.
      const bool generic =
          v == "项目支出" || v == "项目" || v == "部门项目支出" || v == "项目支出绩效";
      return ProjectTitle{numbered && !generic ? std::string(v) : std::string()};
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

/// A page-top cell (预算年度, 单位, 截止时间 ...): what it says, for the driver to take note of.
struct PageTop {
  enum class Kind { kYear, kMoneyUnit, kUnknownMoneyUnit, kOther };
  Kind kind = Kind::kOther;
  std::string text;
  std::optional<int> year;  ///< kYear: the year printed
  std::string unit;         ///< kMoneyUnit: the unit
};

/// `text` as a page-top line, or nullopt. The department's own header counts as one.
std::optional<PageTop> page_top(std::string_view text, const Department& dept) {
  if (auto year = labeled(text, {"预算年度"})) {
    return PageTop{PageTop::Kind::kYear, std::string(text), year_value(*year), {}};
  }
  if (auto unit = labeled(text, {"单位", "金额单位"})) {
    if (auto money = money_unit(*unit)) {
      return PageTop{PageTop::Kind::kMoneyUnit, std::string(text), {}, *money};
    }
    // 单位：个 and the like belong to auxiliary tables.
    return PageTop{contains(*unit, "元") ? PageTop::Kind::kUnknownMoneyUnit : PageTop::Kind::kOther,
                   std::string(text),
                   {},
                   {}};
  }
  if (labeled(text, {"截止时间", "截止日期", "编制单位", "填报单位", "年度"})) {
    return PageTop{PageTop::Kind::kOther, std::string(text), {}, {}};
  }
  if (auto header = department_header_shape(text);
      header && header->code == dept.code && header->name == dept.name) {
    return PageTop{PageTop::Kind::kOther, std::string(text), {}, {}};
  }
  return std::nullopt;
}

/// A heading that names what follows, whatever its numbering ("（四）部门整体支出绩效指标"): it
/// opens that section by itself, with or without its chapter heading above it.
bool is_named_heading(std::string_view text) {
  const std::string s = compact(text);
  if (s.size() > 90 || contains(s, "。") || contains(s, "，") || contains(s, "；")) return false;
  for (std::string_view name : {"部门整体支出绩效", "部门整体绩效", "整体支出绩效目标",
                                "项目支出绩效目标", "项目绩效目标"}) {
    if (contains(s, name)) return true;
  }
  return false;
}

/// What the headings read so far say about the rows that follow.
struct Headings {
  bool narrative = false;     ///< inside an explanation: prose is read, not imported
  std::string section;        ///< the last section heading ("五、部门整体绩效目标")
  std::string heading;        ///< the last heading or line of prose
  std::string table_title;    ///< a table title waiting for its first row
  std::string project_title;  ///< a project table's title waiting for its 项目编码 row
  std::string title_head;     ///< the first line of a project title wrapped onto the next

  /// Under a 部门整体 heading: an indicator table here is the department-wide one.
  bool department_wide() const { return contains(section, "整体") || contains(heading, "整体"); }
};

// The open block: at most one table is being read at a time.
struct NoBlock {};
struct AuxiliaryBlock {};  ///< 机构设置, 政府采购, 固定资产: not part of the targets model
struct DepartmentBlock {};
struct BudgetBlock {
  BudgetTable table;
  double factor = 1;  ///< the table's amounts in the department's unit
};
struct ProjectBlock {
  ProjectTable table;
};
using OpenBlock = std::variant<NoBlock, AuxiliaryBlock, DepartmentBlock, BudgetBlock, ProjectBlock>;

/// What one row is.
enum class Kind {
  kSkip,              ///< rule, contents entry, page number, cover, page-top line
  kSecondDepartment,  ///< another department's header: warned, not read
  kNote,              ///< 注：... ends the open table
  kTitleHead,         ///< the first line of a wrapped project title
  kProjectTitle,      ///< "1、XX绩效目标表"
  kSection,           ///< "一、..." or a heading that names what follows
  kExplanation,       ///< "...情况说明": an explanation (or its entry in the contents) follows
  kTableTitle,        ///< "部门预算支出总表"
  kProse,             ///< text of an explanation
  kStrayText,         ///< text outside any table or explanation
  kProjectStart,      ///< a 项目编码/项目名称 row opening a project table
  kProjectRow,        ///< any row of the open project table
  kDepartmentHeader,  ///< the department-wide indicator table's header
  kDepartmentRow,     ///< a row of it
  kStrayIndicatorTable,
  kBudgetStart,  ///< the first row of a budget summary table
  kBudgetRow,
  kAuxiliaryStart,
  kStrayRow,
};

struct Line {
  Line(Kind k = Kind::kSkip) : kind(k) {}  // NOLINT(google-explicit-constructor): a kind is a line

  Kind kind;
  std::string title;               ///< kProjectTitle: the project's name ("" when not numbered)
  bool narrative = true;           ///< kExplanation: prose follows (not a contents entry)
  std::vector<PageTop> page_tops;  ///< page-top cells of the row, to take note of first
};

/// Everything classify may look at besides the row itself.
struct Context {
  const Department& department;  ///< the header found by the prescan
  const Headings& headings;
  const OpenBlock& block;
  std::span<const Row> ahead;  ///< the rows after this one
};

const Row* next_non_blank(std::span<const Row> ahead) {
  for (const auto& row : ahead) {
    if (!row.blank()) return &row;
  }
  return nullptr;
}

/// The department header in cell `cell` of `row`: "375 廊坊市司法局" followed by 预算年度/单位
/// lines, or "部门：375 廊坊市司法局" next to them on a page-top row.
std::optional<DepartmentHeader> department_header_at(const Row& row, std::size_t cell,
                                                     std::span<const Row> ahead) {
  auto header = department_header_shape(row.cell(cell));
  if (!header) return std::nullopt;
  if (header->labelled) return header;
  if (row.tabbed) {
    for (const auto& other : row.cells) {
      if (labeled(other, {"预算年度", "单位", "金额单位"})) return header;
    }
    return std::nullopt;
  }
  const Row* next = next_non_blank(ahead);
  if (next != nullptr && !next->tabbed && is_header_follow_line(*next)) return header;
  return std::nullopt;
}

Line text_line(const Row& row, const Context& ctx) {
  const std::string& text = row.cells[0];
  const Headings& h = ctx.headings;
  if (is_page_number(text)) return {};
  if (auto header = department_header_shape(text)) {
    if (header->code == ctx.department.code && header->name == ctx.department.name) return {};
    if (department_header_at(row, 0, ctx.ahead)) return Kind::kSecondDepartment;
  }
  if (auto top = page_top(text, ctx.department)) {
    Line line;
    line.page_tops.push_back(std::move(*top));
    return line;
  }
  if (is_note(text)) return Kind::kNote;
  const std::string c = compact(text);
  if (c == compact(ctx.department.name) || (contains(c, "目录") && c.size() <= 120)) {
    return {};  // the cover
  }
  if (const Row* next = next_non_blank(ctx.ahead);
      next != nullptr && !next->tabbed && !project_title(text) && numbered(text)) {
    if (auto tail = project_title(next->cells[0]); tail && tail->name.empty()) {
      return Kind::kTitleHead;  // a title wrapped onto the next line
    }
  }
  if (auto title = project_title(h.title_head + text)) {
    Line line(Kind::kProjectTitle);
    line.title = title->name;
    return line;
  }
  if (is_section_heading(text) || is_named_heading(text)) return Kind::kSection;
  if ((contains(c, "情况说明") || contains(c, "公开说明")) && c.size() <= 150) {
    const Row* next = next_non_blank(ctx.ahead);
    Line line(Kind::kExplanation);
    line.narrative = next == nullptr || !is_toc_entry(*next);
    return line;
  }
  if (is_table_title(text)) return Kind::kTableTitle;
  // Prose of the explanation (部门职责, 收入说明, 名词解释 ...): read, not imported.
  if (h.narrative) return Kind::kProse;
  return Kind::kStrayText;
}

Line table_row(const Row& row, const Context& ctx) {
  Line line;
  // "预算年度：2025 | 单位：万元" printed as one tabbed line, or a page number off to the side.
  bool all_page_top = true;
  for (const auto& cell : row.cells) {
    if (cell.empty()) continue;
    auto top = page_top(cell, ctx.department);
    if (!top) {
      all_page_top = false;
      break;
    }
    line.page_tops.push_back(std::move(*top));
  }
  if (all_page_top) return line;
  const auto* project = std::get_if<ProjectBlock>(&ctx.block);
  const bool in_table = project != nullptr || std::holds_alternative<BudgetBlock>(ctx.block) ||
                        std::holds_alternative<DepartmentBlock>(ctx.block);
  if (row.non_empty() == 1 && !in_table && is_page_number(row.cells[row.used_width() - 1])) {
    return line;
  }
  if (std::holds_alternative<AuxiliaryBlock>(ctx.block)) return line;
  const Row* next = next_non_blank(ctx.ahead);
  const bool name_first =
      ProjectTable::is_name_row(row) && next != nullptr && ProjectTable::is_code_row(*next);
  if (ProjectTable::is_code_row(row) || name_first) {
    line.kind = project != nullptr && project->table.completes_head(row) ? Kind::kProjectRow
                                                                         : Kind::kProjectStart;
    return line;
  }
  if (project != nullptr) {
    line.kind = Kind::kProjectRow;
    return line;
  }
  if (IndicatorTable::is_header(row)) {
    const bool department = std::holds_alternative<DepartmentBlock>(ctx.block) ||
                            ctx.headings.department_wide() ||
                            IndicatorTable::has_department_levels(row, ctx.ahead);
    line.kind = department ? Kind::kDepartmentHeader : Kind::kStrayIndicatorTable;
    return line;
  }
  if (std::holds_alternative<DepartmentBlock>(ctx.block)) {
    line.kind = Kind::kDepartmentRow;
  } else if (std::holds_alternative<BudgetBlock>(ctx.block)) {
    line.kind = Kind::kBudgetRow;
  } else if (is_auxiliary_title(ctx.headings.heading) ||
             is_auxiliary_title(ctx.headings.table_title)) {
    line.kind = Kind::kAuxiliaryStart;
  } else if (compact(row.cell(0)) == "序号" ||
             (!ctx.headings.table_title.empty() && is_budget_title(ctx.headings.table_title))) {
    line.kind = Kind::kBudgetStart;
  } else {
    line.kind = Kind::kStrayRow;
  }
  return line;
}

/// What `row` is, from the row, what follows it and what is open. Pure.
Line classify(const Row& row, const Context& ctx) {
  if (is_rule(row) || is_toc_entry(row)) return {};
  return row.tabbed ? table_row(row, ctx) : text_line(row, ctx);
}

class Importer {
 public:
  explicit Importer(std::string_view text) : rows_(importer::split_rows(text)) {}

  ImportResult run() {
    prescan();
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      const Row& row = rows_[i];
      if (row.blank()) continue;
      ++lines_;
      const Context ctx{dept_, headings_, block_, std::span<const Row>(rows_).subspan(i + 1)};
      apply(row, classify(row, ctx));
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
    return importer::assemble(std::move(dept_), std::move(sink_), lines_);
  }

 private:
  void prescan() {
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      const Row& row = rows_[i];
      if (row.blank() || row.cells.size() > 8) continue;
      const auto ahead = std::span<const Row>(rows_).subspan(i + 1);
      for (std::size_t c = 0; c < row.cells.size(); ++c) {
        const std::string& cell = row.cells[c];
        if (cell.empty()) continue;
        if (dept_.code.empty()) {
          if (auto header = department_header_at(row, c, ahead)) {
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
    return importer::unit_factor(unit, dept_.amount_unit, line, sink_);
  }

  void close_block() {
    if (auto* budget = std::get_if<BudgetBlock>(&block_)) {
      for (auto& line : budget->table.finish(budget->factor, sink_, budget_line_rows_)) {
        dept_.budget_lines.push_back(std::move(line));
      }
    } else if (auto* project = std::get_if<ProjectBlock>(&block_)) {
      importer::add_project(dept_, project_lines_, project->table, sink_);
    }
    block_ = NoBlock{};
  }

  void note_page_top(int line, const PageTop& top) {
    switch (top.kind) {
      case PageTop::Kind::kYear:
        if (top.year != dept_.fiscal_year) {
          sink_.warn(line, top.text, "预算年度 differs from " + std::to_string(dept_.fiscal_year));
        }
        break;
      case PageTop::Kind::kMoneyUnit:
        current_unit_ = top.unit;
        break;
      case PageTop::Kind::kUnknownMoneyUnit:
        sink_.warn(line, top.text, "unknown amount unit; amounts are read as " + current_unit_);
        break;
      case PageTop::Kind::kOther:
        break;
    }
  }

  /// A heading: the open table ends, and what follows is read under it.
  void heading(const Row& row) {
    close_block();
    headings_.heading = row.cells[0];
  }

  void apply(const Row& row, const Line& line) {
    for (const auto& top : line.page_tops) note_page_top(row.line, top);
    switch (line.kind) {
      case Kind::kSkip:
        return;
      case Kind::kSecondDepartment:
        sink_.warn(
            row.line, row.cells[0],
            "a second department header; everything is read as " + dept_.code + " " + dept_.name);
        return;
      case Kind::kNote:
        close_block();
        return;
      case Kind::kTitleHead:
        headings_.title_head = row.cells[0];
        return;
      case Kind::kProjectTitle:
        headings_.title_head.clear();
        heading(row);
        headings_.project_title = line.title;
        headings_.narrative = true;
        return;
      case Kind::kSection:
        heading(row);
        headings_.section = row.cells[0];
        headings_.narrative = true;
        return;
      case Kind::kExplanation:
        heading(row);
        if (line.narrative) headings_.narrative = true;
        return;
      case Kind::kTableTitle:
        heading(row);
        headings_.table_title = row.cells[0];
        return;
      case Kind::kProse:
        heading(row);
        return;
      case Kind::kStrayText:
        sink_.unplace(row, "text outside any table or narrative section");
        return;
      case Kind::kProjectStart:
        close_block();
        block_ = ProjectBlock{ProjectTable(
            row, dept_.fiscal_year, factor_for(current_unit_, row.line), headings_.project_title)};
        headings_.project_title.clear();
        // Prose may introduce a project table, but text after it until the next heading is not
        // part of any reading: report it rather than drop it silently.
        headings_.narrative = false;
        return;
      case Kind::kProjectRow:
        std::get<ProjectBlock>(block_).table.read(row, sink_);
        return;
      case Kind::kDepartmentHeader:
        if (!std::holds_alternative<DepartmentBlock>(block_)) {
          close_block();
          block_ = DepartmentBlock{};
        }
        department_table_.set_header(row);
        return;
      case Kind::kDepartmentRow:
        if (!department_table_.try_subheader(row)) department_table_.read_row(row, sink_);
        return;
      case Kind::kStrayIndicatorTable:
        close_block();
        sink_.unplace(row,
                      "indicator table outside any project (no 项目编码 row above) and not "
                      "under a 部门整体 heading");
        return;
      case Kind::kBudgetStart: {
        std::string name = table_name(headings_.table_title);
        if (name.empty()) {
          name = "未命名表";
          sink_.warn(row.line, row.display(), "budget table without a title");
        }
        auto& budget = block_.emplace<BudgetBlock>(BudgetBlock{BudgetTable(name), 1});
        budget.factor = factor_for(current_unit_, row.line);
        headings_.table_title.clear();
        budget.table.read(row, sink_);
        return;
      }
      case Kind::kBudgetRow:
        std::get<BudgetBlock>(block_).table.read(row, sink_);
        return;
      case Kind::kAuxiliaryStart:
        block_ = AuxiliaryBlock{};
        return;
      case Kind::kStrayRow:
        sink_.unplace(row, "table row outside any known table");
        return;
    }
  }

  std::vector<Row> rows_;
  int lines_ = 0;  ///< non-empty lines
  Department dept_;
  Sink sink_;
  bool unit_seen_ = false;
  std::string current_unit_;
  Headings headings_;
  OpenBlock block_;
  IndicatorTable department_table_;  ///< one table, possibly resumed after other blocks
  std::vector<int> project_lines_;
  std::vector<int> budget_line_rows_;
};

}  // namespace

ImportResult import_disclosure(std::string_view text) { return Importer(text).run(); }

}  // namespace targetwatch
