// Plain HTTP request/response values: what the router and handlers see, free of any socket type.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace targetwatch::http {

/// A parsed request. Header names are lower-case; query parameters are percent-decoded, in order.
struct HttpRequest {
  std::string method;  ///< "GET", "POST", ...
  std::string target;  ///< as received: path and query
  std::string path;    ///< decoded path without the query
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote;  ///< peer address, for logs

  /// First header with this (lower-case) name.
  std::optional<std::string_view> header(std::string_view lower_name) const;
  /// First query parameter with this name.
  std::optional<std::string_view> query_param(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  /// When not empty, the body is these pieces in order (and `body` is empty): immutable text
  /// shared with a cache, such as the /metrics exposition, that the server sends by gathered
  /// writes instead of copying it. `body_owner` keeps what they point into alive.
  std::vector<std::string_view> body_pieces = {};
  std::shared_ptr<const void> body_owner = {};

  static HttpResponse text(int status, std::string body);
  static HttpResponse json(int status, std::string body);
  /// {"error": message} with the given status.
  static HttpResponse json_error(int status, std::string_view message);
  std::optional<std::string_view> header(std::string_view name) const;  ///< case-insensitive
  /// The body as one string: `body`, or the pieces joined (a copy: for tests and small bodies).
  std::string body_text() const;
};

/// Splits a request target into its decoded path and query parameters. False when the target is
/// not an origin-form path or has bad percent-encoding.
bool parse_target(std::string_view target, std::string& path,
                  std::vector<std::pair<std::string, std::string>>& query);

/// Decodes %XX and (in queries) '+'; nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

/// A media type split into lower-case type/subtype and its parameters (lower-case names).
struct MediaType {
  std::string type;  ///< "text/csv"
  std::vector<std::pair<std::string, std::string>> params;
  std::optional<std::string_view> param(std::string_view name) const;
};
MediaType parse_media_type(std::string_view content_type);

/// The standard reason phrase of a status code ("Not Found"); "" when unknown.
std::string_view reason_phrase(int status);

/// JSON string literal (with quotes) of UTF-8 text.
std::string json_quote(std::string_view s);

}  // namespace targetwatch::http
