// Project tables (绩效目标表): the rows before the indicators, the tab-aligned spending plan,
// goals.
#include "project_table.h"

#include <algorithm>
#include <cmath>

#include "targetwatch/importer/indicator_value.h"
#include "text.h"

namespace targetwatch::importer {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool is_plan_label(std::string_view label) {
  return starts_with(label, "资金支出计") || contains(label, "支出计划") ||
         contains(label, "支出进度") || contains(label, "用款计划");
}

bool is_goals_label(std::string_view label) {
  return label == "绩效目标" || label == "年度绩效目标" || label == "年度目标" ||
         label == "项目绩效目标" || label == "总体目标" || label == "年度总体目标" ||
         label == "绩效目标内容";
}

/// "预算金额（万元）" -> "预算金额": the unit in brackets is read by whoever gave the factor.
std::string_view without_unit(std::string_view label) {
  for (std::string_view open : {"（", "("}) {
    const auto at = label.rfind(open);
    if (at != std::string_view::npos && at > 0 && (label.ends_with("）") || label.ends_with(")")) &&
        contains(label.substr(at), "元")) {
      return label.substr(0, at);
    }
  }
  return label;
}

bool is_budget_row_label(std::string_view printed) {
  const std::string_view label = without_unit(printed);
  return starts_with(label, "预算规模") || starts_with(label, "资金规模") ||
         starts_with(label, "项目资金") || starts_with(label, "年度资金") || label == "预算金额" ||
         label == "项目预算" || label == "预算资金" || label == "资金总额" || label == "项目总额" ||
         label == "年度预算";
}

/// Amounts of other periods (实施期资金总额, 上年预算): printed beside the year's, not read.
bool is_other_period_label(std::string_view label) {
  return contains(label, "实施期") || starts_with(label, "上年") || contains(label, "累计");
}

std::optional<AmountField> amount_label(std::string_view printed) {
  const std::string_view label = without_unit(printed);
  if (is_other_period_label(label)) return std::nullopt;
  if (label.ends_with("预算数") || contains(label, "资金总额") || label == "预算金额" ||
      label == "年度预算" || label == "项目总额") {
    return AmountField::kBudget;
  }
  if (contains(label, "财政")) return AmountField::kFiscal;
  if (contains(label, "其他资金") || label == "其他" || contains(label, "其他来源")) {
    return AmountField::kOther;
  }
  return std::nullopt;
}

/// Rows of a 申报表 that describe the project's administration: recognised, not imported.
bool is_administrative_label(std::string_view label) {
  for (std::string_view word :
       {"主管部门", "实施单位", "预算单位", "项目负责人", "联系人",     "联系电话",  "项目类型",
        "项目属性", "项目期限", "项目周期", "起止时间",   "实施期限",   "项目概况",  "立项依据",
        "项目内容", "填报人",   "填报日期", "审核人",     "单位负责人", "财务负责人"}) {
    if (starts_with(label, word)) return true;
  }
  return false;
}

/// A goal marker for item `k` at byte `p` of `t`: "k." "k．" "k、" "k)" "k）" "(k)" "（k）".
std::size_t marker_length(std::string_view t, std::size_t p, int k) {
  const std::string number = std::to_string(k);
  std::string_view rest = t.substr(p);
  for (std::string_view open : {"(", "（"}) {
    if (starts_with(rest, open) && starts_with(rest.substr(open.size()), number)) {
      std::string_view after = rest.substr(open.size() + number.size());
      for (std::string_view close : {")", "）"}) {
        if (starts_with(after, close)) return open.size() + number.size() + close.size();
      }
    }
  }
  if (!starts_with(rest, number)) return 0;
  std::string_view after = rest.substr(number.size());
  for (std::string_view mark : {".", "．", "、", ")", "）"}) {
    if (starts_with(after, mark)) {
      std::string_view next = after.substr(mark.size());
      if (mark == "." && !next.empty() && next[0] >= '0' && next[0] <= '9') return 0;  // 4.34
      return number.size() + mark.size();
    }
  }
  return 0;
}

bool boundary_before(std::string_view t, std::size_t p) {
  if (p == 0) return true;
  if (t[p - 1] == ' ' || t[p - 1] == ';' || t[p - 1] == ',' || t[p - 1] == ':') return true;
  for (std::string_view punct : {"。", "；", "，", "：", "！", "？"}) {
    if (p >= punct.size() && t.substr(p - punct.size(), punct.size()) == punct) return true;
  }
  return false;
}

std::string trim_goal(std::string_view s) {
  std::string out = clean_cell(s);
  bool trimmed = true;
  while (trimmed && !out.empty()) {
    trimmed = false;
    for (std::string_view sep : {"；", "，", ";", ",", "、"}) {
      if (out.ends_with(sep)) {
        out.resize(out.size() - sep.size());
        trimmed = true;
      }
    }
    while (!out.empty() && out.back() == ' ') {
      out.pop_back();
      trimmed = true;
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> split_goals(std::string_view text) {
  const std::string t = clean_cell(text);
  if (t.empty()) return {};
  std::vector<std::pair<std::size_t, std::size_t>> markers;  // (start, length)
  if (std::size_t len = marker_length(t, 0, 1)) {
    markers.emplace_back(0, len);
    for (int k = 2;; ++k) {
      std::size_t found = std::string::npos;
      std::size_t found_len = 0;
      for (std::size_t p = markers.back().first + markers.back().second; p < t.size(); ++p) {
        if (std::size_t l = marker_length(t, p, k); l != 0 && boundary_before(t, p)) {
          found = p;
          found_len = l;
          break;
        }
      }
      if (found == std::string::npos) break;
      markers.emplace_back(found, found_len);
    }
  }
  if (markers.empty()) return {trim_goal(t)};
  std::vector<std::string> goals;
  for (std::size_t i = 0; i < markers.size(); ++i) {
    const std::size_t from = markers[i].first + markers[i].second;
    const std::size_t to = i + 1 < markers.size() ? markers[i + 1].first : t.size();
    std::string goal = trim_goal(std::string_view(t).substr(from, to - from));
    if (!goal.empty()) goals.push_back(std::move(goal));
  }
  return goals;
}

namespace {

bool is_code_label(std::string_view label) {
  return label == "项目编码" || label == "项目代码" || label == "项目编号";
}

}  // namespace

bool ProjectTable::is_code_row(const Row& row) {
  const std::string first = compact(row.cell(0));
  if (!is_code_label(first) && first != "项目名称") return false;
  for (const auto& cell : row.cells) {
    if (is_code_label(compact(cell))) return true;
  }
  return false;
}

bool ProjectTable::is_name_row(const Row& row) {
  return compact(row.cell(0)) == "项目名称" && !is_code_row(row);
}

bool ProjectTable::completes_head(const Row& row) const {
  if (part_ != Part::kHead || budget_seen_) return false;
  const std::string first = compact(row.cell(0));
  return (is_code_label(first) && project_.code.empty()) ||
         (is_name_row(row) && project_.name.empty());
}

ProjectTable::ProjectTable(const Row& code_row, int fiscal_year, double factor, std::string title)
    : fiscal_year_(fiscal_year), factor_(factor), title_(std::move(title)), line_(code_row.line) {
  read_code_row(code_row);
}

void ProjectTable::read_code_row(const Row& row) {
  // 项目编码 | CODE | | 项目名称 | NAME: each label's value is the next non-empty cell.
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    const std::string label = compact(row.cells[i]);
    const bool code = is_code_label(label);
    const bool name = label == "项目名称";
    if (!code && !name) continue;
    std::size_t j = i + 1;
    while (j < row.cells.size() && row.cells[j].empty()) ++j;
    if (j >= row.cells.size()) continue;
    const std::string next = compact(row.cells[j]);
    if (is_code_label(next) || next == "项目名称") continue;
    if (code) {
      project_.code = next;
      code_col_ = j;
    } else {
      project_.name = row.cells[j];
      name_col_ = j;
    }
    i = j;
  }
}

std::optional<double> ProjectTable::share(std::string_view cell) const {
  std::string s = compact(fold_width(cell));
  bool percent = false;
  if (s.ends_with("%")) {
    s.pop_back();
    percent = true;
  }
  if (!percent && !plan_percent_) return std::nullopt;
  auto value = parse_amount(s);
  if (!value) return std::nullopt;
  return *value / 100;
}

void BudgetAmounts::set(AmountField field, double value) {
  switch (field) {
    case AmountField::kBudget:
      budget = value;
      break;
    case AmountField::kFiscal:
      fiscal = value;
      break;
    case AmountField::kOther:
      other = value;
      break;
  }
}

ProjectTable::BudgetCells ProjectTable::scan_budget_cells(const Row& row) const {
  BudgetCells out;
  std::optional<AmountField> pending;
  bool skip_amount = false;  // the amount after a label of another period
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    const std::string cell = compact(row.cells[i]);
    if (cell.empty()) continue;
    if (auto amount = parse_amount(cell)) {
      if (pending) {
        out.amounts.set(*pending, *amount * factor_);
      } else if (!skip_amount) {
        out.stray = true;  // an amount without a label before it
      }
      pending.reset();
      skip_amount = false;
      continue;
    }
    // "预算数：81.39" in one cell.
    bool inline_amount = false;
    for (std::string_view colon : {"：", ":"}) {
      const auto at = cell.find(colon);
      if (at == std::string::npos || at == 0) continue;
      if (auto amount = parse_amount(std::string_view(cell).substr(at + colon.size()))) {
        const std::string label = cell.substr(0, at);
        if (auto field = amount_label(label)) {
          out.amounts.set(*field, *amount * factor_);
        } else if (!is_other_period_label(label)) {
          out.stray = true;
        }
        inline_amount = true;
        break;
      }
    }
    if (inline_amount) continue;
    skip_amount = false;
    if (auto field = amount_label(cell)) {
      pending = field;
      out.labels.emplace_back(i, *field);
    } else if (is_other_period_label(cell)) {
      pending.reset();
      skip_amount = true;
    } else if (i > 0) {
      out.stray = true;
    }
  }
  return out;
}

void ProjectTable::read_budget_row(const Row& row, Sink& sink) {
  BudgetCells cells = scan_budget_cells(row);
  if (cells.stray) {
    sink.unplace(row, "budget row with a cell that is neither a label nor an amount");
  }
  part_ = Part::kBudget;
  if (cells.amounts.empty() && !cells.labels.empty()) {
    // Labels only: the amounts are on the next row, under their labels.
    budget_columns_ = std::move(cells.labels);
    budget_line_ = row.line;
    return;
  }
  set_budget(cells.amounts, row, sink);
}

bool ProjectTable::read_more_amounts(const Row& row, Sink& sink) {
  // "| 其中：财政拨款 | 90" under "项目资金（万元） | 年度资金总额 | 100".
  BudgetCells cells = scan_budget_cells(row);
  if (cells.stray || cells.amounts.empty()) return false;
  if (!budget_seen_) {
    set_budget(cells.amounts, row, sink);
    return true;
  }
  if (cells.amounts.budget) project_.budget = *cells.amounts.budget;
  if (cells.amounts.fiscal) project_.fiscal_funds = *cells.amounts.fiscal;
  if (cells.amounts.other) project_.other_funds = *cells.amounts.other;
  return true;
}

void ProjectTable::set_budget(BudgetAmounts amounts, const Row& row, Sink& sink) {
  if (!amounts.budget && amounts.fiscal) {
    amounts.budget = *amounts.fiscal + amounts.other.value_or(0);
    sink.warn(row.line, row.display(),
              "project " + project_.code + ": no 预算数 printed; taken as 财政资金 + 其他资金");
  }
  if (!amounts.budget) {
    sink.unplace(row, "project " + project_.code + ": no 预算数 amount in the budget row");
    return;
  }
  project_.budget = *amounts.budget;
  project_.fiscal_funds = amounts.fiscal.value_or(0);
  project_.other_funds = amounts.other.value_or(0);
  budget_seen_ = true;
}

bool ProjectTable::read_budget_values(const Row& row, Sink& sink) {
  std::vector<std::pair<std::size_t, double>> values;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    if (row.cells[i].empty()) continue;
    auto amount = parse_amount(row.cells[i]);
    if (!amount) return false;
    values.emplace_back(i, *amount * factor_);
  }
  if (values.empty()) return false;
  BudgetAmounts amounts;
  bool aligned = true;
  for (const auto& [column, value] : values) {
    bool found = false;
    for (const auto& [label_column, field] : budget_columns_) {
      if (label_column == column) {
        amounts.set(field, value);
        found = true;
      }
    }
    aligned = aligned && found;
  }
  if (!aligned) {
    if (values.size() != budget_columns_.size()) {
      sink.unplace(row, "project " + project_.code +
                            ": budget amounts do not line up with the labels above them");
      budget_columns_.clear();
      return true;
    }
    // As many amounts as labels, shifted: take them in order.
    amounts = {};
    for (std::size_t k = 0; k < values.size(); ++k) {
      amounts.set(budget_columns_[k].second, values[k].second);
    }
  }
  budget_columns_.clear();
  set_budget(amounts, row, sink);
  return true;
}

void ProjectTable::read_plan_cells(const Row& row, std::size_t start, Sink& sink) {
  plan_columns_.clear();
  plan_header_line_ = row.line;
  bool stray = false;
  for (std::size_t i = start; i < row.cells.size(); ++i) {
    const std::string& cell = row.cells[i];
    if (cell.empty()) continue;
    auto date = parse_checkpoint_label(cell, fiscal_year_);
    if (!date) {
      stray = true;
      continue;
    }
    // "12月底 | 100%": the value sits right of its label (perhaps past an empty spacer cell);
    // when the next filled cell is another label, the values are on the next row.
    std::size_t next = i + 1;
    while (next < row.cells.size() && row.cells[next].empty()) ++next;
    if (next < row.cells.size() && !parse_checkpoint_label(row.cells[next], fiscal_year_)) {
      if (auto s = share(row.cells[next])) {
        checkpoints_.push_back({{*date, *s}, row.line});
        i = next;
        continue;
      }
      stray = true;
      i = next;
      continue;
    }
    plan_columns_[i] = *date;
  }
  if (stray) {
    sink.unplace(row, "spending plan cell that is neither a month-end label nor a percentage");
  }
}

void ProjectTable::read_plan_values(const Row& row, std::size_t start, Sink& sink) {
  std::vector<std::string> problems;
  // Spreadsheets store "25%" as the number 0.25 under a percent format: bare numbers that are all
  // at most 1 under a（%）header are fractions (a plan that spends 1% by year end is no plan).
  bool fractions = plan_percent_;
  bool any = false;
  for (std::size_t i = start; i < row.cells.size() && fractions; ++i) {
    if (row.cells[i].empty()) continue;
    auto value = parse_amount(compact(fold_width(row.cells[i])));
    fractions = value && *value >= 0 && *value <= 1;
    any = any || (value && *value > 0);
  }
  fractions = fractions && any;
  if (fractions) {
    sink.warn(row.line, row.display(),
              "spending plan of " + project_.code +
                  ": every share is at most 1, read as fractions (0.25 = 25%)");
  }
  for (std::size_t i = start; i < row.cells.size(); ++i) {
    const std::string& cell = row.cells[i];
    if (cell.empty()) continue;
    auto s = share(cell);
    if (!s) {
      problems.push_back("\"" + cell + "\" is not a percentage");
      continue;
    }
    auto column = plan_columns_.find(i);
    if (column == plan_columns_.end()) {
      problems.push_back("\"" + cell + "\" (column " + std::to_string(i + 1) +
                         ") has no month label above it");
      continue;
    }
    checkpoints_.push_back({{column->second, fractions ? *s * 100 : *s}, row.line});
  }
  plan_columns_.clear();
  if (!problems.empty()) {
    std::string reason = "spending plan of " + project_.code + ": ";
    for (std::size_t k = 0; k < problems.size(); ++k) reason += (k ? "; " : "") + problems[k];
    sink.unplace(row, reason);
  }
}

void ProjectTable::read(const Row& row, Sink& sink) {
  if (row.blank()) return;
  const std::string label = compact(row.cell(0));
  if (is_code_row(row) || is_name_row(row)) {
    read_code_row(row);
    part_ = Part::kHead;
    return;
  }
  if (is_budget_row_label(label)) {
    read_budget_row(row, sink);
    return;
  }
  if (is_administrative_label(label)) return;  // 实施单位, 项目负责人 ...: not in the model
  if (part_ == Part::kBudget && budget_columns_.empty() &&
      (label.empty() || amount_label(label) || is_other_period_label(label)) &&
      read_more_amounts(row, sink)) {
    return;
  }
  if (label == "资金用途" || label == "项目资金用途") {
    for (std::size_t i = 1; i < row.cells.size(); ++i) {
      project_.purpose = join_wrapped(project_.purpose, row.cells[i]);
    }
    part_ = Part::kBudget;
    return;
  }
  if (part_ == Part::kPlan && !plan_columns_.empty() && !label.empty()) {
    // A values row with a caption of its own ("支出比例 | 25% | ...").
    bool shares = false;
    bool labels = false;
    for (std::size_t i = 1; i < row.cells.size(); ++i) {
      if (row.cells[i].empty()) continue;
      shares = shares || share(row.cells[i]).has_value();
      labels = labels || parse_checkpoint_label(row.cells[i], fiscal_year_).has_value();
    }
    if (shares && !labels) {
      read_plan_values(row, 1, sink);
      return;
    }
  }
  if (part_ != Part::kIndicators && is_plan_label(label)) {
    plan_percent_ = contains(fold_width(label), "%");
    read_plan_cells(row, 1, sink);
    part_ = Part::kPlan;
    return;
  }
  if (part_ != Part::kIndicators && !label.empty() && parse_checkpoint_label(label, fiscal_year_)) {
    read_plan_cells(row, 0, sink);
    part_ = Part::kPlan;
    return;
  }
  if (is_goals_label(label)) {
    for (std::size_t i = 1; i < row.cells.size(); ++i) {
      goals_text_ = join_wrapped(goals_text_, row.cells[i]);
    }
    part_ = Part::kGoals;
    return;
  }
  if (IndicatorTable::is_header(row)) {
    indicators_.set_header(row);
    part_ = Part::kIndicators;
    return;
  }
  if (part_ == Part::kIndicators) {
    if (!indicators_.try_subheader(row)) indicators_.read_row(row, sink);
    return;
  }
  if (!label.empty()) {
    sink.unplace(row, "unexpected row in the table of project " + project_.code);
    return;
  }
  switch (part_) {
    case Part::kHead:
      // The project name (or code) wrapped onto the next line.
      for (std::size_t i = 1; i < row.cells.size(); ++i) {
        if (row.cells[i].empty()) continue;
        if (i == code_col_) {
          project_.code += compact(row.cells[i]);
        } else if (i == name_col_) {
          project_.name = join_wrapped(project_.name, row.cells[i]);
        } else {
          sink.unplace(row, "unexpected cell under the 项目编码/项目名称 row");
          return;
        }
      }
      return;
    case Part::kBudget:
      if (!budget_columns_.empty() && read_budget_values(row, sink)) return;
      // 资金用途: the line under the 预算规模及资金用途 row.
      for (const auto& cell : row.cells) project_.purpose = join_wrapped(project_.purpose, cell);
      return;
    case Part::kPlan: {
      bool labels = false;
      for (const auto& cell : row.cells) {
        labels = labels || (!cell.empty() && parse_checkpoint_label(cell, fiscal_year_));
      }
      if (labels) {
        read_plan_cells(row, 0, sink);
      } else if (plan_columns_.empty()) {
        sink.unplace(row, "spending plan values without month labels above them");
      } else {
        read_plan_values(row, 0, sink);
      }
      return;
    }
    case Part::kGoals:
      for (const auto& cell : row.cells) goals_text_ = join_wrapped(goals_text_, cell);
      return;
    case Part::kIndicators:
      return;
  }
}

Project ProjectTable::finish(Sink& sink) {
  const std::string where = "project " + project_.code;
  if (project_.code.empty()) sink.unplace(line_, where, "project table without a 项目编码 value");
  if (!budget_seen_) {
    sink.unplace(line_, where, where + ": no budget row (预算规模及资金用途 | 预算数 ...)");
  }
  if (!plan_columns_.empty()) {
    sink.warn(plan_header_line_, where, where + ": spending plan months without a values row");
  }
  std::stable_sort(checkpoints_.begin(), checkpoints_.end(),
                   [](const auto& a, const auto& b) { return a.first.by < b.first.by; });
  for (std::size_t i = 0; i < checkpoints_.size(); ++i) {
    const auto& [cp, line] = checkpoints_[i];
    if (i > 0 && checkpoints_[i - 1].first.by == cp.by) {
      sink.unplace(line, where + " " + cp.by.iso(),
                   where + ": a second spending plan share for " + cp.by.iso());
      continue;
    }
    if (!project_.spending_plan.empty() && cp.share < project_.spending_plan.back().share) {
      sink.warn(line, where,
                where + ": spending plan share falls from " +
                    format_amount(project_.spending_plan.back().share * 100) + "% to " +
                    format_amount(cp.share * 100) + "% at " + cp.by.iso());
    }
    if (cp.share < 0 || cp.share > 1 + 1e-9) {
      sink.warn(line, where,
                where + ": spending plan share " + format_amount(cp.share * 100) + "% at " +
                    cp.by.iso() + " is outside 0-100%");
    }
    project_.spending_plan.push_back(cp);
  }
  project_.goals = split_goals(goals_text_);
  project_.indicators = indicators_.finish(fiscal_year_, where, sink);
  if (!title_.empty() && !project_.name.empty() && compact(title_) != compact(project_.name)) {
    sink.warn(line_, where,
              where + ": the table title \"" + title_ + "\" differs from 项目名称 \"" +
                  project_.name + "\"");
  }
  if (project_.name.empty()) sink.unplace(line_, where, where + ": no 项目名称");
  for (char c : project_.code) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    c == '-' || c == '_';
    if (!ok) {
      sink.unplace(line_, where, where + ": 项目编码 has characters other than letters and digits");
      break;
    }
  }
  return std::move(project_);
}

}  // namespace targetwatch::importer
