// The accepted names of every actuals field (English and Chinese): one table for CSV headers,
// spreadsheet headers and JSON keys, also the source of the README's list.
#pragma once

#include <string_view>
#include <vector>

namespace targetwatch {

/// What a column is for.
enum class FieldRole {
  kRecord,  ///< read into the record (a fill-in column, or an identifying one)
  kReference,  ///< a template's reference column (指标值, 上次报送值...): recognized, then ignored
};

/// One field and the names it is accepted under. Matching ignores whitespace (also U+3000),
/// full-width versus half-width forms and ASCII case: "本期实际值 ", "ＶＡＬＵＥ" and "Value"
/// name the same columns as "本期实际值" and "value".
struct FieldAlias {
  std::string_view field;  ///< canonical English name, also accepted ("value")
  FieldRole role = FieldRole::kRecord;
  /// Other accepted names; the first is the fill-in template's header.
  std::vector<std::string_view> names;
  std::string_view meaning;  ///< one line in Chinese, for the README's table
};

/// Every field, in the order of actuals_to_csv's columns, then the input-only fields
/// (project_name, indicator_name) and the reference columns. Immutable; safe from any thread.
const std::vector<FieldAlias>& field_aliases();

}  // namespace targetwatch
