// format_import_report: the stderr report names the source, the counts and every issue's line.
#include <gtest/gtest.h>

#include "targetwatch/importer/importer.h"

namespace targetwatch {
namespace {

TEST(ImportReport, ListsCountsAndIssues) {
  ImportResult r;
  r.department.code = "375";
  r.department.name = "廊坊市司法局";
  r.department.fiscal_year = 2025;
  r.counts.lines = 900;
  r.counts.projects = 24;
  r.counts.indicators = 219;
  r.counts.checkpoints = 73;
  r.unplaced.push_back({123, "a | b", "table row outside any known table", ""});
  r.unplaced.push_back({7, "c", "row outside any project block", "项目A!7"});
  r.uncertain.push_back({935, "2023.07-2024.01", "a range or period", ""});
  r.warnings.push_back({0, "projects", "sums differ", ""});
  const std::string report = format_import_report(r, "doc.txt");
  EXPECT_NE(report.find("department 375 廊坊市司法局, fiscal year 2025"), std::string::npos)
      << report;
  EXPECT_NE(report.find("24 projects"), std::string::npos) << report;
  EXPECT_NE(report.find("219 indicators"), std::string::npos) << report;
  EXPECT_NE(report.find("73 spending-plan checkpoints"), std::string::npos) << report;
  EXPECT_NE(report.find("doc.txt:123: \"a | b\": table row outside any known table"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("doc.txt:935:"), std::string::npos) << report;
  // A spreadsheet row is named by its sheet and row instead of a line.
  EXPECT_NE(report.find("doc.txt:项目A!7: \"c\": row outside any project block"), std::string::npos)
      << report;
  EXPECT_NE(report.find("doc.txt:0: \"projects\": sums differ"), std::string::npos) << report;
  EXPECT_NE(report.find("incomplete"), std::string::npos) << report;
  r.unplaced.clear();
  EXPECT_NE(format_import_report(r, "doc.txt").find("complete: every line was placed"),
            std::string::npos);
}

}  // namespace
}  // namespace targetwatch
