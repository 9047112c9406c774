// The PostgreSQL store's versioned schema: migrations applied in order under an advisory lock.
#pragma once

#include "pg_conn.h"

namespace targetwatch::detail {

/// Advisory lock keys (pg_advisory_xact_lock(kPgLockSpace, key)): "TWAT" and a purpose.
inline constexpr int kPgLockSpace = 0x54574154;
inline constexpr int kPgMigrationLock = 1;
inline constexpr int kPgAppendLock = 2;

/// Newest schema version this build knows.
int latest_pg_schema_version();

/// Brings the database to latest_pg_schema_version() in one transaction, holding the migration
/// lock so that daemons starting together apply each migration once. Refuses newer versions.
StoreResult<Ok> migrate_pg(PgConn& db);

}  // namespace targetwatch::detail
