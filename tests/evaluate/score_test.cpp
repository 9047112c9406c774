// Projected self-evaluation score: level weights, redistribution, progress rules, grades.
#include <gtest/gtest.h>

#include "targetwatch/evaluate/evaluation.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::all_finite;
using testing::day;
using testing::indicator;
using testing::project;
using testing::record;
using testing::standard_plan;
using testing::targets_with;

const Indicator kOutput = indicator("quantity-1", Comparator::kGreaterEqual, 350, "件");
const Indicator kOutput2 =
    indicator("quality-1", Comparator::kGreaterEqual, 95, "%", "产出指标", "质量指标");
const Indicator kEffect =
    indicator("social-1", Comparator::kQualitative, std::nullopt, "", "效益指标", "社会效益指标");
const Indicator kSatisfaction = indicator("satisfaction-1", Comparator::kGreaterEqual, 95, "%",
                                          "满意度指标", "服务对象满意度指标");
const Indicator kCostTopLevel =
    indicator("cost-1", Comparator::kLessEqual, 100, "%", "成本指标", "经济成本指标");

ProjectEvaluation score_of(std::vector<Indicator> inds, std::vector<ActualRecord> records,
                           const char* as_of, EvaluationSettings settings = {}) {
  const auto ev = evaluate(targets_with({project("P1", 100, standard_plan(), std::move(inds))}),
                           ActualsIndex(std::move(records)), day(as_of), settings);
  EXPECT_TRUE(all_finite(ev));
  return ev.departments.at(0).projects.at(0);
}

std::vector<ActualRecord> all_good(const char* as_of) {
  return {record("P1", "spending", 60, as_of), record("P1", "quantity-1", 180, as_of),
          record("P1", "social-1", 1, as_of), record("P1", "satisfaction-1", 96, as_of),
          record("P1", "quality-1", 99, as_of)};
}

TEST(Score, EverythingOnScheduleIs100) {
  const auto p = score_of({kOutput, kEffect, kSatisfaction}, all_good("2025-06-30"), "2025-06-30");
  EXPECT_DOUBLE_EQ(p.budget_execution_score, 10);
  EXPECT_DOUBLE_EQ(p.indicators[0].weight, 50);
  EXPECT_DOUBLE_EQ(p.indicators[1].weight, 30);
  EXPECT_DOUBLE_EQ(p.indicators[2].weight, 10);
  EXPECT_DOUBLE_EQ(p.score, 100);
  EXPECT_EQ(p.grade, "优");
}

TEST(Score, LinearProgressAndBudgetExecution) {
  auto records = all_good("2025-06-30");
  records[0].value = 30;   // spent 0.3 of planned 0.6
  records[1].value = 120;  // at risk
  const auto p = score_of({kOutput, kEffect, kSatisfaction}, records, "2025-06-30");
  const double progress = 120 / (350.0 * 181 / 365);
  EXPECT_DOUBLE_EQ(p.budget_execution_score, 5);
  EXPECT_DOUBLE_EQ(p.indicators[0].progress, progress);
  EXPECT_DOUBLE_EQ(p.indicators[0].score, 50 * progress);
  EXPECT_DOUBLE_EQ(p.score, 5 + 50 * progress + 30 + 10);
  EXPECT_EQ(p.grade, std::string(grade_for(p.score)));
}

TEST(Score, IndicatorsShareTheirLevelEqually) {
  const auto p =
      score_of({kOutput, kOutput2, kEffect, kSatisfaction}, all_good("2025-06-30"), "2025-06-30");
  EXPECT_DOUBLE_EQ(p.indicators[0].weight, 25);
  EXPECT_DOUBLE_EQ(p.indicators[1].weight, 25);
  EXPECT_DOUBLE_EQ(p.score, 100);
}

TEST(Score, MissingLevelGivesItsWeightToTheOthersInProportion) {
  auto records = all_good("2025-06-30");
  records[0].value = 30;  // budget execution progress 0.5
  const auto p = score_of({kOutput, kEffect}, records, "2025-06-30");
  EXPECT_DOUBLE_EQ(p.indicators[0].weight, 50 * 100.0 / 90);
  EXPECT_DOUBLE_EQ(p.indicators[1].weight, 30 * 100.0 / 90);
  EXPECT_DOUBLE_EQ(p.budget_execution_score, 0.5 * 10 * 100.0 / 90);
  EXPECT_DOUBLE_EQ(p.score, 100 - 0.5 * 10 * 100.0 / 90);
}

TEST(Score, ProjectWithoutIndicatorsIsBudgetExecutionOnly) {
  const auto half = score_of({}, {record("P1", "spending", 30, "2025-06-30")}, "2025-06-30");
  EXPECT_DOUBLE_EQ(half.score, 50);
  EXPECT_EQ(half.grade, "差");
  const auto ninety = score_of({}, {record("P1", "spending", 54, "2025-06-30")}, "2025-06-30");
  EXPECT_DOUBLE_EQ(ninety.score, 90);
  EXPECT_EQ(ninety.grade, "优");
  const auto eighty = score_of({}, {record("P1", "spending", 48, "2025-06-30")}, "2025-06-30");
  EXPECT_EQ(eighty.grade, "良");
  const auto sixty = score_of({}, {record("P1", "spending", 36, "2025-06-30")}, "2025-06-30");
  EXPECT_EQ(sixty.grade, "中");
  const auto over = score_of({}, {record("P1", "spending", 90, "2025-06-30")}, "2025-06-30");
  EXPECT_DOUBLE_EQ(over.score, 100);  // min(1, spent / planned)
}

TEST(Score, NoDataLeavesTheScoreDuringTheYearPendingScoresFull) {
  auto dl =
      indicator("timeliness-1", Comparator::kDeadline, std::nullopt, "", "效益指标", "社会效益");
  dl.deadline = day("2025-09-30");
  const auto p =
      score_of({kOutput, dl}, {record("P1", "spending", 60, "2025-06-30")}, "2025-06-30");
  EXPECT_EQ(p.indicators[0].status, IndicatorStatus::kNoData);
  EXPECT_EQ(p.indicators[0].score, 0);
  EXPECT_EQ(p.indicators[0].weight, 0);
  EXPECT_GT(p.indicators[0].nominal_weight, 0);
  EXPECT_EQ(p.indicators[1].status, IndicatorStatus::kPending);
  EXPECT_DOUBLE_EQ(p.indicators[1].score, p.indicators[1].weight);
  // Everything judged is on schedule, so the score over what was reported is 100.
  EXPECT_DOUBLE_EQ(p.score, 100);
  EXPECT_DOUBLE_EQ(p.score_coverage_ratio, 1 - p.indicators[0].nominal_weight / 100);
}

TEST(Score, StaleKeepsTheScoreOfItsLastStatus) {
  const auto p = score_of(
      {kOutput2},
      {record("P1", "spending", 60, "2025-06-30"), record("P1", "quality-1", 90, "2025-02-28")},
      "2025-06-30");
  EXPECT_EQ(p.indicators[0].status, IndicatorStatus::kStale);  // 122 days > 92 + 15
  EXPECT_TRUE(p.indicators[0].covered);
  EXPECT_DOUBLE_EQ(p.indicators[0].progress, 90.0 / 95);
}

TEST(Score, TopLevelCostIndicatorsCountWithOutput) {
  const auto p = score_of({kOutput, kCostTopLevel}, all_good("2025-06-30"), "2025-06-30");
  EXPECT_DOUBLE_EQ(p.indicators[0].nominal_weight, p.indicators[1].nominal_weight);
  EXPECT_DOUBLE_EQ(
      p.indicators[0].nominal_weight + p.indicators[1].nominal_weight + 10 * 100.0 / 60, 100);
}

TEST(Score, AfterYearEndIsTheOrdinarySelfEvaluation) {
  const std::vector<ActualRecord> records{record("P1", "spending", 95, "2025-12-31"),
                                          record("P1", "quantity-1", 280, "2025-12-31"),
                                          record("P1", "social-1", 0.5, "2025-12-31"),
                                          record("P1", "satisfaction-1", 99, "2025-12-31")};
  const auto p = score_of({kOutput, kEffect, kSatisfaction}, records, "2026-01-15");
  EXPECT_DOUBLE_EQ(p.budget_execution_score, 9.5);
  EXPECT_DOUBLE_EQ(p.indicators[0].progress, 280.0 / 350);
  EXPECT_DOUBLE_EQ(p.indicators[1].progress, 0.5);
  EXPECT_DOUBLE_EQ(p.score, 9.5 + 40 + 15 + 10);
  EXPECT_EQ(p.grade, "中");
}

TEST(Score, ConfiguredWeights) {
  EvaluationSettings s;
  s.weights = ScoreWeights{20, 40, 30, 10};
  auto records = all_good("2025-06-30");
  records[0].value = 30;
  const auto p = score_of({kOutput, kEffect, kSatisfaction}, records, "2025-06-30", s);
  EXPECT_DOUBLE_EQ(p.budget_execution_score, 10);
  EXPECT_DOUBLE_EQ(p.indicators[0].weight, 40);
  EXPECT_DOUBLE_EQ(p.score, 90);
}

TEST(Score, DepartmentWideBlockIsScoredLikeAProject) {
  const auto dept_ind =
      indicator("quantity-1", Comparator::kGreaterEqual, 10, "次", "部门产出", "数量");
  const auto ev = evaluate(targets_with({project("P1", 100, standard_plan())}, {dept_ind}),
                           ActualsIndex({record("P1", "spending", 30, "2025-06-30"),
                                         record("", "quantity-1", 2, "2025-06-30")}),
                           day("2025-06-30"));
  const auto& d = ev.departments[0];
  // Budget execution over the totals: 0.3 / 0.6; the only level present besides it is output.
  EXPECT_DOUBLE_EQ(d.budget_execution_score, 0.5 * 100.0 / 6);
  const double progress = 2 / (10 * 181.0 / 365);
  EXPECT_DOUBLE_EQ(d.indicators[0].weight, 500.0 / 6);
  EXPECT_DOUBLE_EQ(d.score, 0.5 * 100.0 / 6 + 500.0 / 6 * progress);
  EXPECT_EQ(d.grade, std::string(grade_for(d.score)));
}

}  // namespace
}  // namespace targetwatch
