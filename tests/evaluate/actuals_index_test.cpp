// ActualsIndex: revision resolution, ordering, increments and lookups.
#include "targetwatch/evaluate/actuals_index.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_support.h"

namespace targetwatch {
namespace {

using testing::day;
using testing::record;

TEST(ActualsIndex, EmptyIndexHasNoSeries) {
  const ActualsIndex index;
  EXPECT_EQ(index.record_count(), 0u);
  EXPECT_EQ(index.series_count(), 0u);
  EXPECT_TRUE(index.series("375", "P1", "spending").empty());
  EXPECT_EQ(index.latest("375", "P1", "spending", day("2025-06-30")), nullptr);
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-06-30")), 0.0);
}

TEST(ActualsIndex, OrdersPointsByDateWhateverTheInputOrder) {
  const ActualsIndex index({record("P1", "spending", 30, "2025-06-30"),
                            record("P1", "spending", 10, "2025-03-31"),
                            record("P1", "spending", 20, "2025-04-30")});
  const auto s = index.series("375", "P1", "spending");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].as_of, day("2025-03-31"));
  EXPECT_EQ(s[1].as_of, day("2025-04-30"));
  EXPECT_EQ(s[2].as_of, day("2025-06-30"));
  EXPECT_EQ(s[1].level, 20);
  EXPECT_EQ(index.series_count(), 1u);
  EXPECT_EQ(index.record_count(), 3u);
}

TEST(ActualsIndex, HighestRevisionWinsRegardlessOfInputOrder) {
  const ActualsIndex index({record("P1", "q-1", 7, "2025-05-31", RecordMode::kCumulative, 5),
                            record("P1", "q-1", 9, "2025-05-31", RecordMode::kCumulative, 2)});
  const auto s = index.series("375", "P1", "q-1");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].level, 7);
  ASSERT_NE(s[0].record, nullptr);
  EXPECT_EQ(s[0].record->revision, 5);
}

TEST(ActualsIndex, EqualRevisionsResolveToTheLaterInput) {
  const ActualsIndex index({record("P1", "q-1", 7, "2025-05-31", RecordMode::kCumulative, 3),
                            record("P1", "q-1", 8, "2025-05-31", RecordMode::kCumulative, 3)});
  ASSERT_EQ(index.series("375", "P1", "q-1").size(), 1u);
  EXPECT_EQ(index.level_at("375", "P1", "q-1", day("2025-05-31")), 8);
}

TEST(ActualsIndex, IncrementsAddToThePrecedingLevel) {
  const ActualsIndex index({record("P1", "spending", 10, "2025-03-31"),
                            record("P1", "spending", 5, "2025-04-30", RecordMode::kIncrement),
                            record("P1", "spending", 3, "2025-05-31", RecordMode::kIncrement),
                            record("P1", "spending", 40, "2025-06-30"),
                            record("P1", "spending", 2, "2025-07-31", RecordMode::kIncrement)});
  const auto s = index.series("375", "P1", "spending");
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[1].level, 15);
  EXPECT_EQ(s[1].reported, 5);
  EXPECT_EQ(s[1].mode, RecordMode::kIncrement);
  EXPECT_EQ(s[2].level, 18);
  EXPECT_EQ(s[3].level, 40);  // a cumulative figure resets the level
  EXPECT_EQ(s[4].level, 42);
}

TEST(ActualsIndex, IncrementWithoutPrecedingPointStartsFromZero) {
  const ActualsIndex index({record("P1", "spending", 4, "2025-02-28", RecordMode::kIncrement)});
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-03-01")), 4);
}

TEST(ActualsIndex, IncrementsDoNotCarryLastYearsTotal) {
  const ActualsIndex index({record("P1", "spending", 60, "2024-12-31"),
                            record("P1", "spending", 4, "2025-01-31", RecordMode::kIncrement)});
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-01-31")), 4);
}

TEST(ActualsIndex, RevisedIncrementReplacesTheOriginal) {
  const ActualsIndex index({record("P1", "spending", 10, "2025-03-31"),
                            record("P1", "spending", 5, "2025-04-30", RecordMode::kIncrement, 1),
                            record("P1", "spending", 6, "2025-04-30", RecordMode::kIncrement, 2)});
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-04-30")), 16);
}

TEST(ActualsIndex, LatestRespectsTheDate) {
  const ActualsIndex index(
      {record("P1", "spending", 10, "2025-03-31"), record("P1", "spending", 20, "2025-06-30")});
  EXPECT_EQ(index.latest("375", "P1", "spending", day("2025-03-30")), nullptr);
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-03-31")), 10);
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-06-29")), 10);
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-06-30")), 20);
  EXPECT_EQ(index.latest("375", "P1", "spending", day("2030-01-01"))->as_of, day("2025-06-30"));
}

TEST(ActualsIndex, KeysDistinguishDepartmentProjectAndIndicator) {
  const ActualsIndex index({record("P1", "q-1", 1, "2025-03-31", RecordMode::kCumulative, 0, "A"),
                            record("P1", "q-1", 2, "2025-03-31", RecordMode::kCumulative, 0, "B"),
                            record("P2", "q-1", 3, "2025-03-31", RecordMode::kCumulative, 0, "A"),
                            record("", "q-1", 4, "2025-03-31", RecordMode::kCumulative, 0, "A"),
                            // "P1"+"q" vs "P"+"1q" must not collide
                            record("P", "1q-1", 5, "2025-03-31", RecordMode::kCumulative, 0, "A")});
  const Date d = day("2025-12-31");
  EXPECT_EQ(index.series_count(), 5u);
  EXPECT_EQ(index.level_at("A", "P1", "q-1", d), 1);
  EXPECT_EQ(index.level_at("B", "P1", "q-1", d), 2);
  EXPECT_EQ(index.level_at("A", "P2", "q-1", d), 3);
  EXPECT_EQ(index.level_at("A", "", "q-1", d), 4);
  EXPECT_EQ(index.level_at("A", "P", "1q-1", d), 5);
  EXPECT_TRUE(index.series("C", "P1", "q-1").empty());
}

TEST(ActualsIndex, NonFiniteValuesAreIgnored) {
  const ActualsIndex index(
      {record("P1", "spending", 10, "2025-03-31", RecordMode::kCumulative, 1),
       record("P1", "spending", std::numeric_limits<double>::quiet_NaN(), "2025-03-31",
              RecordMode::kCumulative, 2),
       record("P1", "spending", std::numeric_limits<double>::infinity(), "2025-04-30")});
  EXPECT_EQ(index.series("375", "P1", "spending").size(), 1u);
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-12-31")), 10);
}

TEST(ActualsIndex, AnnotationsPointToTheWinningRecordAfterMove) {
  auto r = record("P1", "spending", 10, "2025-03-31");
  r.note = "采购延迟";
  ActualsIndex built({r});
  const ActualsIndex index = std::move(built);
  const auto* p = index.latest("375", "P1", "spending", day("2025-04-01"));
  ASSERT_NE(p, nullptr);
  ASSERT_NE(p->record, nullptr);
  EXPECT_EQ(p->record->note, "采购延迟");
}

ActualRecord with(ActualRecord r, FundSource fund, bool retracted = false) {
  r.fund = fund;
  r.retracted = retracted;
  return r;
}

TEST(ActualsIndex, ARetractionRemovesTheFigureOfItsIdentity) {
  const ActualsIndex index(
      {record("P1", "spending", 10, "2025-03-31", RecordMode::kCumulative, 1),
       record("P1", "spending", 99, "2025-04-30", RecordMode::kCumulative, 2),
       with(record("P1", "spending", 99, "2025-04-30", RecordMode::kCumulative, 3),
            FundSource::kTotal, true),
       record("P1", "spending", 5, "2025-05-31", RecordMode::kIncrement, 4)});
  const auto s = index.series("375", "P1", "spending");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].as_of, day("2025-03-31"));
  EXPECT_EQ(s[1].as_of, day("2025-05-31"));
  EXPECT_EQ(s[1].level, 15);  // the increment adds to the level before the retracted day
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-04-30")), 10);
}

TEST(ActualsIndex, ALaterRevisionRestoresARetractedFigure) {
  const ActualsIndex index(
      {with(record("P1", "spending", 10, "2025-03-31", RecordMode::kCumulative, 1),
            FundSource::kTotal, true),
       record("P1", "spending", 12, "2025-03-31", RecordMode::kCumulative, 2)});
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-03-31")), 12);
}

TEST(ActualsIndex, SplitOnlySpendingDerivesTheTotal) {
  const ActualsIndex index({with(record("P1", "spending", 10, "2025-03-31"), FundSource::kFiscal),
                            with(record("P1", "spending", 4, "2025-04-30"), FundSource::kOther),
                            with(record("P1", "spending", 20, "2025-06-30"), FundSource::kFiscal),
                            with(record("P1", "spending", 1, "2026-01-10"), FundSource::kOther)});
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-06-30"), FundSource::kFiscal), 20);
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-06-30"), FundSource::kOther), 4);
  const auto total = index.series("375", "P1", "spending");
  ASSERT_EQ(total.size(), 4u);
  EXPECT_EQ(total[0].level, 10);
  EXPECT_EQ(total[1].level, 14);
  EXPECT_EQ(total[2].level, 24);
  // Levels are year-to-date: 2026 starts from its own figures only.
  EXPECT_EQ(total[3].level, 1);
  EXPECT_EQ(total[3].as_of, day("2026-01-10"));
}

TEST(ActualsIndex, ExplicitTotalsWinOverTheSplit) {
  const ActualsIndex index({with(record("P1", "spending", 10, "2025-03-31"), FundSource::kFiscal),
                            with(record("P1", "spending", 4, "2025-03-31"), FundSource::kOther),
                            record("P1", "spending", 13, "2025-03-31")});
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-03-31")), 13);
  EXPECT_EQ(index.level_at("375", "P1", "spending", day("2025-03-31"), FundSource::kFiscal), 10);
}

}  // namespace
}  // namespace targetwatch
