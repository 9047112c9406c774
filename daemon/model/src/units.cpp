// Money-unit conversion for spending figures and money-valued indicators.
#include "targetwatch/model/units.h"

#include <array>
#include <utility>

namespace targetwatch {
namespace {

constexpr std::array<std::pair<std::string_view, double>, 3> kMoneyUnits{
    {{"亿元", 1e8}, {"万元", 1e4}, {"元", 1.0}}};

// Splits "万元/人/天" into its money factor (1e4) and the rest ("/人/天").
std::optional<std::pair<double, std::string_view>> split_money(std::string_view unit) {
  for (const auto& [name, factor] : kMoneyUnits) {
    if (unit.substr(0, name.size()) == name) return std::pair{factor, unit.substr(name.size())};
  }
  // "万" alone as printed in "≤7.8万" means 万元.
  if (unit.substr(0, 3) == "万") return std::pair{1e4, unit.substr(3)};
  return std::nullopt;
}

}  // namespace

std::optional<double> yuan_per(std::string_view money_unit) {
  for (const auto& [name, factor] : kMoneyUnits) {
    if (name == money_unit) return factor;
  }
  return std::nullopt;
}

std::optional<double> unit_conversion_factor(std::string_view from, std::string_view to) {
  if (from == to) return 1.0;
  const auto f = split_money(from);
  const auto t = split_money(to);
  if (!f || !t || f->second != t->second) return std::nullopt;
  return f->first / t->first;
}

}  // namespace targetwatch
