// Reading .xlsx workbooks (Office Open XML spreadsheets) from memory: cell values of every
// worksheet, with the limits that keep hostile uploads (zip bombs, huge sheets) harmless.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/model/date.h"
#include "targetwatch/model/result.h"

namespace targetwatch::xlsx {

enum class CellKind { kString, kNumber, kBoolean, kError };

struct Cell {
  std::uint32_t row = 0;     // 1-based
  std::uint32_t column = 0;  // 1-based (A = 1)
  CellKind kind = CellKind::kString;
  /// string: the text (rich-text runs joined); number: shortest round-trip decimal
  /// (std::to_chars), "1234.5", never exponent for |x| in [1e-6,1e15); boolean: "TRUE"/"FALSE";
  /// error: "#N/A" etc.
  std::string text;
  double number = 0;  // numbers (and booleans 1/0)
  /// Set when a number cell is formatted as a date (built-in numFmtId 14-22, 27-36 (CJK), 45-47,
  /// 50-58, or a custom numFmt whose code has y/m/d/年/月/日 outside quotes/brackets), converted
  /// under the workbook's date system (1900 with the Lotus 1900-02-29 bug, or 1904); text then
  /// stays the number. The time of day is dropped; serials with no calendar day (below 1 in the
  /// 1900 system, the fictitious 1900-02-29, beyond 9999-12-31) leave it unset.
  std::optional<Date> date;
  /// Set when a number cell is formatted as a percentage (built-in numFmtId 9 "0%" or 10 "0.00%",
  /// or a custom code with % outside quotes/brackets): Excel shows number × 100 with a % sign (a
  /// clerk typing 96% stores 0.96). number and text stay the stored value; what a percentage
  /// means is the reader's business.
  bool percent = false;
  friend bool operator==(const Cell&, const Cell&) = default;
};

struct Sheet {
  std::string name;
  /// Non-empty cells only, row-major order (as stored). String cells with empty text and
  /// formulas without a cached value count as empty.
  std::vector<Cell> cells;
  std::uint32_t max_row = 0, max_column = 0;
  /// nullptr when empty.
  const Cell* find(std::uint32_t row, std::uint32_t column) const;
};

struct Workbook {
  /// Workbook order (xl/workbook.xml), names as shown in Excel. Worksheets only: chart sheets,
  /// dialog and macro sheets are left out.
  std::vector<Sheet> sheets;
  bool date1904 = false;
  const Sheet* find_sheet(std::string_view name) const;
};

/// Against zip bombs and hostile files.
struct Limits {
  std::size_t max_entries = 10000;
  std::uint64_t max_total_uncompressed = 256ull << 20;  // bytes over all entries read
  std::uint64_t max_entry_uncompressed = 128ull << 20;
  double max_compression_ratio =
      200;  // per entry, uncompressed / compressed (entries > 1 MiB only)
  std::size_t max_cells = 5'000'000;
  std::size_t max_shared_strings = 2'000'000;
};

/// Reads every worksheet. Errors (English, naming the part and what is wrong) for: not a zip, not
/// an xlsx (no xl/workbook.xml), malformed XML (part + line), a limit exceeded (which and the
/// numbers), encrypted/password files, bad cell references, shared-string index out of range.
/// Pure function of its arguments; thread-safe.
Result<Workbook> read_workbook(std::string_view bytes, const Limits& limits = {});

/// "F12" for (12, 6); "AA1" for (1, 27). Precondition: row >= 1, column >= 1.
std::string cell_address(std::uint32_t row, std::uint32_t column);

/// True when `bytes` starts like a zip archive (PK\x03\x04): used to tell xlsx from CSV.
bool looks_like_xlsx(std::string_view bytes);

}  // namespace targetwatch::xlsx
