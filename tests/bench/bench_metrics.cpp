// Benchmarks of /metrics rendering at province scale (departments x 200 projects x 10
// indicators): first render after new data, a cached scrape, a new evaluation with one department
// changed, gzip (first and cached), a one-department shard, and the pieces (what the HTTP layer
// sends) of a first, a cached, a one-department-changed and a gzip scrape.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/metrics/exporter.h"

namespace {
using namespace targetwatch;

constexpr int kProjects = 200;
constexpr int kIndicators = 10;

std::shared_ptr<const Targets> province(int departments) {
  auto t = std::make_shared<Targets>();
  for (int d = 0; d < departments; ++d) {
    Department dep;
    dep.code = std::to_string(100 + d);
    dep.name = "基准部门 " + std::to_string(d);
    dep.fiscal_year = 2025;
    for (int p = 0; p < kProjects; ++p) {
      Project pr;
      pr.code = "131" + dep.code + "25P" + std::to_string(100000000 + p);
      pr.name = "项目名称 " + std::to_string(p);
      pr.budget = 100 + p % 50;
      pr.spending_plan = {{Date::from_ymd(2025, 3, 31), 0.25},
                          {Date::from_ymd(2025, 6, 30), 0.5},
                          {Date::from_ymd(2025, 10, 31), 0.9}};
      for (int i = 0; i < kIndicators; ++i) {
        Indicator ind;
        ind.id = "quantity-" + std::to_string(i + 1);
        ind.level1 = i < 6 ? "产出指标" : (i < 9 ? "效益指标" : "满意度指标");
        ind.level2 = "数量指标";
        ind.name = "指标名称 " + std::to_string(i);
        ind.comparator = Comparator::kGreaterEqual;
        ind.target = 100 + i;
        ind.unit = "件";
        pr.indicators.push_back(ind);
      }
      dep.projects.push_back(std::move(pr));
    }
    t->departments.push_back(std::move(dep));
  }
  return t;
}

// A spending figure and one indicator figure per project; department 0 spends `spent0`.
std::shared_ptr<const Evaluation> evaluation(const std::shared_ptr<const Targets>& targets,
                                             double spent0) {
  std::vector<ActualRecord> records;
  std::int64_t rev = 1;
  for (const Department& d : targets->departments) {
    for (const Project& p : d.projects) {
      ActualRecord r;
      r.department = d.code;
      r.project = p.code;
      r.indicator = "spending";
      r.value = &d == &targets->departments[0] ? spent0 : p.budget * 0.4;
      r.as_of = Date::from_ymd(2025, 6, 1);
      r.revision = rev++;
      records.push_back(r);
      r.indicator = "quantity-1";
      r.value = 40;
      r.revision = rev++;
      records.push_back(r);
    }
  }
  return std::make_shared<const Evaluation>(
      evaluate(targets, ActualsIndex(std::move(records)), Date::from_ymd(2025, 6, 30)));
}

struct World {
  explicit World(int indicators)
      : targets(province(indicators / (kProjects * kIndicators))),
        a(evaluation(targets, 10)),
        b(evaluation(targets, 20)) {}
  std::shared_ptr<const Targets> targets;
  std::shared_ptr<const Evaluation> a;  // two evaluations that differ in department 0 only
  std::shared_ptr<const Evaluation> b;
};

World& world(int indicators) {
  static World w(indicators);  // one world per process: building it takes seconds
  return w;
}

void counters(benchmark::State& state, const std::string& body) {
  state.counters["indicators"] = static_cast<double>(state.range(0));
  state.counters["MB"] = static_cast<double>(body.size()) / 1e6;
}

// The first scrape after new data: every department rendered (a fresh exporter each time).
void BM_FirstScrape(benchmark::State& state) {
  World& w = world(static_cast<int>(state.range(0)));
  std::string body;
  for (auto _ : state) {
    metrics::Exporter exporter("bench", [&] { return w.a; });
    body = exporter.scrape();
    benchmark::DoNotOptimize(body);
  }
  counters(state, body);
}

// The same as pieces: rendering every department into the cache, without assembling one body.
void BM_FirstScrapePieces(benchmark::State& state) {
  World& w = world(static_cast<int>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) {
    metrics::Exporter exporter("bench", [&] { return w.a; });
    metrics::ScrapePieces pieces = exporter.scrape_pieces({});
    bytes = pieces.size();
    benchmark::DoNotOptimize(pieces);
  }
  state.counters["indicators"] = static_cast<double>(state.range(0));
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

// Scrapes between two changes: the same evaluation, every department from the cache.
void BM_CachedScrape(benchmark::State& state) {
  World& w = world(static_cast<int>(state.range(0)));
  metrics::Exporter exporter("bench", [&] { return w.a; });
  std::string body = exporter.scrape();
  for (auto _ : state) {
    body = exporter.scrape();
    benchmark::DoNotOptimize(body);
  }
  counters(state, body);
}

// The same, as pieces of the cache (what a gathered write sends): no copy of the text.
void BM_CachedScrapePieces(benchmark::State& state) {
  World& w = world(static_cast<int>(state.range(0)));
  metrics::Exporter exporter("bench", [&] { return w.a; });
  exporter.scrape();
  std::size_t bytes = 0;
  for (auto _ : state) {
    metrics::ScrapePieces pieces = exporter.scrape_pieces({});
    bytes = pieces.size();
    benchmark::DoNotOptimize(pieces);
  }
  state.counters["indicators"] = static_cast<double>(state.range(0));
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

// A new evaluation in which one department changed: fingerprints of all, one render.
void BM_OneDepartmentChanged(benchmark::State& state) {
  World& w = world(static_cast<int>(state.range(0)));
  bool flip = false;
  metrics::Exporter exporter("bench", [&] { return flip ? w.b : w.a; });
  std::string body = exporter.scrape();
  for (auto _ : state) {
    flip = !flip;
    body = exporter.scrape();
    benchmark::DoNotOptimize(body);
  }
  counters(state, body);
  state.counters["rendered"] = static_cast<double>(exporter.render_stats().departments_rendered);
}

// The same as pieces (what /metrics sends since the HTTP layer writes the cache's pieces):
// fingerprints of every department and one render, without a copy of the body.
void BM_OneDepartmentChangedPieces(benchmark::State& state) {
  World& w = world(static_cast<int>(state.range(0)));
  bool flip = false;
  metrics::Exporter exporter("bench", [&] { return flip ? w.b : w.a; });
  std::size_t bytes = exporter.scrape_pieces({}).size();
  for (auto _ : state) {
    flip = !flip;
    metrics::ScrapePieces pieces = exporter.scrape_pieces({});
    bytes = pieces.size();
    benchmark::DoNotOptimize(pieces);
  }
  state.counters["indicators"] = static_cast<double>(state.range(0));
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

// The first gzip scrape: render and compress every department.
void BM_FirstScrapeGzip(benchmark::State& state) {
  World& w = world(static_cast<int>(state.range(0)));
  std::string body;
  for (auto _ : state) {
    metrics::Exporter exporter("bench", [&] { return w.a; });
    body = exporter.scrape({}, metrics::ContentEncoding::kGzip).body;
    benchmark::DoNotOptimize(body);
  }
  counters(state, body);
}

void BM_CachedScrapeGzip(benchmark::State& state) {
  World& w = world(static_cast<int>(state.range(0)));
  metrics::Exporter exporter("bench", [&] { return w.a; });
  std::string body = exporter.scrape({}, metrics::ContentEncoding::kGzip).body;
  for (auto _ : state) {
    body = exporter.scrape({}, metrics::ContentEncoding::kGzip).body;
    benchmark::DoNotOptimize(body);
  }
  counters(state, body);
}

// A cached gzip scrape as pieces: the health families compressed now, the rest referenced.
void BM_CachedScrapeGzipPieces(benchmark::State& state) {
  World& w = world(static_cast<int>(state.range(0)));
  metrics::Exporter exporter("bench", [&] { return w.a; });
  std::size_t bytes = exporter.scrape_pieces({}, metrics::ContentEncoding::kGzip).size();
  for (auto _ : state) {
    metrics::ScrapePieces pieces = exporter.scrape_pieces({}, metrics::ContentEncoding::kGzip);
    bytes = pieces.size();
    benchmark::DoNotOptimize(pieces);
  }
  state.counters["indicators"] = static_cast<double>(state.range(0));
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

// One department's shard from the cache (what each sharded target costs).
void BM_CachedShard(benchmark::State& state) {
  World& w = world(static_cast<int>(state.range(0)));
  metrics::Exporter exporter("bench", [&] { return w.a; });
  exporter.scrape();
  metrics::ScrapeFilter filter{.departments = std::vector<std::string>{"120"}, .health = false};
  std::string body;
  for (auto _ : state) {
    body = exporter.scrape(filter).body;
    benchmark::DoNotOptimize(body);
  }
  counters(state, body);
}

// The same figures through prometheus-cpp's serializer (what the fast writer replaces).
void BM_ReferenceSerializer(benchmark::State& state) {
  World& w = world(static_cast<int>(state.range(0)));
  std::string body;
  for (auto _ : state) {
    body = metrics::compliance_text_reference(*w.a);
    benchmark::DoNotOptimize(body);
  }
  counters(state, body);
}

constexpr int kProvince = 100000;  // 50 departments x 200 projects x 10 indicators
// Renders and compressions run on several threads, and the machine is shared: the CPU column of
// those is the whole process's CPU time, which a loaded machine changes less than the real time.
BENCHMARK(BM_FirstScrape)
    ->Arg(kProvince)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Iterations(5);
BENCHMARK(BM_FirstScrapePieces)
    ->Arg(kProvince)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Iterations(5);
BENCHMARK(BM_CachedScrape)->Arg(kProvince)->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_CachedScrapePieces)->Arg(kProvince)->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_OneDepartmentChanged)
    ->Arg(kProvince)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Iterations(10);
BENCHMARK(BM_OneDepartmentChangedPieces)
    ->Arg(kProvince)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Iterations(10);
BENCHMARK(BM_FirstScrapeGzip)
    ->Arg(kProvince)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Iterations(3);
BENCHMARK(BM_CachedScrapeGzip)->Arg(kProvince)->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_CachedScrapeGzipPieces)->Arg(kProvince)->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_CachedShard)->Arg(kProvince)->Unit(benchmark::kMillisecond)->Iterations(50);
BENCHMARK(BM_ReferenceSerializer)->Arg(kProvince)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
