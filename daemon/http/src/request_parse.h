// Reading a request off the wire, without a socket: Beast's parser with our limits, the answer to
// a read error or an Expect header, and the HttpRequest the router sees. The server and the HTTP
// fuzzer (tests/fuzz/fuzz_http_request.cpp) share it, so the fuzzer parses as the server does.
#pragma once

#include <boost/beast/http.hpp>
#include <optional>
#include <string>

#include "targetwatch/config/settings.h"
#include "targetwatch/http/message.h"
#include "targetwatch/model/result.h"

namespace targetwatch::http::detail {

using RequestBody = boost::beast::http::string_body;
using RequestParser = boost::beast::http::request_parser<RequestBody>;

/// Gives a fresh parser the header limit (431) and the body limit (413) of `limits`.
void apply_limits(RequestParser& parser, const Limits& limits);

/// What the Expect header of a parsed request header asks for.
enum class Expectation {
  kNone,         ///< no Expect header: read the body
  kContinue,     ///< "100-continue": send 100 Continue, then read the body
  kUnsupported,  ///< anything else: answer 417 and close
};
Expectation expectation(const boost::beast::http::request_header<>& header);

/// The answer to a failed read: 413 (body limit), 431 (header limit), 400 (malformed request).
/// nullopt when there is no one to answer: the peer closed, reset or timed out.
std::optional<HttpResponse> read_error_response(boost::beast::error_code ec, const Limits& limits);

/// The request of a complete message from `remote` ("address:port"): header names lower-case,
/// the target split into decoded path and query. The 400 to send when the target is malformed.
Result<HttpRequest, HttpResponse> to_http_request(boost::beast::http::request<RequestBody> message,
                                                  std::string remote);

}  // namespace targetwatch::http::detail
