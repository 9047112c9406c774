// The template's rows (order, targets as printed, expected-to-date, last reported figures), its
// CSV bytes (BOM, CRLF, formula guard), file names and errors.
#include <gtest/gtest.h>

#include <stdexcept>

#include "targetwatch/report/csv.h"
#include "targetwatch/template/fill_in_template.h"
#include "template_sheet.h"

namespace targetwatch::reporting {
namespace {

using testing::day;
using testing::hostile_names;
using testing::template_inputs;

constexpr char kLegal[] = "13100025P00041210001X";

TemplateSheet sheet_at(const char* as_of) {
  auto in = template_inputs();
  const Evaluation ev = evaluate(in.targets, in.actuals, day(as_of));
  auto sheet = build_template(ev, in.actuals, "375");
  EXPECT_TRUE(sheet.ok());
  return sheet.ok() ? *sheet : TemplateSheet{};
}

const TemplateRow& row_of(const TemplateSheet& s, std::string_view project, std::string_view id) {
  for (const TemplateRow& r : s.rows) {
    if (r.project_code == project && r.indicator_id == id) return r;
  }
  throw std::runtime_error("no row " + std::string(project) + "/" + std::string(id));
}

std::string column_text(const std::array<std::string, kColumnCount>& t, Column c) {
  return t[static_cast<std::size_t>(c)];
}

TEST(TemplateRows, DepartmentWideFirstThenEachProjectWithItsSpendingRow) {
  const TemplateSheet s = sheet_at("2025-06-30");
  std::vector<std::string> keys;
  for (const TemplateRow& r : s.rows) keys.push_back(r.project_code + "/" + r.indicator_id);
  const std::vector<std::string> want{"/quantity-1",
                                      std::string(kLegal) + "/spending",
                                      std::string(kLegal) + "/quantity-1",
                                      std::string(kLegal) + "/timeliness-1",
                                      std::string(kLegal) + "/timeliness-2",
                                      std::string(kLegal) + "/satisfaction-1",
                                      std::string(kLegal) + "/quantity-2",
                                      "P2/spending",
                                      "P2/quality-1",
                                      "P2/quality-2",
                                      "P2/quality-3",
                                      "P2/quality-4",
                                      "P2/quality-5"};
  EXPECT_EQ(keys, want);
  EXPECT_EQ(s.department_code, "375");
  EXPECT_EQ(s.as_of, day("2025-06-30"));
  EXPECT_EQ(s.rows[0].project_name, "");  // a name would make ingest look for a project
  EXPECT_EQ(s.rows[1].kind, RowKind::kSpending);
  EXPECT_EQ(s.rows[1].name, "资金支出");
  EXPECT_EQ(s.rows[1].project_name, "法律援助办案补贴");
}

TEST(TemplateRows, TargetsArePrintedLikeTheReview) {
  const TemplateSheet s = sheet_at("2025-06-30");
  EXPECT_EQ(row_of(s, "", "quantity-1").target_text, "≥1次");
  EXPECT_EQ(row_of(s, kLegal, "quantity-1").target_text, "≥350件");
  EXPECT_EQ(row_of(s, kLegal, "timeliness-1").target_text, "及时");
  EXPECT_EQ(row_of(s, kLegal, "timeliness-2").target_text, "2025-07-31前完成");
  EXPECT_EQ(row_of(s, kLegal, "satisfaction-1").target_text, "≥95%");
  EXPECT_EQ(row_of(s, "P2", "quality-1").target_text, "≤5件");
  EXPECT_EQ(row_of(s, kLegal, "spending").target_text, "68万元");
  EXPECT_EQ(row_of(s, kLegal, "spending").unit, "万元");
  EXPECT_EQ(row_of(s, kLegal, "quantity-1").unit, "件");
  EXPECT_EQ(row_of(s, kLegal, "timeliness-1").value_kind, ValueKind::kQualitative);
  EXPECT_EQ(row_of(s, kLegal, "timeliness-2").value_kind, ValueKind::kDeadline);
  EXPECT_EQ(row_of(s, kLegal, "quantity-1").value_kind, ValueKind::kNumber);
}

TEST(TemplateRows, ExpectedProgressAtTheTemplateDate) {
  const TemplateSheet s = sheet_at("2025-06-30");
  // Linear pace: 350 x 181/365 = 173.5616... -> 2 decimals.
  EXPECT_EQ(row_of(s, kLegal, "quantity-1").expected_text, "173.56件");
  // Point in time, qualitative, deadline: the target itself.
  EXPECT_EQ(row_of(s, kLegal, "satisfaction-1").expected_text, "≥95%");
  EXPECT_EQ(row_of(s, kLegal, "timeliness-1").expected_text, "及时");
  EXPECT_EQ(row_of(s, kLegal, "timeliness-2").expected_text, "2025-07-31前完成");
  EXPECT_EQ(row_of(s, kLegal, "quantity-2").expected_text, "年底达到 ≥10个");
  // Spending: the plan's 60% at the end of June, of a budget of 68.
  EXPECT_EQ(row_of(s, kLegal, "spending").expected_text, "60%（40.8万元）");
  // Between checkpoints the share is interpolated by days: at Aug 31, 60% + 30% x 62/123.
  const TemplateSheet later = sheet_at("2025-08-31");
  EXPECT_EQ(row_of(later, kLegal, "spending").expected_text, "75.12%（51.08万元）");
  EXPECT_EQ(row_of(later, kLegal, "quantity-1").expected_text, "233.01件");  // 350 x 243/365
}

TEST(TemplateRows, LastReportedFigureUpToTheTemplateDate) {
  const TemplateSheet s = sheet_at("2025-06-30");
  const TemplateRow& cases = row_of(s, kLegal, "quantity-1");
  ASSERT_TRUE(cases.last_value.has_value());
  EXPECT_DOUBLE_EQ(*cases.last_value, 120);  // 90 + the increment of 30, not 30
  EXPECT_EQ(cases.last_value_text, "120");
  EXPECT_EQ(cases.last_date, day("2025-06-30"));
  const TemplateRow& timely = row_of(s, kLegal, "timeliness-1");
  EXPECT_FALSE(timely.last_value.has_value());
  EXPECT_EQ(timely.last_value_text, "达成");
  EXPECT_EQ(timely.last_date, day("2025-06-15"));
  const TemplateRow& spent = row_of(s, kLegal, "spending");
  EXPECT_EQ(spent.last_value_text, "23.1");
  EXPECT_EQ(row_of(s, "", "quantity-1").last_date, day("2025-05-20"));
  const TemplateRow& none = row_of(s, kLegal, "satisfaction-1");
  EXPECT_FALSE(none.last_value.has_value());
  EXPECT_EQ(none.last_value_text, "");
  EXPECT_FALSE(none.last_date.has_value());
  // A month later the July figure is the last one.
  const TemplateSheet later = sheet_at("2025-07-31");
  EXPECT_EQ(row_of(later, kLegal, "quantity-1").last_value_text, "150");
  EXPECT_EQ(row_of(later, kLegal, "quantity-1").last_date, day("2025-07-15"));
}

TEST(TemplateRows, SumsOfIncrementsPrintAsReported) {
  auto in = template_inputs();
  const ActualsIndex actuals(
      {testing::record("P2", "spending", 0.1, "2025-05-31"),
       testing::record("P2", "spending", 0.2, "2025-06-30", RecordMode::kIncrement)});
  const Evaluation ev = evaluate(in.targets, actuals, day("2025-06-30"));
  auto sheet = build_template(ev, actuals, "375");
  ASSERT_TRUE(sheet.ok());
  const TemplateRow& spent = row_of(*sheet, "P2", "spending");
  ASSERT_TRUE(spent.last_value.has_value());
  EXPECT_NE(*spent.last_value, 0.3);  // 0.30000000000000004: the noise is real
  EXPECT_EQ(spent.last_value_text, "0.3");
}

TEST(TemplateRows, FillInCellsStartWithTheDateAndCumulative) {
  const TemplateSheet s = sheet_at("2025-06-30");
  const auto t = row_texts(s, row_of(s, kLegal, "quantity-1"));
  EXPECT_EQ(column_text(t, Column::kDepartment), "375");
  EXPECT_EQ(column_text(t, Column::kAsOf), "2025-06-30");
  EXPECT_EQ(column_text(t, Column::kMode), "累计");
  EXPECT_EQ(column_text(t, Column::kLastDate), "2025-06-30");
  for (Column c : {Column::kValue, Column::kFund, Column::kCause, Column::kLikelihood,
                   Column::kForecast, Column::kMeasure, Column::kNote, Column::kRetract}) {
    EXPECT_EQ(column_text(t, c), "") << static_cast<int>(c);
  }
}

TEST(TemplateRows, UnknownDepartmentIsAnError) {
  auto in = template_inputs();
  const Evaluation ev = evaluate(in.targets, in.actuals, day("2025-06-30"));
  auto sheet = build_template(ev, in.actuals, "999");
  ASSERT_FALSE(sheet.ok());
  EXPECT_NE(sheet.error().message.find("999"), std::string::npos);
  EXPECT_FALSE(
      render_template(ev, in.actuals, "999", day("2025-06-30"), TemplateFormat::kCsv).ok());
}

TEST(TemplateColumns, HeadersInOrderAndFillInFromTheActualValueOn) {
  std::vector<std::string_view> headers;
  std::vector<std::string_view> fill_in;
  for (const TemplateColumn& c : template_columns()) {
    headers.push_back(c.header);
    if (c.fill_in) fill_in.push_back(c.header);
  }
  const std::vector<std::string_view> want{
      "部门编码",   "项目编码", "项目名称", "指标编号",   "一级指标",     "二级指标",
      "指标名称",   "指标值",   "单位",     "上次报送值", "上次报送日期", "应达进度",
      "本期实际值", "截至日期", "方式",     "来源",       "偏差原因",     "完成可能性",
      "预计全年值", "整改措施", "备注",     "撤回"};
  EXPECT_EQ(headers, want);
  const std::vector<std::string_view> want_fill{
      "本期实际值", "截至日期",   "方式",     "来源", "偏差原因",
      "完成可能性", "预计全年值", "整改措施", "备注", "撤回"};
  EXPECT_EQ(fill_in, want_fill);
}

TEST(DefaultTemplateDate, EndOfThePreviousMonth) {
  EXPECT_EQ(default_template_date(day("2025-09-15")), day("2025-08-31"));
  EXPECT_EQ(default_template_date(day("2025-09-01")), day("2025-08-31"));
  EXPECT_EQ(default_template_date(day("2025-08-31")), day("2025-07-31"));
  EXPECT_EQ(default_template_date(day("2025-03-31")), day("2025-02-28"));
  EXPECT_EQ(default_template_date(day("2024-03-01")), day("2024-02-29"));
  EXPECT_EQ(default_template_date(day("2026-01-10")), day("2025-12-31"));
}

TEST(CsvCell, FormulaLikeTextGetsAnApostropheNumbersDoNot) {
  EXPECT_EQ(csv_cell("=1+1"), "'=1+1");
  EXPECT_EQ(csv_cell("+1 件"), "'+1 件");
  EXPECT_EQ(csv_cell("-2+3"), "'-2+3");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("\tx"), "'\tx");
  EXPECT_EQ(csv_cell("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_cell("-12.5"), "-12.5");
  EXPECT_EQ(csv_cell("-3e-05"), "-3e-05");
  EXPECT_EQ(csv_cell("+12"), "'+12");  // not how numbers are written: text
  EXPECT_EQ(csv_cell("普通文字"), "普通文字");
  EXPECT_EQ(csv_cell(""), "");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("说\"明\""), "\"说\"\"明\"\"\"");
  EXPECT_EQ(csv_cell("=A1,\"x\""), "\"'=A1,\"\"x\"\"\"");
  EXPECT_EQ(csv_cell("两\n行"), "\"两\n行\"");
}

// The CSV's records split on CRLF outside quotes.
std::vector<std::string> csv_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      lines.push_back(cur);
      cur.clear();
      ++i;
      continue;
    }
    cur += c;
  }
  EXPECT_EQ(cur, "") << "the last line ends with CRLF";
  return lines;
}

TEST(TemplateCsv, BomCrlfChineseHeadersAndOneLinePerRow) {
  const TemplateSheet s = sheet_at("2025-06-30");
  const std::string csv = render_template_csv(s);
  ASSERT_GE(csv.size(), 3u);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  // Every LF outside quoted cells belongs to a CRLF.
  bool quoted = false;
  for (std::size_t i = 3; i < csv.size(); ++i) {
    if (csv[i] == '"') quoted = !quoted;
    if (!quoted && csv[i] == '\n') {
      EXPECT_EQ(csv[i - 1], '\r') << "at byte " << i;
    }
  }
  const auto lines = csv_lines(std::string_view(csv).substr(3));
  ASSERT_EQ(lines.size(), s.rows.size() + 1);
  std::string header;
  for (const TemplateColumn& c : template_columns()) {
    header += (header.empty() ? "" : ",") + std::string(c.header);
  }
  EXPECT_EQ(lines[0], header);
  EXPECT_EQ(lines[3],
            "375,13100025P00041210001X,法律援助办案补贴,quantity-1,产出指标,数量指标,"
            "法律援助案件受理数,≥350件,件,120,2025-06-30,173.56件,,2025-06-30,累计,,,,,,,");
}

TEST(TemplateCsv, HostileNamesAreTextNotFormulas) {
  const TemplateSheet s = sheet_at("2025-06-30");
  const std::string csv = render_template_csv(s);
  const auto lines = csv_lines(std::string_view(csv).substr(3));
  // P2's spending row: the project name is the HYPERLINK formula, quoted and disarmed.
  const std::string& spending = lines[8];
  EXPECT_EQ(spending.rfind("375,P2,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\","
                           "spending,",
                           0),
            0u)
      << spending;
  // The last reported spending was negative: a genuine number keeps its sign unescaped.
  EXPECT_NE(spending.find(",-0.5,2025-06-01,"), std::string::npos) << spending;
  EXPECT_NE(lines[9].find(",'+1 件,"), std::string::npos) << lines[9];
  EXPECT_NE(lines[10].find(",'-2+3,"), std::string::npos) << lines[10];
  EXPECT_NE(lines[11].find(",'@SUM(A1:A9),"), std::string::npos) << lines[11];
  EXPECT_NE(lines[12].find(",'\t制表开头,"), std::string::npos) << lines[12];
  EXPECT_NE(lines[13].find(",\"'\r回车开头\","), std::string::npos) << lines[13];
  // No cell of the whole file starts with a formula character unless it is a number.
  for (std::size_t i = 1; i < lines.size(); ++i) {
    for (const char* bad : {",=", ",+", ",@", ",\t", ",\"=", ",\"+", ",\"@", ",\"\r"}) {
      EXPECT_EQ(lines[i].find(bad), std::string::npos) << bad << " in line " << i;
    }
  }
}

TEST(RenderTemplate, FileNamesMediaTypeAndDisposition) {
  auto in = template_inputs();
  const Evaluation ev = evaluate(in.targets, in.actuals, day("2025-08-31"));
  auto csv = render_template(ev, in.actuals, "375", day("2025-08-31"), TemplateFormat::kCsv);
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  EXPECT_EQ(csv->media_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv->file_name, "报送模板-375-2025-08-31.csv");
  EXPECT_EQ(csv->ascii_file_name, "targetwatch-template-375-2025-08-31.csv");
  EXPECT_EQ(csv->content_disposition,
            "attachment; filename=\"targetwatch-template-375-2025-08-31.csv\"; "
            "filename*=UTF-8''%E6%8A%A5%E9%80%81%E6%A8%A1%E6%9D%BF-375-2025-08-31.csv");
  EXPECT_EQ(csv->bytes, render_template_csv(*build_template(ev, in.actuals, "375")));

  auto xlsx = render_template(ev, in.actuals, "375", day("2025-08-31"), TemplateFormat::kXlsx);
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().message;
  EXPECT_EQ(xlsx->media_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx->file_name, "报送模板-375-2025-08-31.xlsx");
  EXPECT_EQ(xlsx->bytes.substr(0, 2), "PK");
}

TEST(RenderTemplate, TheEvaluationMustBeAtTheTemplateDate) {
  auto in = template_inputs();
  const Evaluation ev = evaluate(in.targets, in.actuals, day("2025-08-31"));
  auto r = render_template(ev, in.actuals, "375", day("2025-07-31"), TemplateFormat::kCsv);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("2025-07-31"), std::string::npos);
}

TEST(TemplateFormatNames, ParseAndPrint) {
  EXPECT_EQ(parse_template_format("xlsx"), TemplateFormat::kXlsx);
  EXPECT_EQ(parse_template_format("CSV"), TemplateFormat::kCsv);
  EXPECT_FALSE(parse_template_format("xls").has_value());
  EXPECT_EQ(to_string(TemplateFormat::kCsv), "csv");
  EXPECT_EQ(file_extension(TemplateFormat::kXlsx), ".xlsx");
}

}  // namespace
}  // namespace targetwatch::reporting
