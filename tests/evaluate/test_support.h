// Builders for small targets and actual records used by the evaluate tests.
#pragma once

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "targetwatch/evaluate/evaluation.h"

namespace targetwatch::testing {

inline Date day(const char* iso) {
  const auto d = Date::parse(iso);
  if (!d) throw std::invalid_argument(iso);
  return *d;
}

inline ActualRecord record(std::string project, std::string indicator, double value,
                           const char* as_of, RecordMode mode = RecordMode::kCumulative,
                           std::int64_t revision = 0, std::string department = "375") {
  ActualRecord r;
  r.department = std::move(department);
  r.project = std::move(project);
  r.indicator = std::move(indicator);
  r.value = value;
  r.as_of = day(as_of);
  r.mode = mode;
  r.revision = revision;
  return r;
}

inline Indicator indicator(std::string id, Comparator c, std::optional<double> target,
                           std::string unit = "件", std::string level1 = "产出指标",
                           std::string level2 = "数量指标", std::optional<Pace> pace = {}) {
  Indicator i;
  i.id = std::move(id);
  i.level1 = std::move(level1);
  i.level2 = std::move(level2);
  i.name = i.id;
  i.comparator = c;
  i.target = target;
  i.unit = std::move(unit);
  i.pace = pace;
  return i;
}

inline Project project(std::string code, double budget, SpendingPlan plan = {},
                       std::vector<Indicator> indicators = {}) {
  Project p;
  p.code = std::move(code);
  p.name = "项目" + p.code;
  p.budget = budget;
  p.fiscal_funds = budget;
  p.spending_plan = std::move(plan);
  p.indicators = std::move(indicators);
  return p;
}

inline SpendingPlan standard_plan(int year = 2025) {
  return {{Date::end_of_month(year, 3), 0.30},
          {Date::end_of_month(year, 6), 0.60},
          {Date::end_of_month(year, 10), 0.90}};
}

inline std::shared_ptr<const Targets> targets_with(std::vector<Project> projects,
                                                   std::vector<Indicator> department_wide = {},
                                                   int fiscal_year = 2025,
                                                   std::string amount_unit = "万元") {
  auto t = std::make_shared<Targets>();
  Department d;
  d.code = "375";
  d.name = "廊坊市司法局";
  d.fiscal_year = fiscal_year;
  d.amount_unit = std::move(amount_unit);
  d.projects = std::move(projects);
  d.indicators = std::move(department_wide);
  t->departments.push_back(std::move(d));
  return t;
}

/// Every number an evaluation exposes must be finite, whatever the input.
inline bool all_finite(const IndicatorEvaluation& e) {
  const auto ok = [](const std::optional<double>& v) { return !v || std::isfinite(*v); };
  return ok(e.actual) && ok(e.expected) && ok(e.attainment_ratio) && std::isfinite(e.progress) &&
         std::isfinite(e.weight) && std::isfinite(e.score);
}

inline bool all_finite(const Evaluation& ev) {
  const auto ok = [](const std::optional<double>& v) { return !v || std::isfinite(*v); };
  if (!std::isfinite(ev.elapsed_ratio)) return false;
  for (const auto& d : ev.departments) {
    for (double v : {d.budget_yuan, d.spent_yuan, d.planned_yuan, d.required_yuan, d.spent_ratio,
                     d.planned_ratio, d.required_ratio, d.score, d.budget_execution_score}) {
      if (!std::isfinite(v)) return false;
    }
    for (const auto& i : d.indicators) {
      if (!all_finite(i)) return false;
    }
    for (const auto& p : d.projects) {
      for (double v : {p.budget_yuan, p.spent_yuan, p.spent_ratio, p.planned_ratio,
                       p.required_ratio, p.lag_ratio, p.score, p.budget_execution_score}) {
        if (!std::isfinite(v)) return false;
      }
      if (!ok(p.required_daily_spend_yuan) || !ok(p.recent_pace_ratio) ||
          !ok(p.projected_year_end_ratio)) {
        return false;
      }
      for (const auto& i : p.indicators) {
        if (!all_finite(i)) return false;
      }
    }
  }
  return true;
}

}  // namespace targetwatch::testing
