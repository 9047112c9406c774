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
    IndicatorStatus::kMet,     IndicatorStatus::kOnTrack, IndicatorStatus::kAtRisk,
    IndicatorStatus::kNotMet,  IndicatorStatus::kPending, IndicatorStatus::kNoData,
    IndicatorStatus::kStale};
std::string_view to_string(IndicatorStatus s);  ///< "met", "on_track", "at_risk", ...

/// Self-evaluation weights (财预〔2020〕10号 by default).
struct ScoreWeights {
  double budget_execution = 10;
  double output = 50;
  double effect = 30;
  double satisfaction = 10;
};

/// Tunables of the evaluation; per-department / per-project tolerances in the targets override
/// `lag_tolerance`.
struct EvaluationSettings {
  double lag_tolerance = 0.05;
  int stale_after_days = 45;
  int pace_window_days = 30;
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
  std::optional<double> actual;        ///< latest level (as_of <= date)
  std::optional<double> expected;      ///< expected-to-date (linear pace: target x elapsed)
  std::optional<double> attainment_ratio;
  std::optional<Date> last_report;
  double progress = 0;  ///< 0..1, what the score uses
  double weight = 0;    ///< points this indicator carries in the project score
  double score = 0;     ///< weight x progress
  ReportAnnotation annotation;
};

struct ProjectEvaluation {
  const Project* project = nullptr;  ///< points into Evaluation::targets
  double budget_yuan = 0;
  double spent_yuan = 0;
  double spent_ratio = 0;
  double planned_ratio = 0;
  double required_ratio = 0;
  double lag_ratio = 0;     ///< planned - spent
  double lag_tolerance = 0.05;
  bool checkpoint_missed = false;  ///< spent < required
  bool lag_exceeded = false;       ///< lag > tolerance
  bool behind_schedule = false;    ///< either of the two
  bool overspent = false;          ///< spent_ratio > 1
  std::optional<Checkpoint> next_checkpoint;  ///< first checkpoint (incl. implied Dec 31) after date
  std::optional<double> required_daily_spend_yuan;
  std::optional<double> recent_pace_ratio;
  std::optional<double> projected_year_end_ratio;
  std::optional<Date> last_spending_report;
  ReportAnnotation spending_annotation;
  double budget_execution_score = 0;
  double score = 0;  ///< 0..100
  std::string grade; ///< 优 良 中 差
  std::vector<IndicatorEvaluation> indicators;
};

struct DepartmentEvaluation {
  const Department* department = nullptr;  ///< points into Evaluation::targets
  double budget_yuan = 0;   ///< sum over projects
  double spent_yuan = 0;
  double planned_yuan = 0;  ///< sum of planned_ratio x budget
  double required_yuan = 0;
  std::vector<IndicatorEvaluation> indicators;  ///< department-wide
  std::vector<ProjectEvaluation> projects;
};

/// A complete, immutable evaluation. Holds the targets it points into.
struct Evaluation {
  std::shared_ptr<const Targets> targets;
  Date as_of;
  double elapsed_ratio = 0;  ///< day-of-year / days-in-year of as_of (clamped to [0,1] per fiscal year)
  std::vector<DepartmentEvaluation> departments;
};

/// Evaluates every department at `as_of`. Only figures with as_of <= `as_of` count. Pure.
Evaluation evaluate(std::shared_ptr<const Targets> targets, const ActualsIndex& actuals,
                    Date as_of, const EvaluationSettings& settings = {});

// Building blocks, exposed for tests and the report.
/// Time-elapsed share of `fiscal_year` at the end of `date` (0 before, 1 after the year).
double elapsed_share(int fiscal_year, Date date);
/// Piecewise-linear planned share through (Jan 1, 0), the checkpoints, and (Dec 31, 1).
double planned_share(const SpendingPlan& plan, int fiscal_year, Date date);
/// Share of the latest checkpoint (incl. the implied Dec 31 = 1.0) dated <= date.
double required_share(const SpendingPlan& plan, int fiscal_year, Date date);
/// 优 >= 90, 良 80-90, 中 60-80, 差 < 60.
std::string_view grade_for(double score);

}  // namespace targetwatch
