// The web interface's pages as HTML strings: pure renderings of a core::View (the state a principal
// may see at a date) and the request's parameters. No I/O; every value is HTML-escaped.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/core/application.h"

namespace targetwatch::web {

/// A rendered page and the status it is served with (404 for an unknown code).
struct Page {
  int status = 200;
  std::string html;
};

/// How many rows a list shows per page (the overview's problems list, a department's projects).
inline constexpr std::size_t kPageSize = 200;

/// What every page keeps in its links and forms.
struct Query {
  std::optional<Date> as_of;        ///< ?as_of= as given (absent: the daemon's today)
  std::optional<std::string> lamp;  ///< ?lamp=red|yellow|green|... filters the lists
  std::size_t page = 1;             ///< ?page=, 1-based; beyond the last page shows the last
};

/// GET /: 总览. Every department and fiscal year with its figures, then the projects of every
/// department worst lamp first (filtered by query.lamp, kPageSize a page).
std::string render_overview(const core::View& view, const Query& query);

/// GET /departments/<code>: department-wide indicators, then its projects with their lamps,
/// execution against plan, next checkpoint, required daily spend, reasons and a chart.
Page render_department(const core::View& view, std::string_view code, const Query& query);

/// GET /projects/<code>[?department=]: the monitoring form of one project, its chart, and the
/// history of each figure. A code used by several departments lists them to choose from.
Page render_project(const core::View& view, std::string_view code,
                    const std::optional<std::string>& department, const Query& query);

/// A department the upload page offers (its template and upload).
struct DepartmentChoice {
  std::string code;
  std::string name;
};

/// The departments `view` lets its principal read, in the targets' order.
std::vector<DepartmentChoice> department_choices(const core::View& view);

/// GET /upload: 数据报送 (templates, the upload form, report downloads). `departments` empty = the
/// reader sees none (reads need a token): the department code is typed instead of chosen. The
/// report download defaults to the month end before `today`.
std::string render_upload(const std::vector<DepartmentChoice>& departments, Date today);

/// A page that only says something (404, 403, 400); both texts are escaped.
Page render_message(int status, std::string_view title, std::string_view message);
/// 401: reading needs a token, which pages never keep; points to the upload page's token field.
Page render_token_needed();

/// The one stylesheet (/static/app.css): the report's stylesheet plus the pages' own rules.
std::string stylesheet();
/// The one script (/static/app.js): the upload form and the authorised report download.
std::string_view script();
/// The icon (/static/favicon.svg): a lamp.
std::string_view favicon();
/// A hash of the three, put in their URLs (?v=) so that they can be cached for a year.
std::string_view asset_version();

}  // namespace targetwatch::web
