// build_template: the rows of the 报送 sheet from an evaluation (targets as printed by the
// monthly review, expected-to-date values) and the actuals (the last figures reported).
#include <charconv>
#include <cmath>

#include "targetwatch/report/review.h"
#include "targetwatch/template/fill_in_template.h"
#include "template_text.h"

namespace targetwatch::reporting {

std::string decimal_text(double x, std::optional<int> decimals) {
  if (!std::isfinite(x)) return "";
  if (decimals) x = std::round(x * std::pow(10.0, *decimals)) / std::pow(10.0, *decimals);
  if (x == 0) x = 0;  // never "-0"
  char buf[64];
  // Shortest round-trip form: after rounding it has at most `decimals` decimals anyway.
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  if (ec != std::errc()) return "";
  return std::string(buf, end);
}

const std::array<TemplateColumn, kColumnCount>& template_columns() {
  static const std::array<TemplateColumn, kColumnCount> kColumns{{
      {"部门编码", false, 9},    {"项目编码", false, 22},     {"项目名称", false, 24},
      {"指标编号", false, 13},   {"一级指标", false, 10},     {"二级指标", false, 9},
      {"指标名称", false, 26},   {"指标值", false, 14},       {"单位", false, 7},
      {"上次报送值", false, 11}, {"上次报送日期", false, 12}, {"应达进度", false, 18},
      {"本期实际值", true, 12},  {"截至日期", true, 12},      {"方式", true, 7},
      {"来源", true, 10},        {"偏差原因", true, 11},      {"完成可能性", true, 11},
      {"预计全年值", true, 11},  {"整改措施", true, 24},      {"备注", true, 24},
      {"撤回", true, 6},
  }};
  return kColumns;
}

Date default_template_date(Date today) { return previous_month_end(today); }

namespace {

// Levels summed from increments carry binary noise (0.1 + 0.2): 6 decimals are more than any
// reported figure has, and fewer than the noise.
constexpr int kLevelDecimals = 6;

const ReviewIndicator* find_review(const std::vector<ReviewIndicator>& list, std::string_view id) {
  for (const ReviewIndicator& r : list) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::string expected_text(const IndicatorEvaluation& e, const ReviewIndicator& r) {
  const Indicator& ind = *e.indicator;
  if (ind.comparator == Comparator::kQualitative || ind.comparator == Comparator::kDeadline ||
      !ind.target) {
    return r.target_text;
  }
  switch (effective_pace(ind)) {
    case Pace::kLinear:
      return e.expected ? decimal_text(*e.expected, 2) + ind.unit : r.target_text;
    case Pace::kYearEnd:
      return "年底达到 " + r.target_text;
    case Pace::kNone:
      break;
  }
  return r.target_text;
}

TemplateRow indicator_row(const DepartmentEvaluation& d, const std::string& project_code,
                          const std::string& project_name, const IndicatorEvaluation& e,
                          const ReviewIndicator& r, const ActualsIndex& actuals, Date as_of) {
  const Indicator& ind = *e.indicator;
  TemplateRow row;
  row.kind = RowKind::kIndicator;
  row.value_kind = ind.comparator == Comparator::kQualitative ? ValueKind::kQualitative
                   : ind.comparator == Comparator::kDeadline  ? ValueKind::kDeadline
                                                              : ValueKind::kNumber;
  row.project_code = project_code;
  row.project_name = project_name;
  row.indicator_id = ind.id;
  row.level1 = ind.level1;
  row.level2 = ind.level2;
  row.name = ind.name;
  row.target_text = r.target_text;
  row.unit = ind.unit;
  if (const SeriesPoint* p = actuals.latest(d.department->code, project_code, ind.id, as_of)) {
    row.last_date = p->as_of;
    if (row.value_kind == ValueKind::kNumber) {
      row.last_value = p->level;
      row.last_value_text = decimal_text(p->level, kLevelDecimals);
    } else {
      // The review's wording of the same level (达成 / 部分达成 / 已完成...).
      row.last_value_text = r.actual_text;
    }
  }
  row.expected_text = expected_text(e, r);
  return row;
}

TemplateRow spending_row(const DepartmentEvaluation& d, const ProjectEvaluation& p,
                         const ActualsIndex& actuals, Date as_of) {
  const Project& project = *p.project;
  const std::string& unit = d.department->amount_unit;
  TemplateRow row;
  row.kind = RowKind::kSpending;
  row.project_code = project.code;
  row.project_name = project.name;
  row.indicator_id = std::string(kSpendingIndicator);
  row.name = std::string(kSpendingName);
  row.target_text = decimal_text(project.budget, std::nullopt) + unit;
  row.unit = unit;
  if (const SeriesPoint* s =
          actuals.latest(d.department->code, project.code, kSpendingIndicator, as_of)) {
    row.last_date = s->as_of;
    row.last_value = s->level;
    row.last_value_text = decimal_text(s->level, kLevelDecimals);
  }
  row.expected_text = decimal_text(p.planned_ratio * 100, 2) + "%（" +
                      decimal_text(p.planned_ratio * project.budget, 2) + unit + "）";
  return row;
}

}  // namespace

Result<TemplateSheet> build_template(const Evaluation& evaluation, const ActualsIndex& actuals,
                                     std::string_view department) {
  const DepartmentEvaluation* d = nullptr;
  for (const DepartmentEvaluation& candidate : evaluation.departments) {
    if (candidate.department->code == department) d = &candidate;
  }
  if (d == nullptr) return Error{"no department '" + std::string(department) + "' in the targets"};

  // The review's wording of targets and qualitative figures, so both documents read the same.
  ReviewOptions options;
  options.department = std::string(department);
  const ReviewReport review = build_review(evaluation, nullptr, &actuals, options);
  const ReviewDepartment* rd = nullptr;
  for (const ReviewDepartment& candidate : review.departments) {
    if (candidate.code == department) rd = &candidate;
  }
  if (rd == nullptr) return Error{"no review of department '" + std::string(department) + "'"};

  TemplateSheet sheet;
  sheet.department_code = d->department->code;
  sheet.department_name = d->department->name;
  sheet.fiscal_year = d->department->fiscal_year;
  sheet.amount_unit = d->department->amount_unit;
  sheet.as_of = evaluation.as_of;
  for (const IndicatorEvaluation& e : d->indicators) {
    const ReviewIndicator* r = find_review(rd->indicators, e.indicator->id);
    if (r == nullptr) continue;  // build_review lists every indicator; defensive only
    sheet.rows.push_back(indicator_row(*d, "", "", e, *r, actuals, evaluation.as_of));
  }
  for (const ProjectEvaluation& p : d->projects) {
    sheet.rows.push_back(spending_row(*d, p, actuals, evaluation.as_of));
    const ReviewProject* rp = nullptr;
    for (const ReviewProject& candidate : rd->projects) {
      if (candidate.code == p.project->code) rp = &candidate;
    }
    for (const IndicatorEvaluation& e : p.indicators) {
      const ReviewIndicator* r = rp ? find_review(rp->indicators, e.indicator->id) : nullptr;
      if (r == nullptr) continue;
      sheet.rows.push_back(
          indicator_row(*d, p.project->code, p.project->name, e, *r, actuals, evaluation.as_of));
    }
  }
  return sheet;
}

std::array<std::string, kColumnCount> row_texts(const TemplateSheet& sheet,
                                                const TemplateRow& row) {
  std::array<std::string, kColumnCount> t;
  const auto set = [&](Column c, std::string text) {
    t[static_cast<std::size_t>(c)] = std::move(text);
  };
  set(Column::kDepartment, sheet.department_code);
  set(Column::kProjectCode, row.project_code);
  set(Column::kProjectName, row.project_name);
  set(Column::kIndicatorId, row.indicator_id);
  set(Column::kLevel1, row.level1);
  set(Column::kLevel2, row.level2);
  set(Column::kIndicatorName, row.name);
  set(Column::kTarget, row.target_text);
  set(Column::kUnit, row.unit);
  set(Column::kLastValue, row.last_value_text);
  set(Column::kLastDate, row.last_date ? row.last_date->iso() : "");
  set(Column::kExpected, row.expected_text);
  set(Column::kAsOf, sheet.as_of.iso());
  set(Column::kMode, std::string(kModeChoices[0]));
  return t;
}

}  // namespace targetwatch::reporting
