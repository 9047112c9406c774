// Tests of xlsx actuals: workbooks written with libxlsxwriter as a clerk's Excel would save them
// (title row, 说明 sheet first, numeric, date and boolean cells), and errors located by cell.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "targetwatch/ingest/ingest.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::describe;
using ::testing::HasSubstr;

// Writes a workbook with libxlsxwriter to a temporary file and returns its bytes.
std::string write_workbook(const std::function<void(lxw_workbook*)>& fill) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto path = std::filesystem::temp_directory_path() /
                    ("tw-ingest-" + std::to_string(getpid()) + "-" + test->name() + ".xlsx");
  lxw_workbook* workbook = workbook_new(path.c_str());
  fill(workbook);
  EXPECT_EQ(workbook_close(workbook), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

void header(lxw_worksheet* sheet, int row, std::initializer_list<const char*> names) {
  lxw_col_t col = 0;
  for (const char* n : names) worksheet_write_string(sheet, row, col++, n, nullptr);
}

// The template's shape: a 说明 sheet first, then 报送 with a title row and the header on row 2.
// Columns: A 部门编码, B 项目编码, C 项目名称, D 指标编号, E 指标名称, F 本期实际值, G 截至日期,
// H 撤回, I 指标值 (a reference column).
std::string template_workbook(const std::function<void(lxw_worksheet*, lxw_format*)>& rows) {
  return write_workbook([&](lxw_workbook* wb) {
    lxw_worksheet* guide = workbook_add_worksheet(wb, "说明");
    worksheet_write_string(guide, 0, 0, "填写说明：只填本期实际值", nullptr);
    lxw_worksheet* sheet = workbook_add_worksheet(wb, "报送");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    worksheet_write_string(sheet, 0, 0, "2025年6月绩效监控报送表", nullptr);
    header(sheet, 1,
           {"部门编码", "项目编码", "项目名称", "指标编号", "指标名称", "本期实际值", "截至日期",
            "撤回", "指标值"});
    rows(sheet, date);
  });
}

void date_cell(lxw_worksheet* sheet, int row, lxw_format* format) {
  lxw_datetime d{2025, 6, 30, 0, 0, 0};
  worksheet_write_datetime(sheet, row, 6, &d, format);
}

IngestResult read(const std::string& bytes, const Targets& targets) {
  const TargetsIndex index(targets);
  return read_actuals(bytes, InputFormat::kXlsx, Charset::kAuto, index, {});
}

TEST(ReadXlsx, AFilledTemplate) {
  const std::string bytes = template_workbook([](lxw_worksheet* s, lxw_format* date) {
    // Row 3: numbers as numbers, the date as a date cell.
    worksheet_write_string(s, 2, 0, "375", nullptr);
    worksheet_write_string(s, 2, 1, "P001", nullptr);
    worksheet_write_string(s, 2, 4, "法律援助案件受理数", nullptr);
    worksheet_write_number(s, 2, 5, 262, nullptr);
    date_cell(s, 2, date);
    worksheet_write_string(s, 2, 8, "≥350件", nullptr);
    // Row 4: text forms, the department code as a number.
    worksheet_write_number(s, 3, 0, 375, nullptr);
    worksheet_write_string(s, 3, 2, "法律援助项目", nullptr);
    worksheet_write_string(s, 3, 4, "群众满意度", nullptr);
    worksheet_write_string(s, 3, 5, "96%", nullptr);
    worksheet_write_string(s, 3, 6, "2025年6月30日", nullptr);
    // Row 5: nothing filled in: skipped.
    worksheet_write_string(s, 4, 1, "P001", nullptr);
    worksheet_write_string(s, 4, 4, "案件办理及时", nullptr);
    date_cell(s, 4, date);
    worksheet_write_string(s, 4, 8, "及时", nullptr);
    // Row 6: a retraction as a boolean cell.
    worksheet_write_string(s, 5, 1, "P001", nullptr);
    worksheet_write_string(s, 5, 3, "spending", nullptr);
    date_cell(s, 5, date);
    worksheet_write_boolean(s, 5, 7, 1, nullptr);
  });
  const Targets targets = testing::named_targets();
  auto result = read(bytes, targets);
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  const auto& r = result.batch.records;
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(result.batch.rows, (std::vector<std::size_t>{3, 4, 6}));
  EXPECT_EQ(result.batch.skipped_rows, 1u);
  EXPECT_EQ(r[0].indicator, "quantity-1");
  EXPECT_DOUBLE_EQ(r[0].value, 262);
  EXPECT_EQ(r[0].as_of, Date::from_ymd(2025, 6, 30));
  EXPECT_EQ(r[1].department, "375");
  EXPECT_EQ(r[1].project, "P001");
  EXPECT_EQ(r[1].indicator, "rate-1");
  EXPECT_DOUBLE_EQ(r[1].value, 96);
  EXPECT_TRUE(r[2].retracted);
  EXPECT_EQ(r[2].indicator, "spending");
}

TEST(ReadXlsx, ErrorsNameTheSheetAndCell) {
  const std::string bytes = template_workbook([](lxw_worksheet* s, lxw_format* date) {
    worksheet_write_string(s, 2, 1, "P001", nullptr);
    worksheet_write_string(s, 2, 3, "quantity-1", nullptr);
    worksheet_write_string(s, 2, 5, "abc", nullptr);  // F3
    date_cell(s, 2, date);
    worksheet_write_string(s, 3, 1, "P001", nullptr);
    worksheet_write_string(s, 3, 3, "nope", nullptr);  // D4
    worksheet_write_number(s, 3, 5, 1, nullptr);
    date_cell(s, 3, date);
    worksheet_write_string(s, 4, 1, "P001", nullptr);
    worksheet_write_string(s, 4, 3, "rate-1", nullptr);
    worksheet_write_number(s, 4, 5, 1, nullptr);
    worksheet_write_string(s, 4, 6, "六月底", nullptr);  // G5
    worksheet_write_string(s, 5, 1, "P001", nullptr);
    worksheet_write_string(s, 5, 3, "rate-1", nullptr);
    worksheet_write_number(s, 5, 5, 1, nullptr);
    date_cell(s, 5, date);
    worksheet_write_string(s, 5, 12, "多余", nullptr);  // M6: beyond the header
  });
  const Targets targets = testing::named_targets();
  auto result = read(bytes, targets);
  ASSERT_EQ(result.errors.size(), 4u) << describe(result.errors);
  EXPECT_EQ(result.errors[0].location, "报送!F3");
  EXPECT_EQ(result.errors[0].field, "value");
  EXPECT_EQ(result.errors[1].location, "报送!D4");
  EXPECT_THAT(result.errors[1].reason, HasSubstr("unknown indicator"));
  EXPECT_EQ(result.errors[2].location, "报送!G5");
  EXPECT_EQ(result.errors[3].location, "报送!M6");
}

TEST(ReadXlsx, WithoutAReportSheetTheFirstSheetIsRead) {
  const std::string bytes = write_workbook([](lxw_workbook* wb) {
    lxw_worksheet* s = workbook_add_worksheet(wb, "Sheet1");
    header(s, 0, {"项目编码", "指标编号", "数值", "日期", "颜色"});
    worksheet_write_string(s, 1, 0, "P001", nullptr);
    worksheet_write_string(s, 1, 1, "quantity-1", nullptr);
    worksheet_write_string(s, 1, 2, "很多", nullptr);
    worksheet_write_string(s, 1, 3, "2025-06-30", nullptr);
    workbook_add_worksheet(wb, "Other");
  });
  auto parsed = parse_actuals_xlsx(bytes);
  ASSERT_FALSE(parsed.ok());
  ASSERT_EQ(parsed.error().size(), 1u);
  EXPECT_EQ(parsed.error()[0].location, "Sheet1!C2");

  const std::string good = write_workbook([](lxw_workbook* wb) {
    lxw_worksheet* s = workbook_add_worksheet(wb, "Sheet1");
    header(s, 0, {"项目编码", "指标编号", "数值", "日期", "颜色"});
    worksheet_write_string(s, 1, 0, "P001", nullptr);
    worksheet_write_string(s, 1, 1, "quantity-1", nullptr);
    worksheet_write_number(s, 1, 2, 5, nullptr);
    worksheet_write_string(s, 1, 3, "2025-06-30", nullptr);
  });
  auto ok = parse_actuals_xlsx(good);
  ASSERT_TRUE(ok.ok()) << describe(ok.error());
  ASSERT_EQ(ok->warnings.size(), 1u);
  EXPECT_EQ(ok->warnings[0].location, "Sheet1!E1");
  EXPECT_EQ(ok->warnings[0].field, "颜色");
}

// A clerk typing 96% in Excel stores 0.96 with a percent format: the figure is what the clerk
// sees, 96 (%), whether the format is built-in (0%, 0.00%) or custom (0.0%).
TEST(ReadXlsx, PercentFormattedCellsReadAsTheyAreShown) {
  const std::string bytes = write_workbook([](lxw_workbook* wb) {
    lxw_worksheet* s = workbook_add_worksheet(wb, "报送");
    lxw_format* whole = workbook_add_format(wb);
    format_set_num_format_index(whole, 9);  // 0%
    lxw_format* hundredths = workbook_add_format(wb);
    format_set_num_format_index(hundredths, 10);  // 0.00%
    lxw_format* custom = workbook_add_format(wb);
    format_set_num_format(custom, "0.0%");
    lxw_format* quoted = workbook_add_format(wb);
    format_set_num_format(quoted, "0.00\"%\"");  // a literal % sign: the value is not scaled
    header(s, 0, {"项目编码", "指标编号", "本期实际值", "截至日期"});
    const std::pair<double, lxw_format*> rows[] = {
        {0.96, whole}, {0.9725, hundredths}, {0.07, custom}, {-0.05, whole}, {97, quoted}};
    lxw_row_t row = 1;
    for (const auto& [value, format] : rows) {
      worksheet_write_string(s, row, 0, "P001", nullptr);
      worksheet_write_string(s, row, 1, row == 4 ? "growth-1" : "rate-1", nullptr);
      worksheet_write_number(s, row, 2, value, format);
      // One date per row: the same indicator twice on one day would be a duplicate.
      const std::string as_of = "2025-06-1" + std::to_string(row);
      worksheet_write_string(s, row, 3, as_of.c_str(), nullptr);
      ++row;
    }
  });
  const Targets targets = testing::named_targets();
  auto result = read(bytes, targets);
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  const auto& r = result.batch.records;
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].value, 96);  // exactly: no 96.00000000000001
  EXPECT_EQ(r[1].value, 97.25);
  EXPECT_EQ(r[2].value, 7);
  EXPECT_EQ(r[3].indicator, "growth-1");
  EXPECT_EQ(r[3].value, -5);
  EXPECT_EQ(r[4].value, 97);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(r[i].unit, "%") << i;
}

// A percentage where a count is expected is a unit mismatch, not a silent 0.96 件.
TEST(ReadXlsx, APercentageForACountIsRefused) {
  const std::string bytes = write_workbook([](lxw_workbook* wb) {
    lxw_worksheet* s = workbook_add_worksheet(wb, "报送");
    lxw_format* percent = workbook_add_format(wb);
    format_set_num_format_index(percent, 9);
    header(s, 0, {"项目编码", "指标编号", "本期实际值", "截至日期"});
    worksheet_write_string(s, 1, 0, "P001", nullptr);
    worksheet_write_string(s, 1, 1, "quantity-1", nullptr);
    worksheet_write_number(s, 1, 2, 0.96, percent);
    worksheet_write_string(s, 1, 3, "2025-06-30", nullptr);
  });
  const Targets targets = testing::named_targets();
  auto result = read(bytes, targets);
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.errors.size(), 1u) << describe(result.errors);
  EXPECT_EQ(result.errors[0].location, "报送!C2");
}

TEST(ReadXlsx, NotAWorkbook) {
  auto parsed = parse_actuals_xlsx(std::string("PK\x03\x04garbage", 11));
  ASSERT_FALSE(parsed.ok());
  ASSERT_EQ(parsed.error().size(), 1u);
  EXPECT_THAT(parsed.error()[0].reason, HasSubstr("unreadable xlsx"));
  EXPECT_FALSE(parsed.error()[0].reason_zh.empty());
}

}  // namespace
}  // namespace targetwatch
