// ComplianceCollectable: turns an Evaluation into metric families at scrape time (private).
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

#include "targetwatch/metrics/exporter.h"

namespace targetwatch::metrics::detail {

/// The compliance families of one evaluation, every family present (possibly without samples).
std::vector<prometheus::MetricFamily> compliance_families(const Evaluation& evaluation);

/// Collects from whatever evaluation the source holds at the moment of the scrape, so a project
/// removed by a reload disappears at once and nothing goes stale.
class ComplianceCollectable final : public prometheus::Collectable {
 public:
  explicit ComplianceCollectable(EvaluationSource source) : source_(std::move(source)) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  EvaluationSource source_;
};

}  // namespace targetwatch::metrics::detail
