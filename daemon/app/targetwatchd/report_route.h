// GET /report: the monthly review report of the report module, served by the daemon.
#pragma once

#include "targetwatch/http/service.h"

namespace targetwatch {

/// ?as_of= (default: the last day of the previous month), ?format=html|md|csv|xlsx (default
/// html), ?department=CODE. Same evaluation rules and lamp settings as /api/v1/status.
http::ReportRenderer make_report_renderer();

}  // namespace targetwatch
