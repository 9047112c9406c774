// Schema migrations of the SQLite store. Append new migrations; never edit a released one.
#include "schema.h"

#include <array>
#include <cmath>
#include <string>

namespace targetwatch::detail {
namespace {

// Index i holds migration i + 1. Revisions are rows: nothing is ever updated or deleted, and
// CHECK constraints keep impossible values (non-finite numbers, malformed dates) out even if a
// caller bypasses ingest.
constexpr std::array<const char*, 4> kMigrations{
    R"sql(
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  applied_unix INTEGER NOT NULL
);
CREATE TABLE batches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  received_unix INTEGER NOT NULL,
  record_count INTEGER NOT NULL CHECK (record_count > 0)
);
CREATE TABLE actuals (
  revision INTEGER PRIMARY KEY AUTOINCREMENT,
  department TEXT NOT NULL,
  project TEXT NOT NULL,
  indicator TEXT NOT NULL CHECK (indicator <> ''),
  as_of TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  value REAL NOT NULL CHECK (abs(value) < 9e999),
  mode TEXT NOT NULL CHECK (mode IN ('cumulative', 'increment')),
  unit TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  cause TEXT NOT NULL DEFAULT '',
  likelihood TEXT NOT NULL DEFAULT '',
  forecast REAL CHECK (forecast IS NULL OR abs(forecast) < 9e999),
  measure TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  received_unix INTEGER NOT NULL,
  batch_id INTEGER NOT NULL REFERENCES batches (id)
);
CREATE INDEX actuals_by_series ON actuals (department, project, indicator, as_of);
-- Readers filter by project/indicator without a department (GET /api/v1/actuals).
CREATE INDEX actuals_by_project ON actuals (project, indicator);
CREATE INDEX actuals_by_batch ON actuals (batch_id);
)sql",
    // 2: retractions and the fund source of spending figures. Existing rows are plain figures
    // of all funds, which is what the defaults say.
    R"sql(
ALTER TABLE actuals ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted IN (0, 1));
ALTER TABLE actuals ADD COLUMN fund TEXT NOT NULL DEFAULT 'total'
  CHECK (fund IN ('total', 'fiscal', 'other'));
)sql",
    // 3: actuals_by_batch goes. Every append paid for it, and it served only the foreign key's
    // check on deleting or renumbering a batch, which never happens (no query reads actuals by
    // batch). actuals_by_series (department filters, the paginated read) and actuals_by_project
    // (project/indicator filters without a department) stay: reads use them.
    R"sql(
DROP INDEX actuals_by_batch;
)sql",
    // 4: the latest-revisions snapshot (sqlite_latest.h): a start-up reads the latest revision
    // of every identity and the records after the snapshot, not the whole history. Revisions
    // are only ever appended; should anyone delete or update a row by hand, the triggers reset
    // the snapshot (the next start-up reads everything, and the next refresh starts over).
    R"sql(
CREATE TABLE latest_snapshot (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  up_to_revision INTEGER NOT NULL,
  revisions BLOB NOT NULL,
  edits INTEGER NOT NULL
);
INSERT INTO latest_snapshot (id, up_to_revision, revisions, edits) VALUES (1, 0, x'', 0);
CREATE TRIGGER actuals_deleted AFTER DELETE ON actuals BEGIN
  UPDATE latest_snapshot SET up_to_revision = 0, revisions = x'', edits = edits + 1;
END;
CREATE TRIGGER actuals_updated AFTER UPDATE ON actuals BEGIN
  UPDATE latest_snapshot SET up_to_revision = 0, revisions = x'', edits = edits + 1;
END;
)sql",
};

// GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]', character by character.
bool matches_date_glob(std::string_view s) {
  constexpr std::string_view kAllowed[10] = {"0123456789", "0123456789", "0123456789", "0123456789",
                                             "-",          "01",         "0123456789", "-",
                                             "0123",       "0123456789"};
  if (s.size() != 10) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (kAllowed[i].find(s[i]) == std::string_view::npos) return false;
  }
  return true;
}

StoreResult<Ok> apply(Connection& db, int version, std::int64_t now_unix) {
  if (auto r = db.exec(kMigrations[static_cast<std::size_t>(version - 1)]); !r) return r;
  const std::string bookkeeping =
      "INSERT INTO schema_migrations (version, applied_unix) VALUES (" + std::to_string(version) +
      ", " + std::to_string(now_unix) + "); PRAGMA user_version = " + std::to_string(version) +
      "; PRAGMA application_id = " + std::to_string(kApplicationId) + ";";
  return db.exec(bookkeeping.c_str());
}

}  // namespace

bool meets_actuals_checks(const ActualsRow& row) {
  // abs(x) < 9e999 (9e999 is infinity to SQLite): finite; a NaN, stored as NULL, fails as well.
  return !row.indicator.empty() && matches_date_glob(row.as_of) && std::isfinite(row.value) &&
         (row.mode == "cumulative" || row.mode == "increment") &&
         (!row.forecast || std::isfinite(*row.forecast)) &&
         (row.retracted == 0 || row.retracted == 1) &&
         (row.fund == "total" || row.fund == "fiscal" || row.fund == "other");
}

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

StoreResult<Ok> migrate(Connection& db, std::int64_t now_unix) {
  // Read and write under one write lock, so two processes opening a new store cannot both
  // apply migration 1.
  if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return r;
  auto fail = [&](StoreError e) -> StoreResult<Ok> {
    (void)db.exec("ROLLBACK");
    return e;
  };
  auto version = db.query_int("PRAGMA user_version");
  if (!version) return fail(version.error());
  auto app_id = db.query_int("PRAGMA application_id");
  if (!app_id) return fail(app_id.error());
  if (*app_id != 0 && *app_id != kApplicationId) {
    return fail(db.error(StoreErrorKind::kCorrupt,
                         "not a targetwatch store (an SQLite database of another application, "
                         "application_id " +
                             std::to_string(*app_id) + ")"));
  }
  if (*version == 0 || *app_id == 0) {
    auto tables = db.query_int("SELECT count(*) FROM sqlite_master");
    if (!tables) return fail(tables.error());
    if (*tables != 0 || *version != 0) {
      return fail(db.error(StoreErrorKind::kCorrupt,
                           "not a targetwatch store (an SQLite database with other tables)"));
    }
  }
  if (*version > latest_schema_version()) {
    return fail(db.error(StoreErrorKind::kOther, "schema version " + std::to_string(*version) +
                                                     " is newer than this build supports (" +
                                                     std::to_string(latest_schema_version()) +
                                                     "); upgrade targetwatch"));
  }
  for (int v = static_cast<int>(*version) + 1; v <= latest_schema_version(); ++v) {
    if (auto r = apply(db, v, now_unix); !r) {
      return fail(
          StoreError{r.error().kind, r.error().message + " (migration " + std::to_string(v) + ")"});
    }
  }
  if (auto r = db.exec("COMMIT"); !r) return fail(r.error());
  return Ok{};
}

}  // namespace targetwatch::detail
