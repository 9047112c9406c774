// Targets from the budget system's spreadsheets: workbooks written in the test by libxlsxwriter
// (one sheet per project; several project blocks on one sheet), read back by the xlsx reader and
// imported; the same grid as CSV; placed and unplaced rows. All documents are synthetic.
#include "targetwatch/importer/spreadsheet.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "targetwatch/importer/workbook_grids.h"
#include "targetwatch/xlsx/workbook.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using test::expect_plan;
using test::find_project;

using Grid = std::vector<std::vector<std::string>>;

/// "120", "0.5": written as a number cell; "2026-09-30": as a date cell; anything else as text.
void put(lxw_worksheet* sheet, lxw_format* date_format, int row, int col, const std::string& v) {
  if (v.empty()) return;
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (v.size() == 10 && std::sscanf(v.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
    lxw_datetime date{y, m, d, 0, 0, 0};
    worksheet_write_datetime(sheet, row, col, &date, date_format);
    return;
  }
  char* end = nullptr;
  const double number = std::strtod(v.c_str(), &end);
  if (end == v.c_str() + v.size() && (v[0] >= '0' && v[0] <= '9')) {
    worksheet_write_number(sheet, row, col, number, nullptr);
  } else {
    worksheet_write_string(sheet, row, col, v.c_str(), nullptr);
  }
}

/// Writes the sheets with libxlsxwriter and returns the file's bytes.
std::string write_xlsx(const std::vector<std::pair<std::string, Grid>>& sheets) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto path = std::filesystem::temp_directory_path() /
                    ("tw-importer-" + std::to_string(getpid()) + "-" + info->name() + ".xlsx");
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_format* date_format = workbook_add_format(workbook);
  format_set_num_format(date_format, "yyyy-mm-dd");
  for (const auto& [name, grid] : sheets) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, name.c_str());
    for (std::size_t r = 0; r < grid.size(); ++r) {
      for (std::size_t c = 0; c < grid[r].size(); ++c) {
        put(sheet, date_format, static_cast<int>(r), static_cast<int>(c), grid[r][c]);
      }
    }
  }
  EXPECT_EQ(workbook_close(workbook), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

ImportResult import_xlsx(const std::string& bytes, const SheetImportOptions& options = {}) {
  auto workbook = xlsx::read_workbook(bytes);
  if (!workbook.ok()) {
    ADD_FAILURE() << workbook.error().message;
    return {};
  }
  return import_sheets(sheet_grids(*workbook), options);
}

std::string to_csv(const Grid& grid) {
  std::string out;
  for (const auto& row : grid) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out += ',';
      const std::string& v = row[c];
      if (v.find_first_of(",\"\n") == std::string::npos) {
        out += v;
        continue;
      }
      out += '"';
      for (char ch : v) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

// ---- layout 1: one sheet per project (主管部门 row, 项目资金 over three rows, 指标性质/指标方向
// columns, quarter plan) -------------------------------------------------------------------------

Grid care_sheet() {
  return {
      {"项目支出绩效目标申报表"},
      {"（2026年度）"},
      {"主管部门及代码", "[208]某某市民政局", "实施单位", "某某市养老服务中心"},
      {"项目名称", "社区养老服务补贴", "项目编码", "13100026P00000000001A"},
      {"项目资金（万元）", "年度资金总额", "120", "实施期资金总额", "360"},
      {"", "其中：财政拨款", "100"},
      {"", "其他资金", "20"},
      {"年度总体目标", "1、为社区老人提供助餐服务。2、完成服务站点建设。"},
      {"资金支出计划（%）", "一季度", "二季度", "三季度", "四季度"},
      {"", "20", "50", "80", "100"},
      {"绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标方向", "目标值", "计量单位",
       "分值"},
      {"", "产出指标", "数量指标", "助餐服务人次", "定量", "正向", "5000", "人次", "20"},
      {"", "", "质量指标", "服务投诉率", "定量", "反向", "2", "%", "10"},
      {"", "", "时效指标", "站点建成时间", "定量", "", "2026年6月30日前", "", "10"},
      {"", "效益指标", "社会效益指标", "老人生活质量", "定性", "", "明显改善", "", "20"},
      {"", "满意度指标", "服务对象满意度指标", "老人满意度", "定量", "正向", "90", "%", "10"},
  };
}

Grid it_sheet() {
  // Amounts in 元 (converted to the department's 万元), a twelve-month plan, one 指标值 cell
  // holding comparator, value and unit.
  Grid g = {
      {"项目支出绩效目标申报表"},
      {"项目名称", "民政信息系统运维", "", ""},
      {"项目编码", "13100026P00000000002B", "", ""},
      {"项目资金（元）", "年度资金总额", "500000"},
      {"", "其中：财政拨款", "500000"},
      {"年度绩效目标", "保障系统全年稳定运行"},
      {"资金支出计划（%）", "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月",
       "11月", "12月"},
      {"", "5", "10", "15", "25", "30", "40", "50", "60", "70", "80", "90", "100"},
      {"一级指标", "二级指标", "三级指标", "指标值"},
      {"产出指标", "质量指标", "系统可用率", "≥99.5%"},
      {"", "时效指标", "故障响应时间", "不超过2小时"},
      {"", "成本指标", "运维成本", "≤50万元"},
      {"满意度指标", "服务对象满意度指标", "用户满意度", "95%以上"},
  };
  return g;
}

void expect_care_project(const Department& d) {
  const Project* p = find_project(d, "13100026P00000000001A");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "社区养老服务补贴");
  EXPECT_DOUBLE_EQ(p->budget, 120);  // the 实施期 total beside it is not the year's budget
  EXPECT_DOUBLE_EQ(p->fiscal_funds, 100);
  EXPECT_DOUBLE_EQ(p->other_funds, 20);
  ASSERT_EQ(p->goals.size(), 2u);
  EXPECT_EQ(p->goals[1], "完成服务站点建设。");
  expect_plan(*p, 2026, {{3, 31, 0.2}, {6, 30, 0.5}, {9, 30, 0.8}, {12, 31, 1.0}});
  ASSERT_EQ(p->indicators.size(), 5u);
  const auto& ind = p->indicators;
  EXPECT_EQ(ind[0].name, "助餐服务人次");
  EXPECT_EQ(ind[0].comparator, Comparator::kGreaterEqual);  // 正向
  EXPECT_EQ(ind[0].target, 5000);
  EXPECT_EQ(ind[0].unit, "人次");
  EXPECT_EQ(ind[1].comparator, Comparator::kLessEqual);  // 反向
  EXPECT_EQ(ind[1].target, 2);
  EXPECT_EQ(ind[1].unit, "%");
  EXPECT_EQ(ind[1].level1, "产出指标");  // carried down from the row above
  EXPECT_EQ(ind[2].comparator, Comparator::kDeadline);
  EXPECT_EQ(ind[2].deadline, Date::from_ymd(2026, 6, 30));
  EXPECT_EQ(ind[3].comparator, Comparator::kQualitative);  // 定性
  EXPECT_EQ(ind[3].expected, "明显改善");
  EXPECT_EQ(ind[4].comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(ind[4].id, "satisfaction-1");
}

TEST(Spreadsheet, OneSheetPerProject) {
  const std::string bytes = write_xlsx({{"养老服务", care_sheet()}, {"信息化", it_sheet()}});
  const ImportResult r = import_xlsx(bytes);
  EXPECT_TRUE(r.complete()) << format_import_report(r, "book.xlsx");
  EXPECT_TRUE(r.uncertain.empty()) << format_import_report(r, "book.xlsx");
  EXPECT_EQ(r.department.code, "208");
  EXPECT_EQ(r.department.name, "某某市民政局");
  EXPECT_EQ(r.department.fiscal_year, 2026);
  EXPECT_EQ(r.department.amount_unit, "万元");
  ASSERT_EQ(r.department.projects.size(), 2u);
  expect_care_project(r.department);

  const Project* it = find_project(r.department, "13100026P00000000002B");
  ASSERT_NE(it, nullptr);
  EXPECT_DOUBLE_EQ(it->budget, 50);  // 500000 元
  EXPECT_DOUBLE_EQ(it->fiscal_funds, 50);
  ASSERT_EQ(it->spending_plan.size(), 12u);
  EXPECT_EQ(it->spending_plan[1].by, Date::from_ymd(2026, 2, 28));
  EXPECT_DOUBLE_EQ(it->spending_plan[1].share, 0.10);
  EXPECT_DOUBLE_EQ(it->spending_plan[11].share, 1.0);
  ASSERT_EQ(it->indicators.size(), 4u);
  EXPECT_EQ(it->indicators[0].comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(it->indicators[0].target, 99.5);
  EXPECT_EQ(it->indicators[1].comparator, Comparator::kLessEqual);
  EXPECT_EQ(it->indicators[1].unit, "小时");
  EXPECT_EQ(it->indicators[2].unit, "万元");
  EXPECT_EQ(it->indicators[3].comparator, Comparator::kGreaterEqual);

  EXPECT_EQ(r.counts.projects, 2);
  EXPECT_EQ(r.counts.project_indicators, 9);
  EXPECT_EQ(r.counts.checkpoints, 16);
  EXPECT_EQ(r.counts.lines, static_cast<int>(care_sheet().size() + it_sheet().size()));
}

// ---- layout 2: several project blocks on one sheet (部门 and 预算年度 at the top, 预算金额 on one
// row, 符号/值/单位 columns, month-end plans, dates as date cells) --------------------------------

Grid blocks_sheet() {
  return {
      {"部门：315 某某县农业农村局"},
      {"预算年度：2025", "", "单位：万元"},
      {},
      {"项目绩效目标表"},
      {"项目名称", "高标准农田建设", "", "", ""},
      {"项目编码", "P2025-NY-001", "", "", ""},
      {"预算金额（万元）", "300", "其中：财政资金", "280", "其他资金", "20"},
      {"年度绩效目标", "新建高标准农田5000亩"},
      {"资金支出计划（%）", "3月底", "6月底", "9月底", "11月底", "12月底"},
      {"", "10%", "40%", "70%", "90%", "100%"},
      {"一级指标", "二级指标", "三级指标", "符号", "值", "单位", "指标值确定依据"},
      {"产出指标", "数量指标", "新建农田面积", "≥", "5000", "亩", "计划"},
      {"", "时效指标", "完工时间", "", "2025-10-31", "", "合同"},
      {"", "成本指标", "亩均投资", "不高于", "600", "元/亩", "标准"},
      {},
      {"项目绩效目标表"},
      {"项目名称", "农机购置补贴", "项目编码", "P2025-NY-002"},
      {"预算金额（万元）", "80", "其中：财政资金", "80", "其他资金", "0"},
      {"年度绩效目标", "补贴农机具不少于200台套"},
      {"资金支出计划（%）", "上半年", "下半年"},
      {"", "50", "100"},
      {"一级指标", "二级指标", "三级指标", "符号", "值", "单位", "指标值确定依据"},
      {"产出指标", "数量指标", "补贴农机具数量", "至少", "200", "台套", "计划"},
      {"效益指标", "社会效益指标", "安全事故", "=", "0", "起", "要求"},
      {"注：本表由预算管理一体化系统导出。"},
  };
}

TEST(Spreadsheet, ManyBlocksOnOneSheet) {
  const Grid grid = blocks_sheet();
  const ImportResult r = import_xlsx(write_xlsx({{"项目绩效目标", grid}}));
  EXPECT_TRUE(r.complete()) << format_import_report(r, "book.xlsx");
  EXPECT_TRUE(r.uncertain.empty()) << format_import_report(r, "book.xlsx");
  EXPECT_EQ(r.department.code, "315");
  EXPECT_EQ(r.department.name, "某某县农业农村局");
  EXPECT_EQ(r.department.fiscal_year, 2025);
  ASSERT_EQ(r.department.projects.size(), 2u);

  const Project& farm = r.department.projects[0];
  EXPECT_EQ(farm.code, "P2025-NY-001");
  EXPECT_DOUBLE_EQ(farm.budget, 300);
  EXPECT_DOUBLE_EQ(farm.other_funds, 20);
  expect_plan(farm, 2025, {{3, 31, 0.1}, {6, 30, 0.4}, {9, 30, 0.7}, {11, 30, 0.9}, {12, 31, 1.0}});
  ASSERT_EQ(farm.indicators.size(), 3u);
  EXPECT_EQ(farm.indicators[0].comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(farm.indicators[0].unit, "亩");
  EXPECT_EQ(farm.indicators[1].comparator, Comparator::kDeadline);  // a date cell
  EXPECT_EQ(farm.indicators[1].deadline, Date::from_ymd(2025, 10, 31));
  EXPECT_EQ(farm.indicators[2].comparator, Comparator::kLessEqual);  // 不高于 in the 符号 cell
  EXPECT_EQ(farm.indicators[2].unit, "元/亩");

  const Project& machines = r.department.projects[1];
  EXPECT_EQ(machines.name, "农机购置补贴");
  expect_plan(machines, 2025, {{6, 30, 0.5}, {12, 31, 1.0}});
  ASSERT_EQ(machines.indicators.size(), 2u);
  EXPECT_EQ(machines.indicators[0].comparator, Comparator::kGreaterEqual);  // 至少
  EXPECT_EQ(machines.indicators[0].unit, "台套");
  EXPECT_EQ(machines.indicators[1].target, 0);
  EXPECT_EQ(machines.indicators[1].unit, "起");
}

TEST(Spreadsheet, CsvGivesTheSameTargetsAsTheWorkbook) {
  const Grid grid = blocks_sheet();
  const ImportResult from_xlsx = import_xlsx(write_xlsx({{"项目绩效目标", grid}}));
  auto csv = parse_csv_grid(to_csv(grid));
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  const ImportResult from_csv = import_sheets({*csv});
  EXPECT_TRUE(from_csv.complete()) << format_import_report(from_csv, "targets.csv");
  EXPECT_EQ(from_csv.department, from_xlsx.department);
  EXPECT_EQ(from_csv.counts, from_xlsx.counts);
}

TEST(Spreadsheet, UnplacedRowsAreNamedBySheetAndRow) {
  Grid grid = blocks_sheet();
  grid.insert(grid.begin() + 2, {"说明", "本表由系统导出"});     // row 3, above any block
  grid.push_back({"", "", "", "", "", "", "", "多出来的一格"});  // beyond the indicator columns
  const ImportResult r = import_xlsx(write_xlsx({{"项目绩效目标", grid}}));
  ASSERT_EQ(r.unplaced.size(), 2u) << format_import_report(r, "book.xlsx");
  EXPECT_EQ(r.unplaced[0].place, "项目绩效目标!3");
  EXPECT_EQ(r.unplaced[0].line, 3);
  EXPECT_EQ(r.unplaced[0].text, "说明 | 本表由系统导出");
  EXPECT_EQ(r.unplaced[1].place, "项目绩效目标!" + std::to_string(grid.size()));
  const std::string report = format_import_report(r, "book.xlsx");
  EXPECT_NE(report.find("book.xlsx:项目绩效目标!3: \"说明 | 本表由系统导出\""), std::string::npos)
      << report;
  EXPECT_FALSE(r.complete());
  // Everything else is still read.
  EXPECT_EQ(r.department.projects.size(), 2u);
}

TEST(Spreadsheet, CsvRowsAreNamedByLine) {
  auto csv = parse_csv_grid("部门：315 某某县农业农村局\n预算年度：2025\n无关的一行,x\n");
  ASSERT_TRUE(csv.ok());
  const ImportResult r = import_sheets({*csv});
  ASSERT_EQ(r.unplaced.size(), 1u) << format_import_report(r, "t.csv");
  EXPECT_EQ(r.unplaced[0].line, 3);
  EXPECT_EQ(r.unplaced[0].place, "");
}

TEST(Spreadsheet, OptionsGiveWhatTheSheetsDoNotSay) {
  Grid grid = it_sheet();
  ImportResult r = import_sheets({{"信息化", grid}});
  EXPECT_FALSE(r.complete());  // neither department nor year printed
  ASSERT_GE(r.unplaced.size(), 2u) << format_import_report(r, "book.xlsx");
  // Without a year the month labels are no dates either; the essentials are reported last.
  const std::size_t n = r.unplaced.size();
  EXPECT_NE(r.unplaced[n - 2].reason.find("no department"), std::string::npos);
  EXPECT_NE(r.unplaced[n - 1].reason.find("no fiscal year"), std::string::npos);

  SheetImportOptions options;
  options.department_code = "208";
  options.department_name = "某某市民政局";
  options.fiscal_year = 2027;
  r = import_sheets({{"信息化", grid}}, options);
  EXPECT_TRUE(r.complete()) << format_import_report(r, "book.xlsx");
  EXPECT_EQ(r.department.fiscal_year, 2027);
  ASSERT_EQ(r.department.projects.size(), 1u);
  EXPECT_EQ(r.department.projects[0].spending_plan.back().by, Date::from_ymd(2027, 12, 31));
  // The amount unit comes from the only label that prints one: 元.
  EXPECT_EQ(r.department.amount_unit, "元");
  EXPECT_DOUBLE_EQ(r.department.projects[0].budget, 500000);
}

TEST(Spreadsheet, DepartmentWideSheet) {
  // A sheet of department-wide indicators beside the projects: known by its title, or by its
  // 部门 level names without one.
  const Grid whole = {
      {"部门整体支出绩效目标表"},
      {"一级指标", "二级指标", "三级指标", "指标值"},
      {"产出指标", "数量指标", "养老机构检查次数", "≥4次"},
      {"满意度指标", "满意度指标", "群众满意度", "≥90%"},
  };
  const Grid untitled = {
      {"一级指标", "二级指标", "三级指标", "指标值"},
      {"部门产出", "数量", "救助人次", "不少于3000人次"},
  };
  for (const Grid& sheet : {whole, untitled}) {
    const ImportResult r = import_xlsx(write_xlsx({{"养老服务", care_sheet()}, {"整体", sheet}}));
    EXPECT_TRUE(r.complete()) << format_import_report(r, "book.xlsx");
    EXPECT_EQ(r.department.indicators.size(), sheet.size() - (sheet == whole ? 2 : 1));
    EXPECT_EQ(r.department.projects.size(), 1u);
    EXPECT_EQ(r.counts.department_indicators, static_cast<int>(r.department.indicators.size()));
  }
  // The same table of 产出指标 rows without a title is refused.
  Grid plain = whole;
  plain.erase(plain.begin());
  const ImportResult r = import_xlsx(write_xlsx({{"整体", plain}}));
  EXPECT_TRUE(r.department.indicators.empty());
  EXPECT_EQ(r.unplaced.size(), 3u + 2u) << format_import_report(r, "book.xlsx");  // + essentials
}

TEST(Spreadsheet, DepartmentAsTheBudgetSystemPrintsIt) {
  struct Form {
    Grid head;
    std::string code, name;
  };
  const Form forms[] = {
      {{{"主管部门及代码", "[208]某某市民政局"}}, "208", "某某市民政局"},
      {{{"主管部门", "【208】某某市民政局"}}, "208", "某某市民政局"},
      {{{"预算部门", "208-某某市民政局"}}, "208", "某某市民政局"},
      {{{"部门名称", "208 某某市民政局"}}, "208", "某某市民政局"},
      {{{"部门：208 某某市民政局"}}, "208", "某某市民政局"},
      {{{"预算单位：208 某某市民政局", "预算年度：2026"}}, "208", "某某市民政局"},
      {{{"主管部门", "某某市民政局"}}, "", "某某市民政局"},  // no code: reported
  };
  for (const auto& form : forms) {
    Grid grid = form.head;
    for (auto& row : it_sheet()) grid.push_back(row);
    SheetImportOptions options;
    options.fiscal_year = 2026;
    const ImportResult r = import_sheets({{"信息化", grid}}, options);
    SCOPED_TRACE(form.head[0][0]);
    EXPECT_EQ(r.department.code, form.code);
    EXPECT_EQ(r.department.name, form.name);
    EXPECT_EQ(r.complete(), !form.code.empty()) << format_import_report(r, "book.xlsx");
  }
}

TEST(Spreadsheet, PlanSharesStoredAsFractions) {
  // Excel keeps "25%" as the number 0.25 under a percent format: read as fractions, and said so.
  Grid grid = blocks_sheet();
  grid.resize(15);  // the first block only
  grid[9] = {"", "0.1", "0.4", "0.7", "0.9", "1"};
  const ImportResult r = import_xlsx(write_xlsx({{"项目绩效目标", grid}}));
  EXPECT_TRUE(r.complete()) << format_import_report(r, "book.xlsx");
  ASSERT_EQ(r.department.projects.size(), 1u);
  expect_plan(r.department.projects[0], 2025,
              {{3, 31, 0.1}, {6, 30, 0.4}, {9, 30, 0.7}, {11, 30, 0.9}, {12, 31, 1.0}});
  ASSERT_EQ(r.warnings.size(), 1u) << format_import_report(r, "book.xlsx");
  EXPECT_EQ(r.warnings[0].place, "项目绩效目标!10");
  EXPECT_NE(r.warnings[0].reason.find("fractions"), std::string::npos);
}

TEST(Spreadsheet, CsvQuotingAndErrors) {
  auto grid = parse_csv_grid(
      "\xEF\xBB\xBF"
      "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,\n");
  ASSERT_TRUE(grid.ok());
  ASSERT_EQ(grid->rows.size(), 2u);
  EXPECT_EQ(grid->rows[0], (std::vector<std::string>{"a", "b,c", "say \"hi\""}));
  EXPECT_EQ(grid->rows[1], (std::vector<std::string>{"two\nlines", "", ""}));
  auto bad = parse_csv_grid("a,b\n\"open,c\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("line 2"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace targetwatch
