// ActualsStore: durable storage of actual records with every revision kept (narrow interface).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "targetwatch/model/actual.h"
#include "targetwatch/model/result.h"

namespace targetwatch {

/// Filter for reading records back; empty fields match everything.
struct ActualsQuery {
  std::optional<std::string> department;
  std::optional<std::string> project;
  std::optional<std::string> indicator;
  /// Only revisions greater than this (0: all), so a reader can catch up incrementally.
  std::int64_t after_revision = 0;
};

/// What a successful append returns.
struct AppendReceipt {
  std::int64_t first_revision = 0;  ///< revisions assigned are first..first+count-1
  std::size_t count = 0;
};

/// Storage of actual records. Implementations are thread-safe: any number of threads may call
/// any method concurrently. Records are never updated in place: a new figure for the same
/// (department, project, indicator, as_of) is a new revision.
class ActualsStore {
 public:
  virtual ~ActualsStore() = default;

  /// Stores the whole batch atomically and durably: when this returns ok, every record is on
  /// disk; on error nothing was stored. Assigns `revision` (monotonic, store-wide) and
  /// `received_unix`; `source` is set on every record.
  virtual Result<AppendReceipt> append(std::span<const ActualRecord> batch,
                                       const std::string& source) = 0;

  /// Every revision matching `query`, ascending by revision.
  virtual Result<std::vector<ActualRecord>> read(const ActualsQuery& query = {}) const = 0;

  /// Number of stored revisions.
  virtual Result<std::int64_t> count() const = 0;
};

struct SqliteStoreOptions {
  /// Commits queued appends together (one fsync) when several arrive at once. Each batch stays
  /// all-or-nothing (a savepoint per batch); each caller gets its own result.
  bool group_commit = true;
  /// Upper bound on how long a writer waits for companions before committing.
  int group_commit_window_us = 0;
  /// Most batches committed in one transaction (bounds the latency of the first caller).
  std::size_t max_group_batches = 256;
  /// How long to wait for a lock held by another process before failing.
  int busy_timeout_ms = 5000;
  /// Create the parent directory when missing. Off by default: a mistyped path should fail
  /// loudly rather than start an empty store somewhere unexpected.
  bool create_directories = false;
  /// Clock for received_unix (Unix seconds); the system clock when empty. Injected by tests.
  std::function<std::int64_t()> now;
};

/// Opens (creating and migrating as needed) an embedded SQLite store at `path` with WAL,
/// synchronous=FULL, foreign keys and a busy timeout. The schema is versioned (PRAGMA
/// user_version plus a schema_migrations table); a store written by a newer build, a file that
/// is not SQLite, or an SQLite database of another application is refused. Errors name the path
/// and the reason (SQLite's message).
Result<std::unique_ptr<ActualsStore>> open_sqlite_store(const std::string& path,
                                                        const SqliteStoreOptions& options = {});

/// The schema version this build writes (and the newest it can open).
int sqlite_store_schema_version();

/// A non-durable in-process store with the same semantics (revisions, atomic batches, query
/// order), for tests of the layers above and for a daemon run without a store path.
std::unique_ptr<ActualsStore> make_memory_store(std::function<std::int64_t()> now = {});

}  // namespace targetwatch
