// The targets cache's encoding: every model field round-trips exactly, and bytes that are not
// one whole encoding (truncated, extended, corrupted) are refused without reading out of bounds.
#include "targets_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace targetwatch::config_detail {
namespace {

Indicator full_indicator(const std::string& id, double target) {
  Indicator i;
  i.id = id;
  i.level1 = "产出指标";
  i.level2 = "数量指标";
  i.name = "检测桥梁数";
  i.description = "年度检测的桥梁 \"座\" 数\n第二行";
  i.comparator = Comparator::kGreaterEqual;
  i.target = target;
  i.unit = "座";
  i.expected = "及时";
  i.deadline = Date::from_ymd(2025, 7, 31);
  i.pace = Pace::kYearEnd;
  i.frequency = Frequency::kHalfYearly;
  i.tolerance = 0.05;
  i.basis = "工作计划";
  return i;
}

// Every field of every model struct set to something other than its default. When a model
// struct gains a field, targets_codec.cpp stops compiling; set the new field here too.
ParsedFile full_parse() {
  Department d;
  d.code = "375";
  d.name = "测试交通局";
  d.fiscal_year = 2025;
  d.amount_unit = "元";
  d.lag_tolerance = 0.1;
  d.indicator_tolerance = 0.2;
  d.frequency = Frequency::kMonthly;
  d.indicators = {full_indicator("quantity-1", 120.5), full_indicator("quality-1", -3.25)};
  d.indicators[1].comparator = Comparator::kDeadline;
  d.indicators[1].pace = Pace::kNone;
  d.indicators[1].frequency = Frequency::kOnce;

  Project p;
  p.code = "P375-1";
  p.name = "桥梁检测";
  p.budget = 500000;
  p.fiscal_funds = 400000.25;
  p.other_funds = 99999.75;
  p.purpose = "委托第三方检测";
  p.goals = {"完成年度检测", "", "出具报告"};
  p.spending_plan = {{Date::from_ymd(2025, 3, 31), 0.25}, {Date::from_ymd(2025, 12, 31), 1.0}};
  p.lag_tolerance = 0.02;
  p.indicator_tolerance = 0.08;
  p.frequency = Frequency::kQuarterly;
  p.indicators = {full_indicator("timeliness-1", 0)};
  p.indicators[0].comparator = Comparator::kLess;
  p.indicators[0].pace = Pace::kLinear;
  d.projects = {p, p};
  d.projects[1].code = "P375-2";
  d.projects[1].frequency = Frequency::kYearly;

  BudgetLine line;
  line.table = "部门预算支出总表";
  line.code = "214";
  line.name = "交通运输支出";
  line.amounts = {{"合计", 3000000}, {"基本支出", 1000000.5}, {"", -1e300}};
  d.budget_lines = {line, BudgetLine{"三公经费", "", "公务接待费", {}}};

  ParsedFile parsed;
  parsed.department = d;
  parsed.positions.fiscal_year = {6, 15};
  parsed.positions.amount_unit = {7, 15};
  parsed.positions.name = {5, 8};
  parsed.positions.project_codes = {{30, 8}, {60, 8}};
  parsed.positions.indicator_ids = {{12, 6}, {22, 6}};
  return parsed;
}

std::vector<Diagnostic> some_warnings() {
  return {{Diagnostic::Severity::kWarning, "", 3, 1, "department.nmae", "unknown key `nmae`"},
          {Diagnostic::Severity::kWarning, "", 0, 0, "", "无位置的警告"}};
}

void expect_same_warnings(const std::vector<Diagnostic>& got, const std::vector<Diagnostic>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].severity, Diagnostic::Severity::kWarning);
    EXPECT_EQ(got[i].file, "");
    EXPECT_EQ(got[i].to_string(), want[i].to_string());
  }
}

TEST(TargetsCodec, EveryFieldRoundTrips) {
  const ParsedFile parsed = full_parse();
  const auto decoded = decode_parsed_file(encode_parsed_file(parsed, some_warnings()));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->parsed, parsed);
  expect_same_warnings(decoded->warnings, some_warnings());
}

TEST(TargetsCodec, WarningsLoseTheirFileName) {
  std::vector<Diagnostic> warnings = some_warnings();
  warnings[0].file = "/etc/targetwatch/targets/375.toml";
  const std::string bytes = encode_parsed_file(full_parse(), warnings);
  EXPECT_EQ(bytes.find("375.toml"), std::string::npos);
  const auto decoded = decode_parsed_file(bytes);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->warnings[0].file, "");
  EXPECT_EQ(decoded->warnings[0].line, 3);
}

TEST(TargetsCodec, EdgeValuesRoundTripExactly) {
  ParsedFile parsed = full_parse();
  Department& d = *parsed.department;
  d.code = "";
  d.name = "";
  d.fiscal_year = 0;
  d.lag_tolerance.reset();
  d.indicator_tolerance = 0.0;
  d.frequency.reset();
  d.budget_lines.clear();
  const double values[] = {0.0,
                           -0.0,
                           -1.5,
                           1e-300,
                           std::numeric_limits<double>::max(),
                           std::numeric_limits<double>::lowest(),
                           std::numeric_limits<double>::denorm_min(),
                           std::numeric_limits<double>::infinity(),
                           123456789012345.678};
  d.projects[0].indicators.clear();
  for (double v : values) {
    Indicator i = full_indicator("i", v);
    i.target = v;
    i.unit = "";
    i.deadline.reset();
    i.pace.reset();
    i.frequency.reset();
    i.tolerance.reset();
    d.projects[0].indicators.push_back(i);
  }
  d.projects[0].spending_plan.clear();
  d.projects[0].goals.clear();
  d.projects[1].budget = -0.0;
  d.projects[1].indicators.front().deadline = Date::from_days(-719162);  // 0001-01-01
  const auto decoded = decode_parsed_file(encode_parsed_file(parsed, {}));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->parsed, parsed);
  EXPECT_TRUE(decoded->warnings.empty());
  // == does not tell -0.0 from 0.0; the bits must come back too.
  EXPECT_TRUE(std::signbit(decoded->parsed.department->projects[1].budget));
  EXPECT_TRUE(std::signbit(*decoded->parsed.department->projects[0].indicators[1].target));
}

TEST(TargetsCodec, NoDepartmentRoundTrips) {
  const ParsedFile empty;
  const auto decoded = decode_parsed_file(encode_parsed_file(empty, {}));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->parsed, empty);
}

TEST(TargetsCodec, RemarksAreNotStored) {
  ParsedFile parsed = full_parse();
  parsed.department->projects[0].remark = "导入时的备注";
  parsed.department->indicators[0].remark = "不确定的读数";
  const std::string bytes = encode_parsed_file(parsed, {});
  EXPECT_EQ(bytes.find("备注"), std::string::npos);
  EXPECT_EQ(bytes.find("不确定"), std::string::npos);
  const auto decoded = decode_parsed_file(bytes);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->parsed, full_parse());
}

TEST(TargetsCodec, EveryTruncationAndAnyExtraByteIsRefused) {
  const std::string bytes = encode_parsed_file(full_parse(), some_warnings());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_parsed_file(bytes.substr(0, n)).has_value()) << "length " << n;
  }
  EXPECT_FALSE(decode_parsed_file(bytes + '\0').has_value());
}

TEST(TargetsCodec, ForeignMagicOrVersionIsRefused) {
  std::string bytes = encode_parsed_file(full_parse(), {});
  std::string other_magic = bytes;
  other_magic[0] = 'X';
  EXPECT_FALSE(decode_parsed_file(other_magic).has_value());
  std::string other_version = bytes;
  other_version[8] = static_cast<char>(other_version[8] + 1);  // the u32 after the 8-byte magic
  EXPECT_FALSE(decode_parsed_file(other_version).has_value());
}

TEST(TargetsCodec, UnknownEnumeratorsAndFlagsAreRefused) {
  ParsedFile parsed;
  parsed.department.emplace();
  parsed.department->frequency = Frequency::kOnce;
  const std::string bytes = encode_parsed_file(parsed, {});
  // The department's frequency: find the byte pair (flag 1, kOnce) after the two tolerances.
  const std::string marker = std::string("\x01") + static_cast<char>(Frequency::kOnce);
  const std::size_t at = bytes.find(marker);
  ASSERT_NE(at, std::string::npos);
  std::string bad_enum = bytes;
  bad_enum[at + 1] = static_cast<char>(static_cast<int>(Frequency::kOnce) + 1);
  EXPECT_FALSE(decode_parsed_file(bad_enum).has_value());
  std::string bad_flag = bytes;
  bad_flag[at] = 2;
  EXPECT_FALSE(decode_parsed_file(bad_flag).has_value());
  EXPECT_TRUE(decode_parsed_file(bytes).has_value());
}

TEST(TargetsCodec, HugeCountsAreRefusedWithoutAllocating) {
  ParsedFile parsed;
  parsed.department.emplace();
  std::string bytes = encode_parsed_file(parsed, {});
  // The last 8 bytes are the warnings' count (0): claim 2^62 of them.
  ASSERT_GE(bytes.size(), 8u);
  bytes[bytes.size() - 1] = 0x40;
  EXPECT_FALSE(decode_parsed_file(bytes).has_value());
}

TEST(TargetsCodec, PositionsThatDoNotMatchTheDepartmentAreRefused) {
  ParsedFile parsed = full_parse();
  parsed.positions.project_codes.pop_back();  // the merge would index past the end
  EXPECT_FALSE(decode_parsed_file(encode_parsed_file(parsed, {})).has_value());
}

TEST(TargetsCodec, RandomByteFlipsNeverCrash) {
  const std::string bytes = encode_parsed_file(full_parse(), some_warnings());
  std::mt19937 random(20251201);  // fixed seed: the same flips every run
  std::uniform_int_distribution<std::size_t> position(0, bytes.size() - 1);
  std::uniform_int_distribution<int> mask(1, 255);
  int refused = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string corrupted = bytes;
    for (int flips = 0; flips <= i % 3; ++flips) {
      corrupted[position(random)] ^= static_cast<char>(mask(random));
    }
    // A flip inside a string or a number may still decode (the cache's checksum catches those);
    // anything else must be refused, and nothing may read out of bounds (ASan builds check).
    refused += decode_parsed_file(corrupted).has_value() ? 0 : 1;
  }
  EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace targetwatch::config_detail
