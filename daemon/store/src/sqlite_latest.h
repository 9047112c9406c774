// The SQLite store's latest-revisions snapshot: the latest revision of every identity as of a
// stored revision, so that a start-up reads those and the records after them, not all history.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "sqlite_db.h"

namespace targetwatch::detail {

/// The snapshot row (migration 4): `revisions` were the latest of their identities (department,
/// project, indicator, as_of, fund) among the records up to `up_to_revision`. `edits` counts
/// deletions and updates of actuals (the triggers reset the snapshot on each), so a refresh
/// computed before one is never saved after it.
struct LatestSnapshot {
  std::int64_t up_to_revision = 0;      ///< 0 when reset or unreadable: read everything
  std::vector<std::int64_t> revisions;  ///< ascending
  std::int64_t edits = 0;
  std::int64_t saved_up_to = 0;  ///< as stored, even when unreadable: a refresh saves over it
};

/// Ascending revisions: a format byte, their count, the deltas (LEB128 varints), a checksum.
std::string encode_revisions(std::span<const std::int64_t> ascending);
/// nullopt for anything encode_revisions could not have written (format, truncation, damage,
/// order).
std::optional<std::vector<std::int64_t>> decode_revisions(std::string_view bytes);

/// Reads the snapshot inside the caller's transaction. A malformed one reads as empty (up to
/// revision 0: everything after it is the tail).
StoreResult<LatestSnapshot> load_latest_snapshot(Connection& db);

/// Brings the snapshot up to the store's last revision: the saved one plus the records after
/// it, read in one read transaction on `db` (never the writer's lock), then saved in a short
/// write unless the actuals were edited or another refresh saved first meanwhile. Cost: one
/// look-up per saved revision and one read of each newer record's identity.
StoreResult<Ok> refresh_latest_snapshot(Connection& db);

/// Keeps the snapshot near the end of the store while it is open, so that a start-up after a
/// crash (which skips the refresh at close) reads little more than one after a clean stop: once
/// `every` records were appended since the last refresh and appends then pause for `quiet`, it
/// refreshes on a connection of its own, in its own thread.
class LatestSnapshotKeeper {
 public:
  using Opener = std::function<StoreResult<Connection>()>;
  LatestSnapshotKeeper(Opener open, std::size_t every, std::chrono::milliseconds quiet);
  LatestSnapshotKeeper(const LatestSnapshotKeeper&) = delete;
  LatestSnapshotKeeper& operator=(const LatestSnapshotKeeper&) = delete;
  ~LatestSnapshotKeeper();  ///< a refresh under way finishes first

  void appended(std::size_t records);  ///< cheap: counts, wakes the thread when one is due

 private:
  void run();

  const Opener open_;
  const std::size_t every_;
  const std::chrono::milliseconds quiet_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t pending_ = 0;    // records appended since the last refresh began
  std::uint64_t appends_ = 0;  // appends ever, to see a pause
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace targetwatch::detail
