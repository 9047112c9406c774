// An xlsx workbook as the spreadsheet importer's grids. Header-only, so that the importer's sources
// stay free of the xlsx reader (the CLI reads the file, read_workbook parses it, this converts).
#pragma once

#include <vector>

#include "targetwatch/importer/spreadsheet.h"
#include "targetwatch/xlsx/workbook.h"

namespace targetwatch {

/// The workbook's sheets as grids: text as read, dates as ISO dates (2025-06-30).
inline std::vector<SheetGrid> sheet_grids(const xlsx::Workbook& workbook) {
  std::vector<SheetGrid> grids;
  for (const auto& sheet : workbook.sheets) {
    SheetGrid grid{sheet.name, {}};
    grid.rows.resize(sheet.max_row);
    for (const auto& cell : sheet.cells) {
      if (cell.row == 0 || cell.column == 0 || cell.row > grid.rows.size()) continue;
      auto& row = grid.rows[cell.row - 1];
      if (row.size() < cell.column) row.resize(cell.column);
      row[cell.column - 1] = cell.date ? cell.date->iso() : cell.text;
    }
    grids.push_back(std::move(grid));
  }
  return grids;
}

}  // namespace targetwatch
