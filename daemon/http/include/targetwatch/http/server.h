// Server: the HTTP/1.1 listener (Boost.Beast behind a pimpl) that feeds requests to a Handler.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "targetwatch/config/settings.h"
#include "targetwatch/core/log.h"
#include "targetwatch/http/router.h"
#include "targetwatch/model/result.h"

namespace targetwatch::http {

using core::Logger;

/// PEM files of the server's TLS identity; empty cert_file = plain TCP.
struct TlsFiles {
  std::string cert_file;       ///< certificate chain
  std::string key_file;        ///< private key
  std::string client_ca_file;  ///< "" = no client certificates; else they are required (mTLS)
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 9464;  ///< 0 picks a free port (see Server::port)
  int threads = 0;            ///< I/O threads; 0 = hardware concurrency
  /// Threads that run handlers (which may block on the store's fsync); 0 = max(4, 2 x threads).
  int handler_threads = 0;
  Limits limits;
  TlsFiles tls;  ///< TLS 1.2 or newer when set
};

/// HTTP/1.1 server with keep-alive. Each connection is served on its own strand: requests are
/// read with a header limit (431), a body limit (413), an idle timeout between requests and a
/// request timeout per request; malformed requests get 400 and the connection is closed; beyond
/// max_connections new connections get 503. Handlers run on a separate pool and may block; a
/// handler that throws answers 500. Thread-safety: start/stop from one thread.
class Server {
 public:
  Server(ServerOptions options, Handler handler, Logger& logger);
  ~Server();  ///< stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds, listens and starts the threads. Returns the bound port; error names the address.
  Result<std::uint16_t> start();
  /// Stops accepting, closes idle connections, lets requests in flight finish (bounded by
  /// limits.shutdown_timeout_seconds), then joins every thread. Idempotent.
  void stop();
  /// Reads the TLS files again (SIGHUP: renewed certificates); new connections use them, open
  /// ones keep theirs. On error the previous identity stays and the error names the file.
  Result<Ok> reload_tls(const TlsFiles& files);
  std::uint16_t port() const;
  std::size_t active_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace targetwatch::http
