// `targetwatch template` end to end on the bundled example (廊坊市司法局 2025, as of 2025-08-31).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "targetwatch/config/targets_file.h"
#include "targetwatch/test/files.h"
#include "targetwatch/test/temp_dir.h"

namespace targetwatch {
namespace {

// Runs a shell command and returns its exit status (stdout and stderr go to the test log).
int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string cli_args() {
  return std::string(TARGETWATCH_CLI) + " template --targets " +
         test::source_path("config/targets/langfang-justice-2025.toml") + " --actuals " +
         test::source_path("config/examples/actuals-2025.csv") + " --department 375";
}

std::vector<std::string> crlf_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find("\r\n", start)) != std::string::npos; start = at + 2) {
    lines.push_back(text.substr(start, at - start));
  }
  return lines;
}

TEST(TemplateCommand, CsvOfTheBundledExample) {
  test::TempDir dir;
  const std::string out = dir.file("t.csv");
  ASSERT_EQ(run(cli_args() + " --as-of 2025-08-31 --format csv -o " + out), 0);
  const std::string csv = test::read_file(out);
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF部门编码,项目编码,项目名称,指标编号,", 0), 0u);

  const TargetsLoad load =
      load_targets({test::source_path("config/targets/langfang-justice-2025.toml")});
  ASSERT_TRUE(load.ok());
  const Department& d = load.targets.departments.at(0);
  std::size_t rows = d.indicators.size();
  for (const Project& p : d.projects) rows += 1 + p.indicators.size();
  const auto lines = crlf_lines(csv);
  ASSERT_EQ(lines.size(), rows + 1);

  // The department-wide indicators first, then the first project's spending row with the last
  // figure the actuals file reports for it up to 2025-08-31.
  const std::string first_project = d.projects.at(0).code;
  std::string last_value;
  std::string last_date;
  std::istringstream actuals(
      test::read_file(test::source_path("config/examples/actuals-2025.csv")));
  const std::string key = "," + first_project + ",spending,";
  for (std::string line; std::getline(actuals, line);) {
    if (line.rfind(key, 0) != 0) continue;
    const std::size_t value_at = key.size();
    const std::size_t date_at = line.find(',', value_at) + 1;
    const std::string date = line.substr(date_at, 10);
    if (date <= "2025-08-31" && date >= last_date) {
      last_date = date;
      last_value = line.substr(value_at, date_at - 1 - value_at);
    }
  }
  ASSERT_FALSE(last_value.empty());
  const std::string spending = lines.at(d.indicators.size() + 1);
  EXPECT_EQ(spending.rfind("375," + first_project + ",", 0), 0u) << spending;
  EXPECT_NE(spending.find(",spending,,,资金支出,"), std::string::npos) << spending;
  // 上次报送值, 上次报送日期: the number as reported (the template drops trailing zeros).
  const std::string after_unit = d.amount_unit + "," + d.amount_unit + ",";
  const std::size_t at = spending.find(after_unit);
  ASSERT_NE(at, std::string::npos) << spending;
  const std::size_t value_at = at + after_unit.size();
  const std::size_t comma = spending.find(',', value_at);
  EXPECT_DOUBLE_EQ(std::stod(spending.substr(value_at, comma - value_at)), std::stod(last_value));
  EXPECT_EQ(spending.substr(comma + 1, 10), last_date) << spending;
  EXPECT_NE(spending.find(",2025-08-31,累计,"), std::string::npos) << spending;
  EXPECT_EQ(lines.at(1).rfind("375,,,quantity-1,", 0), 0u) << lines.at(1);
}

TEST(TemplateCommand, XlsxUnderItsDefaultNameInTheCurrentDirectory) {
  test::TempDir dir;
  ASSERT_EQ(run("cd " + dir.path().string() + " && " + cli_args() + " --as-of 2025-08-31"), 0);
  const std::string path = dir.file("报送模板-375-2025-08-31.xlsx");
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(test::read_file(path).substr(0, 2), "PK");
  // -o FILE.csv chooses CSV.
  ASSERT_EQ(run(cli_args() + " --as-of 2025-08-31 -o " + dir.file("x.csv")), 0);
  EXPECT_EQ(test::read_file(dir.file("x.csv")).substr(0, 3), "\xEF\xBB\xBF");
}

TEST(TemplateCommand, BadCommandLines) {
  test::TempDir dir;
  EXPECT_EQ(run(cli_args() + " --as-of 2025-02-30 -o " + dir.file("a.xlsx") + " 2>/dev/null"), 64);
  EXPECT_EQ(run(std::string(TARGETWATCH_CLI) + " template --targets " +
                test::source_path("config/targets/langfang-justice-2025.toml") +
                " --department 999 -o " + dir.file("b.xlsx") + " 2>/dev/null"),
            64);
  EXPECT_EQ(run(cli_args() + " --format pdf -o " + dir.file("c.pdf") + " 2>/dev/null"), 64);
  EXPECT_EQ(run(std::string(TARGETWATCH_CLI) + " template --department 375 2>/dev/null"), 64);
  EXPECT_FALSE(std::filesystem::exists(dir.file("a.xlsx")));
}

}  // namespace
}  // namespace targetwatch
