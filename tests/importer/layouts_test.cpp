// Other layouts of the disclosure text: headings and tables recognised by what they are, not by
// their neighbours; other provinces' indicator columns; plans with 4, 5 or 12 checkpoints. All
// documents are synthetic.
#include <gtest/gtest.h>

#include "targetwatch/importer/importer.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using test::department;
using test::Doc;
using test::expect_plan;
using test::find_project;
using test::project_head;

void department_table(Doc& d, std::string_view level1) {
  d.line({"一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "", "", "指标值确定依据"});
  d.line({"", "", "", "", "符号", "值", "单位", ""});
  d.line({level1, "数量", "培训场次", "反映培训场次", "不少于", "12", "场", "计划"});
  d.line({"", "质量", "办结率", "反映办结率", "≧", "98", "%", "要求"});
  d.line({"", "成本", "人均成本", "反映人均成本", "=<", "300", "元/人", "标准"});
  d.line({"", "时效", "完成时间", "反映完成时间", "", "三季度末", "", "计划"});
}

void expect_department_table(const ImportResult& r) {
  EXPECT_TRUE(r.complete()) << format_import_report(r, "doc");
  const auto& list = r.department.indicators;
  ASSERT_EQ(list.size(), 4u) << format_import_report(r, "doc");
  EXPECT_EQ(list[0].comparator, Comparator::kGreaterEqual);  // 不少于 in the 符号 cell
  EXPECT_EQ(list[0].unit, "场");
  EXPECT_EQ(list[1].comparator, Comparator::kGreaterEqual);  // ≧
  EXPECT_EQ(list[2].comparator, Comparator::kLessEqual);     // =<
  EXPECT_EQ(list[2].unit, "元/人");
  EXPECT_EQ(list[3].comparator, Comparator::kDeadline);
  EXPECT_EQ(list[3].deadline, Date::from_ymd(2025, 9, 30));
}

// ---- headings and tables by what they are --------------------------------------------------

TEST(Layouts, SectionHeadingWithoutItsChapterOpensTheDepartmentTable) {
  // "（四）部门整体支出绩效指标" straight after a budget table, no "五、部门整体绩效目标" above.
  Doc d = department("501 某某区卫生健康局", "2025", "万元", "");
  d.text("(四) 部门整体支出绩效指标").blank();
  department_table(d, "产出指标");
  const ImportResult r = import_disclosure(d.str());
  expect_department_table(r);
}

TEST(Layouts, DepartmentTableKnownByItsLevelNames) {
  // No heading at all: the 部门 level names say what the table is.
  Doc d = department("502 某某区卫生健康局", "2025", "万元", "");
  department_table(d, "部门产出");
  expect_department_table(import_disclosure(d.str()));
}

TEST(Layouts, ProjectLevelNamesWithoutAHeadingStayUnplaced) {
  Doc d = department("503 某某区卫生健康局", "2025", "万元", "");
  department_table(d, "产出指标");
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.department.indicators.empty());
  EXPECT_FALSE(r.complete());
  EXPECT_NE(r.unplaced[0].reason.find("indicator table outside any project"), std::string::npos);
}

TEST(Layouts, ProjectTableKnownByItsCodeRowWithoutATitle) {
  Doc d = department("504 某某区卫生健康局", "2025", "万元", "30.00");
  d.line({"项目编码", "P504-01", "", "项目名称", "疫苗接种", "", ""});
  d.line({"预算规模及资金用途", "预算数", "30.00", "其中：财政资金", "30.00", "其他资金", ""});
  d.line({"一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", ""});
  d.line({"产出指标", "数量指标", "接种人次", "反映接种人次", "≥10000人次", "计划", ""});
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "doc");
  const Project* p = find_project(r.department, "P504-01");
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->indicators.size(), 1u);
  EXPECT_EQ(p->indicators[0].unit, "人次");
}

TEST(Layouts, HeadingThatNamesTheProjectTablesOpensThem) {
  // A generic "项目支出绩效目标表" heading (not a project's own title) after prose-less tables.
  Doc d = department("505 某某区卫生健康局", "2025", "万元", "30.00");
  d.text("2、项目支出绩效目标表").blank();
  d.text("说明：以下为本部门项目绩效目标。");
  d.line({"项目编码", "P505-01", "", "项目名称", "疫苗接种", "", ""});
  d.line({"预算规模及资金用途", "预算数", "30.00", "其中：财政资金", "30.00", "其他资金", ""});
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "doc");
  EXPECT_TRUE(r.warnings.empty()) << format_import_report(r, "doc");  // no "title differs"
  EXPECT_EQ(r.department.projects.size(), 1u);
}

TEST(Layouts, DepartmentHeadingAfterAProjectTable) {
  // The department table after the projects, under its own heading only.
  Doc d = department("506 某某区卫生健康局", "2025", "万元", "30.00");
  project_head(d, "P506-01", "疫苗接种", "30.00", "30.00", "");
  d.text("部门整体支出绩效目标").blank();
  department_table(d, "部门产出");
  const ImportResult r = import_disclosure(d.str());
  expect_department_table(r);
  EXPECT_EQ(r.department.projects.size(), 1u);
}

// ---- other provinces' indicator columns ----------------------------------------------------

TEST(Layouts, NatureDirectionTargetUnitScoreColumns) {
  Doc d = department("507 某某县教育局", "2025", "万元", "40.00");
  project_head(d, "P507-01", "营养改善", "40.00", "40.00", "");
  d.line(
      {"一级指标", "二级指标", "三级指标", "指标性质", "指标方向", "目标值", "计量单位", "分值"});
  d.line({"产出指标", "数量指标", "受益学生", "定量", "正向", "1200", "人", "20"});
  d.line({"", "质量指标", "食品安全事故", "定量", "反向", "0", "起", "20"});
  d.line({"", "质量指标", "抽检合格率", "定量", "正向", "95%", "%", "10"});  // unit twice
  d.line({"", "成本指标", "生均补助", "定量", "反向", "≤5", "元/人/天", "10"});
  d.line({"", "时效指标", "发放时间", "定量", "", "每学期开学后1个月内", "", "10"});
  d.line({"效益指标", "社会效益指标", "学生体质", "定性", "正向", "明显提升", "", "20"});
  d.line({"满意度指标", "服务对象满意度指标", "家长满意度", "定量", "正向", ">90", "%", "10"});
  d.line({"", "服务对象满意度指标", "投诉率", "定量", "反向", "≥5", "%", "0"});
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "doc");
  const Project* p = find_project(r.department, "P507-01");
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->indicators.size(), 8u);
  const auto& ind = p->indicators;
  EXPECT_EQ(ind[0].comparator, Comparator::kGreaterEqual);  // 正向
  EXPECT_EQ(ind[0].target, 1200);
  EXPECT_EQ(ind[1].comparator, Comparator::kLessEqual);  // 反向
  EXPECT_EQ(ind[1].unit, "起");
  EXPECT_EQ(ind[2].target, 95);
  EXPECT_EQ(ind[2].unit, "%");
  EXPECT_EQ(ind[3].comparator, Comparator::kLessEqual);  // the value agrees with 反向
  EXPECT_EQ(ind[3].unit, "元/人/天");
  EXPECT_EQ(ind[4].comparator, Comparator::kQualitative);  // unclear: flagged, no number
  EXPECT_FALSE(ind[4].target.has_value());
  EXPECT_FALSE(ind[4].remark.empty());
  EXPECT_EQ(ind[5].comparator, Comparator::kQualitative);  // 定性
  EXPECT_EQ(ind[5].expected, "明显提升");
  EXPECT_TRUE(ind[5].remark.empty());
  EXPECT_EQ(ind[6].comparator, Comparator::kGreater);      // the value's own > is more precise
  EXPECT_EQ(ind[7].comparator, Comparator::kQualitative);  // 反向 against ≥: flagged
  EXPECT_NE(ind[7].remark.find("指标方向"), std::string::npos) << ind[7].remark;
  EXPECT_EQ(r.uncertain.size(), 2u);
}

TEST(Layouts, MergedValueCellsAndHeaderAliases) {
  // One 指标值 cell holds comparator, number and unit; aliases for the name and value columns.
  Doc d = department("508 某某县教育局", "2025", "万元", "40.00");
  project_head(d, "P508-01", "教师培训", "40.00", "40.00", "");
  d.line({"一级指标", "二级指标", "三级指标名称", "指标解释", "指标值（包含数字及文字描述）",
          "评分标准"});
  d.line({"产出指标", "数量指标", "培训人次", "反映培训人次", "不少于800人次", "按比例"});
  d.line({"", "质量指标", "结业率", "反映结业率", "95%以上", "按比例"});
  d.line({"", "时效指标", "完成时间", "反映完成时间", "2025年6月30日前", "按时"});
  d.line({"", "成本指标", "人均培训费", "反映成本", "≤600元/人", "按比例"});
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "doc");
  const Project* p = find_project(r.department, "P508-01");
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->indicators.size(), 4u);
  EXPECT_EQ(p->indicators[0].comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(p->indicators[0].target, 800);
  EXPECT_EQ(p->indicators[0].unit, "人次");
  EXPECT_EQ(p->indicators[0].description, "反映培训人次");
  EXPECT_EQ(p->indicators[1].comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(p->indicators[2].deadline, Date::from_ymd(2025, 6, 30));
  EXPECT_EQ(p->indicators[3].unit, "元/人");
}

// ---- plans with 4, 5 or 12 checkpoints -----------------------------------------------------

TEST(Layouts, QuarterColumns) {
  Doc d = department("509 某某县水利局", "2025", "万元", "10.00");
  project_head(d, "P509-01", "河道保洁", "10.00", "10.00", "");
  d.line({"资金支出计划（%）", "一季度", "二季度", "三季度", "四季度"});
  d.line({"", "25", "50", "75", "100"});
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "doc");
  expect_plan(*find_project(r.department, "P509-01"), 2025,
              {{3, 31, 0.25}, {6, 30, 0.5}, {9, 30, 0.75}, {12, 31, 1.0}});
}

TEST(Layouts, FiveMonthEnds) {
  Doc d = department("510 某某县水利局", "2025", "万元", "10.00");
  project_head(d, "P510-01", "河道保洁", "10.00", "10.00", "");
  d.line({"资金支出计划（%）", "3月底", "6月底", "8月底", "10月底", "12月底"});
  d.line({"", "10%", "30%", "60%", "80%", "100%"});
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "doc");
  expect_plan(*find_project(r.department, "P510-01"), 2025,
              {{3, 31, 0.1}, {6, 30, 0.3}, {8, 31, 0.6}, {10, 31, 0.8}, {12, 31, 1.0}});
}

TEST(Layouts, TwelveMonthColumns) {
  Doc d = department("511 某某县水利局", "2024", "万元", "10.00");
  project_head(d, "P511-01", "河道保洁", "10.00", "10.00", "");
  d.line({"资金支出计划（%）", "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月",
          "10月", "11月", "12月"});
  d.line({"支出进度", "8", "16", "25", "33", "41", "50", "58", "66", "75", "83", "91", "100"});
  const ImportResult r = import_disclosure(d.str());
  EXPECT_TRUE(r.complete()) << format_import_report(r, "doc");
  const Project* p = find_project(r.department, "P511-01");
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->spending_plan.size(), 12u);
  EXPECT_EQ(p->spending_plan[1].by, Date::from_ymd(2024, 2, 29));  // a leap year
  EXPECT_DOUBLE_EQ(p->spending_plan[1].share, 0.16);
  EXPECT_EQ(p->spending_plan[11].by, Date::from_ymd(2024, 12, 31));
  EXPECT_DOUBLE_EQ(p->spending_plan[11].share, 1.0);
}

}  // namespace
}  // namespace targetwatch
