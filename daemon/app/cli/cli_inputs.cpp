// Reads targets and actuals files for the offline commands (evaluate, report, export).
#include "cli_inputs.h"

#include <filesystem>
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

}  // namespace

Result<Inputs> load_inputs(const std::vector<std::string>& targets_paths,
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

Result<std::vector<ActualRecord>> read_store_actuals(const std::string& path) {
  if (!std::filesystem::exists(path)) return Error{path + ": no such store"};
  auto store = open_sqlite_store(path);
  if (!store) return Error{store.error().message};
  auto records = (*store)->read();
  if (!records) return Error{records.error().message};
  return std::move(records).value();
}

}  // namespace targetwatch::cli
