// The monthly review report (绩效运行监控月度报告): a pure data model built from an Evaluation, its
// warning lamps and the previous month's Evaluation, and its renderings (HTML, Markdown, CSV,
// XLSX).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/evaluate/actuals_index.h"
#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/evaluate/warning.h"
#include "targetwatch/model/result.h"

namespace targetwatch {

enum class ReviewFormat { kHtml, kMarkdown, kCsv, kXlsx };
/// "html", "md" (or "markdown"), "csv", "xlsx".
std::optional<ReviewFormat> parse_review_format(std::string_view name);
std::string_view to_string(ReviewFormat format);  ///< "html", "md", "csv", "xlsx"
/// The HTTP Content-Type of a rendering ("text/html; charset=utf-8", ...).
std::string_view media_type(ReviewFormat format);
std::string_view file_extension(ReviewFormat format);  ///< ".html", ".md", ".csv", ".xlsx"

/// The date of the previous monthly review: the last day of the month before `date`'s month.
/// Also the CLI's default --as-of (relative to today).
Date previous_month_end(Date date);

/// How the "projected full year" of an indicator was obtained.
enum class ProjectionBasis {
  kNone,      ///< nothing reported
  kForecast,  ///< the reporter's forecast
  kLinear,    ///< linear-pace indicator: actual / time-elapsed share at its report date
  kLatest,    ///< the latest value (point-in-time, caps, qualitative, deadline; after the year)
};
std::string_view to_string(ProjectionBasis basis);  ///< "", "forecast", "linear", "latest"

/// Why a line is listed in the "needs attention" section, most severe first.
enum class Attention { kNone, kRed, kYellow, kNoData, kStale };
std::string_view to_string(Attention attention);  ///< "", "red", "yellow", "no_data", "stale"

/// A lamp that moved since the previous review. Moves into or out of grey / stale (no current
/// judgement) are not changes of colour and are not listed (the attention section lists them).
enum class LampChange {
  kNone,
  kNewlyRed,     ///< now red, was not
  kNewlyYellow,  ///< now yellow, was green, grey or stale
  kImproved,     ///< red -> yellow
  kRecovered,    ///< red or yellow -> green
};
std::string_view to_string(LampChange change);  ///< "", "newly_red", "newly_yellow", ...
LampChange lamp_change(Lamp before, Lamp after);

/// One row of the monitoring form (绩效运行监控表).
struct ReviewIndicator {
  std::string id;
  std::string level1, level2, name;  ///< the three levels
  Comparator comparator = Comparator::kQualitative;
  std::optional<double> target;
  std::string unit;
  std::string target_text;  ///< "≥350件", "及时", "2025-07-31前完成"
  std::optional<double> actual;
  std::string actual_text;  ///< "171件", "达成", "已完成", "" when nothing was reported
  std::optional<double> expected;  ///< expected to date (linear pace)
  std::optional<double> projected;
  ProjectionBasis projected_basis = ProjectionBasis::kNone;
  std::string projected_text;
  std::optional<double> attainment_ratio;
  IndicatorStatus status = IndicatorStatus::kNoData;
  IndicatorStatus underlying_status = IndicatorStatus::kNoData;
  Frequency frequency = Frequency::kQuarterly;  ///< in force
  Lamp lamp = Lamp::kGreen;
  Attention attention = Attention::kNone;
  LampChange change = LampChange::kNone;
  std::optional<Lamp> previous_lamp;  ///< null without a previous review
  std::optional<Date> last_report;
  double weight = 0;
  double score = 0;
  ReportAnnotation annotation;
};

/// The spending line of a project and what its chart needs.
struct ReviewSpending {
  double budget_yuan = 0;
  double spent_yuan = 0;
  double spent_ratio = 0;
  double planned_ratio = 0;
  double required_ratio = 0;
  double lag_ratio = 0;
  double lag_tolerance = 0;
  bool checkpoint_missed = false;
  bool lag_exceeded = false;
  bool overspent = false;
  std::optional<Checkpoint> next_checkpoint;
  std::optional<double> required_daily_spend_yuan;
  std::optional<double> recent_pace_ratio;
  std::optional<double> projected_year_end_ratio;
  /// spent_ratio ÷ 序时进度 × 100; null before the year or without a budget.
  std::optional<double> time_progress_pct;
  std::optional<Date> last_report;
  bool stale = false;  ///< the last spending report is older than a month + grace
  ReportAnnotation annotation;
  /// A split plan (fiscal_funds and other_funds both > 0): both execution rates, shown when the
  /// plan is split; the spent figures are null unless spending was reported by source.
  bool split_plan = false;
  double fiscal_funds_yuan = 0;
  double other_funds_yuan = 0;
  std::optional<double> fiscal_spent_yuan;
  std::optional<double> other_spent_yuan;
  std::optional<double> fiscal_spent_ratio;
  std::optional<double> other_spent_ratio;
  /// Chart: the plan's vertices (Jan 1 at 0, each checkpoint, Dec 31 at 1) and the spent share
  /// at each report date up to as_of (empty without an ActualsIndex: then only the current
  /// point, at as_of, is drawn).
  std::vector<Checkpoint> plan_path;
  std::vector<Checkpoint> checkpoints;  ///< the printed checkpoints (markers)
  std::vector<Checkpoint> spent_path;
};

struct ReviewProject {
  std::string code;
  std::string name;
  ReviewSpending spending;
  std::vector<RuleLamp> rules;             ///< the department's lamp rules, in order
  Lamp lamp = Lamp::kGreen;                ///< worst rule lamp (targetwatch_project_warning_level)
  Lamp overall = Lamp::kGreen;             ///< worst of the rule and indicator lamps
  Attention attention = Attention::kNone;  ///< of the spending line
  LampChange change = LampChange::kNone;   ///< of `lamp`
  std::optional<Lamp> previous_lamp;
  double budget_execution_score = 0;
  double score = 0;
  double score_coverage_ratio = 0;  ///< weight share reported (see ProjectEvaluation)
  std::string grade;                ///< "" when nothing is covered during the year
  int stale_count = 0;              ///< stale indicators + the spending line when stale
  int no_data_count = 0;
  std::vector<ReviewIndicator> indicators;
};

/// A line of the "needs attention" section. Stale and no-data lines are grouped: one item per
/// project (or for the department-wide block) with the count in `count` and the names listed in
/// `detail`.
struct ReviewItem {
  Attention attention = Attention::kNone;
  Lamp lamp = Lamp::kGreen;
  std::string project_code;  ///< "" for department-wide indicators
  std::string project_name;
  std::string subject_id;  ///< indicator id, or "spending"
  std::string subject;     ///< indicator name, or 资金执行
  std::string detail;      ///< status and figures, or the rules' reasons
  ReportAnnotation annotation;
  int count = 1;  ///< lines grouped into this item (stale / no data)
};

/// A lamp that changed since the previous review.
struct ReviewChange {
  LampChange change = LampChange::kNone;
  std::string project_code;
  std::string project_name;
  std::string subject_id;
  std::string subject;
  Lamp before = Lamp::kGreen;
  Lamp after = Lamp::kGreen;
};

struct LampCounts {
  int red = 0;
  int yellow = 0;
  int green = 0;
  int grey = 0;   ///< 未报送: nothing reported
  int stale = 0;  ///< 数据过期
  void add(Lamp lamp);
};

struct ReviewDepartment {
  std::string code;
  std::string name;
  int fiscal_year = 0;
  std::string amount_unit;
  double elapsed_ratio = 0;
  double budget_yuan = 0;
  double spent_yuan = 0;
  double planned_yuan = 0;
  double required_yuan = 0;
  double spent_ratio = 0;
  double planned_ratio = 0;
  double required_ratio = 0;
  std::optional<double> time_progress_pct;  ///< department-wide spent ÷ 序时进度 × 100
  std::vector<WarningRule> rules;
  LampCounts project_lamps;    ///< one per project (its worst rule lamp)
  LampCounts indicator_lamps;  ///< department-wide and project indicators
  int no_data_count = 0;
  int stale_count = 0;
  double budget_execution_score = 0;
  /// The headline, two halves each with its coverage: the department-wide self-evaluation
  /// (budget execution over the totals + the department-wide indicators) ...
  double score = 0;
  double score_coverage_ratio = 0;
  std::string grade;
  /// ... and the budget-weighted mean of the project scores.
  double projects_score = 0;
  double projects_score_coverage_ratio = 0;
  std::string projects_grade;
  std::vector<ReviewIndicator> indicators;  ///< department-wide
  std::vector<ReviewProject> projects;
  std::vector<ReviewItem> attention;  ///< red, then yellow, then no data / stale
  std::vector<ReviewChange> changes;  ///< newly red first, then newly yellow, improved, recovered
};

struct ReviewReport {
  Date as_of;
  double elapsed_ratio = 0;
  std::optional<Date> previous_as_of;  ///< null when no previous evaluation was given
  std::vector<ReviewDepartment> departments;
};

struct ReviewOptions {
  WarningPolicy warnings;                 ///< lamp rules by department (see warning.h)
  std::optional<std::string> department;  ///< only this department code
  /// Only this fiscal year; review_at also evaluates it when it is closed (evaluate's selector).
  /// Unset: every year the evaluation holds (by default the years not yet closed).
  std::optional<int> fiscal_year;
};

/// Headers of the review CSV: Chinese for people (UTF-8 with a BOM, so a double-click in Excel
/// on Chinese Windows reads it right; the default), or the English machine names without a BOM
/// (the format before, for scripts; CLI `--csv-headers en`). The columns are the same.
enum class CsvHeaders { kChinese, kEnglish };
std::optional<CsvHeaders> parse_csv_headers(std::string_view name);  ///< "zh", "en"

/// Builds the report. `previous` is the evaluation of the same inputs at previous_month_end
/// (null: no changes section); `actuals` draws the spent line of the charts (may be null).
/// Pure; the evaluations must outlive the call only.
ReviewReport build_review(const Evaluation& current, const Evaluation* previous,
                          const ActualsIndex* actuals, const ReviewOptions& options);

/// Evaluates `targets` + `actuals` at `as_of` and at previous_month_end(as_of) with the same
/// settings, and builds the report. What the CLI and the daemon's GET /report call.
ReviewReport review_at(std::shared_ptr<const Targets> targets, const ActualsIndex& actuals,
                       Date as_of, const EvaluationSettings& settings,
                       const ReviewOptions& options);

std::string render_review_markdown(const ReviewReport& report);
/// One row per line of the monitoring form (department, department indicator, spending,
/// indicator); UTF-8, RFC 4180, figures as plain numbers rounded like the status JSON; every
/// text cell through csv_cell (report/csv.h), so no cell starts a formula.
std::string render_review_csv(const ReviewReport& report,
                              CsvHeaders headers = CsvHeaders::kChinese);
/// A self-contained HTML page (inline CSS, inline SVG), A4 landscape, a page per project.
std::string render_review_html(const ReviewReport& report);
/// The .xlsx bytes: a summary sheet plus one sheet per project, named by the project code plus
/// as much of the name as fits Excel's 31 characters (cut before any bracket). Text is always
/// written as a string cell, never as a formula. Fails only when the workbook cannot be written
/// (libxlsxwriter needs a temporary file) or XLSX support was not built.
Result<std::string> render_review_xlsx(const ReviewReport& report);

/// Renders in `format` (`headers` applies to CSV only). Errors only from XLSX.
Result<std::string> render_review(const ReviewReport& report, ReviewFormat format,
                                  CsvHeaders headers = CsvHeaders::kChinese);
/// Convenience for the daemon: build_review + render_review.
Result<std::string> render_review(const Evaluation& current, const Evaluation* previous,
                                  const ActualsIndex* actuals, const ReviewOptions& options,
                                  ReviewFormat format, CsvHeaders headers = CsvHeaders::kChinese);

}  // namespace targetwatch
