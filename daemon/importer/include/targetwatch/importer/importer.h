// The importer: a published department budget disclosure (text extracted from the PDF) read into
// the targets model, with every line accounted for. Pure: no I/O, no clock.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/model/targets.h"

namespace targetwatch {

/// One remark about the source text, tied to a line when there is one.
struct ImportIssue {
  int line = 0;        ///< 1-based line of the source; 0 when not tied to one line
  std::string text;    ///< the line as printed (cells joined by " | "), or the subject
  std::string reason;  ///< what is wrong or uncertain, in plain words
  std::string place;   ///< spreadsheets: "SHEET!ROW", printed instead of the line; else empty
  friend bool operator==(const ImportIssue&, const ImportIssue&) = default;
};

/// What was read.
struct ImportCounts {
  int lines = 0;  ///< non-empty lines of the source
  int projects = 0;
  int department_indicators = 0;  ///< 部门整体支出绩效指标 rows
  int project_indicators = 0;
  int indicators = 0;    ///< department + project indicators
  int checkpoints = 0;   ///< spending-plan checkpoints of all projects
  int budget_lines = 0;  ///< rows of the budget summary tables kept as BudgetLine
  int uncertain = 0;     ///< indicators whose value was read with some uncertainty
  friend bool operator==(const ImportCounts&, const ImportCounts&) = default;
};

/// The outcome of one import. Every non-empty line of the source is either consumed into
/// `department`, recognized as boilerplate (cover, table of contents, page numbers, repeated table
/// headers, unit and year lines, notes, narrative sections, auxiliary tables such as 政府采购 and
/// 固定资产 that have no place in the model), or listed in `unplaced`.
struct ImportResult {
  Department department;
  std::vector<ImportIssue> unplaced;   ///< lines that could not be placed, and missing essentials
  std::vector<ImportIssue> uncertain;  ///< readings marked with a remark (see Indicator::remark)
  std::vector<ImportIssue> warnings;   ///< cross-check failures; the figures are kept as printed
  ImportCounts counts;

  /// True when every line was placed (and the department header was found).
  bool complete() const { return unplaced.empty(); }
  friend bool operator==(const ImportResult&, const ImportResult&) = default;
};

/// Reads one disclosure document. Deterministic and total: any text gives a result, never throws
/// on bad input. Thread-safe (no shared state).
ImportResult import_disclosure(std::string_view text);

/// The human report for stderr: what was read, every uncertain reading, every line not placed
/// ("SOURCE:LINE: ...") and every cross-check warning, ending with the verdict.
std::string format_import_report(const ImportResult& result, std::string_view source_name);

}  // namespace targetwatch
