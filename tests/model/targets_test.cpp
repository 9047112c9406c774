// Enum names, comparator/pace parsing, level and id classification, and the default pace rule.
#include "targetwatch/model/targets.h"

#include <gtest/gtest.h>

namespace targetwatch {
namespace {

TEST(Comparator, ParsesAsciiAndPrintedForms) {
  EXPECT_EQ(parse_comparator(">="), Comparator::kGreaterEqual);
  EXPECT_EQ(parse_comparator("≥"), Comparator::kGreaterEqual);
  EXPECT_EQ(parse_comparator("<="), Comparator::kLessEqual);
  EXPECT_EQ(parse_comparator("≤"), Comparator::kLessEqual);
  EXPECT_EQ(parse_comparator("="), Comparator::kEqual);
  EXPECT_EQ(parse_comparator("＝"), Comparator::kEqual);
  EXPECT_EQ(parse_comparator("=="), Comparator::kEqual);
  EXPECT_EQ(parse_comparator(">"), Comparator::kGreater);
  EXPECT_EQ(parse_comparator("＞"), Comparator::kGreater);
  EXPECT_EQ(parse_comparator("<"), Comparator::kLess);
  EXPECT_EQ(parse_comparator("＜"), Comparator::kLess);
  EXPECT_EQ(parse_comparator("qualitative"), Comparator::kQualitative);
  EXPECT_EQ(parse_comparator("deadline"), Comparator::kDeadline);
}

TEST(Comparator, RejectsUnknownText) {
  for (const char* bad : {"", "=>", "at least", "Qualitative", " >=", ">= ", "≥=", "ge"}) {
    EXPECT_FALSE(parse_comparator(bad).has_value()) << bad;
  }
}

TEST(Comparator, ToStringRoundTrips) {
  for (Comparator c :
       {Comparator::kGreaterEqual, Comparator::kLessEqual, Comparator::kEqual, Comparator::kGreater,
        Comparator::kLess, Comparator::kQualitative, Comparator::kDeadline}) {
    EXPECT_EQ(parse_comparator(to_string(c)), c) << to_string(c);
  }
  EXPECT_EQ(to_string(Comparator::kGreaterEqual), ">=");
  EXPECT_EQ(to_string(Comparator::kDeadline), "deadline");
}

TEST(Pace, ParsesAndPrints) {
  for (Pace p : {Pace::kLinear, Pace::kYearEnd, Pace::kNone}) {
    EXPECT_EQ(parse_pace(to_string(p)), p);
  }
  EXPECT_EQ(to_string(Pace::kYearEnd), "year_end");
  EXPECT_FALSE(parse_pace("Linear").has_value());
  EXPECT_FALSE(parse_pace("year-end").has_value());
  EXPECT_FALSE(parse_pace("").has_value());
}

Indicator make(Comparator c, std::string unit, std::string level2) {
  Indicator i;
  i.comparator = c;
  i.unit = std::move(unit);
  i.level1 = "产出指标";
  i.level2 = std::move(level2);
  return i;
}

TEST(EffectivePace, CumulativeQuantitiesAccrueLinearly) {
  EXPECT_EQ(effective_pace(make(Comparator::kGreaterEqual, "件", "数量指标")), Pace::kLinear);
  EXPECT_EQ(effective_pace(make(Comparator::kGreater, "人", "数量")), Pace::kLinear);
  EXPECT_EQ(effective_pace(make(Comparator::kGreaterEqual, "", "数量指标")), Pace::kLinear);
}

TEST(EffectivePace, RatesCapsAndOtherCategoriesArePointInTime) {
  EXPECT_EQ(effective_pace(make(Comparator::kGreaterEqual, "%", "数量指标")), Pace::kNone);
  EXPECT_EQ(effective_pace(make(Comparator::kGreaterEqual, "％", "数量指标")), Pace::kNone);
  EXPECT_EQ(effective_pace(make(Comparator::kLessEqual, "件", "数量指标")), Pace::kNone);
  EXPECT_EQ(effective_pace(make(Comparator::kEqual, "个", "数量指标")), Pace::kNone);
  EXPECT_EQ(effective_pace(make(Comparator::kLess, "天", "时效指标")), Pace::kNone);
  EXPECT_EQ(effective_pace(make(Comparator::kGreaterEqual, "%", "服务对象满意度指标")),
            Pace::kNone);
  EXPECT_EQ(effective_pace(make(Comparator::kGreaterEqual, "元", "成本指标")), Pace::kNone);
  EXPECT_EQ(effective_pace(make(Comparator::kQualitative, "", "时效指标")), Pace::kNone);
  EXPECT_EQ(effective_pace(make(Comparator::kDeadline, "", "时效指标")), Pace::kNone);
}

TEST(EffectivePace, ExplicitPaceWins) {
  Indicator i = make(Comparator::kGreaterEqual, "件", "数量指标");
  i.pace = Pace::kYearEnd;
  EXPECT_EQ(effective_pace(i), Pace::kYearEnd);
  i.pace = Pace::kNone;
  EXPECT_EQ(effective_pace(i), Pace::kNone);
  Indicator rate = make(Comparator::kGreaterEqual, "%", "质量指标");
  rate.pace = Pace::kLinear;
  EXPECT_EQ(effective_pace(rate), Pace::kLinear);
}

TEST(IdCategory, FollowsTheIdConvention) {
  EXPECT_EQ(id_category("数量指标"), "quantity");
  EXPECT_EQ(id_category("数量"), "quantity");
  EXPECT_EQ(id_category("质量指标"), "quality");
  EXPECT_EQ(id_category("时效指标"), "timeliness");
  EXPECT_EQ(id_category("成本指标"), "cost");
  EXPECT_EQ(id_category("经济效益指标"), "economic");
  EXPECT_EQ(id_category("社会效益指标"), "social");
  EXPECT_EQ(id_category("社会效益"), "social");
  EXPECT_EQ(id_category("生态效益指标"), "ecological");
  EXPECT_EQ(id_category("可持续影响指标"), "sustainability");
  EXPECT_EQ(id_category("服务对象满意度指标"), "satisfaction");
  EXPECT_EQ(id_category("满意度"), "satisfaction");
  EXPECT_EQ(id_category("其他"), "indicator");
  EXPECT_EQ(id_category(""), "indicator");
}

TEST(IdCategory, CostSubcategoriesOfTheNewerTemplateAreCosts) {
  // 成本指标 -> 经济成本指标 / 社会成本指标 / 生态环境成本指标 (财预〔2021〕101号 template).
  EXPECT_EQ(id_category("经济成本指标"), "cost");
  EXPECT_EQ(id_category("社会成本指标"), "cost");
  EXPECT_EQ(id_category("生态环境成本指标"), "cost");
}

TEST(ClassifyLevel, MapsLevel1ToScoringLevels) {
  EXPECT_EQ(classify_level("产出指标", "数量指标"), IndicatorLevel::kOutput);
  EXPECT_EQ(classify_level("部门产出", "数量"), IndicatorLevel::kOutput);
  EXPECT_EQ(classify_level("效益指标", "社会效益指标"), IndicatorLevel::kEffect);
  EXPECT_EQ(classify_level("部门效果", "社会效益"), IndicatorLevel::kEffect);
  EXPECT_EQ(classify_level("满意度指标", "服务对象满意度指标"), IndicatorLevel::kSatisfaction);
  // The department table prints 满意度 only as the 二级 of the 部门效果 group.
  EXPECT_EQ(classify_level("部门效果", "满意度"), IndicatorLevel::kSatisfaction);
  EXPECT_EQ(classify_level("", ""), IndicatorLevel::kOther);
}

TEST(Targets, FindDepartment) {
  Targets t;
  t.departments.push_back(Department{});
  t.departments.back().code = "375";
  t.departments.push_back(Department{});
  t.departments.back().code = "900";
  ASSERT_NE(t.find_department("900"), nullptr);
  EXPECT_EQ(t.find_department("900")->code, "900");
  EXPECT_EQ(t.find_department("37"), nullptr);
}

TEST(Frequency, NamesAndPeriods) {
  EXPECT_EQ(parse_frequency("monthly"), Frequency::kMonthly);
  EXPECT_EQ(parse_frequency("half_yearly"), Frequency::kHalfYearly);
  EXPECT_FALSE(parse_frequency("Monthly"));
  EXPECT_EQ(to_string(Frequency::kOnce), "once");
  // The longest period of each kind, so a report on time is never stale.
  EXPECT_EQ(period_days(Frequency::kMonthly), 31);
  EXPECT_EQ(period_days(Frequency::kQuarterly), 92);
  EXPECT_EQ(period_days(Frequency::kHalfYearly), 184);
  EXPECT_EQ(period_days(Frequency::kYearly), 366);
  EXPECT_EQ(period_days(Frequency::kOnce), std::nullopt);
}

TEST(Targets, FindDepartmentByYear) {
  Targets t;
  for (int year : {2025, 2026}) {
    Department d;
    d.code = "375";
    d.fiscal_year = year;
    t.departments.push_back(d);
  }
  ASSERT_NE(t.find_department("375", 2026), nullptr);
  EXPECT_EQ(t.find_department("375", 2026)->fiscal_year, 2026);
  EXPECT_EQ(t.find_department("375")->fiscal_year, 2025);  // the first loaded
  EXPECT_EQ(t.find_department("375", 2024), nullptr);
}

}  // namespace
}  // namespace targetwatch
