// The source text as rows of cleaned cells, and the sink that collects the importer's remarks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/importer/importer.h"

namespace targetwatch::importer {

/// One line of the source: its cells (split at tabs, each cleaned) and where it was.
struct Row {
  int line = 0;  ///< 1-based
  std::vector<std::string>
      cells;            ///< never empty; trailing empty cells kept (tab positions matter)
  bool tabbed = false;  ///< the line had at least one tab

  const std::string& cell(std::size_t i) const;
  bool blank() const;
  int non_empty() const;
  /// Index of the last non-empty cell + 1.
  std::size_t used_width() const;
  /// Cells joined by " | " without trailing empty ones: how the line is quoted in reports.
  std::string display() const;
};

/// Splits the text into rows (\n, \r\n or \r; form feeds are page breaks, i.e. blank lines).
std::vector<Row> split_rows(std::string_view text);

/// Collects unplaced lines, uncertain readings and cross-check warnings.
struct Sink {
  std::vector<ImportIssue> unplaced;
  std::vector<ImportIssue> uncertain;
  std::vector<ImportIssue> warnings;

  void unplace(const Row& row, std::string reason) {
    unplaced.push_back({row.line, row.display(), std::move(reason), {}});
  }
  void unplace(int line, std::string text, std::string reason) {
    unplaced.push_back({line, std::move(text), std::move(reason), {}});
  }
  void warn(int line, std::string text, std::string reason) {
    warnings.push_back({line, std::move(text), std::move(reason), {}});
  }
  void doubt(int line, std::string text, std::string reason) {
    uncertain.push_back({line, std::move(text), std::move(reason), {}});
  }
};

/// A money figure for messages: "743.91" (two decimals, no float noise).
std::string format_amount(double value);

}  // namespace targetwatch::importer
