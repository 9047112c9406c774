// SQLite connection and statement wrappers.
#include "sqlite_db.h"

#include <utility>

#include "record_codec.h"

namespace targetwatch::detail {

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}
void Statement::bind_static(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}
void Statement::bind(int index, double value) { sqlite3_bind_double(stmt_, index, value); }
void Statement::bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
void Statement::bind_null(int index) { sqlite3_bind_null(stmt_, index); }
int Statement::step() { return sqlite3_step(stmt_); }
void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string_view Statement::view(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  if (!p) return {};
  return {reinterpret_cast<const char*>(p),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

StoreErrorKind classify_sqlite(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return StoreErrorKind::kFull;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      return StoreErrorKind::kUnavailable;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StoreErrorKind::kConflict;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      return StoreErrorKind::kInvalid;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
      return StoreErrorKind::kCorrupt;
    default:
      return StoreErrorKind::kOther;
  }
}

Connection::Connection(Connection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Connection::~Connection() { sqlite3_close_v2(db_); }

StoreResult<Connection> Connection::open(const std::string& path, int busy_timeout_ms) {
  Connection c;
  c.path_ = path;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &c.db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    if (!c.db_) {
      return store_error(classify_sqlite(rc), path,
                         std::string("cannot open: ") + sqlite3_errstr(rc));
    }
    return c.error("cannot open", rc);
  }
  sqlite3_extended_result_codes(c.db_, 1);
  sqlite3_busy_timeout(c.db_, busy_timeout_ms);
  return c;
}

StoreError Connection::error(std::string_view what) const {
  return error(what, db_ ? sqlite3_extended_errcode(db_) : SQLITE_ERROR);
}

StoreError Connection::error(std::string_view what, int code) const {
  std::string msg(what);
  msg += ": ";
  msg += db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  return store_error(classify_sqlite(code), path_, msg);
}

StoreError Connection::error(StoreErrorKind kind, std::string_view what) const {
  return store_error(kind, path_, what);
}

StoreResult<Ok> Connection::exec(const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Ok{};
  std::string text = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  // sqlite3_exec returns the primary code; the connection knows the extended one.
  return store_error(classify_sqlite(sqlite3_extended_errcode(db_)), path_, text);
}

StoreResult<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return error("prepare", rc);
  return Statement(stmt);
}

StoreResult<std::int64_t> Connection::query_int(const char* sql) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.error();
  const int rc = stmt->step();
  if (rc != SQLITE_ROW) return error(sql, rc);
  return stmt->integer(0);
}

StoreResult<std::string> Connection::query_text(const char* sql) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.error();
  const int rc = stmt->step();
  if (rc != SQLITE_ROW) return error(sql, rc);
  return stmt->text(0);
}

}  // namespace targetwatch::detail
