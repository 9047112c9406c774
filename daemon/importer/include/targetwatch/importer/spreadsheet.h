// Targets from spreadsheets: the 项目支出绩效目标申报表 exported by a budget system
// (预算管理一体化), one sheet per project or several project blocks per sheet, read into the
// targets model with every row accounted for, as the disclosure importer does. Pure: no I/O, no
// clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/importer/importer.h"
#include "targetwatch/model/result.h"

namespace targetwatch {

/// One sheet as text cells: rows[r][c] is row r + 1, column c + 1 (short rows are fine).
struct SheetGrid {
  std::string name;  ///< "" for a CSV file: issues then name the record (row) alone
  std::vector<std::vector<std::string>> rows;
  friend bool operator==(const SheetGrid&, const SheetGrid&) = default;
};

/// What the sheets may not say: given on the command line, they win over what is printed.
struct SheetImportOptions {
  std::string department_code;  ///< "375"
  std::string department_name;  ///< "廊坊市司法局"
  std::optional<int> fiscal_year;
};

/// Reads project blocks: a 项目名称/项目编码 row (the name and code on one row or on two) opens
/// a block, which holds the 预算金额/项目资金 rows (amounts, with 财政/其他 on the same or the
/// following rows), the 年度绩效目标, a spending plan in month (1月…12月) or quarter
/// (一季度…四季度) columns, and an indicator table whose columns are found from its header row by
/// their aliases (一级指标 二级指标 三级指标 指标性质 指标方向 目标值/指标值 计量单位 分值 ...).
/// An indicator table outside the blocks, under a title naming 整体 or with 部门 level names
/// (部门产出 ...), is the department-wide one (部门整体支出绩效指标).
/// Rows above the first block of a sheet may give the department (部门：375 XX局, 主管部门 |
/// [375]XX局), the year (预算年度：2025, 2025年度) and the amount unit (单位：万元,
/// 预算金额（元）). Every non-empty row is consumed, recognised (titles, administrative rows such
/// as 实施单位 or 项目负责人) or listed in `unplaced`; an issue's `place` is "SHEET!ROW" (or empty
/// for a CSV file, whose record number (its line, unless a quoted field spans lines) is the
/// issue's `line`). Deterministic and total.
ImportResult import_sheets(const std::vector<SheetGrid>& sheets,
                           const SheetImportOptions& options = {});

/// CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF; a UTF-8 BOM is skipped) as one
/// grid. An unterminated quoted field is an error naming its line.
Result<SheetGrid> parse_csv_grid(std::string_view text);

}  // namespace targetwatch
