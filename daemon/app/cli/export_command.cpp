// `targetwatch export --openmetrics`: the evaluated series of past days, for a Prometheus backfill.
#include <iostream>

#include "cli_inputs.h"
#include "cli_support.h"
#include "commands.h"
#include "targetwatch/evaluate/actuals_index.h"
#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/metrics/history.h"

namespace targetwatch::cli {
namespace {

const CommandSpec& spec() {
  static const CommandSpec spec{
      "export",
      "usage: targetwatch export --openmetrics --targets PATH...\n"
      "                          (--actuals FILE... | --store FILE)\n"
      "                          [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--settings FILE]\n"
      "                          [-o FILE]\n"
      "\n"
      "Evaluates every day from --from to --to (default: Jan 1 of the targets' fiscal year to\n"
      "yesterday, at most Dec 31) and writes the compliance series of /metrics as OpenMetrics\n"
      "text, one sample per series per day stamped 00:00 UTC of that day. Figures reported before\n"
      "the daemon or Prometheus ran then show on the dashboards after a backfill:\n"
      "\n"
      "  targetwatch export --openmetrics --targets config/targets --store var/targetwatch.db \\\n"
      "      -o history.om\n"
      "  promtool tsdb create-blocks-from openmetrics history.om /var/lib/prometheus/metrics2\n"
      "\n"
      "  --settings    the daemon's settings (targetwatch.toml): its evaluation tunables and\n"
      "                warning rules, so that the backfilled lamps match the live ones\n"
      "\n"
      "exit codes: 0 written, 1 invalid targets, actuals or settings, 64 bad command line,\n"
      "            66 missing input (targets, store, settings), 74 cannot write\n",
      {"--targets", "--actuals", "--store", "--from", "--to", "-o", "--output", "--settings"},
      {"--openmetrics"}};
  return spec;
}

int usage_error(const std::string& message) {
  std::cerr << "targetwatch export: " << message << "\n";
  return kExitUsage;
}

}  // namespace

int run_export(const std::vector<std::string>& args) {
  auto parsed = parse_command_line(spec(), args);
  if (!parsed) return parsed.error();
  if (!parsed->has("--openmetrics")) return usage_error("--openmetrics is the only format");
  const auto targets_paths = parsed->all("--targets");
  if (targets_paths.empty() || !parsed->positionals.empty()) {
    std::cerr << spec().usage;
    return kExitUsage;
  }
  const auto store_path = parsed->value("--store");
  const auto actuals_paths = parsed->all("--actuals");
  // The daemon's settings: the evaluation's tunables and the lamp rules, so that the backfilled
  // series match what /metrics served on those days.
  Settings settings;
  if (auto path = parsed->value("--settings")) {
    auto loaded = load_settings_file(spec().name, *path);
    if (!loaded) return loaded.error();
    settings = std::move(loaded).value();
  }

  auto inputs = load_inputs(spec().name, targets_paths, actuals_paths, store_path);
  if (!inputs) return inputs.error();
  if (inputs->targets->departments.empty()) return usage_error("no department in the targets");

  int first_year = inputs->targets->departments.front().fiscal_year;
  int last_year = first_year;
  for (const auto& d : inputs->targets->departments) {
    first_year = std::min(first_year, d.fiscal_year);
    last_year = std::max(last_year, d.fiscal_year);
  }
  const Date yesterday = Date::parse(today_iso())->plus_days(-1);
  Date from = Date::first_of_year(first_year);
  Date to = std::min(Date::last_of_year(last_year), yesterday);
  if (auto v = parsed->value("--from")) {
    auto d = Date::parse(*v);
    if (!d) return usage_error("--from: '" + *v + "' is not a YYYY-MM-DD date");
    from = *d;
  }
  if (auto v = parsed->value("--to")) {
    auto d = Date::parse(*v);
    if (!d) return usage_error("--to: '" + *v + "' is not a YYYY-MM-DD date");
    to = *d;
  }
  if (to < from) return usage_error("--to is before --from");
  if (to - from > 3 * 366) return usage_error("at most three years per export");

  const ActualsIndex index(std::move(inputs->actuals));
  std::vector<Evaluation> days;
  days.reserve(static_cast<std::size_t>(to - from) + 1);
  for (Date day = from; day <= to; day = day.plus_days(1)) {
    days.push_back(evaluate(inputs->targets, index, day, settings.evaluation));
  }
  const std::string text = metrics::compliance_openmetrics(days, settings.warnings);

  auto output = parsed->value("-o");
  if (!output) output = parsed->value("--output");
  if (!output || *output == "-") {
    std::cout << text;
  } else if (auto written = write_file_atomically(*output, text); !written) {
    std::cerr << "targetwatch export: " << written.error().message << "\n";
    return kExitIoError;
  }
  return kExitOk;
}

}  // namespace targetwatch::cli
