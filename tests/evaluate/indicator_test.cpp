// Indicator rules: every comparator and pace, qualitative, deadline, no_data, stale, attainment.
#include <gtest/gtest.h>

#include <limits>

#include "targetwatch/evaluate/evaluation.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::all_finite;
using testing::day;
using testing::indicator;
using testing::project;
using testing::record;
using testing::targets_with;

struct Outcome {
  Evaluation evaluation;
  const IndicatorEvaluation& get() const {
    return evaluation.departments[0].projects[0].indicators[0];
  }
};

// One project "P1" with the single indicator `ind`, whose series is `values` (value, as_of).
Outcome judge(const Indicator& ind, std::vector<std::pair<double, const char*>> values,
              const char* as_of, EvaluationSettings settings = {}) {
  std::vector<ActualRecord> records;
  for (const auto& [v, d] : values) records.push_back(record("P1", ind.id, v, d));
  Outcome o{evaluate(targets_with({project("P1", 100, {}, {ind})}),
                     ActualsIndex(std::move(records)), day(as_of), settings)};
  EXPECT_TRUE(all_finite(o.evaluation));
  return o;
}

const Indicator kCases = indicator("quantity-1", Comparator::kGreaterEqual, 350, "件");

TEST(LinearPace, DefaultForQuantityCounts) { EXPECT_EQ(effective_pace(kCases), Pace::kLinear); }

TEST(LinearPace, AtRiskBelowExpectedToDate) {
  const auto o = judge(kCases, {{120, "2025-06-30"}}, "2025-06-30");
  const auto& e = o.get();
  EXPECT_EQ(e.status, IndicatorStatus::kAtRisk);
  EXPECT_EQ(e.underlying_status, IndicatorStatus::kAtRisk);
  EXPECT_DOUBLE_EQ(*e.expected, 350.0 * 181 / 365);
  EXPECT_DOUBLE_EQ(*e.actual, 120);
  EXPECT_DOUBLE_EQ(*e.attainment_ratio, 120.0 / 350);
  EXPECT_DOUBLE_EQ(e.progress, 120 / (350.0 * 181 / 365));
  EXPECT_EQ(*e.last_report, day("2025-06-30"));
  EXPECT_EQ(*e.report_age_days, 0);
  EXPECT_FALSE(e.settled);
}

TEST(LinearPace, OnTrackAtOrAboveExpected) {
  const double expected = 350.0 * 181 / 365;
  const auto above = judge(kCases, {{180, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(above.get().status, IndicatorStatus::kOnTrack);
  EXPECT_DOUBLE_EQ(above.get().progress, 1.0);
  const auto exact = judge(kCases, {{expected, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(exact.get().status, IndicatorStatus::kOnTrack);
}

TEST(LinearPace, MetOnceTheFullTargetIsReachedAndThenSettled) {
  const auto o = judge(kCases, {{351, "2025-03-01"}}, "2025-09-30");
  EXPECT_EQ(o.get().status, IndicatorStatus::kMet);  // 213 days old, but settled: not stale
  EXPECT_TRUE(o.get().settled);
  EXPECT_DOUBLE_EQ(*o.get().attainment_ratio, 1.0);  // capped
  EXPECT_DOUBLE_EQ(o.get().progress, 1.0);
}

TEST(LinearPace, NotMetWhenTheYearIsOver) {
  const auto o = judge(kCases, {{300, "2025-12-31"}}, "2026-01-05");
  EXPECT_EQ(o.get().status, IndicatorStatus::kNotMet);
  EXPECT_DOUBLE_EQ(*o.get().attainment_ratio, 300.0 / 350);
  EXPECT_DOUBLE_EQ(o.get().progress, 300.0 / 350);
  EXPECT_TRUE(o.get().settled);
  // A date means the end of that day: at the end of Dec 31 the year is over.
  const auto dec31 = judge(kCases, {{300, "2025-12-31"}}, "2025-12-31");
  EXPECT_EQ(dec31.get().status, IndicatorStatus::kNotMet);
  EXPECT_DOUBLE_EQ(*dec31.get().expected, 350);
  // The day before it is still a shortfall against the pace, not a verdict.
  const auto dec30 = judge(kCases, {{300, "2025-12-30"}}, "2025-12-30");
  EXPECT_EQ(dec30.get().status, IndicatorStatus::kAtRisk);
}

TEST(LinearPace, BeforeTheYearExpectedIsZero) {
  const auto o = judge(kCases, {}, "2024-12-20");
  EXPECT_EQ(o.get().status, IndicatorStatus::kNoData);
  EXPECT_DOUBLE_EQ(*o.get().expected, 0);
}

TEST(LinearPace, StrictGreaterNeedsMoreThanTheTarget) {
  auto ind = kCases;
  ind.comparator = Comparator::kGreater;
  EXPECT_EQ(judge(ind, {{350, "2025-12-31"}}, "2026-01-01").get().status, IndicatorStatus::kNotMet);
  EXPECT_EQ(judge(ind, {{351, "2025-12-31"}}, "2026-01-01").get().status, IndicatorStatus::kMet);
  EXPECT_EQ(judge(ind, {{350, "2025-06-30"}}, "2025-06-30").get().status,
            IndicatorStatus::kOnTrack);
}

TEST(YearEndPace, PendingDuringTheYearJudgedAfter) {
  auto ind = kCases;
  ind.pace = Pace::kYearEnd;
  const auto during = judge(ind, {{10, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(during.get().status, IndicatorStatus::kPending);
  EXPECT_FALSE(during.get().expected);
  EXPECT_DOUBLE_EQ(during.get().progress, 1.0);
  EXPECT_EQ(judge(ind, {{350, "2025-06-30"}}, "2025-06-30").get().status, IndicatorStatus::kMet);
  const auto after = judge(ind, {{10, "2025-12-31"}}, "2026-01-01");
  EXPECT_EQ(after.get().status, IndicatorStatus::kNotMet);
  EXPECT_DOUBLE_EQ(after.get().progress, 10.0 / 350);
}

TEST(NonePace, ComparesTheLatestValue) {
  const auto rate =
      indicator("quality-1", Comparator::kGreaterEqual, 95, "%", "产出指标", "质量指标");
  EXPECT_EQ(effective_pace(rate), Pace::kNone);
  EXPECT_EQ(judge(rate, {{96, "2025-06-30"}}, "2025-06-30").get().status, IndicatorStatus::kMet);
  const auto low = judge(rate, {{96, "2025-05-31"}, {90, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(low.get().status, IndicatorStatus::kNotMet);
  EXPECT_DOUBLE_EQ(*low.get().attainment_ratio, 90.0 / 95);
  EXPECT_DOUBLE_EQ(low.get().progress, 90.0 / 95);
  EXPECT_FALSE(low.get().expected);
  EXPECT_FALSE(low.get().settled);
}

TEST(Caps, LessEqualMetWithinNotMetWhenExceeded) {
  const auto cap = indicator("cost-1", Comparator::kLessEqual, 100, "%", "产出指标", "成本指标");
  const auto within = judge(cap, {{100, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(within.get().status, IndicatorStatus::kMet);
  EXPECT_DOUBLE_EQ(*within.get().attainment_ratio, 1.0);
  const auto over = judge(cap, {{125, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(over.get().status, IndicatorStatus::kNotMet);
  EXPECT_DOUBLE_EQ(*over.get().attainment_ratio, 100.0 / 125);
  const auto zero = judge(cap, {{0, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(zero.get().status, IndicatorStatus::kMet);
  EXPECT_DOUBLE_EQ(*zero.get().attainment_ratio, 1.0);
}

TEST(Caps, StrictLess) {
  const auto cap = indicator("social-1", Comparator::kLess, 0.2, "%", "效益指标", "社会效益指标");
  EXPECT_EQ(judge(cap, {{0.2, "2025-06-30"}}, "2025-06-30").get().status, IndicatorStatus::kNotMet);
  EXPECT_EQ(judge(cap, {{0.1, "2025-06-30"}}, "2025-06-30").get().status, IndicatorStatus::kMet);
}

TEST(Caps, ZeroCapExceeded) {
  const auto cap = indicator("quality-2", Comparator::kLessEqual, 0, "起");
  const auto o = judge(cap, {{2, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(o.get().status, IndicatorStatus::kNotMet);
  EXPECT_DOUBLE_EQ(*o.get().attainment_ratio, 0.0);
}

TEST(Equal, RelativeToleranceOf1e9) {
  const auto eq = indicator("quality-1", Comparator::kEqual, 100, "%", "产出指标", "质量指标");
  EXPECT_EQ(judge(eq, {{100, "2025-06-30"}}, "2025-06-30").get().status, IndicatorStatus::kMet);
  EXPECT_EQ(judge(eq, {{100 * (1 + 1e-12), "2025-06-30"}}, "2025-06-30").get().status,
            IndicatorStatus::kMet);
  EXPECT_EQ(judge(eq, {{100 * (1 + 1e-7), "2025-06-30"}}, "2025-06-30").get().status,
            IndicatorStatus::kNotMet);
  const auto low = judge(eq, {{99, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(low.get().status, IndicatorStatus::kNotMet);
  EXPECT_DOUBLE_EQ(*low.get().attainment_ratio, 0.99);
  const auto high = judge(eq, {{125, "2025-06-30"}}, "2025-06-30");
  EXPECT_DOUBLE_EQ(*high.get().attainment_ratio, 0.8);
}

TEST(Equal, ZeroTargetNeverDividesByZero) {
  const auto zero = indicator("quality-4", Comparator::kEqual, 0, "%", "产出指标", "质量指标");
  const auto ok = judge(zero, {{0, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(ok.get().status, IndicatorStatus::kMet);
  EXPECT_DOUBLE_EQ(*ok.get().attainment_ratio, 1.0);
  const auto bad = judge(zero, {{1, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(bad.get().status, IndicatorStatus::kNotMet);
  EXPECT_DOUBLE_EQ(*bad.get().attainment_ratio, 0.0);
}

TEST(Attainment, ZeroTargetsAndZeroActuals) {
  EXPECT_EQ(numeric_attainment(Comparator::kGreaterEqual, 0, 0), 1.0);
  EXPECT_EQ(numeric_attainment(Comparator::kGreaterEqual, -1, 0), 0.0);
  EXPECT_EQ(numeric_attainment(Comparator::kGreaterEqual, 0, 10), 0.0);
  EXPECT_EQ(numeric_attainment(Comparator::kLessEqual, 0, 0), 1.0);
  EXPECT_EQ(numeric_attainment(Comparator::kLess, 0, 0), 0.0);
  EXPECT_EQ(numeric_attainment(Comparator::kLessEqual, 5, 0), 0.0);
  EXPECT_EQ(numeric_attainment(Comparator::kEqual, 0, 5), 0.0);
  EXPECT_EQ(numeric_attainment(Comparator::kGreaterEqual, 700, 350), 1.0);
  EXPECT_EQ(numeric_attainment(Comparator::kLessEqual, 50, 100), 1.0);
  EXPECT_DOUBLE_EQ(numeric_attainment(Comparator::kGreaterEqual, 175, 350), 0.5);
  EXPECT_DOUBLE_EQ(numeric_attainment(Comparator::kLessEqual, 200, 100), 0.5);
}

TEST(Comparators, ToleranceOnEveryComparator) {
  EXPECT_TRUE(comparator_holds(Comparator::kGreaterEqual, 0.1 + 0.2, 0.3));
  EXPECT_TRUE(comparator_holds(Comparator::kGreaterEqual, 0.3 * (1 - 1e-12), 0.3));
  EXPECT_FALSE(comparator_holds(Comparator::kGreaterEqual, 0.3 * (1 - 1e-8), 0.3));
  EXPECT_FALSE(comparator_holds(Comparator::kGreaterEqual, 0.29, 0.3));
  EXPECT_TRUE(comparator_holds(Comparator::kLessEqual, 0.1 + 0.2, 0.3));
  EXPECT_FALSE(comparator_holds(Comparator::kLess, 0.1 + 0.2, 0.3));
  EXPECT_FALSE(comparator_holds(Comparator::kGreater, 0.1 + 0.2, 0.3));
  EXPECT_TRUE(comparator_holds(Comparator::kGreater, 0.31, 0.3));
  EXPECT_TRUE(comparator_holds(Comparator::kEqual, 0.0, 0.0));
  EXPECT_FALSE(comparator_holds(Comparator::kEqual, 1e-300, 0.0));
}

TEST(Qualitative, MetPartialNotMet) {
  auto q =
      indicator("timeliness-1", Comparator::kQualitative, std::nullopt, "", "产出指标", "时效指标");
  q.expected = "及时";
  const auto met = judge(q, {{1, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(met.get().status, IndicatorStatus::kMet);
  EXPECT_DOUBLE_EQ(*met.get().attainment_ratio, 1.0);
  const auto partial = judge(q, {{0.5, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(partial.get().status, IndicatorStatus::kAtRisk);
  EXPECT_DOUBLE_EQ(*partial.get().attainment_ratio, 0.5);
  EXPECT_DOUBLE_EQ(partial.get().progress, 0.5);
  const auto partial_after = judge(q, {{0.5, "2025-12-31"}}, "2026-01-01");
  EXPECT_EQ(partial_after.get().status, IndicatorStatus::kNotMet);
  EXPECT_DOUBLE_EQ(partial_after.get().progress, 0.5);
  const auto no = judge(q, {{0, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(no.get().status, IndicatorStatus::kNotMet);
  EXPECT_DOUBLE_EQ(*no.get().attainment_ratio, 0.0);
  // The latest assessment counts, not the best one.
  EXPECT_EQ(judge(q, {{1, "2025-05-31"}, {0, "2025-06-30"}}, "2025-06-30").get().status,
            IndicatorStatus::kNotMet);
}

TEST(Deadline, PendingMetNotMet) {
  auto dl =
      indicator("timeliness-2", Comparator::kDeadline, std::nullopt, "", "产出指标", "时效指标");
  dl.deadline = day("2025-07-31");
  const auto waiting = judge(dl, {}, "2025-06-30");
  EXPECT_EQ(waiting.get().status, IndicatorStatus::kPending);
  EXPECT_FALSE(waiting.get().attainment_ratio);
  const auto done = judge(dl, {{1, "2025-07-15"}}, "2025-07-20");
  EXPECT_EQ(done.get().status, IndicatorStatus::kMet);
  EXPECT_DOUBLE_EQ(*done.get().attainment_ratio, 1.0);
  EXPECT_TRUE(done.get().settled);
  const auto on_the_day = judge(dl, {{1, "2025-07-31"}}, "2025-07-31");
  EXPECT_EQ(on_the_day.get().status, IndicatorStatus::kMet);
  const auto missed = judge(dl, {}, "2025-08-01");
  EXPECT_EQ(missed.get().status, IndicatorStatus::kNotMet);
  EXPECT_DOUBLE_EQ(*missed.get().attainment_ratio, 0.0);
  EXPECT_DOUBLE_EQ(missed.get().progress, 0.0);
  const auto late = judge(dl, {{0, "2025-06-30"}, {1, "2025-08-05"}}, "2025-08-10");
  EXPECT_EQ(late.get().status, IndicatorStatus::kNotMet);
  const auto not_yet = judge(dl, {{0, "2025-06-30"}}, "2025-07-10");
  EXPECT_EQ(not_yet.get().status, IndicatorStatus::kPending);
  EXPECT_DOUBLE_EQ(*not_yet.get().attainment_ratio, 0.0);
}

TEST(Deadline, ReconfirmationKeepsTheCompletionDate) {
  auto dl = indicator("timeliness-2", Comparator::kDeadline, std::nullopt);
  dl.deadline = day("2025-07-31");
  const auto o = judge(dl, {{1, "2025-07-15"}, {1, "2025-08-05"}}, "2025-08-10");
  EXPECT_EQ(o.get().status, IndicatorStatus::kMet);
  // A later retraction undoes the completion.
  const auto retracted = judge(dl, {{1, "2025-07-15"}, {0, "2025-07-20"}}, "2025-08-10");
  EXPECT_EQ(retracted.get().status, IndicatorStatus::kNotMet);
}

TEST(Deadline, MissingDeadlineMeansYearEnd) {
  const auto dl = indicator("timeliness-2", Comparator::kDeadline, std::nullopt);
  EXPECT_EQ(judge(dl, {}, "2025-12-30").get().status, IndicatorStatus::kPending);
  // Due at the end of its day.
  EXPECT_EQ(judge(dl, {}, "2025-12-31").get().status, IndicatorStatus::kNotMet);
  EXPECT_EQ(judge(dl, {}, "2026-01-01").get().status, IndicatorStatus::kNotMet);
  EXPECT_EQ(judge(dl, {{1, "2025-12-31"}}, "2026-01-01").get().status, IndicatorStatus::kMet);
}

TEST(Deadline, DueAtTheEndOfItsDay) {
  const auto dl = indicator("timeliness-1", Comparator::kDeadline, std::nullopt);
  auto with_deadline = dl;
  with_deadline.deadline = Date::from_ymd(2025, 7, 31);
  EXPECT_EQ(judge(with_deadline, {}, "2025-07-30").get().status, IndicatorStatus::kPending);
  EXPECT_EQ(judge(with_deadline, {}, "2025-07-31").get().status, IndicatorStatus::kNotMet);
  EXPECT_EQ(judge(with_deadline, {{1, "2025-07-31"}}, "2025-07-31").get().status,
            IndicatorStatus::kMet);
}

TEST(Deadline, MissedDeadlineIsNotSettledSoAnOldReportGoesStale) {
  auto dl = indicator("timeliness-1", Comparator::kDeadline, std::nullopt);
  dl.deadline = Date::from_ymd(2025, 7, 31);
  // A deadline is reported once by default: never stale.
  EXPECT_EQ(judge(dl, {{0, "2025-03-01"}}, "2025-08-10").get().status, IndicatorStatus::kNotMet);
  // Reported monthly: "not done" on March 1 is 162 days old on Aug 10 (limit 31 + 15).
  dl.frequency = Frequency::kMonthly;
  const auto o = judge(dl, {{0, "2025-03-01"}}, "2025-08-10");
  EXPECT_EQ(o.get().underlying_status, IndicatorStatus::kNotMet);
  EXPECT_FALSE(o.get().settled);
  EXPECT_EQ(o.get().status, IndicatorStatus::kStale);
  // A met deadline is settled: the same age does not make it stale.
  const auto met = judge(dl, {{1, "2025-03-01"}}, "2025-08-10");
  EXPECT_EQ(met.get().status, IndicatorStatus::kMet);
  EXPECT_TRUE(met.get().settled);
  // After the year everything is settled.
  EXPECT_EQ(judge(dl, {{0, "2025-03-01"}}, "2026-01-02").get().status, IndicatorStatus::kNotMet);
}

TEST(NoData, NothingReported) {
  const auto rate =
      indicator("quality-1", Comparator::kGreaterEqual, 95, "%", "产出指标", "质量指标");
  const auto o = judge(rate, {}, "2025-06-30");
  EXPECT_EQ(o.get().status, IndicatorStatus::kNoData);
  EXPECT_FALSE(o.get().actual);
  EXPECT_FALSE(o.get().attainment_ratio);
  EXPECT_FALSE(o.get().last_report);
  EXPECT_EQ(o.get().progress, 0);
  // A figure dated after as_of does not exist yet.
  EXPECT_EQ(judge(rate, {{99, "2025-07-01"}}, "2025-06-30").get().status, IndicatorStatus::kNoData);
}

TEST(Stale, OlderThanOnePeriodPlusGraceReplacesTheStatus) {
  auto rate = indicator("quality-1", Comparator::kGreaterEqual, 95, "%", "产出指标", "质量指标");
  rate.frequency = Frequency::kMonthly;                                // limit 31 + 15 = 46 days
  const auto fresh = judge(rate, {{99, "2025-05-15"}}, "2025-06-30");  // 46 days
  EXPECT_EQ(fresh.get().status, IndicatorStatus::kMet);
  const auto stale = judge(rate, {{99, "2025-05-14"}}, "2025-06-30");  // 47 days
  EXPECT_EQ(stale.get().status, IndicatorStatus::kStale);
  EXPECT_EQ(stale.get().underlying_status, IndicatorStatus::kMet);
  EXPECT_EQ(*stale.get().report_age_days, 47);
  EXPECT_DOUBLE_EQ(stale.get().progress, 1.0);  // its last status's score
  const auto stale_low = judge(rate, {{50, "2025-05-14"}}, "2025-06-30");
  EXPECT_EQ(stale_low.get().status, IndicatorStatus::kStale);
  EXPECT_EQ(stale_low.get().underlying_status, IndicatorStatus::kNotMet);
  EXPECT_DOUBLE_EQ(stale_low.get().progress, 50.0 / 95);
}

TEST(Stale, ConfigurableAge) {
  const auto rate =
      indicator("quality-1", Comparator::kGreaterEqual, 95, "%", "产出指标", "质量指标");
  EvaluationSettings s;
  s.stale_after_days = 10;
  EXPECT_EQ(judge(rate, {{99, "2025-06-15"}}, "2025-06-30", s).get().status,
            IndicatorStatus::kStale);
}

TEST(Stale, SettledIndicatorsNeverGoStale) {
  // A cumulative target reached.
  EXPECT_EQ(judge(kCases, {{400, "2025-02-01"}}, "2025-11-30").get().status, IndicatorStatus::kMet);
  // An at-risk cumulative one does go stale (quarterly: after 92 + 15 days).
  const auto behind = judge(kCases, {{20, "2025-02-01"}}, "2025-11-30");
  EXPECT_EQ(behind.get().status, IndicatorStatus::kStale);
  EXPECT_EQ(behind.get().underlying_status, IndicatorStatus::kAtRisk);
  // Any status after the fiscal year ended.
  const auto after = judge(kCases, {{20, "2025-02-01"}}, "2026-03-01");
  EXPECT_EQ(after.get().status, IndicatorStatus::kNotMet);
  // A deadline met.
  auto dl = indicator("timeliness-2", Comparator::kDeadline, std::nullopt);
  dl.deadline = day("2025-07-31");
  EXPECT_EQ(judge(dl, {{1, "2025-03-01"}}, "2025-11-30").get().status, IndicatorStatus::kMet);
  // A pending deadline with an old "not yet" report is stale when it is reported regularly.
  EXPECT_EQ(judge(dl, {{0, "2025-03-01"}}, "2025-06-30").get().status, IndicatorStatus::kPending);
  dl.frequency = Frequency::kMonthly;
  EXPECT_EQ(judge(dl, {{0, "2025-03-01"}}, "2025-06-30").get().status, IndicatorStatus::kStale);
}

TEST(Indicators, MissingTargetCannotBeJudged) {
  const auto no_target = indicator("quantity-9", Comparator::kGreaterEqual, std::nullopt);
  const auto o = judge(no_target, {{5, "2025-06-30"}}, "2025-06-30");
  EXPECT_EQ(o.get().status, IndicatorStatus::kPending);
  EXPECT_FALSE(o.get().attainment_ratio);
  EXPECT_FALSE(o.get().expected);
  auto nan_target = no_target;
  nan_target.target = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(judge(nan_target, {{5, "2025-06-30"}}, "2025-06-30").get().status,
            IndicatorStatus::kPending);
}

TEST(Indicators, IncrementsAccumulate) {
  const ActualsIndex index({record("P1", "quantity-1", 100, "2025-03-31"),
                            record("P1", "quantity-1", 80, "2025-04-30", RecordMode::kIncrement),
                            record("P1", "quantity-1", 90, "2025-05-31", RecordMode::kIncrement)});
  const auto ev =
      evaluate(targets_with({project("P1", 100, {}, {kCases})}), index, day("2025-06-10"));
  EXPECT_DOUBLE_EQ(*ev.departments[0].projects[0].indicators[0].actual, 270);
}

TEST(Indicators, AnnotationIsCopiedFromTheLatestReport) {
  auto r = record("P1", "quantity-1", 120, "2025-06-30");
  r.note = "二季度案件量少于预期";
  r.cause = "其他";
  r.likelihood = "有可能";
  r.forecast = 330;
  r.measure = "加强宣传";
  const auto ev = evaluate(targets_with({project("P1", 100, {}, {kCases})}), ActualsIndex({r}),
                           day("2025-07-01"));
  const auto& a = ev.departments[0].projects[0].indicators[0].annotation;
  EXPECT_EQ(a.note, "二季度案件量少于预期");
  EXPECT_EQ(a.cause, "其他");
  EXPECT_EQ(a.likelihood, "有可能");
  EXPECT_EQ(a.forecast, 330);
  EXPECT_EQ(a.measure, "加强宣传");
}

TEST(Indicators, DepartmentWideIndicatorsUseAnEmptyProject) {
  const auto exams =
      indicator("quantity-1", Comparator::kGreaterEqual, 1, "次", "部门产出", "数量");
  const auto ev = evaluate(targets_with({}, {exams}),
                           ActualsIndex({record("", "quantity-1", 1, "2025-05-10"),
                                         record("P1", "quantity-1", 0, "2025-05-10")}),
                           day("2025-06-30"));
  ASSERT_EQ(ev.departments[0].indicators.size(), 1u);
  EXPECT_EQ(ev.departments[0].indicators[0].status, IndicatorStatus::kMet);
  EXPECT_DOUBLE_EQ(*ev.departments[0].indicators[0].actual, 1);
}

TEST(Indicators, StatusNames) {
  EXPECT_EQ(to_string(IndicatorStatus::kMet), "met");
  EXPECT_EQ(to_string(IndicatorStatus::kOnTrack), "on_track");
  EXPECT_EQ(to_string(IndicatorStatus::kAtRisk), "at_risk");
  EXPECT_EQ(to_string(IndicatorStatus::kNotMet), "not_met");
  EXPECT_EQ(to_string(IndicatorStatus::kPending), "pending");
  EXPECT_EQ(to_string(IndicatorStatus::kNoData), "no_data");
  EXPECT_EQ(to_string(IndicatorStatus::kStale), "stale");
}

}  // namespace
}  // namespace targetwatch
