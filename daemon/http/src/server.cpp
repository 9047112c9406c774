// The Beast HTTP/1.1 server: listener, per-connection sessions on strands (plain TCP or TLS),
// limits, graceful stop.
#include "targetwatch/http/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

#include "request_parse.h"

namespace targetwatch::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
namespace ssl = net::ssl;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
class Session;

// State shared by the listener and every session; outlives them (Server::stop joins first).
struct Shared {
  ServerOptions options;
  Handler handler;
  Logger* logger = nullptr;
  net::thread_pool* workers = nullptr;
  std::atomic<bool> stopping{false};
  std::mutex mu;
  std::condition_variable idle_cv;
  std::size_t active = 0;  // guarded by mu; sessions counted against max_connections
  std::uint64_t next_id = 0;
  std::map<std::uint64_t, std::function<void()>> sessions;  // id -> stop that session
  std::shared_ptr<ssl::context> tls;                        // null: plain TCP
};

// A server context: TLS 1.2 or newer, the chain and key, and client certificates when a CA is
// given. Errors name the file OpenSSL could not use.
Result<std::shared_ptr<ssl::context>> make_tls_context(const TlsFiles& files) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use);
  beast::error_code ec;
  ctx->use_certificate_chain_file(files.cert_file, ec);
  if (ec) return Error{"TLS certificate " + files.cert_file + ": " + ec.message()};
  ctx->use_private_key_file(files.key_file, ssl::context::pem, ec);
  if (ec) return Error{"TLS key " + files.key_file + ": " + ec.message()};
  if (!files.client_ca_file.empty()) {
    ctx->load_verify_file(files.client_ca_file, ec);
    if (ec) return Error{"TLS client CA " + files.client_ca_file + ": " + ec.message()};
    ctx->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  }
  return ctx;
}

HttpResponse plain_error(int status, std::string_view message) {
  return HttpResponse::json_error(status, message);
}

// The body of every response: an owned string, or pieces of immutable text shared with a cache
// (HttpResponse::body_pieces). The writer hands Beast one buffer per piece, so that a cached
// /metrics body (~190 MB at province scale) goes to the socket by gathered writes, never copied.
struct ResponseBody {
  struct value_type {
    std::string text;
    std::vector<std::string_view> pieces;  // when not empty: the body (text is then empty)
    std::shared_ptr<const void> owner;     // keeps what `pieces` point into alive
  };

  static std::uint64_t size(const value_type& body) {
    if (body.pieces.empty()) return body.text.size();
    std::uint64_t n = 0;
    for (std::string_view p : body.pieces) n += p.size();
    return n;
  }

  class writer {
   public:
    // A view of the writer's buffers: the serializer copies its buffer sequence on every write,
    // which for a vector of thousands of buffers would be an allocation each time.
    using const_buffers_type = std::span<const net::const_buffer>;

    template <bool isRequest, class Fields>
    writer(const bhttp::header<isRequest, Fields>& /*header*/, const value_type& body)
        : body_(body) {}

    void init(beast::error_code& ec) {
      ec = {};
      if (body_.pieces.empty()) {
        if (!body_.text.empty()) buffers_.emplace_back(body_.text.data(), body_.text.size());
        return;
      }
      buffers_.reserve(body_.pieces.size());
      for (std::string_view p : body_.pieces) {
        if (!p.empty()) buffers_.emplace_back(p.data(), p.size());
      }
    }

    // The whole body at once: the writer's buffers live as long as the serializer.
    boost::optional<std::pair<const_buffers_type, bool>> get(beast::error_code& ec) {
      ec = {};
      if (done_ || buffers_.empty()) return boost::none;
      done_ = true;
      return std::pair<const_buffers_type, bool>(buffers_, false);
    }

   private:
    const value_type& body_;
    std::vector<net::const_buffer> buffers_;
    bool done_ = false;
  };
};

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, Shared& shared, std::uint64_t id)
      : stream_(std::move(stream)), shared_(shared), id_(id) {
    beast::error_code ec;
    auto endpoint = tcp_().socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }

  ~Session() {
    std::lock_guard lock(shared_.mu);
    shared_.sessions.erase(id_);
    --shared_.active;
    shared_.idle_cv.notify_all();  // stop() waits for the last session
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (std::is_same_v<Stream, TlsStream>) {
        // The handshake counts as part of the first request: a client that never finishes it
        // is cut off after the request timeout, like a slow header.
        self->tcp_().expires_after(std::chrono::seconds(self->limits().request_timeout_seconds));
        self->stream_.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
          if (ec) return self->close();
          self->wait_request();
        });
      } else {
        self->wait_request();
      }
    });
  }

  // Called on stop: idle connections close now, busy ones after their response.
  void stop() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if (!self->busy_) self->close();
    });
  }

 private:
  const Limits& limits() const { return shared_.options.limits; }
  beast::tcp_stream& tcp_() { return beast::get_lowest_layer(stream_); }

  void wait_request() {
    busy_ = false;
    if (shared_.stopping) return close();
    parser_.emplace();
    detail::apply_limits(*parser_, limits());
    if (buffer_.size() > 0) return read_header();
    // Waiting for the first byte of the next request is governed by the idle timeout; the request
    // itself by the (shorter) request timeout, so slow senders cannot hold a connection forever.
    tcp_().expires_after(std::chrono::seconds(limits().idle_timeout_seconds));
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->on_first_bytes(ec, n);
                            });
  }

  void on_first_bytes(beast::error_code ec, std::size_t n) {
    if (ec) return close();
    buffer_.commit(n);
    read_header();
  }

  void read_header() {
    busy_ = true;  // a request has started: finish it even when stopping
    tcp_().expires_after(std::chrono::seconds(limits().request_timeout_seconds));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                               self->on_header(ec);
                             });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    auto& req = parser_->get();
    const detail::Expectation expect = detail::expectation(req);
    if (expect != detail::Expectation::kNone) {
      if (expect == detail::Expectation::kUnsupported) {
        return send(plain_error(417, "unsupported Expect"), false);
      }
      continue_ = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_,
                                                                       req.version());
      return bhttp::async_write(
          stream_, *continue_,
          [self = this->shared_from_this()](beast::error_code wec, std::size_t) {
            if (wec) return self->close();
            self->read_body();
          });
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        self->on_body(ec);
                      });
  }

  void on_read_error(beast::error_code ec) {
    if (auto answer = detail::read_error_response(ec, limits())) {
      return send(std::move(*answer), false);
    }
    close();  // closed, timed out or reset: nothing to answer
  }

  void on_body(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    tcp_().expires_never();
    auto msg = parser_->release();
    bool keep_alive = msg.keep_alive();
    auto parsed = detail::to_http_request(std::move(msg), remote_);
    if (!parsed) return send(std::move(parsed).error(), false);
    net::post(*shared_.workers, [self = this->shared_from_this(), request = std::move(*parsed),
                                 keep_alive]() mutable {
      HttpResponse response;
      try {
        response = self->shared_.handler(request);
      } catch (const std::exception& e) {
        self->shared_.logger->error(std::string("handler failed on ") + request.method + " " +
                                    request.path + ": " + e.what());
        response = plain_error(500, "internal error");
      } catch (...) {
        self->shared_.logger->error("handler failed on " + request.method + " " + request.path);
        response = plain_error(500, "internal error");
      }
      net::post(self->stream_.get_executor(),
                [self, response = std::move(response), keep_alive]() mutable {
                  self->send(std::move(response), keep_alive);
                });
    });
  }

  void send(HttpResponse response, bool keep_alive) {
    busy_ = true;
    res_ = {};
    res_.version(11);
    res_.result(static_cast<unsigned>(response.status));
    res_.set(bhttp::field::server, "targetwatchd");
    res_.set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) res_.insert(name, value);
    if (response.body_pieces.empty()) {
      res_.body().text = std::move(response.body);
    } else {
      res_.body().pieces = std::move(response.body_pieces);
      res_.body().owner = std::move(response.body_owner);
    }
    res_.keep_alive(keep_alive && !shared_.stopping);
    res_.prepare_payload();
    tcp_().expires_after(std::chrono::seconds(limits().request_timeout_seconds));
    bhttp::async_write(stream_, res_,
                       [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                         self->on_write(ec);
                       });
  }

  void on_write(beast::error_code ec) {
    const bool keep_alive = res_.keep_alive();
    res_.body() = {};  // let go of a shared body now, not at the next request
    if (ec || !keep_alive) return close();
    wait_request();
  }

  void close() {
    busy_ = false;
    beast::error_code ignored;
    tcp_().socket().shutdown(tcp::socket::shutdown_send, ignored);
    tcp_().socket().close(ignored);
  }

  Stream stream_;
  Shared& shared_;
  std::uint64_t id_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<bhttp::response<bhttp::empty_body>> continue_;
  bhttp::response<ResponseBody> res_;
  bool busy_ = false;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, Handler handler, Logger& logger) {
    shared.options = std::move(options);
    shared.handler = std::move(handler);
    shared.logger = &logger;
  }

  void accept() {
    acceptor->async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == net::error::operation_aborted || shared.stopping) return;
        shared.logger->warning("accept failed: " + ec.message());
      } else {
        on_accept(std::move(socket));
      }
      if (!shared.stopping) accept();
    });
  }

  void on_accept(tcp::socket socket) {
    // No Nagle: a response's last partial segment would otherwise wait for the peer's ACK of
    // the previous ones, which a delayed ACK holds back up to 40 ms (all of a cached gzip scrape).
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::function<void()> start;
    {
      std::lock_guard lock(shared.mu);
      bool over = shared.active >= shared.options.limits.max_connections;
      if (over && !warned_cap) {
        shared.logger->warning("connection cap of " +
                               std::to_string(shared.options.limits.max_connections) +
                               " reached; answering 503");
      }
      warned_cap = over;
      if (over) {
        refuse(socket);
        return;
      }
      ++shared.active;
      std::uint64_t id = shared.next_id++;
      if (shared.tls) {
        start = open_session(TlsStream(std::move(socket), *shared.tls), id);
      } else {
        start = open_session(PlainStream(std::move(socket)), id);
      }
    }
    start();
  }

  // Registers a session (mu held) and returns what starts it.
  template <class Stream>
  std::function<void()> open_session(Stream stream, std::uint64_t id) {
    auto session = std::make_shared<Session<Stream>>(std::move(stream), shared, id);
    std::weak_ptr<Session<Stream>> weak = session;
    shared.sessions.emplace(id, [weak] {
      if (auto s = weak.lock()) s->stop();
    });
    return [session] { session->start(); };
  }

  // Over the cap: a socket gets no session, no buffers and no timer. The 503 fits any fresh
  // socket's send buffer, so one non-blocking write sends it; then the socket is closed.
  static void refuse(tcp::socket& socket) {
    static constexpr std::string_view kBusy =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        "Retry-After: 1\r\nConnection: close\r\nContent-Length: 49\r\n\r\n"
        "{\"error\":\"too many connections; try again later\"}";
    beast::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.write_some(net::buffer(kBusy.data(), kBusy.size()), ignored);
    socket.shutdown(tcp::socket::shutdown_send, ignored);
    socket.close(ignored);
  }

  Shared shared;
  net::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::thread_pool> workers;
  // Keeps run() going while every session waits on a handler (no I/O pending), e.g. during stop.
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool running = false;
  bool warned_cap = false;
};

Server::Server(ServerOptions options, Handler handler, Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), logger)) {}

Server::~Server() {
  try {
    stop();
  } catch (const std::exception& e) {  // a destructor must not throw; stop() only may on OOM
    impl_->shared.logger->error(std::string("server stop failed: ") + e.what());
  }
}

Result<Ok> Server::reload_tls(const TlsFiles& files) {
  if (files.cert_file.empty()) return Ok{};
  auto ctx = make_tls_context(files);
  if (!ctx) return ctx.error();
  std::lock_guard lock(impl_->shared.mu);
  impl_->shared.tls = std::move(ctx).value();
  return Ok{};
}

Result<std::uint16_t> Server::start() {
  Impl& d = *impl_;
  const ServerOptions& o = d.shared.options;
  if (!o.tls.cert_file.empty()) {
    auto ctx = make_tls_context(o.tls);
    if (!ctx) return ctx.error();
    d.shared.tls = std::move(ctx).value();
  }
  std::string where = o.host + ":" + std::to_string(o.port);
  beast::error_code ec;
  tcp::endpoint endpoint;
  auto address = net::ip::make_address(o.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, o.port);
  } else {
    tcp::resolver resolver(d.ioc);
    auto results = resolver.resolve(o.host, std::to_string(o.port), ec);
    if (ec || results.empty()) {
      return Error{"cannot resolve listen host " + o.host + ": " + ec.message()};
    }
    endpoint = results.begin()->endpoint();
  }
  d.acceptor.emplace(d.ioc);
  d.acceptor->open(endpoint.protocol(), ec);
  if (!ec) d.acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) d.acceptor->bind(endpoint, ec);
  if (!ec) d.acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    d.acceptor.reset();
    return Error{"cannot listen on " + where + ": " + ec.message()};
  }
  d.port = d.acceptor->local_endpoint().port();

  int threads = o.threads > 0 ? o.threads
                              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int handler_threads = o.handler_threads > 0 ? o.handler_threads : std::max(4, 2 * threads);
  d.workers.emplace(static_cast<std::size_t>(handler_threads));
  d.shared.workers = &*d.workers;
  d.work.emplace(d.ioc.get_executor());
  d.accept();
  d.running = true;
  for (int i = 0; i < threads; ++i) d.threads.emplace_back([&d] { d.ioc.run(); });
  return d.port;
}

void Server::stop() {
  Impl& d = *impl_;
  if (!d.running) return;
  d.running = false;
  d.shared.stopping = true;
  std::promise<void> closed;
  net::post(d.ioc, [&d, &closed] {
    beast::error_code ignored;
    if (d.acceptor) d.acceptor->close(ignored);
    closed.set_value();
  });
  closed.get_future().wait();  // no new connection is accepted after stop() begins
  std::vector<std::function<void()>> stops;
  {
    std::lock_guard lock(d.shared.mu);
    for (auto& [id, stop_session] : d.shared.sessions) stops.push_back(stop_session);
  }
  for (auto& stop_session : stops) stop_session();
  stops.clear();
  {
    // In-flight requests finish; what is still open after the shutdown timeout is cut off.
    std::unique_lock lock(d.shared.mu);
    auto limit = std::chrono::seconds(d.shared.options.limits.shutdown_timeout_seconds);
    d.shared.idle_cv.wait_for(lock, limit, [&d] { return d.shared.sessions.empty(); });
  }
  d.work.reset();
  d.ioc.stop();
  for (auto& t : d.threads) t.join();
  d.threads.clear();
  if (d.workers) d.workers->join();
}

std::uint16_t Server::port() const { return impl_->port; }

std::size_t Server::active_connections() const {
  std::lock_guard lock(impl_->shared.mu);
  return impl_->shared.active;
}

}  // namespace targetwatch::http
