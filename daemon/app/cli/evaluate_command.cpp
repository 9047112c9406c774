// `targetwatch evaluate`: the compliance state of a targets file and an actuals file at a date.
#include <iostream>

#include "cli_inputs.h"
#include "cli_support.h"
#include "commands.h"
#include "targetwatch/evaluate/actuals_index.h"
#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/report/snapshot_json.h"
#include "targetwatch/report/snapshot_table.h"

namespace targetwatch::cli {
namespace {

const CommandSpec& spec() {
  static const CommandSpec spec{
      "evaluate",
      "usage: targetwatch evaluate --targets PATH [--targets PATH...] [--actuals FILE...]\n"
      "                            [--as-of YYYY-MM-DD] [--format table|json]\n"
      "                            [--lag-tolerance 0.05] [--stale-days 45]\n"
      "\n"
      "Evaluates spending progress and indicator attainment as of the end of a day (default:\n"
      "today). --targets takes targets files or directories; --actuals takes CSV (UTF-8 or\n"
      "GB18030, header row) or JSON files of actual records; only figures with as_of <= the date\n"
      "count. The JSON output is the snapshot of GET /api/v1/status.\n"
      "\n"
      "exit codes: 0 evaluated, 1 invalid targets or actuals (every problem listed),\n"
      "            64 bad command line\n",
      {"--targets", "--actuals", "--as-of", "--format", "--lag-tolerance", "--stale-days"},
      {}};
  return spec;
}

}  // namespace

int run_evaluate(const std::vector<std::string>& args) {
  auto parsed = parse_command_line(spec(), args);
  if (!parsed) return parsed.error();
  const auto targets_paths = parsed->all("--targets");
  if (targets_paths.empty() || !parsed->positionals.empty()) {
    std::cerr << spec().usage;
    return kExitUsage;
  }
  const std::string as_of_text = parsed->value("--as-of").value_or(today_iso());
  const auto as_of = Date::parse(as_of_text);
  if (!as_of) {
    std::cerr << "targetwatch evaluate: --as-of: '" << as_of_text << "' is not a YYYY-MM-DD date\n";
    return kExitUsage;
  }
  const std::string format = parsed->value("--format").value_or("table");
  if (format != "table" && format != "json") {
    std::cerr << "targetwatch evaluate: --format must be table or json\n";
    return kExitUsage;
  }
  EvaluationSettings settings;
  try {
    if (auto v = parsed->value("--lag-tolerance")) settings.lag_tolerance = std::stod(*v);
    if (auto v = parsed->value("--stale-days")) settings.stale_after_days = std::stoi(*v);
  } catch (const std::exception&) {
    std::cerr << "targetwatch evaluate: --lag-tolerance / --stale-days need numbers\n";
    return kExitUsage;
  }

  auto inputs = load_inputs(spec().name, targets_paths, parsed->all("--actuals"));
  if (!inputs) return inputs.error();
  const ActualsIndex index(std::move(inputs->actuals));
  const Evaluation evaluation = evaluate(inputs->targets, index, *as_of, settings);
  std::cout << (format == "json" ? snapshot_to_json(evaluation) + "\n"
                                 : snapshot_to_table(evaluation));
  return kExitOk;
}

}  // namespace targetwatch::cli
