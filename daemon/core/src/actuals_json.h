// The JSON of GET /api/v1/actuals: stored records grouped by identity, with every revision.
#pragma once

#include <string>
#include <vector>

#include "targetwatch/model/actual.h"

namespace targetwatch::core {

/// {"count": N, "actuals": [{department, project, indicator, as_of, <latest revision's fields>,
/// "revisions": [...]}]} ordered by identity; revisions ascending.
std::string actuals_json(const std::vector<ActualRecord>& records);

}  // namespace targetwatch::core
