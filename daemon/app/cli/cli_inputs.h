// Loading the inputs shared by evaluate/report/export/template: targets, actual records (files or
// the daemon's store) and the daemon's settings.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/config/settings.h"
#include "targetwatch/model/actual.h"
#include "targetwatch/model/result.h"
#include "targetwatch/model/targets.h"

namespace targetwatch::cli {

struct Inputs {
  std::shared_ptr<const Targets> targets;
  std::vector<ActualRecord> actuals;  ///< validated; revision = position in the file(s)
};

/// For `targetwatch <command>`: loads and validates the targets (files/dirs) and the actual
/// records, from CSV/JSON files (`actuals_paths`) or from the daemon's SQLite store at
/// `store_path` (read as stored, with its revisions), never both. On failure prints every problem
/// to stderr, one per line naming its file and line/row, and yields the exit code: kExitUsage
/// (files and a store), kExitProblems (invalid targets or actuals), kExitNoInput (a missing or
/// unreadable store: a missing file is a mistyped path, not an empty year).
Result<Inputs, int> load_inputs(std::string_view command,
                                const std::vector<std::string>& targets_paths,
                                const std::vector<std::string>& actuals_paths,
                                const std::optional<std::string>& store_path = std::nullopt);

/// The daemon's settings file for `targetwatch <command>` (so that the command evaluates and
/// lights lamps as the daemon does). On failure prints why and yields kExitNoInput (missing) or
/// kExitProblems (errors in the file).
Result<Settings, int> load_settings_file(std::string_view command, const std::string& path);

}  // namespace targetwatch::cli
