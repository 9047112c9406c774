// A throw-away PostgreSQL server for tests: initdb into a temporary directory (as the unprivileged
// `postgres` user when running as root), listening on a free loopback port, stopped at the end.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace targetwatch::testing {

class PostgresServer {
 public:
  /// Starts a server; on failure `reason` says why (PostgreSQL not installed, ...), so that the
  /// caller can skip with it.
  /// `durable` keeps fsync on (for measurements); tests run without it: a killed server keeps
  /// what it wrote in the kernel's cache, and databases are created and dropped much faster.
  static std::unique_ptr<PostgresServer> start(std::string& reason, bool durable = false);
  /// The one server of this test process (not durable), started on first use (nullptr and
  /// `reason` when it cannot be); stopped when the process exits normally.
  static PostgresServer* shared(std::string& reason);

  ~PostgresServer();  // pg_ctl stop -m fast, then removes the directory
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  /// A libpq URL of database `db` on this server (user postgres, trust authentication).
  std::string url(const std::string& db) const;
  /// A URL whose objects live in a new, empty schema (search_path set in the URL): a fresh
  /// store per test, much faster than CREATE DATABASE. Empty on failure.
  std::string create_database();
  int port() const { return port_; }

  /// Kills the server the hard way (pg_ctl stop -m immediate: no checkpoint, like a crash).
  bool kill_immediately();
  /// Starts it again on the same port and data directory (after kill_immediately).
  bool restart();

 private:
  PostgresServer() = default;
  bool run(const std::string& what, std::initializer_list<std::string> args, std::string& reason);
  bool start_server(std::string& reason);
  void start_watchdog();

  std::filesystem::path bin_;  // /usr/lib/postgresql/<version>/bin
  std::filesystem::path dir_;  // data/, the socket and the log live here
  bool as_postgres_ = false;   // running as root: run the server binaries as `postgres`
  int port_ = 0;
  bool running_ = false;
  bool durable_ = false;
  int databases_ = 0;
  int watchdog_fd_ = -1;  // write end of the watchdog's pipe; its closing means "clean up"
};

}  // namespace targetwatch::testing
