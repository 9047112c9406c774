// snapshot_to_json: the evaluation as the status JSON of design.md, built with Boost.JSON.
#include "targetwatch/report/snapshot_json.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "targetwatch/report/readable_json.h"

namespace targetwatch {
namespace {

namespace json = boost::json;

constexpr int kRatioDigits = 4;
constexpr int kMoneyDigits = 2;
constexpr int kScoreDigits = 2;
constexpr int kComputedDigits = 4;
constexpr int kFigureDigits = 6;

double rounded(double x, int digits) {
  if (!std::isfinite(x)) return 0;
  const double scale = std::pow(10.0, digits);
  const double r = std::round(x * scale) / scale;
  return r == 0 ? 0.0 : r;  // no "-0"
}

json::value number(double x, int digits) { return json::value(rounded(x, digits)); }

json::value number(const std::optional<double>& x, int digits) {
  if (!x || !std::isfinite(*x)) return nullptr;
  return number(*x, digits);
}

json::value date(const std::optional<Date>& d) {
  if (!d) return nullptr;
  return json::value(d->iso());
}

using StatusCounts = std::array<int, std::size(kAllStatuses)>;

void count(StatusCounts& counts, const std::vector<IndicatorEvaluation>& inds) {
  for (const auto& i : inds) ++counts[static_cast<std::size_t>(i.status)];
}

json::object counts_json(const StatusCounts& counts) {
  json::object o;
  for (IndicatorStatus s : kAllStatuses) {
    o[to_string(s)] = counts[static_cast<std::size_t>(s)];
  }
  return o;
}

using LampCounts = std::array<int, std::size(kAllLamps)>;

std::size_t lamp_index(Lamp lamp) {
  for (std::size_t i = 0; i < std::size(kAllLamps); ++i) {
    if (kAllLamps[i] == lamp) return i;
  }
  return 0;
}

json::object lamp_counts_json(const LampCounts& counts) {
  json::object o;
  for (std::size_t i = 0; i < std::size(kAllLamps); ++i) o[to_string(kAllLamps[i])] = counts[i];
  return o;
}

void put_annotation(json::object& o, const ReportAnnotation& a) {
  o["note"] = a.note;
  o["cause"] = a.cause;
  o["likelihood"] = a.likelihood;
  o["forecast"] = number(a.forecast, kFigureDigits);
  o["measure"] = a.measure;
}

json::object indicator_json(const IndicatorEvaluation& e, Lamp lamp) {
  const Indicator& ind = *e.indicator;
  json::object o;
  o["id"] = ind.id;
  o["name"] = ind.name;
  o["level1"] = ind.level1;
  o["level2"] = ind.level2;
  o["comparator"] = to_string(ind.comparator);
  o["pace"] = to_string(effective_pace(ind));
  o["target"] = number(ind.target, kFigureDigits);
  o["unit"] = ind.unit;
  o["goal"] = ind.expected;
  o["deadline"] = date(ind.deadline);
  o["actual"] = number(e.actual, kFigureDigits);
  o["expected"] = number(e.expected, kComputedDigits);
  o["attainment_ratio"] = number(e.attainment_ratio, kRatioDigits);
  o["status"] = to_string(e.status);
  o["underlying_status"] = to_string(e.underlying_status);
  o["settled"] = e.settled;
  o["frequency"] = to_string(e.frequency);
  o["tolerance_ratio"] = number(e.tolerance, kRatioDigits);
  o["covered"] = e.covered;
  o["overdue"] = e.overdue;
  o["last_report"] = date(e.last_report);
  o["report_age_days"] = e.report_age_days ? json::value(*e.report_age_days) : json::value(nullptr);
  o["progress_ratio"] = number(e.progress, kRatioDigits);
  o["weight"] = number(e.weight, kScoreDigits);
  o["nominal_weight"] = number(e.nominal_weight, kScoreDigits);
  o["score"] = number(e.score, kScoreDigits);
  put_annotation(o, e.annotation);
  o["lamp"] = to_string(lamp);
  o["warning_level"] = level_of(lamp);
  return o;
}

json::array indicators_json(const std::vector<IndicatorEvaluation>& inds,
                            const std::vector<Lamp>& lamps, LampCounts& counts) {
  json::array a;
  a.reserve(inds.size());
  for (std::size_t i = 0; i < inds.size(); ++i) {
    const Lamp lamp = i < lamps.size() ? lamps[i] : indicator_lamp(inds[i]);
    ++counts[lamp_index(lamp)];
    a.push_back(indicator_json(inds[i], lamp));
  }
  return a;
}

json::object project_json(const ProjectEvaluation& p, const ProjectLamps& lamps,
                          LampCounts& indicator_lamps) {
  json::object o;
  o["code"] = p.project->code;
  o["name"] = p.project->name;
  o["budget_yuan"] = number(p.budget_yuan, kMoneyDigits);
  o["spent_yuan"] = number(p.spent_yuan, kMoneyDigits);
  o["spent_ratio"] = number(p.spent_ratio, kRatioDigits);
  o["planned_ratio"] = number(p.planned_ratio, kRatioDigits);
  o["required_ratio"] = number(p.required_ratio, kRatioDigits);
  o["lag_ratio"] = number(p.lag_ratio, kRatioDigits);
  o["lag_tolerance_ratio"] = number(p.lag_tolerance, kRatioDigits);
  o["behind_schedule"] = p.behind_schedule;
  o["checkpoint_missed"] = p.checkpoint_missed;
  o["lag_exceeded"] = p.lag_exceeded;
  o["overspent"] = p.overspent;
  if (p.next_checkpoint) {
    o["next_checkpoint"] = json::object{{"by", p.next_checkpoint->by.iso()},
                                        {"share", rounded(p.next_checkpoint->share, kRatioDigits)}};
  } else {
    o["next_checkpoint"] = nullptr;
  }
  o["required_daily_spend_yuan"] = number(p.required_daily_spend_yuan, kMoneyDigits);
  o["recent_pace_ratio"] = number(p.recent_pace_ratio, kRatioDigits);
  o["projected_year_end_ratio"] = number(p.projected_year_end_ratio, kRatioDigits);
  o["last_spending_report"] = date(p.last_spending_report);
  o["spending_stale"] = p.spending_stale;
  o["spending_overdue"] = p.spending_overdue;
  o["fiscal_spent_yuan"] = number(p.fiscal_spent_yuan, kMoneyDigits);
  o["other_spent_yuan"] = number(p.other_spent_yuan, kMoneyDigits);
  o["fiscal_spent_ratio"] = number(p.fiscal_spent_ratio, kRatioDigits);
  o["other_spent_ratio"] = number(p.other_spent_ratio, kRatioDigits);
  json::object spending;
  put_annotation(spending, p.spending_annotation);
  o["spending"] = std::move(spending);
  o["budget_execution_score"] = number(p.budget_execution_score, kScoreDigits);
  o["score"] = number(p.score, kScoreDigits);
  o["score_coverage_ratio"] = number(p.score_coverage_ratio, kRatioDigits);
  o["grade"] = p.grade;
  o["stale_count"] = p.stale_count;
  o["no_data_count"] = p.no_data_count;
  StatusCounts counts{};
  count(counts, p.indicators);
  o["status_counts"] = counts_json(counts);
  json::object warnings;
  json::object details;
  for (const RuleLamp& r : lamps.rules) {
    warnings[to_string(r.rule)] = level_of(r.lamp);
    details[to_string(r.rule)] = json::object{{"lamp", to_string(r.lamp)},
                                              {"value", number(r.value, kRatioDigits)},
                                              {"reason", r.reason}};
  }
  o["warnings"] = std::move(warnings);
  o["warning_level"] = level_of(lamps.lamp);
  o["warning_details"] = std::move(details);
  o["lamp"] = to_string(lamps.lamp);
  o["indicators"] = indicators_json(p.indicators, lamps.indicators, indicator_lamps);
  return o;
}

json::object department_json(const DepartmentEvaluation& d, const DepartmentLamps& lamps,
                             StatusCounts& total) {
  json::object o;
  o["code"] = d.department->code;
  o["name"] = d.department->name;
  o["fiscal_year"] = d.fiscal_year;
  o["amount_unit"] = d.department->amount_unit;
  o["elapsed_ratio"] = number(d.elapsed_ratio, kRatioDigits);
  o["budget_yuan"] = number(d.budget_yuan, kMoneyDigits);
  o["spent_yuan"] = number(d.spent_yuan, kMoneyDigits);
  o["planned_yuan"] = number(d.planned_yuan, kMoneyDigits);
  o["required_yuan"] = number(d.required_yuan, kMoneyDigits);
  o["spent_ratio"] = number(d.spent_ratio, kRatioDigits);
  o["planned_ratio"] = number(d.planned_ratio, kRatioDigits);
  o["required_ratio"] = number(d.required_ratio, kRatioDigits);
  o["project_count"] = d.projects.size();
  o["behind_schedule_count"] = d.behind_schedule_count;
  o["budget_execution_score"] = number(d.budget_execution_score, kScoreDigits);
  o["score"] = number(d.score, kScoreDigits);
  o["score_coverage_ratio"] = number(d.score_coverage_ratio, kRatioDigits);
  o["grade"] = d.grade;
  o["projects_score"] = number(d.projects_score, kScoreDigits);
  o["projects_score_coverage_ratio"] = number(d.projects_score_coverage_ratio, kRatioDigits);
  o["projects_grade"] = d.projects_grade;
  o["stale_count"] = d.stale_count;
  o["no_data_count"] = d.no_data_count;
  StatusCounts counts{};
  count(counts, d.indicators);
  for (const auto& p : d.projects) count(counts, p.indicators);
  for (std::size_t i = 0; i < counts.size(); ++i) total[i] += counts[i];
  o["status_counts"] = counts_json(counts);
  LampCounts indicator_lamps{};
  LampCounts project_lamps{};
  o["indicators"] = indicators_json(d.indicators, lamps.indicators, indicator_lamps);
  json::array projects;
  projects.reserve(d.projects.size());
  for (std::size_t i = 0; i < d.projects.size(); ++i) {
    ++project_lamps[lamp_index(lamps.projects.at(i).lamp)];
    projects.push_back(project_json(d.projects[i], lamps.projects.at(i), indicator_lamps));
  }
  o["projects"] = std::move(projects);
  // Grey (未报送) and stale (数据过期) are counted on their own, never as green.
  o["project_lamp_counts"] = lamp_counts_json(project_lamps);
  o["indicator_lamp_counts"] = lamp_counts_json(indicator_lamps);
  return o;
}

}  // namespace

std::string snapshot_to_json(const Evaluation& evaluation) {
  return snapshot_to_json(evaluation, compute_lamps(evaluation));
}

std::string snapshot_to_json(const Evaluation& evaluation, const EvaluationLamps& lamps) {
  json::object root;
  root["as_of"] = evaluation.as_of.iso();
  root["elapsed_ratio"] = number(evaluation.elapsed_ratio, kRatioDigits);
  StatusCounts total{};
  json::array departments;
  departments.reserve(evaluation.departments.size());
  for (std::size_t i = 0; i < evaluation.departments.size(); ++i) {
    departments.push_back(
        department_json(evaluation.departments[i], lamps.departments.at(i), total));
  }
  root["status_counts"] = counts_json(total);
  json::array years;  // the fiscal years shown, ascending (several in January)
  std::vector<int> seen;
  for (const auto& d : evaluation.departments) {
    if (std::find(seen.begin(), seen.end(), d.fiscal_year) == seen.end()) {
      seen.push_back(d.fiscal_year);
    }
  }
  std::sort(seen.begin(), seen.end());
  for (int y : seen) years.push_back(y);
  root["fiscal_years"] = std::move(years);
  root["departments"] = std::move(departments);
  std::string out;
  out = serialize_readable(root);
  return out;
}

}  // namespace targetwatch
