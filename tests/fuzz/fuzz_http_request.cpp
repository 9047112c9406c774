// libFuzzer target: arbitrary bytes as they would arrive on a connection, read the way the server
// reads them (daemon/http/src/request_parse.*: Beast's parser with our limits, Expect, the answer
// to a read error, the HttpRequest), then handled as the API handles requests: Content-Type and
// its charset, query parameters, routing (exact, prefix, 404, 405 with Allow). Pipelined requests
// are read one after the other, as a kept-alive connection does. Nothing may crash, and every
// answer must be one the server can send.
#include <boost/asio/buffer.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "request_parse.h"
#include "targetwatch/http/message.h"
#include "targetwatch/http/router.h"

namespace {

namespace bhttp = boost::beast::http;
using namespace targetwatch;
using namespace targetwatch::http;

void check(bool condition) {
  if (!condition) std::abort();
}

// Small limits, so that short inputs reach the 413 and 431 paths too.
Limits fuzz_limits() {
  Limits limits;
  limits.max_header_bytes = 1024;
  limits.max_body_bytes = 2048;
  return limits;
}

// The shapes of the API's routes; the handlers read what the real ones read.
const Router& router() {
  static const Router r = [] {
    Router router;
    auto reads = [](const HttpRequest& req) {
      for (std::string_view name : {"as_of", "department", "limit", "after", "format"}) {
        if (auto v = req.query_param(name)) check(v->size() <= req.target.size());
      }
      return HttpResponse::text(200, "ok\n");
    };
    auto upload = [](const HttpRequest& req) {
      const MediaType media = parse_media_type(req.header("content-type").value_or(""));
      for (char c : media.type) check(!(c >= 'A' && c <= 'Z'));
      for (const auto& [name, value] : media.params) {
        for (char c : name) check(!(c >= 'A' && c <= 'Z'));
        (void)value;
      }
      (void)media.param("charset");
      return HttpResponse::json(200, json_quote(req.body));
    };
    router.add("GET", "/metrics", reads);
    router.add("GET", "/healthz", reads);
    router.add("GET", "/api/v1/actuals", reads);
    router.add("POST", "/api/v1/actuals", upload);
    router.add("POST", "/-/reload", upload);
    router.add_prefix("GET", "/projects/", reads);
    router.add_prefix("GET", "/departments/", reads);
    return router;
  }();
  return r;
}

// Reads one request from `input` like a session: header, Expect, body. Returns the bytes it used,
// and whether the connection would stay open for another request.
std::size_t read_one(std::string_view input, bool& keep_alive) {
  keep_alive = false;
  const Limits limits = fuzz_limits();
  detail::RequestParser parser;
  detail::apply_limits(parser, limits);
  parser.eager(false);  // the header alone first, as async_read_header does
  boost::beast::error_code ec;
  std::size_t used = 0;
  // Each put() gets every byte not used yet: what a buffer holds after the reads of a session.
  auto put_until = [&](auto done) {
    while (!ec && !done() && used < input.size()) {
      const std::size_t n =
          parser.put(boost::asio::buffer(input.data() + used, input.size() - used), ec);
      used += n;
      if (ec == bhttp::error::need_more) {
        ec = {};
        if (n == 0) break;  // no more bytes will come: the end of the input is the peer closing
      }
    }
  };
  put_until([&] { return parser.is_header_done(); });
  if (!ec && !parser.is_header_done()) parser.put_eof(ec);  // the peer closed mid-header
  if (ec) {
    auto answer = detail::read_error_response(ec, limits);
    if (answer) check(answer->status == 400 || answer->status == 413 || answer->status == 431);
    return used;
  }
  if (detail::expectation(parser.get()) == detail::Expectation::kUnsupported) return used;
  parser.eager(true);
  put_until([&] { return parser.is_done(); });
  if (!ec && !parser.is_done()) parser.put_eof(ec);  // the peer closed mid-body
  if (ec) {
    auto answer = detail::read_error_response(ec, limits);
    if (answer) check(answer->status == 400 || answer->status == 413 || answer->status == 431);
    return used;
  }
  check(parser.is_done());
  auto message = parser.release();
  check(message.body().size() <= limits.max_body_bytes);
  keep_alive = message.keep_alive();
  auto request = detail::to_http_request(std::move(message), "127.0.0.1:40000");
  if (!request) {
    check(request.error().status == 400);
    keep_alive = false;
    return used;
  }
  check(!request->path.empty() && request->path.front() == '/');
  for (const auto& [name, value] : request->headers) {
    for (char c : name) check(!(c >= 'A' && c <= 'Z'));
    (void)value;
  }
  const HttpResponse response = router().route(*request);
  check(response.status == 200 || response.status == 404 || response.status == 405);
  if (response.status == 405) check(response.header("Allow").has_value());
  return used;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // Pipelined requests: each one from the bytes the previous one left, while the connection stays.
  for (int i = 0; i < 8 && !input.empty(); ++i) {
    bool keep_alive = false;
    const std::size_t used = read_one(input, keep_alive);
    check(used <= input.size());
    if (!keep_alive || used == 0) break;
    input.remove_prefix(used);
  }
  return 0;
}
