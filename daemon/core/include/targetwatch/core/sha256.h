// SHA-256 (FIPS 180-4), small and dependency-free: bearer tokens are stored as their hash.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace targetwatch::core {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(std::string_view data);
/// 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);
/// Equality of two byte strings in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace targetwatch::core
