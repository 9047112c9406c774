// The text exposition format (0.0.4) of the compliance families (private): escaping, numbers,
// family headers, and one department's samples rendered family by family.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "families.h"

namespace targetwatch::metrics::detail {

/// Appends `value` with the label escaping of the text format (backslash, quote, newline).
void append_escaped(std::string& out, std::string_view value);

/// Appends a sample value the way prometheus::TextSerializer prints it: "%.16g" (its stream
/// precision is max_digits10 - 1), "Nan", "+Inf", "-Inf".
void append_number(std::string& out, double value);

/// "# HELP <name> <help>\n# TYPE <name> <type>\n".
std::string family_header(const Family& family);

/// One department's samples, family by family: the samples of family f are
/// text[offsets[f], offsets[f + 1]). A whole exposition is, for each family, its header and then
/// its slice of every department (the text format wants each family in one group).
struct DepartmentText {
  std::string text;
  std::vector<std::size_t> offsets;  ///< compliance_families().size() + 1 entries

  std::string_view family(std::size_t f) const {
    return std::string_view(text).substr(offsets[f], offsets[f + 1] - offsets[f]);
  }
};

/// `size_hint`: the length of this department's previous text, or 0. `buffer`: memory to write
/// into (its contents are discarded), e.g. the previous text's when nothing else holds it.
DepartmentText render_department(const DepartmentEvaluation& department,
                                 const DepartmentLamps& lamps, std::size_t size_hint = 0,
                                 std::string buffer = {});

}  // namespace targetwatch::metrics::detail
