// Request-target, query, media-type parsing; the router's 404/405.
#include "targetwatch/http/message.h"

#include <gtest/gtest.h>

#include "targetwatch/http/router.h"

namespace targetwatch::http {
namespace {

TEST(Target, PathAndQueryAreDecoded) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  ASSERT_TRUE(parse_target("/api/v1/actuals?project=P%2D1&indicator=a+b&empty=&flag", path, query));
  EXPECT_EQ(path, "/api/v1/actuals");
  ASSERT_EQ(query.size(), 4u);
  EXPECT_EQ(query[0], (std::pair<std::string, std::string>{"project", "P-1"}));
  EXPECT_EQ(query[1], (std::pair<std::string, std::string>{"indicator", "a b"}));
  EXPECT_EQ(query[2], (std::pair<std::string, std::string>{"empty", ""}));
  EXPECT_EQ(query[3], (std::pair<std::string, std::string>{"flag", ""}));
  ASSERT_TRUE(parse_target("/report?as_of=2025-06-30", path, query));
  HttpRequest r;
  r.query = query;
  EXPECT_EQ(r.query_param("as_of"), "2025-06-30");
  EXPECT_FALSE(r.query_param("format"));
  ASSERT_TRUE(parse_target("/%E5%8F%B8", path, query));
  EXPECT_EQ(path, "/司");
}

TEST(Target, MalformedTargetsAreRejected) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  EXPECT_FALSE(parse_target("", path, query));
  EXPECT_FALSE(parse_target("http://host/metrics", path, query));
  EXPECT_FALSE(parse_target("/a%2", path, query));
  EXPECT_FALSE(parse_target("/a?x=%zz", path, query));
  EXPECT_FALSE(percent_decode("%", false));
  EXPECT_EQ(percent_decode("a%20b+c", false), "a b+c");
}

TEST(MediaType, TypeAndParameters) {
  MediaType m = parse_media_type("Text/CSV; Charset=\"GBK\" ; header=present");
  EXPECT_EQ(m.type, "text/csv");
  EXPECT_EQ(m.param("charset"), "GBK");
  EXPECT_EQ(m.param("header"), "present");
  EXPECT_FALSE(m.param("boundary"));
  EXPECT_EQ(parse_media_type("application/json").type, "application/json");
  EXPECT_EQ(parse_media_type("").type, "");
}

TEST(Json, QuoteEscapes) {
  EXPECT_EQ(json_quote("a\"b\\c\n\x01司"), "\"a\\\"b\\\\c\\n\\u0001司\"");
}

TEST(Router, DispatchesAndAnswers404And405) {
  Router router;
  router.add("GET", "/metrics", [](const HttpRequest&) { return HttpResponse::text(200, "m"); });
  router.add("POST", "/api/v1/actuals",
             [](const HttpRequest& r) { return HttpResponse::text(200, "post:" + r.body); });
  router.add("GET", "/api/v1/actuals",
             [](const HttpRequest&) { return HttpResponse::text(200, "get"); });
  HttpRequest req;
  req.method = "GET";
  req.path = "/metrics";
  EXPECT_EQ(router.route(req).body, "m");
  req.method = "POST";
  req.path = "/api/v1/actuals";
  req.body = "x";
  EXPECT_EQ(router.route(req).body, "post:x");
  req.path = "/nope";
  EXPECT_EQ(router.route(req).status, 404);
  req.method = "DELETE";
  req.path = "/api/v1/actuals";
  HttpResponse r = router.route(req);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "POST, GET");
}

}  // namespace
}  // namespace targetwatch::http
