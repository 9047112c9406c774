// Reading of a printed indicator value (指标值: "≥350件", "≤4.34万元/月", "8月前", "及时") and of
// spending-plan month labels ("3月底") into the targets model's terms.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "targetwatch/model/date.h"
#include "targetwatch/model/targets.h"

namespace targetwatch {

/// What a printed indicator value means. The grammar is driven by tables (indicator_value.cpp):
/// - comparators before the number, in symbols and words, fullwidth and ASCII spellings folded
///   (`≥ ≤ > < =`, `>=`, `=<`, `≧`, `≦`; 不低于/不少于/不小于/至少/最少/达到 -> `>=`;
///   不高于/不超过/不多于/不大于/最多/最高/控制在 -> `<=`; 超/超过/高于/大于/多于 -> `>`;
///   低于/小于/少于 -> `<`; 等于 -> `=`), and after it (以上/及以上 -> `>=`,
///   以下/及以下/以内/之内/内 -> `<=`: in Chinese usage 以上/以下 include the number itself);
///   约/左右/≈ -> uncertain; two contradicting words -> uncertain.
/// - a bare number is `=` (`100%`, `3栋`, `0%`, `100`).
/// - the unit is what follows the number with spaces removed, and must be a known unit: a count
///   classifier (件 人 人次 起 例 宗 户 场 批 台套 家 所 ...), time (天 小时 ...), money (元 万元
///   亿元), area, length, volume, weight or percent, optionally after a magnitude (万人次), or a
///   per-unit form (`元/人`, `万元/年/人`). `％`/`百分比` -> `%`, `m2`/`m ²`/`㎡` -> `m²`,
///   `m3`/`㎥` -> `m³` (one spelling, so actuals match across documents). Anything else is
///   uncertain.
/// - time words make a deadline: `N月前` -> the last day of month N-1, `N月底(前)`/`N月末` -> the
///   last day of month N, `N月D日(前)` -> that day, `年底(前)`/`年末`/`年内`/`全年` -> Dec 31,
///   `上半年` -> Jun 30, `下半年` -> Dec 31, `三季度末`/`第3季度末` -> Sep 30; all of the fiscal
///   year unless a year is printed (`2025年6月30日前`, `2026年底前`, `2025-09-30`).
/// - no digit at all (`及时`, `不超预算`, `不低于合同约定标准`) -> qualitative, `expected` = the
///   text.
/// - anything else with a digit that fits none of these (a range or period like
///   `2023.07-2024.01`, `约95%`, `100%完成`, an unknown unit) -> qualitative with `expected` = the
///   text, `uncertain` and a `reason`: a number is never invented.
struct ParsedValue {
  Comparator comparator = Comparator::kQualitative;
  std::optional<double> target;  ///< set for >=, <=, =, >, <
  std::string unit;              ///< normalized unit, may be empty
  std::string expected;          ///< qualitative: the printed text (trimmed, spaces normalized)
  std::optional<Date> deadline;  ///< deadline comparator
  bool uncertain = false;        ///< the reading needs a human check
  std::string reason;            ///< why it is uncertain (short, for a comment in the file)

  friend bool operator==(const ParsedValue&, const ParsedValue&) = default;
};

/// Parses one printed value. Pure and total: never throws, any input gives a ParsedValue.
ParsedValue parse_indicator_value(std::string_view printed, int fiscal_year);

/// A comparison printed on its own (a 符号 cell): `≥`, `>=`, `不少于`, `以上`, `低于` ...;
/// nullopt for anything else (approximations included).
std::optional<Comparator> parse_comparator_word(std::string_view printed);

/// A spending-plan column label as a checkpoint date: `3月底`, `3 月底`, `3月末`, `3月` -> the last
/// day of March; `一季度`/`第一季度(末)` -> Mar 31 ... `四季度` -> Dec 31; `上半年` -> Jun 30;
/// `全年`/`年底`/`年末`/`下半年` -> Dec 31. nullopt when the label is none of these.
std::optional<Date> parse_checkpoint_label(std::string_view label, int fiscal_year);

}  // namespace targetwatch
