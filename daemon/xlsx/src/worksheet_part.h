// One worksheet part: the cells of its sheetData.
#pragma once

#include <string>
#include <vector>

#include "number_format.h"
#include "targetwatch/model/result.h"
#include "targetwatch/xlsx/workbook.h"
#include "zip_reader.h"

namespace targetwatch::xlsx::detail {

/// What the worksheets share: the string table, the number styles, the date system, the limits.
struct SheetContext {
  const std::vector<std::string>& shared_strings;
  const std::vector<NumberStyle>& number_styles;
  bool date1904 = false;
  const Limits& limits;
  std::size_t cells_before = 0;  // cells read from earlier sheets (max_cells is per workbook)
};

/// Reads the cells of `part` into `sheet` (cells, max_row, max_column).
Result<Ok> read_worksheet(ZipReader& zip, const std::string& part, const SheetContext& context,
                          Sheet& sheet);

}  // namespace targetwatch::xlsx::detail
