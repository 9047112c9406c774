// ActualsIndex versions: batches applied one by one give exactly the series of one rebuild from
// every record (seeded random sequences), which match a naive model of the documented rules.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "targetwatch/evaluate/actuals_index.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::day;
using testing::record;

const std::vector<std::string> kDepartments = {"375", "376"};
const std::vector<std::string> kProjects = {"P1", "P2", ""};
const std::vector<std::string> kIndicators = {"spending", "q-1"};
const std::vector<FundSource> kFunds = {FundSource::kTotal, FundSource::kFiscal,
                                        FundSource::kOther};
// Few dates, so that revisions of one date meet often; a year boundary in the middle.
const std::vector<const char*> kDates = {"2024-11-30", "2024-12-31", "2025-01-15", "2025-01-31",
                                         "2025-03-31"};

// Random records over a small key space: revisions mostly rising like a store's, sometimes
// equal (ties) or lower (a late old revision); retractions, increments, split funds, NaN, inf.
class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  std::vector<ActualRecord> batch() {
    std::vector<ActualRecord> out(pick(12));
    for (ActualRecord& r : out) {
      r = record(kProjects[pick(kProjects.size())], kIndicators[pick(kIndicators.size())],
                 static_cast<double>(pick(100)), kDates[pick(kDates.size())],
                 pick(3) == 0 ? RecordMode::kIncrement : RecordMode::kCumulative, 0,
                 kDepartments[pick(kDepartments.size())]);
      const std::size_t f = pick(5);  // totals more often than splits
      r.fund = f < 3 ? FundSource::kTotal : kFunds[f - 2];
      r.retracted = pick(8) == 0;
      const std::size_t odd = pick(25);
      if (odd == 0) r.value = std::numeric_limits<double>::quiet_NaN();
      if (odd == 1) r.value = std::numeric_limits<double>::infinity();
      const std::size_t rev = pick(10);
      revision_ += rev < 7 ? 1 : 0;
      r.revision = rev == 9 ? revision_ - static_cast<std::int64_t>(pick(5)) : revision_;
      r.note = "n" + std::to_string(serial_++);  // tells equal figures apart
    }
    return out;
  }

 private:
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  std::mt19937 rng_;
  std::int64_t revision_ = 1;
  int serial_ = 0;
};

// The rules of actuals_index.h written the plain way, as the reference.
std::vector<SeriesPoint> model_series(const std::vector<ActualRecord>& all, const std::string& d,
                                      const std::string& p, const std::string& i, FundSource f) {
  const auto explicit_series = [&](FundSource fund, bool& any) {
    std::map<Date, const ActualRecord*> winner;
    for (const ActualRecord& r : all) {
      if (r.department != d || r.project != p || r.indicator != i || r.fund != fund) continue;
      if (!std::isfinite(r.value)) continue;
      any = true;
      auto& w = winner[r.as_of];
      if (w == nullptr || r.revision >= w->revision) w = &r;  // later input wins ties
    }
    std::vector<SeriesPoint> out;
    double level = 0;
    for (const auto& [date, w] : winner) {
      if (w->retracted) continue;
      const bool same_year = !out.empty() && out.back().as_of.year() == date.year();
      const double base = same_year ? level : 0;
      level = w->mode == RecordMode::kIncrement ? base + w->value : w->value;
      out.push_back(SeriesPoint{date, w->mode, level, w->value, w});
    }
    return out;
  };
  bool any_total = false;
  auto totals = explicit_series(FundSource::kTotal, any_total);
  if (f != FundSource::kTotal) {
    bool unused = false;
    return explicit_series(f, unused);
  }
  if (any_total) return totals;
  bool any_fiscal = false, any_other = false;
  const auto fiscal = explicit_series(FundSource::kFiscal, any_fiscal);
  const auto other = explicit_series(FundSource::kOther, any_other);
  std::map<Date, const ActualRecord*> setters;
  for (const auto& s : other) setters[s.as_of] = s.record;
  for (const auto& s : fiscal) setters[s.as_of] = s.record;  // fiscal sets when both do
  std::vector<SeriesPoint> out;
  for (const auto& [date, setter] : setters) {
    const auto part = [&](const std::vector<SeriesPoint>& s) {
      double level = 0;
      for (const auto& point : s) {
        if (point.as_of <= date) level = point.as_of.year() == date.year() ? point.level : 0;
      }
      return level;
    };
    const double level = part(fiscal) + part(other);
    out.push_back(SeriesPoint{date, RecordMode::kCumulative, level, level, setter});
  }
  return out;
}

std::size_t model_series_count(const std::vector<ActualRecord>& all) {
  std::set<std::tuple<std::string, std::string, std::string, FundSource>> keys;
  for (const ActualRecord& r : all) {
    if (!std::isfinite(r.value)) continue;
    keys.insert({r.department, r.project, r.indicator, r.fund});
    keys.insert({r.department, r.project, r.indicator, FundSource::kTotal});
  }
  return keys.size();
}

// Same points, and each point from an equal record (the copies are the index's own).
void expect_same(std::span<const SeriesPoint> got, const std::vector<SeriesPoint>& want,
                 const std::string& where) {
  ASSERT_EQ(got.size(), want.size()) << where;
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_EQ(got[k].as_of, want[k].as_of) << where << " point " << k;
    EXPECT_EQ(got[k].mode, want[k].mode) << where << " point " << k;
    EXPECT_DOUBLE_EQ(got[k].level, want[k].level) << where << " point " << k;
    EXPECT_DOUBLE_EQ(got[k].reported, want[k].reported) << where << " point " << k;
    ASSERT_NE(got[k].record, nullptr) << where;
    EXPECT_EQ(*got[k].record, *want[k].record) << where << " point " << k;
  }
}

void expect_matches_model(const ActualsIndex& index, const std::vector<ActualRecord>& all,
                          const std::string& where) {
  EXPECT_EQ(index.record_count(), all.size()) << where;
  EXPECT_EQ(index.series_count(), model_series_count(all)) << where;
  for (const auto& d : kDepartments) {
    for (const auto& p : kProjects) {
      for (const auto& i : kIndicators) {
        for (FundSource f : kFunds) {
          expect_same(index.series(d, p, i, f), model_series(all, d, p, i, f),
                      where + " " + d + "/" + p + "/" + i + "/" + std::string(to_string(f)));
        }
      }
    }
  }
}

TEST(ActualsIndexVersions, BatchByBatchEqualsOneRebuildAndTheModel) {
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    Generator gen(seed);
    std::vector<ActualRecord> all;
    ActualsIndex incremental;
    // Earlier versions with the records they had: a new version must leave them unchanged.
    std::vector<std::pair<ActualsIndex, std::size_t>> earlier;
    const int batches = 1 + static_cast<int>(seed % 15);
    for (int b = 0; b < batches; ++b) {
      auto batch = gen.batch();
      all.insert(all.end(), batch.begin(), batch.end());
      incremental = incremental.with(std::move(batch));
      earlier.emplace_back(incremental, all.size());
    }
    const std::string where = "seed " + std::to_string(seed);
    const ActualsIndex rebuilt(all);
    expect_matches_model(rebuilt, all, where + " rebuilt");
    expect_matches_model(incremental, all, where + " incremental");
    for (const auto& [version, count] : earlier) {
      const std::vector<ActualRecord> then(all.begin(), all.begin() + static_cast<long>(count));
      expect_matches_model(version, then, where + " version of " + std::to_string(count));
    }
    if (HasFailure()) return;
  }
}

TEST(ActualsIndexVersions, TheOnePassBuilderEqualsTheModelChunkByChunk) {
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    Generator gen(seed);
    std::vector<ActualRecord> all;
    ActualsIndex::Builder builder;
    const int chunks = 1 + static_cast<int>(seed % 9);
    for (int c = 0; c < chunks; ++c) {
      auto chunk = gen.batch();
      all.insert(all.end(), chunk.begin(), chunk.end());
      builder.add(std::move(chunk));
    }
    const ActualsIndex built = std::move(builder).build();
    expect_matches_model(built, all, "seed " + std::to_string(seed) + " built");
    // A later version made from a built one follows the same rules.
    auto more = gen.batch();
    all.insert(all.end(), more.begin(), more.end());
    expect_matches_model(built.with(std::move(more)), all, "seed " + std::to_string(seed) + " +1");
    if (HasFailure()) return;
  }
}

TEST(ActualsIndexVersions, TheBuilderCountsRecordsItWasToldWereSuperseded) {
  ActualsIndex::Builder builder;
  builder.add({record("P1", "q-1", 5, "2025-03-31", RecordMode::kCumulative, 7)});
  builder.count_superseded(6);
  const ActualsIndex index = std::move(builder).build();
  EXPECT_EQ(index.record_count(), 7u);
  EXPECT_EQ(index.series_count(), 1u);
  EXPECT_EQ(index.level_at("375", "P1", "q-1", day("2025-12-31")), 5);
}

TEST(ActualsIndexVersions, ANewVersionLeavesTheOldOneAndItsRecordsIntact) {
  const ActualsIndex first({record("P1", "q-1", 5, "2025-03-31", RecordMode::kCumulative, 1)});
  const SeriesPoint* before = first.latest("375", "P1", "q-1", day("2025-12-31"));
  ASSERT_NE(before, nullptr);
  const ActualsIndex second =
      first.with({record("P1", "q-1", 9, "2025-03-31", RecordMode::kCumulative, 2)});
  EXPECT_EQ(second.level_at("375", "P1", "q-1", day("2025-12-31")), 9);
  EXPECT_EQ(first.level_at("375", "P1", "q-1", day("2025-12-31")), 5);
  EXPECT_EQ(before->record->value, 5);  // still alive: the old version owns it
  EXPECT_EQ(second.record_count(), 2u);
  EXPECT_EQ(second.series_count(), 1u);
}

TEST(ActualsIndexVersions, AnExplicitTotalReplacesADerivedOneInALaterBatch) {
  ActualRecord fiscal = record("P1", "spending", 30, "2025-03-31", RecordMode::kCumulative, 1);
  fiscal.fund = FundSource::kFiscal;
  const ActualsIndex split({fiscal});
  EXPECT_EQ(split.level_at("375", "P1", "spending", day("2025-03-31")), 30);
  const ActualsIndex with_total =
      split.with({record("P1", "spending", 45, "2025-02-28", RecordMode::kCumulative, 2)});
  const auto total = with_total.series("375", "P1", "spending");
  ASSERT_EQ(total.size(), 1u);
  EXPECT_EQ(total[0].as_of, day("2025-02-28"));
  EXPECT_EQ(total[0].level, 45);
  // A later split record leaves the explicit total alone.
  fiscal.revision = 3;
  fiscal.as_of = day("2025-04-30");
  const ActualsIndex later = with_total.with({fiscal});
  EXPECT_EQ(later.series("375", "P1", "spending").size(), 1u);
  EXPECT_EQ(later.series("375", "P1", "spending", FundSource::kFiscal).size(), 2u);
}

TEST(ActualsIndexVersions, AnOlderRevisionArrivingLaterLoses) {
  const ActualsIndex index =
      ActualsIndex({record("P1", "q-1", 7, "2025-05-31", RecordMode::kCumulative, 8)})
          .with({record("P1", "q-1", 3, "2025-05-31", RecordMode::kCumulative, 4)});
  EXPECT_EQ(index.level_at("375", "P1", "q-1", day("2025-05-31")), 7);
}

TEST(ActualsIndexVersions, ManyKeysStayFindableAcrossShards) {
  std::vector<ActualRecord> records;
  for (int k = 0; k < 5000; ++k) {
    records.push_back(
        record("P" + std::to_string(k), "q-1", k, "2025-03-31", RecordMode::kCumulative, k + 1));
  }
  ActualsIndex index(records);
  index = index.with({record("P17", "q-1", 1700, "2025-04-30", RecordMode::kCumulative, 9000)});
  EXPECT_EQ(index.series_count(), 5000u);
  for (int k = 0; k < 5000; ++k) {
    ASSERT_EQ(index.level_at("375", "P" + std::to_string(k), "q-1", day("2025-03-31")), k) << k;
  }
  EXPECT_EQ(index.level_at("375", "P17", "q-1", day("2025-04-30")), 1700);
  EXPECT_TRUE(index.series("375", "P5000", "q-1").empty());
}

}  // namespace
}  // namespace targetwatch
