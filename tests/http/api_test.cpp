// The HTTP API without sockets, routed into a real application core: ingest (JSON, CSV, GBK),
// atomic rejection, auth and scopes, revisions, status, readiness, report, evaluation caching,
// store failures.
#include "targetwatch/http/api.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <thread>

#include "targetwatch/core/sha256.h"
#include "targetwatch/store/actuals_store.h"
#include "targetwatch/test/failing_store.h"
#include "targetwatch/test/targets_builder.h"

namespace targetwatch::http {
namespace {

namespace json = boost::json;
using core::Clock;
using core::DaemonConfig;
using core::MemoryLogger;
using core::sha256_hex;

std::shared_ptr<const Targets> make_targets() {
  using test::make_indicator;
  return test::TargetsBuilder()
      .department("900", "测试水务局")
      .project("P900-1", "河道巡查项目", 100, {{Date::from_ymd(2025, 6, 30), 0.5}})
      .indicator(
          make_indicator("quantity-1", Comparator::kGreaterEqual, 400, "公里", "指标 quantity-1"))
      .department("901", "测试园林局")
      .project("P901-1", "绿化养护项目", 50)
      .indicator(
          make_indicator("quantity-1", Comparator::kGreaterEqual, 1000, "m²", "指标 quantity-1"))
      .build();
}

// Most tests read without a token (public_reads); ReadsAreScopedByDefault covers the default.
std::shared_ptr<const Settings> make_settings(std::size_t max_records = 1000,
                                              bool require_token = false,
                                              bool public_reads = true) {
  Settings s;
  s.tokens = {{"writer900", sha256_hex("w900"), {"900"}, false},
              {"admin", sha256_hex("adm"), {"*"}, true},
              {"reader", sha256_hex("rd"), {"901"}, false, /*read_only=*/true}};
  s.limits.max_records_per_batch = max_records;
  s.metrics_require_token = require_token;
  s.public_reads = public_reads && !require_token;
  return std::make_shared<const Settings>(std::move(s));
}

struct Harness {
  explicit Harness(std::shared_ptr<const Settings> settings = make_settings(),
                   std::unique_ptr<ActualsStore> store = make_memory_store()) {
    DaemonConfig config;
    config.settings = std::move(settings);
    config.targets = make_targets();
    Clock clock;
    clock.today = [this] { return today; };
    clock.now_unix = [] { return std::int64_t{1751270400}; };
    auto created =
        core::Application::create({}, std::move(config), std::move(store), clock, "test", logger);
    EXPECT_TRUE(created.ok()) << (created ? "" : created.error().message);
    service = std::move(created).value();
    router = make_api_router(*service);
  }

  HttpResponse request(std::string method, std::string target, std::string body = "",
                       std::string content_type = "", std::string token = "") {
    HttpRequest r;
    r.method = std::move(method);
    r.target = target;
    EXPECT_TRUE(parse_target(target, r.path, r.query));
    r.body = std::move(body);
    if (!content_type.empty()) r.headers.emplace_back("content-type", content_type);
    if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
    r.remote = remote;
    return router.route(r);
  }
  HttpResponse post_json(const std::string& body, const std::string& token = "w900") {
    return request("POST", "/api/v1/actuals", body, "application/json", token);
  }
  double metric(const std::string& series) {
    std::string text = request("GET", "/metrics").body_text();
    std::size_t at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
  }

  Date today = Date::from_ymd(2025, 6, 30);
  std::string remote = "127.0.0.1:40000";  ///< the peer of request(): this machine by default
  MemoryLogger logger;
  std::unique_ptr<core::Application> service;
  Router router;
};

const char* kGood =
    R"({"actuals":[{"project":"P900-1","indicator":"quantity-1","value":150,"as_of":"2025-06-15"},
                   {"project":"P900-1","indicator":"spending","value":40,"as_of":"2025-06-20",
                    "note":"按计划支付"}]})";

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(TARGETWATCH_FIXTURES) + "/http/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Api, JsonBatchIsStoredAndShowsInMetricsAndActuals) {
  Harness h;
  HttpResponse r = h.post_json(kGood);
  ASSERT_EQ(r.status, 200) << r.body;
  json::object o = json::parse(r.body).as_object();
  EXPECT_EQ(o.at("count").as_int64(), 2);
  EXPECT_EQ(o.at("last_revision").as_int64() - o.at("first_revision").as_int64(), 1);
  EXPECT_EQ(h.service->record_count(), 2u);

  EXPECT_DOUBLE_EQ(h.metric("targetwatch_project_spent_yuan{department=\"900\",fiscal_year="
                            "\"2025\",project=\"P900-1\"}"),
                   400000);
  EXPECT_DOUBLE_EQ(
      h.metric(
          "targetwatch_indicator_actual{department=\"900\",fiscal_year=\"2025\",project=\"P900-1\","
          "indicator=\"quantity-1\"}"),
      150);
  EXPECT_EQ(h.metric("targetwatch_ingest_records_total{outcome=\"accepted\"}"), 2);
  EXPECT_EQ(h.metric("targetwatch_ingest_requests_total{code=\"200\"}"), 1);

  HttpResponse list = h.request("GET", "/api/v1/actuals?project=P900-1&indicator=spending");
  ASSERT_EQ(list.status, 200);
  json::object l = json::parse(list.body).as_object();
  ASSERT_EQ(l.at("count").as_int64(), 1);
  const json::object& rec = l.at("actuals").as_array()[0].as_object();
  EXPECT_EQ(rec.at("department").as_string(), "900");
  EXPECT_EQ(rec.at("as_of").as_string(), "2025-06-20");
  EXPECT_EQ(rec.at("note").as_string(), "按计划支付");
  EXPECT_EQ(rec.at("source").as_string(), "writer900");
  EXPECT_EQ(rec.at("revisions").as_array().size(), 1u);
}

TEST(Api, RevisionsAreKeptAndTheLatestWins) {
  Harness h;
  ASSERT_EQ(h.post_json(kGood).status, 200);
  ASSERT_EQ(h.post_json(R"([{"project":"P900-1","indicator":"quantity-1","value":160,
                              "as_of":"2025-06-15","note":"更正"}])",
                        "adm")
                .status,
            200);
  json::object l =
      json::parse(h.request("GET", "/api/v1/actuals?indicator=quantity-1").body).as_object();
  ASSERT_EQ(l.at("count").as_int64(), 1);
  const json::object& rec = l.at("actuals").as_array()[0].as_object();
  EXPECT_EQ(rec.at("value").to_number<double>(), 160);
  EXPECT_EQ(rec.at("source").as_string(), "admin");
  const json::array& revs = rec.at("revisions").as_array();
  ASSERT_EQ(revs.size(), 2u);
  EXPECT_EQ(revs[0].as_object().at("value").to_number<double>(), 150);
  EXPECT_EQ(revs[1].as_object().at("value").to_number<double>(), 160);
  EXPECT_LT(revs[0].as_object().at("revision").as_int64(),
            revs[1].as_object().at("revision").as_int64());
  EXPECT_DOUBLE_EQ(
      h.metric(
          "targetwatch_indicator_actual{department=\"900\",fiscal_year=\"2025\",project=\"P900-1\","
          "indicator=\"quantity-1\"}"),
      160);
}

TEST(Api, CsvInUtf8AndGbkIsIngested) {
  Harness h;
  HttpResponse utf8 = h.request(
      "POST", "/api/v1/actuals",
      "\xEF\xBB\xBFproject,indicator,value,as_of,note\nP900-1,quantity-1,120,2025-05-31,五月\n",
      "text/csv", "w900");
  ASSERT_EQ(utf8.status, 200) << utf8.body;
  std::string gbk = read_fixture("actuals-gbk.csv");
  ASSERT_FALSE(gbk.empty());
  HttpResponse detected = h.request("POST", "/api/v1/actuals", gbk, "text/csv", "w900");
  ASSERT_EQ(detected.status, 200) << detected.body;
  HttpResponse declared =
      h.request("POST", "/api/v1/actuals", gbk, "text/csv; charset=GBK", "w900");
  ASSERT_EQ(declared.status, 200) << declared.body;
  EXPECT_EQ(h.service->record_count(), 5u);
  std::string list = h.request("GET", "/api/v1/actuals?indicator=quantity-1").body;
  EXPECT_NE(list.find("汛期巡查加密"), std::string::npos) << list;
}

TEST(Api, BadBatchIsRejectedWholeWithEveryError) {
  Harness h;
  HttpResponse r = h.post_json(
      R"({"actuals":[{"project":"P900-1","indicator":"quantity-1","value":1,"as_of":"2025-06-01"},
                     {"project":"P900-1","indicator":"nope","value":1,"as_of":"2025-06-01"},
                     {"project":"P900-1","indicator":"quantity-1","value":1,"as_of":"2031-01-01"}]})");
  EXPECT_EQ(r.status, 422) << r.body;
  json::array errors = json::parse(r.body).as_object().at("errors").as_array();
  ASSERT_GE(errors.size(), 2u);
  std::set<std::int64_t> rows;
  for (const auto& e : errors) {
    rows.insert(e.as_object().at("row").as_int64());
    EXPECT_FALSE(e.as_object().at("reason").as_string().empty());
  }
  EXPECT_EQ(rows, (std::set<std::int64_t>{1, 2}));
  EXPECT_EQ(h.service->record_count(), 0u);
  EXPECT_EQ(
      json::parse(h.request("GET", "/api/v1/actuals").body).as_object().at("count").as_int64(), 0);
  EXPECT_EQ(h.metric("targetwatch_ingest_records_total{outcome=\"rejected\"}"), 3);
  EXPECT_EQ(h.metric("targetwatch_ingest_requests_total{code=\"422\"}"), 1);

  HttpResponse malformed = h.post_json("{\"actuals\": [");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_TRUE(json::parse(malformed.body).as_object().contains("errors"));
}

TEST(Api, CsvErrorsNameTheLine) {
  Harness h;
  HttpResponse r = h.request("POST", "/api/v1/actuals",
                             "project,indicator,value,as_of\n"
                             "P900-1,quantity-1,10,2025-06-01\n"
                             "P900-1,quantity-1,abc,2025-06-02\n",
                             "text/csv", "w900");
  // Read, but a row does not fit: parse and validation problems come in one 422 answer.
  ASSERT_EQ(r.status, 422) << r.body;
  json::value parsed = json::parse(r.body);
  const json::object& e = parsed.as_object().at("errors").as_array()[0].as_object();
  EXPECT_EQ(e.at("row").as_int64(), 3);
  EXPECT_EQ(e.at("field").as_string(), "value");
  EXPECT_EQ(h.service->record_count(), 0u);
}

TEST(Api, TokensAndScopes) {
  Harness h;
  HttpResponse none = h.request("POST", "/api/v1/actuals", kGood, "application/json");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.header("www-authenticate"), "Bearer realm=\"targetwatch\"");
  EXPECT_EQ(h.post_json(kGood, "wrong").status, 401);

  HttpResponse scoped = h.post_json(
      R"([{"project":"P900-1","indicator":"quantity-1","value":1,"as_of":"2025-06-01"},
          {"project":"P901-1","indicator":"quantity-1","value":1,"as_of":"2025-06-01"}])");
  EXPECT_EQ(scoped.status, 403) << scoped.body;
  json::value parsed = json::parse(scoped.body);
  const json::array& errors = parsed.as_object().at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].as_object().at("row").as_int64(), 1);
  EXPECT_EQ(h.service->record_count(), 0u);
  // The same batch is fine for a token of every department.
  const char* other =
      R"([{"project":"P901-1","indicator":"quantity-1","value":1,"as_of":"2025-06-01"}])";
  EXPECT_EQ(h.post_json(other, "adm").status, 200);
  // Reading with a scoped token shows only its departments.
  std::string mine = h.request("GET", "/api/v1/actuals", "", "", "w900").body;
  EXPECT_EQ(json::parse(mine).as_object().at("count").as_int64(), 0);
  std::string all = h.request("GET", "/api/v1/actuals").body;
  EXPECT_EQ(json::parse(all).as_object().at("count").as_int64(), 1);
  // Logs never carry the secrets.
  for (const auto& line : h.logger.lines()) {
    EXPECT_EQ(line.find("w900"), std::string::npos) << line;
    EXPECT_EQ(line.find("adm\""), std::string::npos) << line;
  }
}

TEST(Api, ContentTypeAndBatchLimits) {
  Harness h(make_settings(1));
  EXPECT_EQ(h.request("POST", "/api/v1/actuals", "x", "text/plain", "w900").status, 415);
  EXPECT_EQ(h.post_json(kGood).status, 413);
  EXPECT_EQ(h.service->record_count(), 0u);
}

TEST(Api, ReadEndpointsNeedATokenOnlyWhenConfigured) {
  Harness open;
  EXPECT_EQ(open.request("GET", "/metrics").status, 200);
  Harness closed(make_settings(1000, true));
  EXPECT_EQ(closed.request("GET", "/metrics").status, 401);
  EXPECT_EQ(closed.request("GET", "/api/v1/status").status, 401);
  EXPECT_EQ(closed.request("GET", "/metrics", "", "", "adm").status, 200);
  // Health checks answer everyone: service managers and load balancers probe without a token.
  EXPECT_EQ(closed.request("GET", "/healthz").status, 200);
  EXPECT_EQ(closed.request("GET", "/readyz").status, 200);
  EXPECT_EQ(closed.request("GET", "/readyz", "", "", "w900").status, 200);
}

TEST(Api, ReadinessReasonOnlyForThisMachineOrATokenHolder) {
  Harness h(make_settings(1000, false, /*public_reads=*/false));
  h.service->set_ready(false);
  const std::string reason = "not ready: shutting down\n";
  EXPECT_EQ(h.request("GET", "/readyz").status, 503);
  EXPECT_EQ(h.request("GET", "/readyz").body, reason);  // loopback
  h.remote = "10.0.0.7:50000";
  HttpResponse anonymous = h.request("GET", "/readyz");
  EXPECT_EQ(anonymous.status, 503);
  EXPECT_EQ(anonymous.body.find("shutting down"), std::string::npos) << anonymous.body;
  EXPECT_EQ(h.request("GET", "/readyz", "", "", "rd").body, reason);
  EXPECT_EQ(h.request("GET", "/readyz", "", "", "wrong").status, 503);
  EXPECT_EQ(h.request("GET", "/readyz", "", "", "wrong").body, anonymous.body);
}

TEST(Api, ReadsAreScopedByDefault) {
  Harness h(make_settings(1000, false, /*public_reads=*/false));
  ASSERT_EQ(h.post_json(kGood).status, 200);
  for (const char* path : {"/api/v1/status", "/api/v1/actuals", "/report?format=md"}) {
    EXPECT_EQ(h.request("GET", path).status, 401) << path;
  }
  // /metrics and the health checks stay open for a Prometheus on the same host.
  EXPECT_EQ(h.request("GET", "/metrics").status, 200);
  EXPECT_EQ(h.request("GET", "/healthz").status, 200);
  // A reading token sees its departments only, and cannot write.
  json::value status = json::parse(h.request("GET", "/api/v1/status", "", "", "rd").body);
  const json::array& departments = status.as_object().at("departments").as_array();
  ASSERT_EQ(departments.size(), 1u);
  EXPECT_EQ(departments[0].as_object().at("code").as_string(), "901");
  const char* other =
      R"([{"project":"P901-1","indicator":"quantity-1","value":1,"as_of":"2025-06-01"}])";
  EXPECT_EQ(h.post_json(other, "rd").status, 403);
  EXPECT_EQ(h.service->record_count(), 2u);
}

TEST(Api, RepeatedAuthenticationFailuresAreRateLimitedPerAddress) {
  Harness h;
  auto post_from = [&](const std::string& remote, const std::string& token) {
    HttpRequest r;
    r.method = "POST";
    r.target = r.path = "/api/v1/actuals";
    r.body = kGood;
    r.remote = remote;
    r.headers = {{"content-type", "application/json"}, {"authorization", "Bearer " + token}};
    return h.router.route(r);
  };
  for (int i = 0; i < 19; ++i) EXPECT_EQ(post_from("10.0.0.9:4000", "guess").status, 401);
  EXPECT_EQ(post_from("10.0.0.9:4001", "guess").status, 401);  // the 20th blocks the address
  HttpResponse blocked = post_from("10.0.0.9:4002", "w900");   // even a good token waits
  EXPECT_EQ(blocked.status, 429);
  EXPECT_EQ(blocked.header("Retry-After").value_or(""), "60");
  EXPECT_EQ(post_from("10.0.0.10:4000", "w900").status, 200);  // other addresses are served
  bool logged = false;
  for (const auto& line : h.logger.lines()) logged |= line.find("10.0.0.9") != std::string::npos;
  EXPECT_TRUE(logged);
}

TEST(Api, MetricsShardsScopesAndGzip) {
  Harness h(make_settings(1000, /*require_token=*/true));
  auto get = [&](const std::string& target, const std::string& token,
                 const std::string& encoding = "") {
    HttpRequest r;
    r.method = "GET";
    r.target = target;
    EXPECT_TRUE(parse_target(target, r.path, r.query));
    r.headers.emplace_back("authorization", "Bearer " + token);
    if (!encoding.empty()) r.headers.emplace_back("accept-encoding", encoding);
    return h.router.route(r);
  };
  const std::string all = get("/metrics", "adm").body_text();
  EXPECT_NE(all.find("department=\"900\""), std::string::npos);
  EXPECT_NE(all.find("department=\"901\""), std::string::npos);
  EXPECT_NE(all.find("targetwatch_build_info"), std::string::npos);
  // One shard: its department only, without the health families.
  const std::string shard = get("/metrics?department=901", "adm").body_text();
  EXPECT_EQ(shard.find("department=\"900\""), std::string::npos);
  EXPECT_NE(shard.find("department=\"901\""), std::string::npos);
  EXPECT_EQ(shard.find("targetwatch_build_info"), std::string::npos);
  const std::string health = get("/metrics?health=only", "adm").body_text();
  EXPECT_NE(health.find("targetwatch_build_info"), std::string::npos);
  EXPECT_EQ(health.find("department=\"90"), std::string::npos);
  // A scoped token sees its departments only, also when it asks for another's shard.
  const std::string scoped = get("/metrics", "w900").body_text();
  EXPECT_EQ(scoped.find("department=\"901\""), std::string::npos);
  EXPECT_NE(scoped.find("department=\"900\""), std::string::npos);
  EXPECT_EQ(get("/metrics?department=901", "w900").body_text().find("department=\"901\""),
            std::string::npos);
  // gzip when asked for, and a failed authentication is counted.
  HttpResponse zipped = get("/metrics", "adm", "deflate, gzip");
  EXPECT_EQ(zipped.header("Content-Encoding").value_or(""), "gzip");
  const std::string zipped_body = zipped.body_text();
  ASSERT_GE(zipped_body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(zipped_body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(zipped_body[1]), 0x8b);
  EXPECT_LT(zipped_body.size(), all.size());  // the 5x of a real scrape: metrics_test
  EXPECT_FALSE(get("/metrics", "adm", "gzip;q=0").header("Content-Encoding"));
  EXPECT_EQ(get("/metrics", "nope").status, 401);
  EXPECT_NE(get("/metrics", "adm")
                .body_text()
                .find("targetwatch_auth_failures_total{reason=\"invalid_token\"} 1"),
            std::string::npos);
}

TEST(Api, StatusHealthReadinessAndReport) {
  Harness h;
  ASSERT_EQ(h.post_json(kGood).status, 200);
  HttpResponse status = h.request("GET", "/api/v1/status");
  ASSERT_EQ(status.status, 200);
  json::object s = json::parse(status.body).as_object();
  EXPECT_EQ(s.at("as_of").as_string(), "2025-06-30");
  HttpResponse earlier = h.request("GET", "/api/v1/status?as_of=2025-06-16");
  ASSERT_EQ(earlier.status, 200);
  EXPECT_EQ(json::parse(earlier.body).as_object().at("as_of").as_string(), "2025-06-16");
  EXPECT_EQ(h.request("GET", "/api/v1/status?as_of=June").status, 400);
  // One fiscal year on request; a year nobody has shows no department.
  json::value y2025 = json::parse(h.request("GET", "/api/v1/status?fiscal_year=2025").body);
  EXPECT_EQ(y2025.as_object().at("departments").as_array().size(), 2u);
  json::value y2031 = json::parse(h.request("GET", "/api/v1/status?fiscal_year=2031").body);
  EXPECT_TRUE(y2031.as_object().at("departments").as_array().empty());
  EXPECT_EQ(h.request("GET", "/api/v1/status?fiscal_year=soon").status, 400);

  EXPECT_EQ(h.request("GET", "/healthz").status, 200);
  EXPECT_EQ(h.request("GET", "/readyz").status, 200);
  h.service->set_ready(false);
  EXPECT_EQ(h.request("GET", "/readyz").status, 503);

  HttpResponse report = h.request("GET", "/report?as_of=2025-06-20&format=md");
  EXPECT_EQ(report.status, 200);
  EXPECT_NE(report.body.find("2025-06-20"), std::string::npos) << report.body;
  EXPECT_NE(report.body.find("河道巡查项目"), std::string::npos);
  HttpResponse csv = h.request("GET", "/report?as_of=2025-06-20&format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("Content-Disposition").value_or(""),
            "attachment; filename=\"targetwatch-review-2025-06-20.csv\"");
  // Without as_of, the review is of the last month that ended (today is 2025-06-30).
  EXPECT_NE(h.request("GET", "/report?format=md").body.find("2025-05-31"), std::string::npos);
  EXPECT_EQ(h.request("GET", "/report?format=pdf").status, 400);
  // The report CSV opens in Excel (BOM, Chinese headers); csv_headers=en keeps machine headers.
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);
  const std::string en =
      h.request("GET", "/report?as_of=2025-06-20&format=csv&csv_headers=en").body;
  EXPECT_NE(en.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_EQ(h.request("GET", "/report?format=csv&csv_headers=fr").status, 400);
  // The fill-in template of a department, as CSV (UTF-8 with a BOM) and xlsx (a zip package).
  HttpResponse tpl = h.request("GET", "/api/v1/template?department=900&format=csv");
  ASSERT_EQ(tpl.status, 200) << tpl.body;
  EXPECT_EQ(tpl.body.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(tpl.body.find("河道巡查项目"), std::string::npos);
  EXPECT_NE(tpl.header("Content-Disposition").value_or("").find("filename*=UTF-8''"),
            std::string::npos);
  HttpResponse xlsx = h.request("GET", "/api/v1/template?department=900");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);
  EXPECT_EQ(h.request("GET", "/api/v1/template?department=999").status, 404);
  EXPECT_EQ(h.request("GET", "/api/v1/template?department=900&format=pdf").status, 400);
  EXPECT_EQ(h.request("GET", "/report?department=999").status, 404);
  EXPECT_EQ(h.request("GET", "/report?as_of=June").status, 400);
  EXPECT_EQ(h.request("GET", "/nope").status, 404);
  EXPECT_EQ(h.request("DELETE", "/metrics").status, 405);
}

TEST(Api, EvaluationIsCachedUntilDataOrDateChange) {
  Harness h;
  auto a = h.service->evaluation();
  auto b = h.service->evaluation();
  EXPECT_EQ(a, b);
  h.request("GET", "/metrics");
  EXPECT_EQ(h.service->evaluation(), a);
  ASSERT_EQ(h.post_json(kGood).status, 200);
  auto c = h.service->evaluation();
  EXPECT_NE(c, a);
  EXPECT_EQ(h.service->evaluation(), c);
  h.today = Date::from_ymd(2025, 7, 1);
  auto d = h.service->evaluation();
  EXPECT_NE(d, c);
  EXPECT_EQ(d->as_of, Date::from_ymd(2025, 7, 1));
}

TEST(Api, StoreFailureAnswers503WithRetryAfterAndKeepsNothing) {
  Harness h(make_settings(), std::make_unique<test::FailingStore>("disk I/O error"));
  HttpResponse r = h.post_json(kGood);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("Retry-After").value_or(""), "30");
  EXPECT_DOUBLE_EQ(h.metric("targetwatch_store_up"), 0);
  EXPECT_DOUBLE_EQ(h.metric("targetwatch_store_errors_total{kind=\"full\"}"), 1);
  EXPECT_EQ(h.service->record_count(), 0u);
  bool logged = false;
  for (const auto& line : h.logger.lines())
    logged |= line.find("disk I/O error") != std::string::npos;
  EXPECT_TRUE(logged);
}

TEST(Api, ConcurrentBatchesAllGetDistinctRevisions) {
  Harness h;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::string body = R"([{"project":"P900-1","indicator":"quantity-1","value":)" +
                           std::to_string(t * 10 + i) + R"(,"as_of":"2025-06-)" +
                           (i < 9 ? "0" : "") + std::to_string(i + 1) + "\"}]";
        if (h.post_json(body).status == 200) ++ok;
        h.service->evaluation();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 80);
  EXPECT_EQ(h.service->record_count(), 80u);
  json::object l = json::parse(h.request("GET", "/api/v1/actuals").body).as_object();
  std::set<std::int64_t> revisions;
  std::size_t total = 0;
  for (const auto& a : l.at("actuals").as_array()) {
    for (const auto& r : a.as_object().at("revisions").as_array()) {
      revisions.insert(r.as_object().at("revision").as_int64());
      ++total;
    }
  }
  EXPECT_EQ(total, 80u);
  EXPECT_EQ(revisions.size(), 80u);
}

}  // namespace
}  // namespace targetwatch::http

namespace targetwatch::http {
namespace {

// Posts `n` one-record batches for department 900 or 901 (alternating when `both`).
void post_records(Harness& h, int n, bool both) {
  for (int i = 0; i < n; ++i) {
    const bool other = both && i % 2 == 1;
    const std::string body = std::string(R"([{"project":")") + (other ? "P901-1" : "P900-1") +
                             R"(","indicator":"quantity-1","value":)" + std::to_string(i + 1) +
                             R"(,"as_of":"2025-06-)" + (i + 1 < 10 ? "0" : "") +
                             std::to_string(i + 1) + R"("}])";
    ASSERT_EQ(h.post_json(body, "adm").status, 200) << body;
  }
}

struct Page {
  std::vector<std::int64_t> revisions;  // every revision of the page, ascending
  bool more = false;
  std::int64_t next_after = 0;
  std::vector<std::string> departments;
};

Page get_page(Harness& h, const std::string& query, const std::string& token = "") {
  HttpResponse r = h.request("GET", "/api/v1/actuals" + query, "", "", token);
  EXPECT_EQ(r.status, 200) << query << ": " << r.body;
  Page page;
  if (r.status != 200) return page;
  const json::object o = json::parse(r.body).as_object();
  for (const auto& a : o.at("actuals").as_array()) {
    page.departments.emplace_back(a.as_object().at("department").as_string());
    for (const auto& v : a.as_object().at("revisions").as_array()) {
      page.revisions.push_back(v.as_object().at("revision").as_int64());
    }
  }
  std::sort(page.revisions.begin(), page.revisions.end());
  EXPECT_EQ(o.at("records").as_int64(), static_cast<std::int64_t>(page.revisions.size()));
  page.more = o.at("more").as_bool();
  page.next_after = o.at("next_after").as_int64();
  return page;
}

TEST(Api, ActualsArePagedByRevision) {
  Harness h;
  post_records(h, 7, false);
  const Page all = get_page(h, "");  // the default limit (1000) holds all seven
  ASSERT_EQ(all.revisions.size(), 7u);
  EXPECT_FALSE(all.more);
  EXPECT_EQ(all.next_after, all.revisions.back());

  std::vector<std::int64_t> joined;
  std::int64_t after = 0;
  std::vector<bool> mores;
  for (int guard = 0; guard < 10; ++guard) {
    const Page p = get_page(h, "?limit=3&after=" + std::to_string(after));
    joined.insert(joined.end(), p.revisions.begin(), p.revisions.end());
    mores.push_back(p.more);
    if (!p.more) break;
    EXPECT_EQ(p.revisions.size(), 3u);
    EXPECT_EQ(p.next_after, p.revisions.back());
    after = p.next_after;
  }
  EXPECT_EQ(joined, all.revisions);
  EXPECT_EQ(mores, (std::vector<bool>{true, true, false}));
  // A page of exactly the rest says there is no more; past the end is empty, keeping its place.
  EXPECT_FALSE(get_page(h, "?limit=7").more);
  EXPECT_TRUE(get_page(h, "?limit=6").more);
  const Page past = get_page(h, "?after=" + std::to_string(all.revisions.back()));
  EXPECT_TRUE(past.revisions.empty());
  EXPECT_EQ(past.next_after, all.revisions.back());
  EXPECT_EQ(get_page(h, "?limit=10000").revisions.size(), 7u);
}

TEST(Api, BadPageParametersAre400WithTheReason) {
  Harness h;
  for (const char* query : {"?limit=0", "?limit=10001", "?limit=abc", "?limit=-1",
                            "?limit=", "?limit=5x", "?limit=99999999999999999999999"}) {
    HttpResponse r = h.request("GET", std::string("/api/v1/actuals") + query);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_NE(r.body.find("limit must be a whole number from 1 to 10000"), std::string::npos)
        << r.body;
  }
  for (const char* query : {"?after=-1", "?after=x", "?after=1.5"}) {
    HttpResponse r = h.request("GET", std::string("/api/v1/actuals") + query);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_NE(r.body.find("after must be a whole number from 0"), std::string::npos) << r.body;
  }
}

TEST(Api, PagesOfAScopedTokenHoldOnlyItsDepartmentsAndSkipNone) {
  Harness h(make_settings(1000, false, /*public_reads=*/false));
  post_records(h, 10, true);  // 900, 901, 900, ...: five of each
  const Page everything = get_page(h, "?limit=100", "adm");
  ASSERT_EQ(everything.revisions.size(), 10u);

  std::vector<std::int64_t> joined;
  std::int64_t after = 0;
  int pages = 0;
  for (; pages < 10; ++pages) {
    const Page p = get_page(h, "?limit=2&after=" + std::to_string(after), "rd");
    for (const auto& d : p.departments) EXPECT_EQ(d, "901");
    joined.insert(joined.end(), p.revisions.begin(), p.revisions.end());
    if (!p.more) break;
    EXPECT_EQ(p.revisions.size(), 2u);  // full pages: the scope is applied before the limit
    after = p.next_after;
  }
  EXPECT_EQ(pages, 2);  // 2 + 2 + 1
  std::vector<std::int64_t> expected;
  for (std::size_t i = 1; i < everything.revisions.size(); i += 2) {
    expected.push_back(everything.revisions[i]);
  }
  EXPECT_EQ(joined, expected);
  // A department outside the scope shows nothing rather than an error that confirms it exists.
  EXPECT_TRUE(get_page(h, "?department=900", "rd").revisions.empty());
}

TEST(Api, UnauthenticatedScrapesOnlyFromLoopbackByDefault) {
  Harness h(make_settings(1000, false, /*public_reads=*/false));
  h.remote = "::1:50000";  // as the server writes it: address, colon, port
  EXPECT_EQ(h.request("GET", "/metrics").status, 200);
  for (const char* remote : {"10.0.0.7:50000", "192.168.1.20:9999", "::ffff:10.0.0.7:1234"}) {
    h.remote = remote;
    HttpResponse r = h.request("GET", "/metrics");
    EXPECT_EQ(r.status, 401) << remote;
    EXPECT_NE(r.body.find("metrics_open_to_network"), std::string::npos) << r.body;
    EXPECT_EQ(h.request("GET", "/healthz").status, 200) << remote;
    EXPECT_EQ(h.request("GET", "/readyz").status, 200) << remote;
    // The scrape token works from anywhere, and scopes what /metrics shows.
    HttpResponse scoped = h.request("GET", "/metrics", "", "", "rd");
    EXPECT_EQ(scoped.status, 200) << remote;
    EXPECT_EQ(scoped.body.find("department=\"900\""), std::string::npos);
  }
  h.remote = "::ffff:127.0.0.1:1234";
  EXPECT_EQ(h.request("GET", "/metrics").status, 200);

  Settings open = *make_settings(1000, false, false);
  open.metrics_open_to_network = true;
  Harness opened(std::make_shared<const Settings>(open));
  opened.remote = "10.0.0.7:50000";
  EXPECT_EQ(opened.request("GET", "/metrics").status, 200);
  EXPECT_EQ(opened.request("GET", "/healthz").status, 200);
  EXPECT_EQ(opened.request("GET", "/api/v1/actuals").status, 401);  // reads stay closed
}

}  // namespace
}  // namespace targetwatch::http
