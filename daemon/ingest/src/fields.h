// Record fields shared by the CSV and JSON parsers: names, and parsing of numbers, dates, modes.
#pragma once

#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "targetwatch/ingest/ingest.h"
#include "targetwatch/model/actual.h"
#include "targetwatch/model/date.h"
#include "targetwatch/model/result.h"

namespace targetwatch::detail {

enum class Field {
  kDepartment,
  kProject,
  kIndicator,
  kValue,
  kAsOf,
  kMode,
  kUnit,
  kNote,
  kCause,
  kLikelihood,
  kForecast,
  kMeasure,
};
inline constexpr std::size_t kFieldCount = 12;

std::string_view field_name(Field f);
/// Exact (already trimmed and lower-cased) canonical name -> field.
std::optional<Field> field_from_name(std::string_view name);
bool is_required_column(Field f);

/// Trims ASCII whitespace and the UTF-8 no-break (U+00A0) and ideographic (U+3000) spaces that
/// spreadsheets leave around cells.
std::string_view trim(std::string_view s);
std::string ascii_lower(std::string_view s);
/// Concatenates; sidesteps GCC 12's false -Wrestrict on chains of string operator+.
std::string cat(std::initializer_list<std::string_view> parts);
/// `s` in double quotes, for messages.
std::string quoted(std::string_view s);

/// See parse_actuals_csv for the accepted forms. The error is the reason, without the field.
Result<double> parse_number(std::string_view text);
Result<Date> parse_date(std::string_view text);
Result<RecordMode> parse_mode(std::string_view text);

/// Sets one field of `record` from its text form (trimmed here unless note/measure); appends an
/// error naming `row` and the field when the text is not acceptable. `present` tracks which
/// required fields were given a non-empty value.
class RecordBuilder {
 public:
  explicit RecordBuilder(std::size_t row) : row_(row) {}
  void set_text(Field f, std::string_view text, IngestErrors& errors);
  void set_number(Field f, double value, IngestErrors& errors);
  /// Records an error for `f` (e.g. a JSON value of the wrong type); the field is then not
  /// reported as missing as well.
  void fail(Field f, std::string reason, IngestErrors& errors);
  /// Appends "missing" errors for required fields never set; returns the record when the row
  /// produced no errors at all.
  std::optional<ActualRecord> finish(IngestErrors& errors);

 private:
  std::size_t row_;
  ActualRecord record_;
  std::array<bool, kFieldCount> present_{};
  std::array<bool, kFieldCount> bad_{};
  bool failed_ = false;
};

}  // namespace targetwatch::detail
