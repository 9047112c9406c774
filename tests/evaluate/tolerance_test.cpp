// indicator_tolerance: the band below expected-to-date that is still on track, and its overrides.
#include <gtest/gtest.h>

#include "targetwatch/evaluate/evaluation.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::day;
using testing::indicator;
using testing::project;
using testing::record;
using testing::targets_with;

// 350 cases a year; at 2025-06-30 expected-to-date is 350 x 181/365 = 173.56...
const Indicator kCases = indicator("quantity-1", Comparator::kGreaterEqual, 350, "件");
const double kExpected = 350.0 * 181 / 365;

IndicatorStatus status_of(std::shared_ptr<const Targets> targets, double actual,
                          EvaluationSettings settings = {}) {
  const auto ev =
      evaluate(std::move(targets), ActualsIndex({record("P1", "quantity-1", actual, "2025-06-30")}),
               day("2025-06-30"), settings);
  return ev.departments.at(0).projects.at(0).indicators.at(0).status;
}

std::shared_ptr<const Targets> one(const Indicator& ind) {
  return targets_with({project("P1", 100, {}, {ind})});
}

TEST(Tolerance, DefaultBandIsFivePercentOfExpected) {
  const double edge = kExpected * 0.95;
  EXPECT_EQ(status_of(one(kCases), edge), IndicatorStatus::kOnTrack);
  EXPECT_EQ(status_of(one(kCases), edge - 0.01), IndicatorStatus::kAtRisk);
  // The case: 231 against an expected 233.01 is within the band.
  auto big = kCases;
  big.target = 233.01 * 365 / 181;
  EXPECT_EQ(status_of(one(big), 231), IndicatorStatus::kOnTrack);
}

TEST(Tolerance, SettingsThenDepartmentThenProjectThenIndicator) {
  const double actual = kExpected * 0.85;  // 15% short
  EvaluationSettings s;
  EXPECT_EQ(status_of(one(kCases), actual, s), IndicatorStatus::kAtRisk);
  s.indicator_tolerance = 0.2;
  EXPECT_EQ(status_of(one(kCases), actual, s), IndicatorStatus::kOnTrack);
  s.indicator_tolerance = 0;
  EXPECT_EQ(status_of(one(kCases), kExpected - 0.001, s), IndicatorStatus::kAtRisk);

  auto targets = std::make_shared<Targets>(*one(kCases));
  targets->departments[0].indicator_tolerance = 0.2;
  EXPECT_EQ(status_of(targets, actual), IndicatorStatus::kOnTrack);
  targets->departments[0].projects[0].indicator_tolerance = 0.1;
  EXPECT_EQ(status_of(targets, actual), IndicatorStatus::kAtRisk);
  targets->departments[0].projects[0].indicators[0].tolerance = 0.15;
  EXPECT_EQ(status_of(targets, actual), IndicatorStatus::kOnTrack);
}

TEST(Tolerance, TheBandDoesNotChangeTheProgressOrMet) {
  const auto ev = evaluate(
      one(kCases), ActualsIndex({record("P1", "quantity-1", kExpected * 0.97, "2025-06-30")}),
      day("2025-06-30"));
  const auto& e = ev.departments[0].projects[0].indicators[0];
  EXPECT_EQ(e.status, IndicatorStatus::kOnTrack);
  EXPECT_DOUBLE_EQ(e.tolerance, 0.05);
  EXPECT_NEAR(e.progress, 0.97, 1e-12);
}

}  // namespace
}  // namespace targetwatch
