// Ingest: actual records read from CSV, JSON and xlsx, validated against the targets.
// Every function here is pure (no I/O, no clock: "today" is a parameter) and keeps no state
// between calls, so any of them may run on several threads at once.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "targetwatch/ingest/field_aliases.h"
#include "targetwatch/ingest/targets_index.h"
#include "targetwatch/model/actual.h"
#include "targetwatch/model/result.h"
#include "targetwatch/model/targets.h"

namespace targetwatch {

/// One problem with one record (or with the input as a whole). Plain values; thread-agnostic.
struct IngestError {
  IngestError() = default;
  /// location and reason_zh may be left out by callers that have neither (e.g. a 413 answer).
  IngestError(std::size_t at_row, std::string of_field, std::string why, std::string where = {},
              std::string why_zh = {})
      : row(at_row),
        field(std::move(of_field)),
        reason(std::move(why)),
        location(std::move(where)),
        reason_zh(std::move(why_zh)) {}

  /// The 1-based CSV line (the header is line 1; for a record spanning lines, the line where it
  /// starts), the spreadsheet row number, or the 0-based index in the JSON array.
  std::size_t row = 0;
  /// The canonical English field name ("value", "indicator", ...), a column description such as
  /// "column 5", or "" for the row or input as a whole.
  std::string field;
  std::string reason;  ///< English
  std::string location;  ///< where to look: "报送!F12", "第12行 “本期实际值”列", "actuals[3].value"
  std::string reason_zh;  ///< the reason in Chinese, for the people who fill the forms
  friend bool operator==(const IngestError&, const IngestError&) = default;
};
using IngestErrors = std::vector<IngestError>;

/// Something stored anyway but probably wrong (an unknown column, an implausible figure).
struct IngestWarning {
  IngestWarning() = default;
  IngestWarning(std::size_t at_row, std::string of_field, std::string why, std::string where = {},
                std::string why_zh = {})
      : row(at_row),
        field(std::move(of_field)),
        reason(std::move(why)),
        location(std::move(where)),
        reason_zh(std::move(why_zh)) {}

  std::size_t row = 0;  ///< as IngestError::row
  std::string field;
  std::string reason;
  std::string location;
  std::string reason_zh;
  friend bool operator==(const IngestWarning&, const IngestWarning&) = default;
};
using IngestWarnings = std::vector<IngestWarning>;

/// How a value was written, kept per record so that validation, which knows the indicator, can
/// check what parsing could not: a word like 完成 only fits qualitative and deadline indicators.
enum class ValueForm {
  kNumber,          ///< a plain number (or a numeric spreadsheet cell)
  kNumberWithUnit,  ///< a number followed by a unit ("96%", "262件", "55.8万元"): unit set
  /// An assessment word: 是 1, 否 0, 完成/已完成 1, 未完成 0, 达成/已达成 1, 未达成 0,
  /// 部分达成 0.5 (qualitative indicators only; a deadline is 1 or 0).
  kWord,
  kAbsent,  ///< no value: a retraction
};

/// Where the records of a batch came from, so that every message can point at a cell.
enum class InputKind { kJson, kCsv, kSheet };
struct InputLayout {
  InputKind kind = InputKind::kJson;
  std::string sheet;  ///< kSheet: the sheet's name
  struct Column {
    std::string field;      ///< canonical field name
    std::size_t index = 0;  ///< 0-based column
    std::string header;     ///< as written in the file
  };
  std::vector<Column> columns;  ///< the recognized columns of the header row

  /// "报送!F12" / "第12行 “本期实际值”列" / "actuals[3].value" for a field with a column; the row
  /// alone ("报送 第12行", "第12行", "actuals[3]") otherwise. "indicator" and "project" fall back
  /// to the indicator_name / project_name column when only that one is present.
  std::string locate(std::size_t row, std::string_view field) const;
  /// The same for a column by index; `header` as written ("" for an unnamed column).
  std::string locate_cell(std::size_t row, std::size_t column, std::string_view header) const;
};

/// Records as parsed, with where each came from: `rows[i]` is the row (see IngestError::row) of
/// `records[i]`, `value_forms[i]` how its value was written. Provenance fields (revision,
/// source, received_unix) are left 0/empty. A value type; no shared state.
struct IngestBatch {
  std::vector<ActualRecord> records;
  std::vector<std::size_t> rows;
  std::vector<ValueForm> value_forms;  ///< may be shorter than records: kNumber then
  IngestWarnings warnings;             ///< unknown columns, then plausibility (validation)
  /// Template rows left empty (no 本期实际值, no 撤回, nothing else filled in): not records.
  std::size_t skipped_rows = 0;
  InputLayout layout;

  std::size_t row_of(std::size_t i) const { return i < rows.size() ? rows[i] : i; }
  ValueForm value_form_of(std::size_t i) const {
    return i < value_forms.size() ? value_forms[i] : ValueForm::kNumber;
  }
};
/// The name the callers know; the same type.
using ParsedActuals = IngestBatch;

/// Text encodings a CSV may arrive in.
enum class Charset { kAuto, kUtf8, kGb18030 };
/// Parses a charset= parameter value ("utf-8", "utf8", "gbk", "gb2312", "gb18030", "cp936";
/// case-insensitive, quotes and spaces ignored); kAuto otherwise.
Charset parse_charset(std::string_view name);
/// Converts GB18030 (a superset of GBK/GB2312) to UTF-8 with glibc iconv; the error names the
/// byte offset of the first invalid or truncated sequence.
Result<std::string> gb18030_to_utf8(std::string_view bytes);
/// Byte offset of the first byte that is not part of well-formed UTF-8 (overlong forms,
/// surrogates and code points above U+10FFFF are ill-formed); npos when all is valid.
std::size_t find_invalid_utf8(std::string_view bytes);
/// Returns `bytes` as UTF-8. A UTF-8 BOM wins over `charset` (the text is then UTF-8 and must be
/// valid); kUtf8 validates strictly; kGb18030 decodes (a GB18030 BOM is dropped); kAuto keeps
/// valid UTF-8 and decodes anything else as GB18030. Errors name the byte offset.
Result<std::string> to_utf8(std::string_view bytes, Charset charset);

/// Parses CSV. The header is the first row (of the first 20 non-blank rows) in which at least
/// two cells name known fields (field_aliases(): English or Chinese, whitespace, width and case
/// ignored), so a title row above it is skipped. Columns of reference fields are ignored; an
/// unknown column is a warning; a field given twice is an error. Required: an indicator column
/// (indicator or indicator_name), a value or retract column, and as_of.
/// RFC 4180 quoting ("" escapes, embedded commas and newlines), CRLF or LF, a leading UTF-8 BOM
/// is ignored; blank lines, rows of empty cells and lines starting with '#' are skipped. Cells
/// are trimmed except note and measure, which are kept verbatim.
/// Values (value, forecast): an optional sign, decimals, exponent, thousands separators in
/// well-formed groups ("1,234.5"), full-width digits and signs, then optionally a unit
/// ("96%", "262件", "55.8万元"), which wins over the unit column and is checked against the
/// indicator in validation; or, for qualitative and deadline indicators, a word (see ValueForm).
/// Dates: YYYY-MM-DD, also YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD, single-digit month/day (2025/6/3)
/// and 2025年6月3日. Mode: cumulative (default when empty) | increment, or 累计 | 增量.
/// Retract: 是/否, true/false, yes/no, 1/0 (empty: no); a retraction needs no value. Fund:
/// total/fiscal/other or 合计/财政拨款/其他资金 (empty: total).
/// In a file with reference columns (a filled-in template), a row whose fill-in cells are all
/// empty is skipped and counted in skipped_rows.
/// Every bad row is reported (all errors, not only the first); no records if any row is bad.
Result<IngestBatch, IngestErrors> parse_actuals_csv(std::string_view utf8_text);

/// Parses {"actuals":[{...}, ...]} (or a bare array). Keys are the field names of the CSV,
/// English or Chinese, with the same value forms; value and forecast may also be numbers,
/// retract a boolean; text fields are strings or null (department may also be an integer).
/// Unknown keys are errors, except the provenance keys revision, source and received_unix (as
/// GET /api/v1/actuals returns them), which are ignored: the store assigns them. A leading UTF-8
/// BOM is ignored.
Result<IngestBatch, IngestErrors> parse_actuals_json(std::string_view text);

/// Reads the sheet named 报送, else the first sheet, of an .xlsx workbook like a CSV: the same
/// header detection, fields and value forms; numeric cells are taken as numbers and date cells
/// as dates; locations are "报送!F12".
Result<IngestBatch, IngestErrors> parse_actuals_xlsx(std::string_view bytes);

/// The last cumulative figure known before a date for one identity, as the caller's actuals
/// index has it (after increments are summed and retractions applied).
struct PreviousFigure {
  double value = 0;  ///< cumulative, in the unit records are normalized to
  Date as_of;
};
/// Returns the latest figure with as_of strictly before `before` for (department, project,
/// indicator, fund), or nullopt. Called from the validating thread only; may be empty.
using PreviousFigureLookup = std::function<std::optional<PreviousFigure>(
    std::string_view department, std::string_view project, std::string_view indicator,
    FundSource fund, Date before)>;

/// What validation may assume beyond the targets.
struct ValidationOptions {
  /// Departments that may be written ("*" allows all). When it names exactly one department,
  /// department-wide rows need no department column.
  std::vector<std::string> allowed_departments{"*"};
  /// The evaluation date: records dated after it are rejected. nullopt: no such check.
  std::optional<Date> today;
  /// Stored figures for the plausibility warnings (falling cumulative figures).
  PreviousFigureLookup previous;
};

/// Checks records against the targets and normalizes them in place.
/// Resolution: department known (filled from the project when empty, all departments searched,
/// preferring the file whose fiscal year holds as_of; a code found in two departments is
/// "ambiguous"; a department-wide row takes the only department that allowed_departments or
/// the targets leave); project by code, else by name within the department; indicator by id,
/// else by name within the project (names compared by name_key; an ambiguous name lists the
/// candidate ids, an unknown one the block's ids and names, at most 20). The record gets the
/// code and id.
/// Checks: department-wide indicators need project ""; "spending" only for projects;
/// fund other than total only for spending; value and forecast finite; qualitative values in
/// {0, 0.5, 1}, deadline values in {0, 1}, both only cumulative, and only they take words;
/// as_of inside the department's fiscal year and not after `today`; cause and likelihood from
/// their fixed vocabularies; cumulative spending and cumulative values of indicators whose
/// target is >= 0 not negative; spending converted to the department's amount_unit from
/// 元/万元/亿元 (other units are errors); indicator values (and forecasts) converted when the unit
/// differs only by its money prefix (a bare money unit also fits "万元/月"), else "unit X does
/// not match indicator unit Y"; `unit` is set to the normalized unit. A retraction is checked
/// for its identity and date only. Two records with the same (department, project, indicator,
/// as_of, fund) in one batch are an error.
/// Plausibility warnings (appended to actuals.warnings when the batch is valid; it still is):
/// cumulative spending or a cumulative count (>=/> with linear pace) below the previous figure
/// (stored, or earlier in the batch); cumulative spending over 150% of the budget of its fund; a
/// money value (spending, or a money indicator of a project) above 100x that budget when no unit
/// vouches for it (none after the number, and the unit column empty or only repeating the
/// expected unit, as a template pre-fills it); a % indicator above 100. Errors carry
/// actuals.row_of(i) and a location. Returns every error; on error the records are not changed.
/// Pure; `index` may be shared between threads.
Result<Ok, IngestErrors> validate_actuals(IngestBatch& actuals, const TargetsIndex& index,
                                          const ValidationOptions& options);
/// The same, building the index for this one call.
Result<Ok, IngestErrors> validate_actuals(IngestBatch& actuals, const Targets& targets,
                                          const std::vector<std::string>& allowed_departments = {
                                              "*"});

/// The formats read_actuals reads.
enum class InputFormat { kCsv, kJson, kXlsx };
/// Picks the format from a Content-Type (csv, json, spreadsheetml) or a file name's extension
/// (.csv, .txt, .json, .xlsx); kXlsx also when the bytes look like an xlsx package.
std::optional<InputFormat> guess_input_format(std::string_view content_type_or_file_name,
                                              std::string_view bytes);

/// Everything one upload produced. `errors` empty: `batch` is valid and normalized, store it
/// (with its warnings for the answer). Otherwise store nothing and show errors and warnings.
struct IngestResult {
  IngestBatch batch;
  IngestErrors errors;  ///< parse and validation errors of all rows, ordered by row
  bool ok() const { return errors.empty(); }
};

/// Parse + validate in one pass, so that one answer holds every problem: rows that failed to
/// parse are not validated, every other row is. `charset` applies to CSV only. Pure.
IngestResult read_actuals(std::string_view bytes, InputFormat format, Charset charset,
                          const TargetsIndex& index, const ValidationOptions& options);

/// Serializes records as CSV (LF line ends) with the canonical English header, every column
/// present (retract and fund too); parse_actuals_csv(actuals_to_csv(r)) gives r back
/// (provenance aside; numbers use the shortest representation that round-trips).
std::string actuals_to_csv(const std::vector<ActualRecord>& records);

/// The CSV/JSON field names, in actuals_to_csv column order.
const std::vector<std::string_view>& actual_field_names();

}  // namespace targetwatch
