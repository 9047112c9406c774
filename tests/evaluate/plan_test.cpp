// Time-elapsed share, planned share and required share of a spending plan.
#include <gtest/gtest.h>

#include "targetwatch/evaluate/evaluation.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::day;
using testing::standard_plan;

TEST(ElapsedShare, IsDayOfYearOverDaysInYear) {
  EXPECT_DOUBLE_EQ(elapsed_share(2025, day("2025-01-01")), 1.0 / 365);
  EXPECT_DOUBLE_EQ(elapsed_share(2025, day("2025-03-31")), 90.0 / 365);
  EXPECT_DOUBLE_EQ(elapsed_share(2025, day("2025-06-30")), 181.0 / 365);
  EXPECT_DOUBLE_EQ(elapsed_share(2025, day("2025-12-31")), 1.0);
}

TEST(ElapsedShare, LeapYear) {
  EXPECT_DOUBLE_EQ(elapsed_share(2024, day("2024-06-30")), 182.0 / 366);
  EXPECT_DOUBLE_EQ(elapsed_share(2024, day("2024-02-29")), 60.0 / 366);
}

TEST(ElapsedShare, ClampsOutsideTheFiscalYear) {
  EXPECT_EQ(elapsed_share(2025, day("2024-12-31")), 0.0);
  EXPECT_EQ(elapsed_share(2025, day("2020-05-01")), 0.0);
  EXPECT_EQ(elapsed_share(2025, day("2026-01-01")), 1.0);
  EXPECT_EQ(elapsed_share(2025, day("2031-07-01")), 1.0);
}

TEST(PlannedShare, InterpolatesOnTheDaysElapsedAxis) {
  const SpendingPlan plan = standard_plan();
  // Mar 31 ends day 90, Jun 30 day 181, Oct 31 day 304, Dec 31 day 365.
  EXPECT_DOUBLE_EQ(planned_share(plan, 2025, day("2025-01-31")), 0.30 * 31 / 90);
  EXPECT_DOUBLE_EQ(planned_share(plan, 2025, day("2025-03-30")), 0.30 * 89 / 90);
  EXPECT_DOUBLE_EQ(planned_share(plan, 2025, day("2025-03-31")), 0.30);
  EXPECT_DOUBLE_EQ(planned_share(plan, 2025, day("2025-04-01")), 0.30 + 0.30 * 1 / 91);
  EXPECT_DOUBLE_EQ(planned_share(plan, 2025, day("2025-06-30")), 0.60);
  EXPECT_DOUBLE_EQ(planned_share(plan, 2025, day("2025-11-30")), 0.90 + 0.10 * 30 / 61);
  EXPECT_DOUBLE_EQ(planned_share(plan, 2025, day("2025-12-31")), 1.0);
}

TEST(PlannedShare, ClampsOutsideTheFiscalYear) {
  EXPECT_EQ(planned_share(standard_plan(), 2025, day("2024-12-31")), 0.0);
  EXPECT_EQ(planned_share(standard_plan(), 2025, day("2026-03-01")), 1.0);
}

TEST(PlannedShare, PlanEndingAtOneHoldsAfterItsLastCheckpoint) {
  const SpendingPlan plan{{day("2025-06-30"), 0.5}, {day("2025-10-31"), 1.0}};
  EXPECT_DOUBLE_EQ(planned_share(plan, 2025, day("2025-10-31")), 1.0);
  EXPECT_DOUBLE_EQ(planned_share(plan, 2025, day("2025-11-15")), 1.0);
  EXPECT_DOUBLE_EQ(planned_share(plan, 2025, day("2025-08-31")), 0.5 + 0.5 * 62 / 123);
  EXPECT_DOUBLE_EQ(required_share(plan, 2025, day("2025-11-15")), 1.0);
}

TEST(PlannedShare, EmptyPlanIsTheTimeElapsedShare) {
  for (const char* d : {"2025-01-01", "2025-04-17", "2025-09-30", "2025-12-31"}) {
    EXPECT_DOUBLE_EQ(planned_share({}, 2025, day(d)), elapsed_share(2025, day(d))) << d;
  }
  EXPECT_DOUBLE_EQ(planned_share({}, 2024, day("2024-06-30")), 182.0 / 366);
}

TEST(PlannedShare, LeapYearPositions) {
  const SpendingPlan plan{{day("2024-03-31"), 0.3}};
  // Mar 31 2024 ends day 91.
  EXPECT_DOUBLE_EQ(planned_share(plan, 2024, day("2024-02-29")), 0.3 * 60 / 91);
  EXPECT_DOUBLE_EQ(planned_share(plan, 2024, day("2024-06-30")), 0.3 + 0.7 * 91 / 275);
}

TEST(PlannedShare, ToleratesUnsortedDuplicatedAndOutOfRangeCheckpoints) {
  const SpendingPlan messy{{day("2025-06-30"), 0.6},
                           {day("2025-03-31"), 0.3},
                           {day("2025-06-30"), 0.5},
                           {day("2025-10-31"), 1.7}};
  EXPECT_DOUBLE_EQ(planned_share(messy, 2025, day("2025-03-31")), 0.3);
  EXPECT_DOUBLE_EQ(planned_share(messy, 2025, day("2025-06-30")), 0.6);
  EXPECT_DOUBLE_EQ(planned_share(messy, 2025, day("2025-10-31")), 1.0);  // clamped to 1
  EXPECT_DOUBLE_EQ(planned_share(messy, 2025, day("2025-12-01")), 1.0);
  // A decreasing share never makes the plan go backwards.
  const SpendingPlan decreasing{{day("2025-03-31"), 0.5}, {day("2025-06-30"), 0.4}};
  EXPECT_DOUBLE_EQ(planned_share(decreasing, 2025, day("2025-05-15")), 0.5);
}

TEST(RequiredShare, IsTheLatestCheckpointDue) {
  const SpendingPlan plan = standard_plan();
  EXPECT_EQ(required_share(plan, 2025, day("2024-12-31")), 0.0);
  EXPECT_EQ(required_share(plan, 2025, day("2025-03-30")), 0.0);
  EXPECT_EQ(required_share(plan, 2025, day("2025-03-31")), 0.30);
  EXPECT_EQ(required_share(plan, 2025, day("2025-04-01")), 0.30);
  EXPECT_EQ(required_share(plan, 2025, day("2025-06-30")), 0.60);
  EXPECT_EQ(required_share(plan, 2025, day("2025-12-30")), 0.90);
  EXPECT_EQ(required_share(plan, 2025, day("2025-12-31")), 1.0);  // implied Dec 31
  EXPECT_EQ(required_share(plan, 2025, day("2026-02-01")), 1.0);
  EXPECT_EQ(required_share({}, 2025, day("2025-12-30")), 0.0);
}

TEST(RequiredShare, LastCheckpointOnDec31BelowOneIsRaisedToOne) {
  const SpendingPlan plan{{day("2025-12-31"), 0.95}};
  EXPECT_EQ(required_share(plan, 2025, day("2025-12-31")), 1.0);
  EXPECT_DOUBLE_EQ(planned_share(plan, 2025, day("2025-12-31")), 1.0);
}

TEST(Grade, Boundaries) {
  EXPECT_EQ(grade_for(100), "优");
  EXPECT_EQ(grade_for(90), "优");
  EXPECT_EQ(grade_for(90 - 1e-12), "优");  // rounding noise of a sum of weights
  EXPECT_EQ(grade_for(89.99), "良");
  EXPECT_EQ(grade_for(80), "良");
  EXPECT_EQ(grade_for(79.99), "中");
  EXPECT_EQ(grade_for(60), "中");
  EXPECT_EQ(grade_for(59.99), "差");
  EXPECT_EQ(grade_for(0), "差");
}

}  // namespace
}  // namespace targetwatch
