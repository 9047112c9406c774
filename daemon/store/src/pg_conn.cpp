// libpq connection wrapper: deadlines via non-blocking sends and poll(), error classification.
#include "pg_conn.h"

#include <poll.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "record_codec.h"

namespace targetwatch::detail {
namespace {

// Replaces every occurrence of the password (defence in depth: libpq does not echo it, but a
// server or a future libpq might).
std::string scrub(std::string text, const std::string& secret) {
  if (secret.size() < 4) return text;  // shorter strings would mangle ordinary words
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

// The password of "scheme://user:password@host...", found without libpq, so that even a URL
// libpq cannot parse is not echoed with it.
std::string url_password(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  const auto at = url.find('@', scheme + 3);
  if (at == std::string::npos) return {};
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return {};
  return url.substr(colon + 1, at - colon - 1);
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

StoreResult<PgTarget> parse_pg_target(const std::string& url, int connect_timeout_ms,
                                      int statement_timeout_ms) {
  PgTarget t;
  t.conninfo = url;
  t.secret = url_password(url);
  t.connect_timeout_s = std::max(2, (connect_timeout_ms + 999) / 1000);
  t.statement_timeout_ms = std::max(1, statement_timeout_ms);
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (!opts) {
    std::string reason = err ? trim(err) : "out of memory";
    PQfreemem(err);
    return StoreError{StoreErrorKind::kOther,
                      "store: not a PostgreSQL URL: " + scrub(reason, t.secret)};
  }
  std::string host, hostaddr, port, dbname, user;
  for (auto* o = opts; o->keyword; ++o) {
    const std::string_view k = o->keyword;
    const std::string v = o->val ? o->val : "";
    if (k == "host") host = v;
    if (k == "hostaddr") hostaddr = v;
    if (k == "port") port = v;
    if (k == "dbname") dbname = v;
    if (k == "user") user = v;
    if (k == "password" && !v.empty()) t.secret = v;
  }
  PQconninfoFree(opts);
  if (host.empty()) host = hostaddr.empty() ? "localhost" : hostaddr;
  t.where = "postgresql://" + (user.empty() ? "" : user + "@") + host + ":" +
            (port.empty() ? "5432" : port) + "/" + (dbname.empty() ? user : dbname);
  return t;
}

StoreErrorKind classify_sqlstate(std::string_view s) {
  if (s.size() != 5) return StoreErrorKind::kUnavailable;  // no answer: the connection is gone
  const auto cls = s.substr(0, 2);
  if (cls == "08" || cls == "58" || s == "57014" || s.starts_with("57P") || s == "53300") {
    return StoreErrorKind::kUnavailable;  // connection, I/O, timeout, shutdown, too many clients
  }
  if (s == "53100" || s == "53200") return StoreErrorKind::kFull;
  if (cls == "40" || s == "55P03") return StoreErrorKind::kConflict;
  if (cls == "22" || cls == "23") return StoreErrorKind::kInvalid;
  if (s == "XX001" || s == "XX002") return StoreErrorKind::kCorrupt;
  return StoreErrorKind::kOther;
}

PgResult& PgResult::operator=(PgResult&& o) noexcept {
  if (this != &o) {
    PQclear(r_);
    r_ = std::exchange(o.r_, nullptr);
  }
  return *this;
}

std::int64_t PgResult::first_int() const {
  std::int64_t v = 0;
  if (rows() > 0) {
    const auto t = text(0, 0);
    std::from_chars(t.data(), t.data() + t.size(), v);
  }
  return v;
}

StoreResult<std::unique_ptr<PgConn>> PgConn::connect(const PgTarget& target) {
  const std::string timeout = std::to_string(target.connect_timeout_s);
  // The operator's string comes first and is expanded; the keywords after it override it.
  const char* keys[] = {"dbname", "connect_timeout", "client_encoding", "fallback_application_name",
                        nullptr};
  const char* values[] = {target.conninfo.c_str(), timeout.c_str(), "UTF8", "targetwatchd",
                          nullptr};
  PGconn* raw = PQconnectdbParams(keys, values, 1);
  if (!raw) return StoreError{StoreErrorKind::kFull, "store " + target.where + ": out of memory"};
  std::unique_ptr<PgConn> conn(new PgConn(raw, target));
  // Server notices (CREATE ... IF NOT EXISTS, shutdown warnings) would go to stderr unasked;
  // failures reach the caller as errors instead.
  PQsetNoticeProcessor(
      raw, [](void*, const char*) {}, nullptr);
  if (PQstatus(raw) != CONNECTION_OK) {
    return store_error(StoreErrorKind::kUnavailable, target.where,
                       "cannot connect: " + scrub(trim(PQerrorMessage(raw)), target.secret));
  }
  // The client still waits on its own clock (exec): a server that stops answering entirely
  // cannot enforce its statement_timeout.
  const std::string ms = std::to_string(target.statement_timeout_ms);
  const char* params[] = {ms.c_str()};
  if (auto r = conn->exec("set statement_timeout",
                          "SELECT set_config('statement_timeout', $1, false)", params);
      !r) {
    return r.error();
  }
  if (PQsetnonblocking(raw, 1) != 0) {
    return conn->error(StoreErrorKind::kOther, "cannot make the connection non-blocking");
  }
  return conn;
}

PgConn::~PgConn() { PQfinish(conn_); }

StoreError PgConn::error(StoreErrorKind kind, std::string_view what) const {
  return store_error(kind, target_->where, what);
}

StoreError PgConn::libpq_error(std::string_view what, std::string_view sqlstate) {
  const auto kind = classify_sqlstate(sqlstate);
  if (PQstatus(conn_) != CONNECTION_OK || sqlstate.empty()) broken_ = true;
  std::string msg(what);
  msg += ": ";
  msg += scrub(trim(PQerrorMessage(conn_)), target_->secret);
  return error(kind, msg);
}

bool PgConn::wait_readable(std::chrono::milliseconds timeout) {
  pollfd p{PQsocket(conn_), POLLIN, 0};
  if (p.fd < 0) return !(broken_ = true);
  const int n = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(0, timeout.count())));
  if (n > 0 && PQconsumeInput(conn_) == 0) broken_ = true;
  return healthy();
}

bool PgConn::check_alive() { return wait_readable(std::chrono::milliseconds(0)); }

StoreResult<PgResult> PgConn::exec(std::string_view what, const char* sql,
                                   std::span<const char* const> params) {
  const bool sent = PQsendQueryParams(conn_, sql, static_cast<int>(params.size()), nullptr,
                                      params.data(), nullptr, nullptr, 0) == 1;
  return finish(what, sent);
}

StoreResult<PgResult> PgConn::exec_script(std::string_view what, const char* sql) {
  return finish(what, PQsendQuery(conn_, sql) == 1);
}

namespace {

int millis_until(std::chrono::steady_clock::time_point deadline) {
  return static_cast<int>(std::max<std::int64_t>(
      0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                               std::chrono::steady_clock::now())
             .count()));
}

}  // namespace

PgConn::Deadline PgConn::deadline() const {
  return std::chrono::steady_clock::now() +
         std::chrono::milliseconds(target_->statement_timeout_ms) + std::chrono::seconds(1);
}

StoreError PgConn::timed_out(std::string_view what) {
  broken_ = true;  // the answer may still come; the connection cannot be reused
  return error(StoreErrorKind::kUnavailable,
               std::string(what) + ": no answer from the server within " +
                   std::to_string(target_->statement_timeout_ms + 1000) + " ms");
}

StoreResult<PgResult> PgConn::finish(std::string_view what, bool sent) {
  if (!sent) return libpq_error(what, "");
  return collect(what, deadline(), false);
}

StoreResult<PgResult> PgConn::copy_in(std::string_view what, const char* sql,
                                      std::string_view data) {
  const auto until = deadline();
  if (PQsendQuery(conn_, sql) != 1) return libpq_error(what, "");
  auto started = collect(what, until, true);
  if (!started) return started.error();
  // Non-blocking: PQputCopyData answers 0 while libpq's buffer is full; wait until the socket
  // takes more.
  auto wait_writable = [&]() -> bool {
    pollfd p{PQsocket(conn_), POLLIN | POLLOUT, 0};
    if (::poll(&p, 1, millis_until(until)) <= 0) return false;
    if ((p.revents & POLLIN) && PQconsumeInput(conn_) == 0) return false;
    return PQflush(conn_) >= 0;
  };
  constexpr std::size_t kPiece = 1 << 16;
  for (std::size_t at = 0; at < data.size();) {
    const std::size_t n = std::min(kPiece, data.size() - at);
    const int rc = PQputCopyData(conn_, data.data() + at, static_cast<int>(n));
    if (rc < 0) return libpq_error(what, "");
    if (rc == 1) {
      at += n;
    } else if (!wait_writable()) {
      return PQstatus(conn_) == CONNECTION_OK ? timed_out(what) : libpq_error(what, "");
    }
  }
  for (;;) {
    const int rc = PQputCopyEnd(conn_, nullptr);
    if (rc < 0) return libpq_error(what, "");
    if (rc == 1) break;
    if (!wait_writable()) {
      return PQstatus(conn_) == CONNECTION_OK ? timed_out(what) : libpq_error(what, "");
    }
  }
  return collect(what, until, false);
}

// Flushes the request and collects every result before the deadline; keeps the first error.
// With `until_copy`, stops at the server's invitation to send COPY data.
StoreResult<PgResult> PgConn::collect(std::string_view what, Deadline until, bool until_copy) {
  for (;;) {
    const int f = PQflush(conn_);
    if (f == 0) break;
    if (f < 0) return libpq_error(what, "");
    pollfd p{PQsocket(conn_), POLLIN | POLLOUT, 0};
    if (::poll(&p, 1, millis_until(until)) <= 0) return timed_out(what);
    if ((p.revents & POLLIN) && PQconsumeInput(conn_) == 0) return libpq_error(what, "");
  }
  PgResult last;
  std::optional<StoreError> failure;
  for (;;) {
    while (PQisBusy(conn_)) {
      pollfd p{PQsocket(conn_), POLLIN, 0};
      if (::poll(&p, 1, millis_until(until)) <= 0) return timed_out(what);
      if (PQconsumeInput(conn_) == 0) return libpq_error(what, "");
    }
    PGresult* r = PQgetResult(conn_);
    if (!r) break;
    const auto status = PQresultStatus(r);
    if (status == PGRES_COPY_IN && until_copy && !failure) return PgResult(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && !failure) {
      const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
      std::string msg(what);
      msg += ": ";
      msg += scrub(trim(PQresultErrorMessage(r)), target_->secret);
      for (const auto field : {PG_DIAG_MESSAGE_DETAIL, PG_DIAG_CONTEXT}) {
        if (const char* extra = PQresultErrorField(r, field)) {
          msg += " (";
          msg += scrub(extra, target_->secret);
          msg += ")";
        }
      }
      failure = error(classify_sqlstate(state ? state : ""), msg);
      if (!state || PQstatus(conn_) != CONNECTION_OK) broken_ = true;
    }
    last = PgResult(r);
  }
  if (PQstatus(conn_) != CONNECTION_OK) {
    broken_ = true;
    if (!failure) return libpq_error(what, "");
  }
  if (failure) return *failure;
  if (until_copy) return error(StoreErrorKind::kOther, std::string(what) + ": COPY did not start");
  return last;
}

}  // namespace targetwatch::detail
