// Synthetic disclosures: another department, year and unit, other plan layouts, other funds, and
// the failure paths (unplaced lines, uncertain readings, cross-check warnings).
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "targetwatch/importer/importer.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using test::expect_plan;
using test::find_indicator;
using test::find_project;

using test::department;
using test::Doc;
using test::indicator_rows;
using test::project_head;

TEST(Synthetic, AnotherDepartmentYearAndUnit) {
  // Amounts in 元; five checkpoints; 其他资金 printed; a leap year.
  Doc d = department("101 某某市教育局", "2024", "元", "1200000.00");
  project_head(d, "13100024P00099990001A", "校舍建设", "1200000.00", "1000000.00", "200000.00");
  d.line({"", "用于校舍建设和教师培训", "", "", "", "", ""});
  d.line({"资金支出计划（%）", "2月底", "4月底", "6月底", "9月底", "12月底", ""});
  d.line({"", "10%", "30%", "50%", "80%", "100%", ""});
  d.line({"绩效目标", "（1）完成校舍建设；（2）完成教师培训。", "", "", "", "", ""});
  indicator_rows(d);
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "synthetic");
  EXPECT_TRUE(r.warnings.empty()) << format_import_report(r, "synthetic");
  EXPECT_EQ(r.department.code, "101");
  EXPECT_EQ(r.department.name, "某某市教育局");
  EXPECT_EQ(r.department.fiscal_year, 2024);
  EXPECT_EQ(r.department.amount_unit, "元");
  const Project* p = find_project(r.department, "13100024P00099990001A");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "校舍建设");
  EXPECT_DOUBLE_EQ(p->budget, 1200000);
  EXPECT_DOUBLE_EQ(p->fiscal_funds, 1000000);
  EXPECT_DOUBLE_EQ(p->other_funds, 200000);
  EXPECT_EQ(p->purpose, "用于校舍建设和教师培训");
  ASSERT_EQ(p->goals.size(), 2u);
  EXPECT_EQ(p->goals[0], "完成校舍建设");
  EXPECT_EQ(p->goals[1], "完成教师培训。");
  expect_plan(*p, 2024,
              {{2, 29, 0.10}, {4, 30, 0.30}, {6, 30, 0.50}, {9, 30, 0.80}, {12, 31, 1.0}});
  ASSERT_EQ(p->indicators.size(), 5u);
  EXPECT_EQ(p->indicators[0].id, "quantity-1");
  EXPECT_EQ(p->indicators[0].unit, "人次");
  EXPECT_EQ(p->indicators[1].id, "quantity-2");
  EXPECT_EQ(p->indicators[1].unit, "m²");
  EXPECT_EQ(p->indicators[2].comparator, Comparator::kDeadline);
  EXPECT_EQ(p->indicators[2].deadline, Date::from_ymd(2024, 9, 30));
  EXPECT_EQ(p->indicators[3].id, "social-1");
  EXPECT_EQ(p->indicators[3].level1, "效益指标");
  EXPECT_EQ(p->indicators[4].id, "satisfaction-1");
  EXPECT_EQ(r.counts.checkpoints, 5);
}

TEST(Synthetic, ProjectAmountsAreConvertedToTheDepartmentUnit) {
  Doc d = department("202 某某市卫生健康委员会", "2026", "万元", "12.50");
  d.text("单位：元").blank();
  project_head(d, "P1", "疾病防控", "125000", "125000", "");
  d.line({"资金支出计 划（%）", "3月底", "", "6月底", "", "10月底", ""});
  d.line({"", "25%", "", "60%", "", "90%", ""});
  d.line({"绩效目标", "做好疾病防控", "", "", "", "", ""});
  indicator_rows(d);
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "synthetic");
  const Project* p = find_project(r.department, "P1");
  ASSERT_NE(p, nullptr);
  EXPECT_DOUBLE_EQ(p->budget, 12.5);
  EXPECT_DOUBLE_EQ(p->fiscal_funds, 12.5);
  EXPECT_TRUE(r.warnings.empty()) << format_import_report(r, "synthetic");
  ASSERT_EQ(p->goals.size(), 1u);
  EXPECT_EQ(p->goals[0], "做好疾病防控");
  expect_plan(*p, 2026, {{3, 31, 0.25}, {6, 30, 0.60}, {10, 31, 0.90}});
}

TEST(Synthetic, MissingPlanAndInlineLabels) {
  Doc d = department("303 某某县农业农村局", "2025", "万元", "30.00");
  project_head(d, "P-NOPLAN", "无计划项目", "10.00", "10.00", "");
  d.line({"绩效目标", "完成任务", "", "", "", "", ""});
  indicator_rows(d);
  d.blank();
  d.text("2、内联计划项目绩效目标表").blank();
  d.line({"项目编码", "P-INLINE", "", "项目名称", "内联计划项目", "", ""});
  d.line({"预算规模及资金用途", "预算数", "20.00", "其中：财政资金", "20.00", "其他资金", ""});
  d.line({"资金支出计划（%）", "3月底", "20%", "6月底", "50%", "", ""});
  d.line({"9 月底", "70%", "", "", "", "", ""});
  d.line({"绩效目标", "完成任务", "", "", "", "", ""});
  indicator_rows(d);
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "synthetic");
  const Project* none = find_project(r.department, "P-NOPLAN");
  ASSERT_NE(none, nullptr);
  EXPECT_TRUE(none->spending_plan.empty());
  const Project* inline_plan = find_project(r.department, "P-INLINE");
  ASSERT_NE(inline_plan, nullptr);
  expect_plan(*inline_plan, 2025, {{3, 31, 0.20}, {6, 30, 0.50}, {9, 30, 0.70}});
  EXPECT_EQ(r.counts.projects, 2);
}

TEST(Synthetic, MisalignedPlanValueIsReportedNotGuessed) {
  Doc d = department("404 某某局", "2025", "万元", "10.00");
  project_head(d, "P2", "错位项目", "10.00", "10.00", "");
  d.line({"资金支出计 划（%）", "3月底", "", "6月底", "", "10月底", ""});
  const int value_line = d.lines() + 1;
  d.line({"", "", "40%", "", "", "90%", ""});
  d.line({"绩效目标", "完成任务", "", "", "", "", ""});
  indicator_rows(d);
  const ImportResult r = import_disclosure(d.str());
  ASSERT_EQ(r.unplaced.size(), 1u) << format_import_report(r, "synthetic");
  EXPECT_EQ(r.unplaced[0].line, value_line);
  EXPECT_NE(r.unplaced[0].reason.find("40%"), std::string::npos);
  const Project* p = find_project(r.department, "P2");
  ASSERT_NE(p, nullptr);
  expect_plan(*p, 2025, {{10, 31, 0.90}});
  EXPECT_FALSE(r.complete());
}

TEST(Synthetic, StrayTextAndRowsAreReportedWithTheirLines) {
  Doc d = department("505 某某局", "2025", "万元", "10.00");
  const int stray = d.lines() + 1;
  d.text("这是一行不属于任何表格的文字");
  const int orphan = d.lines() + 1;
  d.line({"孤立", "的", "表格行"});
  project_head(d, "P3", "项目三", "10.00", "10.00", "");
  d.line({"绩效目标", "完成任务", "", "", "", "", ""});
  indicator_rows(d);
  const int odd = d.lines() + 1;
  d.line({"", "", "", "", "", "", ""});
  d.line({"", "质量指标", "", "缺少名称的行", "100%", "计划", ""});
  const ImportResult r = import_disclosure(d.str());
  ASSERT_EQ(r.unplaced.size(), 3u) << format_import_report(r, "synthetic");
  EXPECT_EQ(r.unplaced[0].line, stray);
  EXPECT_EQ(r.unplaced[0].text, "这是一行不属于任何表格的文字");
  EXPECT_EQ(r.unplaced[1].line, orphan);
  EXPECT_EQ(r.unplaced[2].line, odd + 1);
  const std::string report = format_import_report(r, "doc.txt");
  EXPECT_NE(report.find("doc.txt:" + std::to_string(stray) + ":"), std::string::npos) << report;
  EXPECT_NE(report.find("incomplete"), std::string::npos);
}

TEST(Synthetic, DepartmentTableWithOneValueColumnAndWrappedName) {
  Doc d = department("606 某某市文化广电和旅游局", "2025", "万元", "");
  d.text("五、部门整体绩效目标").blank();
  d.text("（四）部门整体支出绩效指标").blank();
  d.line({"一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"});
  d.line({"产出指标", "数量指标", "演出场次", "反映演出场次", "≥120场", "计划"});
  d.line({"", "", "文物保护单位巡查覆盖", "反映巡查覆盖", "100%", "计划"});
  d.blank();
  d.line({"一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"});
  d.line({"", "", "率", "", "", ""});
  d.line({"", "质量指标", "展览合格率", "反映展览质量", "2023.07-2024.01", "验收"});
  d.line(
      {"满意度指标", "服务对象满意度指标", "观众满意度", "反映观众满意度", "＞＝９０％", "问卷"});
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "synthetic");
  const auto& list = r.department.indicators;
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0].id, "quantity-1");
  EXPECT_EQ(list[0].target, 120);
  EXPECT_EQ(list[0].unit, "场");
  EXPECT_EQ(list[1].id, "quantity-2");
  EXPECT_EQ(list[1].name, "文物保护单位巡查覆盖率");
  EXPECT_EQ(list[1].level1, "产出指标");
  EXPECT_EQ(list[1].level2, "数量指标");
  EXPECT_EQ(list[2].id, "quality-1");
  EXPECT_EQ(list[2].comparator, Comparator::kQualitative);
  EXPECT_EQ(list[2].expected, "2023.07-2024.01");
  EXPECT_FALSE(list[2].remark.empty());
  EXPECT_FALSE(list[2].target.has_value());
  EXPECT_EQ(list[3].comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(list[3].target, 90);
  EXPECT_EQ(list[3].unit, "%");
  ASSERT_EQ(r.uncertain.size(), 1u);
  EXPECT_EQ(r.counts.uncertain, 1);
  EXPECT_NE(r.uncertain[0].reason.find("quality-1"), std::string::npos);
}

TEST(Synthetic, IndicatorTableOutsideAnyProjectIsNotTakenAsDepartmentWide) {
  Doc d = department("707 某某局", "2025", "万元", "");
  d.text("六、部门主管专项资金预算安排情况及绩效目标").blank();
  d.line({"一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"});
  d.line({"产出指标", "数量指标", "演出场次", "反映演出场次", "≥120场", "计划"});
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.department.indicators.empty());
  EXPECT_EQ(r.unplaced.size(), 2u) << format_import_report(r, "synthetic");
}

TEST(Synthetic, CrossCheckWarnings) {
  Doc d;
  d.text("部门预算支出总表").blank().text("808 某某局").blank().text("预算年度：2025").blank();
  d.text("单位：万元").blank();
  d.line({"序号", "功能分类科目", "", "合计", "基本支出", "项目支出"});
  d.line({"", "科目编码", "科目名称", "", "", ""});
  d.line({"栏次", "1", "2", "3", "4", "5"});
  d.line({"1", "", "合计", "110.00", "80.00", "30.00"});
  d.line({"2", "204", "公共安全支出", "110.00", "80.00", "30.00"});
  d.line({"3", "20406", "司法", "110.00", "80.00", "30.00"});
  d.line({"4", "2040601", "行政运行", "80.00", "80.00", ""});
  d.line({"5", "2040602", "一般行政管理事务", "20.00", "", "20.00"});
  d.blank();
  d.text("部门预算财政拨款“三公”经费支出表").blank();
  d.line({"序号", "项 目", "资 金 性 质", "", ""});
  d.line({"", "", "合 计", "一般公共预算 财政拨款", ""});
  d.line({"栏次", "1", "2", "3", ""});
  d.line({"1", "“三公”经费小计", "10.00", "10.00", ""});
  d.line({"2", "一、因公出国（境）费", "2.00", "2.00", ""});
  d.line({"3", "二、公务用车购置及运维费", "5.00", "5.00", ""});
  d.line({"4", "其中：公务用车购置费", "1.00", "1.00", ""});
  d.line({"5", "公务用车运行维护费", "3.00", "3.00", ""});
  d.line({"6", "三、公务接待费", "2.00", "2.00", ""});
  d.blank();
  project_head(d, "P4", "项目四", "25.00", "20.00", "");
  d.line({"绩效目标", "完成任务", "", "", "", "", ""});
  indicator_rows(d);
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "synthetic");
  const std::string report = format_import_report(r, "synthetic");
  const auto has = [&](std::string_view needle) {
    for (const auto& w : r.warnings) {
      if (w.reason.find(needle) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("财政资金 20.00 + 其他资金 0.00 differs from 预算数 25.00")) << report;
  EXPECT_TRUE(has("project budgets add up to 25.00")) << report;
  EXPECT_TRUE(has("20406 司法 合计 is 110.00 but its subject codes add up to 100.00")) << report;
  EXPECT_TRUE(has("“三公”经费小计 合计 is 10.00 but its items add up to 9.00")) << report;
  EXPECT_TRUE(has("二、公务用车购置及运维费 合计 is 5.00 but its sub-items add up to 4.00"))
      << report;
  EXPECT_FALSE(has("204 公共安全支出")) << report;
}

TEST(Synthetic, DuplicateProjectCodeIsReported) {
  Doc d = department("909 某某局", "2025", "万元", "");
  for (int i = 0; i < 2; ++i) {
    project_head(d, "PDUP", "重复项目", "1.00", "1.00", "");
    d.line({"绩效目标", "完成任务", "", "", "", "", ""});
    indicator_rows(d);
    d.blank();
  }
  const ImportResult r = import_disclosure(d.str());
  ASSERT_EQ(r.unplaced.size(), 1u) << format_import_report(r, "synthetic");
  EXPECT_NE(r.unplaced[0].reason.find("appears twice"), std::string::npos);
}

TEST(Synthetic, OtherTemplateLayouts) {
  // Page-top lines on one tabbed row, a year with 年, a unit with a remark, a budget table without
  // 序号, name and code on separate rows, budget amounts under their labels, a captioned plan row,
  // and a 指标性质 column.
  Doc d;
  d.text("部门预算项目支出表");
  d.line({"部门：1001 某某市民政局", "预算年度：2027年", "单位：万元（保留两位小数）"});
  d.line({"科目编码", "科目名称", "合计", "项目支出"});
  d.line({"208", "社会保障和就业支出", "50.00", "50.00"});
  d.line({"20802", "民政管理事务", "50.00", "50.00"});
  d.blank();
  d.text("1、养老服务补贴绩效目标表");
  d.line({"项目名称", "养老服务补贴", "", ""});
  d.line({"项目编码", "P-2027-01", "", ""});
  d.line({"预算规模及资金用途", "预算数", "其中：财政资金", "其他资金"});
  d.line({"", "50.00", "45.00", "5.00"});
  d.line({"", "发放高龄老人补贴", "", ""});
  d.line({"资金支出计划（%）", "一季度", "二季度", "三季度"});
  d.line({"支出进度", "30%", "60%", "90%"});
  d.line({"年度绩效目标", "1、按月发放补贴。2、做好资格复核。", "", ""});
  d.line({"一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标值确定依据"});
  d.line({"产出指标", "数量指标", "补贴人数", "正向", "3000", "人", "花名册"});
  d.line({"", "成本指标", "人均补贴", "反向", "200", "元/月", "文件"});
  d.line({"", "时效指标", "发放时间", "定性", "每月10日前", "", "文件"});
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "synthetic");
  EXPECT_TRUE(r.warnings.empty()) << format_import_report(r, "synthetic");
  EXPECT_EQ(r.department.code, "1001");
  EXPECT_EQ(r.department.name, "某某市民政局");
  EXPECT_EQ(r.department.fiscal_year, 2027);
  EXPECT_EQ(r.department.amount_unit, "万元");
  const BudgetLine* line =
      test::find_line(r.department, "部门预算项目支出表", "20802", "民政管理事务");
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(test::amount(*line, "项目支出"), 50.0);
  const Project* p = find_project(r.department, "P-2027-01");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "养老服务补贴");
  EXPECT_DOUBLE_EQ(p->budget, 50);
  EXPECT_DOUBLE_EQ(p->fiscal_funds, 45);
  EXPECT_DOUBLE_EQ(p->other_funds, 5);
  EXPECT_EQ(p->purpose, "发放高龄老人补贴");
  ASSERT_EQ(p->goals.size(), 2u);
  EXPECT_EQ(p->goals[0], "按月发放补贴。");
  EXPECT_EQ(p->goals[1], "做好资格复核。");
  expect_plan(*p, 2027, {{3, 31, 0.30}, {6, 30, 0.60}, {9, 30, 0.90}});
  ASSERT_EQ(p->indicators.size(), 3u);
  EXPECT_EQ(p->indicators[0].comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(p->indicators[0].target, 3000);
  EXPECT_EQ(p->indicators[0].unit, "人");
  EXPECT_EQ(p->indicators[1].comparator, Comparator::kLessEqual);
  EXPECT_EQ(p->indicators[1].unit, "元/月");
  EXPECT_EQ(p->indicators[2].comparator, Comparator::kQualitative);
  EXPECT_EQ(p->indicators[2].expected, "每月10日前");
}

TEST(Synthetic, TitlesAndSpacedInlineCheckpoints) {
  Doc d = department("1102 某某局", "2025", "万元", "");
  // A title wrapped over two lines: its tail alone is no reason for a warning.
  d.text("1、很长的项目名称（冀财政法〔2024〕");
  d.text("50号）绩效目标表").blank();
  d.line({"项目编码", "P-A", "", "项目名称", "很长的项目名称（冀财政法〔2024〕50号）", "", ""});
  d.line({"预算规模及资金用途", "预算数", "8.00", "其中：财政资金", "8.00", "其他资金", ""});
  d.line({"资金支出计划（%）", "6月底", "", "10月底", "", "", ""});
  d.line({"", "40%", "", "80%", "", "", ""});
  d.line({"12月底", "", "100%", "", "", "", ""});
  d.line({"绩效目标", "完成任务", "", "", "", "", ""});
  indicator_rows(d);
  d.blank();
  // A numbered title that names another project than the table.
  const int title_line = d.lines() + 1;
  d.text("2、别的项目绩效目标表").blank();
  d.line({"项目编码", "P-B", "", "项目名称", "实际项目", "", ""});
  d.line({"预算规模及资金用途", "预算数", "2.00", "其中：财政资金", "2.00", "其他资金", ""});
  d.line({"绩效目标", "完成任务", "", "", "", "", ""});
  indicator_rows(d);
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "synthetic");
  const Project* a = find_project(r.department, "P-A");
  ASSERT_NE(a, nullptr);
  expect_plan(*a, 2025, {{6, 30, 0.40}, {10, 31, 0.80}, {12, 31, 1.0}});
  ASSERT_EQ(r.warnings.size(), 1u) << format_import_report(r, "synthetic");
  EXPECT_EQ(r.warnings[0].line, title_line + 2);
  EXPECT_NE(r.warnings[0].reason.find("别的项目"), std::string::npos);
}

TEST(Synthetic, NoDepartmentHeader) {
  const ImportResult r = import_disclosure("只有一行文字\n");
  EXPECT_FALSE(r.complete());
  EXPECT_EQ(r.department.fiscal_year, 0);
  EXPECT_GE(r.unplaced.size(), 2u);
  const ImportResult empty = import_disclosure("");
  EXPECT_FALSE(empty.complete());
  EXPECT_EQ(empty.counts.lines, 0);
}

}  // namespace
}  // namespace targetwatch
