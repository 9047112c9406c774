// Printed indicator values and spending-plan labels read into comparator, target, unit, deadline.
#include "targetwatch/importer/indicator_value.h"

#include <array>
#include <charconv>
#include <cmath>
#include <span>
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

/// "年底", "年末", "年内": a time word whose 年 follows the printed year directly ("2025年底").
bool starts_with_year_word(std::string_view s) {
  return s.starts_with("年底") || s.starts_with("年末") || s.starts_with("年内");
}

bool consume_before(std::string_view& s) {
  return consume(s, "之前") || consume(s, "以前") || consume(s, "前");
}

/// A whole-year or part-of-year time word, after an optional "YYYY年": 年底 年末 年内 上半年
/// 下半年 (N)季度末 第N季度末, each optionally followed by 前. The month it ends, or nullopt.
std::optional<int> consume_period_end(std::string_view& s) {
  struct PeriodWord {
    std::string_view text;
    int month;
  };
  static constexpr PeriodWord kPeriods[] = {
      {"年底", 12}, {"年末", 12},  {"年内", 12},   {"全年度", 12},
      {"全年", 12}, {"上半年", 6}, {"下半年", 12},
  };
  for (const auto& word : kPeriods) {
    if (consume(s, word.text)) {
      if (!consume(s, "底")) consume(s, "末");
      return word.month;
    }
  }
  std::string_view t = s;
  consume(t, "第");
  if (auto quarter = consume_chinese_number(t); quarter && *quarter >= 1 && *quarter <= 4) {
    if (consume(t, "季度") && (consume(t, "末") || consume(t, "底"))) {
      s = t;
      return *quarter * 3;
    }
  } else if (auto digit = consume_int(t, 1); digit && *digit >= 1 && *digit <= 4) {
    if (consume(t, "季度") && (consume(t, "末") || consume(t, "底"))) {
      s = t;
      return *digit * 3;
    }
  }
  return std::nullopt;
}

/// `8月前`, `2025年8月底前`, `8月31日前`, `年底前`, `上半年`, `三季度末`, `2025-08-31`: the
/// deadline date, or nullopt.
std::optional<Date> parse_deadline(std::string_view s, int fiscal_year) {
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
    if (auto y = consume_int(probe, 4); y && *y >= 1000) {
      // "2025年8月", or "2025年底" where the 年 belongs to the time word.
      if (starts_with_year_word(probe) || consume(probe, "年")) {
        year = *y;
        t = probe;
      }
    }
  }
  {
    std::string_view probe = t;
    if (auto month = consume_period_end(probe)) {
      if (probe.empty() || (consume_before(probe) && probe.empty())) {
        return end_of_month_checked(year, *month);
      }
      return std::nullopt;
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

enum class Compare { kNone, kGe, kLe, kGt, kLt, kEq, kApprox, kOther };

struct CompareWord {
  std::string_view text;
  Compare compare;
};

// Before the number. Longest first, so "不超过" wins over "不超" and ">=" over ">". Fullwidth
// forms (＞＝, ≧, ≦) are folded to these before the look-up.
constexpr CompareWord kBefore[] = {
    {"大于或等于", Compare::kGe}, {"小于或等于", Compare::kLe}, {"大于等于", Compare::kGe},
    {"小于等于", Compare::kLe},   {"不低于", Compare::kGe},     {"不少于", Compare::kGe},
    {"不小于", Compare::kGe},     {"不高于", Compare::kLe},     {"不超过", Compare::kLe},
    {"不多于", Compare::kLe},     {"不大于", Compare::kLe},     {"控制在", Compare::kLe},
    {"不超", Compare::kLe},       {"至少", Compare::kGe},       {"最少", Compare::kGe},
    {"最多", Compare::kLe},       {"最高", Compare::kLe},       {"达到", Compare::kGe},
    {"超过", Compare::kGt},       {"高于", Compare::kGt},       {"大于", Compare::kGt},
    {"多于", Compare::kGt},       {"低于", Compare::kLt},       {"小于", Compare::kLt},
    {"少于", Compare::kLt},       {"等于", Compare::kEq},       {"约为", Compare::kApprox},
    {"超", Compare::kGt},         {"达", Compare::kGe},         {"约", Compare::kApprox},
    {">=", Compare::kGe},         {"=>", Compare::kGe},         {"<=", Compare::kLe},
    {"=<", Compare::kLe},         {"==", Compare::kEq},         {"≥", Compare::kGe},
    {"≤", Compare::kLe},          {">", Compare::kGt},          {"<", Compare::kLt},
    {"=", Compare::kEq},          {"≈", Compare::kApprox},      {"≠", Compare::kOther},
};

// After the number and its unit. In Chinese usage 以上/以下 include the number itself.
constexpr CompareWord kAfter[] = {
    {"及以上", Compare::kGe},   {"以上", Compare::kGe}, {"及以下", Compare::kLe},
    {"以下", Compare::kLe},     {"以内", Compare::kLe}, {"之内", Compare::kLe},
    {"左右", Compare::kApprox},
};

Comparator to_comparator(Compare c) {
  switch (c) {
    case Compare::kGe:
      return Comparator::kGreaterEqual;
    case Compare::kLe:
      return Comparator::kLessEqual;
    case Compare::kGt:
      return Comparator::kGreater;
    case Compare::kLt:
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

// The units a target may carry: count classifiers (量词), time, money, area, length, volume,
// weight, percent. A unit is one of these, optionally after a magnitude (万人次, 亿元), or a
// per-unit form joined by "/" (元/人, 万元/年/人).
constexpr std::string_view kUnits[] = {
    // counts
    "人次",
    "台套",
    "户次",
    "件次",
    "场次",
    "批次",
    "期次",
    "家次",
    "个",
    "件",
    "项",
    "次",
    "人",
    "名",
    "位",
    "户",
    "家",
    "所",
    "起",
    "例",
    "宗",
    "场",
    "批",
    "台",
    "套",
    "辆",
    "座",
    "处",
    "篇",
    "期",
    "份",
    "栋",
    "间",
    "张",
    "本",
    "册",
    "部",
    "条",
    "种",
    "类",
    "支",
    "队",
    "组",
    "片",
    "块",
    "头",
    "只",
    "株",
    "棵",
    "盏",
    "根",
    "把",
    "床",
    "班",
    "节",
    "课时",
    "学时",
    "门",
    "幅",
    "首",
    "部门",
    "单位",
    "村",
    "校",
    "层",
    "台次",
    "车次",
    "架次",
    "辆次",
    "口",
    "眼",
    "吨次",
    // time
    "年",
    "月",
    "个月",
    "季度",
    "周",
    "天",
    "日",
    "工作日",
    "小时",
    "分钟",
    "分",
    "秒",
    "人天",
    "人日",
    "学期",
    // money
    "元",
    "万元",
    "亿元",
    "千元",
    // area, length, volume, weight
    "m²",
    "平方米",
    "平米",
    "亩",
    "公顷",
    "平方公里",
    "平方千米",
    "km²",
    "米",
    "m",
    "公里",
    "km",
    "千米",
    "厘米",
    "cm",
    "毫米",
    "mm",
    "m³",
    "立方米",
    "升",
    "L",
    "吨",
    "t",
    "千克",
    "kg",
    "公斤",
    "克",
    "g",
    "斤",
    // ratios and others
    "%",
    "‰",
    "百分点",
    "个百分点",
    "倍",
    "度",
    "千瓦时",
    "kWh",
    "分值",
};
constexpr std::string_view kMagnitudes[] = {"万", "亿", "千", "百"};

bool known_unit_part(std::string_view part) {
  for (auto unit : kUnits) {
    if (part == unit) return true;
  }
  for (auto magnitude : kMagnitudes) {
    std::string_view rest = part;
    if (consume(rest, magnitude)) {
      if (rest.empty()) return true;  // "250万": ten-thousands of what the indicator counts
      for (auto unit : kUnits) {
        if (rest == unit && unit != "%") return true;
      }
    }
  }
  return false;
}

/// Why `unit` is not a known unit, or "" when it is one.
std::string_view unit_problem(std::string_view unit) {
  if (unit.empty()) return {};
  if (has_digit(unit)) return "text with figures after the number";
  if (unit.find('%') != std::string_view::npos && unit != "%") {
    return "text after the percentage";
  }
  if (unit == "月") return "a month or a number of months";
  std::string_view rest = unit;
  while (true) {
    const auto slash = rest.find('/');
    if (!known_unit_part(rest.substr(0, slash))) break;
    if (slash == std::string_view::npos) return {};
    rest.remove_prefix(slash + 1);
  }
  for (std::string_view tail : {"前", "后", "止"}) {
    if (unit.ends_with(tail)) return "reads like a time, not a unit";
  }
  return "not a known unit";
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

  Compare prefix = Compare::kNone;
  for (const auto& word : kBefore) {
    if (consume(s, word.text)) {
      prefix = word.compare;
      break;
    }
  }
  if (prefix == Compare::kApprox) return uncertain(text, "an approximate value");
  if (prefix == Compare::kOther) return uncertain(text, "a comparison the model cannot express");

  auto number = consume_number(s);
  if (!number) return uncertain(text, "the number is not where the target would be");
  if (starts_range(s)) return uncertain(text, "a range or period, not a single target");

  std::string_view rest = s;
  Compare suffix = Compare::kNone;
  for (const auto& word : kAfter) {
    if (consume_suffix(rest, word.text)) {
      suffix = word.compare;
      break;
    }
  }
  if (suffix == Compare::kApprox) return uncertain(text, "an approximate value");
  if (suffix == Compare::kNone && rest.size() > 3 && consume_suffix(rest, "内")) {
    suffix = Compare::kLe;  // "10天内": within ten days (bare "内" alone is no unit)
  }
  if (prefix != Compare::kNone && suffix != Compare::kNone && prefix != suffix) {
    return uncertain(text, "contradictory comparison words");
  }

  std::string unit = normalize_unit(rest);
  if (auto problem = unit_problem(unit); !problem.empty()) {
    return uncertain(text, std::string(problem) + " (\"" + unit + "\")");
  }

  ParsedValue v;
  v.comparator = to_comparator(prefix != Compare::kNone ? prefix : suffix);
  v.target = *number == 0 ? 0.0 : *number;  // no "-0"
  v.unit = std::move(unit);
  return v;
}

std::optional<Comparator> parse_comparator_word(std::string_view printed) {
  const std::string folded = compact(fold_width(importer::clean_cell(printed)));
  if (folded.empty()) return std::nullopt;
  for (const std::span<const CompareWord> table :
       {std::span<const CompareWord>(kBefore), std::span<const CompareWord>(kAfter)}) {
    for (const auto& word : table) {
      if (word.text != folded) continue;
      if (word.compare == Compare::kApprox || word.compare == Compare::kOther) return std::nullopt;
      return to_comparator(word.compare);
    }
  }
  return std::nullopt;
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
  {
    std::string_view t = s;
    if (auto month = consume_period_end(t); month && at_end(t)) {
      return Date::end_of_month(fiscal_year, *month);
    }
  }
  return std::nullopt;
}

}  // namespace targetwatch
