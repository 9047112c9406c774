// Reading of a printed indicator value (指标值: "≥350件", "≤4.34万元/月", "8月前", "及时") and of
// spending-plan month labels ("3月底") into the targets model's terms.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "targetwatch/model/date.h"
#include "targetwatch/model/targets.h"

namespace targetwatch {

/// What a printed indicator value means.
///
/// Rules (docs/targets-format.md, plus the decisions below):
/// - `≥ ≤ > < =` and their fullwidth/ASCII spellings (`＞＝`, `>=`, `≧`, `≦`) and wordings
///   (不低于/不少于/至少/达到 -> `>=`; 不高于/不超过/不多于/最多 -> `<=`; 超/超过/高于/大于 -> `>`;
///   低于/小于/少于 -> `<`; 等于 -> `=`); suffixes 以上 -> `>=`, 以下/以内/之内/内 -> `<=`
///   (in Chinese usage 以上/以下 include the number itself, 超过 does not).
/// - a bare number is `=` (`100%`, `3栋`, `0%`, `100`).
/// - the unit is what follows the number with spaces removed; `％`/`百分比` -> `%`,
///   `m2`/`m ²`/`㎡` -> `m²`, `m3`/`㎥` -> `m³` (one spelling, so actuals match across documents).
/// - `N月前` -> deadline the last day of month N-1, `N月底(前)`/`N月末` -> the last day of month N,
///   `N月D日(前)` -> that day, `年底(前)` -> Dec 31; all of the fiscal year unless a year is
///   printed.
/// - no digit at all (`及时`, `不超预算`, `不低于合同约定标准`) -> qualitative, `expected` = the
/// text.
/// - anything else with a digit that fits none of these (a range or period like
///   `2023.07-2024.01`, `约95%`, `100%完成`) -> qualitative with `expected` = the text, `uncertain`
///   and a `reason`: a number is never invented.
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

/// A spending-plan column label as a checkpoint date: `3月底`, `3 月底`, `3月末`, `3月` -> the last
/// day of March; `一季度`/`第一季度(末)` -> Mar 31 ... `四季度` -> Dec 31; `上半年` -> Jun 30;
/// `全年`/`年底`/`年末` -> Dec 31. nullopt when the label is none of these.
std::optional<Date> parse_checkpoint_label(std::string_view label, int fiscal_year);

}  // namespace targetwatch
