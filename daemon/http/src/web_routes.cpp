// The people's web pages: each route reads its parameters and principal, asks the core for a
// View and serves what the web module renders, with the pages' security headers.
#include "web_routes.h"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "targetwatch/http/api.h"
#include "targetwatch/web/pages.h"

namespace targetwatch::http {
namespace {

// Every page and asset: only same-origin resources, no sniffing, no referrer to anywhere.
void add_security_headers(HttpResponse& r) {
  r.headers.emplace_back("Content-Security-Policy", "default-src 'self'");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
}

HttpResponse page_response(web::Page page, std::chrono::steady_clock::time_point started) {
  HttpResponse r;
  r.status = page.status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(page.html);
  add_security_headers(r);
  r.headers.emplace_back("Cache-Control", "no-store");
  // The render time, visible in the browser's developer tools (and to the browser tests).
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  char timing[48];
  std::snprintf(timing, sizeof timing, "render;dur=%.1f", ms);
  r.headers.emplace_back("Server-Timing", timing);
  return r;
}

HttpResponse asset_response(std::string_view content_type, std::string body) {
  HttpResponse r;
  r.status = 200;
  r.content_type = std::string(content_type);
  r.body = std::move(body);
  add_security_headers(r);
  // The pages link them with ?v=<hash of the content>: a new binary gets new URLs.
  r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  return r;
}

// ?as_of=, ?lamp=, ?page= as the pages keep them; nullopt (and a 400 page) for a bad date.
std::optional<web::Query> page_query(const HttpRequest& req) {
  web::Query q;
  if (auto v = req.query_param("as_of"); v && !v->empty()) {
    q.as_of = Date::parse(*v);
    if (!q.as_of) return std::nullopt;
  }
  if (auto v = req.query_param("lamp"); v && !v->empty()) q.lamp = std::string(*v);
  if (auto v = req.query_param("page")) {
    std::size_t n = 1;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec == std::errc() && end == v->data() + v->size() && n > 0) q.page = n;
  }
  return q;
}

// A page that reads the state: the principal, the query and a View, then `render`.
template <typename Render>
Handler reading_page(core::Application& app, Render render) {
  return [&app, render](const HttpRequest& req) {
    const auto started = std::chrono::steady_clock::now();
    auto principal = app.access()->reader(req.header("authorization"));
    if (!principal) {
      if (principal.error().kind == core::FailureKind::kUnauthenticated) {
        return page_response(web::render_token_needed(), started);
      }
      return page_response(web::render_message(status_for(principal.error().kind), "无法查看",
                                               principal.error().message),
                           started);
    }
    auto query = page_query(req);
    if (!query) {
      return page_response(
          web::render_message(400, "日期有误", "as_of 应为 YYYY-MM-DD 格式的日期。"), started);
    }
    const core::View view = app.view(query->as_of, *principal);
    return page_response(render(req, view, *query), started);
  };
}

// The part of the path after `prefix` ("/projects/P1" -> "P1").
std::string_view rest(const HttpRequest& req, std::string_view prefix) {
  return std::string_view(req.path).substr(prefix.size());
}

}  // namespace

void add_web_routes(Router& router, core::Application& app) {
  router.add("GET", "/",
             reading_page(app, [](const HttpRequest&, const core::View& view, const web::Query& q) {
               return web::Page{200, web::render_overview(view, q)};
             }));
  router.add_prefix(
      "GET", "/departments/",
      reading_page(app, [](const HttpRequest& req, const core::View& view, const web::Query& q) {
        return web::render_department(view, rest(req, "/departments/"), q);
      }));
  router.add_prefix(
      "GET", "/projects/",
      reading_page(app, [](const HttpRequest& req, const core::View& view, const web::Query& q) {
        std::optional<std::string> department;
        if (auto d = req.query_param("department"); d && !d->empty()) department = std::string(*d);
        return web::render_project(view, rest(req, "/projects/"), department, q);
      }));
  // The upload page also serves those who may not read: they type their department's code.
  router.add("GET", "/upload", [&app](const HttpRequest& req) {
    const auto started = std::chrono::steady_clock::now();
    std::vector<web::DepartmentChoice> departments;
    Date today = app.evaluation()->as_of;
    if (auto principal = app.access()->reader(req.header("authorization"))) {
      const core::View view = app.view(std::nullopt, *principal);
      departments = web::department_choices(view);
      today = view.evaluation->as_of;
    }
    return page_response(web::Page{200, web::render_upload(departments, today)}, started);
  });
  router.add("GET", "/static/app.css", [](const HttpRequest&) {
    return asset_response("text/css; charset=utf-8", web::stylesheet());
  });
  router.add("GET", "/static/favicon.svg", [](const HttpRequest&) {
    return asset_response("image/svg+xml", std::string(web::favicon()));
  });
  router.add("GET", "/static/app.js", [](const HttpRequest&) {
    return asset_response("text/javascript; charset=utf-8", std::string(web::script()));
  });
}

}  // namespace targetwatch::http
