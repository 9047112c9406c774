// Date and percent formats, and serial day numbers (see number_format.h).
#include "number_format.h"

#include <cmath>
#include <cstdint>
#include <string>

namespace targetwatch::xlsx::detail {

bool is_builtin_date_format(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

namespace {

// The format code without what is shown as written: quoted text, [colours and conditions],
// backslash escapes and the _x / *x padding pairs. An unclosed quote or bracket ends the code.
std::string format_symbols(std::string_view code) {
  std::string out;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"' || c == '[') {
      const auto close = code.find(c == '"' ? '"' : ']', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      // The next character is literal (or padding). Of a multi-byte one only the lead byte is
      // skipped: continuation bytes never start a symbol.
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

bool is_date_format_code(std::string_view code) {
  const std::string symbols = format_symbols(code);
  return symbols.find_first_of("yYmMdD") != std::string::npos ||
         symbols.find("年") != std::string::npos || symbols.find("月") != std::string::npos ||
         symbols.find("日") != std::string::npos;
}

bool is_percent_format_code(std::string_view code) {
  return format_symbols(code).find('%') != std::string::npos;
}

NumberStyle builtin_number_style(int id) {
  if (is_builtin_date_format(id)) return NumberStyle::kDate;
  return id == 9 || id == 10 ? NumberStyle::kPercent : NumberStyle::kOther;
}

NumberStyle number_style_of_code(std::string_view code) {
  if (is_date_format_code(code)) return NumberStyle::kDate;
  return is_percent_format_code(code) ? NumberStyle::kPercent : NumberStyle::kOther;
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
