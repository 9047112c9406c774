// Ingest: actual records parsed from CSV / JSON bodies and validated against the targets.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/model/actual.h"
#include "targetwatch/model/result.h"
#include "targetwatch/model/targets.h"

namespace targetwatch {

/// One problem with one record: `row` is the 1-based CSV line number (the header is line 1;
/// for a record spanning lines, the line where it starts) or the 0-based index in the JSON
/// array; `field` names the column/key ("" for the row as a whole).
struct IngestError {
  std::size_t row = 0;
  std::string field;
  std::string reason;
  friend bool operator==(const IngestError&, const IngestError&) = default;
};
using IngestErrors = std::vector<IngestError>;

/// Records as parsed, with where each came from: `rows[i]` is the CSV line / JSON index of
/// `records[i]` (the `row` that errors about that record carry). Provenance fields
/// (revision, source, received_unix) are left 0/empty.
struct ParsedActuals {
  std::vector<ActualRecord> records;
  std::vector<std::size_t> rows;
};

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

/// Parses CSV with a header row naming record fields (department, project, indicator, value,
/// as_of, mode, unit, note, cause, likelihood, forecast, measure): header names are trimmed and
/// case-insensitive, unknown or repeated columns are errors, project/indicator/value/as_of are
/// required columns. RFC 4180 quoting ("" escapes, embedded commas and newlines), CRLF or LF,
/// a leading UTF-8 BOM is ignored; blank lines, rows of empty cells and lines starting with '#'
/// are skipped. Cells are trimmed except note and measure, which are kept verbatim.
/// Numbers: optional sign, decimals, exponent, surrounding spaces, and thousands separators in
/// well-formed groups ("1,234.5", which needs quotes in CSV); must be finite.
/// Dates: YYYY-MM-DD, also YYYY/MM/DD, YYYY.MM.DD, single-digit month/day (2025/6/3) and
/// 2025年6月3日. Mode: cumulative (default when empty) | increment, or 累计 | 增量.
/// Every bad row is reported (all errors, not only the first); no records if any row is bad.
Result<ParsedActuals, IngestErrors> parse_actuals_csv(std::string_view utf8_text);

/// Parses {"actuals":[{...}, ...]} (or a bare array). Same fields and rules as the CSV; value and
/// forecast may be numbers or numeric strings; text fields are strings or null (department may
/// also be an integer). Unknown keys are errors, except the provenance keys revision, source
/// and received_unix (as GET /api/v1/actuals returns them), which are ignored: the store
/// assigns them. A leading UTF-8 BOM is ignored.
Result<ParsedActuals, IngestErrors> parse_actuals_json(std::string_view text);

/// Checks records against the targets and normalizes them in place: known department, project
/// and indicator (department filled from the project code when empty: all departments are
/// searched, preferring the one whose fiscal year holds as_of; a code found in two departments
/// is "ambiguous"); department-wide indicators need project "" and a department; "spending"
/// only for projects, and cumulative spending is not negative; value and forecast finite;
/// qualitative values in {0, 0.5, 1}, deadline values in {0, 1}, both only cumulative;
/// as_of inside the department's fiscal year; cause and likelihood from their fixed
/// vocabularies; spending converted to the department's amount_unit when `unit` is 元/万元/亿元
/// (other units are errors); indicator values (and forecasts) converted when the unit differs
/// only by its money prefix, else "unit X does not match indicator unit Y"; `unit` is set to the
/// normalized unit. Two records with the same (department, project, indicator, as_of) in one
/// batch are an error (one would silently hide the other). `allowed_departments` limits which
/// departments may be written ("*" allows all). Errors carry `actuals.rows[i]` (or i when rows
/// is shorter). Returns every error; on error nothing is changed.
Result<Ok, IngestErrors> validate_actuals(ParsedActuals& actuals, const Targets& targets,
                                          const std::vector<std::string>& allowed_departments = {
                                              "*"});

/// Serializes records as CSV (LF line ends) with the header of parse_actuals_csv, every column
/// present; parse_actuals_csv(actuals_to_csv(r)) gives r back (provenance aside; numbers use the
/// shortest representation that round-trips).
std::string actuals_to_csv(const std::vector<ActualRecord>& records);

/// The CSV/JSON field names, in actuals_to_csv column order.
const std::vector<std::string_view>& actual_field_names();

}  // namespace targetwatch
