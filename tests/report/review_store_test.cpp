// `targetwatch report --store`: a report from the daemon's SQLite store equals the report from
// the same actuals read from their CSV file.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "targetwatch/config/targets_file.h"
#include "targetwatch/ingest/ingest.h"
#include "targetwatch/store/actuals_store.h"

namespace targetwatch {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs a command (no shell metacharacters in our arguments) and returns its stdout and status.
std::pair<std::string, int> run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return {"", -1};
  std::array<char, 65536> buf{};
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), p)) > 0;)
    out.append(buf.data(), n);
  const int status = ::pclose(p);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

TEST(ReportCommand, StoreGivesTheSameReportAsTheCsv) {
  const std::string dir = std::string(TARGETWATCH_FIXTURES) + "/report/";
  const std::string targets_path = dir + "langfang-justice-2025.toml";
  const std::string csv_path = dir + "actuals-2025.csv";
  TargetsLoad load = load_targets({targets_path});
  ASSERT_TRUE(load.ok());
  auto parsed = parse_actuals_csv(read_text(csv_path));
  ASSERT_TRUE(parsed.ok());
  ASSERT_TRUE(validate_actuals(*parsed, load.targets).ok());

  const auto tmp = std::filesystem::temp_directory_path() /
                   ("targetwatch-review-store-" + std::to_string(::getpid()));
  std::filesystem::create_directories(tmp);
  const std::string store_path = (tmp / "actuals.db").string();
  {
    auto store = open_sqlite_store(store_path);
    ASSERT_TRUE(store.ok()) << store.error().message;
    // Two batches, like two uploads.
    const std::size_t half = parsed->records.size() / 2;
    const std::span<const ActualRecord> all(parsed->records);
    ASSERT_TRUE((*store)->append(all.first(half), "test").ok());
    ASSERT_TRUE((*store)->append(all.subspan(half), "test").ok());
  }
  const std::string cli = TARGETWATCH_CLI;
  const std::string common = cli + " report --targets " + targets_path +
                             " --as-of 2025-06-30 --rules plan,time-progress,milestones";
  for (const char* format : {"md", "csv"}) {
    const auto [from_csv, csv_code] =
        run(common + " --format " + format + " --actuals " + csv_path);
    const auto [from_store, store_code] =
        run(common + " --format " + format + " --store " + store_path);
    EXPECT_EQ(csv_code, 0);
    EXPECT_EQ(store_code, 0);
    EXPECT_GT(from_csv.size(), 10000u);
    EXPECT_EQ(from_store, from_csv) << format;
  }
  std::filesystem::remove_all(tmp);
}

}  // namespace
}  // namespace targetwatch
