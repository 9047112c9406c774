// The Beast server on a loopback port 0: round trips, keep-alive, limits (400/413/431/503),
// 100-continue, handler failures, graceful stop; and the client against it.
#include "targetwatch/http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <random>
#include <thread>

#include "targetwatch/http/client.h"

namespace targetwatch::http {
namespace {

// A blocking loopback socket with a receive timeout so that a broken server fails the test
// instead of hanging it.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  bool connected() const { return connected_; }
  void send(const std::string& data) {
    std::size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<std::size_t>(n);
    }
  }
  // Reads one response (headers + Content-Length body); "" on close/timeout before one.
  std::string read_response() {
    while (true) {
      std::size_t end = buffer_.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::size_t length = 0;
        std::size_t cl = buffer_.find("Content-Length: ");
        if (cl != std::string::npos && cl < end) length = std::stoul(buffer_.substr(cl + 16));
        if (buffer_.size() >= end + 4 + length) {
          std::string response = buffer_.substr(0, end + 4 + length);
          buffer_.erase(0, end + 4 + length);
          return response;
        }
      }
      if (!fill()) return "";
    }
  }
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }
  // True when the peer closed the connection (after any buffered data).
  bool closed_by_peer() {
    char c;
    ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  bool fill() {
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
  }
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

int status_of(const std::string& response) {
  if (response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

std::string body_of(const std::string& response) {
  return response.substr(response.find("\r\n\r\n") + 4);
}

HttpResponse echo(const HttpRequest& r) {
  std::string text = r.method + " " + r.path;
  for (const auto& [k, v] : r.query) text += " " + k + "=" + v;
  if (auto h = r.header("x-test")) text += " x-test=" + std::string(*h);
  text += " body=" + r.body;
  return HttpResponse::text(200, text);
}

struct TestServer {
  explicit TestServer(Handler handler = echo, Limits limits = {}) {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    options.limits = limits;
    server = std::make_unique<Server>(options, std::move(handler), logger);
    auto port_or = server->start();
    EXPECT_TRUE(port_or.ok()) << (port_or ? "" : port_or.error().message);
    port = port_or ? *port_or : 0;
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port) + path;
  }
  core::MemoryLogger logger;
  std::unique_ptr<Server> server;
  std::uint16_t port = 0;
};

TEST(Server, BindsPortZeroAndAnswersTheClient) {
  TestServer s;
  ASSERT_NE(s.port, 0);
  ClientRequest req;
  req.method = "POST";
  req.url = s.url("/echo?a=1&b=x%20y");
  req.headers = {{"X-Test", "hello"}};
  req.body = "payload";
  auto res = send_request(req);
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "POST /echo a=1 b=x y x-test=hello body=payload");
  EXPECT_EQ(res->content_type, "text/plain; charset=utf-8");
}

TEST(Server, PostActualsSendsTokenAndContentType) {
  TestServer s([](const HttpRequest& r) {
    return HttpResponse::text(201, std::string(r.header("authorization").value_or("-")) + "|" +
                                       std::string(r.header("content-type").value_or("-")) + "|" +
                                       r.body);
  });
  auto res = post_actuals(s.url("/api/v1/actuals"), "tok", "a,b\n", "text/csv; charset=gbk");
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(res->body, "Bearer tok|text/csv; charset=gbk|a,b\n");
}

TEST(Client, ReportsUnreachableAndBadUrls) {
  TestServer s;
  std::uint16_t port = s.port;
  s.server->stop();
  auto res = send_request({"GET", "http://127.0.0.1:" + std::to_string(port) + "/", {}, "", 5});
  ASSERT_FALSE(res);
  EXPECT_NE(res.error().message.find("cannot connect"), std::string::npos);
  EXPECT_FALSE(send_request({"GET", "https://example.org/", {}, "", 5}));
  EXPECT_FALSE(send_request({"GET", "http://", {}, "", 5}));
}

TEST(Server, KeepAliveServesPipelinedRequestsOnOneConnection) {
  TestServer s;
  RawConnection c(s.port);
  ASSERT_TRUE(c.connected());
  c.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string first = c.read_response();
  std::string second = c.read_response();
  EXPECT_EQ(status_of(first), 200);
  EXPECT_EQ(body_of(first), "GET /one body=");
  EXPECT_EQ(body_of(second), "GET /two body=");
  c.send("GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string third = c.read_response();
  EXPECT_EQ(body_of(third), "GET /three body=");
  EXPECT_TRUE(c.closed_by_peer());
}

// A body of shared pieces (what /metrics answers with): many pieces of uneven sizes, some
// empty, far more than one gathered write takes (asio sends at most 64 buffers per call) and
// larger than a socket buffer.
struct PiecesFixture {
  PiecesFixture() {
    auto text = std::make_shared<std::string>();
    std::mt19937 random(7);
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (int i = 0; i < 3000; ++i) {
      const std::size_t start = text->size();
      const std::size_t length = i % 17 == 0 ? 0 : random() % 5000;
      for (std::size_t k = 0; k < length; ++k) *text += static_cast<char>('a' + (start + k) % 26);
      *text += i % 10 == 0 ? "\n" : "";
      spans.emplace_back(start, text->size() - start);
    }
    for (const auto& [start, length] : spans) {
      pieces.push_back(std::string_view(*text).substr(start, length));
    }
    expected = *text;
    owner = text;
    strong = std::move(text);
  }
  HttpResponse response() const {
    HttpResponse r;
    r.body_pieces = pieces;
    r.body_owner = owner.lock();
    return r;
  }
  std::vector<std::string_view> pieces;
  std::string expected;
  std::shared_ptr<const std::string> strong;  // the test's hold on the text, until it lets go
  std::weak_ptr<const std::string> owner;     // what the responses share
};

TEST(Server, BodyOfSharedPiecesIsSentWholeAndThenReleased) {
  PiecesFixture fixture;
  ASSERT_GT(fixture.expected.size(), 4u << 20);
  TestServer s([&](const HttpRequest&) { return fixture.response(); });
  EXPECT_EQ(fixture.response().body_text(), fixture.expected);
  // Through the client, and twice on one kept-alive connection.
  auto res = send_request({"GET", s.url("/pieces"), {}, "", 30});
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(res->body == fixture.expected);
  RawConnection c(s.port);
  ASSERT_TRUE(c.connected());
  c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
  for (int i = 0; i < 2; ++i) {
    const std::string response = c.read_response();
    EXPECT_EQ(status_of(response), 200);
    EXPECT_NE(response.find("Content-Length: " + std::to_string(fixture.expected.size()) + "\r\n"),
              std::string::npos);
    EXPECT_TRUE(body_of(response) == fixture.expected) << "response " << i;
  }
  // Once written, the server lets go of the pieces (the session does not keep a 190 MB body
  // alive until its next request).
  fixture.strong.reset();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!fixture.owner.expired() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(fixture.owner.expired());
}

TEST(Server, EmptyBodyOfPiecesHasLengthZero) {
  TestServer s([](const HttpRequest&) {
    HttpResponse r;
    r.body_pieces = {std::string_view(), std::string_view()};
    return r;
  });
  RawConnection c(s.port);
  ASSERT_TRUE(c.connected());
  c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string response = c.read_response();
  EXPECT_EQ(status_of(response), 200);
  EXPECT_NE(response.find("Content-Length: 0\r\n"), std::string::npos);
  EXPECT_EQ(body_of(response), "");
}

TEST(Server, MalformedRequestGets400AndClose) {
  TestServer s;
  RawConnection c(s.port);
  c.send("THIS IS NOT HTTP\r\n\r\n");
  std::string r = c.read_response();
  EXPECT_EQ(status_of(r), 400) << r;
  EXPECT_TRUE(c.closed_by_peer());
  RawConnection d(s.port);
  d.send("GET /x HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
  EXPECT_EQ(status_of(d.read_response()), 400);
  RawConnection e(s.port);
  e.send("GET http://elsewhere/x HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(status_of(e.read_response()), 400);
  // The server is still fine.
  auto ok = send_request({"GET", s.url("/alive"), {}, "", 5});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(Server, GarbageNeverTakesTheServerDown) {
  TestServer s;
  std::mt19937 rng(12345);  // fixed seed: the same inputs on every run
  const std::string pieces[] = {"GET ",
                                "POST ",
                                "/x",
                                " HTTP/1.1\r\n",
                                "Host: x\r\n",
                                "Content-Length: 5\r\n",
                                "Transfer-Encoding: chunked\r\n",
                                "\r\n",
                                "\n",
                                "zz\r\n",
                                "%",
                                "\x00\xff",
                                ":",
                                " "};
  for (int i = 0; i < 200; ++i) {
    std::string junk;
    int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) junk += pieces[rng() % std::size(pieces)];
    for (int k = static_cast<int>(rng() % 8); k > 0; --k) junk += static_cast<char>(rng());
    RawConnection c(s.port);
    c.send(junk + "\r\n\r\n");
    c.shutdown_write();  // an incomplete request then ends at once instead of timing out
    // Whatever the answer (400, 413, 200 or none), the connection ends or answers; never a hang.
    (void)c.read_response();
  }
  auto ok = send_request({"GET", s.url("/still-alive"), {}, "", 5});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->status, 200);
}

TEST(Server, BodyLimitGives413) {
  Limits limits;
  limits.max_body_bytes = 1000;
  TestServer s(echo, limits);
  RawConnection c(s.port);
  c.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n");
  EXPECT_EQ(status_of(c.read_response()), 413);
  // Chunked bodies are limited too.
  RawConnection d(s.port);
  d.send("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n" +
         std::string(2000, 'a') + "\r\n0\r\n\r\n");
  EXPECT_EQ(status_of(d.read_response()), 413);
  // A body under the limit passes.
  ClientRequest req{"POST", s.url("/x"), {}, std::string(1000, 'b'), 5};
  auto res = send_request(req);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(Server, HeaderLimitGives431) {
  Limits limits;
  limits.max_header_bytes = 1024;
  TestServer s(echo, limits);
  RawConnection c(s.port);
  c.send("GET /x HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'h') + "\r\n\r\n");
  EXPECT_EQ(status_of(c.read_response()), 431);
}

TEST(Server, ConnectionCapGives503) {
  Limits limits;
  limits.max_connections = 1;
  TestServer s(echo, limits);
  RawConnection first(s.port);
  first.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(status_of(first.read_response()), 200);  // accepted and counted, kept open
  // Over the cap a socket gets its 503 at once, before it sends anything, and is closed: no
  // session, no timer (the idle timeout would otherwise hold it for a minute).
  for (int i = 0; i < 50; ++i) {
    RawConnection extra(s.port);
    EXPECT_EQ(status_of(extra.read_response()), 503);
    EXPECT_TRUE(extra.closed_by_peer());
  }
  EXPECT_EQ(s.server->active_connections(), 1u);
  first.send("GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(first.read_response()), 200);
  EXPECT_TRUE(first.closed_by_peer());
}

TEST(Server, ExpectContinueIsAnswered) {
  TestServer s;
  RawConnection c(s.port);
  c.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  std::string interim = c.read_response();
  EXPECT_EQ(status_of(interim), 100);
  c.send("data");
  std::string final_response = c.read_response();
  EXPECT_EQ(status_of(final_response), 200);
  EXPECT_EQ(body_of(final_response), "POST /x body=data");
}

TEST(Server, HandlerExceptionGives500AndServerLivesOn) {
  TestServer s([](const HttpRequest& r) -> HttpResponse {
    if (r.path == "/boom") throw std::runtime_error("boom");
    return HttpResponse::text(200, "fine");
  });
  auto bad = send_request({"GET", s.url("/boom"), {}, "", 5});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 500);
  auto good = send_request({"GET", s.url("/ok"), {}, "", 5});
  ASSERT_TRUE(good);
  EXPECT_EQ(good->body, "fine");
  bool logged = false;
  for (const auto& line : s.logger.lines()) logged |= line.find("boom") != std::string::npos;
  EXPECT_TRUE(logged);
}

TEST(Server, IncompleteRequestIsClosedAfterTheRequestTimeout) {
  Limits limits;
  limits.request_timeout_seconds = 1;
  TestServer s(echo, limits);
  RawConnection c(s.port);
  c.send("GET /slow HTTP/1.1\r\nHost: x\r\n");  // never finished
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(Server, StopWithIdleConnectionsReturnsPromptly) {
  Limits limits;
  limits.max_connections = 2;
  limits.request_timeout_seconds = 30;
  limits.idle_timeout_seconds = 60;
  TestServer s(echo, limits);
  RawConnection a(s.port), b(s.port), over(s.port);
  a.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(status_of(a.read_response()), 200);
  EXPECT_EQ(status_of(over.read_response()), 503);
  const auto start = std::chrono::steady_clock::now();
  s.server->stop();
  // Every ended session wakes stop(); it never sits out a request timeout for idle sockets.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(a.closed_by_peer());
}

TEST(Server, StopFinishesRequestsInFlight) {
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false, release = false;
  TestServer s([&](const HttpRequest&) {
    std::unique_lock lock(mu);
    entered = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    return HttpResponse::text(200, "finished");
  });
  auto response = std::async(std::launch::async, [&] {
    return send_request({"GET", s.url("/slow"), {}, "", 10});
  });
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return entered; });
  }
  RawConnection idle(s.port);
  idle.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
  // idle's request may or may not reach the handler before stop; release everything.
  auto stopper = std::async(std::launch::async, [&] { s.server->stop(); });
  {
    std::lock_guard lock(mu);
    release = true;
    cv.notify_all();
  }
  stopper.get();
  auto res = response.get();
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "finished");
  // New connections are refused once stopped.
  EXPECT_FALSE(send_request({"GET", s.url("/after"), {}, "", 5}));
}

}  // namespace
}  // namespace targetwatch::http
