// libFuzzer target: read_workbook on arbitrary bytes must not crash, must stay inside its limits,
// and whatever it returns must be a consistent workbook (cells sorted, in the grid, findable).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "targetwatch/xlsx/workbook.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Tighter than the defaults so that every run stays small and quick.
  targetwatch::xlsx::Limits limits;
  limits.max_total_uncompressed = 8u << 20;
  limits.max_entry_uncompressed = 4u << 20;
  limits.max_cells = 100'000;
  limits.max_shared_strings = 100'000;
  const auto workbook = targetwatch::xlsx::read_workbook(bytes, limits);
  if (!workbook) {
    if (workbook.error().message.empty()) std::abort();
    return 0;
  }
  std::size_t cells = 0;
  for (const auto& sheet : workbook->sheets) {
    cells += sheet.cells.size();
    const targetwatch::xlsx::Cell* previous = nullptr;
    for (const auto& cell : sheet.cells) {
      if (cell.row < 1 || cell.row > 1'048'576 || cell.column < 1 || cell.column > 16'384) {
        std::abort();
      }
      if (cell.row > sheet.max_row || cell.column > sheet.max_column) std::abort();
      if (previous != nullptr && (previous->row > cell.row ||
                                  (previous->row == cell.row && previous->column > cell.column))) {
        std::abort();
      }
      if (sheet.find(cell.row, cell.column) == nullptr) std::abort();
      if (cell.date && cell.kind != targetwatch::xlsx::CellKind::kNumber) std::abort();
      if (cell.kind == targetwatch::xlsx::CellKind::kString && cell.text.empty()) std::abort();
      (void)targetwatch::xlsx::cell_address(cell.row, cell.column);
      previous = &cell;
    }
    if (workbook->find_sheet(sheet.name) == nullptr) std::abort();
  }
  if (cells > limits.max_cells) std::abort();
  return 0;
}
