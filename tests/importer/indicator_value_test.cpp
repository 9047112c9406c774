// parse_indicator_value and parse_checkpoint_label: every printed form seen in disclosures.
#include "targetwatch/importer/indicator_value.h"

#include <gtest/gtest.h>

namespace targetwatch {
namespace {

constexpr int kYear = 2025;

struct Expect {
  Comparator comparator;
  double target;
  std::string unit;
};

void expect_numeric(std::string_view printed, Expect e) {
  SCOPED_TRACE(std::string(printed));
  const ParsedValue v = parse_indicator_value(printed, kYear);
  EXPECT_EQ(to_string(v.comparator), to_string(e.comparator));
  ASSERT_TRUE(v.target.has_value());
  EXPECT_DOUBLE_EQ(*v.target, e.target);
  EXPECT_EQ(v.unit, e.unit);
  EXPECT_TRUE(v.expected.empty());
  EXPECT_FALSE(v.deadline.has_value());
  EXPECT_FALSE(v.uncertain) << v.reason;
}

void expect_qualitative(std::string_view printed, std::string_view expected) {
  SCOPED_TRACE(std::string(printed));
  const ParsedValue v = parse_indicator_value(printed, kYear);
  EXPECT_EQ(v.comparator, Comparator::kQualitative);
  EXPECT_FALSE(v.target.has_value());
  EXPECT_EQ(v.expected, expected);
  EXPECT_FALSE(v.uncertain) << v.reason;
}

void expect_uncertain(std::string_view printed, std::string_view expected) {
  SCOPED_TRACE(std::string(printed));
  const ParsedValue v = parse_indicator_value(printed, kYear);
  EXPECT_EQ(v.comparator, Comparator::kQualitative);
  EXPECT_FALSE(v.target.has_value()) << "a number was invented";
  EXPECT_EQ(v.expected, expected);
  EXPECT_TRUE(v.uncertain);
  EXPECT_FALSE(v.reason.empty());
}

void expect_deadline(std::string_view printed, int year, int month, int day,
                     int fiscal_year = kYear) {
  SCOPED_TRACE(std::string(printed));
  const ParsedValue v = parse_indicator_value(printed, fiscal_year);
  EXPECT_EQ(v.comparator, Comparator::kDeadline);
  ASSERT_TRUE(v.deadline.has_value());
  EXPECT_EQ(v.deadline->iso(), Date::from_ymd(year, month, day).iso());
  EXPECT_FALSE(v.target.has_value());
  EXPECT_FALSE(v.uncertain);
}

TEST(IndicatorValue, ComparatorsWithUnits) {
  expect_numeric("≥350件", {Comparator::kGreaterEqual, 350, "件"});
  expect_numeric("≤4.34万元/月", {Comparator::kLessEqual, 4.34, "万元/月"});
  expect_numeric("≤4.34 万元/月", {Comparator::kLessEqual, 4.34, "万元/月"});
  expect_numeric("≥95%", {Comparator::kGreaterEqual, 95, "%"});
  expect_numeric("≤50元/人/天", {Comparator::kLessEqual, 50, "元/人/天"});
  expect_numeric("≤7.8万", {Comparator::kLessEqual, 7.8, "万"});
  expect_numeric(">92%", {Comparator::kGreater, 92, "%"});
  expect_numeric("≤10天", {Comparator::kLessEqual, 10, "天"});
  expect_numeric("≤30分钟", {Comparator::kLessEqual, 30, "分钟"});
  expect_numeric("≥1000 人", {Comparator::kGreaterEqual, 1000, "人"});
  expect_numeric("≤ 20 人", {Comparator::kLessEqual, 20, "人"});
  expect_numeric("<5%", {Comparator::kLess, 5, "%"});
  expect_numeric("≤0.2%", {Comparator::kLessEqual, 0.2, "%"});
}

TEST(IndicatorValue, BareNumbersAreEqualities) {
  expect_numeric("100%", {Comparator::kEqual, 100, "%"});
  expect_numeric("0%", {Comparator::kEqual, 0, "%"});
  expect_numeric("3栋", {Comparator::kEqual, 3, "栋"});
  expect_numeric("300元/次", {Comparator::kEqual, 300, "元/次"});
  expect_numeric("10辆", {Comparator::kEqual, 10, "辆"});
  expect_numeric("250万", {Comparator::kEqual, 250, "万"});
  expect_numeric("100", {Comparator::kEqual, 100, ""});
  expect_numeric("2 人", {Comparator::kEqual, 2, "人"});
  expect_numeric("4万元/年/人", {Comparator::kEqual, 4, "万元/年/人"});
  expect_numeric("=100%", {Comparator::kEqual, 100, "%"});
  expect_numeric("20,000件", {Comparator::kEqual, 20000, "件"});
}

TEST(IndicatorValue, UnitsAreNormalized) {
  expect_numeric("16000 m ²", {Comparator::kEqual, 16000, "m²"});
  expect_numeric("16000m2", {Comparator::kEqual, 16000, "m²"});
  expect_numeric("16000㎡", {Comparator::kEqual, 16000, "m²"});
  expect_numeric("≤80m3", {Comparator::kLessEqual, 80, "m³"});
  expect_numeric("≥100百分比", {Comparator::kGreaterEqual, 100, "%"});
  expect_numeric("≤1640 元/m2", {Comparator::kLessEqual, 1640, "元/m²"});
}

TEST(IndicatorValue, FullwidthDigitsAndSymbols) {
  expect_numeric("≧９５％", {Comparator::kGreaterEqual, 95, "%"});
  expect_numeric("≦１０天", {Comparator::kLessEqual, 10, "天"});
  expect_numeric("＞＝９０％", {Comparator::kGreaterEqual, 90, "%"});
  expect_numeric("＜＝５件", {Comparator::kLessEqual, 5, "件"});
  expect_numeric("＞９２％", {Comparator::kGreater, 92, "%"});
  expect_numeric("１００％", {Comparator::kEqual, 100, "%"});
  expect_numeric(">=350件", {Comparator::kGreaterEqual, 350, "件"});
  expect_numeric("<=2天", {Comparator::kLessEqual, 2, "天"});
}

TEST(IndicatorValue, WordedComparisons) {
  // 超 = more than (strictly); 以上/以下/以内 include the number in Chinese usage.
  expect_numeric("超13万元/年", {Comparator::kGreater, 13, "万元/年"});
  expect_numeric("不低于95%", {Comparator::kGreaterEqual, 95, "%"});
  expect_numeric("不超过10万元", {Comparator::kLessEqual, 10, "万元"});
  expect_numeric("20000件以上", {Comparator::kGreaterEqual, 20000, "件"});
  expect_numeric("5天以内", {Comparator::kLessEqual, 5, "天"});
  expect_numeric("10天内", {Comparator::kLessEqual, 10, "天"});
  expect_numeric("≥95%以上", {Comparator::kGreaterEqual, 95, "%"});
  expect_numeric("低于3%", {Comparator::kLess, 3, "%"});
}

TEST(IndicatorValue, Deadlines) {
  expect_deadline("8月前", 2025, 7, 31);
  expect_deadline("3月前", 2025, 2, 28);
  expect_deadline("3月前", 2024, 2, 29, 2024);
  expect_deadline("8月底前", 2025, 8, 31);
  expect_deadline("8 月底", 2025, 8, 31);
  expect_deadline("6月30日前", 2025, 6, 30);
  expect_deadline("2026年3月前", 2026, 2, 28);
  expect_deadline("年底前", 2025, 12, 31);
  expect_deadline("2025-09-30", 2025, 9, 30);
  expect_deadline("1月前", 2024, 12, 31);
}

TEST(IndicatorValue, QualitativeWordings) {
  expect_qualitative("及时", "及时");
  expect_qualitative("不低于合同约定标准", "不低于合同约定标准");
  expect_qualitative("不超预算", "不超预算");
  expect_qualitative("有效提升", "有效提升");
  expect_qualitative(" 塑造和树立人民 警察良好形象 ", "塑造和树立人民警察良好形象");
}

TEST(IndicatorValue, UnclearNumbersAreNeverInvented) {
  expect_uncertain("2023.07-2024.01", "2023.07-2024.01");
  expect_uncertain("90%-95%", "90%-95%");
  expect_uncertain("约95%", "约95%");
  expect_uncertain("95%左右", "95%左右");
  expect_uncertain("100%完成", "100%完成");
  expect_uncertain("较上年增长10%", "较上年增长10%");
  expect_uncertain("13月前", "13月前");
  expect_uncertain("8月", "8月");
  expect_uncertain("≥95%（含）", "≥95%（含）");
  expect_uncertain("≥9999999999999999999999999999999999999999999999件",
                   "≥9999999999999999999999999999999999999999999999件");
  expect_uncertain("", "");
}

TEST(IndicatorValue, TotalOnHostileInput) {
  // Invalid UTF-8, lone symbols and control characters must not crash or invent numbers.
  for (std::string_view s :
       {std::string_view("\xff\xfe\x80"), std::string_view("≥"), std::string_view("≥."),
        std::string_view("-"), std::string_view("1e308e308"), std::string_view("\x01\x02"),
        std::string_view("0x1F"), std::string_view("NaN"), std::string_view("inf")}) {
    const ParsedValue v = parse_indicator_value(s, kYear);
    if (v.target) {
      EXPECT_FALSE(v.uncertain);
    } else {
      EXPECT_NE(v.comparator, Comparator::kEqual);
    }
  }
  EXPECT_EQ(parse_indicator_value("8月前", 0).comparator, Comparator::kQualitative);
}

TEST(CheckpointLabel, MonthEnds) {
  EXPECT_EQ(parse_checkpoint_label("3月底", 2025), Date::from_ymd(2025, 3, 31));
  EXPECT_EQ(parse_checkpoint_label("3 月底", 2025), Date::from_ymd(2025, 3, 31));
  EXPECT_EQ(parse_checkpoint_label("6月末", 2025), Date::from_ymd(2025, 6, 30));
  EXPECT_EQ(parse_checkpoint_label("12 月底", 2026), Date::from_ymd(2026, 12, 31));
  EXPECT_EQ(parse_checkpoint_label("2月底", 2024), Date::from_ymd(2024, 2, 29));
  EXPECT_EQ(parse_checkpoint_label("９月", 2025), Date::from_ymd(2025, 9, 30));
  EXPECT_EQ(parse_checkpoint_label("三月底", 2025), Date::from_ymd(2025, 3, 31));
  EXPECT_EQ(parse_checkpoint_label("第一季度", 2025), Date::from_ymd(2025, 3, 31));
  EXPECT_EQ(parse_checkpoint_label("三季度末", 2025), Date::from_ymd(2025, 9, 30));
  EXPECT_EQ(parse_checkpoint_label("上半年", 2025), Date::from_ymd(2025, 6, 30));
  EXPECT_EQ(parse_checkpoint_label("全年", 2025), Date::from_ymd(2025, 12, 31));
}

TEST(CheckpointLabel, NotLabels) {
  EXPECT_FALSE(parse_checkpoint_label("13月底", 2025));
  EXPECT_FALSE(parse_checkpoint_label("25%", 2025));
  EXPECT_FALSE(parse_checkpoint_label("资金支出计划（%）", 2025));
  EXPECT_FALSE(parse_checkpoint_label("", 2025));
  EXPECT_FALSE(parse_checkpoint_label("3月底", 0));
}

}  // namespace
}  // namespace targetwatch
