// The importer's output through the targets writer and reader: it loads without errors, reads back
// to the same model (remarks aside), and the committed targets file is exactly what it produces.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "targetwatch/config/targets_file.h"
#include "targetwatch/importer/importer.h"
#include "targetwatch/test/files.h"
#include "test_support.h"

namespace targetwatch {
namespace {

Department without_remarks(Department d) {
  for (auto& i : d.indicators) i.remark.clear();
  for (auto& p : d.projects) {
    p.remark.clear();
    for (auto& i : p.indicators) i.remark.clear();
  }
  return d;
}

/// The file without its leading comment block (which names the source and the command).
std::string body(const std::string& toml) {
  std::istringstream in(toml);
  std::string line;
  std::string out;
  bool header = true;
  while (std::getline(in, line)) {
    if (header && (line.empty() || line[0] == '#')) continue;
    header = false;
    out += line + "\n";
  }
  return out;
}

TEST(ImportRoundTrip, LangfangLoadsBackUnchanged) {
  const ImportResult r =
      import_disclosure(test::read_fixture("importer/langfang-justice-2025-budget-disclosure.txt"));
  const std::string toml = write_targets(r.department);
  const TargetsLoad load = parse_targets(toml, "langfang.toml");
  for (const auto& d : load.diagnostics) ADD_FAILURE() << d.to_string();
  ASSERT_TRUE(load.ok());
  ASSERT_EQ(load.targets.departments.size(), 1u);
  EXPECT_EQ(load.targets.departments[0], without_remarks(r.department));
  // Byte for byte again on a second import.
  EXPECT_EQ(
      write_targets(import_disclosure(
                        test::read_fixture("importer/langfang-justice-2025-budget-disclosure.txt"))
                        .department),
      toml);
}

TEST(ImportRoundTrip, UncertainReadingsBecomeComments) {
  const std::string doc =
      "部门预算支出总表\n375 某某局\n预算年度：2025\n单位：万元\n"
      "1、某项目绩效目标表\n"
      "项目编码\tP1\t\t项目名称\t某项目\n"
      "预算规模及资金用途\t预算数\t1.00\t其中：财政资金\t1.00\t其他资金\t\n"
      "绩效目标\t完成\n"
      "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据\n"
      "产出指标\t时效指标\t实施期间\t反映实施期间\t2023.07-2024.01\t计划\n";
  const ImportResult r = import_disclosure(doc);
  ASSERT_TRUE(r.complete()) << format_import_report(r, "doc");
  const std::string toml = write_targets(r.department);
  EXPECT_NE(toml.find("# uncertain reading of \"2023.07-2024.01\""), std::string::npos) << toml;
  const TargetsLoad load = parse_targets(toml, "doc.toml");
  for (const auto& d : load.diagnostics) ADD_FAILURE() << d.to_string();
  ASSERT_EQ(load.targets.departments.size(), 1u);
  EXPECT_EQ(load.targets.departments[0], without_remarks(r.department));
}

TEST(ImportRoundTrip, CommittedTargetsFileIsTheImportersOutput) {
  // Regenerate with: targetwatch import <repo>/tests/fixtures/importer/
  //   langfang-justice-2025-budget-disclosure.txt -o config/targets/langfang-justice-2025.toml
  std::ifstream in(
      std::string(TARGETWATCH_SOURCE_DIR) + "/config/targets/langfang-justice-2025.toml",
      std::ios::binary);
  ASSERT_TRUE(in) << "config/targets/langfang-justice-2025.toml is missing";
  std::stringstream committed;
  committed << in.rdbuf();
  const ImportResult r =
      import_disclosure(test::read_fixture("importer/langfang-justice-2025-budget-disclosure.txt"));
  const std::string expected = body(write_targets(r.department));
  const std::string actual = body(committed.str());
  if (expected == actual) return;
  // Name the first differing line instead of printing two 100 KB strings.
  std::istringstream e(expected), a(actual);
  std::string el, al;
  int line = 0;
  while (true) {
    const bool more_e = static_cast<bool>(std::getline(e, el));
    const bool more_a = static_cast<bool>(std::getline(a, al));
    ++line;
    if (!more_e && !more_a) break;
    if (!more_e || !more_a || el != al) {
      ADD_FAILURE()
          << "config/targets/langfang-justice-2025.toml differs from the importer's output "
          << "at line " << line
          << " of the body (after the header comment):\n  file:     " << (more_a ? al : "<end>")
          << "\n  importer: " << (more_e ? el : "<end>");
      break;
    }
  }
}

}  // namespace
}  // namespace targetwatch
