// Score coverage: no data leaves the score during the year, its weight spread over the reported
// lines; after the year it scores 0; the department headline's two halves.
#include <gtest/gtest.h>

#include "targetwatch/evaluate/evaluation.h"
#include "test_support.h"

// Weights pass through a scale and a division: equal up to rounding.
#define EXPECT_CLOSE(a, b) EXPECT_NEAR((a), (b), 1e-9)

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
const Indicator kEffect =
    indicator("social-1", Comparator::kQualitative, std::nullopt, "", "效益指标", "社会效益指标");
const Indicator kEffect2 =
    indicator("social-2", Comparator::kQualitative, std::nullopt, "", "效益指标", "社会效益指标");
const Indicator kSatisfaction = indicator("satisfaction-1", Comparator::kGreaterEqual, 95, "%",
                                          "满意度指标", "服务对象满意度指标");

Evaluation eval(std::vector<Project> projects, std::vector<ActualRecord> records, const char* as_of,
                std::vector<Indicator> department_wide = {}) {
  auto ev = evaluate(targets_with(std::move(projects), std::move(department_wide)),
                     ActualsIndex(std::move(records)), day(as_of));
  EXPECT_TRUE(all_finite(ev));
  return ev;
}

TEST(Coverage, OnTrackProjectWithTwoQualitativeGapsIsNotPunished) {
  // The case: everything reported is on track, two qualitative indicators have no data.
  const auto ev = eval(
      {project("P1", 100, standard_plan(), {kOutput, kEffect, kEffect2})},
      {record("P1", "spending", 60, "2025-06-30"), record("P1", "quantity-1", 200, "2025-06-30")},
      "2025-06-30");
  const auto& p = ev.departments[0].projects[0];
  // Nominal: budget 10 + output 50 + effect 30 of 90 -> scaled to 100.
  EXPECT_CLOSE(p.indicators[1].nominal_weight, 30 * 100.0 / 90 / 2);
  EXPECT_CLOSE(p.score_coverage_ratio, 60.0 / 90);
  EXPECT_CLOSE(p.score, 100);
  EXPECT_EQ(p.grade, "优");
  // The reported lines carry the missing weight in proportion.
  EXPECT_CLOSE(p.indicators[0].weight, 50.0 / 60 * 100);
  EXPECT_CLOSE(p.budget_execution_score, 10.0 / 60 * 100);
  EXPECT_EQ(p.indicators[1].weight, 0);
}

TEST(Coverage, RedistributionKeepsTheProportionsOfTheReported) {
  // Output at half its expected pace; effect and satisfaction missing.
  const double expected = 350.0 * 181 / 365;
  const auto ev = eval({project("P1", 100, standard_plan(), {kOutput, kEffect, kSatisfaction})},
                       {record("P1", "spending", 60, "2025-06-30"),
                        record("P1", "quantity-1", expected / 2, "2025-06-30")},
                       "2025-06-30");
  const auto& p = ev.departments[0].projects[0];
  EXPECT_CLOSE(p.score_coverage_ratio, 0.6);
  // (10 x 1 + 50 x 0.5) / 0.6
  EXPECT_NEAR(p.score, (10 + 25) / 0.6, 1e-9);
}

TEST(Coverage, NothingReportedScoresNothingAndHasNoGrade) {
  const auto ev = eval({project("P1", 100, standard_plan(), {kOutput})}, {}, "2025-06-30");
  const auto& p = ev.departments[0].projects[0];
  EXPECT_EQ(p.score_coverage_ratio, 0);
  EXPECT_EQ(p.score, 0);
  EXPECT_EQ(p.grade, "");
}

TEST(Coverage, AfterTheYearNoDataScoresZero) {
  const auto ev = eval(
      {project("P1", 100, standard_plan(), {kOutput, kEffect})},
      {record("P1", "spending", 100, "2025-12-31"), record("P1", "quantity-1", 350, "2025-12-31")},
      "2026-01-15");
  const auto& p = ev.departments[0].projects[0];
  EXPECT_CLOSE(p.score_coverage_ratio, 60.0 / 90);
  EXPECT_EQ(p.indicators[1].score, 0);
  EXPECT_CLOSE(p.indicators[1].weight, p.indicators[1].nominal_weight);
  EXPECT_CLOSE(p.score, 6000.0 / 90);
  EXPECT_EQ(p.grade, "中");
}

TEST(Coverage, DepartmentHeadlineHasBothHalves) {
  const auto dept_ind =
      indicator("quantity-1", Comparator::kGreaterEqual, 10, "次", "部门产出", "数量");
  // P1 (budget 300) on track and fully reported: 100. P2 (budget 100) reported spending behind
  // plan only: 0.3/0.6 of the budget execution weight = 50. P3 reported nothing.
  const auto ev = eval(
      {project("P1", 300, standard_plan(), {kOutput}),
       project("P2", 100, standard_plan(), {kOutput}),
       project("P3", 100, standard_plan(), {kOutput})},
      {record("P1", "spending", 180, "2025-06-30"), record("P1", "quantity-1", 200, "2025-06-30"),
       record("P2", "spending", 30, "2025-06-30")},
      "2025-06-30", {dept_ind});
  const auto& d = ev.departments[0];
  EXPECT_CLOSE(d.projects[0].score, 100);
  EXPECT_CLOSE(d.projects[1].score, 50);
  EXPECT_EQ(d.projects[2].score_coverage_ratio, 0);
  // Budget-weighted over the projects with anything reported; P3 only lowers the coverage.
  EXPECT_CLOSE(d.projects_score, (300 * 100 + 100 * 50) / 400.0);
  EXPECT_CLOSE(d.projects_score_coverage_ratio,
               (300 * 1.0 + 100 * d.projects[1].score_coverage_ratio) / 500);
  EXPECT_EQ(d.projects_grade, std::string(grade_for(d.projects_score)));
  // The department-wide half: budget execution over the totals; its indicator has no data.
  EXPECT_CLOSE(d.score_coverage_ratio, 100.0 / 6 / 100);
  EXPECT_EQ(d.indicators[0].status, IndicatorStatus::kNoData);
  EXPECT_CLOSE(d.score, 100 * (210.0 / 500) / (0.6));
}

}  // namespace
}  // namespace targetwatch
