// An actual figure reported for a project's spending or an indicator (one record, one revision).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "targetwatch/model/date.h"

namespace targetwatch {

enum class RecordMode {
  kCumulative,  ///< the value is the year-to-date total (default)
  kIncrement,   ///< the value adds to the previous total
};
std::string_view to_string(RecordMode mode);  ///< "cumulative", "increment"

/// Which money a spending figure counts (监控表: 财政拨款 / 其他资金). Indicators are kTotal.
enum class FundSource {
  kTotal,   ///< all funds (default; what a record without 来源 means)
  kFiscal,  ///< 财政拨款
  kOther,   ///< 其他资金
};
std::string_view to_string(FundSource source);  ///< "total", "fiscal", "other"

/// One reported figure. Identity: (department, project, indicator, as_of, fund); several revisions
/// of the same identity may exist, and the one with the highest `revision` wins.
struct ActualRecord {
  std::string department;  ///< department code; filled from the project when not given
  std::string project;     ///< project code; "" for department-wide indicators
  std::string indicator;   ///< indicator id, or "spending"
  double value = 0;        ///< spending: in the department's amount_unit after ingest
  Date as_of;
  RecordMode mode = RecordMode::kCumulative;
  std::string unit;        ///< unit the figure was reported in (after ingest: the normalized unit)
  std::string note;        ///< 偏差原因, evidence
  std::string cause;       ///< 经费保障, 制度保障, 人员保障, 硬件保障, 其他
  std::string likelihood;  ///< 确定能, 有可能, 完全不可能
  std::optional<double> forecast;  ///< expected full-year value
  std::string measure;             ///< 整改措施
  /// A retraction: this revision takes the figure of its identity out of evaluation (a figure
  /// reported under a wrong key). History keeps every revision.
  bool retracted = false;
  FundSource fund = FundSource::kTotal;  ///< spending only: which funds the figure counts

  // Provenance, assigned when stored (or by input order when read from a file).
  std::int64_t revision = 0;       ///< monotonically increasing across the store
  std::string source;              ///< token name / file name
  std::int64_t received_unix = 0;  ///< when it was received (Unix seconds)

  friend bool operator==(const ActualRecord&, const ActualRecord&) = default;
};

}  // namespace targetwatch
