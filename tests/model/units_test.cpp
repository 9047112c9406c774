// Money units: yuan per unit and conversion between units that differ only in their money prefix.
#include "targetwatch/model/units.h"

#include <gtest/gtest.h>

namespace targetwatch {
namespace {

TEST(YuanPer, KnowsTheThreeMoneyUnits) {
  EXPECT_EQ(yuan_per("元"), 1.0);
  EXPECT_EQ(yuan_per("万元"), 1e4);
  EXPECT_EQ(yuan_per("亿元"), 1e8);
  EXPECT_FALSE(yuan_per("千元").has_value());
  EXPECT_FALSE(yuan_per("万").has_value());
  EXPECT_FALSE(yuan_per("").has_value());
  EXPECT_FALSE(yuan_per("元/月").has_value());
}

TEST(UnitConversion, SameUnitIsOne) {
  EXPECT_EQ(unit_conversion_factor("件", "件"), 1.0);
  EXPECT_EQ(unit_conversion_factor("", ""), 1.0);
  EXPECT_EQ(unit_conversion_factor("万元/月", "万元/月"), 1.0);
}

TEST(UnitConversion, MoneyPrefixes) {
  EXPECT_DOUBLE_EQ(*unit_conversion_factor("元", "万元"), 1e-4);
  EXPECT_DOUBLE_EQ(*unit_conversion_factor("万元", "元"), 1e4);
  EXPECT_DOUBLE_EQ(*unit_conversion_factor("亿元", "万元"), 1e4);
  EXPECT_DOUBLE_EQ(*unit_conversion_factor("元/人/天", "万元/人/天"), 1e-4);
  EXPECT_DOUBLE_EQ(*unit_conversion_factor("万元/年/人", "元/年/人"), 1e4);
  // "≤7.8万" prints 万 alone for 万元.
  EXPECT_DOUBLE_EQ(*unit_conversion_factor("万", "元"), 1e4);
  EXPECT_DOUBLE_EQ(*unit_conversion_factor("元", "万"), 1e-4);
}

TEST(UnitConversion, UnrelatedUnitsHaveNoFactor) {
  EXPECT_FALSE(unit_conversion_factor("件", "个").has_value());
  EXPECT_FALSE(unit_conversion_factor("元/次", "元/人").has_value());
  EXPECT_FALSE(unit_conversion_factor("元", "%").has_value());
  EXPECT_FALSE(unit_conversion_factor("万元/月", "元").has_value());
  EXPECT_FALSE(unit_conversion_factor("", "元").has_value());
}

}  // namespace
}  // namespace targetwatch
