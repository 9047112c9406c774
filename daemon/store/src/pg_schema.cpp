// Schema migrations of the PostgreSQL store. Append new migrations; never edit a released one.
#include "pg_schema.h"

#include <array>
#include <string>

namespace targetwatch::detail {
namespace {

// Index i holds migration i + 1. The same rules as the SQLite schema: revisions are rows that are
// never updated or deleted, and CHECK constraints keep impossible values out. In PostgreSQL NaN
// sorts above Infinity, so "< 'Infinity'" also refuses NaN.
constexpr std::array<const char*, 1> kMigrations{
    R"sql(
CREATE SEQUENCE actuals_revision_seq AS BIGINT;
CREATE TABLE batches (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source TEXT NOT NULL,
  received_unix BIGINT NOT NULL,
  record_count INTEGER NOT NULL CHECK (record_count > 0)
);
CREATE TABLE actuals (
  revision BIGINT PRIMARY KEY DEFAULT nextval('actuals_revision_seq'),
  department TEXT NOT NULL,
  project TEXT NOT NULL,
  indicator TEXT NOT NULL CHECK (indicator <> ''),
  as_of DATE NOT NULL,
  value DOUBLE PRECISION NOT NULL CHECK (value > '-Infinity' AND value < 'Infinity'),
  mode TEXT NOT NULL CHECK (mode IN ('cumulative', 'increment')),
  unit TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  cause TEXT NOT NULL DEFAULT '',
  likelihood TEXT NOT NULL DEFAULT '',
  forecast DOUBLE PRECISION
    CHECK (forecast IS NULL OR (forecast > '-Infinity' AND forecast < 'Infinity')),
  measure TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  received_unix BIGINT NOT NULL,
  batch_id BIGINT NOT NULL REFERENCES batches (id),
  retracted BOOLEAN NOT NULL DEFAULT false,
  fund TEXT NOT NULL DEFAULT 'total' CHECK (fund IN ('total', 'fiscal', 'other'))
);
ALTER SEQUENCE actuals_revision_seq OWNED BY actuals.revision;
CREATE INDEX actuals_by_series ON actuals (department, project, indicator, as_of);
-- Readers filter by project/indicator without a department (GET /api/v1/actuals).
CREATE INDEX actuals_by_project ON actuals (project, indicator);
CREATE INDEX actuals_by_batch ON actuals (batch_id);
)sql",
};

}  // namespace

int latest_pg_schema_version() { return static_cast<int>(kMigrations.size()); }

StoreResult<Ok> migrate_pg(PgConn& db) {
  if (auto r = db.exec("migrate", "BEGIN"); !r) return r.error();
  auto fail = [&](StoreError e) -> StoreResult<Ok> {
    if (db.healthy()) (void)db.exec("migrate", "ROLLBACK");
    return e;
  };
  const std::string space = std::to_string(kPgLockSpace);
  const std::string key = std::to_string(kPgMigrationLock);
  const char* lock_params[] = {space.c_str(), key.c_str()};
  if (auto r =
          db.exec("migrate: lock", "SELECT pg_advisory_xact_lock($1::int, $2::int)", lock_params);
      !r) {
    return fail(r.error());
  }
  if (auto r = db.exec("migrate",
                       "CREATE TABLE IF NOT EXISTS schema_migrations ("
                       " version INTEGER PRIMARY KEY,"
                       " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
      !r) {
    return fail(r.error());
  }
  auto current = db.exec("migrate", "SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!current) return fail(current.error());
  const auto version = current->first_int();
  if (version > latest_pg_schema_version()) {
    return fail(db.error(StoreErrorKind::kOther, "schema version " + std::to_string(version) +
                                                     " is newer than this build supports (" +
                                                     std::to_string(latest_pg_schema_version()) +
                                                     "); upgrade targetwatch"));
  }
  for (int v = static_cast<int>(version) + 1; v <= latest_pg_schema_version(); ++v) {
    const std::string what = "migration " + std::to_string(v);
    if (auto r = db.exec_script(what, kMigrations[static_cast<std::size_t>(v - 1)]); !r) {
      return fail(r.error());
    }
    const std::string text = std::to_string(v);
    const char* params[] = {text.c_str()};
    if (auto r = db.exec(what, "INSERT INTO schema_migrations (version) VALUES ($1::int)", params);
        !r) {
      return fail(r.error());
    }
  }
  if (auto r = db.exec("migrate", "COMMIT"); !r) return fail(r.error());
  return Ok{};
}

}  // namespace targetwatch::detail
