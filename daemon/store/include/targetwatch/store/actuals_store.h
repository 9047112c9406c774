// ActualsStore: durable storage of actual records with every revision kept (narrow interface).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/model/actual.h"
#include "targetwatch/model/result.h"

namespace targetwatch {

/// What kind of failure a store reports, so callers can answer without parsing messages.
enum class StoreErrorKind {
  kUnavailable,  ///< the database cannot be reached now (connection lost, timeout, I/O error)
  kFull,         ///< out of disk space or memory on the database side
  kConflict,     ///< lock contention or a serialization failure; the same call may succeed later
  kInvalid,      ///< the batch breaks a constraint of the schema (a non-finite number, ...)
  kCorrupt,      ///< the stored data or schema is damaged or not a targetwatch store
  kOther,        ///< anything else (a bug, a refused configuration, ...)
};
std::string_view to_string(StoreErrorKind kind);  ///< "unavailable", "full", ...

/// True for the kinds worth retrying later (unavailable, full, conflict): a daemon answers
/// these with 503 and Retry-After, everything else with 500.
bool is_retryable(StoreErrorKind kind);

/// A store failure: a machine-readable kind and a message that names the store (path, or
/// host/database, never a password) and the reason.
struct StoreError {
  StoreErrorKind kind = StoreErrorKind::kOther;
  std::string message;
};

template <typename T>
using StoreResult = Result<T, StoreError>;

/// Filter for reading records back; empty fields match everything. Records always come in
/// ascending revision order, so `after_revision` plus `limit` pages through them: the next page
/// starts after the last revision of this one.
struct ActualsQuery {
  std::optional<std::string> department;
  std::optional<std::string> project;
  std::optional<std::string> indicator;
  /// Only records of these departments (a reader's scope; empty: none). Applied by the query
  /// itself, so that a page of `limit` records holds only what the reader may see.
  std::optional<std::vector<std::string>> departments;
  /// Only revisions greater than this (0: all), so a reader can catch up incrementally.
  std::int64_t after_revision = 0;
  /// At most this many records (the lowest revisions that match); nullopt: every one.
  std::optional<std::size_t> limit;
};

/// What a successful append returns.
struct AppendReceipt {
  std::int64_t first_revision = 0;  ///< revisions assigned are first..first+count-1
  std::size_t count = 0;
  /// The receipt time the store recorded for every record of the batch (unix seconds), so the
  /// caller knows the stored copies without reading them back. 0 when the backend cannot say.
  std::int64_t received_unix = 0;
};

/// What ChangeFeed::wait saw.
struct ChangeNotice {
  /// Something may have been committed since the previous wait (or the feed reconnected and
  /// cannot know): read ActualsQuery{.after_revision = last revision seen} now.
  bool changed = false;
  /// Highest revision announced by the notifications (0: unknown). A hint only; the read is
  /// what counts.
  std::int64_t last_revision = 0;
};

/// Wake-ups for commits by any store object on the same data: other processes for PostgreSQL
/// (LISTEN/NOTIFY) and SQLite (the file's data_version), this object for the memory store.
/// One thread uses a feed at a time; the store may be destroyed before the feed.
class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
  /// Waits at most `timeout` for a commit. Notifications arriving while nobody waits are kept
  /// and coalesced. Fails with kUnavailable while the database is unreachable (the next call
  /// retries, and after a reconnect reports changed, since notifications may have been lost).
  virtual StoreResult<ChangeNotice> wait(std::chrono::milliseconds timeout) = 0;
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
  /// Revisions become visible to readers in revision order (a reader never sees a revision
  /// before every smaller one), so reading `after_revision` the last one seen misses nothing.
  virtual StoreResult<AppendReceipt> append(std::span<const ActualRecord> batch,
                                            const std::string& source) = 0;

  /// The revisions matching `query`, ascending by revision (at most query.limit of them).
  virtual StoreResult<std::vector<ActualRecord>> read(const ActualsQuery& query = {}) const = 0;

  /// The same records as read(query), handed to `take` in chunks of at most `chunk_size`
  /// records, in order, so that a caller indexing the whole store (start-up) never holds every
  /// record twice. On an error `take` may have seen some chunks. The default reads everything
  /// and hands it over as one chunk.
  virtual StoreResult<Ok> read_chunks(
      const ActualsQuery& query, std::size_t chunk_size,
      const std::function<void(std::vector<ActualRecord>&&)>& take) const;

  /// What a start-up needs to rebuild the current figures, in chunks as read_chunks does: the
  /// records that can still win, in revision order. A backend that keeps the latest revision
  /// of every identity as of some revision hands those, then every record after it; an index
  /// built from them equals one built from every record (revisions only grow, so a superseded
  /// revision never wins again). The default hands every record. Returns how many records are
  /// stored, superseded ones included.
  virtual StoreResult<std::int64_t> read_latest(
      std::size_t chunk_size, const std::function<void(std::vector<ActualRecord>&&)>& take) const;

  /// Number of stored revisions.
  virtual StoreResult<std::int64_t> count() const = 0;

  /// Whether the store can serve requests now (for /readyz): a round trip to the database.
  virtual StoreResult<Ok> ping() const = 0;

  /// A feed of commits, for keeping an in-memory view current. Subscribe before the initial
  /// read so that no commit falls between the two.
  virtual std::unique_ptr<ChangeFeed> subscribe() const = 0;
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
  /// The latest-revisions snapshot a start-up reads (read_latest) is brought up to date at
  /// close, and while open after this many appended records once appends pause for
  /// snapshot_quiet_ms (so that a crash costs the next start-up little).
  std::size_t snapshot_every_records = 100000;
  int snapshot_quiet_ms = 2000;
};

/// Opens (creating and migrating as needed) an embedded SQLite store at `path` with WAL,
/// synchronous=FULL, foreign keys and a busy timeout. The schema is versioned (PRAGMA
/// user_version plus a schema_migrations table); a store written by a newer build, a file that
/// is not SQLite, or an SQLite database of another application is refused. Errors name the path
/// and the reason (SQLite's message).
StoreResult<std::unique_ptr<ActualsStore>> open_sqlite_store(
    const std::string& path, const SqliteStoreOptions& options = {});

/// The schema version this build writes (and the newest it can open).
int sqlite_store_schema_version();

struct PostgresStoreOptions {
  /// Most connections used for appends and reads (the change feed has its own).
  std::size_t pool_size = 4;
  /// Limit on connecting (rounded up to whole seconds, at least 2: libpq's granularity).
  int connect_timeout_ms = 5000;
  /// Limit on one statement, enforced by the server (statement_timeout) and by the client,
  /// which gives up on a silent server after this plus a second and drops the connection.
  int statement_timeout_ms = 5000;
  /// After a failed connection attempt, calls fail at once with kUnavailable for this long,
  /// doubling on each further failure up to the maximum; a success resets it.
  int reconnect_backoff_initial_ms = 100;
  int reconnect_backoff_max_ms = 2000;
  /// Clock for received_unix (Unix seconds); the system clock when empty. Injected by tests.
  std::function<std::int64_t()> now;
};

/// Opens a store on a PostgreSQL database, given as a libpq URL or key=value string
/// ("postgresql://user:secret@db.example:5432/targetwatch?sslmode=require"), and migrates its
/// schema (versioned in schema_migrations, under an advisory lock so that daemons starting
/// together do not race). Each append is one transaction: revisions come from a sequence while
/// a transaction-scoped advisory lock is held, so commits become visible in revision order; the
/// commit sends NOTIFY targetwatch_actuals, '<first>-<last>'. Fails with kUnavailable when the
/// database cannot be reached (the caller may retry), naming host and database, never the
/// password. When the connection breaks during COMMIT the append reports kUnavailable although
/// the batch may have been stored: a retry then stores its figures again as later revisions
/// (harmless, the newest revision of an identity wins and carries the same figure).
StoreResult<std::unique_ptr<ActualsStore>> open_postgres_store(
    const std::string& url, const PostgresStoreOptions& options = {});

/// The PostgreSQL schema version this build writes (and the newest it can open).
int postgres_store_schema_version();

/// The channel of the store's notifications.
inline constexpr std::string_view kPostgresChangeChannel = "targetwatch_actuals";

/// A non-durable in-process store with the same semantics (revisions, atomic batches, query
/// order), for tests of the layers above and for a daemon run without a store path.
std::unique_ptr<ActualsStore> make_memory_store(std::function<std::int64_t()> now = {});

}  // namespace targetwatch
