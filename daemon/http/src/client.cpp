// The synchronous Beast client behind send_request / post_actuals (http:// and https://).
#include "targetwatch/http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>

namespace targetwatch::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace ssl = net::ssl;

struct Url {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;
};

Result<Url> parse_url(std::string_view url) {
  Url out;
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
    out.tls = true;
  } else {
    return Error{"URL '" + std::string(url) + "' must start with http:// or https://"};
  }
  const std::string default_port = out.tls ? "443" : "80";
  std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!out.target.empty() && out.target.front() == '?') out.target = "/" + out.target;
  if (authority.empty()) return Error{"URL '" + std::string(url) + "' has no host"};
  if (authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return Error{"URL '" + std::string(url) + "': bad host"};
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    out.port =
        after.size() > 1 && after.front() == ':' ? std::string(after.substr(1)) : default_port;
  } else {
    std::size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    out.port =
        colon == std::string_view::npos ? default_port : std::string(authority.substr(colon + 1));
  }
  if (out.host.empty() || out.port.empty()) {
    return Error{"URL '" + std::string(url) + "' has no host or port"};
  }
  return out;
}

}  // namespace

namespace {

// Runs one asynchronous step to completion within the stream's deadline.
template <class Op>
beast::error_code run_step(net::io_context& ioc, beast::tcp_stream& lowest,
                           std::chrono::seconds timeout, Op&& op) {
  beast::error_code ec;
  ioc.restart();
  lowest.expires_after(timeout);
  op(ec);
  ioc.run();
  return ec;
}

template <class Stream>
Result<HttpResponse> exchange(net::io_context& ioc, Stream& stream, const Url& url,
                              const ClientRequest& request, const std::string& where) {
  auto& lowest = beast::get_lowest_layer(stream);
  const auto timeout = std::chrono::seconds(request.timeout_seconds);
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(request.method), url.target, 11};
  if (req.method() == bhttp::verb::unknown) req.method_string(request.method);
  req.set(bhttp::field::host, url.host + ":" + url.port);
  req.set(bhttp::field::user_agent, "targetwatch");
  for (const auto& [name, value] : request.headers) req.insert(name, value);
  req.body() = request.body;
  req.keep_alive(false);
  req.prepare_payload();
  auto ec = run_step(ioc, lowest, timeout, [&](beast::error_code& out) {
    bhttp::async_write(stream, req, [&out](beast::error_code e, std::size_t) { out = e; });
  });
  if (ec) return Error{where + ": sending failed: " + ec.message()};

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(std::uint64_t{1} << 32);
  ec = run_step(ioc, lowest, timeout, [&](beast::error_code& out) {
    bhttp::async_read(stream, buffer, parser,
                      [&out](beast::error_code e, std::size_t) { out = e; });
  });
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
  lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
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
    const auto timeout = std::chrono::seconds(request.timeout_seconds);
    beast::error_code ec;
    auto endpoints = resolver.resolve(url->host, url->port, ec);
    if (ec) return Error{where + ": cannot resolve " + url->host + ": " + ec.message()};
    auto connect = [&](beast::tcp_stream& lowest) {
      return run_step(ioc, lowest, timeout, [&](beast::error_code& out) {
        lowest.async_connect(endpoints,
                             [&out](beast::error_code e, const tcp::endpoint&) { out = e; });
      });
    };
    if (!url->tls) {
      beast::tcp_stream stream(ioc);
      if (ec = connect(stream); ec) return Error{where + ": cannot connect: " + ec.message()};
      return exchange(ioc, stream, *url, request, where);
    }
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                    ssl::context::no_tlsv1_1);
    ctx.set_verify_mode(ssl::verify_peer);
    if (request.ca_file.empty()) {
      ctx.set_default_verify_paths(ec);
    } else {
      ctx.load_verify_file(request.ca_file, ec);
    }
    if (ec) return Error{where + ": CA file " + request.ca_file + ": " + ec.message()};
    if (!request.client_cert_file.empty()) {
      ctx.use_certificate_chain_file(request.client_cert_file, ec);
      if (!ec) ctx.use_private_key_file(request.client_key_file, ssl::context::pem, ec);
      if (ec) return Error{where + ": client certificate: " + ec.message()};
    }
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    stream.set_verify_callback(ssl::host_name_verification(url->host));
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url->host.c_str())) {
      return Error{where + ": cannot set the TLS server name"};
    }
    auto& lowest = beast::get_lowest_layer(stream);
    if (ec = connect(lowest); ec) return Error{where + ": cannot connect: " + ec.message()};
    ec = run_step(ioc, lowest, timeout, [&](beast::error_code& out) {
      stream.async_handshake(ssl::stream_base::client, [&out](beast::error_code e) { out = e; });
    });
    if (ec) return Error{where + ": TLS handshake failed: " + ec.message()};
    return exchange(ioc, stream, *url, request, where);
  } catch (const std::exception& e) {
    return Error{where + ": " + e.what()};
  }
}

Result<HttpResponse> post_actuals(const std::string& url, const std::string& token,
                                  std::string body, const std::string& content_type,
                                  const std::string& ca_file) {
  ClientRequest request;
  request.ca_file = ca_file;
  request.method = "POST";
  request.url = url;
  request.body = std::move(body);
  request.headers.emplace_back("Content-Type", content_type);
  if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
  return send_request(request);
}

}  // namespace targetwatch::http
