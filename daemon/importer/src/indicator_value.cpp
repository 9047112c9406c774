// Printed indicator values and spending-plan labels read into comparator, target, unit, deadline.
#include "targetwatch/importer/indicator_value.h"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "text.h"

namespace targetwatch {
namespace {

using importer::compact;
using importer::decode_utf8;
using importer::fold_width;

bool valid_year(int year) { return year >= 1 && year <= 9999; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool has_digit(std::string_view s) {
  for (char c : s) {
    if (is_digit(c)) return true;
  }
  return false;
}

bool consume(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

bool consume_suffix(std::string_view& s, std::string_view suffix) {
  if (s.size() < suffix.size() || s.substr(s.size() - suffix.size()) != suffix) return false;
  s.remove_suffix(suffix.size());
  return true;
}

/// Reads 1..max_digits decimal digits as an int.
std::optional<int> consume_int(std::string_view& s, std::size_t max_digits) {
  std::size_t n = 0;
  while (n < s.size() && is_digit(s[n])) ++n;
  if (n == 0 || n > max_digits) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < n; ++i) value = value * 10 + (s[i] - '0');
  s.remove_prefix(n);
  return value;
}

/// 一..十二 as used for months and quarters.
std::optional<int> consume_chinese_number(std::string_view& s) {
  static constexpr std::array<std::pair<std::string_view, int>, 12> kNumbers{{
      {"十二", 12},
      {"十一", 11},
      {"十", 10},
      {"一", 1},
      {"二", 2},
      {"三", 3},
      {"四", 4},
      {"五", 5},
      {"六", 6},
      {"七", 7},
      {"八", 8},
      {"九", 9},
  }};
  for (const auto& [word, value] : kNumbers) {
    if (consume(s, word)) return value;
  }
  return std::nullopt;
}

std::optional<int> consume_month_number(std::string_view& s) {
  std::string_view probe = s;
  if (auto n = consume_int(probe, 2)) {
    s = probe;
    return n;
  }
  return consume_chinese_number(s);
}

// ---- deadlines ---------------------------------------------------------------------------

std::optional<Date> end_of_month_checked(int year, int month) {
  if (!valid_year(year) || month < 1 || month > 12) return std::nullopt;
  return Date::end_of_month(year, month);
}

bool consume_before(std::string_view& s) {
  return consume(s, "之前") || consume(s, "以前") || consume(s, "前");
}

/// `8月前`, `2025年8月底前`, `8月31日前`, `年底前`, `2025-08-31`: the deadline date, or nullopt.
std::optional<Date> parse_deadline(std::string_view s, int fiscal_year) {
  {
    std::string_view t = s;
    if ((consume(t, "年底") || consume(t, "年末")) &&
        (t.empty() || (consume_before(t) && t.empty()))) {
      return end_of_month_checked(fiscal_year, 12);
    }
  }
  {
    // ISO-like dates: 2025-08-31, 2025.8.31, 2025/08/31, optionally followed by 前.
    std::string_view t = s;
    auto year = consume_int(t, 4);
    if (year && *year >= 1000 && !t.empty() && (t[0] == '-' || t[0] == '.' || t[0] == '/')) {
      const char sep = t[0];
      t.remove_prefix(1);
      auto month = consume_int(t, 2);
      if (month && !t.empty() && t[0] == sep) {
        t.remove_prefix(1);
        auto day = consume_int(t, 2);
        if (day && (t.empty() || (consume_before(t) && t.empty())) &&
            Date::is_valid_ymd(*year, *month, *day)) {
          return Date::from_ymd(*year, *month, *day);
        }
      }
    }
  }
  std::string_view t = s;
  int year = fiscal_year;
  {
    std::string_view probe = t;
    if (auto y = consume_int(probe, 4); y && *y >= 1000 && consume(probe, "年")) {
      year = *y;
      t = probe;
    }
  }
  auto month = consume_int(t, 2);
  if (!month || !consume(t, "月") || *month < 1 || *month > 12 || !valid_year(year)) {
    return std::nullopt;
  }
  if (consume(t, "底") || consume(t, "末")) {
    if (t.empty() || (consume_before(t) && t.empty())) return Date::end_of_month(year, *month);
    return std::nullopt;
  }
  if (consume_before(t)) {
    if (!t.empty()) return std::nullopt;
    // "8月前": before August, i.e. by the end of July.
    if (*month == 1)
      return valid_year(year - 1) ? std::optional(Date::last_of_year(year - 1)) : std::nullopt;
    return Date::end_of_month(year, *month - 1);
  }
  auto day = consume_int(t, 2);
  if (!day || !(consume(t, "日") || consume(t, "号"))) return std::nullopt;
  if (!t.empty() && !(consume_before(t) && t.empty())) return std::nullopt;
  if (!Date::is_valid_ymd(year, *month, *day)) return std::nullopt;
  return Date::from_ymd(year, *month, *day);
}

// ---- comparators -------------------------------------------------------------------------

enum class Prefix { kNone, kGe, kLe, kGt, kLt, kEq, kApprox, kOther };

struct PrefixWord {
  std::string_view text;
  Prefix prefix;
};

// Longest first, so "不超过" wins over "不超" and ">=" over ">".
constexpr std::array<PrefixWord, 42> kPrefixes{{
    {"大于或等于", Prefix::kGe}, {"小于或等于", Prefix::kLe}, {"大于等于", Prefix::kGe},
    {"小于等于", Prefix::kLe},   {"不低于", Prefix::kGe},     {"不少于", Prefix::kGe},
    {"不小于", Prefix::kGe},     {"不高于", Prefix::kLe},     {"不超过", Prefix::kLe},
    {"不多于", Prefix::kLe},     {"不大于", Prefix::kLe},     {"控制在", Prefix::kLe},
    {"不超", Prefix::kLe},       {"至少", Prefix::kGe},       {"最少", Prefix::kGe},
    {"最多", Prefix::kLe},       {"最高", Prefix::kLe},       {"达到", Prefix::kGe},
    {"超过", Prefix::kGt},       {"高于", Prefix::kGt},       {"大于", Prefix::kGt},
    {"多于", Prefix::kGt},       {"低于", Prefix::kLt},       {"小于", Prefix::kLt},
    {"少于", Prefix::kLt},       {"等于", Prefix::kEq},       {"约为", Prefix::kApprox},
    {"超", Prefix::kGt},         {"达", Prefix::kGe},         {"约", Prefix::kApprox},
    {">=", Prefix::kGe},         {"=>", Prefix::kGe},         {"<=", Prefix::kLe},
    {"=<", Prefix::kLe},         {"==", Prefix::kEq},         {"≥", Prefix::kGe},
    {"≤", Prefix::kLe},          {">", Prefix::kGt},          {"<", Prefix::kLt},
    {"=", Prefix::kEq},          {"≈", Prefix::kApprox},      {"≠", Prefix::kOther},
}};

Comparator to_comparator(Prefix p) {
  switch (p) {
    case Prefix::kGe:
      return Comparator::kGreaterEqual;
    case Prefix::kLe:
      return Comparator::kLessEqual;
    case Prefix::kGt:
      return Comparator::kGreater;
    case Prefix::kLt:
      return Comparator::kLess;
    default:
      return Comparator::kEqual;
  }
}

/// A decimal number with optional sign and thousands separators; advances `s`.
std::optional<double> consume_number(std::string_view& s) {
  std::string_view t = s;
  std::string digits;
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
    if (t[0] == '-') digits.push_back('-');
    t.remove_prefix(1);
  }
  std::size_t int_digits = 0;
  while (!t.empty()) {
    if (is_digit(t[0])) {
      digits.push_back(t[0]);
      ++int_digits;
      t.remove_prefix(1);
    } else if (t[0] == ',' && int_digits > 0 && t.size() >= 4 && is_digit(t[1]) && is_digit(t[2]) &&
               is_digit(t[3]) && (t.size() == 4 || !is_digit(t[4]))) {
      t.remove_prefix(1);
    } else {
      break;
    }
  }
  if (int_digits == 0) return std::nullopt;
  if (t.size() >= 2 && t[0] == '.' && is_digit(t[1])) {
    digits.push_back('.');
    t.remove_prefix(1);
    while (!t.empty() && is_digit(t[0])) {
      digits.push_back(t[0]);
      t.remove_prefix(1);
    }
  }
  if (digits.size() > 40) return std::nullopt;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  s = t;
  return value;
}

// ---- units -------------------------------------------------------------------------------

std::string normalize_unit(std::string_view unit) {
  std::string out;
  std::size_t pos = 0;
  while (pos < unit.size()) {
    const std::size_t start = pos;
    const char32_t cp = decode_utf8(unit, pos);
    if (cp == 0x33A1) {  // ㎡
      out += "m²";
    } else if (cp == 0x33A5) {  // ㎥
      out += "m³";
    } else if ((cp == '2' || cp == '3') && !out.empty() && out.back() == 'm' &&
               (pos >= unit.size() || !is_digit(unit[pos]))) {
      out += cp == '2' ? "²" : "³";
    } else if (cp == '^' && pos < unit.size() && (unit[pos] == '2' || unit[pos] == '3') &&
               !out.empty() && out.back() == 'm') {
      // "m^2": the caret is dropped, the digit becomes a superscript on the next turn.
    } else {
      out.append(unit.substr(start, pos - start));
    }
  }
  if (out == "百分比") out.assign(1, '%');
  return out;
}

/// Why `unit` is not a plain unit, or "" when it is one.
std::string_view unit_problem(std::string_view unit) {
  if (unit.empty()) return {};
  if (has_digit(unit)) return "text with figures after the number";
  if (unit.find('%') != std::string_view::npos && unit != "%") {
    return "text after the percentage";
  }
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < unit.size()) {
    const char32_t cp = decode_utf8(unit, pos);
    ++count;
    const bool ideograph = (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
    const bool ascii_letter = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    const bool symbol = cp == '/' || cp == '%' || cp == 0x2030 || cp == 0xB2 || cp == 0xB3 ||
                        cp == 0xB7 || cp == 0x2103 || cp == 0xB0 || cp == 0x22C5;
    if (!ideograph && !ascii_letter && !symbol) return "unexpected characters after the number";
  }
  if (count > 10) return "long text after the number";
  const std::string_view tail_chars[] = {"前", "后", "起", "止"};
  for (auto tail : tail_chars) {
    if (unit.size() >= tail.size() && unit.substr(unit.size() - tail.size()) == tail) {
      return "reads like a time, not a unit";
    }
  }
  if (unit == "月") return "a month or a number of months";
  return {};
}

ParsedValue qualitative(std::string expected) {
  ParsedValue v;
  v.comparator = Comparator::kQualitative;
  v.expected = std::move(expected);
  return v;
}

ParsedValue uncertain(std::string expected, std::string reason) {
  ParsedValue v = qualitative(std::move(expected));
  v.uncertain = true;
  v.reason = std::move(reason);
  return v;
}

bool starts_range(std::string_view rest) {
  static constexpr std::string_view kRangeMarks[] = {"-", "~", "～", "至", "到", "—", "–", "－"};
  for (auto mark : kRangeMarks) {
    std::string_view t = rest;
    if (consume(t, mark) && has_digit(t)) return true;
  }
  return false;
}

}  // namespace

ParsedValue parse_indicator_value(std::string_view printed, int fiscal_year) {
  std::string text = importer::clean_cell(printed);
  const std::string folded = compact(fold_width(text));
  std::string_view s = folded;
  if (s.empty()) return uncertain(text, "no value printed");

  if (auto deadline = parse_deadline(s, fiscal_year)) {
    ParsedValue v;
    v.comparator = Comparator::kDeadline;
    v.deadline = deadline;
    return v;
  }
  if (!has_digit(s)) return qualitative(text);

  Prefix prefix = Prefix::kNone;
  for (const auto& word : kPrefixes) {
    if (consume(s, word.text)) {
      prefix = word.prefix;
      break;
    }
  }
  if (prefix == Prefix::kApprox) return uncertain(text, "an approximate value");
  if (prefix == Prefix::kOther) return uncertain(text, "a comparison the model cannot express");

  auto number = consume_number(s);
  if (!number) return uncertain(text, "the number is not where the target would be");
  if (starts_range(s)) return uncertain(text, "a range or period, not a single target");

  std::string_view rest = s;
  Prefix suffix = Prefix::kNone;
  if (consume_suffix(rest, "及以上") || consume_suffix(rest, "以上")) {
    suffix = Prefix::kGe;
  } else if (consume_suffix(rest, "及以下") || consume_suffix(rest, "以下") ||
             consume_suffix(rest, "以内") || consume_suffix(rest, "之内")) {
    suffix = Prefix::kLe;
  } else if (consume_suffix(rest, "左右")) {
    return uncertain(text, "an approximate value");
  } else if (rest.size() > 3 && consume_suffix(rest, "内")) {
    suffix = Prefix::kLe;  // "10天内": within ten days (bare "内" alone is no unit)
  }
  if (prefix != Prefix::kNone && suffix != Prefix::kNone && prefix != suffix) {
    return uncertain(text, "contradictory comparison words");
  }

  std::string unit = normalize_unit(rest);
  if (auto problem = unit_problem(unit); !problem.empty()) {
    return uncertain(text, std::string(problem));
  }

  ParsedValue v;
  v.comparator = to_comparator(prefix != Prefix::kNone ? prefix : suffix);
  v.target = *number == 0 ? 0.0 : *number;  // no "-0"
  v.unit = std::move(unit);
  return v;
}

std::optional<Date> parse_checkpoint_label(std::string_view label, int fiscal_year) {
  if (!valid_year(fiscal_year)) return std::nullopt;
  const std::string folded = compact(fold_width(label));
  std::string_view s = folded;
  const auto at_end = [](std::string_view t) {
    return t.empty() || t == "前" || t == "止" || t == "（%）" || t == "(%)";
  };
  {
    std::string_view t = s;
    if (auto month = consume_month_number(t); month && consume(t, "月")) {
      consume(t, "份");
      if (!consume(t, "底")) consume(t, "末");
      if (at_end(t)) return end_of_month_checked(fiscal_year, *month);
    }
  }
  {
    std::string_view t = s;
    consume(t, "第");
    auto quarter = consume_month_number(t);
    if (quarter && *quarter >= 1 && *quarter <= 4 && consume(t, "季度")) {
      if (!consume(t, "末")) consume(t, "底");
      if (at_end(t)) return Date::end_of_month(fiscal_year, *quarter * 3);
    }
  }
  if (s == "上半年" || s == "上半年末" || s == "上半年底")
    return Date::end_of_month(fiscal_year, 6);
  if (s == "全年" || s == "年底" || s == "年末" || s == "下半年" || s == "下半年末" ||
      s == "全年度") {
    return Date::end_of_month(fiscal_year, 12);
  }
  return std::nullopt;
}

}  // namespace targetwatch
