// Tests of the CSV actuals parser and writer: quoting, line numbers, header rules, field errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "targetwatch/ingest/ingest.h"
#include "targetwatch/test/files.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using ::testing::HasSubstr;

ParsedActuals parse_ok(std::string_view text) {
  auto r = parse_actuals_csv(text);
  if (!r.ok()) {
    std::string all;
    for (const auto& e : r.error()) {
      all += std::to_string(e.row) + " " + e.field + ": " + e.reason + "\n";
    }
    ADD_FAILURE() << "unexpected errors:\n" << all;
    return {};
  }
  return std::move(r.value());
}

IngestErrors parse_errors(std::string_view text) {
  auto r = parse_actuals_csv(text);
  if (r.ok()) {
    ADD_FAILURE() << "expected errors, parsed " << r->records.size() << " records";
    return {};
  }
  return r.error();
}

TEST(ParseCsv, FixtureWithCommentQuotesAndAllFields) {
  auto parsed = parse_ok(test::read_fixture("ingest/actuals-utf8.csv"));
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_EQ(parsed.rows, (std::vector<std::size_t>{3, 4}));
  const auto& a = parsed.records[0];
  EXPECT_EQ(a.department, "");
  EXPECT_EQ(a.project, "P001");
  EXPECT_EQ(a.indicator, "spending");
  EXPECT_DOUBLE_EQ(a.value, 1234.5);
  EXPECT_EQ(a.as_of, Date::from_ymd(2025, 3, 31));
  EXPECT_EQ(a.mode, RecordMode::kCumulative);
  EXPECT_EQ(a.unit, "元");
  EXPECT_EQ(a.note, "一季度结算延迟，4月补付");
  EXPECT_EQ(a.cause, "制度保障");
  EXPECT_EQ(a.likelihood, "有可能");
  ASSERT_TRUE(a.forecast.has_value());
  EXPECT_DOUBLE_EQ(*a.forecast, 5000);
  EXPECT_EQ(a.measure, "加快结算");
  const auto& b = parsed.records[1];
  EXPECT_EQ(b.department, "375");
  EXPECT_EQ(b.project, "");
  EXPECT_EQ(b.as_of, Date::from_ymd(2025, 6, 30));
  EXPECT_FALSE(b.forecast.has_value());
}

TEST(ParseCsv, BomAndCrlfGiveTheSameRecords) {
  auto lf = parse_ok(test::read_fixture("ingest/actuals-utf8.csv"));
  auto crlf = parse_ok(test::read_fixture("ingest/actuals-bom-crlf.csv"));
  EXPECT_EQ(lf.records, crlf.records);
  EXPECT_EQ(lf.rows, crlf.rows);
}

TEST(ParseCsv, QuotedFieldsWithEscapesCommasAndNewlines) {
  const std::string text =
      "project,indicator,value,as_of,note\n"
      "P1,q,1,2025-01-31,\"say \"\"hi\"\", then, a\nsecond line\"\n"
      "P1,q,2,2025-02-28,\"\"\n"
      "P1,q,3,2025-03-31, plain with spaces \n";
  auto parsed = parse_ok(text);
  ASSERT_EQ(parsed.records.size(), 3u);
  EXPECT_EQ(parsed.records[0].note, "say \"hi\", then, a\nsecond line");
  EXPECT_EQ(parsed.records[1].note, "");
  EXPECT_EQ(parsed.records[2].note, " plain with spaces ");  // notes are verbatim
  // The record after the two-line record starts on physical line 4.
  EXPECT_EQ(parsed.rows, (std::vector<std::size_t>{2, 4, 5}));
}

TEST(ParseCsv, HeaderIsTrimmedCaseInsensitiveAndOrderFree) {
  auto parsed = parse_ok(" AS_OF , Value,INDICATOR ,project\n2025-05-31,7,q,P9\n");
  ASSERT_EQ(parsed.records.size(), 1u);
  EXPECT_EQ(parsed.records[0].project, "P9");
  EXPECT_EQ(parsed.records[0].indicator, "q");
  EXPECT_DOUBLE_EQ(parsed.records[0].value, 7);
}

TEST(ParseCsv, SkipsBlankLinesCommentsAndEmptyRows) {
  auto parsed = parse_ok(
      "\n# comment\nproject,indicator,value,as_of\n\n   \n,,,\n# another\nP1,q,1,2025-01-01\n");
  ASSERT_EQ(parsed.records.size(), 1u);
  EXPECT_EQ(parsed.rows, (std::vector<std::size_t>{8}));
}

TEST(ParseCsv, HeaderOnlyIsAnEmptyBatch) {
  auto parsed = parse_ok("project,indicator,value,as_of\n");
  EXPECT_TRUE(parsed.records.empty());
}

TEST(ParseCsv, NoHeaderIsAnError) {
  auto errors = parse_errors("# only a comment\n\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].reason, HasSubstr("no header"));
}

// Rows are read as the table asks for them; those a bad header leaves unread still have their
// quoting errors reported.
TEST(ParseCsv, ABadHeaderStillReportsTheQuotingOfLaterLines) {
  auto errors = parse_errors("project,indicator,value\nP1,q,\"1\n");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_THAT(errors[0].reason, HasSubstr("as_of"));
  EXPECT_EQ(errors[1].row, 2u);
  EXPECT_THAT(errors[1].reason, HasSubstr("unterminated"));
}

TEST(ParseCsv, DuplicateAndMissingColumnsAreErrorsUnknownOnesWarnings) {
  auto errors = parse_errors("project,indicator,valu,as_of,Project\n");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].row, 1u);
  EXPECT_EQ(errors[0].field, "project");
  EXPECT_THAT(errors[0].reason, HasSubstr("twice"));
  EXPECT_EQ(errors[0].location, "第1行 “Project”列");
  EXPECT_EQ(errors[1].field, "value");
  EXPECT_THAT(errors[1].reason, HasSubstr("missing required column"));
  EXPECT_THAT(errors[1].reason_zh, HasSubstr("本期实际值"));

  auto parsed = parse_ok("project,indicator,value,as_of,colour\nP1,q,1,2025-01-01,red\n");
  ASSERT_EQ(parsed.records.size(), 1u);
  ASSERT_EQ(parsed.warnings.size(), 1u);
  EXPECT_EQ(parsed.warnings[0], (IngestWarning{1, "colour", "unknown column \"colour\" (ignored)",
                                               "第1行 “colour”列", "不认识的列 “colour”，已忽略"}));
}

TEST(ParseCsv, UnnamedColumnsAreIgnoredOnlyWhileEmpty) {
  auto parsed = parse_ok("project,indicator,value,as_of,\nP1,q,1,2025-01-01,\n");
  EXPECT_EQ(parsed.records.size(), 1u);
  auto errors = parse_errors("project,indicator,value,as_of,\nP1,q,1,2025-01-01,oops\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].row, 2u);
  EXPECT_EQ(errors[0].field, "column 5");
}

TEST(ParseCsv, ReportsEveryBadRowWithLineAndField) {
  const std::string text =
      "# header follows\n"
      "project,indicator,value,as_of,mode,forecast\n"
      "P1,q,abc,2025-01-31,,\n"       // line 3: value
      "P1,q,1,2025-02-30,,\n"         // line 4: impossible date
      "P1,q,1,2025-03-31,monthly,\n"  // line 5: mode
      "P1,q,1,2025-03-31,,soon\n"     // line 6: forecast
      "P1,q,1,2025-03-31\n"           // line 7: column count
      "P1,,,2025-03-31,,\n"           // line 8: indicator and value missing
      "P1,q,nan,2025-03-31,,\n"       // line 9: not a number (words are refused)
      "P1,q,1e999,2025-03-31,,\n"     // line 10: out of range
      "P1,q,1,2025-03-31,,\n";        // line 11: fine
  auto errors = parse_errors(text);
  ASSERT_EQ(errors.size(), 9u);
  EXPECT_EQ(errors[0], (IngestError{3, "value", "\"abc\" is not a number", "第3行 “value”列",
                                    "“abc” 不是数字"}));
  EXPECT_EQ(errors[1].row, 4u);
  EXPECT_EQ(errors[1].field, "as_of");
  EXPECT_EQ(errors[2].row, 5u);
  EXPECT_EQ(errors[2].field, "mode");
  EXPECT_EQ(errors[3].row, 6u);
  EXPECT_EQ(errors[3].field, "forecast");
  EXPECT_EQ(testing::english(errors[4]), (IngestError{7, "", "expected 6 fields, found 4"}));
  EXPECT_EQ(testing::english(errors[5]), (IngestError{8, "indicator", "missing indicator"}));
  EXPECT_EQ(testing::english(errors[6]), (IngestError{8, "value", "missing value"}));
  EXPECT_EQ(errors[7].row, 9u);
  EXPECT_EQ(errors[7].field, "value");
  EXPECT_EQ(errors[8].row, 10u);
  EXPECT_THAT(errors[8].reason, HasSubstr("out of range"));
}

TEST(ParseCsv, MalformedQuotingIsReportedAndParsingContinues) {
  const std::string text =
      "project,indicator,value,as_of\n"
      "P1,\"q\"x,1,2025-01-01\n"  // line 2: junk after the closing quote
      "P1,q,bad,2025-01-01\n"     // line 3: still checked
      "P1,q,1,\"2025-01-01\n";    // line 4: never closes
  auto errors = parse_errors(text);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].row, 2u);
  EXPECT_THAT(errors[0].reason, HasSubstr("closing quote"));
  EXPECT_EQ(errors[1].row, 3u);
  EXPECT_EQ(errors[1].field, "value");
  EXPECT_EQ(errors[2].row, 4u);
  EXPECT_THAT(errors[2].reason, HasSubstr("unterminated"));
}

TEST(ParseCsv, InvalidUtf8NamesLineAndOffset) {
  auto errors = parse_errors("project,indicator,value,as_of\nP1,q,1,2025-01-01,\xB2\xE2\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].row, 2u);
  EXPECT_THAT(errors[0].reason, HasSubstr("byte offset 48"));
}

struct NumberCase {
  const char* text;
  double value;
};

class NumberForms : public ::testing::TestWithParam<NumberCase> {};

TEST_P(NumberForms, Accepted) {
  const std::string text =
      std::string("project,indicator,value,as_of\nP1,q,\"") + GetParam().text + "\",2025-01-01\n";
  auto parsed = parse_ok(text);
  ASSERT_EQ(parsed.records.size(), 1u);
  EXPECT_DOUBLE_EQ(parsed.records[0].value, GetParam().value);
}

INSTANTIATE_TEST_SUITE_P(ParseCsv, NumberForms,
                         ::testing::Values(NumberCase{"42", 42}, NumberCase{" 3.5 ", 3.5},
                                           NumberCase{"+2", 2}, NumberCase{"-0.25", -0.25},
                                           NumberCase{"1,234", 1234},
                                           NumberCase{"12,345,678.9", 12345678.9},
                                           NumberCase{"-1,000", -1000}, NumberCase{"1e3", 1000},
                                           NumberCase{".5", 0.5}, NumberCase{"１２", 12},
                                           NumberCase{"95%", 95}));

class BadNumbers : public ::testing::TestWithParam<const char*> {};

TEST_P(BadNumbers, Rejected) {
  const std::string text =
      std::string("project,indicator,value,as_of\nP1,q,\"") + GetParam() + "\",2025-01-01\n";
  auto errors = parse_errors(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "value");
}

INSTANTIATE_TEST_SUITE_P(ParseCsv, BadNumbers,
                         ::testing::Values("1,5", "12,34", "1,2345", ",123", "1,,000", "inf",
                                           "-inf", "NaN", "0x10", "1.2.3", "1 000", "--1", "1e",
                                           "%", "12件3", "1e5e"));

struct DateCase {
  const char* text;
  int y, m, d;
};

class DateForms : public ::testing::TestWithParam<DateCase> {};

TEST_P(DateForms, Accepted) {
  const std::string text =
      std::string("project,indicator,value,as_of\nP1,q,1,") + GetParam().text + "\n";
  auto parsed = parse_ok(text);
  ASSERT_EQ(parsed.records.size(), 1u);
  EXPECT_EQ(parsed.records[0].as_of, Date::from_ymd(GetParam().y, GetParam().m, GetParam().d));
}

INSTANTIATE_TEST_SUITE_P(
    ParseCsv, DateForms,
    ::testing::Values(DateCase{"2025-06-30", 2025, 6, 30}, DateCase{"2025/6/3", 2025, 6, 3},
                      DateCase{"2025/06/30", 2025, 6, 30}, DateCase{"2025-6-30", 2025, 6, 30},
                      DateCase{"2025.12.01", 2025, 12, 1}, DateCase{"20240229", 2024, 2, 29},
                      DateCase{"2025年6月30日", 2025, 6, 30},
                      DateCase{" 2025-01-01 ", 2025, 1, 1}));

class BadDates : public ::testing::TestWithParam<const char*> {};

TEST_P(BadDates, Rejected) {
  const std::string text =
      std::string("project,indicator,value,as_of\nP1,q,1,") + GetParam() + "\n";
  auto errors = parse_errors(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "as_of");
  EXPECT_EQ(errors[0].row, 2u);
}

INSTANTIATE_TEST_SUITE_P(ParseCsv, BadDates,
                         ::testing::Values("2025-02-29", "2025-13-01", "2025-06", "06/30/2025",
                                           "2025-6/30", "2025-06-30T00:00", "25-06-30",
                                           "2025/006/30", "20250230", "tomorrow"));

TEST(ParseCsv, ModeWordsInEnglishAndChinese) {
  auto parsed = parse_ok(
      "project,indicator,value,as_of,mode\n"
      "P1,q,1,2025-01-01,Increment\nP1,q,1,2025-01-02,增量\n"
      "P1,q,1,2025-01-03,累计\nP1,q,1,2025-01-04,cumulative\nP1,q,1,2025-01-05,\n");
  ASSERT_EQ(parsed.records.size(), 5u);
  EXPECT_EQ(parsed.records[0].mode, RecordMode::kIncrement);
  EXPECT_EQ(parsed.records[1].mode, RecordMode::kIncrement);
  EXPECT_EQ(parsed.records[2].mode, RecordMode::kCumulative);
  EXPECT_EQ(parsed.records[3].mode, RecordMode::kCumulative);
  EXPECT_EQ(parsed.records[4].mode, RecordMode::kCumulative);
}

TEST(ActualsToCsv, RoundTripsAwkwardContent) {
  std::vector<ActualRecord> records(3);
  records[0].department = "#375";  // would read back as a comment line unless quoted
  records[0].project = "P,1";
  records[0].indicator = "spending";
  records[0].value = 0.1 + 0.2;  // needs every digit to round-trip
  records[0].as_of = Date::from_ymd(2025, 3, 31);
  records[0].mode = RecordMode::kIncrement;
  records[0].unit = "万元";
  records[0].note = "line one\r\nline \"two\", with comma";
  records[0].cause = "其他";
  records[0].likelihood = "完全不可能";
  records[0].forecast = -1e-7;
  records[0].measure = "  padded  ";
  records[1].project = "P2";
  records[1].indicator = "quantity-1";
  records[1].value = 1e21;
  records[1].as_of = Date::from_ymd(2024, 2, 29);
  records[2].department = "376";
  records[2].indicator = "dept-1";
  records[2].value = -0.5;
  records[2].as_of = Date::from_ymd(2025, 12, 31);
  records[2].note = "😀 emoji";
  records[2].retracted = true;
  records[1].fund = FundSource::kFiscal;
  const std::string csv = actuals_to_csv(records);
  EXPECT_TRUE(csv.starts_with(
      "department,project,indicator,value,as_of,mode,unit,note,cause,likelihood,forecast,"
      "measure,retract,fund\n"));
  auto back = parse_ok(csv);
  EXPECT_EQ(back.records, records);
}

TEST(ActualsToCsv, EmptyListIsJustTheHeader) {
  auto csv = actuals_to_csv({});
  auto back = parse_ok(csv);
  EXPECT_TRUE(back.records.empty());
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1);
}

}  // namespace
}  // namespace targetwatch
