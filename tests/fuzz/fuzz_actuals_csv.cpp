// libFuzzer target: read_actuals on arbitrary CSV bytes (UTF-8 or GB18030) must not crash, every
// problem carries both reasons, and a valid batch round-trips through actuals_to_csv.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_actuals_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  targetwatch::fuzz::read_and_check(bytes, targetwatch::InputFormat::kCsv);
  return 0;
}
