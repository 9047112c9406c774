// The synchronous Beast client behind send_request / post_actuals (plain http:// only).
#include "targetwatch/http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

namespace targetwatch::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Url {
  std::string host;
  std::string port;
  std::string target;
};

Result<Url> parse_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return Error{"URL '" + std::string(url) + "' must start with http://"};
  }
  std::string_view rest = url.substr(kScheme.size());
  std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  Url out;
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!out.target.empty() && out.target.front() == '?') out.target = "/" + out.target;
  if (authority.empty()) return Error{"URL '" + std::string(url) + "' has no host"};
  if (authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return Error{"URL '" + std::string(url) + "': bad host"};
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    out.port = after.size() > 1 && after.front() == ':' ? std::string(after.substr(1)) : "80";
  } else {
    std::size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    out.port = colon == std::string_view::npos ? "80" : std::string(authority.substr(colon + 1));
  }
  if (out.host.empty() || out.port.empty()) {
    return Error{"URL '" + std::string(url) + "' has no host or port"};
  }
  return out;
}

}  // namespace

Result<HttpResponse> send_request(const ClientRequest& request) {
  auto url = parse_url(request.url);
  if (!url) return url.error();
  const std::string where = request.method + " " + request.url;
  try {
    net::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    auto timeout = std::chrono::seconds(request.timeout_seconds);
    beast::error_code ec;
    auto endpoints = resolver.resolve(url->host, url->port, ec);
    if (ec) return Error{where + ": cannot resolve " + url->host + ": " + ec.message()};
    stream.expires_after(timeout);
    // Asynchronous operations with run_for give every step a deadline without extra threads.
    stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    ioc.run();
    if (ec) return Error{where + ": cannot connect: " + ec.message()};

    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(request.method), url->target, 11};
    if (req.method() == bhttp::verb::unknown) req.method_string(request.method);
    req.set(bhttp::field::host, url->host + ":" + url->port);
    req.set(bhttp::field::user_agent, "targetwatch");
    for (const auto& [name, value] : request.headers) req.insert(name, value);
    req.body() = request.body;
    req.keep_alive(false);
    req.prepare_payload();

    ioc.restart();
    stream.expires_after(timeout);
    bhttp::async_write(stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
    ioc.run();
    if (ec) return Error{where + ": sending failed: " + ec.message()};

    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(std::uint64_t{1} << 32);
    ioc.restart();
    stream.expires_after(timeout);
    bhttp::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
    ioc.run();
    if (ec) return Error{where + ": reading the answer failed: " + ec.message()};

    auto& res = parser.get();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    out.content_type = std::string(res[bhttp::field::content_type]);
    for (const auto& field : res) {
      if (field.name() == bhttp::field::content_type) continue;
      out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(res.body());
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return out;
  } catch (const std::exception& e) {
    return Error{where + ": " + e.what()};
  }
}

Result<HttpResponse> post_actuals(const std::string& url, const std::string& token,
                                  std::string body, const std::string& content_type) {
  ClientRequest request;
  request.method = "POST";
  request.url = url;
  request.body = std::move(body);
  request.headers.emplace_back("Content-Type", content_type);
  if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
  return send_request(request);
}

}  // namespace targetwatch::http
