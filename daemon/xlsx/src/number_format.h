// Which number formats show dates, and the calendar day of a serial number under the 1900 or
// 1904 date system.
#pragma once

#include <optional>
#include <string_view>

#include "targetwatch/model/date.h"

namespace targetwatch::xlsx::detail {

/// Built-in formats that are dates or times: 14-22, 27-36 (CJK), 45-47, 50-58.
bool is_builtin_date_format(int id);

/// A custom format code shows a date when it has y, m, d, 年, 月 or 日 outside quoted text,
/// [brackets], backslash escapes and the _x / *x padding pairs.
bool is_date_format_code(std::string_view code);

/// The day of a serial (the time of day dropped). nullopt for serials that name no calendar day:
/// below 1 (1900) or 0 (1904), the fictitious 1900-02-29 (serial 60), past 9999-12-31.
std::optional<Date> serial_to_date(double serial, bool date1904);

}  // namespace targetwatch::xlsx::detail
