// Names and classifications of the targets model's enums.
#include "targetwatch/model/targets.h"

#include <array>
#include <utility>

namespace targetwatch {
namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool is_percent_unit(std::string_view unit) {
  return unit == "%" || unit == "％" || unit == "百分比" || unit == "‰";
}

}  // namespace

std::string_view to_string(Comparator c) {
  switch (c) {
    case Comparator::kGreaterEqual:
      return ">=";
    case Comparator::kLessEqual:
      return "<=";
    case Comparator::kEqual:
      return "=";
    case Comparator::kGreater:
      return ">";
    case Comparator::kLess:
      return "<";
    case Comparator::kQualitative:
      return "qualitative";
    case Comparator::kDeadline:
      return "deadline";
  }
  return "qualitative";
}

std::optional<Comparator> parse_comparator(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, Comparator>, 15> kNames{{
      {">=", Comparator::kGreaterEqual},
      {"≥", Comparator::kGreaterEqual},
      {"＞＝", Comparator::kGreaterEqual},
      {"<=", Comparator::kLessEqual},
      {"≤", Comparator::kLessEqual},
      {"＜＝", Comparator::kLessEqual},
      {"=", Comparator::kEqual},
      {"＝", Comparator::kEqual},
      {">", Comparator::kGreater},
      {"＞", Comparator::kGreater},
      {"<", Comparator::kLess},
      {"＜", Comparator::kLess},
      {"qualitative", Comparator::kQualitative},
      {"deadline", Comparator::kDeadline},
      {"==", Comparator::kEqual},
  }};
  for (const auto& [name, c] : kNames) {
    if (name == s) return c;
  }
  return std::nullopt;
}

std::string_view to_string(Pace p) {
  switch (p) {
    case Pace::kLinear:
      return "linear";
    case Pace::kYearEnd:
      return "year_end";
    case Pace::kNone:
      return "none";
  }
  return "none";
}

std::optional<Pace> parse_pace(std::string_view s) {
  if (s == "linear") return Pace::kLinear;
  if (s == "year_end") return Pace::kYearEnd;
  if (s == "none") return Pace::kNone;
  return std::nullopt;
}

std::string_view to_string(Frequency f) {
  switch (f) {
    case Frequency::kMonthly:
      return "monthly";
    case Frequency::kQuarterly:
      return "quarterly";
    case Frequency::kHalfYearly:
      return "half_yearly";
    case Frequency::kYearly:
      return "yearly";
    case Frequency::kOnce:
      return "once";
  }
  return "quarterly";
}

std::optional<Frequency> parse_frequency(std::string_view s) {
  for (Frequency f : {Frequency::kMonthly, Frequency::kQuarterly, Frequency::kHalfYearly,
                      Frequency::kYearly, Frequency::kOnce}) {
    if (to_string(f) == s) return f;
  }
  return std::nullopt;
}

std::optional<int> period_days(Frequency f) {
  switch (f) {
    case Frequency::kMonthly:
      return 31;
    case Frequency::kQuarterly:
      return 92;
    case Frequency::kHalfYearly:
      return 184;
    case Frequency::kYearly:
      return 366;
    case Frequency::kOnce:
      break;
  }
  return std::nullopt;
}

IndicatorLevel classify_level(std::string_view level1, std::string_view level2) {
  if (contains(level1, "满意") || contains(level2, "满意")) return IndicatorLevel::kSatisfaction;
  if (contains(level1, "产出")) return IndicatorLevel::kOutput;
  if (contains(level1, "效益") || contains(level1, "效果")) return IndicatorLevel::kEffect;
  return IndicatorLevel::kOther;
}

std::string_view id_category(std::string_view level2) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kCategories{{
      {"数量", "quantity"},
      {"质量", "quality"},
      {"时效", "timeliness"},
      {"成本", "cost"},
      {"经济", "economic"},
      {"社会", "social"},
      {"生态", "ecological"},
      {"可持续", "sustainability"},
      {"满意", "satisfaction"},
  }};
  for (const auto& [needle, category] : kCategories) {
    if (contains(level2, needle)) return category;
  }
  return "indicator";
}

Pace effective_pace(const Indicator& indicator) {
  if (indicator.pace) return *indicator.pace;
  const bool accumulates = indicator.comparator == Comparator::kGreaterEqual ||
                           indicator.comparator == Comparator::kGreater;
  if (accumulates && !is_percent_unit(indicator.unit) &&
      id_category(indicator.level2) == "quantity") {
    return Pace::kLinear;
  }
  return Pace::kNone;
}

const Department* Targets::find_department(std::string_view code) const {
  for (const auto& d : departments) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

const Department* Targets::find_department(std::string_view code, int fiscal_year) const {
  for (const auto& d : departments) {
    if (d.code == code && d.fiscal_year == fiscal_year) return &d;
  }
  return nullptr;
}

}  // namespace targetwatch
