// Warning lamps (预警 红/黄/绿) of the monthly review: pure rules over an Evaluation.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/evaluate/evaluation.h"

namespace targetwatch {

/// A warning lamp. The numeric value is the metric's level (level_of; the value of
/// targetwatch_project_warning_level / targetwatch_indicator_warning_level):
///    2 red, 1 yellow, 0 green — a judgement of current figures;
///   -1 grey  (未报送: nothing reported yet, so nothing to judge; never green);
///   -2 stale (数据过期: the last report is older than its frequency allows, so the colour it
///            would have is no longer proven).
/// The two "no judgement" lamps are negative on purpose: alert rules written as
/// `warning_level >= 1` / `== 2` and `max by (...)` aggregations keep meaning "the worst
/// judged colour", and `warning_level < 0` selects the lines that lack current data.
enum class Lamp { kGreen = 0, kYellow = 1, kRed = 2, kGrey = -1, kStale = -2 };
inline constexpr Lamp kAllLamps[] = {Lamp::kRed, Lamp::kYellow, Lamp::kGreen, Lamp::kGrey,
                                     Lamp::kStale};
std::string_view to_string(Lamp lamp);  ///< "green", "yellow", "red", "grey", "stale"
std::string_view lamp_label(Lamp lamp);  ///< "绿灯", "黄灯", "红灯", "灰灯（未报送）", "数据过期"
inline int level_of(Lamp lamp) { return static_cast<int>(lamp); }
/// Rank for worst(): red 4 > yellow 3 > stale 2 > grey 1 > green 0 (a line without current data
/// needs more attention than a green one, less than a judged problem).
int severity(Lamp lamp);
/// The more severe of the two (by severity, not by level).
inline Lamp worst(Lamp a, Lamp b) { return severity(a) >= severity(b) ? a : b; }

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
  /// yellow (支出异常快) above this many percent of 序时进度 (e.g. a figure typed in 元 into a
  /// 万元 file); exactly the ceiling is green.
  double time_progress_ceiling = 150;
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
// --- Common to every rule (the first that applies wins):
// ---   overspent (spent > budget)                    -> red, reason 超支 (on every rule);
// ---   the rule's own red / yellow                    -> as described per rule;
// ---   no spending reported in the year               -> grey (未报送支出数据), not green;
// ---   spending_stale                                 -> stale (支出数据过期), not green.

/// plan: red when the latest checkpoint (incl. the implied Dec 31 = 100%) was missed
/// (checkpoint_missed), yellow when the lag exceeds the project's tolerance (lag_exceeded),
/// else green. Exactly the evaluation's behind_schedule flags, so metrics agree.
RuleLamp plan_lamp(const ProjectEvaluation& project);

/// time-progress: p = spent_ratio ÷ elapsed_ratio × 100. Red when p < red, yellow when
/// p < yellow, yellow (支出异常快) when p > ceiling, else green (exactly 60 is yellow, exactly
/// 80 green, exactly 150 green). Green with a null value when nothing has elapsed yet (before
/// Jan 1) or the budget is 0.
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
/// green when met, on_track or pending; grey when no_data (never green); stale when stale,
/// whatever it was before — except a missed deadline, which stays red (no later report can
/// undo it).
Lamp indicator_lamp(const IndicatorEvaluation& indicator);

/// The lamps of one project under the department's rules.
struct ProjectLamps {
  const ProjectEvaluation* project = nullptr;  ///< points into the Evaluation
  std::vector<RuleLamp> rules;                 ///< in the order of WarningRules::rules
  Lamp lamp = Lamp::kGreen;                    ///< worst of `rules` (indicators excluded)
  /// The project's stale lines (ProjectEvaluation::stale_count) for the one grouped alert.
  int stale_count = 0;
  std::vector<Lamp> indicators;  ///< parallel to project->indicators
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
