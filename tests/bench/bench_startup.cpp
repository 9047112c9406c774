// Start-up scan of a stored store: read every record in chunks (as targetwatchd does before
// READY=1), alone and into the one-pass index build, so the two costs can be told apart.
// Run by hand: bench_startup STORE.db [--repeat N] [--latest-only]. Not a test; prints seconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "targetwatch/evaluate/actuals_index.h"
#include "targetwatch/store/actuals_store.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kChunk = 65536;  // the daemon's start-up chunk

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace targetwatch;
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_startup STORE.db [--repeat N] [--latest-only]\n");
    return 64;
  }
  const std::string path = argv[1];
  int repeat = 3;
  bool full_scans = true;  // --latest-only: just what targetwatchd does
  for (int a = 2; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--repeat" && a + 1 < argc) repeat = std::max(1, std::atoi(argv[++a]));
    if (arg == "--latest-only") full_scans = false;
  }
  auto store = open_sqlite_store(path);
  if (!store) {
    std::fprintf(stderr, "cannot open %s: %s\n", path.c_str(), store.error().message.c_str());
    return 66;
  }
  double best_scan = 1e9, best_build = 1e9, best_latest = 1e9;
  std::size_t records = 0, series = 0, read_latest_records = 0;
  for (int i = 0; i < repeat; ++i) {
    auto start = Clock::now();
    std::size_t n = 0;
    if (full_scans) {
      auto scanned = (*store)->read_chunks({}, kChunk, [&](std::vector<ActualRecord>&& chunk) {
        n += chunk.size();
        chunk.clear();
      });
      if (!scanned) return 1;
      best_scan = std::min(best_scan, seconds_since(start));
      records = n;

      start = Clock::now();
      ActualsIndex::Builder builder;
      scanned = (*store)->read_chunks(
          {}, kChunk, [&](std::vector<ActualRecord>&& chunk) { builder.add(std::move(chunk)); });
      if (!scanned) return 1;
      const ActualsIndex index = std::move(builder).build();
      best_build = std::min(best_build, seconds_since(start));
      series = index.series_count();
    }

    // What targetwatchd does: the latest revisions (a snapshot's, when the store has one) and
    // the records after them.
    start = Clock::now();
    ActualsIndex::Builder latest;
    std::size_t given = 0;
    auto stored = (*store)->read_latest(kChunk, [&](std::vector<ActualRecord>&& chunk) {
      given += chunk.size();
      latest.add(std::move(chunk));
    });
    if (!stored) return 1;
    latest.count_superseded(static_cast<std::size_t>(*stored) - given);
    const ActualsIndex from_latest = std::move(latest).build();
    best_latest = std::min(best_latest, seconds_since(start));
    if (full_scans &&
        (from_latest.series_count() != series || from_latest.record_count() != records)) {
      std::fprintf(stderr, "the latest-revisions read disagrees with the full scan\n");
      return 1;
    }
    read_latest_records = given;
  }
  std::printf("records: %zu, series: %zu (best of %d)\n", records, series, repeat);
  std::printf("scan only: %.3f s\nscan + index build: %.3f s\n", best_scan, best_build);
  std::printf("latest revisions + index build (%zu records read): %.3f s\n", read_latest_records,
              best_latest);
  return 0;
}
