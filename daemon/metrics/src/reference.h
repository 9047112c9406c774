// The compliance families as prometheus-cpp MetricFamily values, from the same family table
// (private): the reference the fast writer is tested against (slow: one entry per series).
#pragma once

#include <prometheus/metric_family.h>

#include <vector>

#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/evaluate/warning.h"

namespace targetwatch::metrics::detail {

/// Every compliance family, present even without samples, in table order.
std::vector<prometheus::MetricFamily> reference_families(const Evaluation& evaluation,
                                                         const WarningPolicy& policy);

}  // namespace targetwatch::metrics::detail
