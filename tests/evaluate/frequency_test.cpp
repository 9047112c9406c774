// Reporting frequency: defaults by kind, block defaults, staleness per frequency, stale counts.
#include <gtest/gtest.h>

#include "targetwatch/evaluate/evaluation.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::day;
using testing::indicator;
using testing::project;
using testing::record;
using testing::standard_plan;
using testing::targets_with;

// A point-in-time rate (pace none): met while the value holds, so only staleness changes it.
const Indicator kRate =
    indicator("quality-1", Comparator::kGreaterEqual, 95, "%", "产出指标", "质量指标");

IndicatorStatus status_at(const Indicator& ind, const char* reported, const char* as_of,
                          EvaluationSettings settings = {}) {
  const auto ev =
      evaluate(targets_with({project("P1", 100, {}, {ind})}),
               ActualsIndex({record("P1", ind.id, 99, reported)}), day(as_of), settings);
  return ev.departments.at(0).projects.at(0).indicators.at(0).status;
}

TEST(Frequency, NamesRoundTrip) {
  for (Frequency f : {Frequency::kMonthly, Frequency::kQuarterly, Frequency::kHalfYearly,
                      Frequency::kYearly, Frequency::kOnce}) {
    EXPECT_EQ(parse_frequency(to_string(f)), f);
  }
  EXPECT_EQ(to_string(Frequency::kHalfYearly), "half_yearly");
  EXPECT_FALSE(parse_frequency("weekly"));
  EXPECT_EQ(period_days(Frequency::kQuarterly), 92);
  EXPECT_FALSE(period_days(Frequency::kOnce));
}

TEST(Frequency, DefaultsByKind) {
  const FrequencyDefaults defaults;
  EXPECT_EQ(defaults.spending, Frequency::kMonthly);
  EXPECT_EQ(default_frequency(kRate, defaults), Frequency::kQuarterly);
  const auto satisfaction = indicator("satisfaction-1", Comparator::kGreaterEqual, 95, "%",
                                      "满意度指标", "服务对象满意度指标");
  EXPECT_EQ(default_frequency(satisfaction, defaults), Frequency::kYearly);
  const auto deadline = indicator("timeliness-1", Comparator::kDeadline, std::nullopt);
  EXPECT_EQ(default_frequency(deadline, defaults), Frequency::kOnce);
}

TEST(Frequency, OwnThenProjectThenDepartmentThenDefault) {
  Department d;
  Project p;
  Indicator ind = kRate;
  const FrequencyDefaults defaults;
  EXPECT_EQ(effective_frequency(ind, &p, d, defaults), Frequency::kQuarterly);
  d.frequency = Frequency::kHalfYearly;
  EXPECT_EQ(effective_frequency(ind, &p, d, defaults), Frequency::kHalfYearly);
  EXPECT_EQ(effective_frequency(ind, nullptr, d, defaults), Frequency::kHalfYearly);
  p.frequency = Frequency::kMonthly;
  EXPECT_EQ(effective_frequency(ind, &p, d, defaults), Frequency::kMonthly);
  ind.frequency = Frequency::kYearly;
  EXPECT_EQ(effective_frequency(ind, &p, d, defaults), Frequency::kYearly);
}

TEST(Stale, QuarterlyNotStaleAt80DaysStaleAt110) {
  // 2025-03-31 + 80 days = 2025-06-19; + 110 days = 2025-07-19. Limit 92 + 15 = 107.
  EXPECT_EQ(status_at(kRate, "2025-03-31", "2025-06-19"), IndicatorStatus::kMet);
  EXPECT_EQ(status_at(kRate, "2025-03-31", "2025-07-16"), IndicatorStatus::kMet);    // 107
  EXPECT_EQ(status_at(kRate, "2025-03-31", "2025-07-17"), IndicatorStatus::kStale);  // 108
  EXPECT_EQ(status_at(kRate, "2025-03-31", "2025-07-19"), IndicatorStatus::kStale);
}

TEST(Stale, EachFrequencyHasItsOwnLimit) {
  auto monthly = kRate;
  monthly.frequency = Frequency::kMonthly;
  EXPECT_EQ(status_at(monthly, "2025-05-01", "2025-06-16"), IndicatorStatus::kMet);    // 46
  EXPECT_EQ(status_at(monthly, "2025-05-01", "2025-06-17"), IndicatorStatus::kStale);  // 47
  auto yearly = kRate;
  yearly.frequency = Frequency::kYearly;
  EXPECT_EQ(status_at(yearly, "2025-01-02", "2025-12-30"), IndicatorStatus::kMet);
  auto once = kRate;
  once.frequency = Frequency::kOnce;
  EXPECT_EQ(status_at(once, "2025-01-02", "2025-12-30"), IndicatorStatus::kMet);
}

TEST(Stale, GraceIsConfigurable) {
  EvaluationSettings s;
  s.stale_grace_days = 0;
  EXPECT_EQ(status_at(kRate, "2025-03-31", "2025-07-01", s), IndicatorStatus::kMet);    // 92
  EXPECT_EQ(status_at(kRate, "2025-03-31", "2025-07-02", s), IndicatorStatus::kStale);  // 93
}

TEST(Stale, DeprecatedFixedAgeOverridesTheFrequency) {
  EvaluationSettings s;
  s.stale_after_days = 45;
  EXPECT_EQ(status_at(kRate, "2025-03-31", "2025-05-15", s), IndicatorStatus::kMet);    // 45
  EXPECT_EQ(status_at(kRate, "2025-03-31", "2025-05-16", s), IndicatorStatus::kStale);  // 46
}

TEST(Stale, ProjectCountsItsStaleLinesForOneAlert) {
  auto a = kRate;
  auto b = kRate;
  b.id = "quality-2";
  auto c = kRate;
  c.id = "quality-3";
  const auto ev = evaluate(targets_with({project("P1", 100, standard_plan(), {a, b, c})}),
                           ActualsIndex({record("P1", "spending", 10, "2025-03-31"),
                                         record("P1", "quality-1", 99, "2025-03-31"),
                                         record("P1", "quality-2", 99, "2025-07-31")}),
                           day("2025-08-31"));
  const auto& p = ev.departments[0].projects[0];
  EXPECT_EQ(p.indicators[0].status, IndicatorStatus::kStale);  // 153 days
  EXPECT_EQ(p.indicators[1].status, IndicatorStatus::kMet);
  EXPECT_EQ(p.indicators[2].status, IndicatorStatus::kNoData);
  EXPECT_TRUE(p.spending_stale);  // monthly: 153 > 31 + 15
  EXPECT_EQ(p.stale_count, 2);    // one indicator and the spending line
  EXPECT_EQ(p.no_data_count, 1);
  EXPECT_EQ(ev.departments[0].stale_count, 2);
  EXPECT_EQ(ev.departments[0].no_data_count, 1);
}

TEST(Overdue, SpendingNeverReportedIsOverdueAfterAMonthAndGrace) {
  const auto at = [](const char* as_of) {
    return evaluate(targets_with({project("P1", 100, standard_plan())}), ActualsIndex(), day(as_of))
        .departments[0]
        .projects[0]
        .spending_overdue;
  };
  EXPECT_FALSE(at("2025-02-15"));  // 46 days
  EXPECT_TRUE(at("2025-02-16"));   // 47 days
}

TEST(Stale, SpendingIsNeverStaleAfterTheYear) {
  const auto ev =
      evaluate(targets_with({project("P1", 100, standard_plan())}),
               ActualsIndex({record("P1", "spending", 100, "2025-10-31")}), day("2026-01-31"));
  EXPECT_FALSE(ev.departments[0].projects[0].spending_stale);
}

TEST(Overdue, NoDataIsOverdueOnceTheFirstPeriodAndGraceHavePassed) {
  const auto at = [](const Indicator& ind, const char* as_of) {
    const auto ev =
        evaluate(targets_with({project("P1", 100, {}, {ind})}), ActualsIndex(), day(as_of));
    return ev.departments[0].projects[0].indicators[0];
  };
  // Quarterly: 92 + 15 = 107 days after Dec 31, i.e. through 2025-04-17.
  EXPECT_FALSE(at(kRate, "2025-04-17").overdue);
  EXPECT_TRUE(at(kRate, "2025-04-18").overdue);
  EXPECT_EQ(at(kRate, "2025-04-18").status, IndicatorStatus::kNoData);
  // Yearly satisfaction is not overdue during the year.
  const auto satisfaction = indicator("satisfaction-1", Comparator::kGreaterEqual, 95, "%",
                                      "满意度指标", "服务对象满意度指标");
  EXPECT_FALSE(at(satisfaction, "2025-12-30").overdue);
}

}  // namespace
}  // namespace targetwatch
