// Warning lamps (预警 红/黄/绿) of the monthly review: pure rules over an Evaluation.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/evaluate/evaluation.h"

namespace targetwatch {

/// A warning lamp. The numeric value is the metric's level
/// (targetwatch_project_warning_level: 0 green, 1 yellow, 2 red).
enum class Lamp { kGreen = 0, kYellow = 1, kRed = 2 };
std::string_view to_string(Lamp lamp);   ///< "green", "yellow", "red"
std::string_view lamp_label(Lamp lamp);  ///< "绿灯", "黄灯", "红灯"
inline int level_of(Lamp lamp) { return static_cast<int>(lamp); }
/// The more severe of the two.
inline Lamp worst(Lamp a, Lamp b) { return level_of(a) >= level_of(b) ? a : b; }

/// The built-in rule sets a department can pick.
enum class WarningRule {
  kPlan,          ///< "plan": the project's own spending plan (the default)
  kTimeProgress,  ///< "time-progress": spent share ÷ 序时进度 × 100
  kMilestones,    ///< "milestones": fixed cumulative shares due by month ends
};
std::string_view to_string(WarningRule rule);  ///< "plan", "time-progress", "milestones"
std::optional<WarningRule> parse_warning_rule(std::string_view name);

/// Cumulative share of the budget due by the end of `month` (1-12) of the fiscal year.
struct Milestone {
  int month = 12;
  double share = 1;
  friend bool operator==(const Milestone&, const Milestone&) = default;
};

/// The lamp rules of one department, with their defaults (Settings::warnings holds them as read
/// from [warnings."<code>"]; this is the one place the defaults are written).
struct WarningRules {
  std::vector<WarningRule> rules = {WarningRule::kPlan};
  double time_progress_red = 60;     ///< red below this many percent of 序时进度
  double time_progress_yellow = 80;  ///< yellow below this many percent
  std::vector<Milestone> milestones = {{4, 0.25}, {6, 0.40}, {8, 0.60}, {10, 0.80}};
  friend bool operator==(const WarningRules&, const WarningRules&) = default;
};

/// Rules by department code; the entry "*" applies to departments without their own entry, and
/// WarningRules{} (plan only) when neither exists.
using WarningPolicy = std::map<std::string, WarningRules, std::less<>>;
const WarningRules& rules_for(const WarningPolicy& policy, std::string_view department_code);

/// One rule's verdict on one project.
struct RuleLamp {
  WarningRule rule = WarningRule::kPlan;
  Lamp lamp = Lamp::kGreen;
  /// The figure the rule judged: plan -> lag (share points); time-progress -> the percentage;
  /// milestones -> the spent share minus the share due (negative = short). Null when there was
  /// nothing to judge (no budget, before the year, no milestone yet for the threshold).
  std::optional<double> value;
  std::optional<double> threshold;  ///< what `value` was compared with for the lamp it got
  std::string reason;               ///< short Chinese explanation for the report
};

// --- Project rules. Ratio comparisons forgive 1e-9 like the evaluation does, so a figure that
// --- prints exactly at a threshold counts as reaching it.

/// plan: red when the latest checkpoint (incl. the implied Dec 31 = 100%) was missed
/// (checkpoint_missed), yellow when the lag exceeds the project's tolerance (lag_exceeded),
/// else green. Exactly the evaluation's behind_schedule flags, so metrics agree.
RuleLamp plan_lamp(const ProjectEvaluation& project);

/// time-progress: p = spent_ratio ÷ elapsed_ratio × 100. Red when p < red, yellow when
/// p < yellow, else green (exactly 60 is yellow, exactly 80 green). Green with a null value
/// when nothing has elapsed yet (before Jan 1) or the budget is 0.
RuleLamp time_progress_lamp(const ProjectEvaluation& project, double elapsed_ratio,
                            const WarningRules& rules);

/// milestones: the plan rule applied to the configured schedule instead of the project's own
/// plan. The milestones become checkpoints at their month ends (plus the implied Dec 31 = 100%
/// unless the list already reaches 100%), so required/planned shares follow design.md's
/// required_share/planned_share. Red when the spent share is below the share of the latest
/// milestone whose month end is <= as_of (on the milestone day itself it is due); yellow when
/// the spent share trails the milestone path (straight lines between milestones) by more than
/// the project's lag tolerance; else green. Invalid entries (month outside 1-12, share not in
/// [0,1]) are ignored; shares are made non-decreasing.
RuleLamp milestones_lamp(const ProjectEvaluation& project, int fiscal_year, Date as_of,
                         const WarningRules& rules);

/// Indicator lamp: red when not_met, or at_risk with likelihood 完全不可能; yellow when at_risk;
/// green otherwise (met, on_track, pending). no_data is green: many indicators are only reported
/// at year end, and the report lists them separately. stale judges the underlying status (the
/// lamp says what the last figures mean; staleness is shown as its own status).
Lamp indicator_lamp(const IndicatorEvaluation& indicator);

/// The lamps of one project under the department's rules.
struct ProjectLamps {
  const ProjectEvaluation* project = nullptr;  ///< points into the Evaluation
  std::vector<RuleLamp> rules;                 ///< in the order of WarningRules::rules
  Lamp lamp = Lamp::kGreen;                    ///< worst of `rules` (indicators excluded)
  std::vector<Lamp> indicators;                ///< parallel to project->indicators
  /// Worst of the rule lamps and the indicator lamps.
  Lamp overall() const;
};

struct DepartmentLamps {
  const DepartmentEvaluation* department = nullptr;  ///< points into the Evaluation
  std::vector<Lamp> indicators;                      ///< department-wide, parallel
  std::vector<ProjectLamps> projects;                ///< parallel to department->projects
};

/// Lamps of a whole evaluation; parallel to Evaluation::departments. Holds pointers into the
/// Evaluation, which must outlive it.
struct EvaluationLamps {
  std::vector<DepartmentLamps> departments;
};

/// Applies each department's rules (rules_for) to every project and indicator. Pure.
EvaluationLamps compute_lamps(const Evaluation& evaluation, const WarningPolicy& policy = {});
DepartmentLamps department_lamps(const DepartmentEvaluation& department, Date as_of,
                                 const WarningRules& rules);

}  // namespace targetwatch
