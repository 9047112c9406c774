// Thin RAII wrappers over SQLite connections and statements whose errors name the store's path.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "targetwatch/store/actuals_store.h"

namespace targetwatch::detail {

/// A prepared statement; finalized on destruction. Not thread-safe (belongs to one connection).
class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  sqlite3_stmt* get() const { return stmt_; }
  void bind(int index, std::string_view text);  ///< copied by SQLite
  /// Not copied: `text` must stay valid and unchanged until the statement is reset.
  void bind_static(int index, std::string_view text);
  void bind(int index, double value);
  void bind(int index, std::int64_t value);
  void bind_null(int index);
  /// SQLITE_ROW, SQLITE_DONE or an error code.
  int step();
  void reset();
  std::string text(int column) const;
  /// The column's text without a copy; valid until the next step() or reset().
  std::string_view view(int column) const;
  double real(int column) const { return sqlite3_column_double(stmt_, column); }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

/// The kind of an SQLite result code (extended or primary).
StoreErrorKind classify_sqlite(int code);

/// One connection. Used by one thread at a time (opened with SQLITE_OPEN_NOMUTEX).
class Connection {
 public:
  Connection() = default;
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  /// Opens `path` read-write (creating it) and applies the per-connection settings.
  static StoreResult<Connection> open(const std::string& path, int busy_timeout_ms);

  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }
  /// "store <path>: <what>: <SQLite message>", of the kind the code says.
  StoreError error(std::string_view what) const;
  StoreError error(std::string_view what, int code) const;
  /// An error of this store that SQLite did not report (kind given).
  StoreError error(StoreErrorKind kind, std::string_view what) const;
  StoreResult<Ok> exec(const char* sql);
  StoreResult<Statement> prepare(std::string_view sql);
  /// Runs a query returning one integer (e.g. a PRAGMA).
  StoreResult<std::int64_t> query_int(const char* sql);
  StoreResult<std::string> query_text(const char* sql);

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace targetwatch::detail
