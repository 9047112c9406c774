// Tests of the header names: every alias of every field, the comparison rules (whitespace,
// width, case), reference columns and the table's own consistency.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "targetwatch/ingest/field_aliases.h"
#include "targetwatch/ingest/ingest.h"
#include "test_support.h"

namespace targetwatch {
namespace {

// A cell to write under a field's column and the check that the record took it.
struct Probe {
  std::string cell;
  std::function<bool(const ActualRecord&)> took;
};

const std::map<std::string_view, Probe>& probes() {
  static const std::map<std::string_view, Probe> kProbes{
      {"department", {"375", [](const ActualRecord& r) { return r.department == "375"; }}},
      {"project", {"P7", [](const ActualRecord& r) { return r.project == "P7"; }}},
      {"indicator", {"q7", [](const ActualRecord& r) { return r.indicator == "q7"; }}},
      {"value", {"7.5", [](const ActualRecord& r) { return r.value == 7.5; }}},
      {"as_of",
       {"2025-05-31",
        [](const ActualRecord& r) { return r.as_of == Date::from_ymd(2025, 5, 31); }}},
      {"mode", {"增量", [](const ActualRecord& r) { return r.mode == RecordMode::kIncrement; }}},
      {"unit", {"件", [](const ActualRecord& r) { return r.unit == "件"; }}},
      {"note", {"n", [](const ActualRecord& r) { return r.note == "n"; }}},
      {"cause", {"其他", [](const ActualRecord& r) { return r.cause == "其他"; }}},
      {"likelihood", {"有可能", [](const ActualRecord& r) { return r.likelihood == "有可能"; }}},
      {"forecast", {"9", [](const ActualRecord& r) { return r.forecast == 9.0; }}},
      {"measure", {"m", [](const ActualRecord& r) { return r.measure == "m"; }}},
      {"retract", {"是", [](const ActualRecord& r) { return r.retracted; }}},
      {"fund", {"财政拨款", [](const ActualRecord& r) { return r.fund == FundSource::kFiscal; }}},
      {"project_name", {"项目甲", [](const ActualRecord& r) { return r.project == "项目甲"; }}},
      {"indicator_name", {"案件数", [](const ActualRecord& r) { return r.indicator == "案件数"; }}},
  };
  return kProbes;
}

// A CSV of one record where `field` is written under `header`: the base columns project,
// indicator, value, as_of, with the probed field's column replacing its base (or added).
std::string csv_with(std::string_view field, std::string_view header) {
  std::vector<std::pair<std::string, std::string>> columns{
      {"project", "P1"}, {"indicator", "q"}, {"value", "1"}, {"as_of", "2025-01-31"}};
  std::string_view replaces = field;
  if (field == "project_name") replaces = "project";
  if (field == "indicator_name") replaces = "indicator";
  const auto it = probes().find(field);
  const std::string cell = it == probes().end() ? "参考" : it->second.cell;
  bool replaced = false;
  for (auto& [h, c] : columns) {
    if (h == replaces) {
      h = header;
      c = cell;
      replaced = true;
    }
  }
  if (!replaced) columns.push_back({std::string(header), cell});
  std::string head, row;
  for (const auto& [h, c] : columns) {
    head += (head.empty() ? "" : ",") + h;
    row += (row.empty() ? "" : ",") + c;
  }
  return head + "\n" + row + "\n";
}

TEST(FieldAliases, EveryNameOfEveryRecordFieldIsRead) {
  std::size_t checked = 0;
  for (const auto& alias : field_aliases()) {
    if (alias.role != FieldRole::kRecord) continue;
    ASSERT_TRUE(probes().count(alias.field)) << "no probe for " << alias.field;
    std::vector<std::string_view> names = alias.names;
    names.push_back(alias.field);
    for (auto name : names) {
      auto parsed = parse_actuals_csv(csv_with(alias.field, name));
      ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.error()[0].reason;
      ASSERT_EQ(parsed->records.size(), 1u) << name;
      EXPECT_TRUE(probes().at(alias.field).took(parsed->records[0])) << name;
      EXPECT_TRUE(parsed->warnings.empty()) << name;
      ++checked;
    }
  }
  EXPECT_GE(checked, 50u);
}

TEST(FieldAliases, ReferenceColumnsAreRecognizedAndIgnored) {
  for (const auto& alias : field_aliases()) {
    if (alias.role != FieldRole::kReference) continue;
    for (auto name : alias.names) {
      auto parsed = parse_actuals_csv(csv_with(alias.field, name));
      ASSERT_TRUE(parsed.ok()) << name;
      ASSERT_EQ(parsed->records.size(), 1u);
      EXPECT_TRUE(parsed->warnings.empty()) << name;
      EXPECT_EQ(parsed->records[0].project, "P1");
      EXPECT_EQ(parsed->records[0].value, 1);
    }
  }
}

TEST(FieldAliases, TheTemplateHeadersAreAllKnown) {
  std::set<std::string> known;
  for (const auto& alias : field_aliases()) {
    for (auto n : alias.names) known.insert(std::string(n));
  }
  for (const char* h :
       {"部门编码",   "项目编码", "项目名称", "指标编号",   "一级指标",     "二级指标",
        "指标名称",   "指标值",   "单位",     "上次报送值", "上次报送日期", "应达进度",
        "本期实际值", "截至日期", "方式",     "偏差原因",   "完成可能性",   "预计全年值",
        "整改措施",   "备注",     "撤回",     "来源"}) {
    EXPECT_TRUE(known.count(h)) << h;
  }
}

TEST(FieldAliases, NoNameMeansTwoFields) {
  std::map<std::string, std::string_view> owner;
  for (const auto& alias : field_aliases()) {
    std::vector<std::string_view> names = alias.names;
    names.push_back(alias.field);
    for (auto n : names) {
      auto [it, inserted] = owner.emplace(name_key(n), alias.field);
      EXPECT_TRUE(inserted || it->second == alias.field)
          << n << " names " << it->second << " and " << alias.field;
    }
  }
}

TEST(FieldAliases, WhitespaceWidthAndCaseAreIgnored) {
  auto parsed = parse_actuals_csv(
      " 项目 编码 ,ＩＮＤＩＣＡＴＯＲ,\xE3\x80\x80本期实际值\xE3\x80\x80,As_Of\n"
      "P1,q,3,2025-01-31\n");
  ASSERT_TRUE(parsed.ok()) << parsed.error()[0].reason;
  ASSERT_EQ(parsed->records.size(), 1u);
  EXPECT_EQ(parsed->records[0].project, "P1");
  EXPECT_EQ(parsed->records[0].indicator, "q");
  EXPECT_EQ(parsed->records[0].value, 3);
  EXPECT_EQ(name_key(" Ａｂ　c\xC2\xA0 "), "abc");
}

TEST(FieldAliases, IdColumnWinsOverNameColumnUnlessEmpty) {
  auto parsed = parse_actuals_csv(
      "项目编码,项目名称,指标编号,指标名称,本期实际值,截至日期\n"
      "P1,项目甲,q1,案件数,1,2025-01-31\n"
      ",项目甲,,案件数,2,2025-01-31\n");
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->records.size(), 2u);
  EXPECT_EQ(parsed->records[0].project, "P1");
  EXPECT_EQ(parsed->records[0].indicator, "q1");
  EXPECT_EQ(parsed->records[1].project, "项目甲");
  EXPECT_EQ(parsed->records[1].indicator, "案件数");
}

TEST(FieldAliases, TwoNamesOfOneFieldAreATwiceError) {
  auto parsed = parse_actuals_csv("项目编码,指标,指标编号,数值,日期\nP1,q,q,1,2025-01-31\n");
  ASSERT_FALSE(parsed.ok());
  ASSERT_EQ(parsed.error().size(), 1u);
  EXPECT_EQ(parsed.error()[0].field, "indicator");
  EXPECT_EQ(parsed.error()[0].location, "第1行 “指标编号”列");
}

TEST(FieldAliases, JsonKeysTakeTheSameNames) {
  auto parsed = parse_actuals_json(
      R"([{"项目编码":"P1","指标名称":"案件数","本期实际值":"262件","截至日期":"2025-06-30",)"
      R"("撤回":false,"来源":"合计","一级指标":"产出指标"}])");
  ASSERT_TRUE(parsed.ok()) << parsed.error()[0].reason;
  ASSERT_EQ(parsed->records.size(), 1u);
  EXPECT_EQ(parsed->records[0].indicator, "案件数");
  EXPECT_EQ(parsed->records[0].value, 262);
  EXPECT_EQ(parsed->records[0].unit, "件");
}

}  // namespace
}  // namespace targetwatch
