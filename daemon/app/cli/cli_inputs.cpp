// Reads targets, actuals (files or the store) and settings for the offline commands.
#include "cli_inputs.h"

#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli_support.h"
#include "targetwatch/config/targets_file.h"
#include "targetwatch/ingest/ingest.h"
#include "targetwatch/store/actuals_store.h"

namespace targetwatch::cli {
namespace {

void append_errors(std::ostringstream& out, const std::string& path, const IngestErrors& errors) {
  for (const auto& e : errors) {
    out << path << ":" << e.row << ": " << (e.field.empty() ? "" : e.field + ": ") << e.reason
        << "\n";
  }
}

Result<Inputs> load_files(const std::vector<std::string>& targets_paths,
                          const std::vector<std::string>& actuals_paths) {
  TargetsLoad load = load_targets(targets_paths);
  std::ostringstream problems;
  for (const auto& d : load.diagnostics) {
    if (d.severity == Diagnostic::Severity::kError) problems << d.to_string() << "\n";
  }
  if (!load.ok()) return Error{problems.str()};

  auto targets = std::make_shared<const Targets>(std::move(load.targets));
  Inputs inputs{targets, {}};
  for (const auto& path : actuals_paths) {
    auto bytes = read_file(path);
    if (!bytes) return Error{bytes.error().message};
    ParsedActuals parsed;
    if (path.ends_with(".json")) {
      auto result = parse_actuals_json(*bytes);
      if (!result) {
        append_errors(problems, path, result.error());
        continue;
      }
      parsed = std::move(result.value());
    } else {
      auto text = to_utf8(*bytes, Charset::kAuto);
      if (!text) return Error{path + ": " + text.error().message};
      auto result = parse_actuals_csv(*text);
      if (!result) {
        append_errors(problems, path, result.error());
        continue;
      }
      parsed = std::move(result.value());
    }
    if (auto valid = validate_actuals(parsed, *targets); !valid) {
      append_errors(problems, path, valid.error());
      continue;
    }
    for (auto& record : parsed.records) {
      record.revision = static_cast<std::int64_t>(inputs.actuals.size()) + 1;
      record.source = path;
      inputs.actuals.push_back(std::move(record));
    }
  }
  if (!problems.str().empty()) return Error{problems.str()};
  return inputs;
}

// Every record stored in the daemon's SQLite store at `path`, with their revisions.
Result<std::vector<ActualRecord>> read_store_actuals(const std::string& path) {
  if (!std::filesystem::exists(path)) return Error{path + ": no such store"};
  auto store = open_sqlite_store(path);
  if (!store) return Error{store.error().message};
  auto records = (*store)->read();
  if (!records) return Error{records.error().message};
  return std::move(records).value();
}

}  // namespace

Result<Inputs, int> load_inputs(std::string_view command,
                                const std::vector<std::string>& targets_paths,
                                const std::vector<std::string>& actuals_paths,
                                const std::optional<std::string>& store_path) {
  if (store_path && !actuals_paths.empty()) {
    std::cerr << "targetwatch " << command << ": use either --actuals or --store, not both\n";
    return static_cast<int>(kExitUsage);
  }
  auto inputs = load_files(targets_paths, actuals_paths);
  if (!inputs) {
    std::cerr << inputs.error().message;
    return static_cast<int>(kExitProblems);
  }
  if (store_path) {
    auto records = read_store_actuals(*store_path);
    if (!records) {
      std::cerr << "targetwatch " << command << ": " << records.error().message << "\n";
      return static_cast<int>(kExitNoInput);
    }
    inputs->actuals = std::move(records).value();
  }
  return std::move(inputs).value();
}

Result<Settings, int> load_settings_file(std::string_view command, const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    std::cerr << "targetwatch " << command << ": " << path << ": no such file\n";
    return static_cast<int>(kExitNoInput);
  }
  SettingsLoad load = load_settings(path);
  if (!load.ok()) {
    for (const auto& d : load.diagnostics) std::cerr << d.to_string() << "\n";
    return static_cast<int>(kExitProblems);
  }
  return std::move(load.settings);
}

}  // namespace targetwatch::cli
