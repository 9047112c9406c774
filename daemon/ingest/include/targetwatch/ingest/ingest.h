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

/// One problem with one record: `row` is the 1-based CSV line number (the header is line 1)
/// or the 0-based index in the JSON array; `field` names the column/key ("" for the row).
struct IngestError {
  std::size_t row = 0;
  std::string field;
  std::string reason;
  friend bool operator==(const IngestError&, const IngestError&) = default;
};
using IngestErrors = std::vector<IngestError>;

/// Text encodings a CSV may arrive in.
enum class Charset { kAuto, kUtf8, kGb18030 };
/// Parses a charset= parameter value ("utf-8", "gbk", "gb2312", "gb18030"); kAuto otherwise.
Charset parse_charset(std::string_view name);
/// Converts GB18030 (a superset of GBK/GB2312) to UTF-8; error names the byte offset.
Result<std::string> gb18030_to_utf8(std::string_view bytes);
/// Returns `bytes` as UTF-8: strips a UTF-8 BOM; with kAuto, valid UTF-8 is kept and anything
/// else is decoded as GB18030.
Result<std::string> to_utf8(std::string_view bytes, Charset charset);

/// Parses CSV with a header row naming record fields (project, indicator, value, as_of, mode,
/// note, unit, department, cause, likelihood, forecast, measure; unknown columns are errors).
/// RFC 4180 quoting; blank lines and lines starting with '#' are skipped. Every bad row is
/// reported (all errors, not only the first); the result holds no records if any row is bad.
Result<std::vector<ActualRecord>, IngestErrors> parse_actuals_csv(std::string_view utf8_text);

/// Parses {"actuals":[{...}, ...]} (or a bare array). Same fields and rules as the CSV.
Result<std::vector<ActualRecord>, IngestErrors> parse_actuals_json(std::string_view text);

/// Checks records against the targets and normalizes them in place: known department, project
/// and indicator (department filled from the project code when empty); value finite;
/// qualitative/deadline values in {0, 0.5, 1} ({0, 1} for deadline); as_of inside the fiscal
/// year; cause and likelihood from their fixed vocabularies; spending converted to the
/// department's amount_unit when `unit` is 元/万元/亿元, indicator values converted when the
/// unit differs only by its money prefix. Returns every error; on error nothing is changed.
/// `allowed_departments` limits which departments may be written ("*" allows all).
Result<Ok, IngestErrors> validate_actuals(std::vector<ActualRecord>& records,
                                          const Targets& targets,
                                          const std::vector<std::string>& allowed_departments = {"*"});

/// Serializes records as CSV with the header of parse_actuals_csv (round-trips).
std::string actuals_to_csv(const std::vector<ActualRecord>& records);

}  // namespace targetwatch
