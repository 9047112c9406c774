// Loading the inputs shared by evaluate/report/export: targets paths and an actuals file.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "targetwatch/model/actual.h"
#include "targetwatch/model/result.h"
#include "targetwatch/model/targets.h"

namespace targetwatch::cli {

struct Inputs {
  std::shared_ptr<const Targets> targets;
  std::vector<ActualRecord> actuals;  ///< validated; revision = position in the file(s)
};

/// Loads and validates targets (files/dirs) and actuals files (.csv, or .json). On failure the
/// error message lists every problem, one per line, each naming its file and line/row.
Result<Inputs> load_inputs(const std::vector<std::string>& targets_paths,
                           const std::vector<std::string>& actuals_paths);

/// Every record stored in the daemon's SQLite store at `path`, with their revisions. A missing
/// file is an error (a mistyped path, not an empty year: opening would create a store).
Result<std::vector<ActualRecord>> read_store_actuals(const std::string& path);

}  // namespace targetwatch::cli
