// The Prometheus exporter: compliance families produced at scrape time from the current
// evaluation (cached per department, sharded by department, gzip on request), plus the daemon's
// own health metrics (prometheus-cpp and zlib stay behind this header).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/evaluate/warning.h"

namespace targetwatch::metrics {

/// Returns the evaluation to expose (may be null: then only the health metrics are exposed).
/// Called once per scrape; must be thread-safe and cheap (a cached evaluation, not a new one).
using EvaluationSource = std::function<std::shared_ptr<const Evaluation>()>;

/// Which part of the exposition a scrape returns (a shard, for /metrics?department=CODE and for
/// tokens limited to some departments).
struct ScrapeFilter {
  /// Department codes whose compliance families are included; std::nullopt: every department.
  /// Codes the evaluation does not hold are ignored; an empty list includes none (the family
  /// headers are still there).
  std::optional<std::vector<std::string>> departments;
  /// Whether the daemon's own health families (build_info, ingest_*, config_*, store_*, auth_*)
  /// lead the exposition. A sharded deployment scrapes them once, not with every department.
  bool health = true;
};

/// The Content-Encoding of a scrape's body.
enum class ContentEncoding { kIdentity, kGzip };

struct ScrapeResult {
  std::string body;
  ContentEncoding encoding = ContentEncoding::kIdentity;  ///< kGzip: send Content-Encoding: gzip
};

/// A scrape as a sequence of pieces pointing into the exporter's cache (for a gathered write,
/// e.g. a vector of asio buffers), so that the cached text is neither copied nor duplicated: at
/// 100k indicators the text is ~180 MB, and allocating and copying that for every scrape costs
/// more than everything else a cached scrape does (page faults of a fresh 180 MB string
/// included). A gzip body is pieces too: the member's header and trailer, the health families
/// compressed now, and the cached compressed pieces of the departments.
struct ScrapePieces {
  ContentEncoding encoding = ContentEncoding::kIdentity;
  std::vector<std::string_view> pieces;    ///< the body, in order
  std::shared_ptr<const void> keep_alive;  ///< owns what `pieces` point into
  std::size_t size() const;                ///< total bytes
};

/// How much of the compliance exposition the cache has had to render (see scrape()).
struct RenderStats {
  std::uint64_t departments_rendered = 0;  ///< renders so far
  std::uint64_t departments_reused = 0;    ///< unchanged departments served from the cache
};

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

  /// targetwatch_store_errors_total{kind}: one failed store operation (kind: the caller's short
  /// failure kind, e.g. "unavailable", "write").
  void count_store_error(std::string_view kind);
  /// targetwatch_auth_failures_total{reason}: one request refused by authentication
  /// (reason: e.g. "missing", "invalid", "forbidden").
  void count_auth_failure(std::string_view reason);
  /// targetwatch_store_up: 1 while the actuals store answers (the initial value), 0 when not.
  void set_store_up(bool up);

  /// Lamp rules by department for targetwatch_project_warning_level (default: plan only).
  void set_warning_policy(WarningPolicy policy);

  /// The whole text exposition (format 0.0.4): health families, then the compliance families of
  /// the source's current evaluation. Absent optional values are omitted, never NaN.
  std::string scrape() const;

  /// A shard of the exposition, gzip-compressed when `encoding` is kGzip (when the scraper sent
  /// Accept-Encoding: gzip). The compliance text is cached per department and rendered again
  /// only for departments whose evaluation changed; their compressed form is cached as well.
  /// This joins scrape_pieces() into one string (one copy of the body): the HTTP path sends the
  /// pieces instead.
  ScrapeResult scrape(const ScrapeFilter& filter,
                      ContentEncoding encoding = ContentEncoding::kIdentity) const;

  /// The same body as scrape(filter, encoding), as pieces of the cache instead of one string.
  /// Departments not yet compressed are compressed (in parallel) by the first gzip scrape.
  ScrapePieces scrape_pieces(const ScrapeFilter& filter,
                             ContentEncoding encoding = ContentEncoding::kIdentity) const;

  /// What the per-department cache has done so far (for tests and benchmarks).
  RenderStats render_stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The compliance families of one evaluation alone, in the text format (the fast writer), with
/// the lamps of `policy`.
std::string compliance_text(const Evaluation& evaluation, const WarningPolicy& policy = {});
/// The same through prometheus-cpp's TextSerializer, from the same family table: the reference
/// the fast writer is tested against (slow: one MetricFamily entry per series).
std::string compliance_text_reference(const Evaluation& evaluation,
                                      const WarningPolicy& policy = {});

/// The content type of scrape()'s output.
inline constexpr std::string_view kExpositionContentType =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace targetwatch::metrics
