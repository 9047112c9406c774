// Thin RAII wrappers over libpq: one connection with client-side deadlines, its results, and
// errors that name the server and database (never the password) with a machine-readable kind.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "targetwatch/store/actuals_store.h"

namespace targetwatch::detail {

/// Where to connect, parsed once from the URL the operator gave.
struct PgTarget {
  std::string conninfo;  ///< the URL or key=value string as given (may hold the password)
  std::string where;     ///< "postgresql://user@host:port/db", for messages
  std::string secret;    ///< the password, to scrub from any message
  int connect_timeout_s = 5;
  int statement_timeout_ms = 5000;
};

/// Parses `url` with libpq's own parser. Fails (kOther) on a malformed URL.
StoreResult<PgTarget> parse_pg_target(const std::string& url, int connect_timeout_ms,
                                      int statement_timeout_ms);

/// The kind of an SQLSTATE ("" when the server sent none: a lost connection).
StoreErrorKind classify_sqlstate(std::string_view sqlstate);

/// An owned PGresult.
class PgResult {
 public:
  explicit PgResult(PGresult* r = nullptr) : r_(r) {}
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  PgResult& operator=(PgResult&& o) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult() { PQclear(r_); }

  int rows() const { return PQntuples(r_); }
  std::string_view text(int row, int column) const {
    return {PQgetvalue(r_, row, column), static_cast<std::size_t>(PQgetlength(r_, row, column))};
  }
  bool is_null(int row, int column) const { return PQgetisnull(r_, row, column) == 1; }
  /// The integer in the first column of the first row.
  std::int64_t first_int() const;

 private:
  PGresult* r_;
};

/// One connection. Used by one thread at a time.
class PgConn {
 public:
  /// Connects, with the target's connect timeout, UTF-8 and the statement timeout set.
  static StoreResult<std::unique_ptr<PgConn>> connect(const PgTarget& target);
  ~PgConn();
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  /// Runs one statement with text parameters (nullptr: NULL). Waits at most the statement
  /// timeout plus a second for the answer; on a silent server the connection is dropped.
  StoreResult<PgResult> exec(std::string_view what, const char* sql,
                             std::span<const char* const> params = {});
  /// Runs `COPY ... FROM STDIN` (`sql`) and sends `data` (COPY text format) as its rows,
  /// with the same deadline as exec.
  StoreResult<PgResult> copy_in(std::string_view what, const char* sql, std::string_view data);
  /// Runs a script of several statements without parameters (migrations).
  StoreResult<PgResult> exec_script(std::string_view what, const char* sql);

  /// False once the connection is known to be lost; such a connection is discarded.
  bool healthy() const { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }
  /// Reads whatever the server sent meanwhile (a shutdown notice, an EOF); false if lost.
  bool check_alive();
  /// Waits until the server sends something or `timeout` passes; false if the connection was
  /// lost. Notifications are then available from PQnotifies(get()).
  bool wait_readable(std::chrono::milliseconds timeout);

  PGconn* get() const { return conn_; }
  StoreError error(StoreErrorKind kind, std::string_view what) const;

 private:
  PgConn(PGconn* conn, const PgTarget& target) : conn_(conn), target_(&target) {}
  using Deadline = std::chrono::steady_clock::time_point;
  Deadline deadline() const;
  StoreResult<PgResult> finish(std::string_view what, bool sent);
  StoreResult<PgResult> collect(std::string_view what, Deadline until, bool until_copy);
  StoreError timed_out(std::string_view what);
  StoreError libpq_error(std::string_view what, std::string_view sqlstate);

  PGconn* conn_;
  const PgTarget* target_;  // owned by the store or feed, which outlives its connections
  bool broken_ = false;
};

}  // namespace targetwatch::detail
