// The value grammar row by row: every comparator word (before and after the number, and alone in
// a 符号 cell), every unit of the unit table, every time word. Unknown forms stay qualitative and
// flagged.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "targetwatch/importer/indicator_value.h"

namespace targetwatch {
namespace {

constexpr int kYear = 2025;

struct Word {
  std::string_view text;
  Comparator comparator;
};

// One row per entry of kBefore (indicator_value.cpp), in its order.
constexpr Word kBeforeWords[] = {
    {"大于或等于", Comparator::kGreaterEqual},
    {"小于或等于", Comparator::kLessEqual},
    {"大于等于", Comparator::kGreaterEqual},
    {"小于等于", Comparator::kLessEqual},
    {"不低于", Comparator::kGreaterEqual},
    {"不少于", Comparator::kGreaterEqual},
    {"不小于", Comparator::kGreaterEqual},
    {"不高于", Comparator::kLessEqual},
    {"不超过", Comparator::kLessEqual},
    {"不多于", Comparator::kLessEqual},
    {"不大于", Comparator::kLessEqual},
    {"控制在", Comparator::kLessEqual},
    {"不超", Comparator::kLessEqual},
    {"至少", Comparator::kGreaterEqual},
    {"最少", Comparator::kGreaterEqual},
    {"最多", Comparator::kLessEqual},
    {"最高", Comparator::kLessEqual},
    {"达到", Comparator::kGreaterEqual},
    {"超过", Comparator::kGreater},
    {"高于", Comparator::kGreater},
    {"大于", Comparator::kGreater},
    {"多于", Comparator::kGreater},
    {"低于", Comparator::kLess},
    {"小于", Comparator::kLess},
    {"少于", Comparator::kLess},
    {"等于", Comparator::kEqual},
    {"超", Comparator::kGreater},
    {"达", Comparator::kGreaterEqual},
    {">=", Comparator::kGreaterEqual},
    {"=>", Comparator::kGreaterEqual},
    {"<=", Comparator::kLessEqual},
    {"=<", Comparator::kLessEqual},
    {"==", Comparator::kEqual},
    {"≥", Comparator::kGreaterEqual},
    {"≤", Comparator::kLessEqual},
    {">", Comparator::kGreater},
    {"<", Comparator::kLess},
    {"=", Comparator::kEqual},
    // Fullwidth and variant spellings folded onto the rows above.
    {"≧", Comparator::kGreaterEqual},
    {"≦", Comparator::kLessEqual},
    {"＞＝", Comparator::kGreaterEqual},
    {"＜＝", Comparator::kLessEqual},
    {"＞", Comparator::kGreater},
    {"＜", Comparator::kLess},
    {"＝", Comparator::kEqual},
};

// kAfter.
constexpr Word kAfterWords[] = {
    {"及以上", Comparator::kGreaterEqual}, {"以上", Comparator::kGreaterEqual},
    {"及以下", Comparator::kLessEqual},    {"以下", Comparator::kLessEqual},
    {"以内", Comparator::kLessEqual},      {"之内", Comparator::kLessEqual},
    {"内", Comparator::kLessEqual},
};

TEST(ValueGrammar, EachComparatorWordBeforeTheNumber) {
  for (const auto& w : kBeforeWords) {
    const std::string printed = std::string(w.text) + "20次";
    SCOPED_TRACE(printed);
    const ParsedValue v = parse_indicator_value(printed, kYear);
    EXPECT_EQ(to_string(v.comparator), to_string(w.comparator));
    EXPECT_EQ(v.target, 20.0);
    EXPECT_EQ(v.unit, "次");
    EXPECT_FALSE(v.uncertain) << v.reason;
    // With a space between word and number, as PDFs print them.
    EXPECT_EQ(parse_indicator_value(std::string(w.text) + " 20 次", kYear), v);
  }
}

TEST(ValueGrammar, EachComparatorWordAfterTheNumber) {
  for (const auto& w : kAfterWords) {
    for (std::string_view unit : {"%", "次", "天"}) {
      const std::string printed = "95" + std::string(unit) + std::string(w.text);
      SCOPED_TRACE(printed);
      const ParsedValue v = parse_indicator_value(printed, kYear);
      EXPECT_EQ(to_string(v.comparator), to_string(w.comparator));
      EXPECT_EQ(v.target, 95.0);
      EXPECT_EQ(v.unit, unit);
      EXPECT_FALSE(v.uncertain) << v.reason;
    }
  }
}

TEST(ValueGrammar, EachComparatorWordAloneInASymbolCell) {
  for (const auto& w : kBeforeWords) {
    SCOPED_TRACE(std::string(w.text));
    ASSERT_TRUE(parse_comparator_word(w.text).has_value());
    EXPECT_EQ(*parse_comparator_word(w.text), w.comparator);
  }
  for (const auto& w : kAfterWords) {
    if (w.text == "内") continue;  // only after a number: "内" alone is no comparison
    SCOPED_TRACE(std::string(w.text));
    ASSERT_TRUE(parse_comparator_word(w.text).has_value());
    EXPECT_EQ(*parse_comparator_word(w.text), w.comparator);
  }
  EXPECT_EQ(parse_comparator_word(" ≥ "), Comparator::kGreaterEqual);
  for (std::string_view not_one : {"", "约", "左右", "≈", "≠", "正向", "内", "≥95", "大约"}) {
    EXPECT_FALSE(parse_comparator_word(not_one).has_value()) << not_one;
  }
}

TEST(ValueGrammar, ApproximationsAndContradictionsAreFlagged) {
  for (std::string_view printed :
       {"约为95%", "约95%", "95%左右", "≈95%", "≠0", "不少于95%以下", "≥95%以内"}) {
    SCOPED_TRACE(std::string(printed));
    const ParsedValue v = parse_indicator_value(printed, kYear);
    EXPECT_EQ(v.comparator, Comparator::kQualitative);
    EXPECT_FALSE(v.target.has_value());
    EXPECT_TRUE(v.uncertain);
  }
}

// One row per entry of kUnits, in its order.
constexpr std::string_view kUnitRows[] = {
    // counts
    "人次", "台套", "户次", "件次", "场次", "批次", "期次", "家次", "个", "件", "项", "次", "人",
    "名", "位", "户", "家", "所", "起", "例", "宗", "场", "批", "台", "套", "辆", "座", "处", "篇",
    "期", "份", "栋", "间", "张", "本", "册", "部", "条", "种", "类", "支", "队", "组", "片", "块",
    "头", "只", "株", "棵", "盏", "根", "把", "床", "班", "节", "课时", "学时", "门", "幅", "首",
    "部门", "单位", "村", "校", "层", "台次", "车次", "架次", "辆次", "口", "眼", "吨次",
    // time ("月" alone is checked below: it may be a month)
    "年", "个月", "季度", "周", "天", "日", "工作日", "小时", "分钟", "分", "秒", "人天", "人日",
    "学期",
    // money
    "元", "万元", "亿元", "千元",
    // area, length, volume, weight
    "平方米", "平米", "亩", "公顷", "平方公里", "平方千米", "km²", "米", "m", "公里", "km", "千米",
    "厘米", "cm", "毫米", "mm", "立方米", "升", "L", "吨", "t", "千克", "kg", "公斤", "克", "g",
    "斤",
    // ratios and others
    "%", "‰", "百分点", "个百分点", "倍", "度", "千瓦时", "kWh", "分值"};

TEST(ValueGrammar, EachUnitOfTheTable) {
  for (std::string_view unit : kUnitRows) {
    const std::string printed = "≥12" + std::string(unit);
    SCOPED_TRACE(printed);
    const ParsedValue v = parse_indicator_value(printed, kYear);
    EXPECT_EQ(v.comparator, Comparator::kGreaterEqual);
    EXPECT_EQ(v.target, 12.0);
    EXPECT_EQ(v.unit, unit);
    EXPECT_FALSE(v.uncertain) << v.reason;
  }
  // Normalised spellings of the area and volume rows.
  EXPECT_EQ(parse_indicator_value("12m2", kYear).unit, "m²");
  EXPECT_EQ(parse_indicator_value("12㎥", kYear).unit, "m³");
  EXPECT_EQ(parse_indicator_value("12％", kYear).unit, "%");
}

TEST(ValueGrammar, MagnitudesAndPerUnitForms) {
  for (std::string_view unit :
       {"万人次", "万人", "亿元", "万平方米", "千人", "百户", "万", "亿", "元/人", "万元/年/人",
        "元/人/天", "元/m²", "次/年", "人次/月", "万元/公里", "元/平方米"}) {
    const std::string printed = "8" + std::string(unit);
    SCOPED_TRACE(printed);
    const ParsedValue v = parse_indicator_value(printed, kYear);
    EXPECT_EQ(v.comparator, Comparator::kEqual);
    EXPECT_EQ(v.target, 8.0);
    EXPECT_EQ(v.unit, unit);
    EXPECT_FALSE(v.uncertain) << v.reason;
  }
}

TEST(ValueGrammar, UnknownUnitsStayQualitativeAndFlagged) {
  for (std::string_view printed : {"0起事故", "3棵树", "5台时", "2万%", "12个工作", "8元/", "8/人",
                                   "5月", "3年后", "6月份完成", "100%完成", "5吨公里"}) {
    SCOPED_TRACE(std::string(printed));
    const ParsedValue v = parse_indicator_value(printed, kYear);
    EXPECT_EQ(v.comparator, Comparator::kQualitative);
    EXPECT_FALSE(v.target.has_value()) << "a number was invented";
    EXPECT_EQ(v.expected, printed);
    EXPECT_TRUE(v.uncertain);
    EXPECT_FALSE(v.reason.empty());
  }
  // A count of zero incidents is a count, not a time (起 is a classifier).
  const ParsedValue zero = parse_indicator_value("0起", kYear);
  EXPECT_EQ(zero.comparator, Comparator::kEqual);
  EXPECT_EQ(zero.target, 0.0);
  EXPECT_EQ(zero.unit, "起");
}

struct TimeWord {
  std::string_view printed;
  int year, month, day;
};

// One row per time word: kPeriods, the quarter ends, month forms and printed dates.
constexpr TimeWord kTimeWords[] = {
    {"年底", 2025, 12, 31},           {"年底前", 2025, 12, 31},     {"年末", 2025, 12, 31},
    {"年内", 2025, 12, 31},           {"全年度", 2025, 12, 31},     {"全年", 2025, 12, 31},
    {"上半年", 2025, 6, 30},          {"上半年前", 2025, 6, 30},    {"上半年底", 2025, 6, 30},
    {"下半年", 2025, 12, 31},         {"一季度末", 2025, 3, 31},    {"第二季度末", 2025, 6, 30},
    {"三季度末前", 2025, 9, 30},      {"第4季度末", 2025, 12, 31},  {"2季度底", 2025, 6, 30},
    {"6月底", 2025, 6, 30},           {"6月底前", 2025, 6, 30},     {"6月末", 2025, 6, 30},
    {"9月前", 2025, 8, 31},           {"9月之前", 2025, 8, 31},     {"9月以前", 2025, 8, 31},
    {"6月30日", 2025, 6, 30},         {"6月30日前", 2025, 6, 30},   {"6月30号前", 2025, 6, 30},
    {"2025年6月30日前", 2025, 6, 30}, {"2026年3月底", 2026, 3, 31}, {"2026年底前", 2026, 12, 31},
    {"2026年上半年", 2026, 6, 30},    {"2025-06-30", 2025, 6, 30},  {"2025.6.30前", 2025, 6, 30},
    {"2025/06/30", 2025, 6, 30},
};

TEST(ValueGrammar, EachTimeWord) {
  for (const auto& t : kTimeWords) {
    SCOPED_TRACE(std::string(t.printed));
    const ParsedValue v = parse_indicator_value(t.printed, kYear);
    EXPECT_EQ(v.comparator, Comparator::kDeadline);
    ASSERT_TRUE(v.deadline.has_value());
    EXPECT_EQ(v.deadline->iso(), Date::from_ymd(t.year, t.month, t.day).iso());
    EXPECT_FALSE(v.uncertain);
  }
}

TEST(ValueGrammar, TimeWordsThatAreNotDeadlines) {
  // Every month or quarter, or a malformed date: no deadline is invented.
  for (std::string_view printed :
       {"季度末", "每季度末", "5季度末", "13月底", "6月31日前", "年底后"}) {
    SCOPED_TRACE(std::string(printed));
    EXPECT_NE(parse_indicator_value(printed, kYear).comparator, Comparator::kDeadline);
  }
}

TEST(ValueGrammar, CheckpointLabelsShareThePeriodWords) {
  EXPECT_EQ(parse_checkpoint_label("下半年", kYear), Date::from_ymd(2025, 12, 31));
  EXPECT_EQ(parse_checkpoint_label("全年度", kYear), Date::from_ymd(2025, 12, 31));
  EXPECT_EQ(parse_checkpoint_label("年底", kYear), Date::from_ymd(2025, 12, 31));
  EXPECT_EQ(parse_checkpoint_label("二季度", kYear), Date::from_ymd(2025, 6, 30));
  for (int m = 1; m <= 12; ++m) {
    EXPECT_EQ(parse_checkpoint_label(std::to_string(m) + "月", kYear),
              Date::end_of_month(kYear, m));
  }
}

}  // namespace
}  // namespace targetwatch
