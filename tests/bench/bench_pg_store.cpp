// PostgreSQL append throughput: appends/s for 1-record and 10,000-record batches with 1 and 4
// concurrent writers, writers sharing one store (one daemon) or each with its own (one daemon
// each), on a throw-away durable server (fsync on) on loopback.
//   bench_pg_store [--seconds S] [--no-fsync]    (default 3 s per row, fsync on)
// --no-fsync shows what is not the disk's: the round trips, the lock, the COPY.
// Not a ctest: the numbers depend on the disk's fsync and on the machine's load.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "postgres.h"
#include "targetwatch/store/actuals_store.h"

namespace targetwatch {
namespace {

std::vector<ActualRecord> make_batch(std::size_t n, int writer) {
  std::vector<ActualRecord> batch(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto& r = batch[i];
    r.department = "375";
    r.project = "13100025P0004121" + std::to_string(1000 + (writer * 7 + i) % 500) + "X";
    r.indicator = i % 3 == 0 ? "spending" : "quantity-" + std::to_string(i % 5 + 1);
    r.value = static_cast<double>(i) * 1.5 + writer;
    r.as_of = Date::from_ymd(2025, 1, 1).plus_days(static_cast<std::int32_t>(i % 365));
    r.unit = "万元";
    r.note = i % 10 == 0 ? "一季度结算延迟，4月补付" : "";
  }
  return batch;
}

struct Row {
  std::size_t batch = 0;
  int writers = 0;
  bool shared = true;  // one store for all writers (one daemon), else one each
};

// Runs one row for about `seconds`; prints appends/s and records/s. False on a store error.
bool run(testing::PostgresServer& server, const Row& row, double seconds) {
  const std::string url = server.create_database();
  std::vector<std::unique_ptr<ActualsStore>> stores;
  for (int i = 0; i < (row.shared ? 1 : row.writers); ++i) {
    auto s = open_postgres_store(url);
    if (!s) {
      std::fprintf(stderr, "open: %s\n", s.error().message.c_str());
      return false;
    }
    stores.push_back(std::move(*s));
  }
  std::atomic<bool> stop{false};
  std::atomic<long> appends{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  const auto started = std::chrono::steady_clock::now();
  for (int w = 0; w < row.writers; ++w) {
    threads.emplace_back([&, w] {
      ActualsStore& store = *stores[row.shared ? 0 : static_cast<std::size_t>(w)];
      const auto batch = make_batch(row.batch, w);
      while (!stop.load()) {
        auto r = store.append(batch, "bench");
        if (!r) {
          std::fprintf(stderr, "append: %s\n", r.error().message.c_str());
          failed = true;
          return;
        }
        ++appends;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double rate = static_cast<double>(appends.load()) / elapsed;
  std::printf("| %6zu | %d | %-22s | %9.1f | %10.0f | %6.1f |\n", row.batch, row.writers,
              row.shared ? "one store (one daemon)" : "a store each (daemons)", rate,
              rate * static_cast<double>(row.batch), 1000.0 / rate * row.writers);
  std::fflush(stdout);
  return !failed.load();
}

}  // namespace
}  // namespace targetwatch

int main(int argc, char** argv) {
  double seconds = 3;
  bool durable = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (std::strcmp(argv[i], "--no-fsync") == 0) {
      durable = false;
    } else {
      std::fprintf(stderr, "usage: %s [--seconds S] [--no-fsync]\n", argv[0]);
      return 2;
    }
  }
  std::string reason;
  auto server = targetwatch::testing::PostgresServer::start(reason, durable);
  if (!server) {
    std::fprintf(stderr, "no PostgreSQL: %s\n", reason.c_str());
    return 77;
  }
  std::printf("PostgreSQL on loopback, fsync %s; %.0f s per row\n\n", durable ? "on" : "off",
              seconds);
  std::printf("| batch | writers | stores | appends/s | records/s | ms per append |\n");
  std::printf("|---:|---:|---|---:|---:|---:|\n");
  bool ok = true;
  for (const std::size_t batch : {std::size_t{1}, std::size_t{10000}}) {
    for (const int writers : {1, 4}) {
      for (const bool shared : {true, false}) {
        if (writers == 1 && !shared) continue;  // the same thing
        ok = targetwatch::run(*server, {batch, writers, shared}, seconds) && ok;
      }
    }
  }
  return ok ? 0 : 1;
}
