// Cell-level text rules: A1 references, the decimal form of numbers, and the _xHHHH_ escapes
// OOXML uses for characters XML cannot carry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace targetwatch::xlsx::detail {

constexpr std::uint32_t kMaxRow = 1'048'576;  // Excel's grid: 1048576 rows,
constexpr std::uint32_t kMaxColumn = 16'384;  // columns A..XFD

struct CellReference {
  std::uint32_t row = 0;
  std::uint32_t column = 0;
};

/// "B3" -> (3, 2); "$B$3" also accepted. nullopt for anything else or outside Excel's grid.
std::optional<CellReference> parse_cell_reference(std::string_view text);

/// Shortest round-trip decimal; plain notation for |x| in [1e-6, 1e15), "0" for -0.
std::string format_number(double value);

/// Parses a cell's <v> number (surrounding blanks allowed); nullopt when it is not one.
std::optional<double> parse_number(std::string_view text);

/// Decodes "_xHHHH_" (UTF-16 code units, surrogate pairs joined) into UTF-8; "_x005F_" is how a
/// literal underscore before "xHHHH_" is kept.
std::string decode_escapes(std::string_view text);

}  // namespace targetwatch::xlsx::detail
