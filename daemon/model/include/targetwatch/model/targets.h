// The targets model: departments, projects, spending plans and performance indicators (绩效目标).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/model/date.h"

namespace targetwatch {

/// How an indicator's printed value is compared with the actual figure.
enum class Comparator {
  kGreaterEqual,
  kLessEqual,
  kEqual,
  kGreater,
  kLess,
  kQualitative,
  kDeadline
};

/// How a cumulative target is expected to accrue during the year.
enum class Pace {
  kLinear,   ///< 序时: expected-to-date = target x time-elapsed share
  kYearEnd,  ///< only judged at year end
  kNone,     ///< point-in-time value (rates, costs, satisfaction)
};

/// How often an indicator is reported (监控频次). Staleness is measured against it.
enum class Frequency { kMonthly, kQuarterly, kHalfYearly, kYearly, kOnce };

/// The self-evaluation level an indicator belongs to, derived from its 一级指标.
enum class IndicatorLevel { kOutput, kEffect, kSatisfaction, kOther };

std::string_view to_string(Comparator c);  ///< ">=", "<=", "=", ">", "<", "qualitative", "deadline"
std::optional<Comparator> parse_comparator(std::string_view s);  ///< also accepts ≥ ≤ ＝ etc.
std::string_view to_string(Pace p);                              ///< "linear", "year_end", "none"
std::optional<Pace> parse_pace(std::string_view s);
/// "monthly", "quarterly", "half_yearly", "yearly", "once".
std::string_view to_string(Frequency f);
std::optional<Frequency> parse_frequency(std::string_view s);
/// The longest length of one period in days (31, 92, 184, 366), so a report made on time is never
/// stale; nullopt for kOnce (reported once, never due again).
std::optional<int> period_days(Frequency f);
/// 产出指标/部门产出 -> output; 效益指标/效果 -> effect; 满意度 -> satisfaction.
IndicatorLevel classify_level(std::string_view level1, std::string_view level2);
/// The id category of a 二级指标 per the id convention: 数量 -> "quantity", 质量 -> "quality",
/// 时效 -> "timeliness", 成本 -> "cost", 经济效益 -> "economic", 社会效益 -> "social",
/// 生态效益 -> "ecological", 可持续影响 -> "sustainability", 满意度 -> "satisfaction";
/// anything else -> "indicator".
std::string_view id_category(std::string_view level2);

/// One row of a 绩效目标表 (or of the department-wide table).
struct Indicator {
  std::string id;  ///< unique within its project / department block; see id_category
  std::string level1;
  std::string level2;
  std::string name;
  std::string description;
  Comparator comparator = Comparator::kQualitative;
  std::optional<double> target;  ///< required for >=, <=, =, >, <
  std::string unit;      ///< as printed after the number ("件", "%", "万元/月"); may be empty
  std::string expected;  ///< qualitative: the printed goal ("及时")
  std::optional<Date> deadline;  ///< deadline comparator
  std::optional<Pace> pace;      ///< as written in the file; see effective_pace()
  /// How often it is reported; unset = the project's / department's default, else the built-in
  /// default by kind (evaluate's FrequencyDefaults).
  std::optional<Frequency> frequency;
  /// Relative tolerance below expected-to-date (linear pace) that still counts as on track;
  /// unset = the project's / department's indicator_tolerance, else the daemon's.
  std::optional<double> tolerance;
  std::string basis;
  /// Not part of the contract: a remark the writer emits as a TOML comment (e.g. the importer's
  /// "uncertain reading" notes). Never read back from files.
  std::string remark;

  friend bool operator==(const Indicator&, const Indicator&) = default;
};

/// The pace rule in force: the explicit one, else linear for >=/> on non-% units, else none.
Pace effective_pace(const Indicator& indicator);

/// A cumulative share of the budget due by a date (资金支出计划).
struct Checkpoint {
  Date by;
  double share = 0;  ///< 0..1
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

/// Checkpoints in increasing date order, shares non-decreasing.
using SpendingPlan = std::vector<Checkpoint>;

/// One budget project (项目) with its plan and indicators.
struct Project {
  std::string code;  ///< 项目编码, unique within the department
  std::string name;
  double budget = 0;  ///< 预算数, in the department's amount_unit
  double fiscal_funds = 0;
  double other_funds = 0;
  std::string purpose;
  std::vector<std::string> goals;
  SpendingPlan spending_plan;
  std::optional<double> lag_tolerance;        ///< overrides the department / daemon default
  std::optional<double> indicator_tolerance;  ///< default tolerance of its indicators
  std::optional<Frequency> frequency;         ///< default frequency of its indicators
  std::vector<Indicator> indicators;
  std::string remark;  ///< writer comment, never read back

  friend bool operator==(const Project&, const Project&) = default;
};

/// A line of one of the department's budget summary tables (收支总表, 支出总表, 基本支出,
/// 三公经费), kept as published facts for cross-checks and reports.
struct BudgetLine {
  std::string table;  ///< e.g. "支出总表"
  std::string code;   ///< 科目编码 (may be empty)
  std::string name;   ///< 科目名称 / 项目
  /// Column name -> amount in amount_unit, in printed column order.
  std::vector<std::pair<std::string, double>> amounts;

  friend bool operator==(const BudgetLine&, const BudgetLine&) = default;
};

/// One department's targets for one fiscal year (one targets file).
struct Department {
  std::string code;  ///< as printed ("375")
  std::string name;
  int fiscal_year = 0;
  std::string amount_unit = "万元";  ///< unit of every money amount: "元", "万元" or "亿元"
  std::optional<double> lag_tolerance;
  std::optional<double> indicator_tolerance;  ///< default tolerance of its indicators
  std::optional<Frequency> frequency;         ///< default frequency of its indicators
  std::vector<Indicator> indicators;          ///< department-wide (部门整体支出绩效指标)
  std::vector<Project> projects;
  std::vector<BudgetLine> budget_lines;

  friend bool operator==(const Department&, const Department&) = default;
};

/// Everything loaded from the targets directory. A department may appear once per fiscal year
/// (the same code with different fiscal_year), in load order.
struct Targets {
  std::vector<Department> departments;

  /// The first loaded year of the department `code` (use it to test that a code exists).
  const Department* find_department(std::string_view code) const;
  /// The department `code` of `fiscal_year`, if loaded.
  const Department* find_department(std::string_view code, int fiscal_year) const;
  friend bool operator==(const Targets&, const Targets&) = default;
};

/// The reserved indicator id naming a project's cumulative spending.
inline constexpr std::string_view kSpendingIndicator = "spending";
/// Its printed name (the template's 指标名称 of the spending row; accepted in place of the id).
inline constexpr std::string_view kSpendingName = "资金支出";

}  // namespace targetwatch
