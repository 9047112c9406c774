// Workbook bytes from libxlsxwriter, which can only write to a file: the one place that goes
// through a private temporary file (the review report and the fill-in template both use it).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "targetwatch/model/result.h"

struct lxw_workbook;  // libxlsxwriter's workbook; its header stays out of this one

namespace targetwatch {

/// Creates a workbook in a private temporary file named after `name` ("review", "template"),
/// lets `fill` add its sheets, closes it and returns the bytes; the file is removed in every
/// case. Errors name the temporary file or libxlsxwriter's reason. Only in builds with
/// libxlsxwriter (the callers are too).
Result<std::string> xlsx_bytes(std::string_view name,
                               const std::function<void(lxw_workbook*)>& fill);

}  // namespace targetwatch
