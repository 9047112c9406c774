// read_workbook on files written by libxlsxwriter (the writer the report module uses, and the
// same structure Excel saves): strings, numbers, booleans, formulas, dates, several sheets.
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <functional>
#include <string>

#include "targetwatch/xlsx/workbook.h"
#include "zip_builder.h"

namespace targetwatch::xlsx {
namespace {

/// Writes a workbook with libxlsxwriter to a temporary file and returns its bytes.
std::string write_workbook(const std::function<void(lxw_workbook*)>& fill) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto path = std::filesystem::temp_directory_path() /
                    ("tw-xlsx-" + std::to_string(getpid()) + "-" + test->name() + ".xlsx");
  lxw_workbook* workbook = workbook_new(path.c_str());
  fill(workbook);
  EXPECT_EQ(workbook_close(workbook), LXW_NO_ERROR);
  std::string bytes = testing::read_file(path.string());
  std::filesystem::remove(path);
  return bytes;
}

const Sheet& only_sheet(const Result<Workbook>& workbook) {
  if (!workbook.ok()) ADD_FAILURE() << workbook.error().message;
  return workbook->sheets.at(0);
}

TEST(xlsx, LibxlsxwriterStringsNumbersBooleans) {
  const std::string bytes = write_workbook([](lxw_workbook* workbook) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Data");
    worksheet_write_string(sheet, 0, 0, "项目名称", nullptr);
    worksheet_write_string(sheet, 0, 1, "a < b & \"c\"", nullptr);
    worksheet_write_number(sheet, 1, 0, 1234.5, nullptr);
    worksheet_write_number(sheet, 1, 1, 0.1, nullptr);
    worksheet_write_number(sheet, 1, 2, -3, nullptr);
    worksheet_write_number(sheet, 1, 3, 1e20, nullptr);
    worksheet_write_number(sheet, 1, 4, 123456789012345, nullptr);
    worksheet_write_number(sheet, 1, 5, 0.000001, nullptr);
    worksheet_write_boolean(sheet, 2, 0, 1, nullptr);
    worksheet_write_boolean(sheet, 2, 1, 0, nullptr);
  });
  ASSERT_TRUE(looks_like_xlsx(bytes));
  const auto workbook = read_workbook(bytes);
  const Sheet& sheet = only_sheet(workbook);
  EXPECT_EQ(sheet.name, "Data");
  ASSERT_NE(sheet.find(1, 1), nullptr);
  EXPECT_EQ(sheet.find(1, 1)->text, "项目名称");
  EXPECT_EQ(sheet.find(1, 1)->kind, CellKind::kString);
  EXPECT_EQ(sheet.find(1, 2)->text, "a < b & \"c\"");
  const Cell* number = sheet.find(2, 1);
  ASSERT_NE(number, nullptr);
  EXPECT_EQ(number->kind, CellKind::kNumber);
  EXPECT_EQ(number->number, 1234.5);
  EXPECT_EQ(number->text, "1234.5");
  EXPECT_FALSE(number->date.has_value());
  EXPECT_EQ(sheet.find(2, 2)->text, "0.1");
  EXPECT_EQ(sheet.find(2, 3)->text, "-3");
  EXPECT_EQ(sheet.find(2, 4)->text, "1e+20");
  EXPECT_EQ(sheet.find(2, 5)->text, "123456789012345");
  EXPECT_EQ(sheet.find(2, 6)->text, "0.000001");
  EXPECT_EQ(sheet.find(3, 1)->kind, CellKind::kBoolean);
  EXPECT_EQ(sheet.find(3, 1)->text, "TRUE");
  EXPECT_EQ(sheet.find(3, 1)->number, 1);
  EXPECT_EQ(sheet.find(3, 2)->text, "FALSE");
  EXPECT_EQ(sheet.max_row, 3u);
  EXPECT_EQ(sheet.max_column, 6u);
  EXPECT_EQ(sheet.cells.size(), 10u);
}

TEST(xlsx, LibxlsxwriterFormulasKeepTheirCachedValues) {
  const std::string bytes = write_workbook([](lxw_workbook* workbook) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, nullptr);
    worksheet_write_number(sheet, 0, 0, 1, nullptr);
    worksheet_write_formula_num(sheet, 0, 1, "=A1+2", nullptr, 3);
    worksheet_write_formula_str(sheet, 0, 2, "=\"完成\"&\"率\"", nullptr, "完成率");
  });
  const auto workbook = read_workbook(bytes);
  const Sheet& sheet = only_sheet(workbook);
  ASSERT_NE(sheet.find(1, 2), nullptr);
  EXPECT_EQ(sheet.find(1, 2)->kind, CellKind::kNumber);
  EXPECT_EQ(sheet.find(1, 2)->number, 3);
  ASSERT_NE(sheet.find(1, 3), nullptr);
  EXPECT_EQ(sheet.find(1, 3)->kind, CellKind::kString);
  EXPECT_EQ(sheet.find(1, 3)->text, "完成率");
}

TEST(xlsx, LibxlsxwriterDatesUnderThe1900System) {
  const std::string bytes = write_workbook([](lxw_workbook* workbook) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, nullptr);
    lxw_format* iso = workbook_add_format(workbook);
    format_set_num_format(iso, "yyyy-mm-dd hh:mm");
    lxw_format* builtin = workbook_add_format(workbook);
    format_set_num_format_index(builtin, 14);
    lxw_format* chinese = workbook_add_format(workbook);
    format_set_num_format(chinese, "yyyy\"年\"m\"月\"d\"日\"");
    lxw_format* money = workbook_add_format(workbook);
    format_set_num_format(money, "#,##0.00\"万元\"");
    lxw_datetime afternoon = {2025, 3, 31, 14, 30, 0};
    lxw_datetime before_lotus_day = {1900, 1, 15, 0, 0, 0};
    lxw_datetime after_lotus_day = {1900, 3, 1, 0, 0, 0};
    lxw_datetime leap = {2024, 2, 29, 0, 0, 0};
    worksheet_write_datetime(sheet, 0, 0, &afternoon, iso);
    worksheet_write_datetime(sheet, 1, 0, &before_lotus_day, builtin);
    worksheet_write_datetime(sheet, 2, 0, &after_lotus_day, builtin);
    worksheet_write_datetime(sheet, 3, 0, &leap, chinese);
    worksheet_write_number(sheet, 4, 0, 45000, money);
  });
  const auto workbook = read_workbook(bytes);
  const Sheet& sheet = only_sheet(workbook);
  EXPECT_FALSE(workbook->date1904);
  const Cell* afternoon = sheet.find(1, 1);
  ASSERT_NE(afternoon, nullptr);
  EXPECT_EQ(afternoon->kind, CellKind::kNumber);
  EXPECT_EQ(afternoon->date, Date::from_ymd(2025, 3, 31));
  // The serial (with its time of day) stays the text.
  EXPECT_TRUE(afternoon->text.starts_with("45747.604166666")) << afternoon->text;
  EXPECT_EQ(std::stod(afternoon->text), afternoon->number);
  EXPECT_EQ(sheet.find(2, 1)->number, 15);
  EXPECT_EQ(sheet.find(2, 1)->date, Date::from_ymd(1900, 1, 15));
  EXPECT_EQ(sheet.find(3, 1)->number, 61);
  EXPECT_EQ(sheet.find(3, 1)->date, Date::from_ymd(1900, 3, 1));
  EXPECT_EQ(sheet.find(4, 1)->date, Date::from_ymd(2024, 2, 29));
  EXPECT_FALSE(sheet.find(5, 1)->date.has_value());  // "万元" is quoted, not a day
}

// A clerk typing 96% in Excel stores 0.96 with a percent format; the cell says so, its number
// stays the stored value.
TEST(xlsx, LibxlsxwriterPercentFormatsAreReported) {
  const std::string bytes = write_workbook([](lxw_workbook* workbook) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, nullptr);
    lxw_format* whole = workbook_add_format(workbook);
    format_set_num_format_index(whole, 9);  // 0%
    lxw_format* hundredths = workbook_add_format(workbook);
    format_set_num_format_index(hundredths, 10);  // 0.00%
    lxw_format* custom = workbook_add_format(workbook);
    format_set_num_format(custom, "0.0%;[Red]-0.0%");
    lxw_format* literal = workbook_add_format(workbook);
    format_set_num_format(literal, "0\"%\"");
    lxw_format* plain = workbook_add_format(workbook);
    format_set_num_format(plain, "0.00");
    worksheet_write_number(sheet, 0, 0, 0.96, whole);
    worksheet_write_number(sheet, 1, 0, 0.9725, hundredths);
    worksheet_write_number(sheet, 2, 0, 0.075, custom);
    worksheet_write_number(sheet, 3, 0, 96, literal);
    worksheet_write_number(sheet, 4, 0, 0.96, plain);
    worksheet_write_number(sheet, 5, 0, 0.96, nullptr);
    worksheet_write_string(sheet, 6, 0, "96%", whole);  // text stays text
  });
  const auto workbook = read_workbook(bytes);
  const Sheet& sheet = only_sheet(workbook);
  for (std::uint32_t row = 1; row <= 7; ++row) ASSERT_NE(sheet.find(row, 1), nullptr) << row;
  EXPECT_TRUE(sheet.find(1, 1)->percent);
  EXPECT_EQ(sheet.find(1, 1)->number, 0.96);
  EXPECT_EQ(sheet.find(1, 1)->text, "0.96");
  EXPECT_TRUE(sheet.find(2, 1)->percent);
  EXPECT_TRUE(sheet.find(3, 1)->percent);
  EXPECT_FALSE(sheet.find(3, 1)->date.has_value());
  EXPECT_FALSE(sheet.find(4, 1)->percent);
  EXPECT_FALSE(sheet.find(5, 1)->percent);
  EXPECT_FALSE(sheet.find(6, 1)->percent);
  EXPECT_FALSE(sheet.find(7, 1)->percent);
  EXPECT_EQ(sheet.find(7, 1)->text, "96%");
}

TEST(xlsx, LibxlsxwriterSeveralSheetsInWorkbookOrderAndEmptyCellsSkipped) {
  const std::string bytes = write_workbook([](lxw_workbook* workbook) {
    lxw_worksheet* first = workbook_add_worksheet(workbook, "说明");
    lxw_worksheet* report = workbook_add_worksheet(workbook, "报送");
    lxw_worksheet* empty = workbook_add_worksheet(workbook, "Empty");
    (void)empty;
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    worksheet_write_string(first, 0, 0, "填报说明", nullptr);
    worksheet_write_string(report, 0, 0, "指标", bold);
    worksheet_write_blank(report, 1, 1, bold);          // a styled blank: no value
    worksheet_write_string(report, 1, 2, "", nullptr);  // an empty string
    worksheet_write_number(report, 2, 3, 98.5, nullptr);
  });
  const auto workbook = read_workbook(bytes);
  ASSERT_TRUE(workbook.ok()) << workbook.error().message;
  ASSERT_EQ(workbook->sheets.size(), 3u);
  EXPECT_EQ(workbook->sheets[0].name, "说明");
  EXPECT_EQ(workbook->sheets[1].name, "报送");
  EXPECT_EQ(workbook->sheets[2].name, "Empty");
  EXPECT_TRUE(workbook->sheets[2].cells.empty());
  EXPECT_EQ(workbook->sheets[2].max_row, 0u);
  const Sheet* report = workbook->find_sheet("报送");
  ASSERT_NE(report, nullptr);
  EXPECT_EQ(report, &workbook->sheets[1]);
  EXPECT_EQ(workbook->find_sheet("报告"), nullptr);
  ASSERT_EQ(report->cells.size(), 2u);
  EXPECT_EQ(report->find(2, 2), nullptr);
  EXPECT_EQ(report->find(2, 3), nullptr);
  EXPECT_EQ(report->cells[0].text, "指标");
  EXPECT_EQ(report->cells[1].row, 3u);
  EXPECT_EQ(report->cells[1].column, 4u);
  EXPECT_EQ(report->max_row, 3u);
  EXPECT_EQ(report->max_column, 4u);
}

TEST(xlsx, LibxlsxwriterRichStringsJoinTheirRuns) {
  const std::string bytes = write_workbook([](lxw_workbook* workbook) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, nullptr);
    lxw_format* red = workbook_add_format(workbook);
    format_set_font_color(red, LXW_COLOR_RED);
    lxw_rich_string_tuple plain = {nullptr, const_cast<char*>("完成率")};
    lxw_rich_string_tuple colored = {red, const_cast<char*>("不低于95%")};
    lxw_rich_string_tuple* runs[] = {&plain, &colored, nullptr};
    worksheet_write_rich_string(sheet, 0, 0, runs, nullptr);
  });
  const auto workbook = read_workbook(bytes);
  const Sheet& sheet = only_sheet(workbook);
  ASSERT_EQ(sheet.cells.size(), 1u);
  EXPECT_EQ(sheet.cells[0].text, "完成率不低于95%");
}

}  // namespace
}  // namespace targetwatch::xlsx
