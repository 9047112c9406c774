// Exporter: the health registry (prometheus-cpp's TextSerializer), then the compliance families
// assembled from the per-department cache (exposition.h).
#include "targetwatch/metrics/exporter.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <sstream>

#include "exposition.h"
#include "gzip.h"
#include "reference.h"

namespace targetwatch::metrics {
namespace {

prometheus::Family<prometheus::Counter>& counter(prometheus::Registry& registry, const char* name,
                                                 const char* help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

prometheus::Family<prometheus::Gauge>& gauge(prometheus::Registry& registry, const char* name,
                                             const char* help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry);
}

// The departments of `all` a filter selects, in evaluation order.
std::vector<const detail::RenderedDepartment*> select(const detail::RenderedDepartments& all,
                                                      const ScrapeFilter& filter) {
  std::vector<const detail::RenderedDepartment*> out;
  out.reserve(all.size());
  for (const auto& d : all) {
    if (filter.departments && std::find(filter.departments->begin(), filter.departments->end(),
                                        d->department().code) == filter.departments->end()) {
      continue;
    }
    out.push_back(d.get());
  }
  return out;
}

std::vector<const detail::RenderedDepartment*> pointers(const detail::RenderedDepartments& all) {
  return select(all, ScrapeFilter{});
}

}  // namespace

struct Exporter::Impl {
  Impl(std::string version, EvaluationSource source)
      : source(std::move(source)),
        build_info(gauge(registry, "targetwatch_build_info", "Version of targetwatchd (1).")),
        reload_success(gauge(registry, "targetwatch_config_last_reload_success",
                             "1 when the last configuration load succeeded, 0 when it failed.")
                           .Add({})),
        reload_timestamp(gauge(registry, "targetwatch_config_last_reload_timestamp_seconds",
                               "Time of the last successful configuration load.")
                             .Add({})),
        records(counter(registry, "targetwatch_ingest_records_total",
                        "Actual records received, by outcome (accepted, rejected).")),
        requests(counter(registry, "targetwatch_ingest_requests_total",
                         "Ingest requests (POST /api/v1/actuals) answered, by status code.")),
        store_errors(counter(registry, "targetwatch_store_errors_total",
                             "Failed operations of the actuals store, by kind.")),
        auth_failures(counter(registry, "targetwatch_auth_failures_total",
                              "Requests refused by authentication, by reason.")),
        store_up(gauge(registry, "targetwatch_store_up",
                       "1 while the actuals store answers, 0 while it does not.")
                     .Add({})) {
    build_info.Add({{"version", std::move(version)}}).Set(1);
    // Zero-initialized so that rate() and increase() work from the first scrape.
    records.Add({{"outcome", "accepted"}});
    records.Add({{"outcome", "rejected"}});
    store_up.Set(1);
  }

  std::string health_text() const {
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, registry.Collect());
    return std::move(out).str();
  }

  // The departments of the source's current evaluation, rendered where they changed; null
  // when there is no evaluation (then not even the family headers are exposed).
  std::optional<detail::RenderedDepartments> current(bool need_text) const {
    std::shared_ptr<const Evaluation> evaluation = source ? source() : nullptr;
    if (!evaluation) return std::nullopt;
    std::lock_guard lock(cache_mu);
    return cache.update(evaluation, warning_policy, need_text);
  }

  EvaluationSource source;
  const std::shared_ptr<const detail::FamilyHeaders> headers =
      std::make_shared<const detail::FamilyHeaders>();
  // The cache and the lamp rules it was rendered with.
  mutable std::mutex cache_mu;
  mutable detail::ExpositionCache cache;  // guarded by cache_mu
  WarningPolicy warning_policy;           // guarded by cache_mu
  prometheus::Registry registry;
  prometheus::Family<prometheus::Gauge>& build_info;
  prometheus::Gauge& reload_success;
  prometheus::Gauge& reload_timestamp;
  prometheus::Family<prometheus::Counter>& records;
  prometheus::Family<prometheus::Counter>& requests;
  prometheus::Family<prometheus::Counter>& store_errors;
  prometheus::Family<prometheus::Counter>& auth_failures;
  prometheus::Gauge& store_up;
};

Exporter::Exporter(std::string version, EvaluationSource source)
    : impl_(std::make_unique<Impl>(std::move(version), std::move(source))) {}

Exporter::~Exporter() = default;

void Exporter::count_ingest_records(std::string_view outcome, std::size_t records) {
  impl_->records.Add({{"outcome", std::string(outcome)}}).Increment(static_cast<double>(records));
}

void Exporter::count_ingest_request(int status) {
  impl_->requests.Add({{"code", std::to_string(status)}}).Increment();
}

void Exporter::set_reload_result(bool success, std::int64_t unix_seconds) {
  impl_->reload_success.Set(success ? 1 : 0);
  if (success) impl_->reload_timestamp.Set(static_cast<double>(unix_seconds));
}

void Exporter::count_store_error(std::string_view kind) {
  impl_->store_errors.Add({{"kind", std::string(kind)}}).Increment();
}

void Exporter::count_auth_failure(std::string_view reason) {
  impl_->auth_failures.Add({{"reason", std::string(reason)}}).Increment();
}

void Exporter::set_store_up(bool up) { impl_->store_up.Set(up ? 1 : 0); }

void Exporter::set_warning_policy(WarningPolicy policy) {
  std::lock_guard lock(impl_->cache_mu);
  if (policy == impl_->warning_policy) return;
  impl_->warning_policy = std::move(policy);
  impl_->cache.clear();  // every lamp may change: render again with the new rules
}

std::string Exporter::scrape() const { return scrape(ScrapeFilter{}).body; }

std::size_t ScrapePieces::size() const {
  std::size_t n = 0;
  for (std::string_view p : pieces) n += p.size();
  return n;
}

ScrapeResult Exporter::scrape(const ScrapeFilter& filter, ContentEncoding encoding) const {
  const ScrapePieces pieces = scrape_pieces(filter, encoding);
  return ScrapeResult{detail::join(pieces.pieces), pieces.encoding};
}

ScrapePieces Exporter::scrape_pieces(const ScrapeFilter& filter, ContentEncoding encoding) const {
  // What the pieces point into: the health text made now, the headers, the rendered departments
  // (immutable, so the assembly runs outside the cache's lock) and the gzip framing.
  struct Owner {
    std::string health;
    std::shared_ptr<const detail::FamilyHeaders> headers;
    std::optional<detail::RenderedDepartments> departments;
    detail::GzipPieces gz;
  };
  auto owner = std::make_shared<Owner>();
  if (filter.health) owner->health = impl_->health_text();
  owner->headers = impl_->headers;
  owner->departments = impl_->current(encoding == ContentEncoding::kIdentity);
  std::vector<const detail::RenderedDepartment*> selected;
  if (owner->departments) selected = select(*owner->departments, filter);
  ScrapePieces result;
  result.encoding = encoding;
  if (encoding == ContentEncoding::kGzip) {
    owner->gz.add_text(owner->health);
    if (owner->departments) {
      detail::gzip_pieces(*owner->headers, selected, owner->gz);
      // The compressed pieces now exist: the cache lets the texts go (this scrape keeps the
      // renderings it views alive until it is sent).
      std::lock_guard lock(impl_->cache_mu);
      impl_->cache.drop_compressed_text();
    }
    owner->gz.finish();
    result.pieces = owner->gz.pieces();
  } else {
    if (!owner->health.empty()) result.pieces.push_back(owner->health);
    if (owner->departments) detail::text_pieces(*owner->headers, selected, result.pieces);
  }
  result.keep_alive = std::move(owner);
  return result;
}

RenderStats Exporter::render_stats() const {
  std::lock_guard lock(impl_->cache_mu);
  return {impl_->cache.rendered(), impl_->cache.reused()};
}

std::string compliance_text(const Evaluation& evaluation, const WarningPolicy& policy) {
  const detail::FamilyHeaders headers;
  const detail::RenderedDepartments departments = detail::render_all(evaluation, policy);
  std::vector<std::string_view> pieces;
  detail::text_pieces(headers, pointers(departments), pieces);
  return detail::join(pieces);
}

std::string compliance_text_reference(const Evaluation& evaluation, const WarningPolicy& policy) {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, detail::reference_families(evaluation, policy));
  return std::move(out).str();
}

}  // namespace targetwatch::metrics
