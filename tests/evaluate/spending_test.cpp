// Spending rules per project: shares, lag, behind schedule, pace, overspending, totals.
#include <gtest/gtest.h>

#include <limits>

#include "targetwatch/evaluate/evaluation.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::all_finite;
using testing::day;
using testing::project;
using testing::record;
using testing::standard_plan;
using testing::targets_with;

const ProjectEvaluation& only_project(const Evaluation& ev) {
  return ev.departments.at(0).projects.at(0);
}

Evaluation eval_one(double budget, std::vector<ActualRecord> records, const char* as_of,
                    SpendingPlan plan = standard_plan(), EvaluationSettings settings = {}) {
  return evaluate(targets_with({project("P1", budget, std::move(plan))}),
                  ActualsIndex(std::move(records)), day(as_of), settings);
}

TEST(Spending, SharesAndMoneyInYuan) {
  const auto ev = eval_one(68, {record("P1", "spending", 23.1, "2025-06-30")}, "2025-06-30");
  const auto& p = only_project(ev);
  EXPECT_DOUBLE_EQ(p.budget_yuan, 680000);
  EXPECT_DOUBLE_EQ(p.spent_yuan, 231000);
  EXPECT_DOUBLE_EQ(p.spent_ratio, 23.1 / 68);
  EXPECT_DOUBLE_EQ(p.planned_ratio, 0.60);
  EXPECT_DOUBLE_EQ(p.required_ratio, 0.60);
  EXPECT_DOUBLE_EQ(p.lag_ratio, 0.60 - 23.1 / 68);
  EXPECT_TRUE(p.checkpoint_missed);
  EXPECT_TRUE(p.lag_exceeded);
  EXPECT_TRUE(p.behind_schedule);
  EXPECT_FALSE(p.overspent);
  ASSERT_TRUE(p.next_checkpoint);
  EXPECT_EQ(p.next_checkpoint->by, day("2025-10-31"));
  EXPECT_DOUBLE_EQ(p.next_checkpoint->share, 0.90);
  ASSERT_TRUE(p.required_daily_spend_yuan);
  EXPECT_DOUBLE_EQ(*p.required_daily_spend_yuan, (0.9 * 680000 - 231000) / 123);
  ASSERT_TRUE(p.last_spending_report);
  EXPECT_EQ(*p.last_spending_report, day("2025-06-30"));
  EXPECT_DOUBLE_EQ(ev.elapsed_ratio, 181.0 / 365);
}

TEST(Spending, OtherAmountUnits) {
  const auto yuan =
      evaluate(targets_with({project("P1", 5000)}, {}, 2025, "元"),
               ActualsIndex({record("P1", "spending", 1000, "2025-03-31")}), day("2025-03-31"));
  EXPECT_DOUBLE_EQ(only_project(yuan).budget_yuan, 5000);
  EXPECT_DOUBLE_EQ(only_project(yuan).spent_yuan, 1000);
  const auto yi = evaluate(targets_with({project("P1", 1.5)}, {}, 2025, "亿元"), ActualsIndex(),
                           day("2025-03-31"));
  EXPECT_DOUBLE_EQ(only_project(yi).budget_yuan, 1.5e8);
}

TEST(Spending, NothingReportedYetIsZero) {
  const auto ev = eval_one(68, {}, "2025-02-15");
  const auto& p = only_project(ev);
  EXPECT_EQ(p.spent_yuan, 0);
  EXPECT_EQ(p.spent_ratio, 0);
  EXPECT_EQ(p.required_ratio, 0);  // before the first checkpoint
  EXPECT_FALSE(p.checkpoint_missed);
  EXPECT_DOUBLE_EQ(p.planned_ratio, 0.30 * 46 / 90);
  EXPECT_FALSE(p.last_spending_report);
  // 46/90 x 0.3 = 0.153 > 0.05: behind on pace though no checkpoint has been missed yet.
  EXPECT_TRUE(p.lag_exceeded);
  EXPECT_TRUE(p.behind_schedule);
}

TEST(Spending, OnTheCheckpointDayExactlyOnPlan) {
  // 20.4 / 68 rounds to 0.30000000000000004 or 0.29999999999999993: both are "30%".
  const auto ev = eval_one(68, {record("P1", "spending", 20.4, "2025-03-31")}, "2025-03-31");
  const auto& p = only_project(ev);
  EXPECT_DOUBLE_EQ(p.required_ratio, 0.30);
  EXPECT_FALSE(p.checkpoint_missed);
  EXPECT_FALSE(p.behind_schedule);
  EXPECT_NEAR(p.lag_ratio, 0, 1e-12);
}

TEST(Spending, DayBeforeAndAfterTheCheckpoint) {
  const std::vector<ActualRecord> r{record("P1", "spending", 19.0, "2025-03-30")};
  const auto before = eval_one(68, r, "2025-03-30");
  EXPECT_EQ(only_project(before).required_ratio, 0);
  EXPECT_FALSE(only_project(before).checkpoint_missed);
  EXPECT_FALSE(only_project(before).behind_schedule);  // lag 0.297 - 0.279 < 0.05
  const auto after = eval_one(68, r, "2025-04-01");
  EXPECT_EQ(only_project(after).required_ratio, 0.30);
  EXPECT_TRUE(only_project(after).checkpoint_missed);
  EXPECT_TRUE(only_project(after).behind_schedule);
  EXPECT_FALSE(only_project(after).lag_exceeded);
}

TEST(Spending, LagToleranceProjectOverridesDepartmentOverridesSettings) {
  // On Jun 30, planned 0.60; spent 0.56 (lag 0.04), required 0.60 so make the checkpoint met by
  // evaluating on Jun 29 instead: required 0.30, planned 0.6 - 0.3/91.
  const std::vector<ActualRecord> r{record("P1", "spending", 0.555 * 100, "2025-06-29")};
  const double lag = (0.6 - 0.3 / 91) - 0.555;
  ASSERT_GT(lag, 0.03);
  ASSERT_LT(lag, 0.05);
  auto targets = std::make_shared<Targets>(*targets_with({project("P1", 100, standard_plan())}));
  {
    const auto ev = evaluate(targets, ActualsIndex(r), day("2025-06-29"));
    EXPECT_DOUBLE_EQ(only_project(ev).lag_tolerance, 0.05);
    EXPECT_FALSE(only_project(ev).behind_schedule);
  }
  targets->departments[0].lag_tolerance = 0.03;
  {
    const auto ev = evaluate(targets, ActualsIndex(r), day("2025-06-29"));
    EXPECT_DOUBLE_EQ(only_project(ev).lag_tolerance, 0.03);
    EXPECT_TRUE(only_project(ev).lag_exceeded);
    EXPECT_TRUE(only_project(ev).behind_schedule);
  }
  targets->departments[0].projects[0].lag_tolerance = 0.1;
  {
    const auto ev = evaluate(targets, ActualsIndex(r), day("2025-06-29"));
    EXPECT_DOUBLE_EQ(only_project(ev).lag_tolerance, 0.1);
    EXPECT_FALSE(only_project(ev).behind_schedule);
  }
  EvaluationSettings strict;
  strict.lag_tolerance = 0.01;
  targets->departments[0].projects[0].lag_tolerance.reset();
  targets->departments[0].lag_tolerance.reset();
  const auto ev = evaluate(targets, ActualsIndex(r), day("2025-06-29"), strict);
  EXPECT_TRUE(only_project(ev).lag_exceeded);
}

TEST(Spending, IncrementsAfterACumulativeFigure) {
  const auto ev = eval_one(100,
                           {record("P1", "spending", 20, "2025-03-31"),
                            record("P1", "spending", 5, "2025-04-30", RecordMode::kIncrement),
                            record("P1", "spending", 7, "2025-05-31", RecordMode::kIncrement)},
                           "2025-06-10");
  EXPECT_DOUBLE_EQ(only_project(ev).spent_ratio, 0.32);
  EXPECT_DOUBLE_EQ(only_project(ev).spent_yuan, 320000);
}

TEST(Spending, LaterRevisionWinsAndFutureFiguresAreInvisible) {
  const auto ev = eval_one(100,
                           {record("P1", "spending", 30, "2025-03-31", RecordMode::kCumulative, 1),
                            record("P1", "spending", 25, "2025-03-31", RecordMode::kCumulative, 4),
                            record("P1", "spending", 90, "2025-07-15", RecordMode::kCumulative, 5)},
                           "2025-06-30");
  const auto& p = only_project(ev);
  EXPECT_DOUBLE_EQ(p.spent_ratio, 0.25);
  EXPECT_EQ(*p.last_spending_report, day("2025-03-31"));
  const auto later = eval_one(100, {record("P1", "spending", 90, "2025-07-15")}, "2025-07-15");
  EXPECT_DOUBLE_EQ(only_project(later).spent_ratio, 0.9);
}

TEST(Spending, FiguresOfAnotherFiscalYearDoNotCount) {
  const auto ev = eval_one(100, {record("P1", "spending", 80, "2024-12-31")}, "2025-01-15");
  EXPECT_EQ(only_project(ev).spent_ratio, 0);
  const auto past = eval_one(
      100, {record("P1", "spending", 95, "2025-12-31"), record("P1", "spending", 10, "2026-01-31")},
      "2026-02-01");
  EXPECT_DOUBLE_EQ(only_project(past).spent_ratio, 0.95);
}

TEST(Spending, Overspending) {
  const auto ev = eval_one(68, {record("P1", "spending", 70, "2025-09-30")}, "2025-09-30");
  const auto& p = only_project(ev);
  EXPECT_TRUE(p.overspent);
  EXPECT_GT(p.spent_ratio, 1);
  EXPECT_FALSE(p.behind_schedule);
  EXPECT_LT(p.lag_ratio, 0);
  EXPECT_DOUBLE_EQ(*p.required_daily_spend_yuan, 0);  // never negative
  EXPECT_TRUE(all_finite(ev));
}

TEST(Spending, ZeroBudgetNeverProducesNaN) {
  const auto none = eval_one(0, {}, "2025-06-30");
  const auto& p = only_project(none);
  EXPECT_TRUE(all_finite(none));
  EXPECT_EQ(p.spent_ratio, 0);
  EXPECT_EQ(p.lag_ratio, 0);
  EXPECT_FALSE(p.behind_schedule);
  EXPECT_FALSE(p.overspent);
  EXPECT_FALSE(p.recent_pace_ratio);
  EXPECT_FALSE(p.projected_year_end_ratio);
  EXPECT_DOUBLE_EQ(p.budget_execution_score, 100);  // no indicators: it carries all the weight
  const auto spent = eval_one(0, {record("P1", "spending", 3, "2025-05-31")}, "2025-06-30");
  EXPECT_TRUE(all_finite(spent));
  EXPECT_TRUE(only_project(spent).overspent);
  EXPECT_DOUBLE_EQ(only_project(spent).spent_yuan, 30000);
}

TEST(Spending, NegativeOrNaNBudgetIsTreatedAsZero) {
  for (double b : {-5.0, std::numeric_limits<double>::quiet_NaN()}) {
    const auto ev = eval_one(b, {record("P1", "spending", 3, "2025-05-31")}, "2025-06-30");
    EXPECT_TRUE(all_finite(ev));
    EXPECT_FALSE(only_project(ev).behind_schedule);
  }
}

TEST(Spending, RecentPaceAndProjection) {
  const auto ev = eval_one(
      68,
      {record("P1", "spending", 10.0, "2025-05-31"), record("P1", "spending", 23.1, "2025-06-30")},
      "2025-06-30");
  const auto& p = only_project(ev);
  // Window: the end of May 31 (day 151) to the end of Jun 30 (day 181).
  const double planned_may31 = 0.3 + 0.3 * (151 - 90) / 91.0;
  const double planned_window_yuan = (0.6 - planned_may31) * 680000;
  ASSERT_TRUE(p.recent_pace_ratio);
  EXPECT_NEAR(*p.recent_pace_ratio, 131000 / planned_window_yuan, 1e-12);
  ASSERT_TRUE(p.projected_year_end_ratio);
  EXPECT_NEAR(*p.projected_year_end_ratio, 23.1 / 68 + *p.recent_pace_ratio * 0.4, 1e-12);
}

TEST(Spending, PaceWindowIsConfigurable) {
  EvaluationSettings s;
  s.pace_window_days = 10;
  const auto ev = eval_one(
      100, {record("P1", "spending", 40, "2025-06-20"), record("P1", "spending", 50, "2025-06-30")},
      "2025-06-30", standard_plan(), s);
  const double planned_window = 0.6 - (0.3 + 0.3 * (171 - 90) / 91.0);
  EXPECT_NEAR(*only_project(ev).recent_pace_ratio, 0.10 / planned_window, 1e-12);
}

TEST(Spending, NoPaceWhenNothingWasPlannedInTheWindow) {
  // Plan reached 1.0 on Jun 30; in Aug nothing more is planned.
  const SpendingPlan plan{{day("2025-06-30"), 1.0}};
  const auto ev = eval_one(100, {record("P1", "spending", 100, "2025-06-30")}, "2025-08-15", plan);
  EXPECT_FALSE(only_project(ev).recent_pace_ratio);
  EXPECT_FALSE(only_project(ev).next_checkpoint);
  EXPECT_DOUBLE_EQ(*only_project(ev).required_daily_spend_yuan, 0);
  EXPECT_DOUBLE_EQ(*only_project(ev).projected_year_end_ratio, 1.0);
}

TEST(Spending, NoProjectionWithoutAPaceWhilePlanRemains) {
  // The plan is flat from Mar 31 to Jun 30: no planned spending in the window, 70% still ahead.
  const SpendingPlan plan{
      {day("2025-03-31"), 0.3}, {day("2025-06-30"), 0.3}, {day("2025-10-31"), 0.9}};
  const auto ev = eval_one(100, {record("P1", "spending", 30, "2025-05-31")}, "2025-06-15", plan);
  EXPECT_FALSE(only_project(ev).recent_pace_ratio);
  EXPECT_FALSE(only_project(ev).projected_year_end_ratio);
  EXPECT_FALSE(only_project(ev).behind_schedule);
}

TEST(Spending, SlowPaceProjectsAShortfall) {
  // 10 spent in June against 30 planned: a third of the pace, applied to the 40% left.
  const auto ev = eval_one(
      100, {record("P1", "spending", 20, "2025-05-31"), record("P1", "spending", 30, "2025-06-30")},
      "2025-06-30");
  const double planned_june = 0.6 - (0.3 + 0.3 * 61 / 91.0);
  EXPECT_NEAR(*only_project(ev).recent_pace_ratio, 0.1 / planned_june, 1e-12);
  EXPECT_NEAR(*only_project(ev).projected_year_end_ratio, 0.3 + 0.1 / planned_june * 0.4, 1e-12);
  EXPECT_LT(*only_project(ev).projected_year_end_ratio, 1.0);
}

TEST(Spending, RequiredDailyAimsAtYearEndOnceAnEarlyFullPlanHasPassed) {
  const SpendingPlan plan{{day("2025-06-30"), 1.0}};
  const auto ev = eval_one(100, {record("P1", "spending", 60, "2025-06-30")}, "2025-12-01", plan);
  EXPECT_DOUBLE_EQ(*only_project(ev).required_daily_spend_yuan, 400000.0 / 30);
  EXPECT_TRUE(only_project(ev).checkpoint_missed);
}

TEST(Spending, BeforeTheFiscalYear) {
  const auto ev = eval_one(100, {}, "2024-12-15");
  const auto& p = only_project(ev);
  EXPECT_EQ(p.planned_ratio, 0);
  EXPECT_EQ(p.required_ratio, 0);
  EXPECT_FALSE(p.behind_schedule);
  EXPECT_FALSE(p.recent_pace_ratio);
  EXPECT_FALSE(p.projected_year_end_ratio);
  ASSERT_TRUE(p.next_checkpoint);
  EXPECT_EQ(p.next_checkpoint->by, day("2025-03-31"));
  // Money can only be spent from Jan 1: 90 days to the first checkpoint.
  EXPECT_DOUBLE_EQ(*p.required_daily_spend_yuan, 0.3 * 1e6 / 90);
  EXPECT_EQ(ev.departments[0].elapsed_ratio, 0);
}

TEST(Spending, AfterTheFiscalYear) {
  const auto ev = eval_one(100, {record("P1", "spending", 97, "2025-12-31")}, "2026-01-20");
  const auto& p = only_project(ev);
  EXPECT_EQ(p.planned_ratio, 1.0);
  EXPECT_EQ(p.required_ratio, 1.0);
  EXPECT_TRUE(p.checkpoint_missed);
  EXPECT_FALSE(p.next_checkpoint);
  EXPECT_FALSE(p.required_daily_spend_yuan);
  EXPECT_DOUBLE_EQ(*p.projected_year_end_ratio, 0.97);
  EXPECT_EQ(ev.departments[0].elapsed_ratio, 1.0);
  EXPECT_EQ(ev.elapsed_ratio, 1.0);
}

TEST(Spending, HeadlineElapsedShareWithMixedFiscalYears) {
  auto t = std::make_shared<Targets>(*targets_with({project("P1", 10)}));
  Department next = t->departments[0];
  next.fiscal_year = 2026;
  t->departments.push_back(next);
  const auto ev = evaluate(t, ActualsIndex(), day("2026-01-10"));
  EXPECT_DOUBLE_EQ(ev.elapsed_ratio, 10.0 / 365);
  EXPECT_EQ(ev.departments[0].elapsed_ratio, 1.0);
  EXPECT_DOUBLE_EQ(ev.departments[1].elapsed_ratio, 10.0 / 365);
}

TEST(Spending, Dec31IsTheLastCheckpoint) {
  const auto ev = eval_one(100, {record("P1", "spending", 92, "2025-12-20")}, "2025-12-30");
  ASSERT_TRUE(only_project(ev).next_checkpoint);
  EXPECT_EQ(only_project(ev).next_checkpoint->by, day("2025-12-31"));
  EXPECT_EQ(only_project(ev).next_checkpoint->share, 1.0);
  EXPECT_DOUBLE_EQ(*only_project(ev).required_daily_spend_yuan, 80000);
}

TEST(Spending, AnnotationOfTheLatestReport) {
  auto old_report = record("P1", "spending", 10, "2025-04-30");
  old_report.note = "旧说明";
  auto latest = record("P1", "spending", 12, "2025-05-31");
  latest.note = "政府采购流程未完成";
  latest.cause = "制度保障";
  latest.likelihood = "有可能";
  latest.forecast = 66;
  latest.measure = "加快采购";
  const auto ev = eval_one(68, {old_report, latest}, "2025-06-30");
  const auto& a = only_project(ev).spending_annotation;
  EXPECT_EQ(a.note, "政府采购流程未完成");
  EXPECT_EQ(a.cause, "制度保障");
  EXPECT_EQ(a.likelihood, "有可能");
  EXPECT_EQ(a.forecast, 66);
  EXPECT_EQ(a.measure, "加快采购");
}

TEST(Spending, DepartmentTotals) {
  const auto ev = evaluate(targets_with({project("P1", 100, standard_plan()),
                                         project("P2", 50, {{day("2025-06-30"), 1.0}})}),
                           ActualsIndex({record("P1", "spending", 60, "2025-06-30"),
                                         record("P2", "spending", 10, "2025-06-30")}),
                           day("2025-06-30"));
  const auto& d = ev.departments.at(0);
  EXPECT_DOUBLE_EQ(d.budget_yuan, 1.5e6);
  EXPECT_DOUBLE_EQ(d.spent_yuan, 0.7e6);
  EXPECT_DOUBLE_EQ(d.planned_yuan, 0.6e6 + 0.5e6);
  EXPECT_DOUBLE_EQ(d.required_yuan, 0.6e6 + 0.5e6);
  EXPECT_DOUBLE_EQ(d.spent_ratio, 0.7 / 1.5);
  EXPECT_EQ(d.behind_schedule_count, 1);
  EXPECT_FALSE(d.projects[0].behind_schedule);
  EXPECT_TRUE(d.projects[1].behind_schedule);
}

TEST(Spending, EmptyTargetsAndEmptyProject) {
  EXPECT_TRUE(evaluate(nullptr, ActualsIndex(), day("2025-06-30")).departments.empty());
  const auto ev = evaluate(targets_with({project("P1", 0)}), ActualsIndex(), day("2025-06-30"));
  EXPECT_TRUE(all_finite(ev));
  EXPECT_EQ(ev.departments[0].spent_ratio, 0);
}

}  // namespace
}  // namespace targetwatch
