// write_targets: canonical layout, number and string formatting, and parse(write(d)) == d.
#include <gtest/gtest.h>

#include <random>

#include "targetwatch/config/targets_file.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using test::dump;

Department without_remarks(Department d) {
  for (auto& i : d.indicators) i.remark.clear();
  for (auto& p : d.projects) {
    p.remark.clear();
    for (auto& i : p.indicators) i.remark.clear();
  }
  return d;
}

// Parses written text; any diagnostic fails the test, except (when allowed) the warning that an
// arbitrary model's funds do not add up to its budget.
Department reparse(const std::string& text, bool allow_funds_warning = false) {
  const TargetsLoad load = parse_targets(text, "written.toml");
  for (const Diagnostic& d : load.diagnostics) {
    const bool tolerated = allow_funds_warning && d.severity == Diagnostic::Severity::kWarning &&
                           d.message.find("differs from budget") != std::string::npos;
    EXPECT_TRUE(tolerated) << d.to_string() << "\n" << text;
  }
  if (load.targets.departments.size() != 1) {
    ADD_FAILURE() << "expected one department";
    return {};
  }
  return load.targets.departments[0];
}

// The comment lines at the top of a file, the way `targetwatch fmt` keeps them.
std::vector<std::string> leading_comments(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size() && text[pos] == '#') {
    std::size_t end = text.find('\n', pos);
    std::string line = text.substr(pos + 1, end - pos - 1);
    if (!line.empty() && line.front() == ' ') line.erase(0, 1);
    lines.push_back(line);
    pos = end + 1;
  }
  return lines;
}

TEST(WriteTargets, ExampleFileIsCanonicalAndRoundTrips) {
  const std::string path = test::source_file("config/targets/langfang-justice-2025.toml");
  const std::string text = test::read_all(path);
  const TargetsLoad load = parse_targets(text, path);
  ASSERT_TRUE(load.ok()) << dump(load.diagnostics);
  const Department& d = load.targets.departments.at(0);
  WriteOptions options;
  options.header_comments = leading_comments(text);
  const std::string written = write_targets(d, options);
  EXPECT_EQ(written, text);  // `targetwatch fmt --check` would find nothing to change
  EXPECT_EQ(reparse(written), d);
}

TEST(WriteTargets, FixtureRoundTrips) {
  const std::string path = test::fixture("valid-small.toml");
  const TargetsLoad load = parse_targets(test::read_all(path), path);
  ASSERT_TRUE(load.ok());
  const Department& d = load.targets.departments.at(0);
  const std::string written = write_targets(d);
  EXPECT_EQ(reparse(written), d);
  EXPECT_EQ(write_targets(reparse(written)), written);
}

// Deterministic generator of awkward models.
class ModelGenerator {
 public:
  explicit ModelGenerator(unsigned seed) : rng_(seed) {}

  Department department() {
    Department d;
    d.code = text(1, 8);
    d.name = text(0, 20);
    d.fiscal_year = pick(1990, 2100);
    d.amount_unit = std::vector<std::string>{"元", "万元", "亿元"}[pick(0, 2)];
    if (chance(0.3)) d.lag_tolerance = unit_interval();
    if (chance(0.3)) d.indicator_tolerance = unit_interval();
    if (chance(0.3)) d.frequency = static_cast<Frequency>(pick(0, 4));
    const int indicators = pick(0, 4);
    for (int i = 0; i < indicators; ++i) d.indicators.push_back(indicator(d.fiscal_year, i));
    const int lines = pick(0, 3);
    for (int i = 0; i < lines; ++i) d.budget_lines.push_back(budget_line());
    const int projects = pick(0, 4);
    for (int i = 0; i < projects; ++i) d.projects.push_back(project(d.fiscal_year, i));
    return d;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  double unit_interval() {
    switch (pick(0, 3)) {
      case 0:
        return 0.1 + 0.2;  // 0.30000000000000004 must survive exactly
      case 1:
        return pick(0, 100) / 100.0;
      case 2:
        return std::uniform_real_distribution<double>(0, 1)(rng_);
      default:
        return pick(0, 1);
    }
  }
  double amount() {
    switch (pick(0, 5)) {
      case 0:
        return pick(0, 100000);
      case 1:
        return pick(0, 1000000) / 100.0;
      case 2:
        return std::uniform_real_distribution<double>(0, 1e7)(rng_);
      case 3:
        return 1e-7 * pick(1, 9);
      case 4:
        return 1e20 * pick(1, 9);
      default:
        return 123456789012345678.0;
    }
  }
  double any_number() { return chance(0.2) ? -amount() : amount(); }

  // Strings with everything a TOML writer can get wrong.
  std::string text(int min_pieces, int max_pieces) {
    static const std::vector<std::string> kPieces = {
        "a",   "Z",      "0",    " ",      "廊坊",   "市司法局", "（冀财政法〔2024〕50号）",
        "\"",  "\\",     "\\n",  "\n",     "\t",     "\r",       "'",
        "'''", "\"\"\"", "#",    "=",      "[",      "]",        "{",
        "}",   ",",      "\x01", "\x7f",   "\x1f",   "😀",        "é",
        "m²",  "≥",      "％",   "\u00a0", "\u2028", "${x}",     "%s"};
    std::string out;
    const int n = pick(min_pieces, max_pieces);
    for (int i = 0; i < n; ++i) out += kPieces[pick(0, static_cast<int>(kPieces.size()) - 1)];
    return out;
  }

  Indicator indicator(int year, int ordinal) {
    Indicator i;
    i.id = "id-" + std::to_string(ordinal) + (chance(0.5) ? "_x" : "");
    i.level1 = text(0, 3);
    i.level2 = text(0, 3);
    i.name = text(0, 6);
    i.description = text(0, 10);
    i.comparator = static_cast<Comparator>(pick(0, 6));
    if (i.comparator == Comparator::kDeadline) {
      i.deadline = Date::from_ymd(year, pick(1, 12), pick(1, 28));
    } else if (i.comparator != Comparator::kQualitative) {
      i.target = any_number();
    }
    if (chance(0.1)) i.target = any_number();  // extra fields must survive too
    if (chance(0.7)) i.unit = text(0, 2);
    if (chance(0.5)) i.expected = text(0, 3);
    if (chance(0.3)) i.pace = static_cast<Pace>(pick(0, 2));
    if (chance(0.3)) i.frequency = static_cast<Frequency>(pick(0, 4));
    if (chance(0.3)) i.tolerance = unit_interval();
    i.basis = text(0, 4);
    if (chance(0.3)) i.remark = text(0, 8);
    return i;
  }

  BudgetLine budget_line() {
    BudgetLine b;
    b.table = text(1, 4);
    b.code = chance(0.5) ? std::to_string(pick(1, 999999)) : "";
    b.name = text(0, 4);
    const int columns = pick(0, 5);
    for (int i = 0; i < columns; ++i) {
      b.amounts.emplace_back(text(0, 3) + "#" + std::to_string(i), any_number());
    }
    return b;
  }

  Project project(int year, int ordinal) {
    Project p;
    p.code = "P" + std::to_string(ordinal) + text(0, 3);
    p.name = text(0, 8);
    p.budget = amount();
    p.fiscal_funds = chance(0.5) ? p.budget : amount();
    p.other_funds = p.fiscal_funds == p.budget ? 0 : amount();
    p.purpose = text(0, 6);
    const int goals = pick(0, 3);
    for (int i = 0; i < goals; ++i) p.goals.push_back(text(0, 6));
    int day = 0;
    double share = 0;
    const int checkpoints = pick(0, 5);
    for (int i = 0; i < checkpoints && day < days_in_year(year) - 1; ++i) {
      day += pick(1, 80);
      if (day >= days_in_year(year)) break;
      share = std::min(1.0, share + unit_interval() / 3);
      p.spending_plan.push_back({Date::first_of_year(year).plus_days(day), share});
    }
    if (chance(0.3)) p.lag_tolerance = unit_interval();
    if (chance(0.3)) p.indicator_tolerance = unit_interval();
    if (chance(0.3)) p.frequency = static_cast<Frequency>(pick(0, 4));
    const int indicators = pick(0, 5);
    for (int i = 0; i < indicators; ++i) p.indicators.push_back(indicator(year, i));
    if (chance(0.5)) p.remark = text(0, 8);
    return p;
  }

  std::mt19937 rng_;
};

TEST(WriteTargets, GeneratedModelsRoundTripExactly) {
  ModelGenerator gen(20250630);
  for (int n = 0; n < 300; ++n) {
    const Department d = gen.department();
    const std::string written = write_targets(d);
    const Department back = reparse(written, true);
    ASSERT_EQ(back, without_remarks(d)) << "model #" << n << "\n" << written;
    // Writing what was read gives the same text (remarks aside): the layout is canonical.
    ASSERT_EQ(write_targets(back), write_targets(without_remarks(d))) << "model #" << n;
  }
}

TEST(WriteTargets, NumbersUseTheShortestExactForm) {
  Department d;
  d.code = "1";
  d.name = "n";
  d.fiscal_year = 2025;
  Project p;
  p.code = "P";
  p.budget = 350.0;
  p.fiscal_funds = 4210.38;
  p.other_funds = 0.1 + 0.2;
  p.spending_plan = {{Date::from_ymd(2025, 3, 31), 0.3}, {Date::from_ymd(2025, 6, 30), 0.6}};
  d.projects.push_back(p);
  const std::string text = write_targets(d);
  EXPECT_NE(text.find("\nbudget = 350\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nfiscal_funds = 4210.38\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nother_funds = 0.30000000000000004\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  { by = 2025-03-31, share = 0.3 },\n  { by = 2025-06-30, share = 0.6 },\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(reparse(text, true), d);
}

TEST(WriteTargets, StringsEscapeOnlyWhatTomlRequires) {
  Department d;
  d.code = "375";
  d.name = "廊坊市司法局 \"引号\" \\ 反斜杠\n第二行\t制表\x01";
  d.fiscal_year = 2025;
  const std::string text = write_targets(d);
  EXPECT_NE(text.find("name = \"廊坊市司法局 \\\"引号\\\" \\\\ 反斜杠\\n第二行\\t制表\\u0001\""),
            std::string::npos)
      << text;
  EXPECT_EQ(reparse(text), d);
}

TEST(WriteTargets, InvalidUtf8StillGivesALoadableFile) {
  Department d;
  d.code = "375";
  d.name = "bad \xff\xfe bytes \xe5\xbb";
  d.fiscal_year = 2025;
  Project p;
  p.code = "P";
  p.name = "\xc0\x80 overlong";  // becomes the project's comment line too
  d.projects.push_back(p);
  const Department back = reparse(write_targets(d));
  EXPECT_EQ(back.name, "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(WriteTargets, LayoutFollowsTheFormatDocument) {
  Department d;
  d.code = "375";
  d.name = "廊坊市司法局";
  d.fiscal_year = 2025;
  Indicator i;
  i.id = "quantity-1";
  i.level1 = "产出指标";
  i.level2 = "数量指标";
  i.name = "法律援助案件受理数";
  i.description = "反映法律援助案件受理数";
  i.comparator = Comparator::kGreaterEqual;
  i.target = 350;
  i.unit = "件";
  i.pace = Pace::kLinear;
  i.basis = "案件统计表";
  i.remark = "uncertain: 350 or 35?\nsecond line";
  Project p;
  p.code = "13100025P00041210001X";
  p.name = "法律援助工作中央资金（冀财政法〔2024〕50号）";
  p.budget = 68;
  p.fiscal_funds = 68;
  p.goals = {"目标一"};
  p.remark = "imported with 1 uncertainty";
  p.indicators.push_back(i);
  d.projects.push_back(p);
  WriteOptions options;
  options.header_comments = {"Imported from x.txt.", "", "Check remarks."};
  const std::string text = write_targets(d, options);

  EXPECT_EQ(text.rfind("# Imported from x.txt.\n#\n# Check remarks.\n\nschema_version = 1\n\n"
                       "[department]\ncode = \"375\"\n",
                       0),
            0u)
      << text;
  EXPECT_NE(text.find("\n\n# 法律援助工作中央资金（冀财政法〔2024〕50号）\n"
                      "# imported with 1 uncertainty\n[[project]]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\n\n# uncertain: 350 or 35?\n# second line\n[[project.indicator]]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("goals = [\"目标一\"]\n"), std::string::npos) << text;
  // Key order of an indicator as in docs/targets-format.md.
  std::size_t at = text.find("[[project.indicator]]");
  for (const char* key : {"id =", "level1 =", "level2 =", "name =", "description =", "comparator =",
                          "target =", "unit =", "pace =", "basis ="}) {
    const std::size_t next = text.find(std::string("\n") + key, at);
    ASSERT_NE(next, std::string::npos) << key << "\n" << text;
    at = next + 1;
  }
  // Key order of a project.
  at = text.find("[[project]]");
  for (const char* key : {"code =", "name =", "budget =", "fiscal_funds =", "other_funds =",
                          "purpose =", "goals =", "spending_plan ="}) {
    const std::size_t next = text.find(std::string("\n") + key, at);
    ASSERT_NE(next, std::string::npos) << key << "\n" << text;
    at = next + 1;
  }
  EXPECT_EQ(reparse(text), without_remarks(d));
}

TEST(WriteTargets, DefaultHeaderNamesTheDepartment) {
  Department d;
  d.code = "375";
  d.name = "廊坊市司法局";
  d.fiscal_year = 2025;
  const std::string text = write_targets(d);
  EXPECT_EQ(text.rfind("# ", 0), 0u);
  EXPECT_NE(text.substr(0, text.find("\n\n")).find("廊坊市司法局"), std::string::npos) << text;
  // fmt keeps the header it finds, so writing again with it changes nothing.
  WriteOptions options;
  options.header_comments = leading_comments(text);
  EXPECT_EQ(write_targets(d, options), text);
}

TEST(WriteTargets, BudgetLinesAsInlineTablesInOrder) {
  Department d;
  d.code = "375";
  d.name = "n";
  d.fiscal_year = 2025;
  d.budget_lines.push_back({"部门预算支出总表",
                            "204",
                            "公共安全支出",
                            {{"合计", 3242.01}, {"基本支出", 2498.1}, {"项目支出", 743.91}}});
  d.budget_lines.push_back({"t", "", "empty", {}});
  const std::string text = write_targets(d);
  EXPECT_NE(
      text.find("amounts = { \"合计\" = 3242.01, \"基本支出\" = 2498.1, \"项目支出\" = 743.91 }\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("amounts = {}\n"), std::string::npos) << text;
  EXPECT_EQ(reparse(text), d);
}

TEST(WriteTargets, RepeatedBudgetColumnsStillGiveValidToml) {
  Department d;
  d.code = "375";
  d.name = "n";
  d.fiscal_year = 2025;
  d.budget_lines.push_back({"t", "", "n", {{"合计", 1}, {"合计", 2}}});
  const Department back = reparse(write_targets(d));
  ASSERT_EQ(back.budget_lines.at(0).amounts.size(), 2u);
  EXPECT_EQ(back.budget_lines[0].amounts[1].second, 2);
}

}  // namespace
}  // namespace targetwatch
