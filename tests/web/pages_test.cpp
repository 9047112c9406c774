// The web renderers: hostile names escaped everywhere, pagination bounds, the lamp filter, the
// bundled example's pages and their render time, and the router's prefix routes.
#include "targetwatch/web/pages.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "targetwatch/config/targets_file.h"
#include "targetwatch/evaluate/warning.h"
#include "targetwatch/http/router.h"
#include "targetwatch/ingest/ingest.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::day;
using testing::record;

core::View make_view(std::shared_ptr<const Targets> targets, std::vector<ActualRecord> records,
                     Date as_of) {
  core::View v;
  v.settings = std::make_shared<const Settings>();
  v.targets = targets;
  auto index = std::make_shared<const ActualsIndex>(std::move(records));
  v.actuals = index;
  auto evaluation = std::make_shared<const Evaluation>(evaluate(targets, *index, as_of));
  v.evaluation = evaluation;
  v.lamps = std::make_shared<const EvaluationLamps>(compute_lamps(*evaluation));
  return v;
}

std::size_t count(const std::string& haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Hostile names: department, project and indicator names and codes, notes and sources are user
// input and must come out as text.

constexpr const char* kHostileDepartment = "<script>alert(\"d\")</script>";
constexpr const char* kHostileProject = "<img src=x onerror=alert(1)>&\"'";
constexpr const char* kHostileCode = "P&1\"<x>";

core::View hostile_view() {
  Indicator ind = testing::indicator("q<b>", Comparator::kGreaterEqual, 10);
  ind.name = "<b>bold</b>";
  Project p = testing::project(kHostileCode, 100, testing::standard_plan(), {ind});
  p.name = kHostileProject;
  auto t = std::make_shared<Targets>();
  Department d;
  d.code = "9<9";
  d.name = kHostileDepartment;
  d.fiscal_year = 2025;
  d.projects = {p};
  t->departments.push_back(d);
  ActualRecord spent =
      record(kHostileCode, "spending", 10, "2025-06-15", RecordMode::kCumulative, 1, "9<9");
  spent.note = "<script>note()</script>";
  spent.source = "\"><script>src()</script>";
  spent.received_unix = 1750000000;
  ActualRecord q = record(kHostileCode, "q<b>", 3, "2025-06-15", RecordMode::kCumulative, 2, "9<9");
  q.cause = "其他";
  q.measure = "<i>measure</i>";
  return make_view(t, {spent, q}, day("2025-06-30"));
}

void expect_inert(const std::string& html) {
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("<x>"), std::string::npos);
}

TEST(WebEscaping, OverviewDepartmentAndProjectPages) {
  const core::View v = hostile_view();
  const web::Query q;
  const std::string overview = web::render_overview(v, q);
  expect_inert(overview);
  EXPECT_NE(overview.find("&lt;script&gt;alert(&quot;d&quot;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(overview.find("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;"), std::string::npos);
  // Codes in links are percent-encoded, then escaped for the attribute.
  EXPECT_NE(overview.find("href=\"/projects/P%261%22%3Cx%3E?department=9%3C9\""),
            std::string::npos);
  EXPECT_NE(overview.find("href=\"/departments/9%3C9\""), std::string::npos);

  const web::Page department = web::render_department(v, "9<9", q);
  EXPECT_EQ(department.status, 200);
  expect_inert(department.html);
  EXPECT_NE(department.html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);

  const web::Page project = web::render_project(v, kHostileCode, std::nullopt, q);
  EXPECT_EQ(project.status, 200);
  expect_inert(project.html);
  EXPECT_NE(project.html.find("&lt;script&gt;note()&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(project.html.find("&quot;&gt;&lt;script&gt;src()&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(project.html.find("&lt;i&gt;measure&lt;/i&gt;"), std::string::npos);
  EXPECT_NE(project.html.find("&lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(project.html.find("2025-06-15 15:06 UTC"), std::string::npos);  // received_unix
}

TEST(WebEscaping, UploadAndMessagePagesAndQueryEcho) {
  const std::string upload = web::render_upload({{"9<9", kHostileDepartment}}, day("2025-07-15"));
  EXPECT_EQ(upload.find("<script>"), std::string::npos);
  EXPECT_NE(upload.find("<option value=\"9&lt;9\">&lt;script&gt;"), std::string::npos);
  EXPECT_NE(upload.find("department=9%3C9&amp;format=xlsx"), std::string::npos);
  // The report download defaults to the month end before today.
  EXPECT_NE(upload.find("value=\"2025-06-30\""), std::string::npos);
  // The token field has no name: a form submitted without the script sends no token.
  const auto token = upload.find("id=\"token\"");
  ASSERT_NE(token, std::string::npos);
  const auto tag_start = upload.rfind('<', token);
  const std::string tag = upload.substr(tag_start, upload.find('>', token) - tag_start);
  EXPECT_EQ(tag.find("name="), std::string::npos) << tag;
  EXPECT_NE(tag.find("type=\"password\""), std::string::npos) << tag;

  const web::Page message = web::render_message(404, "<t>", "<m>&");
  EXPECT_EQ(message.status, 404);
  EXPECT_NE(message.html.find("&lt;m&gt;&amp;"), std::string::npos);
  EXPECT_EQ(message.html.find("<m>"), std::string::npos);

  // A lamp filter value comes back into a hidden field and links: escaped there too.
  web::Query q;
  q.lamp = "\"><script>";
  const std::string overview = web::render_overview(hostile_view(), q);
  expect_inert(overview);
  EXPECT_NE(overview.find("没有符合条件的项目"), std::string::npos);

  const web::Page unknown = web::render_department(hostile_view(), "<nope>", {});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.html.find("<nope>"), std::string::npos);
  EXPECT_EQ(web::render_project(hostile_view(), "<nope>", std::nullopt, {}).status, 404);
  EXPECT_EQ(web::render_token_needed().status, 401);
  EXPECT_NE(web::render_token_needed().html.find("href=\"/upload#token\""), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Many projects: `red` of them missed the June checkpoint (nothing spent), the rest are on plan.

core::View many_projects(int projects, int red) {
  std::vector<Project> list;
  std::vector<ActualRecord> records;
  for (int i = 0; i < projects; ++i) {
    const std::string code = "P" + std::to_string(10000 + i);
    list.push_back(testing::project(code, 100, testing::standard_plan()));
    records.push_back(
        record(code, "spending", i < red ? 0 : 65, "2025-06-20", RecordMode::kCumulative, i + 1));
  }
  return make_view(testing::targets_with(std::move(list)), std::move(records), day("2025-06-30"));
}

std::size_t project_rows(const std::string& html) { return count(html, "<tr class=\""); }

TEST(WebPagination, OverviewPagesOf200ClampedToTheLastPage) {
  const core::View v = many_projects(450, 10);
  web::Query q;
  std::string page = web::render_overview(v, q);
  EXPECT_EQ(project_rows(page), 200u);
  EXPECT_NE(page.find("第 1/3 页"), std::string::npos);
  EXPECT_NE(page.find("rel=\"next\" href=\"/?page=2\""), std::string::npos);
  EXPECT_EQ(page.find("rel=\"prev\""), std::string::npos);

  q.page = 3;
  page = web::render_overview(v, q);
  EXPECT_EQ(project_rows(page), 50u);
  EXPECT_NE(page.find("第 3/3 页"), std::string::npos);
  EXPECT_EQ(page.find("rel=\"next\""), std::string::npos);

  q.page = 999;  // beyond the end: the last page
  EXPECT_EQ(project_rows(web::render_overview(v, q)), 50u);
  q.page = 0;  // before the start: the first page
  EXPECT_EQ(project_rows(web::render_overview(v, q)), 200u);

  // Exactly one page: no pager.
  const std::string single = web::render_overview(many_projects(200, 0), {});
  EXPECT_EQ(project_rows(single), 200u);
  EXPECT_EQ(single.find("class=\"pager\""), std::string::npos);
}

TEST(WebPagination, DepartmentPagesOf50KeepTheFilterAndDate) {
  const core::View v = many_projects(120, 0);
  web::Query q;
  q.as_of = day("2025-06-30");
  q.lamp = "green";
  q.page = 2;
  const web::Page page = web::render_department(v, "375", q);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(count(page.html, "<tr class=\"green\" data-project="), 50u);
  EXPECT_NE(page.html.find("第 2/3 页"), std::string::npos);
  EXPECT_NE(page.html.find("href=\"/departments/375?as_of=2025-06-30&amp;lamp=green&amp;page=3\""),
            std::string::npos);
  EXPECT_EQ(count(page.html, "<svg class=\"chart\""), 50u);  // a chart per project shown
}

TEST(WebLampFilter, ProblemsFirstAndFilteredByLamp) {
  const core::View v = many_projects(30, 4);
  web::Query q;
  const std::string all = web::render_overview(v, q);
  // Problems first: the red rows come before every green one.
  const auto last_red = all.rfind("<tr class=\"red\"");
  const auto first_green = all.find("<tr class=\"green\"");
  ASSERT_NE(last_red, std::string::npos);
  ASSERT_NE(first_green, std::string::npos);
  EXPECT_LT(last_red, first_green);
  EXPECT_NE(all.find("红灯</span> <span class=\"n\">4</span>"), std::string::npos);

  q.lamp = "red";
  const std::string red = web::render_overview(v, q);
  EXPECT_EQ(project_rows(red), 4u);
  EXPECT_EQ(count(red, "data-lamp=\"red\">"), 4u);
  EXPECT_EQ(red.find("<tr class=\"green\""), std::string::npos);
  EXPECT_NE(red.find("class=\"filter active\" href=\"/?lamp=red\""), std::string::npos);

  q.lamp = "green";
  EXPECT_EQ(project_rows(web::render_overview(v, q)), 26u);
  q.lamp = "yellow";
  const std::string none = web::render_overview(v, q);
  EXPECT_EQ(project_rows(none), 0u);
  EXPECT_NE(none.find("没有符合条件的项目"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// The bundled example (the report's fixture copy).

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

core::View example_view(Date as_of) {
  const std::string dir = std::string(TARGETWATCH_FIXTURES) + "/report/";
  TargetsLoad load = load_targets({dir + "langfang-justice-2025.toml"});
  EXPECT_TRUE(load.ok());
  auto targets = std::make_shared<const Targets>(std::move(load.targets));
  auto parsed = parse_actuals_csv(read_text(dir + "actuals-2025.csv"));
  EXPECT_TRUE(parsed);
  EXPECT_TRUE(validate_actuals(*parsed, *targets));
  std::int64_t revision = 0;
  for (auto& r : parsed->records) r.revision = ++revision;
  return make_view(targets, std::move(parsed->records), as_of);
}

template <typename F>
double millis(F f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

TEST(WebExample, EveryPageRendersTheExampleQuickly) {
  const core::View v = example_view(day("2025-06-30"));
  const Department& d = v.targets->departments.front();
  const Project& p = d.projects.front();
  std::string overview, department, project;
  const double t1 = millis([&] { overview = web::render_overview(v, {}); });
  const double t2 = millis([&] { department = web::render_department(v, d.code, {}).html; });
  const double t3 = millis([&] { project = web::render_project(v, p.code, d.code, {}).html; });
  std::printf("render ms (example): overview %.1f, department %.1f, project %.1f\n", t1, t2, t3);
  EXPECT_LT(t1, 100);
  EXPECT_LT(t2, 100);
  EXPECT_LT(t3, 100);
  EXPECT_NE(overview.find(d.name), std::string::npos);
  EXPECT_EQ(project_rows(overview), d.projects.size());
  EXPECT_NE(department.find(p.name), std::string::npos);
  EXPECT_NE(project.find("填报记录"), std::string::npos);
  // A history per figure, only up to the page's date.
  EXPECT_EQ(count(project, "<h4"), 1 + p.indicators.size());
  EXPECT_NE(project.find("<td>2025-06-30</td>"), std::string::npos);
  EXPECT_EQ(project.find("<td>2025-07-31</td>"), std::string::npos);
}

TEST(WebExample, TenThousandProjectsStayBounded) {
  const core::View v = many_projects(10000, 300);
  std::string overview, department, project;
  const double t1 = millis([&] { overview = web::render_overview(v, {}); });
  const double t2 = millis([&] { department = web::render_department(v, "375", {}).html; });
  const double t3 = millis([&] { project = web::render_project(v, "P19999", {}, {}).html; });
  std::printf(
      "render ms (10,000 projects): overview %.1f (%zu bytes), department %.1f (%zu bytes), "
      "project %.1f\n",
      t1, overview.size(), t2, department.size(), t3);
  EXPECT_NE(project.find("项目P19999"), std::string::npos);
  EXPECT_EQ(project_rows(overview), 200u);
  EXPECT_LT(overview.size(), 400'000u);
  EXPECT_LT(department.size(), 400'000u);
}

// ---------------------------------------------------------------------------------------------

TEST(RouterPrefix, ExactRoutesWinAndThePrefixNeedsARest) {
  http::Router router;
  router.add("GET", "/projects/special",
             [](const http::HttpRequest&) { return http::HttpResponse::text(200, "exact"); });
  router.add_prefix("GET", "/projects/", [](const http::HttpRequest& r) {
    return http::HttpResponse::text(200, "prefix " + r.path);
  });
  const auto get = [&](std::string path, std::string method = "GET") {
    http::HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    return router.route(r);
  };
  EXPECT_EQ(get("/projects/special").body, "exact");
  EXPECT_EQ(get("/projects/P1").body, "prefix /projects/P1");
  EXPECT_EQ(get("/projects/a/b").body, "prefix /projects/a/b");
  EXPECT_EQ(get("/projects/").status, 404);
  EXPECT_EQ(get("/projects").status, 404);
  const auto post = get("/projects/P1", "POST");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("Allow").value_or(""), "GET");
}

}  // namespace
}  // namespace targetwatch
