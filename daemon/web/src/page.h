// What the pages share: the page shell, links that keep the query, pagination, lamp ranks and the
// review model built from a View.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "targetwatch/report/html.h"
#include "targetwatch/report/review.h"
#include "targetwatch/report/review_text.h"
#include "targetwatch/web/pages.h"

namespace targetwatch::web::detail {

using targetwatch::html_escape;
using namespace targetwatch::detail;  // the review's wording and number formats

/// Which navigation entry a page belongs to.
enum class Nav { kOverview, kUpload, kNone };

/// The whole document: head (the one stylesheet, the script when asked), navigation, `body`.
std::string shell(std::string_view title, std::string_view body, Nav nav, bool with_script);

/// Percent-encodes everything but unreserved characters (a path segment or a query value).
std::string url_encode(std::string_view s);
/// `path` with the query parameters whose value is non-empty, escaped for an attribute.
std::string href(std::string_view path,
                 const std::vector<std::pair<std::string_view, std::string>>& params = {});
/// The as_of parameter of `query` ("" when absent).
std::string as_of_value(const Query& query);

/// Links to a department or project page at the query's date.
std::string department_href(std::string_view code, const Query& query);
std::string project_href(std::string_view department, std::string_view code, const Query& query);

/// The rows [first, last) of page query.page (clamped to the pages there are) of `total` rows.
struct PageSlice {
  std::size_t first = 0;
  std::size_t last = 0;
  std::size_t page = 1;   ///< the page shown
  std::size_t pages = 1;  ///< at least 1
};
PageSlice slice(std::size_t total, std::size_t requested_page, std::size_t page_size = kPageSize);
/// "第 2/5 页" with previous/next links (nothing when there is one page).
std::string pager(const PageSlice& s, std::string_view path, const Query& query);

/// Most severe first: red, yellow, stale, grey, green (by name, so new lamps rank sensibly).
int severity_rank(Lamp lamp);
/// The lamp names the filters offer, most severe first, and their Chinese labels.
struct LampName {
  std::string_view name;
  std::string_view label;
};
const std::vector<LampName>& lamp_names();
/// Links "全部 | 红灯 (3) | ..." that set ?lamp= on `path`; `counts` parallel to lamp_names().
std::string lamp_filter(std::string_view path, const Query& query,
                        const std::vector<std::size_t>& counts, std::size_t total);

/// Counts of `lamps` as lamp badges with numbers (red, yellow and green always, the others when
/// present).
std::string lamp_counts(const std::vector<Lamp>& lamps);
/// The reasons of a project's non-green rules ("支出计划：…；序时进度：…"; "" when all are green).
std::string rule_reasons(const std::vector<RuleLamp>& rules);

/// The review model of department `department` (an index into the view's evaluation) with only
/// the projects `projects` (indices, in this order): the pages show a page of projects, and
/// reviewing only those keeps a department of thousands cheap. Department-wide figures and
/// indicators are the whole department's.
ReviewDepartment review_of(const core::View& view, std::size_t department,
                           const std::vector<std::size_t>& projects);

/// The indices of a department's projects, the most severe overall lamp first (stable).
std::vector<std::size_t> projects_by_severity(const DepartmentLamps& lamps);

/// "2025-06-30 14:05 UTC" of Unix seconds ("—" for 0).
std::string utc_time(std::int64_t unix_seconds);

/// A table cell: escaped text ("—" when empty), right-aligned when `num`.
std::string td(std::string_view text, bool num = false);
/// A table cell of ready HTML.
std::string td_html(std::string_view html, std::string_view cls = "");
/// <thead> of escaped names; 'r' in `align` right-aligns that column.
std::string thead(const std::vector<std::string_view>& names, std::string_view align = "");
/// The date picker form (GET `path` with ?as_of=), keeping the lamp filter.
std::string date_form(std::string_view path, const Query& query, Date shown,
                      const std::vector<std::pair<std::string_view, std::string>>& hidden = {});
/// The monitoring form (绩效运行监控表) rows of indicators.
std::string indicator_table(const std::vector<ReviewIndicator>& indicators);

}  // namespace targetwatch::web::detail
