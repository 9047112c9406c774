// Benchmark: the actuals index at province scale and beyond: a build from every stored record
// (start-up) and the next version after a batch (one record, 10,000 records) with 1.1M stored.
#include <benchmark/benchmark.h>

#include <optional>
#include <string>
#include <vector>

#include "targetwatch/evaluate/actuals_index.h"

namespace targetwatch {
namespace {

// `count` records over count / per_key keys (per_key monthly figures each), revisions in order,
// like a store read at start-up: 500 departments x 200 projects x 11 series at 1.1M.
std::vector<ActualRecord> stored(std::size_t count, std::int64_t first_revision = 1,
                                 std::size_t per_key = 10) {
  std::vector<ActualRecord> out;
  out.reserve(count);
  const std::size_t keys = std::max<std::size_t>(1, count / per_key);
  for (std::size_t n = 0; n < count; ++n) {
    const std::size_t key = n % keys;
    ActualRecord r;
    r.department = std::to_string(100 + key / 2200);
    r.project = "P" + std::to_string(key / 11 % 200);
    r.indicator = key % 11 == 10 ? "spending" : "indicator-" + std::to_string(key % 11 + 1);
    r.value = static_cast<double>(n % 997);
    r.as_of = Date::from_ymd(2025, static_cast<int>(n / keys % 10) + 1, 28);
    r.unit = "件";
    r.source = "bench";
    r.revision = first_revision + static_cast<std::int64_t>(n);
    out.push_back(std::move(r));
  }
  return out;
}

void BM_BuildFromStore(benchmark::State& state) {
  const auto records = stored(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = records;
    state.ResumeTiming();
    const ActualsIndex index(std::move(copy));
    benchmark::DoNotOptimize(index.series_count());
  }
  state.counters["records"] = static_cast<double>(records.size());
}
BENCHMARK(BM_BuildFromStore)->Arg(110'000)->Arg(1'100'000)->Unit(benchmark::kMillisecond);

// The next version after a batch of `range(1)` records (one figure for each of as many stored
// series: a month's upload), with `range(0)` records indexed.
void BM_NextVersion(benchmark::State& state) {
  const auto records = static_cast<std::size_t>(state.range(0));
  const ActualsIndex base(stored(records));
  auto batch =
      stored(static_cast<std::size_t>(state.range(1)), static_cast<std::int64_t>(records) + 1, 1);
  for (auto& r : batch) r.as_of = Date::from_ymd(2025, 11, 30);
  std::optional<ActualsIndex> next;
  for (auto _ : state) {
    state.PauseTiming();
    next.reset();  // dropping the previous version is not this batch's cost
    auto copy = batch;
    state.ResumeTiming();
    next.emplace(base.with(std::move(copy)));
    benchmark::DoNotOptimize(next->series_count());
  }
}
BENCHMARK(BM_NextVersion)
    ->Args({1'100'000, 1})
    ->Args({1'100'000, 10'000})
    ->Args({110'000, 10'000})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace targetwatch

BENCHMARK_MAIN();
