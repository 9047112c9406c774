// The store's versioned schema: migrations applied in order, each in its own transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sqlite_db.h"
#include "targetwatch/model/result.h"

namespace targetwatch::detail {

/// PRAGMA application_id of a targetwatch store ("TWAT").
inline constexpr std::int64_t kApplicationId = 0x54574154;

/// Newest schema version this build knows.
int latest_schema_version();

/// The values of one row of `actuals` as the writer binds them.
struct ActualsRow {
  std::string_view indicator;
  std::string_view as_of;
  double value = 0;
  std::string_view mode;
  std::optional<double> forecast;
  std::int64_t retracted = 0;
  std::string_view fund;
};

/// Whether `row` meets every CHECK constraint of `actuals` (those of migrations 1 and 2, restated
/// here, next to them). True implies that SQLite accepts the row: the writer skips SQLite's own
/// evaluation of the checks for batches whose rows all pass (PRAGMA ignore_check_constraints),
/// and lets SQLite evaluate them (and name the failure) otherwise.
bool meets_actuals_checks(const ActualsRow& row);

/// Brings the database to latest_schema_version(): refuses files of other applications and
/// newer versions; applies missing migrations (idempotent: a current store is left alone).
StoreResult<Ok> migrate(Connection& db, std::int64_t now_unix);

}  // namespace targetwatch::detail
