// A small synchronous HTTP/1.1 client (http:// and https://) for the command line and the tests.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "targetwatch/http/message.h"
#include "targetwatch/model/result.h"

namespace targetwatch::http {

struct ClientRequest {
  std::string method = "GET";
  std::string url;  ///< http[s]://host[:port]/path?query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int timeout_seconds = 30;
  /// https: the CA bundle (PEM) the server's certificate must chain to; "" = the system's. The
  /// host name is always verified.
  std::string ca_file = {};
  /// https with mutual TLS: this client's certificate chain and key (PEM).
  std::string client_cert_file = {};
  std::string client_key_file = {};
};

/// Sends one request on a fresh connection and reads the whole response. Errors (bad URL,
/// unreachable host, timeout, malformed answer) name the URL; HTTP error statuses are not errors.
Result<HttpResponse> send_request(const ClientRequest& request);

/// POST of an actuals batch: `content_type` "text/csv; charset=..." or "application/json";
/// `token` goes into "Authorization: Bearer" (omitted when empty).
Result<HttpResponse> post_actuals(const std::string& url, const std::string& token,
                                  std::string body, const std::string& content_type,
                                  const std::string& ca_file = "");

}  // namespace targetwatch::http
