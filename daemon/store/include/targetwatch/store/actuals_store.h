// ActualsStore: durable storage of actual records with every revision kept (narrow interface).
#pragma once

#include <cstdint>
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
  /// Commits queued appends together (one fsync) when several arrive at once.
  bool group_commit = true;
  /// Upper bound on how long a writer waits for companions before committing.
  int group_commit_window_us = 0;
};

/// Opens (creating and migrating as needed) an embedded SQLite store at `path` with WAL and
/// synchronous=FULL. Errors name the path and the reason.
Result<std::unique_ptr<ActualsStore>> open_sqlite_store(const std::string& path,
                                                        const SqliteStoreOptions& options = {});

}  // namespace targetwatch
