// Tests of resolution by name: indicators and projects given by their printed names, ambiguous
// and unknown names with the lists that help, and the department a row may leave out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "targetwatch/ingest/ingest.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::describe;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::read_csv;

TEST(ResolveByName, IndicatorByItsExactName) {
  auto result = read_csv(
      "项目编码,指标名称,本期实际值,截至日期\n"
      "P001,法律援助案件受理数,262件,2025-06-30\n"
      "P001, 法律援助 案件受理数\xE3\x80\x80,263,2025-07-31\n"  // spaces are ignored
      "P001,群众满意度,96%,2025-06-30\n");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  ASSERT_EQ(result.batch.records.size(), 3u);
  EXPECT_EQ(result.batch.records[0].indicator, "quantity-1");
  EXPECT_EQ(result.batch.records[0].department, "375");
  EXPECT_EQ(result.batch.records[1].indicator, "quantity-1");
  EXPECT_EQ(result.batch.records[2].indicator, "rate-1");
}

TEST(ResolveByName, FullWidthAndHalfWidthNamesMatch) {
  Targets t = testing::named_targets();
  t.departments[0].projects[0].indicators[0].name = "PM2.5监测点数";
  auto result = read_csv("项目编码,指标,数值,日期\nP001,ＰＭ２．５监测点数,3,2025-06-30\n", {}, &t);
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_EQ(result.batch.records[0].indicator, "quantity-1");
}

TEST(ResolveByName, TheIdWinsOverANameAndTheIndicatorColumnTakesBoth) {
  auto result = read_csv(
      "项目编码,指标,数值,日期\nP001,rate-1,96,2025-06-30\nP001,群众满意度,97,2025-07-31\n");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_EQ(result.batch.records[0].indicator, "rate-1");
  EXPECT_EQ(result.batch.records[1].indicator, "rate-1");
}

TEST(ResolveByName, AmbiguousIndicatorNameListsTheCandidates) {
  auto result = read_csv("项目编码,指标名称,数值,日期\nP001,案件质量评查,92,2025-06-30\n");
  ASSERT_EQ(result.errors.size(), 1u);
  const auto& e = result.errors[0];
  EXPECT_EQ(e.field, "indicator");
  EXPECT_EQ(e.location, "第2行 “指标名称”列");
  EXPECT_THAT(e.reason, HasSubstr("ambiguous"));
  EXPECT_THAT(e.reason, HasSubstr("quality-1, quality-2"));
  EXPECT_THAT(e.reason_zh, HasSubstr("quality-1、quality-2"));
}

TEST(ResolveByName, UnknownIndicatorListsIdsAndNames) {
  auto result = read_csv("项目编码,指标名称,数值,日期\nP001,办案数量,1,2025-06-30\n");
  ASSERT_EQ(result.errors.size(), 1u);
  const auto& e = result.errors[0];
  EXPECT_EQ(e.field, "indicator");
  EXPECT_THAT(e.reason, HasSubstr("quantity-1 (法律援助案件受理数)"));
  EXPECT_THAT(e.reason, HasSubstr("growth-1 (增长率)"));
  EXPECT_THAT(e.reason_zh, HasSubstr("quantity-1（法律援助案件受理数）"));
  EXPECT_THAT(e.reason_zh, HasSubstr("办案数量"));
}

TEST(ResolveByName, LongListsAreCutAtTwenty) {
  auto result = read_csv("项目编码,指标,数值,日期\nP002,指标99,1,2025-06-30\n");
  ASSERT_EQ(result.errors.size(), 1u);
  const auto& e = result.errors[0];
  EXPECT_THAT(e.reason, HasSubstr("n-20 (指标20) and 5 more"));
  EXPECT_THAT(e.reason, Not(HasSubstr("n-21")));
  EXPECT_THAT(e.reason_zh, HasSubstr("另有 5 个"));
}

TEST(ResolveByName, ProjectByNameWithinTheDepartment) {
  auto result = read_csv(
      "部门编码,项目名称,指标名称,数值,日期\n375,法律援助项目,群众满意度,96,2025-06-30\n"
      ",法律援助项目,spending,12,2025-06-30\n");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_EQ(result.batch.records[0].project, "P001");
  EXPECT_EQ(result.batch.records[0].indicator, "rate-1");
  EXPECT_EQ(result.batch.records[1].project, "P001");
}

TEST(ResolveByName, AmbiguousProjectNameListsTheCodes) {
  auto result = read_csv("项目名称,指标编号,数值,日期\n重复项目,spending,1,2025-06-30\n");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].field, "project");
  EXPECT_EQ(result.errors[0].location, "第2行 “项目名称”列");
  EXPECT_THAT(result.errors[0].reason, HasSubstr("P003, P004"));
}

TEST(ResolveByName, UnknownProjectInAKnownDepartmentListsItsProjects) {
  auto result =
      read_csv("部门编码,项目名称,指标编号,数值,日期\n375,不存在的项目,spending,1,2025-06-30\n");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_THAT(result.errors[0].reason, HasSubstr("P001 (法律援助项目), P002 (公共法律服务平台)"));
  EXPECT_THAT(result.errors[0].reason_zh, HasSubstr("P001（法律援助项目）"));
}

TEST(ResolveByName, DepartmentWideRowNeedsNoDepartmentWhenTargetsHaveOne) {
  auto result = read_csv("指标名称,数值,日期\n部门整体评价,达成,2025-06-30\n");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_EQ(result.batch.records[0].department, "375");
  EXPECT_EQ(result.batch.records[0].project, "");
  EXPECT_EQ(result.batch.records[0].indicator, "dept-1");
}

TEST(ResolveByName, DepartmentWideRowNeedsNoDepartmentWhenTheScopeHasOne) {
  const Targets targets = testing::sample_targets();  // departments 375 and 376
  auto without = read_csv("indicator,value,as_of\ndept-1,1,2025-06-30\n", {}, &targets);
  ASSERT_EQ(without.errors.size(), 1u);
  EXPECT_EQ(without.errors[0].field, "department");
  ValidationOptions scoped;
  scoped.allowed_departments = {"375"};
  auto with = read_csv("indicator,value,as_of\ndept-1,1,2025-06-30\n", scoped, &targets);
  ASSERT_TRUE(with.ok()) << describe(with.errors);
  EXPECT_EQ(with.batch.records[0].department, "375");
}

TEST(ResolveByName, TheIndexCanBeSharedAcrossCalls) {
  const Targets targets = testing::named_targets();
  const TargetsIndex index(targets);
  for (int i = 0; i < 3; ++i) {
    auto r = read_actuals("项目编码,指标名称,数值,日期\nP001,群众满意度,96,2025-06-30\n",
                          InputFormat::kCsv, Charset::kAuto, index, {});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.batch.records[0].indicator, "rate-1");
  }
  EXPECT_EQ(index
                .indicators_by_name(targets.departments[0], &targets.departments[0].projects[0],
                                    "案件质量评查")
                .size(),
            2u);
  EXPECT_EQ(index.projects_by_code("P002").size(), 1u);
  EXPECT_EQ(index.projects_by_name(" 重复项目").size(), 2u);
  EXPECT_TRUE(index.projects_by_code("nope").empty());
}

}  // namespace
}  // namespace targetwatch
