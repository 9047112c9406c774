// Calendar dates (proleptic Gregorian, no time zone): the only notion of time the core uses.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace targetwatch {

/// A calendar day, stored as days since 1970-01-01. A date means the end of that day
/// in every evaluation rule. Value type; trivially copyable.
class Date {
 public:
  constexpr Date() = default;
  static constexpr Date from_days(std::int32_t days_since_epoch) { return Date(days_since_epoch); }
  /// Precondition: a valid y-m-d (see is_valid_ymd).
  static Date from_ymd(int year, int month, int day);
  /// Parses "YYYY-MM-DD" strictly; nullopt on anything else or an impossible date.
  static std::optional<Date> parse(std::string_view iso);
  static bool is_valid_ymd(int year, int month, int day);

  /// Last day of the given month (month 1-12).
  static Date end_of_month(int year, int month);
  static Date first_of_year(int year) { return from_ymd(year, 1, 1); }
  static Date last_of_year(int year) { return from_ymd(year, 12, 31); }

  constexpr std::int32_t days_since_epoch() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  /// 1-based: Jan 1 is 1, Dec 31 is 365 or 366.
  int day_of_year() const;
  /// Unix seconds of 00:00:00 UTC of this day.
  std::int64_t unix_seconds() const { return static_cast<std::int64_t>(days_) * 86400; }
  /// "YYYY-MM-DD".
  std::string iso() const;

  constexpr Date plus_days(std::int32_t n) const { return Date(days_ + n); }
  friend constexpr std::int32_t operator-(Date a, Date b) { return a.days_ - b.days_; }
  friend constexpr auto operator<=>(Date a, Date b) = default;
  friend constexpr bool operator==(Date a, Date b) = default;

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

bool is_leap_year(int year);
int days_in_year(int year);
int days_in_month(int year, int month);

}  // namespace targetwatch
