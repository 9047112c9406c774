// Tests of the plausibility rules: what is rejected (future dates, impossible negatives) and what
// is stored with a warning, each at its boundary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tuple>

#include "targetwatch/ingest/ingest.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::describe;
using ::testing::HasSubstr;
using testing::read_csv;

const Date kToday = Date::from_ymd(2025, 6, 30);

// A batch of "indicator,value[,mode]" rows of P001 as of `as_of`.
std::string rows(std::initializer_list<std::tuple<const char*, const char*, const char*>> list,
                 const char* as_of = "2025-06-30") {
  std::string csv = "项目编码,指标编号,本期实际值,方式,截至日期\n";
  for (const auto& [indicator, value, mode] : list) {
    csv += std::string("P001,") + indicator + ",\"" + value + "\"," + mode + "," + as_of + "\n";
  }
  return csv;
}

IngestResult ingest(const std::string& csv, PreviousFigureLookup previous = {}) {
  ValidationOptions options;
  options.today = kToday;
  options.previous = std::move(previous);
  return read_csv(csv, options);
}

// A lookup that knows one previous figure for every identity.
PreviousFigureLookup previous_of(double value, Date as_of = Date::from_ymd(2025, 5, 31)) {
  return [=](std::string_view, std::string_view, std::string_view, FundSource,
             Date) -> std::optional<PreviousFigure> {
    return PreviousFigure{value, as_of};
  };
}

TEST(Plausibility, AsOfAfterTodayIsRejected) {
  auto today = ingest(rows({{"quantity-1", "1", ""}}, "2025-06-30"));
  EXPECT_TRUE(today.ok()) << describe(today.errors);
  auto tomorrow = ingest(rows({{"quantity-1", "1", ""}}, "2025-07-01"));
  ASSERT_EQ(tomorrow.errors.size(), 1u);
  EXPECT_EQ(tomorrow.errors[0].field, "as_of");
  EXPECT_EQ(tomorrow.errors[0].location, "第2行 “截至日期”列");
  EXPECT_THAT(tomorrow.errors[0].reason, HasSubstr("after today (2025-06-30)"));
  EXPECT_THAT(tomorrow.errors[0].reason_zh, HasSubstr("晚于今天"));
}

TEST(Plausibility, NegativeValuesWhereTheComparatorCannotAllowThem) {
  auto count = ingest(rows({{"quantity-1", "-1", ""}}));
  ASSERT_EQ(count.errors.size(), 1u);
  EXPECT_EQ(count.errors[0].field, "value");
  auto spending = ingest(rows({{"spending", "-0.01", ""}}));
  ASSERT_EQ(spending.errors.size(), 1u);
  // A target below zero allows values below zero; increments may correct downwards.
  EXPECT_TRUE(ingest(rows({{"growth-1", "-3%", ""}})).ok());
  EXPECT_TRUE(ingest(rows({{"quantity-1", "-1", "增量"}, {"spending", "-1", "增量"}})).ok());
  EXPECT_TRUE(ingest(rows({{"quantity-1", "0", ""}})).ok());
}

TEST(Plausibility, CumulativeSpendingBelowThePreviousFigure) {
  std::vector<std::tuple<std::string, std::string, std::string, FundSource, Date>> asked;
  auto lookup = [&](std::string_view d, std::string_view p, std::string_view i, FundSource f,
                    Date before) -> std::optional<PreviousFigure> {
    asked.emplace_back(d, p, i, f, before);
    return PreviousFigure{50, Date::from_ymd(2025, 5, 31)};
  };
  auto equal = ingest(rows({{"spending", "50", ""}}), lookup);
  ASSERT_TRUE(equal.ok());
  EXPECT_TRUE(equal.batch.warnings.empty());
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], std::make_tuple(std::string("375"), std::string("P001"),
                                      std::string("spending"), FundSource::kTotal, kToday));

  auto lower = ingest(rows({{"spending", "49.9", ""}}), lookup);
  ASSERT_TRUE(lower.ok());
  ASSERT_EQ(lower.batch.warnings.size(), 1u);
  const auto& w = lower.batch.warnings[0];
  EXPECT_EQ(w.row, 2u);
  EXPECT_EQ(w.field, "value");
  EXPECT_EQ(w.location, "第2行 “本期实际值”列");
  EXPECT_THAT(w.reason, HasSubstr("lower than the previous cumulative 50 (as of 2025-05-31)"));
  EXPECT_THAT(w.reason_zh, HasSubstr("累计支出"));

  // Increments are not compared.
  EXPECT_TRUE(ingest(rows({{"spending", "1", "增量"}}), lookup).batch.warnings.empty());
}

TEST(Plausibility, EarlierFiguresInTheSameBatchCountAsPrevious) {
  // The later month comes first in the file; the comparison follows the dates.
  auto result = ingest(
      "项目编码,指标编号,本期实际值,截至日期\n"
      "P001,spending,40,2025-05-31\n"
      "P001,spending,45,2025-04-30\n");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  ASSERT_EQ(result.batch.warnings.size(), 1u);
  EXPECT_EQ(result.batch.warnings[0].row, 2u);
  EXPECT_THAT(result.batch.warnings[0].reason, HasSubstr("45 (as of 2025-04-30)"));
}

TEST(Plausibility, TheFundIsPartOfTheIdentity) {
  FundSource seen = FundSource::kTotal;
  auto lookup = [&](std::string_view, std::string_view, std::string_view, FundSource f,
                    Date) -> std::optional<PreviousFigure> {
    seen = f;
    return std::nullopt;
  };
  auto result = ingest(
      "项目编码,指标编号,本期实际值,来源,截至日期\nP001,spending,10,财政拨款,2025-06-30\n"
      "P001,spending,9,其他资金,2025-06-30\n",
      lookup);
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_EQ(seen, FundSource::kOther);
  EXPECT_EQ(result.batch.records[0].fund, FundSource::kFiscal);
  EXPECT_TRUE(result.batch.warnings.empty());  // no cross-fund comparison
}

TEST(Plausibility, SpendingOverOneAndAHalfTimesTheBudgetOfItsFund) {
  EXPECT_TRUE(ingest(rows({{"spending", "150", ""}})).batch.warnings.empty());
  auto over = ingest(rows({{"spending", "150.5", ""}}));
  ASSERT_TRUE(over.ok());
  ASSERT_EQ(over.batch.warnings.size(), 1u);
  EXPECT_THAT(over.batch.warnings[0].reason, HasSubstr("over 150% of the budget 100"));
  // Fiscal funds are 80: 120 is the limit.
  auto fiscal = ingest(
      "项目编码,指标编号,本期实际值,来源,截至日期\nP001,spending,120,财政拨款,2025-06-30\n"
      "P001,spending,30.5,其他资金,2025-06-30\n");
  ASSERT_TRUE(fiscal.ok()) << describe(fiscal.errors);
  ASSERT_EQ(fiscal.batch.warnings.size(), 1u);  // other funds are 20: 30.5 > 30
  EXPECT_EQ(fiscal.batch.warnings[0].row, 3u);
}

TEST(Plausibility, MoneyWithoutAUnitFarAboveTheBudgetIsProbablyYuan) {
  auto at = ingest(rows({{"spending", "10000", ""}}));  // 100x: only the 150% warning
  ASSERT_EQ(at.batch.warnings.size(), 1u);
  EXPECT_THAT(at.batch.warnings[0].reason, HasSubstr("150%"));
  auto above = ingest(rows({{"spending", "10001", ""}}));
  ASSERT_EQ(above.batch.warnings.size(), 1u);
  EXPECT_THAT(above.batch.warnings[0].reason, HasSubstr("100 times the budget"));
  EXPECT_THAT(above.batch.warnings[0].reason_zh, HasSubstr("元"));
  // With its unit written, the figure is what it says.
  auto with_unit = ingest(rows({{"spending", "10001万元", ""}}));
  ASSERT_EQ(with_unit.batch.warnings.size(), 1u);
  EXPECT_THAT(with_unit.batch.warnings[0].reason, HasSubstr("150%"));
  // A template's 单位 column pre-filled with the file's unit does not vouch for the number; a
  // different unit in that column does.
  auto template_unit = ingest(
      "项目编码,指标编号,单位,本期实际值,截至日期\nP001,spending,万元,10001,2025-06-30\n"
      "P001,spending,元,10001,2025-05-31\n");
  ASSERT_TRUE(template_unit.ok()) << describe(template_unit.errors);
  ASSERT_EQ(template_unit.batch.warnings.size(), 1u);
  EXPECT_EQ(template_unit.batch.warnings[0].row, 2u);
  EXPECT_THAT(template_unit.batch.warnings[0].reason, HasSubstr("100 times the budget"));
  // A money-valued indicator of the project is held against the same budget.
  EXPECT_TRUE(ingest(rows({{"money-1", "10000", ""}})).batch.warnings.empty());
  auto money = ingest(rows({{"money-1", "10001", ""}}));
  ASSERT_EQ(money.batch.warnings.size(), 1u);
  EXPECT_THAT(money.batch.warnings[0].reason, HasSubstr("without a unit"));
  EXPECT_TRUE(ingest(rows({{"money-1", "10001万元", ""}})).batch.warnings.empty());
}

TEST(Plausibility, ACumulativeCountThatFalls) {
  auto same = ingest(rows({{"quantity-1", "200", ""}}), previous_of(200));
  EXPECT_TRUE(same.batch.warnings.empty());
  auto falls = ingest(rows({{"quantity-1", "199", ""}}), previous_of(200));
  ASSERT_EQ(falls.batch.warnings.size(), 1u);
  EXPECT_THAT(falls.batch.warnings[0].reason, HasSubstr("does not fall"));
  // Not a count: <= indicators and rates (no pace) may fall; increments are not compared.
  EXPECT_TRUE(ingest(rows({{"cost-1", "1", ""}}), previous_of(2)).batch.warnings.empty());
  EXPECT_TRUE(ingest(rows({{"rate-1", "90", ""}}), previous_of(95)).batch.warnings.empty());
  EXPECT_TRUE(ingest(rows({{"quantity-1", "1", "增量"}}), previous_of(200)).batch.warnings.empty());
}

TEST(Plausibility, ARateAboveOneHundredPercent) {
  EXPECT_TRUE(ingest(rows({{"rate-1", "100%", ""}})).batch.warnings.empty());
  auto above = ingest(rows({{"rate-1", "100.5", ""}}));
  ASSERT_TRUE(above.ok());
  ASSERT_EQ(above.batch.warnings.size(), 1u);
  EXPECT_THAT(above.batch.warnings[0].reason, HasSubstr("above 100%"));
}

TEST(Plausibility, RetractionsAreNotJudged) {
  auto result = ingest("项目编码,指标编号,本期实际值,撤回,截至日期\nP001,spending,,是,2025-06-30\n",
                       previous_of(50));
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_TRUE(result.batch.warnings.empty());
}

}  // namespace
}  // namespace targetwatch
