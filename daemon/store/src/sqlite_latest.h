// The SQLite store's latest-revisions snapshot: the latest revision of every identity as of a
// stored revision, so that a start-up reads those and the records after them, not all history.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
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

}  // namespace targetwatch::detail
