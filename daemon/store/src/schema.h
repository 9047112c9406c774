// The store's versioned schema: migrations applied in order, each in its own transaction.
#pragma once

#include <cstdint>

#include "sqlite_db.h"
#include "targetwatch/model/result.h"

namespace targetwatch::detail {

/// PRAGMA application_id of a targetwatch store ("TWAT").
inline constexpr std::int64_t kApplicationId = 0x54574154;

/// Newest schema version this build knows.
int latest_schema_version();

/// Brings the database to latest_schema_version(): refuses files of other applications and
/// newer versions; applies missing migrations (idempotent: a current store is left alone).
StoreResult<Ok> migrate(Connection& db, std::int64_t now_unix);

}  // namespace targetwatch::detail
