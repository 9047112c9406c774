// The template's headers are the ones ingest reads: once ingest knows the Chinese headers
// (field_aliases.h, branch h-ingest), a filled-in CSV template reads back into records.
#include <gtest/gtest.h>

#include <algorithm>

#include "targetwatch/template/fill_in_template.h"
#include "template_sheet.h"

#if TARGETWATCH_INGEST_HAS_FIELD_ALIASES
#include "targetwatch/ingest/field_aliases.h"
#include "targetwatch/ingest/ingest.h"
#include "xlsx_package.h"
#endif

namespace targetwatch::reporting {
namespace {

using testing::day;

// The headers issue 9 documents for the template (and ingest accepts): the reference columns,
// then the fill-in columns, then 撤回 and 来源.
TEST(TemplateIngest, HeadersAreTheDocumentedOnes) {
  const std::vector<std::string_view> documented{
      "部门编码",   "项目编码", "项目名称", "指标编号",   "一级指标",     "二级指标",
      "指标名称",   "指标值",   "单位",     "上次报送值", "上次报送日期", "应达进度",
      "本期实际值", "截至日期", "方式",     "偏差原因",   "完成可能性",   "预计全年值",
      "整改措施",   "备注",     "撤回",     "来源"};
  std::vector<std::string_view> ours;
  for (const TemplateColumn& c : template_columns()) ours.push_back(c.header);
  std::sort(ours.begin(), ours.end());
  auto want = documented;
  std::sort(want.begin(), want.end());
  EXPECT_EQ(ours, want);
}

#if TARGETWATCH_INGEST_HAS_FIELD_ALIASES

// Each header is a name ingest knows for some field.
TEST(TemplateIngest, EveryHeaderNamesAnIngestField) {
  for (const TemplateColumn& c : template_columns()) {
    bool known = false;
    for (const FieldAlias& f : field_aliases()) {
      for (std::string_view name : f.names) known = known || name == c.header;
    }
    EXPECT_TRUE(known) << c.header;
  }
}

TEST(TemplateIngest, AFilledCsvReadsBackAndEmptyRowsAreSkipped) {
  auto in = testing::template_inputs();
  const Evaluation ev = evaluate(in.targets, in.actuals, day("2025-06-30"));
  auto sheet = build_template(ev, in.actuals, "375");
  ASSERT_TRUE(sheet.ok());
  std::string csv = render_template_csv(*sheet);
  // Fill in the cases row: 150件 to date, 有可能, a forecast.
  const std::string blank = "173.56件,,2025-06-30,累计,,,,,,,";
  const std::size_t at = csv.find(blank);
  ASSERT_NE(at, std::string::npos);
  csv.replace(at, blank.size(), "173.56件,150件,2025-06-30,累计,,其他,有可能,330,加强宣传,,");
  auto parsed = parse_actuals_csv(csv);
  ASSERT_TRUE(parsed.ok()) << parsed.error().at(0).location << ": " << parsed.error().at(0).reason;
  ASSERT_EQ(parsed->records.size(), 1u);
  EXPECT_EQ(parsed->skipped_rows, sheet->rows.size() - 1);
  const ActualRecord& r = parsed->records[0];
  EXPECT_EQ(r.department, "375");
  EXPECT_EQ(r.project, "13100025P00041210001X");
  EXPECT_EQ(r.indicator, "quantity-1");
  EXPECT_DOUBLE_EQ(r.value, 150);
  EXPECT_EQ(r.as_of, day("2025-06-30"));
  EXPECT_EQ(r.mode, RecordMode::kCumulative);
  EXPECT_EQ(r.cause, "其他");
  EXPECT_EQ(r.likelihood, "有可能");
  ASSERT_TRUE(r.forecast.has_value());
  EXPECT_DOUBLE_EQ(*r.forecast, 330);
  EXPECT_EQ(r.measure, "加强宣传");
}

// The downloaded workbook as it is: every row is a template row with nothing filled in.
TEST(TemplateIngest, AnUnfilledWorkbookHasNoRecordsAndSkipsEveryRow) {
  auto in = testing::template_inputs();
  const Evaluation ev = evaluate(in.targets, in.actuals, day("2025-06-30"));
  auto sheet = build_template(ev, in.actuals, "375");
  ASSERT_TRUE(sheet.ok());
  auto bytes = render_template_xlsx(*sheet);
  ASSERT_TRUE(bytes.ok());
  auto parsed = parse_actuals_xlsx(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().at(0).location << ": " << parsed.error().at(0).reason;
  EXPECT_TRUE(parsed->records.empty());
  EXPECT_EQ(parsed->skipped_rows, sheet->rows.size());
}

// A clerk fills 本期实际值 of the cases row (M4) and 完成可能性 (R4) in the workbook: the number
// cell, the pre-filled date cell (a serial) and the drop-down text read back as one record.
TEST(TemplateIngest, AFilledWorkbookReadsBack) {
  auto in = testing::template_inputs();
  const Evaluation ev = evaluate(in.targets, in.actuals, day("2025-06-30"));
  auto sheet = build_template(ev, in.actuals, "375");
  ASSERT_TRUE(sheet.ok());
  auto bytes = render_template_xlsx(*sheet);
  ASSERT_TRUE(bytes.ok());
  std::string xml = testing::unzip(*bytes).at("xl/worksheets/sheet1.xml");
  const auto fill = [&xml](const std::string& ref, const std::string& inner, const char* type) {
    const std::size_t at = xml.find("<c r=\"" + ref + "\"");
    ASSERT_NE(at, std::string::npos) << ref;
    const std::size_t end = xml.find("/>", at);
    ASSERT_LT(end, xml.find("</c>", at)) << ref << " is not an empty cell";
    xml.replace(end, 2, std::string(type) + "><" + inner + "</c>");
  };
  fill("M4", "v>150</v>", "");
  fill("R4", "is><t>有可能</t></is>", " t=\"inlineStr\"");
  const std::string filled = testing::replace_entry(*bytes, "xl/worksheets/sheet1.xml", xml);
  ASSERT_FALSE(filled.empty());
  auto parsed = parse_actuals_xlsx(filled);
  ASSERT_TRUE(parsed.ok()) << parsed.error().at(0).location << ": " << parsed.error().at(0).reason;
  ASSERT_EQ(parsed->records.size(), 1u);
  EXPECT_EQ(parsed->skipped_rows, sheet->rows.size() - 1);
  const ActualRecord& r = parsed->records[0];
  EXPECT_EQ(r.project, "13100025P00041210001X");
  EXPECT_EQ(r.indicator, "quantity-1");
  EXPECT_DOUBLE_EQ(r.value, 150);
  EXPECT_EQ(r.as_of, day("2025-06-30"));
  EXPECT_EQ(r.mode, RecordMode::kCumulative);
  EXPECT_EQ(r.likelihood, "有可能");
}

#else

TEST(TemplateIngest, ReadBackThroughIngest) {
  GTEST_SKIP() << "ingest does not read the Chinese headers yet (no field_aliases.h): the "
                  "read-back tests switch on by themselves once branch h-ingest is merged";
}

#endif

}  // namespace
}  // namespace targetwatch::reporting
