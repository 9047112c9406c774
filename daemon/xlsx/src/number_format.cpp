// Date formats and serial day numbers (see number_format.h).
#include "number_format.h"

#include <cmath>
#include <cstdint>

namespace targetwatch::xlsx::detail {

bool is_builtin_date_format(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

bool is_date_format_code(std::string_view code) {
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      const auto close = code.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '[') {
      const auto close = code.find(']', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding); a multi-byte one is skipped below
    } else if (c == 'y' || c == 'Y' || c == 'm' || c == 'M' || c == 'd' || c == 'D') {
      return true;
    } else if (code.substr(i).starts_with("年") || code.substr(i).starts_with("月") ||
               code.substr(i).starts_with("日")) {
      return true;
    }
  }
  return false;
}

std::optional<Date> serial_to_date(double serial, bool date1904) {
  constexpr double kLastSerial1900 = 2958465;  // 9999-12-31
  if (!std::isfinite(serial)) return std::nullopt;
  const double day = std::floor(serial);
  if (date1904) {
    if (day < 0 || day > kLastSerial1900 - 1462) return std::nullopt;
    return Date::from_ymd(1904, 1, 1).plus_days(static_cast<std::int32_t>(day));
  }
  if (day < 1 || day == 60 || day > kLastSerial1900) return std::nullopt;
  // Serial 1 is 1900-01-01; Lotus counted a 1900-02-29 that never was, so from 61 on the days
  // are one behind and count from 1899-12-30 instead of 1899-12-31.
  const Date base = day < 60 ? Date::from_ymd(1899, 12, 31) : Date::from_ymd(1899, 12, 30);
  return base.plus_days(static_cast<std::int32_t>(day));
}

}  // namespace targetwatch::xlsx::detail
