// Money units (元, 万元, 亿元) and conversion of unit strings that carry a money prefix.
#pragma once

#include <optional>
#include <string_view>

namespace targetwatch {

/// Yuan per one of `unit` ("元" 1, "万元" 1e4, "亿元" 1e8); nullopt for anything else.
std::optional<double> yuan_per(std::string_view money_unit);

/// Factor that converts a value expressed in `from` into `to` when both are the same unit up to
/// their money prefix ("元/人/天" -> "万元/人/天" = 1e-4); 1 when equal; nullopt when unrelated.
std::optional<double> unit_conversion_factor(std::string_view from, std::string_view to);

}  // namespace targetwatch
