// The Limits: zip bombs (declared and lying sizes), entry counts, total size, cells and shared
// strings all stop the reading with an error that names the limit and the numbers.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "targetwatch/xlsx/workbook.h"
#include "zip_builder.h"

namespace targetwatch::xlsx {
namespace {

using testing::build_zip;
using testing::workbook_parts;

std::string error_of(const Result<Workbook>& workbook) {
  return workbook.ok() ? "(no error)" : workbook.error().message;
}

void write_u32(std::string& bytes, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

/// Makes every header of the archive claim `size` uncompressed bytes for the entry `name`, as a
/// hostile file would to slip past the declared-size checks.
void lie_about_size(std::string& zip, const std::string& name, std::uint32_t size) {
  int patched = 0;
  for (std::size_t at = zip.find(name); at != std::string::npos; at = zip.find(name, at + 1)) {
    if (at >= 46 && zip.compare(at - 46, 4, "PK\x01\x02") == 0) {
      write_u32(zip, at - 46 + 24, size);  // central directory: uncompressed size
      ++patched;
    } else if (at >= 30 && zip.compare(at - 30, 4, "PK\x03\x04") == 0) {
      write_u32(zip, at - 30 + 22, size);  // local header
      ++patched;
    }
  }
  ASSERT_EQ(patched, 2);
}

TEST(xlsx, ZipBombStopsAtTheCompressionRatio) {
  auto parts = workbook_parts({{"S", ""}});
  parts.back() = {"xl/worksheets/sheet1.xml", "", 300ull << 20, '\0'};  // 300 MiB of zeros
  const std::string zip = build_zip(parts);
  ASSERT_LT(zip.size(), 1u << 20);
  Limits limits;
  limits.max_entry_uncompressed = 1ull << 40;  // so that the ratio is the limit that fires
  limits.max_total_uncompressed = 1ull << 40;
  const std::string error = error_of(read_workbook(zip, limits));
  EXPECT_NE(
      error.find("xlsx: xl/worksheets/sheet1.xml: compression ratio limit exceeded (314572800 "
                 "bytes from "),
      std::string::npos)
      << error;
  EXPECT_NE(error.find("more than 200:1"), std::string::npos) << error;
  // With the default limits the same file is refused too.
  EXPECT_NE(error_of(read_workbook(zip)).find("xl/worksheets/sheet1.xml"), std::string::npos);
}

TEST(xlsx, ZipBombWithLyingSizesStopsMidStream) {
  auto parts = workbook_parts({{"S", ""}});
  // Blanks, which XML allows before the root element, so that the parser reads on and only the
  // ratio check measured while decompressing can stop it.
  parts.back() = {"xl/worksheets/sheet1.xml", "", 20ull << 20, ' '};
  std::string zip = build_zip(parts);
  lie_about_size(zip, "xl/worksheets/sheet1.xml", 1000);
  const std::string error = error_of(read_workbook(zip));
  unsigned long long produced = 0, compressed = 0;
  ASSERT_EQ(std::sscanf(error.c_str(),
                        "xlsx: xl/worksheets/sheet1.xml: compression ratio limit exceeded (%llu "
                        "bytes from %llu compressed",
                        &produced, &compressed),
            2)
      << error;
  // Stopped within one 64 KiB chunk of the ratio, long before the 20 MiB.
  EXPECT_GT(produced, 200 * compressed);
  EXPECT_LE(produced, 200 * compressed + 65536);
  EXPECT_LT(produced, 20ull << 20);
}

TEST(xlsx, EntryAndTotalSizeLimits) {
  std::string row = "<row>";
  for (int i = 0; i < 100; ++i) row += "<c><v>123456789</v></c>";
  row += "</row>";
  const std::string zip = build_zip(workbook_parts({{"A", row}, {"B", row}}));
  Limits limits;
  limits.max_entry_uncompressed = 1000;
  EXPECT_NE(
      error_of(read_workbook(zip, limits)).find("xl/worksheets/sheet1.xml: entry too large ("),
      std::string::npos);
  limits = {};
  const auto whole = read_workbook(zip, limits);
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  EXPECT_EQ(whole->sheets[1].cells.size(), 100u);
  // Room for the workbook parts and one sheet, not two.
  limits.max_total_uncompressed = 3500;
  EXPECT_NE(error_of(read_workbook(zip, limits))
                .find("total uncompressed size limit exceeded at xl/worksheets/sheet2.xml (more "
                      "than 3500 bytes"),
            std::string::npos)
      << error_of(read_workbook(zip, limits));
}

TEST(xlsx, TooManyEntries) {
  auto parts = workbook_parts({{"S", ""}});
  for (int i = 0; i < 5; ++i) parts.push_back({"docProps/extra" + std::to_string(i) + ".xml", "x"});
  Limits limits;
  limits.max_entries = parts.size() - 1;
  EXPECT_EQ(error_of(read_workbook(build_zip(parts), limits)),
            "xlsx: too many entries in the archive (" + std::to_string(parts.size()) + ", limit " +
                std::to_string(parts.size() - 1) + ")");
  limits.max_entries = parts.size();
  EXPECT_TRUE(read_workbook(build_zip(parts), limits).ok());
}

TEST(xlsx, MaxCellsCountsTheWholeWorkbook) {
  const std::string two = "<row><c><v>1</v></c><c><v>2</v></c></row>";
  const std::string zip = build_zip(workbook_parts({{"A", two}, {"B", two}}));
  Limits limits;
  limits.max_cells = 4;
  EXPECT_TRUE(read_workbook(zip, limits).ok());
  limits.max_cells = 3;
  EXPECT_EQ(error_of(read_workbook(zip, limits)),
            "xlsx: xl/worksheets/sheet2.xml line 3: cell limit exceeded (more than 3 cells in the "
            "workbook)");
}

TEST(xlsx, MaxSharedStrings) {
  const std::string zip =
      build_zip(workbook_parts({{"A", ""}}, "<si><t>1</t></si><si><t>2</t></si><si><t>3</t></si>"));
  Limits limits;
  limits.max_shared_strings = 3;
  EXPECT_TRUE(read_workbook(zip, limits).ok());
  limits.max_shared_strings = 2;
  EXPECT_NE(error_of(read_workbook(zip, limits))
                .find("xl/sharedStrings.xml line 2: shared strings limit exceeded (more than 2 "
                      "strings)"),
            std::string::npos)
      << error_of(read_workbook(zip, limits));
}

}  // namespace
}  // namespace targetwatch::xlsx
