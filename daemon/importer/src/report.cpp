// The import report printed on stderr by `targetwatch import`.
#include <string>

#include "targetwatch/importer/importer.h"

namespace targetwatch {
namespace {

void list(std::string& out, std::string_view source, const std::vector<ImportIssue>& issues) {
  for (const auto& issue : issues) {
    out += "  ";
    out += source;
    out += ':';
    out += issue.place.empty() ? std::to_string(issue.line) : issue.place;
    out += ": ";
    if (!issue.text.empty()) {
      out += '"';
      if (issue.text.size() > 160) {
        // Cut on a character boundary: never split a UTF-8 sequence.
        std::size_t cut = 160;
        while (cut > 0 && (static_cast<unsigned char>(issue.text[cut]) & 0xC0) == 0x80) --cut;
        out += issue.text.substr(0, cut) + "...";
      } else {
        out += issue.text;
      }
      out += "\": ";
    }
    out += issue.reason;
    out += '\n';
  }
}

}  // namespace

std::string format_import_report(const ImportResult& result, std::string_view source_name) {
  const auto& d = result.department;
  const auto& c = result.counts;
  std::string out;
  out += "import ";
  out += source_name;
  out += ": department " + (d.code.empty() ? std::string("?") : d.code) + " " + d.name +
         ", fiscal year " + std::to_string(d.fiscal_year) + ", amounts in " + d.amount_unit + "\n";
  out += "  read " + std::to_string(c.lines) + " lines: " + std::to_string(c.projects) +
         " projects, " + std::to_string(c.indicators) + " indicators (" +
         std::to_string(c.department_indicators) + " department-wide, " +
         std::to_string(c.project_indicators) + " of projects), " + std::to_string(c.checkpoints) +
         " spending-plan checkpoints, " + std::to_string(c.budget_lines) + " budget lines\n";
  out += "uncertain readings: " + std::to_string(result.uncertain.size()) +
         (result.uncertain.empty() ? "\n" : " (marked with a comment in the targets file)\n");
  list(out, source_name, result.uncertain);
  out += "lines not placed: " + std::to_string(result.unplaced.size()) + "\n";
  list(out, source_name, result.unplaced);
  out += "cross-check warnings: " + std::to_string(result.warnings.size()) + "\n";
  list(out, source_name, result.warnings);
  out += result.complete() ? "complete: every line was placed\n"
                           : "incomplete: some lines were not placed (see above)\n";
  return out;
}

}  // namespace targetwatch
