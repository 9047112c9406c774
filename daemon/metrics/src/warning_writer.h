// The warning-lamp families (private): targetwatch_project_warning_level{rule} and
// targetwatch_indicator_warning_level, appended after the compliance families.
#pragma once

#include <string>

#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/evaluate/warning.h"

namespace targetwatch::metrics::detail {

void write_warning_levels(const Evaluation& evaluation, const WarningPolicy& policy,
                          std::string& out);

}  // namespace targetwatch::metrics::detail
