// SQLite connection and statement wrappers.
#include "sqlite_db.h"

#include <utility>

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

Result<Connection> Connection::open(const std::string& path, int busy_timeout_ms) {
  Connection c;
  c.path_ = path;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &c.db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    if (!c.db_) return Error{"store " + path + ": cannot open: " + sqlite3_errstr(rc)};
    return c.error("cannot open", rc);
  }
  sqlite3_extended_result_codes(c.db_, 1);
  sqlite3_busy_timeout(c.db_, busy_timeout_ms);
  return c;
}

Error Connection::error(std::string_view what) const {
  return error(what, db_ ? sqlite3_extended_errcode(db_) : SQLITE_ERROR);
}

Error Connection::error(std::string_view what, int code) const {
  std::string msg = "store " + path_ + ": ";
  msg += what;
  msg += ": ";
  msg += db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  return Error{std::move(msg)};
}

Result<Ok> Connection::exec(const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Ok{};
  std::string text = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return Error{"store " + path_ + ": " + text};
}

Result<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return error("prepare", rc);
  return Statement(stmt);
}

Result<std::int64_t> Connection::query_int(const char* sql) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.error();
  const int rc = stmt->step();
  if (rc != SQLITE_ROW) return error(sql, rc);
  return stmt->integer(0);
}

Result<std::string> Connection::query_text(const char* sql) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.error();
  const int rc = stmt->step();
  if (rc != SQLITE_ROW) return error(sql, rc);
  return stmt->text(0);
}

}  // namespace targetwatch::detail
