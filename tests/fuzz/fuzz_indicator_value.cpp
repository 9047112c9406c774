// libFuzzer target: parse_indicator_value and parse_checkpoint_label on arbitrary bytes must not
// crash, and a reading is either a clean number or a flagged qualitative one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "targetwatch/importer/indicator_value.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The fiscal year varies with the input so that leap years and the year bounds are reached.
  const int year = size == 0 ? 2025 : 1990 + data[0] % 80;
  const auto value = targetwatch::parse_indicator_value(text, year);
  if (value.uncertain && value.target) std::abort();  // an uncertain reading never has a number
  if (value.target && value.comparator == targetwatch::Comparator::kQualitative) std::abort();
  if (value.comparator == targetwatch::Comparator::kDeadline && !value.deadline) std::abort();
  (void)targetwatch::parse_checkpoint_label(text, year);
  return 0;
}
