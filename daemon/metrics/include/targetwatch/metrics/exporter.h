// The Prometheus exporter: compliance families produced at scrape time from the current
// evaluation, plus the daemon's own health metrics (prometheus-cpp stays behind this header).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/evaluate/warning.h"

namespace targetwatch::metrics {

/// Returns the evaluation to expose (may be null: then only the health metrics are exposed).
/// Called once per scrape; must be thread-safe and cheap (a cached evaluation, not a new one).
using EvaluationSource = std::function<std::shared_ptr<const Evaluation>()>;

/// Owns the metrics registry. Thread-safe: counters may be bumped while a scrape renders.
class Exporter {
 public:
  Exporter(std::string version, EvaluationSource source);
  ~Exporter();
  Exporter(const Exporter&) = delete;
  Exporter& operator=(const Exporter&) = delete;

  /// targetwatch_ingest_records_total{outcome}: outcome "accepted" or "rejected".
  void count_ingest_records(std::string_view outcome, std::size_t records);
  /// targetwatch_ingest_requests_total{code}: one POST /api/v1/actuals answered with `status`.
  void count_ingest_request(int status);
  /// targetwatch_config_last_reload_success, and (on success) ..._last_reload_timestamp_seconds.
  void set_reload_result(bool success, std::int64_t unix_seconds);

  /// Lamp rules by department for targetwatch_project_warning_level (default: plan only).
  void set_warning_policy(WarningPolicy policy);

  /// The whole text exposition (format 0.0.4): health families, then the compliance families of
  /// the source's current evaluation. Absent optional values are omitted, never NaN.
  std::string scrape() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The compliance families of one evaluation alone, in the text format (the fast writer).
std::string compliance_text(const Evaluation& evaluation);
/// The same through prometheus-cpp's collectable and TextSerializer: the reference the fast
/// writer is tested against (slow: one MetricFamily entry per series).
std::string compliance_text_reference(const Evaluation& evaluation);

/// The content type of scrape()'s output.
inline constexpr std::string_view kExpositionContentType =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace targetwatch::metrics
