// Warning lamps: plan, time-progress and milestones rules per project, and indicator lamps.
#include "targetwatch/evaluate/warning.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace targetwatch {
namespace {

// Same slack as the evaluation: a share that prints as the threshold reaches it.
constexpr double kEpsilon = 1e-9;

std::string percent(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", ratio * 100);
  return buf;
}

std::string points(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", ratio * 100);
  return buf;
}

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

const WarningRules& default_rules() {
  static const WarningRules rules;
  return rules;
}

// The configured milestones as a spending plan of the fiscal year (month ends, valid entries
// only, shares made non-decreasing so planned_share stays monotonic).
SpendingPlan milestone_plan(const std::vector<Milestone>& milestones, int fiscal_year) {
  std::vector<Milestone> valid;
  for (const Milestone& m : milestones) {
    if (m.month >= 1 && m.month <= 12 && std::isfinite(m.share) && m.share >= 0 &&
        m.share <= 1 + kEpsilon) {
      valid.push_back(m);
    }
  }
  std::stable_sort(valid.begin(), valid.end(),
                   [](const Milestone& a, const Milestone& b) { return a.month < b.month; });
  SpendingPlan plan;
  double floor = 0;
  for (const Milestone& m : valid) {
    floor = std::max(floor, std::min(m.share, 1.0));
    const Date by = Date::end_of_month(fiscal_year, m.month);
    if (!plan.empty() && plan.back().by == by) {
      plan.back().share = floor;  // a repeated month: the last entry wins
    } else {
      plan.push_back({by, floor});
    }
  }
  return plan;
}

// The latest milestone due on or before `as_of`, if any.
std::optional<Checkpoint> latest_due(const SpendingPlan& plan, int fiscal_year, Date as_of) {
  std::optional<Checkpoint> due;
  for (const Checkpoint& c : plan) {
    if (c.by <= as_of) due = c;
  }
  const Date year_end = Date::last_of_year(fiscal_year);
  if (as_of >= year_end && (plan.empty() || plan.back().share < 1 - kEpsilon)) {
    due = Checkpoint{year_end, 1.0};
  }
  return due;
}

// What every rule shares (see warning.h): overspending is red whatever the rule says; a green
// verdict needs current spending figures.
RuleLamp with_common_checks(RuleLamp r, const ProjectEvaluation& p) {
  if (p.overspent) {
    r.lamp = Lamp::kRed;
    r.reason = "超支：执行率 " + percent(p.spent_ratio) + "，超过预算";
    return r;
  }
  // Without a budget nothing is due, so there is nothing to miss either.
  if (r.lamp != Lamp::kGreen || !(p.budget_yuan > 0)) return r;
  if (!p.last_spending_report) {
    r.lamp = Lamp::kGrey;
    r.reason = "未报送支出数据";
  } else if (p.spending_stale) {
    r.lamp = Lamp::kStale;
    r.reason = "支出数据过期（最近填报 " + p.last_spending_report->iso() + "）";
  }
  return r;
}

}  // namespace

std::string_view to_string(Lamp lamp) {
  switch (lamp) {
    case Lamp::kGreen:
      return "green";
    case Lamp::kYellow:
      return "yellow";
    case Lamp::kRed:
      return "red";
    case Lamp::kGrey:
      return "grey";
    case Lamp::kStale:
      return "stale";
  }
  return "grey";
}

std::string_view lamp_label(Lamp lamp) {
  switch (lamp) {
    case Lamp::kGreen:
      return "绿灯";
    case Lamp::kYellow:
      return "黄灯";
    case Lamp::kRed:
      return "红灯";
    case Lamp::kGrey:
      return "灰灯（未报送）";
    case Lamp::kStale:
      return "数据过期";
  }
  return "灰灯（未报送）";
}

int severity(Lamp lamp) {
  switch (lamp) {
    case Lamp::kGreen:
      return 0;
    case Lamp::kGrey:
      return 1;
    case Lamp::kStale:
      return 2;
    case Lamp::kYellow:
      return 3;
    case Lamp::kRed:
      return 4;
  }
  return 0;
}

std::string_view to_string(WarningRule rule) {
  switch (rule) {
    case WarningRule::kPlan:
      return "plan";
    case WarningRule::kTimeProgress:
      return "time-progress";
    case WarningRule::kMilestones:
      return "milestones";
  }
  return "plan";
}

std::optional<WarningRule> parse_warning_rule(std::string_view name) {
  if (name == "plan") return WarningRule::kPlan;
  if (name == "time-progress") return WarningRule::kTimeProgress;
  if (name == "milestones") return WarningRule::kMilestones;
  return std::nullopt;
}

const WarningRules& rules_for(const WarningPolicy& policy, std::string_view department_code) {
  if (auto it = policy.find(department_code); it != policy.end()) return it->second;
  if (auto it = policy.find(std::string_view("*")); it != policy.end()) return it->second;
  return default_rules();
}

namespace {

RuleLamp plan_verdict(const ProjectEvaluation& p) {
  RuleLamp r;
  r.rule = WarningRule::kPlan;
  if (!(p.budget_yuan > 0)) {
    r.reason = "无预算";
    return r;
  }
  r.value = p.lag_ratio;
  if (p.checkpoint_missed) {
    r.lamp = Lamp::kRed;
    r.threshold = p.required_ratio;
    r.reason = "未达到支出计划检查点：应达 " + percent(p.required_ratio) + "，实际 " +
               percent(p.spent_ratio);
  } else if (p.lag_exceeded) {
    r.lamp = Lamp::kYellow;
    r.threshold = p.lag_tolerance;
    r.reason =
        "落后计划进度 " + points(p.lag_ratio) + " 个百分点（容许 " + points(p.lag_tolerance) + "）";
  } else {
    r.threshold = p.lag_tolerance;
    r.reason = "按计划执行";
  }
  return r;
}

RuleLamp time_progress_verdict(const ProjectEvaluation& p, double elapsed_ratio,
                               const WarningRules& rules) {
  RuleLamp r;
  r.rule = WarningRule::kTimeProgress;
  if (!(p.budget_yuan > 0)) {
    r.reason = "无预算";
    return r;
  }
  if (!(elapsed_ratio > 0) || !std::isfinite(elapsed_ratio)) {
    r.reason = "年度尚未开始";
    return r;
  }
  const double pct = p.spent_ratio / elapsed_ratio * 100;
  r.value = pct;
  // Relative slack: 0.6 / 1.0 * 100 may land a hair below 60.
  const auto below = [&](double threshold) {
    return pct < threshold - kEpsilon * std::max(1.0, std::fabs(threshold));
  };
  const std::string text = "执行率为序时进度的 " + number(pct) + "%";
  if (below(rules.time_progress_red)) {
    r.lamp = Lamp::kRed;
    r.threshold = rules.time_progress_red;
    r.reason = text + "（低于 " + number(rules.time_progress_red) + "%）";
  } else if (below(rules.time_progress_yellow)) {
    r.lamp = Lamp::kYellow;
    r.threshold = rules.time_progress_yellow;
    r.reason = text + "（低于 " + number(rules.time_progress_yellow) + "%）";
  } else if (pct > rules.time_progress_ceiling +
                       kEpsilon * std::max(1.0, std::fabs(rules.time_progress_ceiling))) {
    r.lamp = Lamp::kYellow;
    r.threshold = rules.time_progress_ceiling;
    r.reason = "支出异常快：" + text + "（高于 " + number(rules.time_progress_ceiling) + "%）";
  } else {
    r.threshold = rules.time_progress_yellow;
    r.reason = text;
  }
  return r;
}

RuleLamp milestones_verdict(const ProjectEvaluation& p, int fiscal_year, Date as_of,
                            const WarningRules& rules) {
  RuleLamp r;
  r.rule = WarningRule::kMilestones;
  if (!(p.budget_yuan > 0)) {
    r.reason = "无预算";
    return r;
  }
  const SpendingPlan plan = milestone_plan(rules.milestones, fiscal_year);
  const auto due = latest_due(plan, fiscal_year, as_of);
  const double path = planned_share(plan, fiscal_year, as_of);
  if (due && p.spent_ratio < due->share - kEpsilon) {
    r.lamp = Lamp::kRed;
    r.value = p.spent_ratio - due->share;
    r.threshold = due->share;
    r.reason = std::to_string(due->by.month()) + "月底应达 " + percent(due->share) + "，实际 " +
               percent(p.spent_ratio);
    return r;
  }
  const double lag = path - p.spent_ratio;
  r.value = due ? std::optional<double>(p.spent_ratio - due->share) : std::nullopt;
  r.threshold = p.lag_tolerance;
  if (lag > p.lag_tolerance + kEpsilon) {
    r.lamp = Lamp::kYellow;
    r.reason =
        "落后时间节点进度 " + points(lag) + " 个百分点（容许 " + points(p.lag_tolerance) + "）";
  } else {
    r.reason = due ? "已达 " + std::to_string(due->by.month()) + "月底节点 " + percent(due->share)
                   : "尚无到期节点";
  }
  return r;
}

}  // namespace

RuleLamp plan_lamp(const ProjectEvaluation& p) { return with_common_checks(plan_verdict(p), p); }

RuleLamp time_progress_lamp(const ProjectEvaluation& p, double elapsed_ratio,
                            const WarningRules& rules) {
  return with_common_checks(time_progress_verdict(p, elapsed_ratio, rules), p);
}

RuleLamp milestones_lamp(const ProjectEvaluation& p, int fiscal_year, Date as_of,
                         const WarningRules& rules) {
  return with_common_checks(milestones_verdict(p, fiscal_year, as_of, rules), p);
}

Lamp indicator_lamp(const IndicatorEvaluation& indicator) {
  switch (indicator.status) {
    case IndicatorStatus::kNotMet:
      return Lamp::kRed;
    case IndicatorStatus::kAtRisk:
      return indicator.annotation.likelihood == "完全不可能" ? Lamp::kRed : Lamp::kYellow;
    case IndicatorStatus::kMet:
    case IndicatorStatus::kOnTrack:
    case IndicatorStatus::kPending:
      return Lamp::kGreen;
    case IndicatorStatus::kNoData:
      return Lamp::kGrey;
    case IndicatorStatus::kStale:
      // A missed deadline stays missed whatever is reported later.
      if (indicator.underlying_status == IndicatorStatus::kNotMet &&
          indicator.indicator != nullptr &&
          indicator.indicator->comparator == Comparator::kDeadline) {
        return Lamp::kRed;
      }
      return Lamp::kStale;
  }
  return Lamp::kGrey;
}

Lamp ProjectLamps::overall() const {
  Lamp l = lamp;
  for (Lamp i : indicators) l = worst(l, i);
  return l;
}

DepartmentLamps department_lamps(const DepartmentEvaluation& d, Date as_of,
                                 const WarningRules& rules) {
  DepartmentLamps out;
  out.department = &d;
  const int year = d.department != nullptr ? d.department->fiscal_year
                                           : (d.fiscal_year != 0 ? d.fiscal_year : as_of.year());
  out.indicators.reserve(d.indicators.size());
  for (const auto& i : d.indicators) out.indicators.push_back(indicator_lamp(i));
  out.projects.reserve(d.projects.size());
  for (const auto& p : d.projects) {
    ProjectLamps pl;
    pl.project = &p;
    pl.stale_count = p.stale_count;
    for (WarningRule rule : rules.rules) {
      // A rule listed twice is judged once.
      if (std::any_of(pl.rules.begin(), pl.rules.end(),
                      [rule](const RuleLamp& x) { return x.rule == rule; })) {
        continue;
      }
      switch (rule) {
        case WarningRule::kPlan:
          pl.rules.push_back(plan_lamp(p));
          break;
        case WarningRule::kTimeProgress:
          pl.rules.push_back(time_progress_lamp(p, d.elapsed_ratio, rules));
          break;
        case WarningRule::kMilestones:
          pl.rules.push_back(milestones_lamp(p, year, as_of, rules));
          break;
      }
      pl.lamp = worst(pl.lamp, pl.rules.back().lamp);
    }
    pl.indicators.reserve(p.indicators.size());
    for (const auto& i : p.indicators) pl.indicators.push_back(indicator_lamp(i));
    out.projects.push_back(std::move(pl));
  }
  return out;
}

EvaluationLamps compute_lamps(const Evaluation& evaluation, const WarningPolicy& policy) {
  EvaluationLamps out;
  out.departments.reserve(evaluation.departments.size());
  for (const auto& d : evaluation.departments) {
    const std::string_view code =
        d.department != nullptr ? std::string_view(d.department->code) : std::string_view();
    out.departments.push_back(department_lamps(d, evaluation.as_of, rules_for(policy, code)));
  }
  return out;
}

}  // namespace targetwatch
