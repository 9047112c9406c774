// Store benchmarks: append rate with and without group commit, big batches, reading everything;
// the same against a throw-away PostgreSQL (fsync on) on loopback, when installed.
// The SQLite store lives in $TARGETWATCH_BENCH_DIR (default: the system temp directory); put it
// on the disk you care about, since the numbers are dominated by fsync.
// A full read of 1.1M records: bench_store --benchmark_filter='read_all/1100000'.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "postgres.h"
#include "targetwatch/store/actuals_store.h"

namespace targetwatch {
namespace {

std::filesystem::path bench_dir() {
  const char* env = std::getenv("TARGETWATCH_BENCH_DIR");
  std::string tmpl =
      ((env && *env) ? std::filesystem::path(env) : std::filesystem::temp_directory_path()) /
      "tw-bench-XXXXXX";
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed in " + tmpl);
  return tmpl;
}

// One store per benchmark run, shared by its threads; removed afterwards.
struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<ActualsStore> store;
};
Fixture* g_fixture = nullptr;

void open_store(bool group_commit) {
  g_fixture = new Fixture;
  g_fixture->dir = bench_dir();
  SqliteStoreOptions options;
  options.group_commit = group_commit;
  auto s = open_sqlite_store((g_fixture->dir / "bench.db").string(), options);
  if (!s.ok()) throw std::runtime_error(s.error().message);
  g_fixture->store = std::move(s.value());
}

void close_store(const benchmark::State&) {
  g_fixture->store.reset();
  if (!g_fixture->dir.empty()) std::filesystem::remove_all(g_fixture->dir);
  delete g_fixture;
  g_fixture = nullptr;
}

// One durable server for the whole run, started on first use.
testing::PostgresServer* bench_server(std::string& reason) {
  static std::string failure;
  static std::unique_ptr<testing::PostgresServer> server =
      testing::PostgresServer::start(failure, /*durable=*/true);
  reason = failure;
  return server.get();
}

void open_postgres(const benchmark::State&) {
  g_fixture = new Fixture;
  std::string reason;
  auto* server = bench_server(reason);
  if (!server) throw std::runtime_error("no PostgreSQL: " + reason);
  auto s = open_postgres_store(server->create_database());
  if (!s.ok()) throw std::runtime_error(s.error().message);
  g_fixture->store = std::move(s.value());
}

void setup_grouped(const benchmark::State&) { open_store(true); }
void setup_single(const benchmark::State&) { open_store(false); }

std::vector<ActualRecord> make_batch(std::size_t n, int seed) {
  std::vector<ActualRecord> batch(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto& r = batch[i];
    r.department = "375";
    r.project = "13100025P0004121" + std::to_string(1000 + (seed + i) % 500) + "X";
    r.indicator = i % 3 == 0 ? "spending" : "quantity-" + std::to_string(i % 5 + 1);
    r.value = static_cast<double>(i) * 1.5 + seed;
    r.as_of = Date::from_ymd(2025, 1, 1).plus_days(static_cast<std::int32_t>(i % 365));
    r.unit = "万元";
    r.note = i % 10 == 0 ? "一季度结算延迟，4月补付" : "";
  }
  return batch;
}

void BM_AppendOneRecord(benchmark::State& state) {
  const auto batch = make_batch(1, state.thread_index());
  for (auto _ : state) {
    auto r = g_fixture->store->append(batch, "bench");
    if (!r.ok()) state.SkipWithError(r.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AppendOneRecord)
    ->Name("append_1_record/group_commit")
    ->Setup(setup_grouped)
    ->Teardown(close_store)
    ->Threads(1)
    ->Threads(8)
    ->UseRealTime()
    ->MinTime(2);
BENCHMARK(BM_AppendOneRecord)
    ->Name("append_1_record/no_group_commit")
    ->Setup(setup_single)
    ->Teardown(close_store)
    ->Threads(1)
    ->Threads(8)
    ->UseRealTime()
    ->MinTime(2);

void BM_AppendBatch(benchmark::State& state) {
  const auto batch = make_batch(static_cast<std::size_t>(state.range(0)), 7);
  for (auto _ : state) {
    auto r = g_fixture->store->append(batch, "bench");
    if (!r.ok()) state.SkipWithError(r.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AppendBatch)
    ->Name("append_batch")
    ->Arg(10000)
    ->Setup(setup_grouped)
    ->Teardown(close_store)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_AppendBatch)
    ->Name("postgres/append_batch")
    ->Arg(1000)
    ->Arg(10000)
    ->Setup(open_postgres)
    ->Teardown(close_store)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_AppendOneRecord)
    ->Name("postgres/append_1_record")
    ->Setup(open_postgres)
    ->Teardown(close_store)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime()
    ->MinTime(2);

// Fills the store with state.range(0) records, in batches of 10,000.
void populate(const benchmark::State& state) {
  const auto batch = make_batch(10000, 3);
  for (int i = 0; i < state.range(0) / 10000; ++i) {
    if (!g_fixture->store->append(batch, "bench").ok()) throw std::runtime_error("populate");
  }
}

void setup_100k(const benchmark::State& state) {
  open_store(true);
  populate(state);
}

void setup_postgres_populated(const benchmark::State& state) {
  open_postgres(state);
  populate(state);
}

void BM_ReadAll(benchmark::State& state) {
  for (auto _ : state) {
    auto all = g_fixture->store->read();
    if (!all.ok() || all->size() != static_cast<std::size_t>(state.range(0))) {
      state.SkipWithError("read failed");
    }
    benchmark::DoNotOptimize(all);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ReadAll)
    ->Name("read_all")
    ->Arg(100000)
    ->Arg(1100000)
    ->Setup(setup_100k)
    ->Teardown(close_store)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK(BM_ReadAll)
    ->Name("postgres/read_all")
    ->Arg(100000)
    ->Setup(setup_postgres_populated)
    ->Teardown(close_store)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_ReadOneSeries(benchmark::State& state) {
  ActualsQuery q;
  q.project = "13100025P00041211003X";
  q.indicator = "spending";
  for (auto _ : state) {
    auto some = g_fixture->store->read(q);
    benchmark::DoNotOptimize(some);
  }
}
BENCHMARK(BM_ReadOneSeries)
    ->Name("read_one_series_of_100k")
    ->Arg(100000)
    ->Setup(setup_100k)
    ->Teardown(close_store)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

}  // namespace
}  // namespace targetwatch

BENCHMARK_MAIN();
