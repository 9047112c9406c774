// Application: the daemon's state (configuration, stored actuals, cached evaluation), its ingest
// pipeline, reads and reload, behind plain values. Knows no HTTP: transports map its Failure kinds.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/config/settings.h"
#include "targetwatch/core/access.h"
#include "targetwatch/core/daemon_config.h"
#include "targetwatch/core/failure.h"
#include "targetwatch/core/log.h"
#include "targetwatch/evaluate/actuals_index.h"
#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/evaluate/warning.h"
#include "targetwatch/model/result.h"

namespace targetwatch {
class ActualsStore;
}

namespace targetwatch::core {

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
enum class BodyFormat { kJson, kCsv, kXlsx };
/// The format of a Content-Type or a file name (.csv, .txt, .json, .xlsx), or of the bytes (an
/// xlsx package); nullopt for anything else.
std::optional<BodyFormat> body_format(std::string_view content_type_or_file_name,
                                      std::string_view bytes);

/// One batch to ingest: the body as received and who sends it.
struct IngestRequest {
  std::string_view body;
  BodyFormat format = BodyFormat::kJson;
  std::string_view charset;  ///< the Content-Type's charset parameter ("" = detect)
  std::string source;        ///< token name or "inbox:<file>", stored with every record
};

/// What a stored batch got.
struct IngestReceipt {
  std::size_t count = 0;  ///< records stored (0 for an empty batch)
  std::int64_t first_revision = 0;
  std::int64_t last_revision = 0;
  std::vector<Problem> warnings;  ///< stored anyway: unknown columns, implausible figures
  std::size_t skipped_rows = 0;   ///< template rows with nothing filled in
};

/// A rendered read: the body and its media type (JSON, Prometheus text, a report file).
struct Document {
  std::string content_type;
  std::string body;
  std::string filename = {};             ///< suggested download name ("" = show inline)
  std::string content_encoding = {};     ///< "gzip" when the body is compressed
  std::string content_disposition = {};  ///< a full Content-Disposition value (wins over filename)
  /// When not empty, the body is these pieces in order (`body` is then empty): immutable text
  /// shared with a cache (the /metrics exposition), passed on to the socket without a copy;
  /// `body_owner` keeps what they point into alive.
  std::vector<std::string_view> body_pieces = {};
  std::shared_ptr<const void> body_owner = {};
};

/// GET /api/v1/status.
struct StatusQuery {
  std::optional<Date> as_of;  ///< default: today
  /// Only this fiscal year (also a closed one); default: every year not yet closed.
  std::optional<int> fiscal_year = {};
};

/// GET /api/v1/actuals: filters and a page; the principal's departments always apply.
struct ActualsFilter {
  std::optional<std::string> department;
  std::optional<std::string> project;
  std::optional<std::string> indicator;
  /// The page: at most `limit` revisions above `after`, ascending (the answer's next_after is
  /// the `after` of the next page). The HTTP API bounds limit to 1..kMaxActualsPage.
  std::size_t limit = kDefaultActualsPage;
  std::int64_t after = 0;

  static constexpr std::size_t kDefaultActualsPage = 1000;
  static constexpr std::size_t kMaxActualsPage = 10000;
};

/// GET /metrics.
struct MetricsQuery {
  std::optional<std::vector<std::string>> departments;  ///< ?department=CODE (repeatable): a shard
  bool health = true;  ///< the daemon's own families (false for a department shard)
  bool gzip = false;   ///< the scraper accepts gzip
};

/// GET /api/v1/template: the fill-in template of one department.
struct TemplateQuery {
  std::string department;
  std::optional<Date> as_of;  ///< default: the end of the month before today
  std::string format = "xlsx";
};

/// GET /report.
struct ReportQuery {
  std::optional<Date> as_of;  ///< default: the end of the month before today
  std::string format = "html";
  std::optional<std::string> department;
  std::optional<int> fiscal_year = {};  ///< see StatusQuery
  std::string csv_headers = "zh";       ///< "zh" (Excel-ready, BOM) or "en" (machine headers)
};

/// A consistent read of the state for one principal: what pages render (and what the status
/// JSON and the report are made of).
struct View {
  std::shared_ptr<const Settings> settings;
  std::shared_ptr<const Targets> targets;        ///< every department (for names, codes)
  std::shared_ptr<const ActualsIndex> actuals;   ///< every stored revision
  std::shared_ptr<const Evaluation> evaluation;  ///< only the principal's departments
  std::shared_ptr<const EvaluationLamps> lamps;  ///< of `evaluation`
};

/// The application. Thread-safe: every method may run concurrently on many threads; the
/// configuration and the evaluation are swapped atomically (readers keep the snapshot they got).
/// The evaluation is cached and recomputed only when data, configuration or the date changed.
class Application {
 public:
  /// Reads every stored record from `store` (which stays owned by the application) to build the
  /// initial state. Fails when the store cannot be read.
  /// With `follow_other_writers` (a store shared by several daemons: PostgreSQL), a thread
  /// follows the store's change feed and reads other daemons' new revisions incrementally.
  static Result<std::unique_ptr<Application>> create(ConfigSource source, DaemonConfig config,
                                                     std::unique_ptr<ActualsStore> store,
                                                     Clock clock, std::string version,
                                                     Logger& logger,
                                                     bool follow_other_writers = false);
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  /// What a request asks to do, for authentication.
  enum class Access {
    kRead,    ///< status, actuals, report, pages (AccessPolicy::reader)
    kScrape,  ///< /metrics, /healthz, /readyz (AccessPolicy::scraper)
    kWrite,   ///< uploads, reload (AccessPolicy::writer)
  };
  /// The principal of a request from `remote` ("address:port"), under the current configuration.
  /// Failed attempts are counted (targetwatch_auth_failures_total{reason}) and logged with the
  /// address; after AuthGuard's 20 failures in a minute the address gets kRateLimited for a
  /// minute, even with a good token.
  Result<Principal, Failure> authenticate(Access access,
                                          std::optional<std::string_view> authorization,
                                          std::string_view remote);
  /// The access policy of the current configuration (a snapshot: reload swaps it).
  std::shared_ptr<const AccessPolicy> access() const;

  /// Parses, validates and stores one batch atomically on behalf of `principal`, limited to the
  /// departments it may write. Counts the outcome in the metrics (see README "Metrics": rejected
  /// counts the records of a batch that was not stored, as far as they could be read, and 1 for a
  /// body that could not be read at all).
  Result<IngestReceipt, Failure> ingest(const IngestRequest& request, const Principal& principal);

  /// The evaluation snapshot JSON (design.md) of the departments the principal may read.
  Result<Document, Failure> status(const StatusQuery& query, const Principal& principal);
  /// The state at `as_of` (default: today) as the principal may see it.
  View view(std::optional<Date> as_of, const Principal& principal,
            std::optional<int> fiscal_year = std::nullopt);
  /// Stored actuals grouped by identity with every revision, newest revision first in "value".
  Result<Document, Failure> actuals(const ActualsFilter& filter, const Principal& principal);
  /// The fill-in template (报送模板) of a department the principal may read, pre-filled at as_of.
  Result<Document, Failure> fill_in_template(const TemplateQuery& query,
                                             const Principal& principal);
  /// The monthly review report.
  Result<Document, Failure> report(const ReportQuery& query, const Principal& principal);
  /// The Prometheus exposition: health metrics, then the compliance metrics of the departments
  /// the principal may read (and of `query.departments` among them: a shard). With `gzip` the
  /// body is gzip-compressed (Document::content_encoding says so).
  Document metrics(const MetricsQuery& query, const Principal& principal);

  /// Whether the service is ready to serve (configuration loaded, store open, not stopping).
  Result<Ok, Failure> readiness() const;
  /// Readiness as answered by readiness(): false once shutting down.
  void set_ready(bool ready);

  /// Reloads settings and targets from the ConfigSource on behalf of `principal` (who must be
  /// allowed to reload); on any error keeps the old ones, logs every problem (in the Failure's
  /// problems too) and records the failure in the metrics.
  Result<Ok, Failure> reload(const Principal& principal);
  /// The same for SIGHUP (the operator). Returns whether it succeeded.
  bool reload();

  /// The current evaluation at clock.today() (cached).
  std::shared_ptr<const Evaluation> evaluation();
  std::shared_ptr<const Settings> settings() const;
  std::shared_ptr<const Targets> targets() const;
  /// Every stored revision, indexed (what the evaluation reads).
  std::shared_ptr<const ActualsIndex> actuals_index();
  std::size_t record_count() const;

  /// Counts an answered upload (targetwatch_ingest_requests_total{code}): the transport knows the
  /// status code it sent.
  void count_ingest_request(int status);

 private:
  struct Impl;
  explicit Application(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace targetwatch::core
