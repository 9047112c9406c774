// Start-up's targets load with and without the parsed-targets cache: no cache, cold (parse and
// write every entry) and warm (decode every entry), each the best and the median of N runs.
//   bench_targets_cache TARGETS_DIR [--runs N]     (default 5 runs)
// The cache lives in a fresh directory under $TMPDIR (or /tmp), removed at the end; the targets
// directory is only read. Not a ctest: the numbers depend on the machine and its load.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "targetwatch/config/targets_file.h"

namespace targetwatch {
namespace {

namespace fs = std::filesystem;

struct Timing {
  double best_ms = 0;
  double median_ms = 0;
};

// Runs `prepare` (untimed) and `load` (timed) `runs` times.
Timing measure(int runs, const std::function<void()>& prepare,
               const std::function<TargetsLoad()>& load, TargetsLoad& last) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    prepare();
    const auto start = std::chrono::steady_clock::now();
    last = load();
    const auto end = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms.front(), ms[ms.size() / 2]};
}

bool same(const TargetsLoad& a, const TargetsLoad& b) {
  if (!(a.targets == b.targets) || a.diagnostics.size() != b.diagnostics.size()) return false;
  for (std::size_t i = 0; i < a.diagnostics.size(); ++i) {
    if (a.diagnostics[i].to_string() != b.diagnostics[i].to_string()) return false;
  }
  return true;
}

std::size_t indicator_count(const Targets& targets) {
  std::size_t n = 0;
  for (const Department& d : targets.departments) {
    n += d.indicators.size();
    for (const Project& p : d.projects) n += p.indicators.size();
  }
  return n;
}

int run(int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') {
    std::fprintf(stderr, "usage: bench_targets_cache TARGETS_DIR [--runs N]\n");
    return 2;
  }
  const std::string targets = argv[1];
  int runs = 5;
  if (argc == 4 && std::string(argv[2]) == "--runs") runs = std::max(1, std::atoi(argv[3]));

  std::random_device rd;
  const fs::path cache = fs::temp_directory_path() / ("tw-bench-cache-" + std::to_string(rd()));
  const TargetsCacheOptions options{cache.string(), ""};
  const auto nothing = [] {};
  const auto wipe = [&] { fs::remove_all(cache); };

  TargetsLoad plain;
  TargetsLoad cold;
  TargetsLoad warm;
  const Timing t_plain = measure(
      runs, nothing, [&] { return load_targets({targets}); }, plain);
  const Timing t_cold = measure(
      runs, wipe, [&] { return load_targets({targets}, options); }, cold);
  const Timing t_warm = measure(
      runs, nothing, [&] { return load_targets({targets}, options); }, warm);
  std::uintmax_t cache_bytes = 0;
  for (const auto& e : fs::directory_iterator(cache)) cache_bytes += e.file_size();
  fs::remove_all(cache);

  std::printf("targets: %s: %zu departments, %zu indicators, %zu diagnostics\n", targets.c_str(),
              plain.targets.departments.size(), indicator_count(plain.targets),
              plain.diagnostics.size());
  std::printf("cache: %.1f MB in %zu entries; %s\n", static_cast<double>(cache_bytes) / 1e6,
              cold.cache.stored,
              cold.cache.problem.empty() ? "no problem" : cold.cache.problem.c_str());
  std::printf("%-34s best %8.1f ms   median %8.1f ms\n", "no cache (parse TOML)", t_plain.best_ms,
              t_plain.median_ms);
  std::printf("%-34s best %8.1f ms   median %8.1f ms\n", "cold cache (parse + write entries)",
              t_cold.best_ms, t_cold.median_ms);
  std::printf("%-34s best %8.1f ms   median %8.1f ms   (%zu hits, %zu misses)\n",
              "warm cache (decode entries)", t_warm.best_ms, t_warm.median_ms, warm.cache.hits,
              warm.cache.misses);
  if (!same(plain, cold) || !same(plain, warm)) {
    std::fprintf(stderr, "MISMATCH: a cached load differs from parsing\n");
    return 1;
  }
  std::printf("cached loads equal the parsed load: yes\n");
  return 0;
}

}  // namespace
}  // namespace targetwatch

int main(int argc, char** argv) { return targetwatch::run(argc, argv); }
