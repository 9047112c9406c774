// The compliance metric families: names, help texts and order, shared by the collectable and
// the fast writer so that both produce the same exposition (private).
#pragma once

namespace targetwatch::metrics::detail {

struct FamilySpec {
  const char* name;  ///< without the "targetwatch_" prefix
  const char* help;
};

enum FamilyId {
  kDeptInfo,
  kDeptElapsed,
  kDeptBudget,
  kDeptSpent,
  kDeptScore,
  kProjInfo,
  kBudget,
  kSpent,
  kSpentRatio,
  kPlanned,
  kRequired,
  kLag,
  kBehind,
  kOverspent,
  kNextTs,
  kNextRatio,
  kDaily,
  kPace,
  kProjected,
  kLastSpend,
  kProjScore,
  kIndInfo,
  kTarget,
  kActual,
  kExpected,
  kAttain,
  kStatus,
  kLastReport,
  kCount
};
/// Department families come first, then project families, then indicator families.
inline constexpr int kFirstProjectFamily = kProjInfo;
inline constexpr int kFirstIndicatorFamily = kIndInfo;

inline constexpr FamilySpec kFamilies[kCount] = {
    {"department_info", "Department of a targets file (1)."},
    {"department_elapsed_ratio", "Time-elapsed share of the department's fiscal year."},
    {"department_budget_yuan", "Sum of the department's project budgets, in yuan."},
    {"department_spent_yuan", "Cumulative spending of the department's projects, in yuan."},
    {"department_score", "Projected department-wide self-evaluation score (0-100)."},
    {"project_info", "Project of a targets file (1)."},
    {"project_budget_yuan", "Project budget, in yuan."},
    {"project_spent_yuan", "Cumulative spending reported for the project, in yuan."},
    {"project_spent_ratio", "Spent share of the budget."},
    {"project_planned_ratio", "Planned share of the budget by now (spending plan, linear)."},
    {"project_required_ratio", "Share due at the latest checkpoint passed."},
    {"project_spending_lag_ratio", "Planned share minus spent share."},
    {"project_behind_schedule", "1 when a checkpoint was missed or the lag exceeds the tolerance."},
    {"project_overspent", "1 when spending exceeds the budget."},
    {"project_next_checkpoint_timestamp_seconds", "Date of the next spending checkpoint."},
    {"project_next_checkpoint_ratio", "Share of the budget due at the next checkpoint."},
    {"project_required_daily_spend_yuan", "Spending per day needed to meet the next checkpoint."},
    {"project_recent_pace_ratio", "Spending over the trailing window divided by planned spending."},
    {"project_projected_year_end_ratio", "Year-end spent share at the recent pace."},
    {"project_last_spending_report_timestamp_seconds", "As-of date of the latest spending figure."},
    {"project_score", "Projected self-evaluation score of the project (0-100)."},
    {"indicator_info", "Performance indicator of a project or department (1)."},
    {"indicator_target", "Target value of the indicator, in its unit."},
    {"indicator_actual", "Latest reported value of the indicator."},
    {"indicator_expected", "Expected value to date (target x time-elapsed share)."},
    {"indicator_attainment_ratio", "Attainment of the target (0-1)."},
    {"indicator_status", "Status of the indicator: 1 for the current one."},
    {"indicator_last_report_timestamp_seconds", "As-of date of the latest reported value."},
};
}  // namespace targetwatch::metrics::detail
