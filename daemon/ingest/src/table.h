// A table of cells, the common form of CSV files and spreadsheets, and the reading of actual
// records from it (header detection, column mapping, skipped template rows).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "targetwatch/ingest/ingest.h"
#include "targetwatch/model/date.h"

namespace targetwatch::detail {

struct TableCell {
  std::string text;              ///< as written (a spreadsheet's shown text for other kinds)
  std::optional<double> number;  ///< a numeric spreadsheet cell
  std::optional<Date> date;      ///< a date-formatted spreadsheet cell
};

struct TableRow {
  std::size_t number = 0;        ///< CSV line / spreadsheet row (1-based)
  std::vector<TableCell> cells;  ///< cells[i] is column i; missing trailing cells are empty
};

struct Table {
  InputKind kind = InputKind::kCsv;
  std::string sheet;
  std::vector<TableRow> rows;  ///< in order; rows with no cells may be absent
  /// CSV: every data row must have as many cells as the header (a shifted row is an error).
  bool fixed_width = true;
};

/// What a parser produced: the records of the good rows and the errors of the others.
struct ParseOutput {
  IngestBatch batch;
  IngestErrors errors;
};

/// Finds the header, maps columns to fields and reads every row below it.
ParseOutput parse_table(const Table& table);

/// What parse_rows needs to know of a table besides its rows.
struct TableShape {
  InputKind kind = InputKind::kCsv;
  std::string sheet;
  bool fixed_width = true;    ///< as Table::fixed_width
  std::size_t rows_hint = 0;  ///< about how many rows (reserved for the records)
};

/// parse_table over rows handed over one at a time by `next` (nullptr at the end; a row stays
/// valid until the next call), so that a large upload is never held as a table of cells.
ParseOutput parse_rows(const TableShape& shape, const std::function<const TableRow*()>& next);

/// Sorts errors by row, keeping the order within a row.
void sort_by_row(IngestErrors& errors);

}  // namespace targetwatch::detail
