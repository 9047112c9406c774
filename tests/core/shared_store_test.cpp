// Two application cores on one PostgreSQL database, as two daemons would be: a record one
// acknowledges shows in the other's state within 2 s (LISTEN/NOTIFY, then an incremental read).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "postgres.h"
#include "targetwatch/core/application.h"
#include "targetwatch/core/sha256.h"
#include "targetwatch/store/actuals_store.h"
#include "targetwatch/test/targets_builder.h"

namespace targetwatch::core {
namespace {

std::shared_ptr<const Targets> one_department() {
  return test::TargetsBuilder().department("900", "部门900").project("P900-1", "项目", 100).build();
}

std::unique_ptr<Application> daemon_on(const std::string& url, MemoryLogger& logger) {
  auto store = open_postgres_store(url);
  EXPECT_TRUE(store) << (store ? "" : store.error().message);
  DaemonConfig config;
  config.settings = std::make_shared<const Settings>();
  config.targets = one_department();
  Clock clock{[] { return Date::from_ymd(2025, 6, 30); }, [] { return std::int64_t{1}; }};
  return std::move(Application::create({}, std::move(config), std::move(store).value(), clock, "t",
                                       logger, /*follow_other_writers=*/true))
      .value();
}

bool within(std::chrono::milliseconds limit, const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

TEST(SharedStore, EachDaemonSeesTheOthersAcknowledgedRecordsWithinTwoSeconds) {
  std::string reason;
  auto* server = testing::PostgresServer::shared(reason);
  if (server == nullptr) GTEST_SKIP() << "no PostgreSQL for the tests: " << reason;
  const std::string url = server->create_database();
  ASSERT_FALSE(url.empty());
  MemoryLogger log_a, log_b;
  auto a = daemon_on(url, log_a);
  auto b = daemon_on(url, log_b);
  const Principal writer{"w", {"900"}, true, false};
  auto stored = a->ingest(
      IngestRequest{
          R"([{"project":"P900-1","indicator":"spending","value":40,"as_of":"2025-06-20"}])",
          BodyFormat::kJson, "", "w"},
      writer);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_TRUE(within(std::chrono::seconds(2), [&] { return b->record_count() == 1; }));
  EXPECT_EQ(b->evaluation()->departments.at(0).projects.at(0).spent_yuan, 400000);
  // And back, while A does not count its own record twice.
  ASSERT_TRUE(b->ingest(IngestRequest{R"([{"project":"P900-1","indicator":"spending",
                                            "value":45,"as_of":"2025-06-25"}])",
                                      BodyFormat::kJson, "", "w"},
                        writer));
  EXPECT_TRUE(within(std::chrono::seconds(2), [&] { return a->record_count() == 2; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // one more feed round
  EXPECT_EQ(a->record_count(), 2u);
  EXPECT_EQ(b->record_count(), 2u);
}

}  // namespace
}  // namespace targetwatch::core
