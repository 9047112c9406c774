// Evaluation: the compliance state of every project and indicator at a date (pure; the
// date is a parameter). Implements "Evaluation rules" of docs/design.md.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/evaluate/actuals_index.h"
#include "targetwatch/model/date.h"
#include "targetwatch/model/targets.h"

namespace targetwatch {

enum class IndicatorStatus { kMet, kOnTrack, kAtRisk, kNotMet, kPending, kNoData, kStale };
inline constexpr IndicatorStatus kAllStatuses[] = {
    IndicatorStatus::kMet,    IndicatorStatus::kOnTrack, IndicatorStatus::kAtRisk,
    IndicatorStatus::kNotMet, IndicatorStatus::kPending, IndicatorStatus::kNoData,
    IndicatorStatus::kStale};
std::string_view to_string(IndicatorStatus s);  ///< "met", "on_track", "at_risk", ...

/// Self-evaluation weights (财预〔2020〕10号 by default).
struct ScoreWeights {
  double budget_execution = 10;
  double output = 50;
  double effect = 30;
  double satisfaction = 10;
};

/// The built-in reporting frequency of an indicator (or of spending) that sets none itself and
/// whose project and department set no default either.
struct FrequencyDefaults {
  Frequency spending = Frequency::kMonthly;     ///< 资金执行: the monthly monitoring form
  Frequency satisfaction = Frequency::kYearly;  ///< 满意度: surveyed once a year
  Frequency deadline = Frequency::kOnce;        ///< deadline: reported when done
  Frequency other = Frequency::kQuarterly;      ///< everything else
};

/// Tunables of the evaluation (Settings::evaluation; the defaults are written only here).
/// Per-department / per-project values in the targets override lag_tolerance,
/// indicator_tolerance and the frequency defaults.
struct EvaluationSettings {
  double lag_tolerance = 0.05;
  /// Relative band below expected-to-date that is still on track (linear pace): on track while
  /// actual >= expected x (1 - tolerance).
  double indicator_tolerance = 0.05;
  /// Stale when the last report is older than one period of the indicator's frequency plus this.
  int stale_grace_days = 15;
  /// Deprecated (the settings key of the same name): when set, a fixed maximum report age for
  /// every indicator and spending line instead of frequency + grace. Unset by default.
  std::optional<int> stale_after_days;
  /// A fiscal year is closed this many days after its Dec 31: the default evaluation leaves it
  /// out (it stays available by asking for that fiscal year).
  int close_after_days = 90;
  int pace_window_days = 30;
  FrequencyDefaults frequency;
  ScoreWeights weights;
};

/// Annotations of the latest report of a series (shown in reports and the status JSON).
struct ReportAnnotation {
  std::string note;
  std::string cause;
  std::string likelihood;
  std::optional<double> forecast;
  std::string measure;
};

struct IndicatorEvaluation {
  const Indicator* indicator = nullptr;  ///< points into Evaluation::targets
  IndicatorStatus status = IndicatorStatus::kNoData;
  /// The status before the stale rule replaced it (== status when not stale).
  IndicatorStatus underlying_status = IndicatorStatus::kNoData;
  std::optional<double> actual;    ///< latest level (as_of <= date)
  std::optional<double> expected;  ///< expected-to-date (linear pace: target x elapsed)
  std::optional<double> attainment_ratio;
  std::optional<Date> last_report;
  std::optional<int> report_age_days;  ///< as_of - last_report, in days
  bool settled = false;  ///< cannot change any more (see design.md "stale"); never stale then
  Frequency frequency = Frequency::kQuarterly;  ///< in force (own, project, department, default)
  double tolerance = 0.05;                      ///< indicator_tolerance in force
  /// Counts towards score coverage: anything but no_data (a pending deadline is judged).
  bool covered = false;
  /// no_data and the first report is overdue: the year began longer ago than one period of its
  /// frequency plus the grace (a yearly indicator is not overdue in June; never for kOnce).
  bool overdue = false;
  double progress = 0;        ///< 0..1, what the score uses
  double nominal_weight = 0;  ///< its share of its level's weight, before redistribution
  /// Points it carries in the score: during the year nominal_weight / score_coverage_ratio when
  /// covered and 0 when not; after the year nominal_weight.
  double weight = 0;
  double score = 0;  ///< weight x progress
  ReportAnnotation annotation;
};

struct ProjectEvaluation {
  const Project* project = nullptr;  ///< points into Evaluation::targets
  double budget_yuan = 0;
  double spent_yuan = 0;
  double spent_ratio = 0;
  double planned_ratio = 0;
  double required_ratio = 0;
  double lag_ratio = 0;  ///< planned - spent
  double lag_tolerance = 0.05;
  bool checkpoint_missed = false;  ///< spent < required
  bool lag_exceeded = false;       ///< lag > tolerance
  bool behind_schedule = false;    ///< either of the two
  bool overspent = false;          ///< spent_ratio > 1
  /// The first checkpoint (incl. the implied Dec 31) dated after the evaluation date.
  std::optional<Checkpoint> next_checkpoint;
  std::optional<double> required_daily_spend_yuan;
  std::optional<double> recent_pace_ratio;
  std::optional<double> projected_year_end_ratio;
  std::optional<Date> last_spending_report;
  /// The last spending report is older than one spending period + grace (never after the year).
  bool spending_stale = false;
  /// No spending reported in the year and the first monthly report is overdue (as `overdue`
  /// of an indicator).
  bool spending_overdue = false;
  ReportAnnotation spending_annotation;
  /// Spending by fund source, when reported split (source = fiscal / other): yuan spent and the
  /// execution rate against fiscal_funds / other_funds (null without such records, or the rate
  /// null when that part of the plan is 0).
  std::optional<double> fiscal_spent_yuan;
  std::optional<double> other_spent_yuan;
  std::optional<double> fiscal_spent_ratio;
  std::optional<double> other_spent_ratio;
  double budget_execution_score = 0;  ///< its weight (after redistribution) x its progress
  double score = 0;                   ///< 0..100
  /// Weight share (0..1) of what was reported: budget execution (spending reported, or no budget)
  /// plus every indicator that is not no_data. During the year the score is over this share.
  double score_coverage_ratio = 0;
  std::string grade;  ///< 优 良 中 差; "" when nothing is covered during the year
  /// Stale lines of this project: indicators with status stale, plus 1 when spending_stale
  /// (one stale alert per project).
  int stale_count = 0;
  int no_data_count = 0;  ///< indicators with status no_data
  std::vector<IndicatorEvaluation> indicators;
};

struct DepartmentEvaluation {
  const Department* department = nullptr;  ///< points into Evaluation::targets
  int fiscal_year = 0;                     ///< == department->fiscal_year
  double elapsed_ratio = 0;                ///< time-elapsed share of this department's fiscal year
  double budget_yuan = 0;                  ///< sum over projects
  double spent_yuan = 0;
  double planned_yuan = 0;  ///< sum of planned_ratio x budget
  double required_yuan = 0;
  double spent_ratio = 0;     ///< spent_yuan / budget_yuan (0 when the budget is 0)
  double planned_ratio = 0;   ///< planned_yuan / budget_yuan
  double required_ratio = 0;  ///< required_yuan / budget_yuan
  int behind_schedule_count = 0;
  /// Department-wide self-evaluation: budget execution over the totals plus the department-wide
  /// indicators, weighted like a project.
  double budget_execution_score = 0;
  double score = 0;
  double score_coverage_ratio = 0;  ///< of `score`, as for a project
  std::string grade;
  /// The headline's other half: budget-weighted mean of the project scores (projects with
  /// nothing covered are left out during the year; a plain mean when no budget is known), and
  /// the budget-weighted mean of their coverage ratios.
  double projects_score = 0;
  double projects_score_coverage_ratio = 0;
  std::string projects_grade;  ///< "" when no project is covered during the year
  int stale_count = 0;         ///< sum over projects plus the stale department-wide indicators
  int no_data_count = 0;       ///< likewise
  std::vector<IndicatorEvaluation> indicators;  ///< department-wide
  std::vector<ProjectEvaluation> projects;
};

/// A complete, immutable evaluation. Holds the targets it points into. A department evaluated for
/// two fiscal years appears twice (see DepartmentEvaluation::fiscal_year).
struct Evaluation {
  std::shared_ptr<const Targets> targets;
  Date as_of;
  /// Time-elapsed share of the fiscal year all departments share (0 before, 1 after it); of
  /// as_of's calendar year when their fiscal years differ or there are none.
  double elapsed_ratio = 0;
  std::vector<DepartmentEvaluation> departments;
};

/// Evaluates the departments at `as_of`. Only figures with as_of <= `as_of` count, and only
/// those inside the department's fiscal year (a targets directory may hold several years of a
/// department, and a figure belongs to the year of its as_of). Pure; never produces NaN or
/// infinity.
///
/// Which years: with `fiscal_year` set, exactly the departments of that year (closed or not);
/// otherwise every department-year not closed at as_of (year_closed), and a department all of
/// whose years are closed shows its latest year, so it never vanishes from the monitor.
///
/// Choices where design.md is silent:
/// - Budget <= 0: nothing can be behind schedule; spent/lag ratios are 0, overspent is any
///   spending at all, recent pace / projection are null, budget execution scores full marks.
/// - planned_share 0 (e.g. before the year): budget execution scores full marks.
/// - A date means the end of that day (design.md), so the fiscal year is over at the end of
///   Dec 31 and a deadline has passed at the end of its own day; a figure reported later with an
///   earlier as_of still counts when evaluated again.
/// - Checkpoint / lag comparisons allow 1e-9 of rounding (20.4 / 68 is "30%").
/// - required_daily_spend aims at the next checkpoint; when a plan reached 1.0 early and its
///   last checkpoint has passed, at Dec 31; null once the year is over.
/// - recent_pace_ratio counts reported levels literally: with no report before the window, all
///   spending reported so far falls into it. projected_year_end_ratio = spent_ratio +
///   recent_pace x (1 - planned_ratio), i.e. the rest of the plan at the recent pace (null when
///   the pace is, unless nothing of the plan is left); after the year, the final spent share.
/// - qualitative 0.5: at_risk during the year, not_met after it, attainment 0.5.
/// - deadline without a deadline date: Dec 31; without any report: pending until the deadline,
///   then not_met. A missed deadline is not settled (design.md lists only a met one), so an old
///   report of it goes stale during the year.
/// - After the year a pending indicator (no target) keeps progress 1: it cannot be judged, and
///   scoring it 0 would punish a gap in the targets file, not in the work.
/// - A numeric comparator without a target cannot be judged: pending, no attainment.
/// - Indicators whose 一级指标 is neither output, effect nor satisfaction (e.g. 成本指标 as a
///   top level in newer templates) score with the output level.
/// - Configured weights are scaled so the levels present sum to 100.
Evaluation evaluate(std::shared_ptr<const Targets> targets, const ActualsIndex& actuals, Date as_of,
                    const EvaluationSettings& settings = {},
                    std::optional<int> fiscal_year = std::nullopt);

/// True when `fiscal_year` is closed at the end of `date`: more than close_after_days after its
/// Dec 31 (with 90, 2025 is open through 2026-03-31 and closed from 2026-04-01).
bool year_closed(int fiscal_year, Date date, int close_after_days);
/// The built-in frequency of an indicator by kind: deadline, satisfaction (满意度), other.
Frequency default_frequency(const Indicator& indicator, const FrequencyDefaults& defaults);
/// The frequency in force: the indicator's own, else the project's (may be null), else the
/// department's, else default_frequency.
Frequency effective_frequency(const Indicator& indicator, const Project* project,
                              const Department& department, const FrequencyDefaults& defaults);
/// The report age above which a line is stale: settings.stale_after_days when set, else one
/// period of `frequency` plus stale_grace_days; nullopt (never stale) for kOnce.
std::optional<int> stale_limit_days(Frequency frequency, const EvaluationSettings& settings);

// Building blocks, exposed for tests and the report.
/// Time-elapsed share of `fiscal_year` at the end of `date` (0 before, 1 after the year).
double elapsed_share(int fiscal_year, Date date);
/// Piecewise-linear planned share through (Jan 1, 0), the checkpoints, and (Dec 31, 1).
double planned_share(const SpendingPlan& plan, int fiscal_year, Date date);
/// Share of the latest checkpoint (incl. the implied Dec 31 = 1.0) dated <= date.
double required_share(const SpendingPlan& plan, int fiscal_year, Date date);
/// True when `actual` satisfies `comparator target` (=, >=, <= with relative tolerance 1e-9;
/// qualitative / deadline: actual is 1).
bool comparator_holds(Comparator comparator, double actual, double target);
/// Attainment of a numeric comparator: actual/target for >=,>; target/actual for <=,<;
/// min/max for =; 1 when met; always within [0, 1].
double numeric_attainment(Comparator comparator, double actual, double target);
/// 优 >= 90, 良 80-90, 中 60-80, 差 < 60 (1e-9 of rounding is forgiven at the boundaries).
std::string_view grade_for(double score);

}  // namespace targetwatch
