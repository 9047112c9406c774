// parse_targets: every field read into the model, and every class of problem reported with its
// line.
#include <gtest/gtest.h>

#include <cmath>

#include "targetwatch/config/targets_file.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using test::dump;
using test::error_count;
using test::errors_at;
using test::warnings_at;

// A minimal valid file; tests append project/indicator text after it (department ends line 8).
constexpr const char* kHead =
    "schema_version = 1\n"      // 1
    "\n"                        // 2
    "[department]\n"            // 3
    "code = \"800\"\n"          // 4
    "name = \"测试局\"\n"       // 5
    "fiscal_year = 2025\n"      // 6
    "amount_unit = \"万元\"\n"  // 7
    "\n";                       // 8

// A valid project whose first key is on line 10 (after kHead and its header on line 9).
constexpr const char* kProject =
    "[[project]]\n"      // 9
    "code = \"P1\"\n"    // 10
    "name = \"项目\"\n"  // 11
    "budget = 10\n";     // 12

TargetsLoad parse(const std::string& text) { return parse_targets(text, "t.toml"); }

TEST(ParseTargets, ValidFixtureReadsEveryField) {
  const std::string path = test::fixture("valid-small.toml");
  const TargetsLoad load = parse_targets(test::read_all(path), path);
  ASSERT_TRUE(load.diagnostics.empty()) << dump(load.diagnostics);
  ASSERT_EQ(load.targets.departments.size(), 1u);
  const Department& d = load.targets.departments[0];
  EXPECT_EQ(d.code, "810");
  EXPECT_EQ(d.name, "测试交通局");
  EXPECT_EQ(d.fiscal_year, 2024);
  EXPECT_EQ(d.amount_unit, "元");
  EXPECT_EQ(d.lag_tolerance, 0.1);
  ASSERT_EQ(d.indicators.size(), 1u);
  EXPECT_EQ(d.indicators[0].target, 120.5);
  EXPECT_EQ(d.indicators[0].unit, "公里");
  EXPECT_EQ(d.indicators[0].description, "年度养护公路里程");
  ASSERT_EQ(d.budget_lines.size(), 1u);
  EXPECT_EQ(d.budget_lines[0].table, "部门预算支出总表");
  EXPECT_EQ(d.budget_lines[0].code, "214");
  const std::vector<std::pair<std::string, double>> amounts = {
      {"合计", 3000000}, {"基本支出", 1000000.5}, {"项目支出", 1999999.5}};
  EXPECT_EQ(d.budget_lines[0].amounts, amounts);

  ASSERT_EQ(d.projects.size(), 1u);
  const Project& p = d.projects[0];
  EXPECT_EQ(p.code, "P810-1");
  EXPECT_EQ(p.budget, 500000);
  EXPECT_EQ(p.fiscal_funds, 400000);
  EXPECT_EQ(p.other_funds, 100000);
  EXPECT_EQ(p.purpose, "委托第三方检测");
  EXPECT_EQ(p.goals, (std::vector<std::string>{"完成年度检测", "出具报告"}));
  EXPECT_EQ(p.lag_tolerance, 0.02);
  EXPECT_EQ(p.indicator_tolerance, 0.08);
  EXPECT_EQ(p.frequency, Frequency::kMonthly);
  EXPECT_FALSE(d.frequency.has_value());
  const SpendingPlan plan = {{Date::from_ymd(2024, 2, 29), 0.1},
                             {Date::from_ymd(2024, 6, 30), 0.5},
                             {Date::from_ymd(2024, 12, 31), 1.0}};
  EXPECT_EQ(p.spending_plan, plan);
  ASSERT_EQ(p.indicators.size(), 4u);
  EXPECT_EQ(p.indicators[0].comparator, Comparator::kDeadline);
  EXPECT_EQ(p.indicators[0].deadline, Date::from_ymd(2024, 7, 31));
  EXPECT_FALSE(p.indicators[0].target.has_value());
  EXPECT_EQ(p.indicators[1].pace, Pace::kYearEnd);
  EXPECT_EQ(p.indicators[1].target, 12);
  EXPECT_EQ(p.indicators[2].comparator, Comparator::kGreaterEqual);  // written as ≥
  EXPECT_FALSE(p.indicators[2].pace.has_value());
  EXPECT_EQ(p.indicators[2].frequency, Frequency::kHalfYearly);
  EXPECT_EQ(p.indicators[2].tolerance, 0.1);
  EXPECT_FALSE(p.indicators[1].frequency.has_value());
  EXPECT_EQ(p.indicators[3].comparator, Comparator::kQualitative);
  EXPECT_EQ(p.indicators[3].expected, "满意");
  EXPECT_EQ(p.indicators[3].basis, "");
}

TEST(ParseTargets, ManyErrorsFixtureReportsEveryProblemAtItsLine) {
  const std::string path = test::fixture("many-errors.toml");
  const TargetsLoad load = parse_targets(test::read_all(path), path);
  const auto& d = load.diagnostics;
  EXPECT_FALSE(load.ok());
  EXPECT_EQ(errors_at(d, 8, "department.amount_unit", "千元"), 1) << dump(d);
  EXPECT_EQ(warnings_at(d, 9, "department.colour", "unknown key"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 12, "department.indicator[0].id", "ASCII"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 11, "department.indicator[0].target", "needs a numeric"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 20, "project[0].budget", "negative"), 1) << dump(d);
  EXPECT_EQ(warnings_at(d, 21, "project[0].fiscal_funds", "differs from budget"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 24, "project[0].spending_plan[1].by", "strictly increasing"), 1)
      << dump(d);
  EXPECT_EQ(errors_at(d, 24, "project[0].spending_plan[1].share", "must not decrease"), 1)
      << dump(d);
  EXPECT_EQ(errors_at(d, 25, "project[0].spending_plan[2].by", "outside fiscal year 2025"), 1)
      << dump(d);
  EXPECT_EQ(errors_at(d, 25, "project[0].spending_plan[2].share", "between 0 and 1"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 31, "project[0].indicator[0].comparator", "at least"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 32, "project[0].indicator[0].target", "expected a number"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 33, "project[0].indicator[0].pace", "fast"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 36, "project[0].indicator[1].id", "duplicate indicator id"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 35, "project[0].indicator[1].deadline", "needs a `deadline`"), 1)
      << dump(d);
  EXPECT_EQ(errors_at(d, 41, "project[1].code", "duplicate project code"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 40, "project[1].name", "missing required key"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 43, "project[1].lag_tolerance", "between 0 and 1"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 46, "project[1].indicator[0].id", "reserved"), 1) << dump(d);
  // Nothing else: each problem is reported once.
  EXPECT_EQ(error_count(d), 17) << dump(d);
  for (const auto& diag : d) EXPECT_EQ(diag.file, path);
  // What could be read is still there.
  ASSERT_EQ(load.targets.departments.size(), 1u);
  EXPECT_EQ(load.targets.departments[0].projects.size(), 2u);
}

TEST(ParseTargets, SyntaxErrorIsReportedWithItsPosition) {
  const TargetsLoad load = parse(std::string(kHead) + "[[project]]\ncode = \"P1\nname = \"x\"\n");
  ASSERT_EQ(error_count(load.diagnostics), 1) << dump(load.diagnostics);
  const Diagnostic& e = load.diagnostics[0];
  EXPECT_EQ(e.line, 10);
  EXPECT_GT(e.column, 0);
  EXPECT_NE(e.message.find("syntax"), std::string::npos);
  EXPECT_TRUE(load.targets.departments.empty());
}

TEST(ParseTargets, DuplicateKeyIsASyntaxError) {
  const TargetsLoad load = parse(std::string(kHead) + kProject + "budget = 11\n");
  EXPECT_EQ(errors_at(load.diagnostics, 13, "", "syntax"), 1) << dump(load.diagnostics);
}

TEST(ParseTargets, InvalidUtf8AndControlCharactersAreSyntaxErrors) {
  EXPECT_EQ(errors_at(parse(std::string(kHead) + "# \x01\n").diagnostics, 9, "", "syntax"), 1);
  EXPECT_EQ(errors_at(parse(std::string(kHead) + kProject + "purpose = \"\xff\"\n").diagnostics, 13,
                      "", "syntax"),
            1);
}

TEST(ParseTargets, EmptyFileNamesWhatIsMissing) {
  const TargetsLoad load = parse("");
  EXPECT_EQ(errors_at(load.diagnostics, 1, "schema_version", "missing"), 1)
      << dump(load.diagnostics);
  EXPECT_EQ(errors_at(load.diagnostics, 1, "department", "missing required key"), 1)
      << dump(load.diagnostics);
  EXPECT_TRUE(load.targets.departments.empty());
}

TEST(ParseTargets, SchemaVersion) {
  std::string text = kHead;
  const auto without = parse(text.substr(text.find('\n') + 1));
  EXPECT_EQ(errors_at(without.diagnostics, 1, "schema_version", "missing"), 1)
      << dump(without.diagnostics);
  const auto two = parse("schema_version = 2\n" + text.substr(text.find('\n') + 1));
  EXPECT_EQ(errors_at(two.diagnostics, 1, "schema_version", "unsupported schema_version 2"), 1)
      << dump(two.diagnostics);
  const auto quoted = parse("schema_version = \"1\"\n" + text.substr(text.find('\n') + 1));
  EXPECT_EQ(errors_at(quoted.diagnostics, 1, "schema_version", "expected an integer"), 1)
      << dump(quoted.diagnostics);
}

TEST(ParseTargets, MissingDepartmentKeysAreEachReported) {
  const auto load = parse("schema_version = 1\n[department]\nbudget_owner = \"x\"\n");
  for (const char* key : {"code", "name", "fiscal_year", "amount_unit"}) {
    EXPECT_EQ(errors_at(load.diagnostics, 2, std::string("department.") + key, "missing"), 1)
        << key << "\n"
        << dump(load.diagnostics);
  }
  EXPECT_EQ(warnings_at(load.diagnostics, 3, "department.budget_owner", "unknown"), 1);
}

TEST(ParseTargets, AmountUnitMustBeAMoneyUnit) {
  for (const char* unit : {"元", "万元", "亿元"}) {
    std::string text = kHead;
    text.replace(text.find("万元"), std::string("万元").size(), unit);
    const auto load = parse(text);
    EXPECT_TRUE(load.diagnostics.empty()) << unit << dump(load.diagnostics);
    EXPECT_EQ(load.targets.departments.at(0).amount_unit, unit);
  }
  std::string text = kHead;
  text.replace(text.find("万元"), std::string("万元").size(), "USD");
  EXPECT_EQ(errors_at(parse(text).diagnostics, 7, "department.amount_unit", "USD"), 1);
}

TEST(ParseTargets, WrongTypesNameTheExpectedType) {
  const auto load = parse(
      "schema_version = 1\n"
      "[department]\n"
      "code = 375\n"  // 3
      "name = \"x\"\n"
      "fiscal_year = \"2025\"\n"  // 5
      "amount_unit = \"万元\"\n"
      "[[project]]\n"  // 7
      "code = \"P\"\n"
      "name = \"p\"\n"
      "budget = \"68\"\n"         // 10
      "goals = \"one goal\"\n"    // 11
      "spending_plan = [2025]\n"  // 12
      "[[project.indicator]]\n"   // 13
      "id = \"timeliness-1\"\n"
      "name = \"t\"\n"
      "comparator = \"deadline\"\n"
      "deadline = \"2025-07-31\"\n"  // 17
      "[[project.indicator]]\n"      // 18
      "id = \"timeliness-2\"\n"
      "name = \"t\"\n"
      "comparator = \"deadline\"\n"
      "deadline = 2025-07-31T10:00:00\n"  // 22
      "unit = 5\n");                      // 23
  const auto& d = load.diagnostics;
  EXPECT_EQ(errors_at(d, 3, "department.code", "expected a string, found an integer"), 1)
      << dump(d);
  EXPECT_EQ(errors_at(d, 5, "department.fiscal_year", "expected an integer, found a string"), 1)
      << dump(d);
  EXPECT_EQ(errors_at(d, 10, "project[0].budget", "without quotes"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 11, "project[0].goals", "array of strings"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 12, "project[0].spending_plan[0]", "expected a table"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 17, "project[0].indicator[0].deadline", "2025-07-31 without quotes"), 1)
      << dump(d);
  EXPECT_EQ(errors_at(d, 22, "project[0].indicator[1].deadline", "without a time"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 23, "project[0].indicator[1].unit", "expected a string"), 1) << dump(d);
  // A wrongly typed target or deadline is not reported a second time as missing.
  EXPECT_EQ(error_count(d), 8) << dump(d);
}

TEST(ParseTargets, NumbersMayBeIntegersOrFloats) {
  for (const char* budget : {"68", "68.0", "6.8e1"}) {
    const auto load = parse(std::string(kHead) + "[[project]]\ncode = \"P\"\nname = \"p\"\n" +
                            "budget = " + budget + "\n");
    ASSERT_TRUE(load.ok()) << dump(load.diagnostics);
    EXPECT_EQ(load.targets.departments[0].projects[0].budget, 68) << budget;
  }
  const auto year = parse(
      "schema_version = 1\n[department]\ncode = \"1\"\nname = \"n\"\nfiscal_year = 2025.0\n"
      "amount_unit = \"元\"\n");
  ASSERT_TRUE(year.ok()) << dump(year.diagnostics);
  EXPECT_EQ(year.targets.departments[0].fiscal_year, 2025);
  const auto half = parse(
      "schema_version = 1\n[department]\ncode = \"1\"\nname = \"n\"\nfiscal_year = 2025.5\n"
      "amount_unit = \"元\"\n");
  EXPECT_EQ(errors_at(half.diagnostics, 5, "department.fiscal_year", "integer"), 1);
}

TEST(ParseTargets, NonFiniteNumbersAreRejected) {
  const auto load = parse(std::string(kHead) + kProject +
                          "[[project.indicator]]\nid = \"q-1\"\nname = \"n\"\n"
                          "comparator = \">=\"\ntarget = nan\n");
  EXPECT_EQ(errors_at(load.diagnostics, 17, "project[0].indicator[0].target", "finite"), 1)
      << dump(load.diagnostics);
}

TEST(ParseTargets, UnknownKeysAreWarningsEverywhere) {
  const auto load = parse(
      "schema_version = 1\n"
      "extra = 1\n"  // 2
      "[department]\ncode = \"1\"\nname = \"n\"\nfiscal_year = 2025\namount_unit = \"元\"\n"
      "[[department.budget]]\n"                                           // 8
      "table = \"t\"\nname = \"n\"\nnote = \"x\"\n"                       // 11
      "[[project]]\ncode = \"P\"\nname = \"p\"\nbudget = 1\n"             // 12-15
      "budjet = 2\n"                                                      // 16
      "spending_plan = [{ by = 2025-06-30, share = 0.5, sharee = 1 }]\n"  // 17
      "[[project.indicator]]\nid = \"q-1\"\nname = \"n\"\ncomparator = \">=\"\ntarget = 1\n"
      "targt = 2\n");  // 23
  const auto& d = load.diagnostics;
  EXPECT_TRUE(load.ok()) << dump(d);
  EXPECT_EQ(warnings_at(d, 2, "extra", "unknown key"), 1) << dump(d);
  EXPECT_EQ(warnings_at(d, 11, "department.budget[0].note", "unknown key"), 1) << dump(d);
  EXPECT_EQ(warnings_at(d, 16, "project[0].budjet", "unknown key"), 1) << dump(d);
  EXPECT_EQ(warnings_at(d, 17, "project[0].spending_plan[0].sharee", "unknown key"), 1) << dump(d);
  EXPECT_EQ(warnings_at(d, 23, "project[0].indicator[0].targt", "unknown key"), 1) << dump(d);
  EXPECT_EQ(d.size(), 5u) << dump(d);
}

TEST(ParseTargets, FundsMustBeNonNegativeAndAddUp) {
  const auto neg =
      parse(std::string(kHead) + kProject + "fiscal_funds = -1\nother_funds = -2\n");  // 13, 14
  EXPECT_EQ(errors_at(neg.diagnostics, 13, "project[0].fiscal_funds", "negative"), 1)
      << dump(neg.diagnostics);
  EXPECT_EQ(errors_at(neg.diagnostics, 14, "project[0].other_funds", "negative"), 1)
      << dump(neg.diagnostics);

  const auto off = parse(std::string(kHead) + kProject + "fiscal_funds = 8\nother_funds = 1.99\n");
  EXPECT_TRUE(off.ok());
  EXPECT_EQ(warnings_at(off.diagnostics, 13, "fiscal_funds", "differs from budget 10"), 1)
      << dump(off.diagnostics);

  const auto close =
      parse(std::string(kHead) + kProject + "fiscal_funds = 8\nother_funds = 1.996\n");
  EXPECT_TRUE(close.diagnostics.empty()) << dump(close.diagnostics);
  const auto absent = parse(std::string(kHead) + kProject);
  EXPECT_TRUE(absent.diagnostics.empty()) << dump(absent.diagnostics);
}

std::string plan(const std::string& entries) {
  return std::string(kHead) + kProject + "spending_plan = [\n" + entries + "]\n";  // entries at 14
}

TEST(ParseTargets, SpendingPlanRules) {
  const auto ok =
      parse(plan("{ by = 2025-03-31, share = 0.25 },\n{ by = 2025-06-30, share = 0.25 },\n"
                 "{ by = 2025-12-31, share = 1 },\n"));
  ASSERT_TRUE(ok.diagnostics.empty()) << dump(ok.diagnostics);
  EXPECT_EQ(ok.targets.departments[0].projects[0].spending_plan.size(), 3u);

  const auto percent = parse(plan("{ by = 2025-03-31, share = 25 },\n"));
  EXPECT_EQ(errors_at(percent.diagnostics, 14, "spending_plan[0].share", "25% is 0.25"), 1)
      << dump(percent.diagnostics);
  const auto negative = parse(plan("{ by = 2025-03-31, share = -0.1 },\n"));
  EXPECT_EQ(errors_at(negative.diagnostics, 14, "spending_plan[0].share", "between 0 and 1"), 1);

  const auto same_day =
      parse(plan("{ by = 2025-03-31, share = 0.2 },\n{ by = 2025-03-31, share = 0.3 },\n"));
  EXPECT_EQ(errors_at(same_day.diagnostics, 15, "spending_plan[1].by", "strictly increasing"), 1)
      << dump(same_day.diagnostics);

  const auto last_year = parse(plan("{ by = 2024-12-31, share = 0.2 },\n"));
  EXPECT_EQ(errors_at(last_year.diagnostics, 14, "spending_plan[0].by", "outside fiscal year"), 1)
      << dump(last_year.diagnostics);

  const auto missing = parse(plan("{ share = 0.2 },\n{ by = 2025-05-31 },\n"));
  EXPECT_EQ(errors_at(missing.diagnostics, 14, "spending_plan[0].by", "missing"), 1)
      << dump(missing.diagnostics);
  EXPECT_EQ(errors_at(missing.diagnostics, 15, "spending_plan[1].share", "missing"), 1)
      << dump(missing.diagnostics);
}

TEST(ParseTargets, FrequencyAndToleranceAreChecked) {
  const auto bad = parse(std::string(kHead) + kProject + "frequency = \"weekly\"\n" +
                         "indicator_tolerance = 2\n");
  EXPECT_EQ(errors_at(bad.diagnostics, 13, "project[0].frequency", "weekly"), 1)
      << dump(bad.diagnostics);
  EXPECT_EQ(errors_at(bad.diagnostics, 14, "project[0].indicator_tolerance", "between 0 and 1"), 1)
      << dump(bad.diagnostics);
  std::string text = kHead;
  text.insert(text.rfind("\n\n") + 1, "frequency = \"yearly\"\nindicator_tolerance = 0.1\n");
  const auto ok = parse(text);
  ASSERT_TRUE(ok.ok()) << dump(ok.diagnostics);
  EXPECT_EQ(ok.targets.departments[0].frequency, Frequency::kYearly);
  EXPECT_EQ(ok.targets.departments[0].indicator_tolerance, 0.1);
}

TEST(ParseTargets, LagToleranceRange) {
  std::string text = kHead;
  text.insert(text.rfind("\n\n") + 1, "lag_tolerance = 1.5\n");  // line 8
  EXPECT_EQ(errors_at(parse(text).diagnostics, 8, "department.lag_tolerance", "between 0 and 1"),
            1);
  const auto ok = parse(std::string(kHead) + kProject + "lag_tolerance = 0\n");
  ASSERT_TRUE(ok.ok()) << dump(ok.diagnostics);
  EXPECT_EQ(ok.targets.departments[0].projects[0].lag_tolerance, 0.0);
}

std::string indicator(const std::string& body) {
  // The indicator header is on line 13, its first key on line 14.
  return std::string(kHead) + kProject + "[[project.indicator]]\n" + body;
}

TEST(ParseTargets, IdRules) {
  EXPECT_EQ(
      errors_at(parse(indicator("id = \"spending\"\nname = \"n\"\ncomparator = \"qualitative\"\n"))
                    .diagnostics,
                14, "indicator[0].id", "reserved"),
      1);
  EXPECT_EQ(
      errors_at(parse(indicator("id = \"数量-1\"\nname = \"n\"\ncomparator = \"qualitative\"\n"))
                    .diagnostics,
                14, "indicator[0].id", "ASCII"),
      1);
  EXPECT_EQ(
      errors_at(
          parse(indicator("id = \"quantity 1\"\nname = \"n\"\ncomparator = \"qualitative\"\n"))
              .diagnostics,
          14, "indicator[0].id", "ASCII"),
      1);
  EXPECT_EQ(
      errors_at(
          parse(indicator("id = \"\"\nname = \"n\"\ncomparator = \"qualitative\"\n")).diagnostics,
          14, "indicator[0].id", "empty"),
      1);
  EXPECT_EQ(errors_at(parse(indicator("name = \"n\"\ncomparator = \"qualitative\"\n")).diagnostics,
                      13, "indicator[0].id", "missing"),
            1);
}

TEST(ParseTargets, DepartmentIndicatorIdsAreUniqueInTheirBlock) {
  const auto load =
      parse(std::string(kHead) +
            "[[department.indicator]]\nid = \"q-1\"\nname = \"a\"\ncomparator = \"qualitative\"\n"
            "[[department.indicator]]\nid = \"q-1\"\nname = \"b\"\ncomparator = \"qualitative\"\n"
            "[[project]]\ncode = \"P\"\nname = \"p\"\nbudget = 1\n"
            "[[project.indicator]]\nid = \"q-1\"\nname = \"c\"\ncomparator = \"qualitative\"\n");
  // The second department indicator clashes; the project's own block may reuse the id.
  EXPECT_EQ(
      errors_at(load.diagnostics, 14, "department.indicator[1].id", "first defined at line 10"), 1)
      << dump(load.diagnostics);
  EXPECT_EQ(error_count(load.diagnostics), 1) << dump(load.diagnostics);
}

TEST(ParseTargets, EveryNumericComparatorNeedsATarget) {
  for (const char* c : {">=", "<=", "=", ">", "<", "≥", "≤"}) {
    const auto load = parse(indicator(std::string("id = \"x-1\"\nname = \"n\"\ncomparator = \"") +
                                      c + "\"\nunit = \"件\"\n"));
    EXPECT_EQ(errors_at(load.diagnostics, 13, "indicator[0].target", "needs a numeric `target`"), 1)
        << c << dump(load.diagnostics);
  }
  for (const char* c : {"qualitative"}) {
    const auto load =
        parse(indicator(std::string("id = \"x-1\"\nname = \"n\"\ncomparator = \"") + c + "\"\n"));
    EXPECT_TRUE(load.diagnostics.empty()) << c << dump(load.diagnostics);
  }
}

TEST(ParseTargets, DeadlineComparator) {
  const auto missing = parse(indicator("id = \"t-1\"\nname = \"n\"\ncomparator = \"deadline\"\n"));
  EXPECT_EQ(errors_at(missing.diagnostics, 13, "indicator[0].deadline", "needs a `deadline`"), 1);
  const auto outside = parse(
      indicator("id = \"t-1\"\nname = \"n\"\ncomparator = \"deadline\"\ndeadline = 2026-01-15\n"));
  EXPECT_TRUE(outside.ok());
  EXPECT_EQ(warnings_at(outside.diagnostics, 17, "indicator[0].deadline", "outside fiscal year"), 1)
      << dump(outside.diagnostics);
  const auto ok = parse(
      indicator("id = \"t-1\"\nname = \"n\"\ncomparator = \"deadline\"\ndeadline = 2025-07-31\n"));
  ASSERT_TRUE(ok.diagnostics.empty()) << dump(ok.diagnostics);
  EXPECT_EQ(ok.targets.departments[0].projects[0].indicators[0].deadline,
            Date::from_ymd(2025, 7, 31));
}

TEST(ParseTargets, PaceValues) {
  for (const char* pace : {"linear", "year_end", "none"}) {
    const auto load =
        parse(indicator(std::string("id = \"q-1\"\nname = \"n\"\ncomparator = \">=\"\n"
                                    "target = 1\npace = \"") +
                        pace + "\"\n"));
    ASSERT_TRUE(load.diagnostics.empty()) << dump(load.diagnostics);
    EXPECT_EQ(load.targets.departments[0].projects[0].indicators[0].pace, parse_pace(pace));
  }
  const auto bad =
      parse(indicator("id = \"q-1\"\nname = \"n\"\ncomparator = \">=\"\ntarget = 1\n"
                      "pace = \"Linear\"\n"));
  EXPECT_EQ(errors_at(bad.diagnostics, 18, "indicator[0].pace", "one of linear, year_end, none"), 1)
      << dump(bad.diagnostics);
}

TEST(ParseTargets, BudgetAmountsKeepTheirWrittenOrder) {
  const auto load = parse(std::string(kHead) +
                          "[[department.budget]]\ntable = \"t\"\ncode = \"2\"\nname = \"n\"\n"
                          "amounts = { \"项目支出\" = 3, \"z\" = 1, \"合计\" = 0.5, a = 2 }\n"
                          "[[department.budget]]\ntable = \"t\"\nname = \"m\"\n"
                          "[department.budget.amounts]\n"
                          "\"基本支出\" = 1\n\"合计\" = 2\n");
  ASSERT_TRUE(load.diagnostics.empty()) << dump(load.diagnostics);
  const auto& lines = load.targets.departments[0].budget_lines;
  ASSERT_EQ(lines.size(), 2u);
  const std::vector<std::pair<std::string, double>> first = {
      {"项目支出", 3}, {"z", 1}, {"合计", 0.5}, {"a", 2}};
  EXPECT_EQ(lines[0].amounts, first);
  const std::vector<std::pair<std::string, double>> second = {{"基本支出", 1}, {"合计", 2}};
  EXPECT_EQ(lines[1].amounts, second);
  EXPECT_EQ(lines[1].code, "");
}

TEST(ParseTargets, BudgetLineProblems) {
  const auto load = parse(std::string(kHead) +
                          "[[department.budget]]\n"  // 9
                          "code = \"2\"\n"
                          "amounts = { \"合计\" = \"4210.38\" }\n");  // 11
  EXPECT_EQ(errors_at(load.diagnostics, 9, "department.budget[0].table", "missing"), 1)
      << dump(load.diagnostics);
  EXPECT_EQ(errors_at(load.diagnostics, 9, "department.budget[0].name", "missing"), 1);
  EXPECT_EQ(errors_at(load.diagnostics, 11, "department.budget[0].amounts.合计", "number"), 1)
      << dump(load.diagnostics);
}

TEST(ParseTargets, SingleTableWhereAnArrayOfTablesBelongs) {
  const auto load = parse(std::string(kHead) + "[project]\ncode = \"P\"\n");
  EXPECT_EQ(errors_at(load.diagnostics, 9, "project", "write [[project]]"), 1)
      << dump(load.diagnostics);
  const auto nested = parse(std::string(kHead) + kProject + "[project.indicator]\nid = \"q-1\"\n");
  EXPECT_EQ(errors_at(nested.diagnostics, 13, "project[0].indicator", "[[project.indicator]]"), 1)
      << dump(nested.diagnostics);
}

TEST(ParseTargets, Utf8ByteOrderMarkIsAccepted) {
  const auto load = parse("\xEF\xBB\xBF" + std::string(kHead));
  EXPECT_TRUE(load.ok()) << dump(load.diagnostics);
}

TEST(Diagnostic, ToStringShape) {
  Diagnostic e{Diagnostic::Severity::kError, "a.toml", 12, 3, "project[0].budget",
               "must not be negative"};
  EXPECT_EQ(e.to_string(), "a.toml:12:3: project[0].budget: must not be negative");
  Diagnostic w{Diagnostic::Severity::kWarning, "a.toml", 4, 1, "x", "unknown key `x` (ignored)"};
  EXPECT_EQ(w.to_string(), "a.toml:4:1: x: warning: unknown key `x` (ignored)");
  Diagnostic nowhere{Diagnostic::Severity::kError, "dir/missing.toml", 0, 0, "",
                     "no such file or directory"};
  EXPECT_EQ(nowhere.to_string(), "dir/missing.toml: no such file or directory");
}

TEST(ExampleTargets, LangfangJusticeLoadsCleanly) {
  const std::string path = test::source_file("config/targets/langfang-justice-2025.toml");
  const TargetsLoad load = parse_targets(test::read_all(path), path);
  ASSERT_TRUE(load.diagnostics.empty()) << dump(load.diagnostics);
  ASSERT_EQ(load.targets.departments.size(), 1u);
  const Department& d = load.targets.departments[0];
  EXPECT_EQ(d.code, "375");
  EXPECT_EQ(d.name, "廊坊市司法局");
  EXPECT_EQ(d.fiscal_year, 2025);
  EXPECT_EQ(d.amount_unit, "万元");
  // Every row of the department-wide table, level cells carried down from their group's first row.
  ASSERT_EQ(d.indicators.size(), 23u);
  for (const Indicator& i : d.indicators) {
    EXPECT_FALSE(i.level1.empty()) << i.id;
    EXPECT_FALSE(i.level2.empty()) << i.id;
    EXPECT_EQ(i.id.substr(0, i.id.find('-')), id_category(i.level2)) << i.id;
  }
  EXPECT_EQ(d.indicators[2].name, "调解案件数量");
  EXPECT_EQ(d.indicators[2].target, 20000);
  EXPECT_EQ(d.indicators[9].comparator, Comparator::kEqual);  // 0 %
  EXPECT_EQ(d.indicators[9].target, 0);
  EXPECT_EQ(d.indicators[22].level1, "部门效果");
  EXPECT_EQ(d.indicators[22].level2, "满意度");

  // The file is the importer's output for the whole document (24 projects); pin three of them.
  ASSERT_EQ(d.projects.size(), 24u);
  auto project = [&](std::string_view code) -> const Project& {
    for (const Project& p : d.projects) {
      if (p.code == code) return p;
    }
    ADD_FAILURE() << "no project " << code;
    return d.projects.front();
  };
  const Project& legal_aid = project("13100025P00041210001X");
  EXPECT_EQ(legal_aid.indicators[0].comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(legal_aid.indicators[0].target, 350);
  EXPECT_EQ(legal_aid.indicators[0].unit, "件");
  EXPECT_EQ(legal_aid.indicators[2].expected, "及时");

  const Project& exam = project("13100025P00010810004C");
  EXPECT_EQ(exam.code, "13100025P00010810004C");
  const SpendingPlan exam_plan = {{Date::from_ymd(2025, 6, 30), 0.05},
                                  {Date::from_ymd(2025, 10, 31), 0.2},
                                  {Date::from_ymd(2025, 12, 31), 1.0}};
  EXPECT_EQ(exam.spending_plan, exam_plan);

  const Project& rehab = project("13100025P00011610003L");
  EXPECT_EQ(rehab.code, "13100025P00011610003L");
  EXPECT_EQ(rehab.budget, 21.54);
  ASSERT_GE(rehab.indicators.size(), 8u);
  EXPECT_EQ(rehab.indicators[0].name, "专用设备运维数量");
  EXPECT_EQ(rehab.indicators[1].name, "专用设备运维数量");
  EXPECT_EQ(rehab.indicators[1].id, "quantity-2");
  EXPECT_EQ(rehab.indicators[2].unit, "m²");
  EXPECT_EQ(rehab.indicators[2].target, 16000);
  EXPECT_EQ(rehab.indicators[6].comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(rehab.indicators[6].target, 92);
  EXPECT_EQ(rehab.indicators[7].comparator, Comparator::kLessEqual);
  EXPECT_EQ(rehab.indicators[7].target, 2);
  EXPECT_EQ(rehab.indicators[7].unit, "天");
}

}  // namespace
}  // namespace targetwatch
