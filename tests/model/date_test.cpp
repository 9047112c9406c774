// Calendar arithmetic of model::Date: leap years, day of year, strict parsing, month ends.
#include "targetwatch/model/date.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace targetwatch {
namespace {

TEST(LeapYear, FollowsGregorianRules) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_TRUE(is_leap_year(2400));
  EXPECT_FALSE(is_leap_year(2025));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_EQ(days_in_year(2024), 366);
  EXPECT_EQ(days_in_year(2025), 365);
  EXPECT_EQ(days_in_year(1900), 365);
}

TEST(DaysInMonth, KnowsFebruaryAndRejectsImpossibleMonths) {
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2025, 2), 28);
  EXPECT_EQ(days_in_month(2100, 2), 28);
  EXPECT_EQ(days_in_month(2025, 1), 31);
  EXPECT_EQ(days_in_month(2025, 4), 30);
  EXPECT_EQ(days_in_month(2025, 12), 31);
  EXPECT_EQ(days_in_month(2025, 0), 0);
  EXPECT_EQ(days_in_month(2025, 13), 0);
}

TEST(Date, EpochAndUnixSeconds) {
  EXPECT_EQ(Date::from_ymd(1970, 1, 1).days_since_epoch(), 0);
  EXPECT_EQ(Date::from_ymd(1970, 1, 2).unix_seconds(), 86400);
  EXPECT_EQ(Date::from_ymd(2025, 1, 1).unix_seconds(), 1735689600);
  EXPECT_EQ(Date::from_ymd(1969, 12, 31).days_since_epoch(), -1);
}

TEST(Date, DayOfYear) {
  EXPECT_EQ(Date::from_ymd(2025, 1, 1).day_of_year(), 1);
  EXPECT_EQ(Date::from_ymd(2025, 3, 1).day_of_year(), 60);
  EXPECT_EQ(Date::from_ymd(2024, 3, 1).day_of_year(), 61);
  EXPECT_EQ(Date::from_ymd(2024, 6, 30).day_of_year(), 182);  // the design's 182/366 example
  EXPECT_EQ(Date::from_ymd(2025, 12, 31).day_of_year(), 365);
  EXPECT_EQ(Date::from_ymd(2024, 12, 31).day_of_year(), 366);
}

TEST(Date, ParseAcceptsStrictIsoDates) {
  const auto d = Date::parse("2024-02-29");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year(), 2024);
  EXPECT_EQ(d->month(), 2);
  EXPECT_EQ(d->day(), 29);
  EXPECT_EQ(Date::parse("2025-12-31"), Date::from_ymd(2025, 12, 31));
}

TEST(Date, ParseRejectsImpossibleAndMalformedDates) {
  for (const char* bad :
       {"2025-02-29", "2100-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00",
        "2025-1-01", "2025-01-1", "25-01-01", "2025/01/01", "2025-01-01T00:00", " 2025-01-01",
        "2025-01-01 ", "abcd-ef-gh", "", "0000-01-01", "2025-0a-01"}) {
    EXPECT_FALSE(Date::parse(bad).has_value()) << bad;
  }
}

TEST(Date, FromYmdThrowsOnImpossibleDate) {
  EXPECT_THROW(Date::from_ymd(2025, 2, 29), std::invalid_argument);
  EXPECT_THROW(Date::from_ymd(2025, 13, 1), std::invalid_argument);
  EXPECT_FALSE(Date::is_valid_ymd(2025, 2, 29));
  EXPECT_TRUE(Date::is_valid_ymd(2024, 2, 29));
}

TEST(Date, EndOfMonth) {
  EXPECT_EQ(Date::end_of_month(2024, 2), Date::from_ymd(2024, 2, 29));
  EXPECT_EQ(Date::end_of_month(2025, 2), Date::from_ymd(2025, 2, 28));
  EXPECT_EQ(Date::end_of_month(2025, 4), Date::from_ymd(2025, 4, 30));
  EXPECT_EQ(Date::end_of_month(2025, 7), Date::from_ymd(2025, 7, 31));
  EXPECT_EQ(Date::end_of_month(2025, 12), Date::last_of_year(2025));
  EXPECT_THROW(Date::end_of_month(2025, 13), std::invalid_argument);
}

TEST(Date, IsoRoundTripsEveryDayOfTwoCenturies) {
  // Walks day by day and checks the civil fields against an independent calendar walk.
  int y = 1900, m = 1, d = 1;
  for (Date date = Date::from_ymd(1900, 1, 1); date <= Date::from_ymd(2100, 12, 31);
       date = date.plus_days(1)) {
    ASSERT_EQ(date.year(), y);
    ASSERT_EQ(date.month(), m);
    ASSERT_EQ(date.day(), d);
    const auto parsed = Date::parse(date.iso());
    ASSERT_TRUE(parsed.has_value()) << date.iso();
    ASSERT_EQ(*parsed, date);
    if (++d > days_in_month(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  }
}

TEST(Date, ArithmeticAndOrdering) {
  const Date a = Date::from_ymd(2024, 2, 28);
  EXPECT_EQ(a.plus_days(1), Date::from_ymd(2024, 2, 29));
  EXPECT_EQ(a.plus_days(2), Date::from_ymd(2024, 3, 1));
  EXPECT_EQ(Date::from_ymd(2025, 1, 1) - Date::from_ymd(2024, 1, 1), 366);
  EXPECT_EQ(Date::from_ymd(2026, 1, 1) - Date::from_ymd(2025, 1, 1), 365);
  EXPECT_LT(Date::from_ymd(2025, 3, 31), Date::from_ymd(2025, 4, 1));
  EXPECT_EQ(Date::from_ymd(2025, 3, 9).iso(), "2025-03-09");
  EXPECT_EQ(Date::first_of_year(2025).plus_days(-1), Date::last_of_year(2024));
}

}  // namespace
}  // namespace targetwatch
