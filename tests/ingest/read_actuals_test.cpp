// Tests of read_actuals: one answer for parse and validation problems, error locations, skipped
// template rows, retractions and fund sources, formats, and a GBK template as Excel saves it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "targetwatch/ingest/ingest.h"
#include "targetwatch/test/files.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::describe;
using ::testing::HasSubstr;
using testing::read_csv;

TEST(ReadActuals, ParseAndValidationErrorsComeInOneAnswerOrderedByRow) {
  auto result = read_csv(
      "项目编码,指标编号,本期实际值,截至日期\n"
      "P001,quantity-9,1,2025-06-30\n"    // line 2: validation (unknown indicator)
      "P001,quantity-1,abc,2025-06-30\n"  // line 3: parse (not a number)
      "P001,\"q\"x,1,2025-06-30\n"        // line 4: CSV quoting
      "P001,quantity-1,5,2025-13-01\n"    // line 5: parse (date)
      "P001,rate-1,96,2025-06-30\n");     // line 6: fine
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.errors.size(), 4u) << describe(result.errors);
  EXPECT_EQ(result.errors[0].row, 2u);
  EXPECT_EQ(result.errors[0].location, "第2行 “指标编号”列");
  EXPECT_EQ(result.errors[1].row, 3u);
  EXPECT_EQ(result.errors[1].location, "第3行 “本期实际值”列");
  EXPECT_EQ(result.errors[2].row, 4u);
  EXPECT_EQ(result.errors[2].location, "第4行 第2列");
  EXPECT_EQ(result.errors[3].row, 5u);
  EXPECT_EQ(result.errors[3].location, "第5行 “截至日期”列");
  for (const auto& e : result.errors) EXPECT_FALSE(e.reason_zh.empty()) << e.reason;
}

TEST(ReadActuals, EveryErrorHasAChineseReasonAndALocation) {
  auto result = read_csv(
      "部门编码,项目编码,指标编号,本期实际值,截至日期,方式,偏差原因,完成可能性,撤回,来源\n"
      "999,P001,spending,1,2025-06-30,,,,,\n"
      ",NOPE,spending,1,2025-06-30,,,,,\n"
      ",P001,quantity-1,1,2025-06-30,每月,天气,也许,也许,国库\n"
      ",P001,quantity-1,1,2024-06-30,,,,,财政拨款\n"
      ",P001,rate-1,1,2025-06-30,,天气,,,\n"
      ",P001,cost-1,2,2025-06-30,,,,,\n"
      ",P001,cost-1,3,2025-06-30,,,,,\n");
  ASSERT_GE(result.errors.size(), 8u) << describe(result.errors);
  for (const auto& e : result.errors) {
    EXPECT_FALSE(e.reason_zh.empty()) << e.reason;
    EXPECT_THAT(e.location, HasSubstr("行")) << e.reason;
  }
  auto at = [&](std::size_t row, std::string_view field) {
    for (const auto& e : result.errors) {
      if (e.row == row && e.field == field) return e.location;
    }
    return std::string("(none)");
  };
  EXPECT_EQ(at(2, "department"), "第2行 “部门编码”列");
  EXPECT_EQ(at(3, "project"), "第3行 “项目编码”列");
  EXPECT_EQ(at(4, "mode"), "第4行 “方式”列");
  EXPECT_EQ(at(4, "retract"), "第4行 “撤回”列");
  EXPECT_EQ(at(4, "fund"), "第4行 “来源”列");
  EXPECT_EQ(at(5, "as_of"), "第5行 “截至日期”列");
  EXPECT_EQ(at(5, "fund"), "第5行 “来源”列");
  EXPECT_EQ(at(6, "cause"), "第6行 “偏差原因”列");
  EXPECT_EQ(at(8, "as_of"), "第8行 “截至日期”列");  // duplicate of line 7
}

TEST(ReadActuals, EmptyTemplateRowsAreSkippedAndCounted) {
  const std::string header =
      "项目编码,指标名称,指标值,上次报送值,本期实际值,截至日期,方式,偏差原因,备注\n";
  auto result = read_csv(header +
                         "P001,法律援助案件受理数,≥350件,120,262,2025-06-30,累计,,\n"
                         "P001,群众满意度,≥95%,,,2025-06-30,累计,,\n"
                         "P001,案件办理及时,及时,,,2025-06-30,累计,,\n");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_EQ(result.batch.records.size(), 1u);
  EXPECT_EQ(result.batch.skipped_rows, 2u);
  EXPECT_EQ(result.batch.rows, (std::vector<std::size_t>{2}));

  // Something filled in but no value: a mistake worth an error, not a skip.
  auto half = read_csv(header + "P001,群众满意度,≥95%,,,2025-06-30,累计,经费保障,\n");
  ASSERT_EQ(half.errors.size(), 1u);
  EXPECT_EQ(half.errors[0].field, "value");
  EXPECT_EQ(half.errors[0].location, "第2行 “本期实际值”列");
  EXPECT_EQ(half.batch.skipped_rows, 0u);

  // Without reference columns the file is not a template: a row without a value is an error.
  auto plain = read_csv("项目编码,指标编号,本期实际值,截至日期\nP001,rate-1,,2025-06-30\n");
  ASSERT_EQ(plain.errors.size(), 1u);
  EXPECT_EQ(plain.errors[0].reason, "missing value");
}

TEST(ReadActuals, RetractionsNeedNoValue) {
  auto result = read_csv(
      "项目编码,指标编号,本期实际值,撤回,截至日期\n"
      "P001,quantity-1,,是,2025-05-31\n"
      "P001,rate-1,,TRUE,2025-05-31\n"
      "P001,spending,,1,2025-05-31\n"
      "P001,cost-1,3,否,2025-05-31\n"
      "P001,deadline-1,1,0,2025-05-31\n"
      "P001,timeliness-1,1,,2025-05-31\n");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  ASSERT_EQ(result.batch.records.size(), 6u);
  std::vector<bool> retracted;
  for (const auto& r : result.batch.records) retracted.push_back(r.retracted);
  EXPECT_EQ(retracted, (std::vector<bool>{true, true, true, false, false, false}));
  EXPECT_EQ(result.batch.value_forms[0], ValueForm::kAbsent);

  auto bad =
      read_csv("项目编码,指标编号,本期实际值,撤回,截至日期\nP001,quantity-1,,也许,2025-05-31\n");
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].field, "retract");
  EXPECT_EQ(bad.errors[0].location, "第2行 “撤回”列");

  auto json = parse_actuals_json(
      R"([{"project":"P001","indicator":"quantity-1","as_of":"2025-05-31","retract":true}])");
  ASSERT_TRUE(json.ok()) << json.error()[0].reason;
  EXPECT_TRUE(json->records[0].retracted);
  auto json_bad = parse_actuals_json(
      R"([{"project":"P001","indicator":"quantity-1","as_of":"2025-05-31","retract":2}])");
  ASSERT_FALSE(json_bad.ok());
  EXPECT_EQ(json_bad.error()[0].location, "actuals[0].retract");
}

TEST(ReadActuals, FundSourcesAreForSpendingOnly) {
  auto result = read_csv(
      "项目编码,指标编号,本期实际值,来源,截至日期\n"
      "P001,spending,1,fiscal,2025-05-31\nP001,spending,1,其他资金,2025-05-31\n"
      "P001,spending,1,合计,2025-05-31\nP001,spending,1,,2025-04-30\n");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_EQ(result.batch.records[0].fund, FundSource::kFiscal);
  EXPECT_EQ(result.batch.records[1].fund, FundSource::kOther);
  EXPECT_EQ(result.batch.records[2].fund, FundSource::kTotal);
  EXPECT_EQ(result.batch.records[3].fund, FundSource::kTotal);

  auto indicator = read_csv(
      "项目编码,指标编号,本期实际值,来源,截至日期\nP001,quantity-1,1,财政拨款,2025-05-31\n");
  ASSERT_EQ(indicator.errors.size(), 1u);
  EXPECT_EQ(indicator.errors[0].field, "fund");
}

TEST(ReadActuals, ATitleRowAboveTheHeaderIsSkipped) {
  auto result = read_csv(
      "2025年6月报送表,,,\n单位：万元,,,\n项目编码,指标编号,数值,日期\nP001,spending,3,2025-06-"
      "30\n");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  ASSERT_EQ(result.batch.records.size(), 1u);
  EXPECT_EQ(result.batch.rows[0], 4u);
}

TEST(ReadActuals, JsonErrorsAreLocatedByIndexAndKey) {
  const Targets targets = testing::named_targets();
  const TargetsIndex index(targets);
  auto result = read_actuals(
      R"({"actuals":[{"project":"P001","indicator":"spending","value":1,"as_of":"2025-06-30"},)"
      R"({"project":"P001","indicator":"nope","value":1,"as_of":"2025-06-30"}]})",
      InputFormat::kJson, Charset::kAuto, index, {});
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].location, "actuals[1].indicator");
}

TEST(ReadActuals, UnreadableTextIsOneError) {
  const Targets targets = testing::named_targets();
  const TargetsIndex index(targets);
  auto result = read_actuals("a,b\n\xFF\xFE\n", InputFormat::kCsv, Charset::kUtf8, index, {});
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_FALSE(result.errors[0].reason_zh.empty());
}

TEST(ReadActuals, GuessesTheFormat) {
  EXPECT_EQ(guess_input_format("text/csv; charset=gbk", ""), InputFormat::kCsv);
  EXPECT_EQ(guess_input_format("application/json", ""), InputFormat::kJson);
  EXPECT_EQ(
      guess_input_format("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""),
      InputFormat::kXlsx);
  EXPECT_EQ(guess_input_format("报送.XLSX", ""), InputFormat::kXlsx);
  EXPECT_EQ(guess_input_format("data.csv", ""), InputFormat::kCsv);
  EXPECT_EQ(guess_input_format("upload.bin", std::string("PK\x03\x04rest", 8)), InputFormat::kXlsx);
  EXPECT_EQ(guess_input_format("upload.bin", "a,b"), std::nullopt);
}

TEST(ReadActuals, GbkTemplateWithChineseHeadersAndIndicatorNames) {
  const Targets targets = testing::named_targets();
  const TargetsIndex index(targets);
  ValidationOptions options;
  options.today = Date::from_ymd(2025, 7, 1);
  auto result = read_actuals(test::read_fixture("ingest/template-gbk.csv"), InputFormat::kCsv,
                             Charset::kAuto, index, options);
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_TRUE(result.batch.warnings.empty());
  EXPECT_EQ(result.batch.skipped_rows, 1u);  // 案件办理及时 left empty
  const auto& r = result.batch.records;
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].department, "375");
  EXPECT_EQ(r[0].project, "");
  EXPECT_EQ(r[0].indicator, "dept-1");
  EXPECT_DOUBLE_EQ(r[0].value, 0.5);
  EXPECT_EQ(r[1].indicator, "quantity-1");
  EXPECT_DOUBLE_EQ(r[1].value, 262);
  EXPECT_EQ(r[2].indicator, "rate-1");
  EXPECT_DOUBLE_EQ(r[2].value, 96);
  EXPECT_EQ(r[2].as_of, Date::from_ymd(2025, 6, 30));
  EXPECT_EQ(r[3].indicator, "spending");
  EXPECT_DOUBLE_EQ(r[3].value, 55.8);
  EXPECT_DOUBLE_EQ(*r[3].forecast, 95);
  EXPECT_EQ(r[3].unit, "万元");
  EXPECT_EQ(r[3].cause, "经费保障");
  EXPECT_EQ(r[3].note, "6月结算延迟");
  EXPECT_EQ(result.batch.rows, (std::vector<std::size_t>{3, 4, 5, 7}));
}

}  // namespace
}  // namespace targetwatch
