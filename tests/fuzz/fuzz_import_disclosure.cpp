// libFuzzer target: import_disclosure on arbitrary text must not crash, must be deterministic, and
// must account for what it read (counts agree with the model); the report must format. The same
// bytes go through the spreadsheet importer as CSV, under the same rules.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "targetwatch/importer/importer.h"
#include "targetwatch/importer/spreadsheet.h"

namespace {

void check(const targetwatch::ImportResult& result) {
  if (result.counts.projects != static_cast<int>(result.department.projects.size())) std::abort();
  if (result.counts.budget_lines != static_cast<int>(result.department.budget_lines.size())) {
    std::abort();
  }
  for (const auto& p : result.department.projects) {
    for (std::size_t i = 1; i < p.spending_plan.size(); ++i) {
      if (!(p.spending_plan[i - 1].by < p.spending_plan[i].by)) std::abort();  // sorted, unique
    }
  }
  (void)targetwatch::format_import_report(result, "fuzz");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto result = targetwatch::import_disclosure(text);
  check(result);
  if (size < 4096 && !(targetwatch::import_disclosure(text) == result)) std::abort();

  auto grid = targetwatch::parse_csv_grid(text);
  if (grid.ok()) {
    const auto sheets = targetwatch::import_sheets({*grid});
    check(sheets);
    if (size < 4096 && !(targetwatch::import_sheets({*grid}) == sheets)) std::abort();
  }
  return 0;
}
