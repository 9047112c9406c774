// Record fields shared by the CSV, spreadsheet and JSON parsers: the field table, parsing of
// numbers with units, dates, modes and flags, and the builder that turns cells into a record.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "targetwatch/ingest/ingest.h"
#include "targetwatch/model/actual.h"
#include "targetwatch/model/date.h"
#include "targetwatch/model/result.h"
#include "text.h"

namespace targetwatch::detail {

/// Index-aligned with field_aliases().
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
  kRetract,
  kFund,
  // Input only: used when the code/id column is absent or empty.
  kProjectName,
  kIndicatorName,
  // Reference columns of the template: recognized, ignored.
  kDepartmentName,
  kRowNumber,
  kLevel1,
  kLevel2,
  kTarget,
  kPreviousValue,
  kPreviousAsOf,
  kExpectedProgress,
};
inline constexpr std::size_t kFieldCount = 24;
/// The fields of a stored record (actuals_to_csv's columns): kDepartment..kFund.
inline constexpr std::size_t kRecordFieldCount = 14;

std::string_view field_name(Field f);
/// A header or key as written -> field (by name_key of every alias); nullopt when unknown.
std::optional<Field> field_from_header(std::string_view header);
bool is_reference(Field f);
/// A column the person filling a template writes into (value, retract, note, cause,
/// likelihood, forecast, measure): a row with all of them empty is skipped. as_of, mode, unit
/// and fund are left out because a template pre-fills them.
bool is_fill_in(Field f);

/// A reason in English and in Chinese.
struct Reason {
  std::string en;
  std::string zh;
};

/// A number as written with what follows it; see parse_actuals_csv for the forms.
struct ReportedValue {
  double number = 0;
  std::string unit;  ///< "" when none
  bool word = false;
};
Result<ReportedValue, Reason> parse_reported_value(std::string_view text);
/// A plain number (no unit, no word).
Result<double, Reason> parse_number(std::string_view text);
Result<Date, Reason> parse_date(std::string_view text);
Result<RecordMode, Reason> parse_mode(std::string_view text);
Result<bool, Reason> parse_flag(std::string_view text);
Result<FundSource, Reason> parse_fund(std::string_view text);

/// Sets the fields of one record from cells or JSON values; appends errors naming the row, the
/// field and its location in `layout`. Builds in place, into a fresh record the caller owns (the
/// batch's next one: a record is not moved again after it is read).
class RecordBuilder {
 public:
  RecordBuilder(std::size_t row, const InputLayout& layout, ActualRecord& record)
      : row_(row), layout_(layout), record_(record) {}
  /// Text of a cell (trimmed here unless note/measure); empty text leaves the field unset.
  void set_text(Field f, std::string_view raw, IngestErrors& errors);
  void set_number(Field f, double value, IngestErrors& errors);
  void set_date(Field f, Date date);
  void set_flag(Field f, bool flag);
  /// Records an error for `f`; the field is then not reported as missing as well.
  void fail(Field f, Reason reason, IngestErrors& errors);
  /// Appends "missing" errors for required fields never set; returns how the record's value was
  /// written when the row produced no errors at all (the record is then complete).
  std::optional<ValueForm> finish(IngestErrors& errors);

 private:
  void set_value(Field f, const ReportedValue& v, IngestErrors& errors);

  std::size_t row_;
  const InputLayout& layout_;
  ActualRecord& record_;
  std::string project_name_;
  std::string indicator_name_;
  std::string value_unit_;
  std::string forecast_unit_;
  ValueForm form_ = ValueForm::kNumber;
  std::array<bool, kFieldCount> present_{};
  std::array<bool, kFieldCount> bad_{};
  bool failed_ = false;
};

/// An error about `field` of `row`, located through `layout`.
IngestError make_error(const InputLayout& layout, std::size_t row, std::string_view field,
                       Reason reason);

}  // namespace targetwatch::detail
