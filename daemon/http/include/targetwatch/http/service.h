// Service: the daemon's state (configuration, stored actuals, cached evaluation) and its HTTP API.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/config/settings.h"
#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/http/daemon_config.h"
#include "targetwatch/http/log.h"
#include "targetwatch/http/message.h"
#include "targetwatch/model/result.h"

namespace targetwatch {
class ActualsStore;
}
namespace targetwatch::metrics {
class Exporter;
}

namespace targetwatch::http {

/// Injected time, so that the core never reads the clock itself.
struct Clock {
  std::function<Date()> today;             ///< the evaluation date ("--today" fixes it)
  std::function<std::int64_t()> now_unix;  ///< wall time, for received_unix and metrics
};
/// The local calendar date and the system time.
Clock system_clock();
/// A fixed evaluation date with the system time.
Clock fixed_date_clock(Date today);

/// How an ingest body is encoded.
enum class BodyFormat { kJson, kCsv };

/// Outcome of one ingest batch (HTTP or drop folder).
struct IngestOutcome {
  int status = 200;       ///< HTTP status: 200 stored; 400/403/413/415/422 rejected; 500 store
  std::string json;       ///< the response body
  std::size_t count = 0;  ///< records stored (0 unless status is 200)
  /// Rejections as "row N, field F: reason" lines (for .errors.txt); empty when stored.
  std::vector<std::string> error_lines;
};

/// What GET /report needs, resolved by the Service: the date asked for (?as_of=, else today)
/// and consistent snapshots of the configuration, the actuals and the evaluation at that date.
struct ReportContext {
  const HttpRequest& request;
  Date as_of;
  std::shared_ptr<const Settings> settings;
  std::shared_ptr<const Targets> targets;
  std::shared_ptr<const ActualsIndex> actuals;
  std::shared_ptr<const Evaluation> evaluation;  ///< at as_of
};
/// Renders GET /report (wired by the report module's owner); none set answers 501.
using ReportRenderer = std::function<HttpResponse(const ReportContext&)>;

/// The application. Thread-safe: handle() and ingest() run concurrently on many threads; the
/// configuration and the evaluation are swapped atomically (readers keep the snapshot they got).
/// The evaluation is cached and recomputed only when data, configuration or the date changed.
class Service {
 public:
  /// Reads every stored record from `store` (which stays owned by the service) to build the
  /// initial state. Fails when the store cannot be read.
  static Result<std::unique_ptr<Service>> create(ConfigSource source, DaemonConfig config,
                                                 std::unique_ptr<ActualsStore> store, Clock clock,
                                                 std::string version, Logger& logger);
  ~Service();

  /// Routes one request (all endpoints of design.md's HTTP table plus /-/reload).
  HttpResponse handle(const HttpRequest& request);

  /// Parses, validates and stores one batch atomically on behalf of `source` (token name or
  /// "inbox:<file>") limited to `departments` ("*" = all). Counts the outcome in the metrics.
  IngestOutcome ingest(std::string_view body, BodyFormat format, std::string_view charset,
                       const std::string& source, const std::vector<std::string>& departments);

  /// Reloads settings and targets from the ConfigSource; on any error keeps the old ones, logs
  /// every problem and records the failure in the metrics. Returns whether it succeeded.
  bool reload();

  /// The current evaluation at clock.today() (cached).
  std::shared_ptr<const Evaluation> evaluation();
  std::shared_ptr<const Settings> settings() const;
  std::shared_ptr<const Targets> targets() const;
  std::size_t record_count() const;

  /// Readiness as answered by /readyz (true after create; false once shutting down).
  void set_ready(bool ready);
  void set_report_renderer(ReportRenderer renderer);
  metrics::Exporter& exporter();

 private:
  struct Impl;
  explicit Service(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace targetwatch::http
