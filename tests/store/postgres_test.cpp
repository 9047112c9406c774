// PostgreSQL-only behaviour of the store: concurrent migration, unreachable servers, a server
// killed and restarted under load.
#include "postgres.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "targetwatch/store/actuals_store.h"

namespace targetwatch {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::PostgresServer;
using Clock = std::chrono::steady_clock;

PostgresServer* server_or_skip() {
  std::string reason;
  PostgresServer* s = PostgresServer::shared(reason);
  if (!s) std::cout << "[  SKIPPED ] no PostgreSQL for the tests: " << reason << "\n";
  return s;
}

#define REQUIRE_SERVER(var)                                            \
  PostgresServer* var = server_or_skip();                              \
  if (!var) GTEST_SKIP() << "no PostgreSQL for the tests (see above)"; \
  static_assert(true)

ActualRecord rec(std::string note, double value) {
  ActualRecord r;
  r.department = "375";
  r.project = "P1";
  r.indicator = "q";
  r.value = value;
  r.as_of = Date::from_ymd(2025, 3, 31);
  r.note = std::move(note);
  return r;
}

TEST(PostgresStore, DaemonsStartingTogetherMigrateOnce) {
  REQUIRE_SERVER(server);
  const std::string url = server->create_database();
  ASSERT_FALSE(url.empty());
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto s = open_postgres_store(url);
      if (s) {
        ++opened;
      } else {
        ADD_FAILURE() << s.error().message;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(opened, 4);
  auto s = open_postgres_store(url);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(postgres_store_schema_version(), 1);
  EXPECT_EQ((*s)->count().value(), 0);
}

TEST(PostgresStore, UnreachableServerIsUnavailableAndTheMessageHidesThePassword) {
  REQUIRE_SERVER(server);
  // A port nobody listens on (the server's own, plus one, is as good as any free one).
  const std::string url = "postgresql://alice:s3cret-pw@127.0.0.1:1/somedb";
  const auto start = Clock::now();
  auto s = open_postgres_store(url);
  ASSERT_FALSE(s.ok());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(s.error().kind, StoreErrorKind::kUnavailable);
  EXPECT_TRUE(is_retryable(s.error().kind));
  EXPECT_THAT(s.error().message, HasSubstr("127.0.0.1"));
  EXPECT_THAT(s.error().message, HasSubstr("somedb"));
  EXPECT_THAT(s.error().message, Not(HasSubstr("s3cret-pw")));

  auto bad = open_postgres_store("postgresql://bob:hunter22@[::1:5432/x");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, Not(HasSubstr("hunter22")));
}

TEST(PostgresStore, TextWithANulCharacterIsRefusedNotCut) {
  REQUIRE_SERVER(server);
  auto s = open_postgres_store(server->create_database());
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto r =
      (*s)->append(std::vector<ActualRecord>{rec("ok", 1), rec(std::string("a\0b", 3), 2)}, "a");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, StoreErrorKind::kInvalid);
  EXPECT_THAT(r.error().message, HasSubstr("record 2"));
  EXPECT_EQ((*s)->count().value(), 0);
}

TEST(PostgresStore, NewerSchemaIsRefused) {
  REQUIRE_SERVER(server);
  const std::string url = server->create_database();
  { ASSERT_TRUE(open_postgres_store(url).ok()); }
  PGconn* c = PQconnectdb(url.c_str());
  PQclear(PQexec(c, "INSERT INTO schema_migrations (version) VALUES (99)"));
  PQfinish(c);
  auto s = open_postgres_store(url);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().message, HasSubstr("schema version 99 is newer"));
}

// Two writers append while the server is killed (no checkpoint, like a power cut) and started
// again. Afterwards every acknowledged record is there under its acknowledged revision; appends
// during the outage failed promptly as unavailable; the change feed reconnected.
TEST(PostgresStore, KilledServerLosesNothingAcknowledgedAndAppendsFailFast) {
  REQUIRE_SERVER(server);
  const std::string url = server->create_database();
  PostgresStoreOptions options;
  options.statement_timeout_ms = 1000;
  options.connect_timeout_ms = 1000;
  options.reconnect_backoff_max_ms = 200;
  auto opened = open_postgres_store(url, options);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto& store = **opened;
  auto feed = store.subscribe();

  std::mutex mu;
  std::map<std::int64_t, std::string> acknowledged;  // revision -> note
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, wrong_kind{0}, after_restart{0};
  std::atomic<bool> restarted{false};
  Clock::duration slowest_failure{};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      for (int k = 0; !stop; ++k) {
        std::vector<ActualRecord> batch;
        for (int i = 0; i < 5; ++i) {
          batch.push_back(rec(std::to_string(w) + "/" + std::to_string(k) + "/" + std::to_string(i),
                              k * 10 + i));
        }
        const auto start = Clock::now();
        auto r = store.append(batch, "writer");
        const auto took = Clock::now() - start;
        std::lock_guard lock(mu);
        if (r) {
          for (int i = 0; i < 5; ++i) acknowledged[r->first_revision + i] = batch[i].note;
          if (restarted) ++after_restart;
        } else {
          ++failures;
          if (r.error().kind != StoreErrorKind::kUnavailable) {
            ++wrong_kind;
            ADD_FAILURE() << "not 'unavailable': " << r.error().message;
          }
          slowest_failure = std::max(slowest_failure, took);
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      }
    });
  }
  auto acked = [&] {
    std::lock_guard lock(mu);
    return acknowledged.size();
  };
  const auto until = [&](auto done, std::chrono::seconds limit) {
    const auto deadline = Clock::now() + limit;
    while (!done() && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
  };
  EXPECT_TRUE(until([&] { return acked() >= 200; }, std::chrono::seconds(10)));
  ASSERT_TRUE(server->kill_immediately());
  // Appends during the outage: they fail, each within the configured timeout.
  EXPECT_TRUE(until([&] { return failures >= 6; }, std::chrono::seconds(5)));
  auto ping = store.ping();
  ASSERT_FALSE(ping.ok());
  EXPECT_EQ(ping.error().kind, StoreErrorKind::kUnavailable);
  auto lost = feed->wait(std::chrono::milliseconds(500));
  EXPECT_FALSE(lost.ok() && lost->changed && false);  // either an error or a quiet timeout
  ASSERT_TRUE(server->restart());
  restarted = true;
  EXPECT_TRUE(until([&] { return after_restart >= 20; }, std::chrono::seconds(15)))
      << "writers did not recover";
  stop = true;
  for (auto& t : writers) t.join();

  EXPECT_GE(failures, 6);
  EXPECT_EQ(wrong_kind, 0);
  EXPECT_LT(slowest_failure, std::chrono::milliseconds(options.statement_timeout_ms + 1500))
      << "an append hung during the outage";
  auto all = store.read();
  ASSERT_TRUE(all.ok()) << all.error().message;
  std::map<std::int64_t, std::string> stored;
  for (const auto& r : *all) stored[r.revision] = r.note;
  for (const auto& [revision, note] : acknowledged) {
    auto it = stored.find(revision);
    ASSERT_NE(it, stored.end()) << "acknowledged revision " << revision << " is gone";
    EXPECT_EQ(it->second, note);
  }
  EXPECT_TRUE(store.ping().ok());
  // The feed reconnects and says "changed": it cannot know what happened meanwhile.
  bool changed = false;
  for (int i = 0; i < 20 && !changed; ++i) {
    auto n = feed->wait(std::chrono::milliseconds(200));
    changed = n.ok() && n->changed;
  }
  EXPECT_TRUE(changed);
  std::cout << "acknowledged " << acknowledged.size() << " records, " << failures
            << " appends refused during the outage, slowest refusal "
            << std::chrono::duration_cast<std::chrono::milliseconds>(slowest_failure).count()
            << " ms\n";
}

}  // namespace
}  // namespace targetwatch
