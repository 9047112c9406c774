// Tests of the value forms (units after numbers, full-width digits, money units, assessment
// words) from parsing through validation against the indicator.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "targetwatch/ingest/ingest.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::describe;
using ::testing::HasSubstr;
using testing::read_csv;

// One record of P001 (or `project`) as the template writes it; returns the ingest result.
IngestResult one(std::string_view indicator, std::string_view value,
                 std::string_view project = "P001") {
  const std::string csv = std::string("项目编码,指标编号,本期实际值,截至日期\n") +
                          std::string(project) + "," + std::string(indicator) + ",\"" +
                          std::string(value) + "\",2025-06-30\n";
  return read_csv(csv);
}

struct Form {
  const char* indicator;
  const char* text;
  double value;
  const char* unit;  // normalized
};

class AcceptedForms : public ::testing::TestWithParam<Form> {};

TEST_P(AcceptedForms, ParseAndConvert) {
  const Form& f = GetParam();
  auto result = one(f.indicator, f.text);
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  ASSERT_EQ(result.batch.records.size(), 1u);
  EXPECT_DOUBLE_EQ(result.batch.records[0].value, f.value);
  EXPECT_EQ(result.batch.records[0].unit, f.unit);
}

INSTANTIATE_TEST_SUITE_P(
    ValueForms, AcceptedForms,
    ::testing::Values(
        Form{"rate-1", "96%", 96, "%"}, Form{"rate-1", "96 %", 96, "%"},
        Form{"rate-1", "９６％", 96, "%"}, Form{"quantity-1", "262件", 262, "件"},
        Form{"quantity-1", "1,234.5", 1234.5, "件"}, Form{"quantity-1", "１，２３４件", 1234, "件"},
        Form{"quantity-1", "＋12", 12, "件"}, Form{"growth-1", "－3.5%", -3.5, "%"},
        Form{"growth-1",
             "\xE2\x88\x92"
             "2%",
             -2, "%"},  // U+2212 minus sign
        Form{"spending", "55.8万元", 55.8, "万元"}, Form{"spending", "558000元", 55.8, "万元"},
        Form{"spending", "0.001亿元", 10, "万元"}, Form{"spending", "55.8", 55.8, "万元"},
        Form{"money-1", "558000元", 55.8, "万元"}, Form{"cost-1", "4000元", 0.4, "万元/月"},
        Form{"cost-1", "4000元/月", 0.4, "万元/月"}, Form{"cost-1", "0.4万元/月", 0.4, "万元/月"},
        Form{"timeliness-1", "是", 1, ""}, Form{"timeliness-1", "否", 0, ""},
        Form{"timeliness-1", "完成", 1, ""}, Form{"timeliness-1", "已完成", 1, ""},
        Form{"timeliness-1", "未完成", 0, ""}, Form{"timeliness-1", "达成", 1, ""},
        Form{"timeliness-1", "部分达成", 0.5, ""}, Form{"timeliness-1", "未达成", 0, ""},
        Form{"timeliness-1", "0.5", 0.5, ""}, Form{"deadline-1", "完成", 1, ""},
        Form{"deadline-1", "未完成", 0, ""}, Form{"deadline-1", "是", 1, ""}));

TEST(ValueForms, SpendingIsConvertedToTheDepartmentsUnitBothWays) {
  const Targets targets = testing::sample_targets();  // 376 counts in 元
  auto result =
      read_csv("project,indicator,value,as_of\nP002,spending,55.8万元,2025-06-30\n", {}, &targets);
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_DOUBLE_EQ(result.batch.records[0].value, 558000);
  EXPECT_EQ(result.batch.records[0].unit, "元");
}

TEST(ValueForms, TheUnitAfterTheNumberWinsOverTheUnitColumn) {
  auto result = read_csv(
      "项目编码,指标编号,单位,本期实际值,截至日期\nP001,spending,万元,558000元,2025-06-30\n");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_DOUBLE_EQ(result.batch.records[0].value, 55.8);
}

struct Contradiction {
  const char* indicator;
  const char* text;
  const char* reason;
};

class ContradictingUnits : public ::testing::TestWithParam<Contradiction> {};

TEST_P(ContradictingUnits, AreErrorsAtTheValueCell) {
  auto result = one(GetParam().indicator, GetParam().text);
  ASSERT_EQ(result.errors.size(), 1u) << describe(result.errors);
  EXPECT_EQ(result.errors[0].location, "第2行 “本期实际值”列");
  EXPECT_THAT(result.errors[0].reason, HasSubstr(GetParam().reason));
  EXPECT_FALSE(result.errors[0].reason_zh.empty());
}

INSTANTIATE_TEST_SUITE_P(
    ValueForms, ContradictingUnits,
    ::testing::Values(Contradiction{"rate-1", "96件", "does not match indicator unit \"%\""},
                      Contradiction{"quantity-1", "96%", "does not match indicator unit \"件\""},
                      Contradiction{"quantity-1", "5万元", "does not match"},
                      Contradiction{"cost-1", "4000元/天", "does not match"},
                      Contradiction{"timeliness-1", "1件", "does not match"},
                      Contradiction{"spending", "96%", "unknown money unit \"%\""},
                      Contradiction{"spending", "30件", "unknown money unit"}));

TEST(ValueForms, WordsAreOnlyForQualitativeAndDeadlineIndicators) {
  for (const char* indicator : {"quantity-1", "rate-1", "spending"}) {
    auto result = one(indicator, "完成");
    ASSERT_EQ(result.errors.size(), 1u) << indicator;
    EXPECT_EQ(result.errors[0].field, "value");
  }
  auto partial = one("deadline-1", "部分达成");  // a deadline is met or not
  ASSERT_EQ(partial.errors.size(), 1u);
  EXPECT_THAT(partial.errors[0].reason, HasSubstr("deadline"));
}

TEST(ValueForms, NotNumbers) {
  for (const char* text : {"abc", "约100", "1 000", "12件3", "%", "1,5"}) {
    auto result = one("quantity-1", text);
    ASSERT_EQ(result.errors.size(), 1u) << text;
    EXPECT_EQ(result.errors[0].field, "value") << text;
    EXPECT_EQ(result.errors[0].location, "第2行 “本期实际值”列") << text;
  }
}

TEST(ValueForms, ForecastTakesTheValuesUnit) {
  auto result = read_csv(
      "项目编码,指标编号,本期实际值,预计全年值,截至日期\n"
      "P001,spending,300000元,900000元,2025-06-30\n"
      "P001,quantity-1,100件,5万元,2025-06-30\n");
  ASSERT_EQ(result.errors.size(), 1u) << describe(result.errors);
  EXPECT_EQ(result.errors[0].row, 3u);
  EXPECT_EQ(result.errors[0].field, "forecast");
  EXPECT_EQ(result.errors[0].location, "第3行 “预计全年值”列");
}

TEST(ValueForms, ForecastConvertsWithTheValue) {
  auto result = read_csv(
      "项目编码,指标编号,本期实际值,预计全年值,截至日期\n"
      "P001,spending,300000元,900000元,2025-06-30\n");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_DOUBLE_EQ(result.batch.records[0].value, 30);
  EXPECT_DOUBLE_EQ(*result.batch.records[0].forecast, 90);
}

}  // namespace
}  // namespace targetwatch
