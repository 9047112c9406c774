// The HTTP API: each handler reads its parameters, asks the core, and renders the answer.
#include "targetwatch/http/api.h"

#include <boost/json.hpp>
#include <charconv>
#include <cstdlib>
#include <limits>

#include "web_routes.h"

namespace targetwatch::http {
namespace {

namespace json = boost::json;

constexpr std::string_view kXlsxMediaType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

HttpResponse document_response(core::Document doc) {
  HttpResponse r;
  r.status = 200;
  r.content_type = std::move(doc.content_type);
  r.body = std::move(doc.body);
  r.body_pieces = std::move(doc.body_pieces);
  r.body_owner = std::move(doc.body_owner);
  if (!doc.content_disposition.empty()) {
    r.headers.emplace_back("Content-Disposition", doc.content_disposition);
  } else if (!doc.filename.empty()) {
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + doc.filename + "\"");
  }
  if (!doc.content_encoding.empty()) {
    r.headers.emplace_back("Content-Encoding", doc.content_encoding);
    r.headers.emplace_back("Vary", "Accept-Encoding");
  }
  return r;
}

// ?as_of=YYYY-MM-DD, absent = the core's default.
Result<std::optional<Date>, core::Failure> as_of_param(const HttpRequest& req) {
  auto as_of = req.query_param("as_of");
  if (!as_of) return std::optional<Date>{};
  auto date = Date::parse(*as_of);
  if (!date) {
    return core::Failure{core::FailureKind::kBadRequest,
                         "as_of must be a date YYYY-MM-DD, got '" + std::string(*as_of) + "'"};
  }
  return std::optional<Date>{*date};
}

// ?fiscal_year=YYYY, absent = every open year.
Result<std::optional<int>, core::Failure> fiscal_year_param(const HttpRequest& req) {
  auto year = req.query_param("fiscal_year");
  if (!year) return std::optional<int>{};
  int value = 0;
  const auto [end, ec] = std::from_chars(year->data(), year->data() + year->size(), value);
  if (ec != std::errc{} || end != year->data() + year->size() || value < 1900 || value > 9999) {
    return core::Failure{core::FailureKind::kBadRequest,
                         "fiscal_year must be a year like 2025, got '" + std::string(*year) + "'"};
  }
  return std::optional<int>{value};
}

// A whole number in [min, max] from ?name=, or `fallback` when absent; `what` says in the
// error what the parameter is for.
Result<std::int64_t, core::Failure> whole_number_param(const HttpRequest& req,
                                                       std::string_view name, std::int64_t min,
                                                       std::int64_t max, std::int64_t fallback,
                                                       std::string_view what) {
  auto text = req.query_param(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || (*text)[0] == '-' || ec != std::errc{} ||
      end != text->data() + text->size() || value < min || value > max) {
    return core::Failure{core::FailureKind::kBadRequest,
                         std::string(name) + " must be a whole number from " + std::to_string(min) +
                             " to " + std::to_string(max) + " (" + std::string(what) + "), got '" +
                             std::string(*text) + "'"};
  }
  return value;
}

// ?limit= and ?after= of GET /api/v1/actuals.
Result<core::ActualsFilter, core::Failure> actuals_page_params(const HttpRequest& req) {
  using Filter = core::ActualsFilter;
  auto limit = whole_number_param(req, "limit", 1, Filter::kMaxActualsPage,
                                  Filter::kDefaultActualsPage, "records per page");
  if (!limit) return limit.error();
  auto after = whole_number_param(req, "after", 0, std::numeric_limits<std::int64_t>::max(), 0,
                                  "the next_after of the previous page");
  if (!after) return after.error();
  Filter filter;
  filter.limit = static_cast<std::size_t>(*limit);
  filter.after = *after;
  return filter;
}

std::optional<std::string> param(const HttpRequest& req, std::string_view name) {
  auto v = req.query_param(name);
  return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

// "gzip" (or "*") among the Accept-Encoding codings, unless its q is 0.
bool accepts_gzip(std::string_view header) {
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const std::string_view coding = item.substr(0, item.find_first_of("; "));
    if (coding != "gzip" && coding != "*") continue;
    const std::size_t q = item.find("q=");
    if (q == std::string_view::npos) return true;
    if (std::strtod(std::string(item.substr(q + 2)).c_str(), nullptr) > 0) return true;
  }
  return false;
}

json::object problem_json(const core::Problem& p) {
  json::object o{{"row", p.row}, {"field", p.field}, {"reason", p.reason}};
  if (!p.location.empty()) o["location"] = p.location;
  if (!p.reason_zh.empty()) o["reason_zh"] = p.reason_zh;
  return o;
}

template <typename T>
HttpResponse respond(Result<T, core::Failure> result) {
  if (!result) return failure_response(result.error());
  return document_response(std::move(result).value());
}

}  // namespace

int status_for(core::FailureKind kind) {
  using core::FailureKind;
  switch (kind) {
    case FailureKind::kUnauthenticated:
      return 401;
    case FailureKind::kForbidden:
      return 403;
    case FailureKind::kNotFound:
      return 404;
    case FailureKind::kBadRequest:
    case FailureKind::kUnreadable:
      return 400;
    case FailureKind::kUnsupportedMedia:
      return 415;
    case FailureKind::kTooLarge:
      return 413;
    case FailureKind::kRateLimited:
      return 429;
    case FailureKind::kInvalid:
      return 422;
    case FailureKind::kStoreUnavailable:
      return 503;
    case FailureKind::kInternal:
      break;
  }
  return 500;
}

HttpResponse failure_response(const core::Failure& failure) {
  json::object body{{"error", failure.message}};
  if (!failure.problems.empty()) {
    json::array list;
    for (const core::Problem& p : failure.problems) list.push_back(problem_json(p));
    body["errors"] = std::move(list);
  }
  HttpResponse r = HttpResponse::json(status_for(failure.kind), json::serialize(body));
  if (failure.kind == core::FailureKind::kUnauthenticated) {
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"targetwatch\"");
  }
  if (failure.retry_after_seconds > 0) {
    r.headers.emplace_back("Retry-After", std::to_string(failure.retry_after_seconds));
  }
  return r;
}

Router make_api_router(core::Application& app) {
  Router router;
  using Access = core::Application::Access;
  auto reader = [&app](const HttpRequest& req) {
    return app.authenticate(Access::kRead, req.header("authorization"), req.remote);
  };
  auto scraper = [&app](const HttpRequest& req) {
    return app.authenticate(Access::kScrape, req.header("authorization"), req.remote);
  };

  router.add("GET", "/metrics", [&app, scraper](const HttpRequest& req) {
    auto principal = scraper(req);
    if (!principal) return failure_response(principal.error());
    core::MetricsQuery query;
    // ?department=CODE (repeatable) serves one shard without the health families, which a
    // sharded Prometheus scrapes once from ?health=only.
    std::vector<std::string> departments;
    for (const auto& [name, value] : req.query) {
      if (name == "department") departments.push_back(value);
    }
    if (!departments.empty()) {
      query.departments = std::move(departments);
      query.health = false;
    } else if (req.query_param("health") == "only") {
      query.departments = std::vector<std::string>{};
    }
    query.gzip = accepts_gzip(req.header("accept-encoding").value_or(""));
    return document_response(app.metrics(query, *principal));
  });
  // Load balancers and service managers probe the health checks from anywhere, without a token
  // (and must not be rate-limited as failed logins): liveness says nothing, and the verdict of
  // readiness is for everyone. Its reason (a database error can name hosts) is for this machine
  // and for holders of a scrape token only.
  router.add("GET", "/healthz", [](const HttpRequest&) { return HttpResponse::text(200, "ok\n"); });
  router.add("GET", "/readyz", [&app, scraper](const HttpRequest& req) {
    auto ready = app.readiness();
    if (ready) return HttpResponse::text(200, "ready\n");
    const bool detailed = req.header("authorization")
                              ? scraper(req).ok()
                              : core::is_loopback_peer(core::peer_address(req.remote));
    return HttpResponse::text(503, detailed ? ready.error().message + "\n"
                                            : "not ready (the reason is in the daemon's log)\n");
  });
  router.add("GET", "/api/v1/status", [&app, reader](const HttpRequest& req) {
    auto principal = reader(req);
    if (!principal) return failure_response(principal.error());
    auto as_of = as_of_param(req);
    if (!as_of) return failure_response(as_of.error());
    auto year = fiscal_year_param(req);
    if (!year) return failure_response(year.error());
    return respond(app.status(core::StatusQuery{*as_of, *year}, *principal));
  });
  router.add("GET", "/api/v1/actuals", [&app, reader](const HttpRequest& req) {
    auto principal = reader(req);
    if (!principal) return failure_response(principal.error());
    auto filter = actuals_page_params(req);
    if (!filter) return failure_response(filter.error());
    filter->department = param(req, "department");
    filter->project = param(req, "project");
    filter->indicator = param(req, "indicator");
    return respond(app.actuals(*filter, *principal));
  });
  router.add("GET", "/api/v1/template", [&app, reader](const HttpRequest& req) {
    auto principal = reader(req);
    if (!principal) return failure_response(principal.error());
    auto as_of = as_of_param(req);
    if (!as_of) return failure_response(as_of.error());
    core::TemplateQuery query;
    query.department = param(req, "department").value_or("");
    query.as_of = *as_of;
    query.format = param(req, "format").value_or("xlsx");
    return respond(app.fill_in_template(query, *principal));
  });
  router.add("GET", "/report", [&app, reader](const HttpRequest& req) {
    auto principal = reader(req);
    if (!principal) return failure_response(principal.error());
    auto as_of = as_of_param(req);
    if (!as_of) return failure_response(as_of.error());
    core::ReportQuery query;
    query.as_of = *as_of;
    query.format = param(req, "format").value_or("html");
    query.department = param(req, "department");
    auto year = fiscal_year_param(req);
    if (!year) return failure_response(year.error());
    query.fiscal_year = *year;
    query.csv_headers = param(req, "csv_headers").value_or("zh");
    return respond(app.report(query, *principal));
  });
  router.add("POST", "/api/v1/actuals", [&app](const HttpRequest& req) {
    HttpResponse response = [&] {
      auto principal = app.authenticate(Access::kWrite, req.header("authorization"), req.remote);
      if (!principal) return failure_response(principal.error());
      MediaType media = parse_media_type(req.header("content-type").value_or(""));
      std::optional<core::BodyFormat> format;
      if (media.type == "application/json") {
        format = core::BodyFormat::kJson;
      } else if (media.type == "text/csv" || media.type == "application/csv" ||
                 media.type == "application/vnd.ms-excel") {  // what Windows browsers send
        format = core::BodyFormat::kCsv;
      } else if (media.type == kXlsxMediaType) {
        format = core::BodyFormat::kXlsx;
      }
      if (!format) {
        const std::string message =
            "expected application/json, text/csv or an .xlsx workbook, got '" + media.type + "'";
        return failure_response(
            core::Failure{core::FailureKind::kUnsupportedMedia,
                          message,
                          {core::Problem{0, "Content-Type", message, "",
                                         "只接受 CSV、Excel（.xlsx）或 JSON 文件"}}});
      }
      auto receipt =
          app.ingest(core::IngestRequest{req.body, *format, media.param("charset").value_or(""),
                                         principal->name},
                     *principal);
      if (!receipt) return failure_response(receipt.error());
      json::object body{{"count", receipt->count}};
      if (receipt->count > 0) {
        body["first_revision"] = receipt->first_revision;
        body["last_revision"] = receipt->last_revision;
      }
      body["skipped_rows"] = receipt->skipped_rows;
      json::array warnings;
      for (const core::Problem& w : receipt->warnings) warnings.push_back(problem_json(w));
      body["warnings"] = std::move(warnings);
      return HttpResponse::json(200, json::serialize(body));
    }();
    app.count_ingest_request(response.status);
    return response;
  });
  router.add("POST", "/-/reload", [&app](const HttpRequest& req) {
    auto principal = app.authenticate(Access::kWrite, req.header("authorization"), req.remote);
    if (!principal) return failure_response(principal.error());
    auto reloaded = app.reload(*principal);
    if (reloaded) return HttpResponse::json(200, "{\"reloaded\":true}");
    if (reloaded.error().kind != core::FailureKind::kInternal) {
      return failure_response(reloaded.error());
    }
    json::array list;
    for (const core::Problem& p : reloaded.error().problems) list.push_back(json::string(p.reason));
    return HttpResponse::json(
        500, json::serialize(json::object{{"reloaded", false}, {"errors", std::move(list)}}));
  });
  add_web_routes(router, app);
  return router;
}

}  // namespace targetwatch::http
