// load_targets: files and directories, merging files of one department, problems across files.
#include <gtest/gtest.h>

#include "targetwatch/config/targets_file.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using test::dump;
using test::error_count;
using test::errors_at;
using test::warnings_at;

std::string department(const std::string& code, int year, const std::string& unit = "万元",
                       const std::string& name = "测试局") {
  return "schema_version = 1\n"  // 1
         "[department]\n"        // 2
         "code = \"" +
         code +
         "\"\n"  // 3
         "name = \"" +
         name +
         "\"\n"  // 4
         "fiscal_year = " +
         std::to_string(year) +
         "\n"  // 5
         "amount_unit = \"" +
         unit + "\"\n";  // 6
}

std::string project(const std::string& code) {
  return "[[project]]\ncode = \"" + code + "\"\nname = \"项目" + code + "\"\nbudget = 10\n";
}

std::string dept_indicator(const std::string& id) {
  return "[[department.indicator]]\nid = \"" + id +
         "\"\nname = \"n\"\ncomparator = \"qualitative\"\n";
}

TEST(LoadTargets, MergesFilesOfOneDepartment) {
  test::ScratchDir dir;
  const auto a = dir.write("a.toml", department("375", 2025) + dept_indicator("quality-1") +
                                         "[[department.budget]]\ntable = \"t\"\nname = \"合计\"\n" +
                                         project("P1"));
  const auto b = dir.write("b.toml", department("375", 2025) + dept_indicator("quality-2") +
                                         project("P2") + project("P3"));
  const TargetsLoad load = load_targets({a, b});
  ASSERT_TRUE(load.diagnostics.empty()) << dump(load.diagnostics);
  ASSERT_EQ(load.targets.departments.size(), 1u);
  const Department& d = load.targets.departments[0];
  ASSERT_EQ(d.projects.size(), 3u);
  EXPECT_EQ(d.projects[0].code, "P1");
  EXPECT_EQ(d.projects[1].code, "P2");
  EXPECT_EQ(d.projects[2].code, "P3");
  ASSERT_EQ(d.indicators.size(), 2u);
  EXPECT_EQ(d.indicators[1].id, "quality-2");
  EXPECT_EQ(d.budget_lines.size(), 1u);
}

TEST(LoadTargets, FiscalYearsOfOneDepartmentLoadSideBySide) {
  test::ScratchDir dir;
  // A continuing project keeps its code from one year to the next.
  const auto a = dir.write("a.toml", department("375", 2025) + project("P1"));
  const auto b = dir.write("b.toml", department("375", 2026) + project("P1") + project("P2"));
  const auto c = dir.write("c.toml", department("375", 2026) + project("P3"));
  const TargetsLoad load = load_targets({a, b, c});
  ASSERT_TRUE(load.diagnostics.empty()) << dump(load.diagnostics);
  ASSERT_EQ(load.targets.departments.size(), 2u);
  EXPECT_EQ(load.targets.departments[0].fiscal_year, 2025);
  EXPECT_EQ(load.targets.departments[0].projects.size(), 1u);
  const Department* y2026 = load.targets.find_department("375", 2026);
  ASSERT_NE(y2026, nullptr);
  EXPECT_EQ(y2026->projects.size(), 3u);  // b and c merged: same code and year
}

TEST(LoadTargets, FiscalYearsOfOneDepartmentShareTheUnit) {
  test::ScratchDir dir;
  const auto a = dir.write("a.toml", department("375", 2025) + project("P1"));
  const auto b = dir.write("b.toml", department("375", 2026, "元") + project("P2"));
  const TargetsLoad load = load_targets({a, b});
  ASSERT_EQ(error_count(load.diagnostics), 1) << dump(load.diagnostics);
  const Diagnostic& e = load.diagnostics[0];
  EXPECT_EQ(e.file, b);
  EXPECT_EQ(e.line, 6);
  EXPECT_EQ(e.field, "department.amount_unit");
  EXPECT_NE(e.message.find(a), std::string::npos) << e.message;
}

TEST(LoadTargets, ProjectCodesMayRepeatAcrossYearsButNotWithinOne) {
  test::ScratchDir dir;
  const auto a = dir.write("a.toml", department("375", 2025) + project("P1"));
  const auto b = dir.write("b.toml", department("375", 2026) + project("P1"));
  const auto c = dir.write("c.toml", department("375", 2026) + project("P1"));
  const TargetsLoad load = load_targets({a, b, c});
  ASSERT_EQ(error_count(load.diagnostics), 1) << dump(load.diagnostics);
  EXPECT_EQ(load.diagnostics[0].file, c);
  EXPECT_NE(load.diagnostics[0].message.find(b), std::string::npos) << load.diagnostics[0].message;
}

TEST(LoadTargets, ProjectCodesAreUniqueAcrossFilesOfOneDepartment) {
  test::ScratchDir dir;
  const auto a = dir.write("a.toml", department("375", 2025) + project("P1"));
  const auto b = dir.write("b.toml", department("375", 2025) + project("P2") + project("P1"));
  const TargetsLoad load = load_targets({a, b});
  ASSERT_EQ(error_count(load.diagnostics), 1) << dump(load.diagnostics);
  const Diagnostic& e = load.diagnostics[0];
  EXPECT_EQ(e.file, b);
  EXPECT_EQ(e.line, 12);  // the second [[project]] of b.toml: its code line
  EXPECT_EQ(e.field, "project[1].code");
  EXPECT_NE(e.message.find(a + ":8"), std::string::npos) << e.message;
}

TEST(LoadTargets, DuplicatesInsideOneFileAreReportedOnce) {
  test::ScratchDir dir;
  const auto a = dir.write("a.toml", department("375", 2025) + project("P1") + project("P1"));
  const TargetsLoad load = load_targets({a});
  EXPECT_EQ(error_count(load.diagnostics), 1) << dump(load.diagnostics);
  EXPECT_EQ(errors_at(load.diagnostics, 12, "project[1].code", "first defined at line 8"), 1)
      << dump(load.diagnostics);
}

TEST(LoadTargets, DepartmentIndicatorIdsAreUniqueAcrossFiles) {
  test::ScratchDir dir;
  const auto a = dir.write("a.toml", department("375", 2025) + dept_indicator("quality-1"));
  const auto b = dir.write("b.toml", department("375", 2025) + dept_indicator("quality-1"));
  const TargetsLoad load = load_targets({a, b});
  ASSERT_EQ(error_count(load.diagnostics), 1) << dump(load.diagnostics);
  EXPECT_EQ(load.diagnostics[0].file, b);
  EXPECT_EQ(load.diagnostics[0].line, 8);
}

TEST(LoadTargets, AmountUnitMustMatchAndNameShould) {
  test::ScratchDir dir;
  const auto a = dir.write("a.toml", department("375", 2025, "万元", "甲"));
  const auto b = dir.write("b.toml", department("375", 2025, "元", "乙"));
  const TargetsLoad load = load_targets({a, b});
  EXPECT_EQ(errors_at(load.diagnostics, 6, "department.amount_unit", "same unit"), 1)
      << dump(load.diagnostics);
  EXPECT_EQ(warnings_at(load.diagnostics, 4, "department.name", "differs"), 1)
      << dump(load.diagnostics);
}

TEST(LoadTargets, DirectoryLoadsTomlFilesDirectlyInsideSortedByName) {
  test::ScratchDir dir;
  dir.write("b.toml", department("902", 2025) + project("B"));
  dir.write("a.toml", department("901", 2025) + project("A"));
  dir.write("c.toml", department("901", 2025) + project("C"));
  dir.write("notes.txt", "not toml");
  dir.write("sub/d.toml", department("903", 2025));
  dir.write(".#a.toml", "editor lock file");
  const TargetsLoad load = load_targets({dir.path()});
  ASSERT_TRUE(load.diagnostics.empty()) << dump(load.diagnostics);
  ASSERT_EQ(load.targets.departments.size(), 2u);
  EXPECT_EQ(load.targets.departments[0].code, "901");
  EXPECT_EQ(load.targets.departments[1].code, "902");
  ASSERT_EQ(load.targets.departments[0].projects.size(), 2u);
  EXPECT_EQ(load.targets.departments[0].projects[0].code, "A");
  EXPECT_EQ(load.targets.departments[0].projects[1].code, "C");
}

TEST(LoadTargets, MissingPathIsAnErrorAndTheRestStillLoads) {
  test::ScratchDir dir;
  const auto a = dir.write("a.toml", department("375", 2025));
  const std::string missing = dir.path() + "/nope.toml";
  const TargetsLoad load = load_targets({missing, a});
  ASSERT_EQ(error_count(load.diagnostics), 1) << dump(load.diagnostics);
  EXPECT_EQ(load.diagnostics[0].file, missing);
  EXPECT_NE(load.diagnostics[0].to_string().find("nope.toml"), std::string::npos);
  EXPECT_EQ(load.targets.departments.size(), 1u);
}

TEST(LoadTargets, ExplicitFileWithAnyExtensionIsRead) {
  test::ScratchDir dir;
  const auto a = dir.write("targets.conf", department("375", 2025));
  const TargetsLoad load = load_targets({a});
  EXPECT_TRUE(load.ok()) << dump(load.diagnostics);
  EXPECT_EQ(load.targets.departments.size(), 1u);
}

TEST(LoadTargets, CollectsErrorsOfEveryFile) {
  test::ScratchDir dir;
  dir.write("a.toml", department("1", 2025, "千元"));
  dir.write("b.toml", "schema_version = 1\n[department\n");
  dir.write("c.toml", department("3", 2025) + project("P") + "budget = 1\n");
  const TargetsLoad load = load_targets({dir.path()});
  EXPECT_EQ(error_count(load.diagnostics), 3) << dump(load.diagnostics);
  EXPECT_EQ(errors_at(load.diagnostics, 6, "amount_unit"), 1);
  EXPECT_EQ(errors_at(load.diagnostics, 2, "", "syntax"), 1) << dump(load.diagnostics);
  EXPECT_EQ(errors_at(load.diagnostics, 11, "", "syntax"), 1) << dump(load.diagnostics);
}

TEST(LoadTargets, SameProjectCodeInTwoDepartmentsIsAWarning) {
  test::ScratchDir dir;
  const auto a = dir.write("a.toml", department("1", 2025) + project("P"));
  const auto b = dir.write("b.toml", department("2", 2025) + project("P"));
  const TargetsLoad load = load_targets({a, b});
  EXPECT_TRUE(load.ok());
  EXPECT_EQ(warnings_at(load.diagnostics, 8, "project[0].code", "department 1"), 1)
      << dump(load.diagnostics);
}

TEST(LoadTargets, BundledExampleDirectoryLoads) {
  const TargetsLoad load = load_targets({test::source_file("config/targets")});
  EXPECT_TRUE(load.diagnostics.empty()) << dump(load.diagnostics);
  EXPECT_NE(load.targets.find_department("375"), nullptr);
}

}  // namespace
}  // namespace targetwatch
