// The JSON of GET /api/v1/actuals: stored records grouped by identity, with every revision.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "targetwatch/model/actual.h"

namespace targetwatch::core {

/// Where a page of records sits in the whole: what the reader needs for the next page.
struct ActualsPage {
  std::size_t limit = 0;
  std::int64_t after = 0;  ///< the page holds revisions above this
  bool more = false;       ///< another page follows
};

/// {"count": N, "records": R, "actuals": [{department, project, indicator, as_of, <latest
/// revision's fields>, "revisions": [...]}], "limit", "after", "next_after", "more"} ordered by
/// identity; revisions ascending. `records` is one page (ascending revisions); an identity
/// whose revisions span pages appears in each of them with the revisions of that page.
std::string actuals_json(const std::vector<ActualRecord>& records, const ActualsPage& page);

}  // namespace targetwatch::core
