// Exporter: the health registry (prometheus-cpp) plus the compliance collectable, serialized
// with prometheus::TextSerializer.
#include "targetwatch/metrics/exporter.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <mutex>
#include <sstream>

#include "compliance_collectable.h"
#include "compliance_writer.h"
#include "warning_writer.h"

namespace targetwatch::metrics {

struct Exporter::Impl {
  Impl(std::string version, EvaluationSource source)
      : source(std::move(source)),
        build_info(prometheus::BuildGauge()
                       .Name("targetwatch_build_info")
                       .Help("Version of targetwatchd (1).")
                       .Register(registry)),
        reload_success(prometheus::BuildGauge()
                           .Name("targetwatch_config_last_reload_success")
                           .Help("1 when the last configuration load succeeded, 0 when it failed.")
                           .Register(registry)
                           .Add({})),
        reload_timestamp(prometheus::BuildGauge()
                             .Name("targetwatch_config_last_reload_timestamp_seconds")
                             .Help("Time of the last successful configuration load.")
                             .Register(registry)
                             .Add({})),
        records(prometheus::BuildCounter()
                    .Name("targetwatch_ingest_records_total")
                    .Help("Actual records received, by outcome (accepted, rejected).")
                    .Register(registry)),
        requests(prometheus::BuildCounter()
                     .Name("targetwatch_ingest_requests_total")
                     .Help("Ingest requests (POST /api/v1/actuals) answered, by status code.")
                     .Register(registry)) {
    build_info.Add({{"version", std::move(version)}}).Set(1);
    // Zero-initialized so that rate() and increase() work from the first scrape.
    records.Add({{"outcome", "accepted"}});
    records.Add({{"outcome", "rejected"}});
  }

  EvaluationSource source;
  // The compliance text changes only with the evaluation, so it is rendered once per evaluation
  // and shared by every scrape until the next one (100k indicators are ~140 MB of text).
  std::mutex cache_mu;
  std::shared_ptr<const Evaluation> rendered_for;
  std::shared_ptr<const std::string> rendered;
  WarningPolicy warning_policy;  // guarded by cache_mu
  prometheus::Registry registry;
  prometheus::Family<prometheus::Gauge>& build_info;
  prometheus::Gauge& reload_success;
  prometheus::Gauge& reload_timestamp;
  prometheus::Family<prometheus::Counter>& records;
  prometheus::Family<prometheus::Counter>& requests;
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

void Exporter::set_warning_policy(WarningPolicy policy) {
  std::lock_guard lock(impl_->cache_mu);
  impl_->warning_policy = std::move(policy);
  impl_->rendered_for.reset();  // render again with the new rules
}

std::string Exporter::scrape() const {
  std::ostringstream health;
  prometheus::TextSerializer().Serialize(health, impl_->registry.Collect());
  std::shared_ptr<const Evaluation> evaluation = impl_->source ? impl_->source() : nullptr;
  std::shared_ptr<const std::string> compliance;
  if (evaluation) {
    std::lock_guard lock(impl_->cache_mu);
    if (impl_->rendered_for != evaluation) {
      auto text = std::make_shared<std::string>();
      detail::write_compliance(*evaluation, *text);
      detail::write_warning_levels(*evaluation, impl_->warning_policy, *text);
      impl_->rendered = std::move(text);
      impl_->rendered_for = evaluation;
    }
    compliance = impl_->rendered;
  }
  std::string out = std::move(health).str();
  if (compliance) out += *compliance;
  return out;
}

std::string compliance_text(const Evaluation& evaluation) {
  std::string out;
  detail::write_compliance(evaluation, out);
  return out;
}

std::string compliance_text_reference(const Evaluation& evaluation) {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, detail::compliance_families(evaluation));
  return std::move(out).str();
}

}  // namespace targetwatch::metrics
