// Spreadsheet actuals: the sheet 报送 (else the first) of an .xlsx workbook, read as a table.
#include <cstdio>
#include <string>

#include "parsers.h"
#include "targetwatch/ingest/ingest.h"
#include "targetwatch/xlsx/workbook.h"
#include "text.h"

namespace targetwatch {
namespace detail {
namespace {

// The sheet a template names 报送; a workbook made by hand has its figures on the first sheet.
constexpr std::string_view kReportSheet = "报送";

// A percent-formatted number as Excel shows it and the clerk typed it: 0.96 is "96%". Read as
// that text, it is 96 with the unit %: right for an indicator in %, a unit mismatch (an error,
// not a silent 0.96) for one counted in 件.
std::string percent_text(double fraction) {
  // 15 significant digits drop the binary noise of the scaling (0.07 * 100 = 7.000000000000001).
  char buffer[32];
  const int n = std::snprintf(buffer, sizeof buffer, "%.15g", fraction * 100);
  return std::string(buffer, static_cast<std::size_t>(n)) + "%";
}

Table to_table(const xlsx::Sheet& sheet) {
  Table table;
  table.kind = InputKind::kSheet;
  table.sheet = sheet.name;
  table.fixed_width = false;  // a spreadsheet row ends at its last non-empty cell
  for (const auto& cell : sheet.cells) {
    if (table.rows.empty() || table.rows.back().number != cell.row) {
      table.rows.push_back(TableRow{cell.row, {}});
    }
    auto& cells = table.rows.back().cells;
    if (cells.size() < cell.column) cells.resize(cell.column);
    TableCell& out = cells[cell.column - 1];
    if (cell.kind == xlsx::CellKind::kNumber && cell.percent) {
      out.text = percent_text(cell.number);
      continue;
    }
    out.text = cell.text;
    if (cell.kind == xlsx::CellKind::kNumber) out.number = cell.number;
    out.date = cell.date;
  }
  return table;
}

}  // namespace

ParseOutput parse_xlsx(std::string_view bytes) {
  ParseOutput out;
  out.batch.layout.kind = InputKind::kSheet;
  auto workbook = xlsx::read_workbook(bytes);
  if (!workbook) {
    out.errors.push_back({0, "", "unreadable xlsx workbook: " + workbook.error().message, "",
                          "无法读取 xlsx 工作簿（文件损坏、加密或不是 Excel 文件）"});
    return out;
  }
  const xlsx::Sheet* sheet = workbook->find_sheet(kReportSheet);
  if (!sheet && !workbook->sheets.empty()) sheet = &workbook->sheets.front();
  if (!sheet) {
    out.errors.push_back({0, "", "the workbook has no worksheet", "", "工作簿里没有工作表"});
    return out;
  }
  out = parse_table(to_table(*sheet));
  return out;
}

}  // namespace detail

Result<IngestBatch, IngestErrors> parse_actuals_xlsx(std::string_view bytes) {
  auto out = detail::parse_xlsx(bytes);
  if (!out.errors.empty()) return std::move(out.errors);
  return std::move(out.batch);
}

}  // namespace targetwatch
