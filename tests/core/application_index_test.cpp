// The application's index of stored records: built from the store at start-up, advanced by each
// batch from the batch itself and the store's receipt (read back only when the receipt cannot
// say when), earlier versions left intact for their readers.
#include <gtest/gtest.h>

#include "targetwatch/core/application.h"
#include "targetwatch/core/sha256.h"
#include "targetwatch/store/actuals_store.h"
#include "targetwatch/test/temp_dir.h"

namespace targetwatch::core {
namespace {

std::shared_ptr<const Targets> one_department() {
  Department d;
  d.code = "900";
  d.name = "部门900";
  d.fiscal_year = 2025;
  Project p;
  p.code = "P1";
  p.name = "项目1";
  p.budget = 100;
  Indicator i;
  i.id = "quantity-1";
  i.level1 = "产出指标";
  i.level2 = "数量指标";
  i.name = "巡查次数";
  i.comparator = Comparator::kGreaterEqual;
  i.target = 10;
  i.unit = "次";
  p.indicators = {i};
  d.projects = {p};
  Targets t;
  t.departments = {d};
  return std::make_shared<const Targets>(std::move(t));
}

// A memory store whose receipts do not tell the receipt time (an older backend), and whose
// reads after the first may fail.
class QuietStore final : public ActualsStore {
 public:
  explicit QuietStore(bool reads_fail) : reads_fail_(reads_fail) {}
  StoreResult<AppendReceipt> append(std::span<const ActualRecord> batch,
                                    const std::string& source) override {
    auto receipt = inner_->append(batch, source);
    if (receipt) receipt->received_unix = 0;
    return receipt;
  }
  StoreResult<std::vector<ActualRecord>> read(const ActualsQuery& query) const override {
    if (reads_fail_ && reads_++ > 0) {  // the start-up read succeeds
      return StoreError{StoreErrorKind::kUnavailable, "read failed"};
    }
    return inner_->read(query);
  }
  StoreResult<std::int64_t> count() const override { return inner_->count(); }
  StoreResult<Ok> ping() const override { return Ok{}; }
  std::unique_ptr<ChangeFeed> subscribe() const override { return inner_->subscribe(); }

 private:
  bool reads_fail_;
  mutable int reads_ = 0;
  std::unique_ptr<ActualsStore> inner_ = make_memory_store([] { return std::int64_t{1000}; });
};

const Principal kWriter{"writer", {"900"}, true, false};

std::unique_ptr<Application> make_app(std::unique_ptr<ActualsStore> store, MemoryLogger& logger) {
  Settings s;
  s.tokens = {{"writer", sha256_hex("w"), {"900"}, false}};
  DaemonConfig config;
  config.settings = std::make_shared<const Settings>(std::move(s));
  config.targets = one_department();
  Clock clock{[] { return Date::from_ymd(2025, 6, 30); }, [] { return std::int64_t{2000}; }};
  return std::move(Application::create({}, std::move(config), std::move(store), clock, "t", logger))
      .value();
}

std::string figure(int value, const char* as_of) {
  return R"([{"project":"P1","indicator":"quantity-1","value":)" + std::to_string(value) +
         R"(,"as_of":")" + as_of + R"("}])";
}

Result<IngestReceipt, Failure> ingest(Application& app, const std::string& body) {
  return app.ingest(IngestRequest{body, BodyFormat::kJson, "", "writer"}, kWriter);
}

const SeriesPoint* latest(Application& app) {
  return app.actuals_index()->latest("900", "P1", "quantity-1", Date::from_ymd(2025, 12, 31));
}

TEST(ApplicationIndex, TheIndexedCopyIsTheStoredOne) {
  for (const bool quiet : {false, true}) {
    MemoryLogger logger;
    std::unique_ptr<ActualsStore> store =
        quiet ? std::unique_ptr<ActualsStore>(std::make_unique<QuietStore>(false))
              : make_memory_store([] { return std::int64_t{1000}; });
    const ActualsStore* raw = store.get();
    auto app = make_app(std::move(store), logger);
    ASSERT_TRUE(ingest(*app, figure(3, "2025-05-31")));
    ASSERT_TRUE(ingest(*app, figure(4, "2025-06-01")));
    const SeriesPoint* p = latest(*app);
    ASSERT_NE(p, nullptr);
    auto stored = raw->read({});
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->size(), 2u);
    EXPECT_EQ(*p->record, stored->back()) << (quiet ? "read back" : "from the receipt");
    EXPECT_EQ(p->record->received_unix, 1000);  // the store's time, not the daemon's clock
    EXPECT_EQ(p->record->revision, 2);
    EXPECT_EQ(p->record->source, "writer");
    EXPECT_EQ(app->record_count(), 2u);
  }
}

TEST(ApplicationIndex, WithoutReceiptTimeOrReadBackTheClockDates) {
  MemoryLogger logger;
  auto app = make_app(std::make_unique<QuietStore>(true), logger);
  ASSERT_TRUE(ingest(*app, figure(3, "2025-05-31")));
  const SeriesPoint* p = latest(*app);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->record->received_unix, 2000);
  EXPECT_EQ(p->record->revision, 1);
  EXPECT_EQ(p->record->source, "writer");
}

TEST(ApplicationIndex, StartUpIndexesEveryStoredRecord) {
  auto store = make_memory_store([] { return std::int64_t{1000}; });
  ActualRecord r;
  r.department = "900";
  r.project = "P1";
  r.indicator = "quantity-1";
  r.value = 5;
  r.as_of = Date::from_ymd(2025, 3, 31);
  ASSERT_TRUE(store->append(std::vector<ActualRecord>{r}, "earlier"));
  r.value = 7;  // a later revision of the same figure
  ASSERT_TRUE(store->append(std::vector<ActualRecord>{r}, "earlier"));
  MemoryLogger logger;
  auto app = make_app(std::move(store), logger);
  EXPECT_EQ(app->record_count(), 2u);
  const SeriesPoint* p = latest(*app);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->level, 7);
  EXPECT_EQ(p->record->revision, 2);
}

TEST(ApplicationIndex, ARestartFromTheLatestRevisionsHasTheSameFiguresAndCount) {
  test::TempDir dir;
  const std::string path = dir.file("restart.db");
  for (int round = 0; round < 2; ++round) {
    MemoryLogger logger;
    auto store = open_sqlite_store(path);
    ASSERT_TRUE(store) << store.error().message;
    auto app = make_app(std::move(*store), logger);
    // Each round: three revisions of one figure and one of another date.
    for (int v = 1; v <= 3; ++v) ASSERT_TRUE(ingest(*app, figure(round * 10 + v, "2025-05-31")));
    ASSERT_TRUE(ingest(*app, figure(round * 10 + 5, "2025-06-30")));
  }
  // The second close saved the snapshot: this start reads 2 records, and counts all 8.
  MemoryLogger logger;
  auto store = open_sqlite_store(path);
  ASSERT_TRUE(store) << store.error().message;
  std::size_t read = 0;
  ASSERT_TRUE((*store)->read_latest(100, [&](std::vector<ActualRecord>&& c) { read += c.size(); }));
  EXPECT_EQ(read, 2u);
  auto app = make_app(std::move(*store), logger);
  EXPECT_EQ(app->record_count(), 8u);
  const auto index = app->actuals_index();
  const SeriesPoint* may = index->latest("900", "P1", "quantity-1", Date::from_ymd(2025, 5, 31));
  ASSERT_NE(may, nullptr);
  EXPECT_EQ(may->level, 13);
  EXPECT_EQ(may->record->revision, 7);
  EXPECT_EQ(latest(*app)->level, 15);
  EXPECT_EQ(latest(*app)->record->revision, 8);
  // And the next batch continues the revisions on top of it.
  ASSERT_TRUE(ingest(*app, figure(21, "2025-05-31")));
  EXPECT_EQ(app->record_count(), 9u);
  EXPECT_EQ(app->actuals_index()
                ->latest("900", "P1", "quantity-1", Date::from_ymd(2025, 5, 31))
                ->record->revision,
            9);
}

TEST(ApplicationIndex, ABatchLeavesTheVersionReadersHoldAndRefreshesTheEvaluation) {
  MemoryLogger logger;
  auto app = make_app(make_memory_store([] { return std::int64_t{1000}; }), logger);
  ASSERT_TRUE(ingest(*app, figure(3, "2025-05-31")));
  const auto before = app->actuals_index();
  const auto evaluated = app->evaluation();
  ASSERT_TRUE(ingest(*app, figure(9, "2025-05-31")));
  EXPECT_EQ(before->level_at("900", "P1", "quantity-1", Date::from_ymd(2025, 6, 30)), 3);
  EXPECT_EQ(latest(*app)->level, 9);
  EXPECT_NE(app->evaluation(), evaluated);          // new data: evaluated again
  EXPECT_EQ(app->evaluation(), app->evaluation());  // and cached until the next change
}

}  // namespace
}  // namespace targetwatch::core
