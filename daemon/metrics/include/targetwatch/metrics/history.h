// History export: the compliance series of a run of days as OpenMetrics text, for backfilling a
// Prometheus with `promtool tsdb create-blocks-from openmetrics`.
#pragma once

#include <span>
#include <string>

#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/evaluate/warning.h"

namespace targetwatch::metrics {

/// OpenMetrics text of the compliance families (the same names and labels as /metrics) for each
/// evaluation, one sample per series per evaluation, timestamped at 00:00 UTC of its as_of.
/// Samples of a family stay together, in increasing time; ends with "# EOF".
/// The warning lamps follow `policy` (pass the daemon's, so that backfilled lamps match the live
/// ones). Precondition: `days` is ordered by as_of.
std::string compliance_openmetrics(std::span<const Evaluation> days,
                                   const WarningPolicy& policy = {});

}  // namespace targetwatch::metrics
