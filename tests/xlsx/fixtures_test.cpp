// The committed fixtures (tests/fixtures/xlsx, made by make_fixtures.py; also the fuzz seeds)
// read as their generator wrote them.
#include <gtest/gtest.h>

#include <string>

#include "targetwatch/xlsx/workbook.h"
#include "zip_builder.h"

namespace targetwatch::xlsx {
namespace {

Result<Workbook> read_fixture(const std::string& name) {
  const std::string bytes = testing::read_file(std::string(TARGETWATCH_FIXTURES) + "/xlsx/" + name);
  EXPECT_FALSE(bytes.empty()) << name;
  return read_workbook(bytes);
}

void expect_minimal(const std::string& name) {
  SCOPED_TRACE(name);
  const auto workbook = read_fixture(name);
  ASSERT_TRUE(workbook.ok()) << workbook.error().message;
  ASSERT_EQ(workbook->sheets.size(), 2u);
  const Sheet& sheet = workbook->sheets[0];
  EXPECT_EQ(sheet.name, "报送");
  EXPECT_EQ(sheet.find(1, 1)->text, "项目");
  EXPECT_EQ(sheet.find(1, 2)->text, "完成率");
  EXPECT_EQ(sheet.find(2, 1)->text, "内联");
  EXPECT_EQ(sheet.find(2, 2)->number, 1234.5);
  EXPECT_EQ(sheet.find(2, 3)->date, Date::from_ymd(2025, 3, 31));
  EXPECT_EQ(sheet.find(2, 4)->date, Date::from_ymd(2025, 1, 1));
  EXPECT_EQ(sheet.find(3, 1)->text, "TRUE");
  EXPECT_EQ(sheet.find(3, 2)->kind, CellKind::kError);
  EXPECT_EQ(sheet.find(3, 3)->text, "2469");
  EXPECT_EQ(sheet.find(3, 4)->text, "项目");
  EXPECT_EQ(sheet.cells.size(), 10u);
  EXPECT_EQ(workbook->sheets[1].find(1, 1)->text, "a\nb");
}

TEST(xlsx, FixtureMinimal) {
  expect_minimal("minimal.xlsx");
  expect_minimal("minimal-stored.xlsx");  // the same parts, not compressed
}

TEST(xlsx, FixturePrefixed1904) {
  const auto workbook = read_fixture("prefixed-1904.xlsx");
  ASSERT_TRUE(workbook.ok()) << workbook.error().message;
  EXPECT_TRUE(workbook->date1904);
  const Sheet& sheet = workbook->sheets.at(0);
  ASSERT_EQ(sheet.cells.size(), 3u);
  EXPECT_EQ(sheet.find(1, 1)->text, "前缀");
  EXPECT_EQ(sheet.find(1, 2)->date, Date::from_ymd(2025, 3, 31));
  EXPECT_EQ(sheet.find(1, 3)->text, "-0.5");
}

}  // namespace
}  // namespace targetwatch::xlsx
