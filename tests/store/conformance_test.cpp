// The ActualsStore contract, run against every backend: memory, SQLite and PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "postgres.h"
#include "targetwatch/store/actuals_store.h"
#include "targetwatch/test/temp_dir.h"

namespace targetwatch {
namespace {

using test::TempDir;
using ::testing::HasSubstr;
using testing::PostgresServer;

constexpr std::int64_t kNow = 1751241600;
const Date kMarch = Date::from_ymd(2025, 3, 31);

enum class Backend { kMemory, kSqlite, kPostgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  switch (info.param) {
    case Backend::kMemory:
      return "Memory";
    case Backend::kSqlite:
      return "Sqlite";
    case Backend::kPostgres:
      break;
  }
  return "Postgres";
}

ActualRecord rec(std::string project, std::string indicator, double value, Date as_of = kMarch) {
  ActualRecord r;
  r.department = "375";
  r.project = std::move(project);
  r.indicator = std::move(indicator);
  r.value = value;
  r.as_of = as_of;
  return r;
}

// Gives each test its own empty data (a file, a database) and opens store objects on it.
class StoreConformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      std::string reason;
      PostgresServer* server = PostgresServer::shared(reason);
      if (!server) GTEST_SKIP() << "no PostgreSQL for the tests: " << reason;
      url_ = server->create_database();
      ASSERT_FALSE(url_.empty()) << "CREATE DATABASE failed";
    }
  }

  // A new store object on this test's data. For the memory store there is only one.
  std::unique_ptr<ActualsStore> open() {
    switch (GetParam()) {
      case Backend::kMemory:
        return make_memory_store([] { return kNow; });
      case Backend::kSqlite: {
        SqliteStoreOptions o;
        o.now = [] { return kNow; };
        return check(open_sqlite_store(dir_.file("a.db"), o));
      }
      case Backend::kPostgres: {
        PostgresStoreOptions o;
        o.now = [] { return kNow; };
        return check(open_postgres_store(url_, o));
      }
    }
    return nullptr;
  }

  bool shares_data() const { return GetParam() != Backend::kMemory; }

  static std::unique_ptr<ActualsStore> check(StoreResult<std::unique_ptr<ActualsStore>> s) {
    if (!s) {
      ADD_FAILURE() << s.error().message;
      return nullptr;
    }
    return std::move(s).value();
  }

  TempDir dir_;
  std::string url_;
};

using Opt = std::optional<std::string>;
ActualsQuery query(Opt department, Opt project, Opt indicator, std::int64_t after = 0) {
  ActualsQuery q;
  q.department = std::move(department);
  q.project = std::move(project);
  q.indicator = std::move(indicator);
  q.after_revision = after;
  return q;
}

std::vector<ActualRecord> read_all(const ActualsStore& s, const ActualsQuery& q = {}) {
  auto r = s.read(q);
  EXPECT_TRUE(r.ok()) << (r ? "" : r.error().message);
  return r ? std::move(r).value() : std::vector<ActualRecord>{};
}

TEST_P(StoreConformance, RevisionsAreMonotonicAndReceiptsExact) {
  auto s = open();
  ASSERT_TRUE(s);
  std::vector<ActualRecord> b1{rec("P1", "q", 1), rec("P2", "q", 2)};
  std::vector<ActualRecord> b2{rec("P1", "q", 3)};
  std::vector<ActualRecord> b3{rec("P3", "q", 4), rec("P3", "q", 5), rec("P3", "q", 6)};
  std::int64_t next = 1;
  for (const auto* b : {&b1, &b2, &b3}) {
    auto r = s->append(*b, "token-a");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->first_revision, next);
    EXPECT_EQ(r->count, b->size());
    next += static_cast<std::int64_t>(b->size());
  }
  const auto all = read_all(*s);
  ASSERT_EQ(all.size(), 6u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].revision, static_cast<std::int64_t>(i) + 1);
    EXPECT_EQ(all[i].value, static_cast<double>(i) + 1);
  }
  EXPECT_EQ(s->count().value(), 6);
  auto empty = s->append({}, "token-a");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->count, 0u);
  EXPECT_EQ(s->count().value(), 6);
}

TEST_P(StoreConformance, EveryFieldRoundTripsIncludingRetractionAndFund) {
  auto s = open();
  ASSERT_TRUE(s);
  ActualRecord full = rec("13100025P0004121", "spending", 1234.5678901234567);
  full.mode = RecordMode::kIncrement;
  full.unit = "万元";
  full.note = "偏差原因: 招标延期, \"quoted\" 'single' \\ back; DROP TABLE actuals; --";
  full.cause = "经费保障";
  // Field and row delimiters and escapes of PostgreSQL's COPY format, and its NULL marker.
  full.measure = "tab\there\nnew line\r\\N \\. end";
  full.likelihood = "有可能";
  full.forecast = -0.1;
  full.fund = FundSource::kFiscal;
  ActualRecord retraction = rec("13100025P0004121", "spending", 0, Date::from_ymd(2025, 12, 31));
  retraction.retracted = true;
  retraction.fund = FundSource::kOther;
  ActualRecord tiny = rec("", "rate", std::numeric_limits<double>::denorm_min());
  ActualRecord huge = rec("", "rate", -std::numeric_limits<double>::max());
  std::vector<ActualRecord> batch{full, retraction, tiny, huge};
  ASSERT_TRUE(s->append(batch, "来源.xlsx").ok());
  const auto all = read_all(*s);
  ASSERT_EQ(all.size(), batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    ActualRecord expected = batch[i];
    expected.revision = static_cast<std::int64_t>(i) + 1;
    expected.source = "来源.xlsx";
    expected.received_unix = kNow;
    EXPECT_EQ(all[i], expected) << "record " << i;
  }
  EXPECT_FALSE(all[2].forecast.has_value());
  EXPECT_TRUE(all[1].retracted);
  EXPECT_EQ(all[1].fund, FundSource::kOther);
}

TEST_P(StoreConformance, ABatchBreakingAConstraintStoresNothing) {
  auto s = open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->append(std::vector<ActualRecord>{rec("P1", "q", 1)}, "a").ok());
  const double bad_numbers[] = {std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::quiet_NaN()};
  for (double bad : bad_numbers) {
    std::vector<ActualRecord> batch{rec("P1", "q", 2), rec("P1", "q", bad), rec("P1", "q", 3)};
    auto r = s->append(batch, "a");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, StoreErrorKind::kInvalid) << r.error().message;
    std::vector<ActualRecord> forecast{rec("P1", "q", 2), rec("P1", "q", 3)};
    forecast[1].forecast = bad;
    auto f = s->append(forecast, "a");
    ASSERT_FALSE(f.ok()) << bad;
    EXPECT_EQ(f.error().kind, StoreErrorKind::kInvalid) << f.error().message;
  }
  std::vector<ActualRecord> no_indicator{rec("P1", "q", 2), rec("P1", "", 3)};
  auto r = s->append(no_indicator, "a");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, StoreErrorKind::kInvalid);
  EXPECT_FALSE(is_retryable(r.error().kind));
  EXPECT_EQ(s->count().value(), 1);
  // The store is still usable, and refused batches left at most gaps, never reused revisions.
  auto ok = s->append(std::vector<ActualRecord>{rec("P1", "q", 4)}, "a");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  const auto all = read_all(*s);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_GT(all[1].revision, all[0].revision);
  EXPECT_EQ(all[1].value, 4);
}

TEST_P(StoreConformance, QueryFiltersAndAfterRevision) {
  auto s = open();
  ASSERT_TRUE(s);
  std::vector<ActualRecord> batch{rec("P1", "q", 1), rec("P1", "r", 2), rec("P2", "q", 3),
                                  rec("", "q", 4)};
  batch[3].department = "376";
  ASSERT_TRUE(s->append(batch, "a").ok());
  auto values = [&](const ActualsQuery& q) {
    std::vector<double> v;
    for (const auto& r : read_all(*s, q)) v.push_back(r.value);
    return v;
  };
  using V = std::vector<double>;
  EXPECT_EQ(values({}), (V{1, 2, 3, 4}));
  EXPECT_EQ(values(query("375", {}, {})), (V{1, 2, 3}));
  EXPECT_EQ(values(query("376", {}, {})), (V{4}));
  EXPECT_EQ(values(query({}, "P1", {})), (V{1, 2}));
  EXPECT_EQ(values(query({}, "", {})), (V{4}));
  EXPECT_EQ(values(query({}, {}, "q")), (V{1, 3, 4}));
  EXPECT_EQ(values(query("375", "P1", "r")), (V{2}));
  EXPECT_EQ(values(query({}, "nope", {})), (V{}));
  EXPECT_EQ(values(query({}, {}, {}, 2)), (V{3, 4}));
  EXPECT_EQ(values(query({}, {}, "q", 1)), (V{3, 4}));
  EXPECT_EQ(values(query({}, {}, {}, 4)), (V{}));
}

// Pages of `limit` records, each read after the last revision of the previous one.
std::vector<std::vector<ActualRecord>> pages(const ActualsStore& s, ActualsQuery q,
                                             std::size_t limit) {
  std::vector<std::vector<ActualRecord>> out;
  q.limit = limit;
  for (;;) {
    auto page = read_all(s, q);
    if (page.empty()) break;
    EXPECT_LE(page.size(), limit);
    q.after_revision = page.back().revision;
    out.push_back(std::move(page));
    if (out.size() > 100) break;  // a store ignoring after_revision would loop forever
  }
  return out;
}

std::vector<std::int64_t> revisions(const std::vector<ActualRecord>& records) {
  std::vector<std::int64_t> out;
  for (const auto& r : records) out.push_back(r.revision);
  return out;
}

TEST_P(StoreConformance, LimitReadsTheLowestRevisionsAndPagesCoverEverything) {
  auto s = open();
  ASSERT_TRUE(s);
  for (int b = 0; b < 3; ++b) {
    std::vector<ActualRecord> batch;
    for (int i = 0; i < 3; ++i) batch.push_back(rec("P" + std::to_string(i), "q", b * 3 + i));
    ASSERT_TRUE(s->append(batch, "a").ok());
  }
  const auto all = read_all(*s);
  ASSERT_EQ(all.size(), 9u);

  ActualsQuery q;
  q.limit = 4;
  const auto first = read_all(*s, q);
  EXPECT_EQ(revisions(first), (std::vector<std::int64_t>{all[0].revision, all[1].revision,
                                                         all[2].revision, all[3].revision}));
  q.limit = 0;
  EXPECT_TRUE(read_all(*s, q).empty());
  q.limit = 100;
  EXPECT_EQ(read_all(*s, q).size(), 9u);
  q.limit = 1;
  q.after_revision = all[8].revision;
  EXPECT_TRUE(read_all(*s, q).empty());

  for (std::size_t limit : {1u, 2u, 4u, 9u, 10u}) {
    std::vector<ActualRecord> joined;
    const auto paged = pages(*s, {}, limit);
    EXPECT_EQ(paged.size(), (9 + limit - 1) / limit) << "limit " << limit;
    for (const auto& page : paged) joined.insert(joined.end(), page.begin(), page.end());
    EXPECT_EQ(revisions(joined), revisions(all)) << "limit " << limit;
  }
  // The filters apply before the limit: a page is full of matching records.
  ActualsQuery filtered;
  filtered.project = "P1";
  const auto p1 = pages(*s, filtered, 2);
  ASSERT_EQ(p1.size(), 2u);
  EXPECT_EQ(p1[0].size(), 2u);
  EXPECT_EQ(p1[1].size(), 1u);
  for (const auto& page : p1) {
    for (const auto& r : page) EXPECT_EQ(r.project, "P1");
  }
}

TEST_P(StoreConformance, DepartmentScopeIsPartOfTheQuery) {
  auto s = open();
  ASSERT_TRUE(s);
  // Departments interleaved, one with characters that need quoting in an SQL array literal.
  const std::vector<std::string> departments{"375", "376",       "3\"7,7}\\", "375",
                                             "376", "3\"7,7}\\", "375",       "376"};
  std::vector<ActualRecord> batch;
  for (std::size_t i = 0; i < departments.size(); ++i) {
    batch.push_back(rec("P", "q", static_cast<double>(i)));
    batch.back().department = departments[i];
  }
  ASSERT_TRUE(s->append(batch, "a").ok());

  ActualsQuery scoped;
  scoped.departments = std::vector<std::string>{"375", "3\"7,7}\\"};
  std::vector<double> expected{0, 2, 3, 5, 6};
  auto values = [](const std::vector<ActualRecord>& records) {
    std::vector<double> v;
    for (const auto& r : records) v.push_back(r.value);
    return v;
  };
  EXPECT_EQ(values(read_all(*s, scoped)), expected);
  // Paging the scoped records neither skips nor leaks any: every page is full until the last.
  std::vector<ActualRecord> joined;
  const auto paged = pages(*s, scoped, 2);
  ASSERT_EQ(paged.size(), 3u);
  for (const auto& page : paged) joined.insert(joined.end(), page.begin(), page.end());
  EXPECT_EQ(values(joined), expected);

  scoped.department = "376";  // a filter outside the scope matches nothing
  EXPECT_TRUE(read_all(*s, scoped).empty());
  scoped.department = "375";
  EXPECT_EQ(values(read_all(*s, scoped)), (std::vector<double>{0, 3, 6}));
  ActualsQuery none;
  none.departments = std::vector<std::string>{};
  EXPECT_TRUE(read_all(*s, none).empty());
  none.departments = std::vector<std::string>{"999"};
  EXPECT_TRUE(read_all(*s, none).empty());
}

TEST_P(StoreConformance, ConcurrentAppendsLoseAndDuplicateNothing) {
  auto s = open();
  ASSERT_TRUE(s);
  constexpr int kThreads = 4;
  constexpr int kBatches = 40;
  constexpr int kPerBatch = 3;
  std::vector<std::vector<AppendReceipt>> receipts(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<ActualRecord> batch;
        for (int i = 0; i < kPerBatch; ++i) {
          auto r = rec("P" + std::to_string(t), "q", b * kPerBatch + i);
          r.note = std::to_string(t) + "/" + std::to_string(b) + "/" + std::to_string(i);
          batch.push_back(std::move(r));
        }
        auto r = s->append(batch, "thread-" + std::to_string(t));
        if (!r) {
          ADD_FAILURE() << r.error().message;
          return;
        }
        receipts[static_cast<std::size_t>(t)].push_back(*r);
      }
    });
  }
  for (auto& t : threads) t.join();
  const auto all = read_all(*s);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kThreads * kBatches * kPerBatch));
  std::map<std::int64_t, const ActualRecord*> by_revision;
  for (const auto& r : all) EXPECT_TRUE(by_revision.emplace(r.revision, &r).second);
  EXPECT_EQ(by_revision.begin()->first, 1);
  EXPECT_EQ(by_revision.rbegin()->first, static_cast<std::int64_t>(all.size()));
  // Each receipt names exactly the records its batch stored, in order.
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(receipts[static_cast<std::size_t>(t)].size(), static_cast<std::size_t>(kBatches));
    for (int b = 0; b < kBatches; ++b) {
      const auto& receipt = receipts[static_cast<std::size_t>(t)][static_cast<std::size_t>(b)];
      for (int i = 0; i < kPerBatch; ++i) {
        const ActualRecord* r = by_revision.at(receipt.first_revision + i);
        EXPECT_EQ(r->note, std::to_string(t) + "/" + std::to_string(b) + "/" + std::to_string(i));
        EXPECT_EQ(r->source, "thread-" + std::to_string(t));
      }
    }
  }
}

// The receipt's received_unix is what the store recorded, so a caller keeps exact copies of a
// batch without reading it back.
TEST_P(StoreConformance, ReceiptCarriesTheStoredReceivedTime) {
  auto s = open();
  ASSERT_TRUE(s);
  auto receipt = s->append(std::vector<ActualRecord>{rec("P1", "q", 1), rec("P1", "r", 2)}, "a");
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  EXPECT_NE(receipt->received_unix, 0);
  const auto all = read_all(*s);
  ASSERT_EQ(all.size(), 2u);
  for (const ActualRecord& r : all) EXPECT_EQ(r.received_unix, receipt->received_unix);
}

// Writers that commit together (PostgreSQL groups concurrent appends into one transaction) must
// still fail alone: a batch breaking a constraint is refused as invalid, every other batch of
// the same moment is stored whole with the revisions its receipt names.
TEST_P(StoreConformance, ConcurrentBadBatchesFailAloneAndTheOthersAreStored) {
  auto s = open();
  ASSERT_TRUE(s);
  constexpr int kThreads = 4;
  constexpr int kBatches = 30;
  constexpr int kPerBatch = 3;
  std::vector<std::vector<AppendReceipt>> receipts(kThreads);
  std::vector<int> refused(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0; b < kBatches; ++b) {
        const bool bad = (b + t) % 3 == 0;
        std::vector<ActualRecord> batch;
        for (int i = 0; i < kPerBatch; ++i) {
          auto r = rec("P" + std::to_string(t), bad && i == 1 ? "" : "q", b * kPerBatch + i);
          r.note = std::to_string(t) + "/" + std::to_string(b) + "/" + std::to_string(i);
          batch.push_back(std::move(r));
        }
        auto r = s->append(batch, "thread-" + std::to_string(t));
        if (bad) {
          if (r.ok()) {
            ADD_FAILURE() << "a batch without an indicator was stored";
          } else {
            EXPECT_EQ(r.error().kind, StoreErrorKind::kInvalid) << r.error().message;
            ++refused[static_cast<std::size_t>(t)];
          }
          continue;
        }
        if (!r) {
          ADD_FAILURE() << r.error().message;
          return;
        }
        receipts[static_cast<std::size_t>(t)].push_back(*r);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::size_t good = 0;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(refused[static_cast<std::size_t>(t)] +
                  static_cast<int>(receipts[static_cast<std::size_t>(t)].size()),
              kBatches);
    good += receipts[static_cast<std::size_t>(t)].size();
  }
  const auto all = read_all(*s);
  ASSERT_EQ(all.size(), good * kPerBatch);
  std::map<std::int64_t, const ActualRecord*> by_revision;
  for (const auto& r : all) {
    EXPECT_FALSE(r.indicator.empty());
    EXPECT_TRUE(by_revision.emplace(r.revision, &r).second);
  }
  for (int t = 0; t < kThreads; ++t) {
    for (const AppendReceipt& receipt : receipts[static_cast<std::size_t>(t)]) {
      ASSERT_EQ(receipt.count, static_cast<std::size_t>(kPerBatch));
      const ActualRecord* first = by_revision.at(receipt.first_revision);
      const std::string batch = first->note.substr(0, first->note.rfind('/') + 1);
      for (int i = 0; i < kPerBatch; ++i) {
        const ActualRecord* r = by_revision.at(receipt.first_revision + i);
        EXPECT_EQ(r->note, batch + std::to_string(i));
        EXPECT_EQ(r->source, "thread-" + std::to_string(t));
      }
    }
  }
}

TEST_P(StoreConformance, ReopenedStoreHasEverythingAndContinuesRevisions) {
  if (!shares_data()) GTEST_SKIP() << "a memory store keeps nothing after it is destroyed";
  {
    auto s = open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->append(std::vector<ActualRecord>{rec("P1", "q", 1), rec("P1", "q", 2)}, "a"));
  }
  auto s = open();
  ASSERT_TRUE(s);
  EXPECT_EQ(read_all(*s).size(), 2u);
  auto r = s->append(std::vector<ActualRecord>{rec("P1", "q", 3)}, "a");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first_revision, 3);
}

// What a start-up reads: at least the latest revision of every identity (department, project,
// indicator, as_of, fund), in revision order, only stored records, and the count of all. Checked
// on a fresh store object (a SQLite one then reads its snapshot) and after more appends.
void expect_latest_covers(const ActualsStore& store, const std::vector<ActualRecord>& all) {
  std::vector<ActualRecord> handed;
  // (The chunk size is a most, and a backend may hand everything at once.)
  auto stored = store.read_latest(4, [&](std::vector<ActualRecord>&& chunk) {
    handed.insert(handed.end(), chunk.begin(), chunk.end());
  });
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  EXPECT_EQ(*stored, static_cast<std::int64_t>(all.size()));
  for (std::size_t i = 1; i < handed.size(); ++i) {
    EXPECT_LT(handed[i - 1].revision, handed[i].revision);
  }
  const auto identity = [](const ActualRecord& r) {
    return std::tie(r.department, r.project, r.indicator, r.as_of, r.fund);
  };
  for (const ActualRecord& r : all) {
    const bool latest = std::none_of(all.begin(), all.end(), [&](const ActualRecord& o) {
      return identity(o) == identity(r) && o.revision > r.revision;
    });
    const bool given = std::find(handed.begin(), handed.end(), r) != handed.end();
    if (latest) {
      EXPECT_TRUE(given) << "revision " << r.revision << " is the latest, not handed";
    }
  }
  for (const ActualRecord& h : handed) {
    EXPECT_NE(std::find(all.begin(), all.end(), h), all.end()) << "revision " << h.revision;
  }
}

TEST_P(StoreConformance, ReadLatestHandsTheLatestRevisionOfEveryIdentity) {
  std::vector<ActualRecord> first;
  for (int round = 0; round < 3; ++round) {
    for (int p = 0; p < 3; ++p) {
      first.push_back(rec("P" + std::to_string(p), "q", round * 10 + p));
      ActualRecord fiscal = rec("P" + std::to_string(p), "spending", round);
      fiscal.fund = FundSource::kFiscal;
      first.push_back(fiscal);
    }
  }
  first.push_back(rec("P0", "q", 99, Date::from_ymd(2025, 4, 30)));  // another date
  ActualRecord retraction = rec("P1", "q", 0);
  retraction.retracted = true;
  first.push_back(retraction);
  auto s = open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->append(first, "a").ok());
  if (shares_data()) {
    s.reset();
    s = open();
    ASSERT_TRUE(s);
  }
  const auto all = read_all(*s);
  ASSERT_EQ(all.size(), first.size());
  expect_latest_covers(*s, all);
  // Records after whatever the backend kept: the newer revisions must still come through.
  ASSERT_TRUE(s->append(std::vector<ActualRecord>{rec("P2", "q", 7), rec("P9", "q", 1)}, "b").ok());
  expect_latest_covers(*s, read_all(*s));
  if (shares_data()) {
    s.reset();
    s = open();
    ASSERT_TRUE(s);
    expect_latest_covers(*s, read_all(*s));
  }
}

TEST_P(StoreConformance, PingAnswers) {
  auto s = open();
  ASSERT_TRUE(s);
  auto p = s->ping();
  EXPECT_TRUE(p.ok()) << p.error().message;
}

// A second store object on the same data (another daemon) learns of a commit through its feed
// within 2 s, then catches up by reading after the last revision it had.
TEST_P(StoreConformance, ChangeFeedAnnouncesCommitsOfOthers) {
  auto writer = open();
  ASSERT_TRUE(writer);
  ASSERT_TRUE(writer->append(std::vector<ActualRecord>{rec("P1", "q", 1)}, "a").ok());
  std::unique_ptr<ActualsStore> second = shares_data() ? open() : nullptr;
  const ActualsStore& reader = second ? *second : *writer;
  auto feed = reader.subscribe();
  ASSERT_TRUE(feed);
  // The protocol: subscribe, read everything, then follow the feed.
  auto seen = read_all(reader);
  ASSERT_EQ(seen.size(), 1u);
  std::int64_t last_seen = seen.back().revision;
  // Drain what the subscription itself reports (a fresh connection cannot know what it missed).
  for (int i = 0; i < 3; ++i) {
    auto n = feed->wait(std::chrono::milliseconds(50));
    ASSERT_TRUE(n.ok()) << n.error().message;
    if (!n->changed) break;
  }
  auto quiet = feed->wait(std::chrono::milliseconds(100));
  ASSERT_TRUE(quiet.ok());
  EXPECT_FALSE(quiet->changed);

  std::thread later([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(
        writer->append(std::vector<ActualRecord>{rec("P2", "q", 2), rec("P3", "q", 3)}, "b").ok());
  });
  const auto start = std::chrono::steady_clock::now();
  auto n = feed->wait(std::chrono::seconds(2));
  const auto waited = std::chrono::steady_clock::now() - start;
  later.join();
  ASSERT_TRUE(n.ok()) << n.error().message;
  ASSERT_TRUE(n->changed) << "no notification within 2 s";
  EXPECT_LT(waited, std::chrono::seconds(2));
  if (n->last_revision != 0) {
    EXPECT_EQ(n->last_revision, 3);
  }
  auto news = read_all(reader, query({}, {}, {}, last_seen));
  ASSERT_EQ(news.size(), 2u);
  EXPECT_EQ(news[0].revision, 2);
  EXPECT_EQ(news[1].source, "b");
}

// The feed may outlive its store (a daemon shutting down stops the two in either order).
TEST_P(StoreConformance, FeedOutlivesTheStore) {
  auto s = open();
  ASSERT_TRUE(s);
  auto feed = s->subscribe();
  s.reset();
  auto n = feed->wait(std::chrono::milliseconds(20));
  EXPECT_TRUE(n.ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformance,
                         ::testing::Values(Backend::kMemory, Backend::kSqlite, Backend::kPostgres),
                         backend_name);

}  // namespace
}  // namespace targetwatch
