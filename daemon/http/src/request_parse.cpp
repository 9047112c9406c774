// Request parsing shared by the server and the fuzzer: limits, Expect, read errors, HttpRequest.
#include "request_parse.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace targetwatch::http::detail {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

void apply_limits(RequestParser& parser, const Limits& limits) {
  parser.body_limit(limits.max_body_bytes);
  parser.header_limit(
      static_cast<std::uint32_t>(std::min<std::size_t>(limits.max_header_bytes, UINT32_MAX)));
}

Expectation expectation(const bhttp::request_header<>& header) {
  const auto expect = header[bhttp::field::expect];
  if (expect.empty()) return Expectation::kNone;
  return beast::iequals(expect, "100-continue") ? Expectation::kContinue
                                                : Expectation::kUnsupported;
}

std::optional<HttpResponse> read_error_response(beast::error_code ec, const Limits& limits) {
  if (ec == bhttp::error::body_limit) {
    return HttpResponse::json_error(
        413, "request body larger than " + std::to_string(limits.max_body_bytes) + " bytes");
  }
  if (ec == bhttp::error::header_limit) {
    return HttpResponse::json_error(
        431, "request header larger than " + std::to_string(limits.max_header_bytes) + " bytes");
  }
  const bool parse_error =
      ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
      ec != bhttp::error::short_read && ec != bhttp::error::need_more;
  if (parse_error) return HttpResponse::json_error(400, "malformed HTTP request: " + ec.message());
  // Closed, timed out (tcp_stream already closed the socket) or reset: nothing to answer.
  return std::nullopt;
}

Result<HttpRequest, HttpResponse> to_http_request(bhttp::request<RequestBody> message,
                                                  std::string remote) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.remote = std::move(remote);
  for (const auto& field : message) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.body = std::move(message.body());
  if (!parse_target(request.target, request.path, request.query)) {
    return HttpResponse::json_error(400, "malformed request target");
  }
  return request;
}

}  // namespace targetwatch::http::detail
