// read_workbook on archives built by hand: the XML variants other writers produce (inline strings,
// str formulas, cells without r, prefixes, 1904 dates, escapes) and the errors for broken files.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "targetwatch/xlsx/workbook.h"
#include "zip_builder.h"

namespace targetwatch::xlsx {
namespace {

using testing::build_zip;
using testing::SheetPart;
using testing::workbook_parts;

Result<Workbook> read_parts(const std::vector<testing::ZipEntry>& parts,
                            const Limits& limits = {}) {
  return read_workbook(build_zip(parts), limits);
}

Sheet read_one_sheet(const std::string& sheet_data, const std::string& shared = "",
                     const std::string& styles = "", const std::string& workbook_pr = "") {
  const auto workbook =
      read_parts(workbook_parts({{"Sheet1", sheet_data}}, shared, styles, workbook_pr));
  if (!workbook.ok()) {
    ADD_FAILURE() << workbook.error().message;
    return {};
  }
  return workbook->sheets.at(0);
}

std::string error_of(const Result<Workbook>& workbook) {
  return workbook.ok() ? "(no error)" : workbook.error().message;
}

TEST(xlsx, InlineStringsJoinRunsAndSkipPhonetics) {
  const Sheet sheet = read_one_sheet(
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>内联文本</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><r><rPr><b/></rPr><t>预算</t></r><r><t "
      "xml:space=\"preserve\">"
      " 执行</t></r><rPh sb=\"0\" eb=\"2\"><t>よさん</t></rPh></is></c>"
      "<c r=\"C1\" t=\"inlineStr\"/></row>");
  ASSERT_EQ(sheet.cells.size(), 2u);
  EXPECT_EQ(sheet.find(1, 1)->text, "内联文本");
  EXPECT_EQ(sheet.find(1, 2)->text, "预算 执行");
  EXPECT_EQ(sheet.find(1, 3), nullptr);
}

TEST(xlsx, SharedStringsWithRichRunsPhoneticsEntitiesAndEscapes) {
  const Sheet sheet = read_one_sheet(
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
      "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>",
      "<si><t>a &lt; b &amp;&#x4E2D;&#25991;</t></si>"
      "<si><r><t>富</t></r><r><rPr><i/></rPr><t>文本</t></r><rPh><t>ふ</t></rPh></si>"
      "<si><t>line_x000D__x000A_two_x005F_x0041_</t></si>"
      "<si><t>emoji _xD83D__xDE00_ lone _xD800_ not_x12_</t></si>");
  EXPECT_EQ(sheet.find(1, 1)->text, "a < b &中文");
  EXPECT_EQ(sheet.find(1, 2)->text, "富文本");
  EXPECT_EQ(sheet.find(1, 3)->text, "line\r\ntwo_x0041_");
  EXPECT_EQ(sheet.find(1, 4)->text, "emoji \xF0\x9F\x98\x80 lone \xEF\xBF\xBD not_x12_");
}

TEST(xlsx, StrFormulaResultsErrorsAndUncalculatedFormulas) {
  const Sheet sheet = read_one_sheet(
      "<row r=\"2\"><c r=\"A2\" t=\"str\"><f>B2&amp;\"元\"</f><v>5元</v></c>"
      "<c r=\"B2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c><c r=\"C2\" t=\"e\"><v>#N/A</v></c>"
      "<c r=\"D2\"><f>SUM(A1:A3)</f></c><c r=\"E2\"><f>1+1</f><v>2</v></c></row>");
  ASSERT_EQ(sheet.cells.size(), 4u);
  EXPECT_EQ(sheet.find(2, 1)->kind, CellKind::kString);
  EXPECT_EQ(sheet.find(2, 1)->text, "5元");
  EXPECT_EQ(sheet.find(2, 2)->kind, CellKind::kError);
  EXPECT_EQ(sheet.find(2, 2)->text, "#DIV/0!");
  EXPECT_EQ(sheet.find(2, 3)->text, "#N/A");
  EXPECT_EQ(sheet.find(2, 4), nullptr);  // no cached value: empty
  EXPECT_EQ(sheet.find(2, 5)->number, 2);
}

TEST(xlsx, CellsAndRowsWithoutReferencesFollowThePreviousOne) {
  const Sheet sheet = read_one_sheet(
      "<row r=\"3\"><c><v>1</v></c><c><v>2</v></c></row>"
      "<row><c r=\"D4\"><v>3</v></c><c><v>4</v></c></row>"
      "<row r=\"7\"><c r=\"B7\"><v>5</v></c><c/><c><v>6</v></c></row>");
  ASSERT_EQ(sheet.cells.size(), 6u);
  std::vector<std::string> addresses;
  for (const Cell& cell : sheet.cells) addresses.push_back(cell_address(cell.row, cell.column));
  EXPECT_EQ(addresses, (std::vector<std::string>{"A3", "B3", "D4", "E4", "B7", "D7"}));
  EXPECT_EQ(sheet.find(7, 4)->text, "6");
}

TEST(xlsx, PrefixedNamespacesAndAbsoluteTargets) {
  const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const auto workbook = read_parts(
      {{"xl/workbook.xml", "<x:workbook xmlns:x=\"" + ns + "\" xmlns:r=\"" + rel +
                               "\"><x:workbookPr date1904=\"true\"/><x:sheets>"
                               "<x:sheet name=\"表一\" sheetId=\"1\" r:id=\"R1\"/>"
                               "<x:sheet name=\"Chart\" sheetId=\"2\" r:id=\"R2\"/>"
                               "</x:sheets></x:workbook>"},
       {"xl/_rels/workbook.xml.rels",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"R1\" Type=\"" +
            rel + "/worksheet\" Target=\"/xl/ws/data.xml\"/><Relationship Id=\"R2\" Type=\"" + rel +
            "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/><Relationship Id=\"R3\" Type=\"" +
            rel +
            "/sharedStrings\" Target=\"strings/shared.xml\"/><Relationship Id=\"R4\" Type=\"" +
            rel + "/styles\" Target=\"../xl/./st.xml\"/></Relationships>"},
       {"xl/strings/shared.xml",
        "<x:sst xmlns:x=\"" + ns + "\"><x:si><x:t>前缀</x:t></x:si></x:sst>"},
       {"xl/st.xml", "<x:styleSheet xmlns:x=\"" + ns +
                         "\"><x:cellXfs><x:xf numFmtId=\"0\"/><x:xf numFmtId=\"14\"/></x:cellXfs>"
                         "</x:styleSheet>"},
       {"xl/ws/data.xml", "<x:worksheet xmlns:x=\"" + ns +
                              "\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v>"
                              "</x:c><x:c r=\"B1\" s=\"1\"><x:v>0</x:v></x:c><x:c r=\"C1\" "
                              "s=\"1\"><x:v>45000.75</x:v></x:c></x:row></x:sheetData>"
                              "</x:worksheet>"}});
  ASSERT_TRUE(workbook.ok()) << workbook.error().message;
  EXPECT_TRUE(workbook->date1904);
  ASSERT_EQ(workbook->sheets.size(), 1u);  // the chart sheet is not a worksheet
  const Sheet& sheet = workbook->sheets[0];
  EXPECT_EQ(sheet.name, "表一");
  EXPECT_EQ(sheet.find(1, 1)->text, "前缀");
  EXPECT_EQ(sheet.find(1, 2)->date, Date::from_ymd(1904, 1, 1));
  EXPECT_EQ(sheet.find(1, 3)->date, Date::from_ymd(1904, 1, 1).plus_days(45000));
  EXPECT_EQ(sheet.find(1, 3)->text, "45000.75");
}

TEST(xlsx, DateFormatsBuiltInAndCustom) {
  const std::string styles =
      "<numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"0.00&quot;d&quot;\"/>"
      "<numFmt numFmtId=\"166\" formatCode=\"[Red][&gt;=100]0;0\"/>"
      "<numFmt numFmtId=\"167\" formatCode=\"[$-804]e年m月d日\"/>"
      "<numFmt numFmtId=\"168\" formatCode=\"0.0\\d_m*y\"/>"
      "<numFmt numFmtId=\"14\" formatCode=\"0.00\"/></numFmts>"
      "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
      "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
      "<xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/><xf numFmtId=\"14\"/>"
      "<xf numFmtId=\"31\"/><xf numFmtId=\"57\"/><xf numFmtId=\"23\"/></cellXfs>"
      // A differential format's own numFmt must not redefine 165 (a number, not a date).
      "<dxfs><dxf><numFmt numFmtId=\"165\" formatCode=\"yyyy\"/></dxf></dxfs>";
  std::string cells = "<row r=\"1\">";
  for (int s = 0; s <= 9; ++s) {
    cells += "<c r=\"" + cell_address(1, static_cast<std::uint32_t>(s + 1)) + "\" s=\"" +
             std::to_string(s) + "\"><v>45747</v></c>";
  }
  cells += "<c r=\"K1\" s=\"7\"><v>60</v></c><c r=\"L1\" s=\"7\"><v>0.5</v></c>";
  cells += "<c r=\"M1\" s=\"7\"><v>59.9</v></c><c r=\"N1\" s=\"99\"><v>45747</v></c></row>";
  const Sheet sheet = read_one_sheet(cells, "", styles);
  const Date day = Date::from_ymd(2025, 3, 31);
  const std::vector<bool> expected = {false, true,  false, false, true,
                                      false, false, true,  true,  false};
  for (std::uint32_t column = 1; column <= expected.size(); ++column) {
    ASSERT_NE(sheet.find(1, column), nullptr);
    EXPECT_EQ(sheet.find(1, column)->date.has_value(), expected[column - 1]) << "s=" << column - 1;
    if (expected[column - 1]) {
      EXPECT_EQ(sheet.find(1, column)->date, day);
    }
  }
  EXPECT_FALSE(sheet.find(1, 11)->date.has_value());  // 1900-02-29 never was
  EXPECT_FALSE(sheet.find(1, 12)->date.has_value());  // a time of day only
  EXPECT_EQ(sheet.find(1, 13)->date, Date::from_ymd(1900, 2, 28));
  EXPECT_FALSE(sheet.find(1, 14)->date.has_value());  // unknown style index: plain number
}

TEST(xlsx, Workbook1904HandWritten) {
  const std::string styles = "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>";
  const auto workbook = read_parts(workbook_parts(
      {{"S",
        "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>44285</v></c>"
        "</row>"}},
      "", styles, "<workbookPr date1904=\"1\"/>"));
  ASSERT_TRUE(workbook.ok()) << workbook.error().message;
  EXPECT_TRUE(workbook->date1904);
  EXPECT_EQ(workbook->sheets[0].find(1, 1)->date, Date::from_ymd(1904, 1, 1));
  // 1904 serials are 1462 days behind the 1900 ones: 45747 - 1462 = 44285.
  EXPECT_EQ(workbook->sheets[0].find(1, 2)->date, Date::from_ymd(2025, 3, 31));
}

TEST(xlsx, SharedStringIndexOutOfRange) {
  const auto workbook = read_parts(workbook_parts(
      {{"S", "<row r=\"1\">\n<c r=\"B1\" t=\"s\"><v>1</v></c></row>"}}, "<si><t>only</t></si>"));
  EXPECT_EQ(error_of(workbook),
            "xlsx: xl/worksheets/sheet1.xml line 4: shared-string index \"1\" out of range in cell "
            "B1 (the table has 1 strings)");
  EXPECT_NE(error_of(read_parts(workbook_parts({{"S", "<row><c t=\"s\"><v>-1</v></c></row>"}},
                                               "<si><t>x</t></si>")))
                .find("out of range"),
            std::string::npos);
}

TEST(xlsx, BadCellReferences) {
  for (const std::string reference : {"A0", "1A", "XFE1", "A1048577", "B", "A1B", ""}) {
    const auto workbook =
        read_parts(workbook_parts({{"S", "<row><c r=\"" + reference + "\"><v>1</v></c></row>"}}));
    EXPECT_NE(error_of(workbook).find("xl/worksheets/sheet1.xml line 3: bad cell reference \"" +
                                      reference + "\""),
              std::string::npos)
        << error_of(workbook);
  }
}

TEST(xlsx, MalformedXmlNamesThePartAndLine) {
  const auto workbook =
      read_parts(workbook_parts({{"S", "<row r=\"1\">\n<c r=\"A1\"><v>1</v></row>"}}));
  EXPECT_EQ(error_of(workbook),
            "xlsx: xl/worksheets/sheet1.xml line 4: malformed XML: mismatched tag");
  auto parts = workbook_parts({{"S", ""}});
  parts[0].data += "<";
  EXPECT_NE(error_of(read_parts(parts)).find("xlsx: xl/workbook.xml line 2: malformed XML"),
            std::string::npos);
}

TEST(xlsx, DoctypeIsRejected) {
  auto parts = workbook_parts({{"S", ""}});
  parts[0].data.insert(parts[0].data.find('\n') + 1,
                       "<!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;\">]>");
  EXPECT_NE(error_of(read_parts(parts)).find("xl/workbook.xml line 2: DTD"), std::string::npos);
}

TEST(xlsx, NotAZipNotAnXlsxAndEncrypted) {
  EXPECT_FALSE(looks_like_xlsx("项目,指标\n1,2\n"));
  EXPECT_FALSE(looks_like_xlsx("PK"));
  const auto csv = read_workbook("项目,指标\n1,2\n");
  EXPECT_NE(error_of(csv).find("not a zip archive"), std::string::npos) << error_of(csv);
  EXPECT_NE(error_of(read_workbook("")).find("not a zip archive"), std::string::npos)
      << error_of(read_workbook(""));

  const std::string docx = build_zip({{"word/document.xml", "<document/>"}});
  EXPECT_TRUE(looks_like_xlsx(docx));
  EXPECT_EQ(error_of(read_workbook(docx)),
            "xlsx: not an xlsx workbook: the archive has no xl/workbook.xml");

  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole.resize(4096, '\0');
  EXPECT_NE(error_of(read_workbook(ole)).find("encrypted or password-protected"),
            std::string::npos);
}

TEST(xlsx, EncryptedEntries) {
  auto parts = workbook_parts({{"S", "<row><c><v>1</v></c></row>"}});
  parts.back().encrypted = true;
  EXPECT_EQ(error_of(read_parts(parts)),
            "xlsx: xl/worksheets/sheet1.xml: the entry is encrypted (password-protected archive)");
}

TEST(xlsx, MissingWorksheetPartAndDanglingRelationship) {
  auto parts = workbook_parts({{"S", ""}});
  parts.pop_back();  // the worksheet
  EXPECT_EQ(error_of(read_parts(parts)),
            "xlsx: xl/worksheets/sheet1.xml: part missing from the archive");
  parts = workbook_parts({{"S", ""}});
  parts[1].data = "<Relationships/>";
  EXPECT_NE(error_of(read_parts(parts)).find("refers to relationship \"rId1\""), std::string::npos);
}

}  // namespace
}  // namespace targetwatch::xlsx
