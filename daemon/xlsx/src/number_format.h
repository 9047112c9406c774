// Which number formats show dates or percentages, and the calendar day of a serial number under
// the 1900 or 1904 date system.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "targetwatch/model/date.h"

namespace targetwatch::xlsx::detail {

/// Built-in formats that are dates or times: 14-22, 27-36 (CJK), 45-47, 50-58.
bool is_builtin_date_format(int id);

/// A custom format code shows a date when it has y, m, d, 年, 月 or 日 outside quoted text,
/// [brackets], backslash escapes and the _x / *x padding pairs.
bool is_date_format_code(std::string_view code);

/// A custom format code shows a percentage (the value × 100) when it has % outside quoted text,
/// [brackets], backslash escapes and padding pairs: "0%", "0.0%", "#,##0.00%;[Red]-0.00%".
bool is_percent_format_code(std::string_view code);

/// What a cell format does to a number, for the reader: show a date, a percentage, or neither.
enum class NumberStyle : std::uint8_t { kOther, kDate, kPercent };
/// Built-in formats: the dates above, 9 ("0%") and 10 ("0.00%") percent.
NumberStyle builtin_number_style(int id);
/// A custom format code: a date first (a date code with % is still a date), then a percentage.
NumberStyle number_style_of_code(std::string_view code);

/// The day of a serial (the time of day dropped). nullopt for serials that name no calendar day:
/// below 1 (1900) or 0 (1904), the fictitious 1900-02-29 (serial 60), past 9999-12-31.
std::optional<Date> serial_to_date(double serial, bool date1904);

}  // namespace targetwatch::xlsx::detail
