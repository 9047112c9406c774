// The xlsx package, unzipped with libzip: sheets 报送 and 说明, frozen header, protection without a
// password, data validations, unlocked fill-in cells, and hostile names as string cells.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "targetwatch/template/fill_in_template.h"
#include "template_sheet.h"
#include "xlsx_package.h"

namespace targetwatch::reporting {
namespace {

using testing::day;
using testing::unzip;

class TemplateXlsx : public ::testing::Test {
 protected:
  void SetUp() override {
    auto in = testing::template_inputs();
    const Evaluation ev = evaluate(in.targets, in.actuals, day("2025-06-30"));
    auto sheet = build_template(ev, in.actuals, "375");
    ASSERT_TRUE(sheet.ok());
    sheet_ = *sheet;
    auto bytes = render_template_xlsx(sheet_);
    ASSERT_TRUE(bytes.ok()) << bytes.error().message;
    files_ = unzip(*bytes);
    ASSERT_TRUE(files_.count("xl/workbook.xml")) << "not a workbook";
    data_ = files_["xl/worksheets/sheet1.xml"];
    help_ = files_["xl/worksheets/sheet2.xml"];
    strings_ = files_["xl/sharedStrings.xml"];
  }

  // The opening tag of cell `ref` ("C9") in the 报送 sheet, and its whole element.
  std::string cell(const std::string& ref) const {
    const std::size_t at = data_.find("<c r=\"" + ref + "\"");
    if (at == std::string::npos) return "";
    const std::size_t self_closed = data_.find("/>", at);
    const std::size_t closed = data_.find("</c>", at);
    const std::size_t end = std::min(self_closed == std::string::npos ? data_.size() : self_closed,
                                     closed == std::string::npos ? data_.size() : closed);
    const std::size_t open_end = data_.find('>', at);
    return data_.substr(at, std::max(end, open_end) - at + 1);
  }

  // The cellXfs entry (style) a cell uses.
  std::string style_of(const std::string& ref) const {
    std::smatch m;
    const std::string c = cell(ref);
    if (!std::regex_search(c, m, std::regex(R"re(s="(\d+)")re"))) return "";
    const int index = std::stoi(m[1]);
    const std::string& styles = files_.at("xl/styles.xml");
    std::size_t at = styles.find("<cellXfs");
    for (int i = 0; i <= index && at != std::string::npos; ++i) at = styles.find("<xf ", at + 1);
    if (at == std::string::npos) return "";
    const std::size_t next = styles.find("<xf ", at + 1);
    const std::size_t end = std::min(next, styles.find("</cellXfs>", at));
    return styles.substr(at, end - at);
  }

  TemplateSheet sheet_;
  std::map<std::string, std::string> files_;
  std::string data_, help_, strings_;
};

TEST_F(TemplateXlsx, TwoSheets报送And说明InThatOrder) {
  const std::string& wb = files_["xl/workbook.xml"];
  const std::size_t report = wb.find("<sheet name=\"报送\"");
  const std::size_t help = wb.find("<sheet name=\"说明\"");
  ASSERT_NE(report, std::string::npos) << wb;
  ASSERT_NE(help, std::string::npos) << wb;
  EXPECT_LT(report, help);
  EXPECT_FALSE(help_.empty());
}

TEST_F(TemplateXlsx, FrozenHeaderAndProtectionWithoutPassword) {
  EXPECT_NE(data_.find("ySplit=\"1\""), std::string::npos);
  EXPECT_NE(data_.find("state=\"frozen\""), std::string::npos);
  const std::size_t at = data_.find("<sheetProtection");
  ASSERT_NE(at, std::string::npos);
  const std::string protection = data_.substr(at, data_.find("/>", at) - at);
  EXPECT_EQ(protection.find("password"), std::string::npos) << protection;
  EXPECT_NE(protection.find("sheet=\"1\""), std::string::npos) << protection;
  // Widths are set for every column.
  EXPECT_NE(data_.find("<cols>"), std::string::npos);
}

TEST_F(TemplateXlsx, HeadersAreTheTemplateColumns) {
  const std::string& columns = "ABCDEFGHIJKLMNOPQRSTUV";
  for (std::size_t i = 0; i < kColumnCount; ++i) {
    const std::string c = cell(std::string(1, columns[i]) + "1");
    EXPECT_NE(c.find("t=\"s\""), std::string::npos) << c;
  }
  EXPECT_NE(strings_.find("<t>本期实际值</t>"), std::string::npos);
  EXPECT_NE(strings_.find("<t>上次报送日期</t>"), std::string::npos);
}

TEST_F(TemplateXlsx, DropDownsAndNumberAndDateValidation) {
  ASSERT_NE(data_.find("<dataValidations count="), std::string::npos);
  for (const char* list :
       {"经费保障,制度保障,人员保障,硬件保障,其他", "确定能,有可能,完全不可能", "累计,增量",
        "是,否", "财政拨款,其他资金", "达成,部分达成,未达成", "完成,未完成"}) {
    EXPECT_NE(data_.find(list), std::string::npos) << list;
  }
  EXPECT_NE(data_.find("type=\"decimal\""), std::string::npos);
  EXPECT_NE(data_.find("type=\"date\""), std::string::npos);
  // 本期实际值 (column M): numbers on rows 2-3 (department-wide and spending), the qualitative
  // drop-down on row 5 (timeliness-1), the deadline one on row 6.
  EXPECT_NE(data_.find("sqref=\"M2:M4\""), std::string::npos);
  EXPECT_NE(data_.find("sqref=\"M5\""), std::string::npos);
  // 来源 (column P) only on the two spending rows.
  EXPECT_NE(data_.find("sqref=\"P3\""), std::string::npos);
  EXPECT_NE(data_.find("sqref=\"P9\""), std::string::npos);
}

TEST_F(TemplateXlsx, OnlyFillInCellsAreUnlocked) {
  const std::size_t rows = sheet_.rows.size();
  for (std::size_t r = 2; r <= rows + 1; ++r) {
    const std::string n = std::to_string(r);
    for (const char* ref : {"A", "C", "H", "L"}) {
      EXPECT_EQ(style_of(ref + n).find("locked=\"0\""), std::string::npos) << ref << n;
    }
    for (const char* fill : {"M", "N", "O", "Q", "R", "S", "T", "U", "V"}) {
      EXPECT_NE(style_of(fill + n).find("locked=\"0\""), std::string::npos) << fill << n;
    }
  }
  // 来源 is a fill-in only on spending rows (3 and 9).
  EXPECT_NE(style_of("P3").find("locked=\"0\""), std::string::npos);
  EXPECT_EQ(style_of("P4").find("locked=\"0\""), std::string::npos);
}

TEST_F(TemplateXlsx, DatesAndLastValuesAreNumbers) {
  // 截至日期 as a date serial: days since 1899-12-30.
  const int serial = day("2025-06-30").days_since_epoch() + 25569;
  EXPECT_NE(cell("N2").find("<v>" + std::to_string(serial) + "</v>"), std::string::npos)
      << cell("N2");
  EXPECT_EQ(cell("N2").find("t=\"s\""), std::string::npos);
  // Row 4: the cases indicator, last reported 120.
  EXPECT_NE(cell("J4").find("<v>120</v>"), std::string::npos) << cell("J4");
  // 方式 pre-filled: a string.
  EXPECT_NE(cell("O4").find("t=\"s\""), std::string::npos);
}

TEST_F(TemplateXlsx, HostileNamesAreStringsNeverFormulas) {
  for (const auto& [name, xml] : files_) {
    if (name.rfind("xl/worksheets/", 0) != 0) continue;
    EXPECT_EQ(xml.find("<f>"), std::string::npos) << name;
    EXPECT_EQ(xml.find("<f "), std::string::npos) << name;
  }
  EXPECT_NE(strings_.find("=HYPERLINK("), std::string::npos);
  EXPECT_NE(strings_.find("@SUM(A1:A9)"), std::string::npos);
  // P2's spending row (9): the project name; its indicator rows 10-14: the names.
  EXPECT_NE(cell("C9").find("t=\"s\""), std::string::npos) << cell("C9");
  for (int r = 10; r <= 14; ++r) {
    const std::string c = cell("G" + std::to_string(r));
    EXPECT_NE(c.find("t=\"s\""), std::string::npos) << c;
  }
  // A negative last value stays a number.
  EXPECT_NE(cell("J9").find("<v>-0.5</v>"), std::string::npos) << cell("J9");
}

TEST_F(TemplateXlsx, HelpSheetSaysWhereToSendIt) {
  for (const char* text : {"/upload", "inbox/375/", "财务科", "本期实际值", "撤回", "2025-06-30"}) {
    EXPECT_NE(strings_.find(text), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace targetwatch::reporting
