// Benchmarks of the daemon's hot paths: /metrics for 100k indicators (exporter alone and over
// HTTP), and ingest throughput through the application core into SQLite (group commit) and memory.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "targetwatch/core/sha256.h"
#include "targetwatch/http/api.h"
#include "targetwatch/http/client.h"
#include "targetwatch/http/server.h"
#include "targetwatch/metrics/exporter.h"
#include "targetwatch/store/actuals_store.h"

namespace {
using namespace targetwatch;

// `projects` projects of 10 indicators each, with a spending figure and one actual apiece.
struct World {
  std::shared_ptr<const Targets> targets;
  std::vector<ActualRecord> records;
};

World make_world(int projects) {
  Targets t;
  Department d;
  d.code = "500";
  d.name = "基准局";
  d.fiscal_year = 2025;
  for (int p = 0; p < projects; ++p) {
    Project pr;
    pr.code = "13100025P" + std::to_string(100000000 + p);
    pr.name = "项目 " + std::to_string(p);
    pr.budget = 100 + p % 50;
    pr.spending_plan = {{Date::from_ymd(2025, 3, 31), 0.25},
                        {Date::from_ymd(2025, 6, 30), 0.5},
                        {Date::from_ymd(2025, 10, 31), 0.9}};
    for (int i = 0; i < 10; ++i) {
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
    d.projects.push_back(std::move(pr));
  }
  t.departments.push_back(std::move(d));
  World w;
  w.targets = std::make_shared<const Targets>(std::move(t));
  std::int64_t rev = 1;
  for (const Project& p : w.targets->departments[0].projects) {
    ActualRecord r;
    r.department = "500";
    r.project = p.code;
    r.indicator = "spending";
    r.value = p.budget * 0.4;
    r.as_of = Date::from_ymd(2025, 6, 1);
    r.revision = rev++;
    w.records.push_back(r);
    r.indicator = "quantity-1";
    r.value = 40;
    r.revision = rev++;
    w.records.push_back(r);
  }
  return w;
}

void BM_ScrapeExporter(benchmark::State& state) {
  World w = make_world(static_cast<int>(state.range(0)) / 10);
  ActualsIndex index(w.records);
  auto eval =
      std::make_shared<const Evaluation>(evaluate(w.targets, index, Date::from_ymd(2025, 6, 30)));
  metrics::Exporter exporter("bench", [eval] { return eval; });
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string text = exporter.scrape();
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["indicators"] = static_cast<double>(state.range(0));
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ScrapeExporter)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond)->MinTime(3);

// Rendering the compliance text once (what a scrape costs right after the data changed).
void BM_RenderCompliance(benchmark::State& state) {
  World w = make_world(static_cast<int>(state.range(0)) / 10);
  ActualsIndex index(w.records);
  Evaluation eval = evaluate(w.targets, index, Date::from_ymd(2025, 6, 30));
  for (auto _ : state) {
    std::string text = metrics::compliance_text(eval);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_RenderCompliance)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_EvaluateForScrape(benchmark::State& state) {
  World w = make_world(static_cast<int>(state.range(0)) / 10);
  ActualsIndex index(w.records);
  for (auto _ : state) {
    auto e = evaluate(w.targets, index, Date::from_ymd(2025, 6, 30));
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_EvaluateForScrape)->Arg(100000)->Unit(benchmark::kMillisecond);

struct Daemon {
  explicit Daemon(std::unique_ptr<ActualsStore> store, int projects) {
    World w = make_world(projects);
    core::DaemonConfig config;
    Settings s;
    s.tokens = {{"bench", core::sha256_hex("bench"), {"*"}, true}};
    config.settings = std::make_shared<const Settings>(s);
    config.targets = w.targets;
    service = std::move(core::Application::create(
                            {}, config, std::move(store),
                            core::fixed_date_clock(Date::from_ymd(2025, 6, 30)), "bench", logger)
                            .value());
    router = http::make_api_router(*service);
    http::ServerOptions options;
    options.port = 0;
    server = std::make_unique<http::Server>(
        options, [this](const http::HttpRequest& r) { return router.route(r); }, logger);
    port = server->start().value();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port) + path;
  }
  core::MemoryLogger logger;
  std::unique_ptr<core::Application> service;
  http::Router router;
  std::unique_ptr<http::Server> server;
  std::uint16_t port = 0;
};

void BM_ScrapeOverHttp(benchmark::State& state) {
  Daemon d(make_memory_store(), static_cast<int>(state.range(0)) / 10);
  d.service->evaluation();  // warm the cache: scrapes do not re-evaluate
  for (auto _ : state) {
    auto r = http::send_request({"GET", d.url("/metrics"), {}, "", 60});
    if (!r || r->status != 200) state.SkipWithError("scrape failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ScrapeOverHttp)->Arg(100000)->Unit(benchmark::kMillisecond);

// One GET on a fresh loopback connection, the body read and dropped in 256 kB reads (what
// `curl -o /dev/null` does): the server's side of a scrape without a client that keeps the body.
// Returns the body's length, or -1.
long long get_and_drop(std::uint16_t port, const std::string& target, bool gzip) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  const std::string request =
      "GET " + target + " HTTP/1.1\r\nHost: x\r\nAccept-Encoding: " + (gzip ? "gzip" : "identity") +
      "\r\nConnection: close\r\n\r\n";
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    ::close(fd);
    return -1;
  }
  static thread_local std::vector<char> buffer(256 << 10);
  std::string head;
  long long body = 0;
  while (true) {
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n <= 0) break;
    if (head.find("\r\n\r\n") == std::string::npos) {
      head.append(buffer.data(), static_cast<std::size_t>(n));
      if (const std::size_t end = head.find("\r\n\r\n"); end != std::string::npos) {
        body += static_cast<long long>(head.size() - end - 4);
      }
    } else {
      body += n;
    }
  }
  ::close(fd);
  return head.starts_with("HTTP/1.1 200") ? body : -1;
}

// A cached scrape over HTTP, read and dropped: range(1) 1 = gzip.
void BM_ScrapeOverHttpDropped(benchmark::State& state) {
  Daemon d(make_memory_store(), static_cast<int>(state.range(0)) / 10);
  const bool gzip = state.range(1) != 0;
  if (get_and_drop(d.port, "/metrics", gzip) < 0) state.SkipWithError("scrape failed");
  long long bytes = 0;
  for (auto _ : state) {
    bytes = get_and_drop(d.port, "/metrics", gzip);
    if (bytes < 0) state.SkipWithError("scrape failed");
  }
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
  state.counters["MB/s"] = benchmark::Counter(static_cast<double>(bytes) * state.iterations() / 1e6,
                                              benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScrapeOverHttpDropped)
    ->Args({100000, 0})
    ->Args({100000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Distinct (project, indicator, as_of) for up to 280k consecutive records: a batch may not
// report the same figure twice.
std::string batch_json(int projects, int batch, int offset) {
  std::string body = "{\"actuals\":[";
  for (int i = 0; i < batch; ++i) {
    int k = offset + i;
    if (i) body += ",";
    int day = 1 + k / (projects * 10) % 28;
    body += R"({"project":"13100025P)" + std::to_string(100000000 + k % projects) +
            R"(","indicator":"quantity-)" + std::to_string(1 + k / projects % 10) +
            R"(","value":)" + std::to_string(i % 90) + R"(,"as_of":"2025-06-)" +
            (day < 10 ? "0" : "") + std::to_string(day) + "\"}";
  }
  return body + "]}";
}

// Concurrent POSTs of `range(1)` records each from `threads` clients into a SQLite store.
void BM_IngestSqliteOverHttp(benchmark::State& state) {
  auto dir = std::filesystem::temp_directory_path() / "tw_bench_ingest";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Daemon d(open_sqlite_store((dir / "a.db").string()).value(), 1000);
  const int batch = static_cast<int>(state.range(0));
  std::atomic<int> counter{0};
  std::int64_t records = 0;
  for (auto _ : state) {
    std::vector<std::thread> clients;
    for (int c = 0; c < 8; ++c) {
      clients.emplace_back([&] {
        for (int k = 0; k < 4; ++k) {
          int offset = counter.fetch_add(batch);
          auto r = http::post_actuals(d.url("/api/v1/actuals"), "bench",
                                      batch_json(1000, batch, offset), "application/json");
          if (!r || r->status != 200) {
            std::fprintf(stderr, "ingest failed: %s\n",
                         r ? r->body.substr(0, 300).c_str() : r.error().message.c_str());
            std::abort();
          }
        }
      });
    }
    for (auto& c : clients) c.join();
    records += 32 * batch;
  }
  state.counters["records/s"] =
      benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
  state.counters["requests/s"] =
      benchmark::Counter(static_cast<double>(records / batch), benchmark::Counter::kIsRate);
  d.server->stop();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_IngestSqliteOverHttp)
    ->Arg(1)
    ->Arg(100)
    ->Arg(5000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The application core alone (parse, validate, append, index): memory store vs SQLite, one thread.
void BM_IngestService(benchmark::State& state) {
  auto dir = std::filesystem::temp_directory_path() / "tw_bench_service";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store =
      state.range(1) ? open_sqlite_store((dir / "b.db").string()).value() : make_memory_store();
  Daemon d(std::move(store), 1000);
  const int batch = static_cast<int>(state.range(0));
  int offset = 0;
  for (auto _ : state) {
    const std::string body = batch_json(1000, batch, offset);
    auto receipt =
        d.service->ingest(core::IngestRequest{body, core::BodyFormat::kJson, "", "bench"},
                          core::Principal::operator_());
    if (!receipt) state.SkipWithError("ingest failed");
    offset += batch;
  }
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * batch,
                                                   benchmark::Counter::kIsRate);
  d.server->stop();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_IngestService)
    ->Args({5000, 0})
    ->Args({5000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
