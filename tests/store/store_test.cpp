// Tests of the SQLite actuals store: durability, revisions, atomicity, schema, concurrency.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <string>
#include <thread>

#include "targetwatch/store/actuals_store.h"
#include "targetwatch/test/temp_dir.h"

namespace targetwatch {
namespace {

using test::TempDir;
using ::testing::HasSubstr;

ActualRecord rec(std::string project, std::string indicator, double value, Date as_of) {
  ActualRecord r;
  r.department = "375";
  r.project = std::move(project);
  r.indicator = std::move(indicator);
  r.value = value;
  r.as_of = as_of;
  return r;
}

SqliteStoreOptions fixed_clock(std::int64_t t = 1751241600) {
  SqliteStoreOptions o;
  o.now = [t] { return t; };
  return o;
}

std::unique_ptr<ActualsStore> open_ok(const std::string& path,
                                      const SqliteStoreOptions& o = fixed_clock()) {
  auto s = open_sqlite_store(path, o);
  if (!s.ok()) {
    ADD_FAILURE() << s.error().message;
    return nullptr;
  }
  return std::move(s.value());
}

// Runs one SQL statement on the file behind the store's back (inspection and sabotage).
std::int64_t sql_int(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  std::int64_t v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    v = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return v;
}

void sql_exec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

// Builds "P3", "thread-3", ... (appending sidesteps GCC 12's false -Wrestrict on operator+).
std::string tag(const char* prefix, int n) {
  std::string s = prefix;
  s += std::to_string(n);
  return s;
}

const Date kMarch = Date::from_ymd(2025, 3, 31);
const Date kJune = Date::from_ymd(2025, 6, 30);

TEST(SqliteStore, RoundTripsEveryField) {
  TempDir dir;
  auto store = open_ok(dir.file("a.db"));
  ASSERT_TRUE(store);
  std::vector<ActualRecord> batch(2);
  batch[0] = rec("13100025P00041210001X", "spending", 41.2, kJune);
  batch[0].mode = RecordMode::kIncrement;
  batch[0].unit = "万元";
  batch[0].note = "一季度结算延迟，\"引号\"\n第二行 😀";
  batch[0].cause = "制度保障";
  batch[0].likelihood = "有可能";
  batch[0].forecast = -0.000123;
  batch[0].measure = "加快结算";
  batch[1] = rec("", "quantity-1", 0, Date::from_ymd(2024, 2, 29));  // every optional empty
  auto receipt = store->append(batch, "token-a");
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  EXPECT_EQ(receipt->first_revision, 1);
  EXPECT_EQ(receipt->count, 2u);

  auto back = store->read();
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->size(), 2u);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    ActualRecord expected = batch[i];
    expected.revision = static_cast<std::int64_t>(i) + 1;
    expected.source = "token-a";
    expected.received_unix = 1751241600;
    EXPECT_EQ((*back)[i], expected) << i;
  }
  EXPECT_FALSE((*back)[1].forecast.has_value());
  EXPECT_EQ(*store->count(), 2);
}

TEST(SqliteStore, KeepsEveryRevisionOfTheSameFigure) {
  TempDir dir;
  auto store = open_ok(dir.file("a.db"));
  ASSERT_TRUE(store);
  std::int64_t clock = 100;
  for (double v : {10.0, 12.0, 11.5}) {
    std::vector<ActualRecord> b{rec("P1", "spending", v, kMarch)};
    ASSERT_TRUE(store->append(b, "s").ok());
    ++clock;
  }
  auto back = store->read();
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 3u);
  EXPECT_EQ((*back)[0].value, 10.0);
  EXPECT_EQ((*back)[1].value, 12.0);
  EXPECT_EQ((*back)[2].value, 11.5);
  EXPECT_LT((*back)[0].revision, (*back)[1].revision);
  EXPECT_LT((*back)[1].revision, (*back)[2].revision);
}

TEST(SqliteStore, BatchIsAllOrNothing) {
  TempDir dir;
  const auto path = dir.file("a.db");
  auto store = open_ok(path);
  ASSERT_TRUE(store);
  std::vector<ActualRecord> first{rec("P1", "spending", 1, kMarch)};
  ASSERT_TRUE(store->append(first, "s").ok());

  // The third record violates a CHECK constraint (empty indicator) after two rows went in.
  std::vector<ActualRecord> bad{rec("P1", "q", 1, kMarch), rec("P1", "q", 2, kJune),
                                rec("P1", "", 3, kJune), rec("P1", "q", 4, kJune)};
  auto r = store->append(bad, "s");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr(path));
  EXPECT_THAT(r.error().message, HasSubstr("record 3"));
  EXPECT_THAT(r.error().message, HasSubstr("CHECK"));
  EXPECT_EQ(*store->count(), 1);
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM batches"), 1);

  std::vector<ActualRecord> after{rec("P1", "q", 5, kJune)};
  auto ok = store->append(after, "s");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->first_revision, 2);  // the rolled-back rows used up no revisions
}

TEST(SqliteStore, NonFiniteNumbersAreRefused) {
  TempDir dir;
  auto store = open_ok(dir.file("a.db"));
  ASSERT_TRUE(store);
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<ActualRecord> b1{rec("P1", "q", inf, kMarch)};
  EXPECT_FALSE(store->append(b1, "s").ok());
  std::vector<ActualRecord> b2{rec("P1", "q", std::nan(""), kMarch)};
  EXPECT_FALSE(store->append(b2, "s").ok());
  std::vector<ActualRecord> b3{rec("P1", "q", 1, kMarch)};
  b3[0].forecast = std::nan("");
  EXPECT_FALSE(store->append(b3, "s").ok());
  b3[0].forecast = -inf;
  EXPECT_FALSE(store->append(b3, "s").ok());
  EXPECT_EQ(*store->count(), 0);
}

TEST(SqliteStore, EmptyBatchStoresNothing) {
  TempDir dir;
  auto store = open_ok(dir.file("a.db"));
  ASSERT_TRUE(store);
  auto r = store->append({}, "s");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->count, 0u);
  EXPECT_EQ(*store->count(), 0);
}

TEST(SqliteStore, ReopenFindsEverythingAndContinuesRevisions) {
  TempDir dir;
  const auto path = dir.file("a.db");
  std::vector<ActualRecord> stored;
  {
    auto store = open_ok(path);
    ASSERT_TRUE(store);
    for (int i = 0; i < 5; ++i) {
      std::vector<ActualRecord> b{rec(tag("P", i), "spending", i, kMarch),
                                  rec(tag("P", i), "quantity-1", i * 2, kJune)};
      ASSERT_TRUE(store->append(b, "src").ok());
    }
    stored = *store->read();
  }
  auto store = open_ok(path);
  ASSERT_TRUE(store);
  auto back = store->read();
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, stored);
  std::vector<ActualRecord> more{rec("P9", "spending", 1, kJune)};
  auto r = store->append(more, "src");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first_revision, 11);
}

TEST(SqliteStore, QueryFiltersAndAfterRevision) {
  TempDir dir;
  auto store = open_ok(dir.file("a.db"));
  ASSERT_TRUE(store);
  std::vector<ActualRecord> b{rec("P1", "spending", 1, kMarch), rec("P1", "q", 2, kMarch),
                              rec("P2", "spending", 3, kMarch), rec("P2", "q", 4, kJune)};
  b[3].department = "376";
  ASSERT_TRUE(store->append(b, "s").ok());
  auto values = [&](const ActualsQuery& q) {
    std::vector<double> v;
    auto records = store->read(q);
    for (const auto& r : *records) v.push_back(r.value);
    return v;
  };
  auto query = [](std::optional<std::string> department, std::optional<std::string> project,
                  std::optional<std::string> indicator, std::int64_t after = 0) {
    ActualsQuery q;
    q.department = std::move(department);
    q.project = std::move(project);
    q.indicator = std::move(indicator);
    q.after_revision = after;
    return q;
  };
  EXPECT_EQ(values(query({}, "P1", {})), (std::vector<double>{1, 2}));
  EXPECT_EQ(values(query({}, {}, "spending")), (std::vector<double>{1, 3}));
  EXPECT_EQ(values(query("376", {}, {})), (std::vector<double>{4}));
  EXPECT_EQ(values(query({}, "P2", "q")), (std::vector<double>{4}));
  EXPECT_EQ(values(query({}, "nope", {})), (std::vector<double>{}));
  EXPECT_EQ(values(query({}, {}, {}, 2)), (std::vector<double>{3, 4}));
}

TEST(SqliteStore, SchemaIsVersionedAndMigrationIsIdempotent) {
  TempDir dir;
  const auto path = dir.file("a.db");
  { ASSERT_TRUE(open_ok(path)); }
  { ASSERT_TRUE(open_ok(path)); }
  { ASSERT_TRUE(open_ok(path)); }
  EXPECT_EQ(sql_int(path, "PRAGMA user_version"), sqlite_store_schema_version());
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM schema_migrations"), sqlite_store_schema_version());
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'actuals'"), 1);
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'actuals_by_series'"),
            1);
}

TEST(SqliteStore, UsesWalAndFullSync) {
  TempDir dir;
  const auto path = dir.file("a.db");
  auto store = open_ok(path);
  ASSERT_TRUE(store);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST(SqliteStore, RefusesANewerSchema) {
  TempDir dir;
  const auto path = dir.file("a.db");
  { ASSERT_TRUE(open_ok(path)); }
  sql_exec(path, "PRAGMA user_version = 99");
  auto r = open_sqlite_store(path);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr(path));
  EXPECT_THAT(r.error().message, HasSubstr("schema version 99 is newer"));
}

TEST(SqliteStore, RefusesGarbageAndForeignFiles) {
  TempDir dir;
  const auto garbage = dir.file("garbage.db");
  {
    std::ofstream out(garbage, std::ios::binary);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>((i * 131 + 7) % 256));
  }
  auto r1 = open_sqlite_store(garbage);
  ASSERT_FALSE(r1.ok());
  EXPECT_THAT(r1.error().message, HasSubstr(garbage));
  EXPECT_THAT(r1.error().message, HasSubstr("not a database"));

  const auto text = dir.file("notes.txt");
  { std::ofstream(text) << "department,project\n375,P1\n"; }
  auto r2 = open_sqlite_store(text);
  ASSERT_FALSE(r2.ok());
  EXPECT_THAT(r2.error().message, HasSubstr("not a database"));

  const auto foreign = dir.file("other.db");
  sql_exec(foreign, "CREATE TABLE customers (id INTEGER)");
  auto r3 = open_sqlite_store(foreign);
  ASSERT_FALSE(r3.ok());
  EXPECT_THAT(r3.error().message, HasSubstr("not a targetwatch store"));
  EXPECT_EQ(sql_int(foreign, "SELECT count(*) FROM sqlite_master"), 1);  // left untouched

  const auto other_app = dir.file("app.db");
  sql_exec(other_app, "PRAGMA application_id = 1234");
  auto r4 = open_sqlite_store(other_app);
  ASSERT_FALSE(r4.ok());
  EXPECT_THAT(r4.error().message, HasSubstr("application_id 1234"));
}

TEST(SqliteStore, MissingDirectoryIsAnErrorUnlessAskedToCreateIt) {
  TempDir dir;
  const auto path = dir.file("no/such/dir/a.db");
  auto r = open_sqlite_store(path);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("does not exist"));
  SqliteStoreOptions o;
  o.create_directories = true;
  auto created = open_sqlite_store(path, o);
  ASSERT_TRUE(created.ok()) << created.error().message;

  auto is_dir = open_sqlite_store(dir.path().string());
  ASSERT_FALSE(is_dir.ok());
  EXPECT_FALSE(open_sqlite_store(":memory:").ok());
}

// 8 threads x 200 one-record appends: all stored, revisions unique, each caller's revisions
// increase in the order it made its calls, and reads stay ordered while writes go on.
void concurrent_appends(const SqliteStoreOptions& options, int per_thread) {
  TempDir dir;
  auto store = open_ok(dir.file("a.db"), options);
  ASSERT_TRUE(store);
  constexpr int kThreads = 8;
  std::vector<std::vector<std::int64_t>> revisions(kThreads);
  std::atomic<int> failures{0};
  std::atomic<bool> writing{true};
  std::atomic<int> read_problems{0};
  std::thread reader([&] {
    std::int64_t last_count = 0;
    while (writing) {
      auto all = store->read();
      if (!all.ok()) {
        ++read_problems;
        continue;
      }
      for (std::size_t i = 1; i < all->size(); ++i) {
        if ((*all)[i - 1].revision >= (*all)[i].revision) ++read_problems;
      }
      const auto n = static_cast<std::int64_t>(all->size());
      if (n < last_count) ++read_problems;
      last_count = n;
    }
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        std::vector<ActualRecord> b{
            rec(tag("P", t), "quantity-1", i, Date::from_ymd(2025, 1, 1).plus_days(i))};
        auto r = store->append(b, tag("thread-", t));
        if (!r.ok() || r->count != 1) {
          ++failures;
          continue;
        }
        revisions[t].push_back(r->first_revision);
      }
    });
  }
  for (auto& th : threads) th.join();
  writing = false;
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(read_problems.load(), 0);
  std::set<std::int64_t> unique;
  for (const auto& rv : revisions) {
    for (std::size_t i = 1; i < rv.size(); ++i) EXPECT_LT(rv[i - 1], rv[i]);
    unique.insert(rv.begin(), rv.end());
  }
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(kThreads * per_thread));
  EXPECT_EQ(*store->count(), kThreads * per_thread);
  auto all = store->read();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), unique.size());
  std::size_t k = 0;
  for (auto rev : unique) {
    const auto& r = (*all)[k++];
    ASSERT_EQ(r.revision, rev);
    // The stored record is the one that thread sent with that receipt.
    const int t = std::stoi(r.project.substr(1));
    EXPECT_EQ(r.source, tag("thread-", t));
    const auto pos = std::find(revisions[t].begin(), revisions[t].end(), rev);
    ASSERT_NE(pos, revisions[t].end());
    EXPECT_EQ(r.value, static_cast<double>(pos - revisions[t].begin()));
  }
}

TEST(SqliteStore, ConcurrentAppendsWithGroupCommit) { concurrent_appends(fixed_clock(), 200); }

TEST(SqliteStore, ConcurrentAppendsWithoutGroupCommit) {
  auto o = fixed_clock();
  o.group_commit = false;
  concurrent_appends(o, 200);
}

TEST(SqliteStore, ConcurrentAppendsWithACommitWindow) {
  auto o = fixed_clock();
  o.group_commit_window_us = 200;
  o.max_group_batches = 4;
  concurrent_appends(o, 50);
}

// Failing batches committed in the same group as good ones sink alone.
TEST(SqliteStore, AFailingBatchDoesNotSinkItsGroup) {
  TempDir dir;
  auto store = open_ok(dir.file("a.db"));
  ASSERT_TRUE(store);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  std::atomic<int> good_ok{0}, bad_ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const bool bad = t % 2 == 1;
      for (int i = 0; i < kPerThread; ++i) {
        std::vector<ActualRecord> b{rec("P", "q", i, kMarch), rec("P", bad ? "" : "q", i, kJune)};
        if (store->append(b, "s").ok()) ++(bad ? bad_ok : good_ok);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad_ok.load(), 0);
  EXPECT_EQ(good_ok.load(), kThreads / 2 * kPerThread);
  EXPECT_EQ(*store->count(), kThreads / 2 * kPerThread * 2);
  auto all = store->read();
  ASSERT_TRUE(all.ok());
  for (const auto& r : *all) EXPECT_EQ(r.indicator, "q");
}

TEST(SqliteStore, TwoStoresOnOneFileSeeEachOthersWrites) {
  TempDir dir;
  const auto path = dir.file("a.db");
  auto a = open_ok(path);
  auto b = open_ok(path);
  ASSERT_TRUE(a && b);
  std::vector<ActualRecord> batch{rec("P1", "q", 1, kMarch)};
  ASSERT_TRUE(a->append(batch, "a").ok());
  ASSERT_TRUE(b->append(batch, "b").ok());
  auto seen = a->read();
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->size(), 2u);
  EXPECT_EQ((*seen)[1].source, "b");
}

// The schema of the first release (migration 1), as a store written by that build holds it.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_unix INTEGER NOT NULL);
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
CREATE INDEX actuals_by_project ON actuals (project, indicator);
CREATE INDEX actuals_by_batch ON actuals (batch_id);
INSERT INTO schema_migrations VALUES (1, 1751241600);
PRAGMA user_version = 1;
PRAGMA application_id = 1415004500;
INSERT INTO batches VALUES (1, 'old-token', 1751241600, 2);
INSERT INTO actuals (department, project, indicator, as_of, value, mode, source, received_unix,
                     batch_id)
  VALUES ('375', 'P1', 'spending', '2025-03-31', 10, 'cumulative', 'old-token', 1751241600, 1),
         ('375', 'P1', 'q', '2025-03-31', 0.5, 'increment', 'old-token', 1751241600, 1);
)sql";

TEST(SqliteStore, MigratesAStoreOfTheFirstSchema) {
  TempDir dir;
  const auto path = dir.file("v1.db");
  sql_exec(path, "PRAGMA journal_mode = WAL");
  sql_exec(path, kSchemaV1);
  ASSERT_EQ(sql_int(path, "PRAGMA user_version"), 1);
  {
    auto store = open_ok(path);
    ASSERT_TRUE(store);
    auto old = store->read();
    ASSERT_TRUE(old.ok());
    ASSERT_EQ(old->size(), 2u);
    EXPECT_FALSE((*old)[0].retracted);
    EXPECT_EQ((*old)[0].fund, FundSource::kTotal);
    EXPECT_EQ((*old)[1].mode, RecordMode::kIncrement);
    EXPECT_EQ((*old)[1].source, "old-token");
    auto fiscal = rec("P1", "spending", 4, kMarch);
    fiscal.fund = FundSource::kFiscal;
    fiscal.retracted = true;
    auto r = store->append(std::vector<ActualRecord>{fiscal}, "new");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->first_revision, 3);
  }
  EXPECT_EQ(sql_int(path, "PRAGMA user_version"), sqlite_store_schema_version());
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM schema_migrations"), sqlite_store_schema_version());
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM actuals WHERE fund = 'fiscal' AND retracted = 1"),
            1);
  // The new CHECKs hold for rows written behind the store's back.
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  EXPECT_NE(sqlite3_exec(db, "UPDATE actuals SET fund = 'bogus' WHERE revision = 1", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "UPDATE actuals SET retracted = 2 WHERE revision = 1", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto again = open_ok(path);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->read()->size(), 3u);
}

// Migration 2 on top of kSchemaV1, as a store of the second schema holds it; revisions 1, 2 and
// 7 (a gap: AUTOINCREMENT's sequence stands at 7).
constexpr const char* kSchemaV2Additions = R"sql(
ALTER TABLE actuals ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted IN (0, 1));
ALTER TABLE actuals ADD COLUMN fund TEXT NOT NULL DEFAULT 'total'
  CHECK (fund IN ('total', 'fiscal', 'other'));
INSERT INTO schema_migrations VALUES (2, 1751241600);
PRAGMA user_version = 2;
INSERT INTO batches VALUES (2, 'old-token', 1751241600, 1);
INSERT INTO actuals (revision, department, project, indicator, as_of, value, mode, source,
                     received_unix, batch_id, retracted, fund)
  VALUES (7, '376', 'P2', 'spending', '2025-06-30', 20, 'cumulative', 'old-token', 1751241600, 2,
          1, 'fiscal');
)sql";

TEST(SqliteStore, MigrationThreeDropsTheBatchIndexAndKeepsEveryRecordAndTheRevisions) {
  TempDir dir;
  const auto path = dir.file("v2.db");
  sql_exec(path, "PRAGMA journal_mode = WAL");
  sql_exec(path, kSchemaV1);
  sql_exec(path, kSchemaV2Additions);
  ASSERT_EQ(sql_int(path, "PRAGMA user_version"), 2);
  ASSERT_EQ(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'actuals_by_batch'"), 1);
  {
    auto store = open_ok(path);
    ASSERT_TRUE(store);
    auto old = store->read();
    ASSERT_TRUE(old.ok());
    ASSERT_EQ(old->size(), 3u);
    EXPECT_EQ((*old)[0].revision, 1);
    EXPECT_EQ((*old)[0].indicator, "spending");
    EXPECT_EQ((*old)[1].revision, 2);
    EXPECT_EQ((*old)[1].value, 0.5);
    EXPECT_EQ((*old)[2].revision, 7);
    EXPECT_EQ((*old)[2].department, "376");
    EXPECT_TRUE((*old)[2].retracted);
    EXPECT_EQ((*old)[2].fund, FundSource::kFiscal);
    // The revision sequence continues after the highest revision ever handed out.
    auto r = store->append(std::vector<ActualRecord>{rec("P1", "q", 3, kMarch)}, "new");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->first_revision, 8);
    // The filtered reads still answer (and by the indexes that stay).
    ActualsQuery by_project;
    by_project.project = "P2";
    auto p2 = store->read(by_project);
    ASSERT_TRUE(p2.ok());
    ASSERT_EQ(p2->size(), 1u);
    EXPECT_EQ((*p2)[0].revision, 7);
  }
  EXPECT_EQ(sql_int(path, "PRAGMA user_version"), sqlite_store_schema_version());
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM schema_migrations"), sqlite_store_schema_version());
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'actuals_by_batch'"), 0);
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'actuals_by_series'"),
            1);
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'actuals_by_project'"),
            1);
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM actuals"), 4);
  EXPECT_EQ(sql_int(path, "SELECT max(revision) FROM actuals"), 8);
  // The foreign key still holds without the index.
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  EXPECT_NE(sqlite3_exec(db,
                         "INSERT INTO actuals (department, project, indicator, as_of, value, mode, "
                         "source, received_unix, batch_id) VALUES ('375', 'P1', 'q', "
                         "'2025-03-31', 1, 'cumulative', 's', 1, 999)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

// Which index (if any) SQLite picks for `sql`, from EXPLAIN QUERY PLAN.
std::string query_plan(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  std::string plan;
  if (sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &stmt, nullptr) ==
      SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      plan += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
      plan += "\n";
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return plan;
}

TEST(SqliteStore, FilteredReadsUseTheIndexesThatStay) {
  TempDir dir;
  const auto path = dir.file("a.db");
  { ASSERT_TRUE(open_ok(path)); }
  const std::string select = "SELECT * FROM actuals WHERE revision > 0";
  EXPECT_THAT(query_plan(path, select + " AND department = '375' ORDER BY revision"),
              testing::HasSubstr("actuals_by_series"));
  EXPECT_THAT(
      query_plan(path, select + " AND project = 'P1' AND indicator = 'q' ORDER BY revision"),
      testing::HasSubstr("actuals_by_project"));
  // Catch-up by revision walks the table itself.
  EXPECT_THAT(query_plan(path, select + " ORDER BY revision LIMIT 10"),
              testing::Not(testing::HasSubstr("actuals_by")));
}

TEST(SqliteStore, ANewStoreHasLargePagesAndAnOldOneKeepsItsOwn) {
  TempDir dir;
  const auto fresh = dir.file("new.db");
  { ASSERT_TRUE(open_ok(fresh)); }
  EXPECT_EQ(sql_int(fresh, "PRAGMA page_size"), 16384);
  const auto old = dir.file("old.db");
  sql_exec(old, "PRAGMA journal_mode = WAL");
  sql_exec(old, kSchemaV1);
  ASSERT_EQ(sql_int(old, "PRAGMA page_size"), 4096);
  {
    auto store = open_ok(old);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->append(std::vector<ActualRecord>{rec("P1", "q", 1, kMarch)}, "a").ok());
    auto all = store->read();
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 3u);
  }
  EXPECT_EQ(sql_int(old, "PRAGMA page_size"), 4096);
}

TEST(SqliteStore, TheLogIsCheckpointedIntoTheFileWhileTheStoreIsOpen) {
  TempDir dir;
  const auto path = dir.file("a.db");
  auto store = open_ok(path);
  ASSERT_TRUE(store);
  const auto initial = std::filesystem::file_size(path);
  // Well over a checkpoint's worth of log pages (1000 of 16 KiB).
  std::vector<ActualRecord> batch;
  for (int i = 0; i < 4000; ++i) {
    auto r = rec("P" + std::to_string(i), "q", i, kMarch);
    r.note = std::string(6000, 'n');
    batch.push_back(std::move(r));
  }
  ASSERT_TRUE(store->append(batch, "a").ok());
  ASSERT_TRUE(store->append(std::vector<ActualRecord>{rec("P1", "q", 1, kMarch)}, "a").ok());
  // The checkpoint runs on a thread of its own: wait for it (not for the close's checkpoint).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::filesystem::file_size(path) < initial + 20'000'000 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(std::filesystem::file_size(path), initial + 20'000'000);
  auto all = store->read();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 4001u);
}

TEST(SqliteStore, ErrorsCarryAKind) {
  TempDir dir;
  const auto path = dir.file("a.db");
  sql_exec(path, "CREATE TABLE customers (id INTEGER)");
  auto foreign = open_sqlite_store(path);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().kind, StoreErrorKind::kCorrupt);
  EXPECT_EQ(to_string(foreign.error().kind), "corrupt");
  auto missing = open_sqlite_store(dir.file("no/such/a.db"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, StoreErrorKind::kOther);
  EXPECT_FALSE(is_retryable(missing.error().kind));

  // A writer of another process holds the lock past the busy timeout: a retryable conflict.
  const auto locked = dir.file("locked.db");
  auto options = fixed_clock();
  options.busy_timeout_ms = 50;
  auto store = open_ok(locked, options);
  ASSERT_TRUE(store);
  sqlite3* other = nullptr;
  sqlite3_open(locked.c_str(), &other);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto busy = store->append(std::vector<ActualRecord>{rec("P1", "q", 1, kMarch)}, "a");
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().kind, StoreErrorKind::kConflict) << busy.error().message;
  EXPECT_TRUE(is_retryable(busy.error().kind));
  EXPECT_TRUE(store->append(std::vector<ActualRecord>{rec("P1", "q", 1, kMarch)}, "a").ok());
}

// Large batches go in many rows per statement: revisions stay consecutive in batch order, every
// field survives, and a bad record deep in the batch is still named.
TEST(SqliteStore, LargeBatchesKeepOrderFieldsAndTheNameOfABadRecord) {
  TempDir dir;
  const auto path = dir.file("large.db");
  auto store = open_ok(path);
  ASSERT_TRUE(store);
  std::vector<ActualRecord> batch;
  for (int i = 0; i < 150; ++i) {
    ActualRecord r = rec("P" + std::to_string(i), "q", i, kMarch);
    r.note = "note " + std::to_string(i);
    r.mode = i % 2 ? RecordMode::kIncrement : RecordMode::kCumulative;
    r.fund = i % 3 ? FundSource::kFiscal : FundSource::kTotal;
    if (i % 5 == 0) r.forecast = i * 2.5;
    r.retracted = i % 7 == 0;
    batch.push_back(r);
  }
  auto receipt = store->append(batch, "big");
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  EXPECT_EQ(receipt->first_revision, 1);
  EXPECT_EQ(receipt->count, 150u);
  EXPECT_EQ(receipt->received_unix, 1751241600);
  auto back = store->read({});
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 150u);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    ActualRecord want = batch[i];
    want.revision = static_cast<std::int64_t>(i) + 1;
    want.source = "big";
    want.received_unix = 1751241600;
    EXPECT_EQ((*back)[i], want) << "record " << i + 1;
  }

  batch[69].indicator = "";  // breaks a CHECK constraint inside the second group of rows
  auto bad = store->append(batch, "big");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, HasSubstr("record 70 "));
  EXPECT_THAT(bad.error().message, HasSubstr("CHECK"));
  EXPECT_EQ(*store->count(), 150);
  auto after = store->append(std::vector<ActualRecord>{rec("P1", "q", 1, kMarch)}, "s");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->first_revision, 151);
}

// The writer checks the table's CHECK constraints itself and has SQLite skip them for batches
// that pass; a batch with a row that does not (here an as_of outside the table's pattern, a
// year of five digits, and an empty indicator) is checked by SQLite, which names the record, and
// batches before and after it go in. Batches larger than the largest insert statement keep
// their order.
TEST(SqliteStore, BatchesFailingTheChecksAreNamedAndOthersStoredAround) {
  TempDir dir;
  const auto path = dir.file("checks.db");
  auto store = open_ok(path);
  ASSERT_TRUE(store);
  std::vector<ActualRecord> batch;
  for (int i = 0; i < 2100; ++i) {
    batch.push_back(rec(tag("P", i % 97), tag("q", i % 5), i, kMarch.plus_days(i % 90)));
  }
  auto first = store->append(batch, "big");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->first_revision, 1);

  auto far = batch;
  far[1500].as_of = Date::from_ymd(9999, 12, 31).plus_days(1);  // 10000-01-01
  auto bad = store->append(far, "big");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, StoreErrorKind::kInvalid);
  EXPECT_THAT(bad.error().message, HasSubstr("record 1501 "));
  EXPECT_THAT(bad.error().message, HasSubstr("CHECK"));
  auto empty = batch;
  empty[2090].indicator = "";  // in the rows after the largest statements
  auto bad2 = store->append(empty, "big");
  ASSERT_FALSE(bad2.ok());
  EXPECT_THAT(bad2.error().message, HasSubstr("record 2091 "));
  EXPECT_THAT(bad2.error().message, HasSubstr("CHECK"));

  auto second = store->append(batch, "big");
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->first_revision, 2101);
  auto back = store->read({});
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 4200u);
  for (std::size_t i = 0; i < back->size(); ++i) {
    const ActualRecord& want = batch[i % batch.size()];
    const ActualRecord& got = (*back)[i];
    ASSERT_EQ(got.revision, static_cast<std::int64_t>(i) + 1);
    ASSERT_EQ(got.project, want.project) << "record " << i + 1;
    ASSERT_EQ(got.as_of, want.as_of) << "record " << i + 1;
    ASSERT_EQ(got.value, want.value) << "record " << i + 1;
  }
  // Written behind the store's back, the same rows still meet SQLite's checks.
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  char* err = nullptr;
  EXPECT_NE(sqlite3_exec(db,
                         "INSERT INTO actuals (department, project, indicator, as_of, value, "
                         "mode, source, received_unix, batch_id) VALUES ('375', 'P1', 'q', "
                         "'10000-01-01', 1, 'cumulative', 's', 1, 1)",
                         nullptr, nullptr, &err),
            SQLITE_OK);
  EXPECT_THAT(err ? err : "", HasSubstr("CHECK"));
  sqlite3_free(err);
  sqlite3_close(db);
  EXPECT_EQ(*store->count(), 4200);
}

TEST(SqliteStore, ChunkedReadsHandOverTheSameRecordsInOrder) {
  TempDir dir;
  const auto path = dir.file("chunks.db");
  auto store = open_ok(path);
  ASSERT_TRUE(store);
  std::vector<ActualRecord> batch;
  for (int i = 0; i < 10; ++i) batch.push_back(rec("P" + std::to_string(i), "q", i, kMarch));
  ASSERT_TRUE(store->append(batch, "s").ok());
  auto all = store->read({});
  ASSERT_TRUE(all.ok());
  std::vector<std::size_t> sizes;
  std::vector<ActualRecord> joined;
  ActualsQuery since;
  since.after_revision = 2;
  ASSERT_TRUE(store
                  ->read_chunks(since, 3,
                                [&](std::vector<ActualRecord>&& chunk) {
                                  sizes.push_back(chunk.size());
                                  joined.insert(joined.end(), chunk.begin(), chunk.end());
                                })
                  .ok());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{3, 3, 2}));
  EXPECT_EQ(joined, std::vector<ActualRecord>(all->begin() + 2, all->end()));
  // The default of the other backends: one chunk.
  auto memory = make_memory_store();
  ASSERT_TRUE(memory->append(batch, "s").ok());
  sizes.clear();
  ASSERT_TRUE(
      memory
          ->read_chunks({}, 3,
                        [&](std::vector<ActualRecord>&& chunk) { sizes.push_back(chunk.size()); })
          .ok());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{10}));
}

// How many records a start-up reads (read_latest), and how many it is told are stored.
std::pair<std::size_t, std::int64_t> latest_read(const ActualsStore& store) {
  std::size_t handed = 0;
  auto stored =
      store.read_latest(1000, [&](std::vector<ActualRecord>&& chunk) { handed += chunk.size(); });
  EXPECT_TRUE(stored.ok()) << stored.error().message;
  return {handed, stored.ok() ? *stored : -1};
}

// Ten revisions of each of `keys` identities, in ten appends.
void append_rounds(ActualsStore& store, int keys) {
  for (int round = 0; round < 10; ++round) {
    std::vector<ActualRecord> batch;
    for (int k = 0; k < keys; ++k)
      batch.push_back(rec("P" + std::to_string(k), "q", round, kMarch));
    ASSERT_TRUE(store.append(batch, "s").ok());
  }
}

TEST(SqliteStore, AfterACloseAStartUpReadsOnlyTheLatestRevisions) {
  TempDir dir;
  const auto path = dir.file("latest.db");
  {
    auto store = open_ok(path);
    ASSERT_TRUE(store);
    append_rounds(*store, 20);
    // Before any close nothing is kept: everything is read.
    EXPECT_EQ(latest_read(*store), std::make_pair(std::size_t{200}, std::int64_t{200}));
  }
  EXPECT_EQ(sql_int(path, "SELECT up_to_revision FROM latest_snapshot"), 200);
  auto store = open_ok(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(latest_read(*store), std::make_pair(std::size_t{20}, std::int64_t{200}));
  // Appends after the snapshot are read in full on top of it.
  ASSERT_TRUE(store->append(std::vector<ActualRecord>{rec("P0", "q", 50, kMarch)}, "s").ok());
  EXPECT_EQ(latest_read(*store), std::make_pair(std::size_t{21}, std::int64_t{201}));
  store.reset();
  // The next close moves the snapshot on from the saved one.
  EXPECT_EQ(sql_int(path, "SELECT up_to_revision FROM latest_snapshot"), 201);
  store = open_ok(path);
  EXPECT_EQ(latest_read(*store), std::make_pair(std::size_t{20}, std::int64_t{201}));
}

TEST(SqliteStore, WhileOpenTheSnapshotFollowsOnceAppendsPause) {
  TempDir dir;
  const auto path = dir.file("kept.db");
  SqliteStoreOptions options = fixed_clock();
  options.snapshot_every_records = 30;
  options.snapshot_quiet_ms = 20;
  auto opened = open_sqlite_store(path, options);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto& store = **opened;
  const auto up_to = [&] { return sql_int(path, "SELECT up_to_revision FROM latest_snapshot"); };
  append_rounds(store, 2);  // 20 records: not yet due
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(up_to(), 0);
  append_rounds(store, 1);  // 30
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (up_to() != 30 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(up_to(), 30);
  // A store that crashes now (no refresh at close) starts from it: P0's and P1's latest.
  EXPECT_EQ(latest_read(store), std::make_pair(std::size_t{2}, std::int64_t{30}));
}

TEST(SqliteStore, EditingRowsByHandResetsTheLatestRevisionsSnapshot) {
  TempDir dir;
  const auto path = dir.file("edited.db");
  {
    auto store = open_ok(path);
    ASSERT_TRUE(store);
    append_rounds(*store, 5);
  }
  ASSERT_EQ(sql_int(path, "SELECT up_to_revision FROM latest_snapshot"), 50);
  // Deleting the latest revision of P0 makes revision 41 the latest again: a snapshot that
  // still named 46 would lose P0's figure.
  sql_exec(path, "DELETE FROM actuals WHERE revision = 46");
  EXPECT_EQ(sql_int(path, "SELECT up_to_revision FROM latest_snapshot"), 0);
  {
    auto store = open_ok(path);
    ASSERT_TRUE(store);
    EXPECT_EQ(latest_read(*store), std::make_pair(std::size_t{49}, std::int64_t{49}));
  }
  sql_exec(path, "UPDATE actuals SET value = 5 WHERE revision = 1");
  EXPECT_EQ(sql_int(path, "SELECT up_to_revision FROM latest_snapshot"), 0);
  EXPECT_EQ(sql_int(path, "SELECT edits FROM latest_snapshot"), 2);
  auto store = open_ok(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(latest_read(*store).first, 49u);
}

TEST(SqliteStore, ADamagedLatestRevisionsSnapshotMeansReadingEverything) {
  TempDir dir;
  const auto path = dir.file("damaged.db");
  {
    auto store = open_ok(path);
    ASSERT_TRUE(store);
    append_rounds(*store, 12);
  }
  // Every truncation and a flipped bit in every byte of the saved list (a shorter list that
  // still decoded would drop figures) read as no snapshot.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::string saved;
  {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT revisions FROM latest_snapshot", -1, &stmt, nullptr);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    saved.assign(static_cast<const char*>(sqlite3_column_blob(stmt, 0)),
                 static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0)));
    sqlite3_finalize(stmt);
  }
  ASSERT_GT(saved.size(), 12u);
  const auto write = [&](const std::string& bytes) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "UPDATE latest_snapshot SET revisions = ?1", -1, &stmt, nullptr);
    sqlite3_bind_blob(stmt, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
  };
  std::vector<std::string> damaged;
  for (std::size_t n = 0; n < saved.size(); ++n) damaged.push_back(saved.substr(0, n));
  for (std::size_t i = 0; i < saved.size(); ++i) {
    std::string flipped = saved;
    flipped[i] = static_cast<char>(flipped[i] ^ (1 << (i % 8)));
    damaged.push_back(flipped);
  }
  for (const std::string& bytes : damaged) {
    write(bytes);
    auto store = open_ok(path);
    ASSERT_TRUE(store);
    ASSERT_EQ(latest_read(*store), std::make_pair(std::size_t{120}, std::int64_t{120}))
        << "damaged snapshot of " << bytes.size() << " bytes";
  }
  write(saved);
  sqlite3_close(db);
  auto store = open_ok(path);
  EXPECT_EQ(latest_read(*store).first, 12u);
}

}  // namespace
}  // namespace targetwatch
