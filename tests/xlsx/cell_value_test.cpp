// Cell addresses, number text, escapes and date formats (the private rules in daemon/xlsx/src).
#include "cell_value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "number_format.h"
#include "targetwatch/xlsx/workbook.h"

namespace targetwatch::xlsx {
namespace {

TEST(xlsx, CellAddressRoundTrips) {
  struct Case {
    std::uint32_t row, column;
    const char* address;
  };
  for (const Case& c : {Case{1, 1, "A1"}, Case{9, 26, "Z9"}, Case{10, 27, "AA10"},
                        Case{12, 6, "F12"}, Case{1, 52, "AZ1"}, Case{1, 702, "ZZ1"},
                        Case{1, 703, "AAA1"}, Case{1048576, 16384, "XFD1048576"}}) {
    EXPECT_EQ(cell_address(c.row, c.column), c.address);
    const auto parsed = detail::parse_cell_reference(c.address);
    ASSERT_TRUE(parsed.has_value()) << c.address;
    EXPECT_EQ(parsed->row, c.row);
    EXPECT_EQ(parsed->column, c.column);
  }
  // Every column round-trips.
  for (std::uint32_t column = 1; column <= detail::kMaxColumn; ++column) {
    const auto parsed = detail::parse_cell_reference(cell_address(7, column));
    ASSERT_TRUE(parsed.has_value()) << column;
    ASSERT_EQ(parsed->column, column);
  }
  EXPECT_EQ(detail::parse_cell_reference("$C$5")->column, 3u);
  EXPECT_FALSE(detail::parse_cell_reference("XFE1").has_value());
  EXPECT_FALSE(detail::parse_cell_reference("A1048577").has_value());
  EXPECT_FALSE(detail::parse_cell_reference("A01x").has_value());
}

TEST(xlsx, NumbersAreShortestRoundTripWithoutExponentInTheUsualRange) {
  EXPECT_EQ(detail::format_number(1234.5), "1234.5");
  EXPECT_EQ(detail::format_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(detail::format_number(-0.0), "0");
  EXPECT_EQ(detail::format_number(1e-6), "0.000001");
  EXPECT_EQ(detail::format_number(1e-7), "1e-07");
  EXPECT_EQ(detail::format_number(999999999999999), "999999999999999");
  EXPECT_EQ(detail::format_number(1e15), "1e+15");
  EXPECT_EQ(detail::format_number(12345678901234.5), "12345678901234.5");
  for (const double x : {0.1, 1.0 / 3, 2.5e-5, 123456.789, 7e14}) {
    EXPECT_EQ(detail::parse_number(detail::format_number(x)), x);
    EXPECT_EQ(detail::format_number(x).find('e'), std::string::npos) << x;
  }
  EXPECT_EQ(detail::parse_number(" 1.5E+3 "), 1500.0);
  EXPECT_FALSE(detail::parse_number("1,5").has_value());
  EXPECT_FALSE(detail::parse_number("").has_value());
  EXPECT_FALSE(detail::parse_number("inf").has_value());
}

TEST(xlsx, DateFormatCodes) {
  EXPECT_TRUE(detail::is_date_format_code("yyyy-mm-dd"));
  EXPECT_TRUE(detail::is_date_format_code("[$-F800]dddd, mmmm dd, yyyy"));
  EXPECT_TRUE(detail::is_date_format_code("e年"));
  EXPECT_FALSE(detail::is_date_format_code("General"));
  EXPECT_FALSE(detail::is_date_format_code("#,##0.00\"天\"\"d\""));
  EXPECT_FALSE(detail::is_date_format_code("[Red]0.00;[Blue]-0.00"));
  EXPECT_FALSE(detail::is_date_format_code("0.00E+00"));
  for (const int id : {14, 22, 27, 36, 45, 47, 50, 58}) {
    EXPECT_TRUE(detail::is_builtin_date_format(id)) << id;
  }
  for (const int id : {0, 13, 23, 26, 37, 44, 48, 49, 59, 164}) {
    EXPECT_FALSE(detail::is_builtin_date_format(id)) << id;
  }
}

TEST(xlsx, PercentFormatCodes) {
  using detail::NumberStyle;
  EXPECT_TRUE(detail::is_percent_format_code("0%"));
  EXPECT_TRUE(detail::is_percent_format_code("0.0%"));
  EXPECT_TRUE(detail::is_percent_format_code("#,##0.00%;[Red]-#,##0.00%"));
  EXPECT_FALSE(detail::is_percent_format_code("0.00\"%\""));     // quoted: a literal sign
  EXPECT_FALSE(detail::is_percent_format_code("0\\%"));          // escaped
  EXPECT_FALSE(detail::is_percent_format_code("[$%-804]0.00"));  // inside brackets
  EXPECT_FALSE(detail::is_percent_format_code("General"));
  EXPECT_EQ(detail::builtin_number_style(9), NumberStyle::kPercent);
  EXPECT_EQ(detail::builtin_number_style(10), NumberStyle::kPercent);
  EXPECT_EQ(detail::builtin_number_style(14), NumberStyle::kDate);
  for (const int id : {0, 1, 2, 8, 11, 164}) {
    EXPECT_EQ(detail::builtin_number_style(id), NumberStyle::kOther) << id;
  }
  EXPECT_EQ(detail::number_style_of_code("0.0%"), NumberStyle::kPercent);
  EXPECT_EQ(detail::number_style_of_code("yyyy-mm-dd"), NumberStyle::kDate);
  EXPECT_EQ(detail::number_style_of_code("#,##0.00"), NumberStyle::kOther);
}

TEST(xlsx, SerialDays) {
  EXPECT_EQ(detail::serial_to_date(1, false), Date::from_ymd(1900, 1, 1));
  EXPECT_EQ(detail::serial_to_date(59, false), Date::from_ymd(1900, 2, 28));
  EXPECT_FALSE(detail::serial_to_date(60, false).has_value());
  EXPECT_EQ(detail::serial_to_date(61, false), Date::from_ymd(1900, 3, 1));
  EXPECT_EQ(detail::serial_to_date(2958465.9, false), Date::from_ymd(9999, 12, 31));
  EXPECT_FALSE(detail::serial_to_date(2958466, false).has_value());
  EXPECT_FALSE(detail::serial_to_date(0.25, false).has_value());
  EXPECT_EQ(detail::serial_to_date(0.25, true), Date::from_ymd(1904, 1, 1));
  EXPECT_EQ(detail::serial_to_date(2957003, true), Date::from_ymd(9999, 12, 31));
  EXPECT_FALSE(detail::serial_to_date(-1, true).has_value());
  EXPECT_FALSE(detail::serial_to_date(std::numeric_limits<double>::quiet_NaN(), false));
}

}  // namespace
}  // namespace targetwatch::xlsx
