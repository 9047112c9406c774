// `targetwatch report`: the monthly review report (HTML, Markdown, CSV or XLSX) at a month end.
#include <unistd.h>

#include <iostream>

#include "cli_inputs.h"
#include "cli_support.h"
#include "commands.h"
#include "targetwatch/evaluate/actuals_index.h"
#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/evaluate/warning.h"
#include "targetwatch/report/review.h"

namespace targetwatch::cli {
namespace {

const CommandSpec& spec() {
  static const CommandSpec spec{
      "report",
      "usage: targetwatch report --targets PATH... (--actuals FILE... | --store FILE)\n"
      "                          [--as-of YYYY-MM-DD] [--department CODE]\n"
      "                          [--format html|md|csv|xlsx] [-o FILE]\n"
      "                          [--settings FILE] [--rules plan,time-progress,milestones]\n"
      "                          [--lag-tolerance 0.05] [--stale-days 45] [--csv-headers zh|en]\n"
      "\n"
      "Writes the monthly review report (绩效运行监控月度报告): per department a summary, the\n"
      "problems first (red, yellow, no data / stale), the changes since the previous month end,\n"
      "and per project the monitoring form and the spending line with its chart.\n"
      "\n"
      "  --as-of       the review date (default: the last day of the previous month)\n"
      "  --targets     targets files or directories; --actuals CSV/JSON files of actual records,\n"
      "                or --store the daemon's SQLite store (read only what is stored)\n"
      "  --format      html (one self-contained page, prints on A4 landscape), md, csv, xlsx;\n"
      "                default: from -o's extension, else md\n"
      "  -o FILE       write there (atomically) instead of standard output\n"
      "  --settings    daemon settings (targetwatch.toml): warning rules, lag tolerance,\n"
      "                stale days\n"
      "  --rules       warning rules for every department, overriding --settings\n"
      "  --csv-headers zh (default: Chinese headers, UTF-8 with a BOM: opens in Excel) or en\n"
      "                (today's machine headers, no BOM, for scripts)\n"
      "\n"
      "exit codes: 0 written, 1 invalid targets or actuals (every problem listed), 64 bad command\n"
      "            line, 66 missing input (targets, store, settings), 74 cannot write the output\n",
      {"--targets", "--actuals", "--store", "--as-of", "--department", "--format", "-o", "--output",
       "--settings", "--rules", "--lag-tolerance", "--stale-days", "--csv-headers"},
      {}};
  return spec;
}

int usage_error(const std::string& message) {
  std::cerr << "targetwatch report: " << message << "\n";
  return kExitUsage;
}

Result<std::vector<WarningRule>> parse_rules(const std::string& list) {
  std::vector<WarningRule> rules;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string name = list.substr(start, comma - start);
    auto rule = parse_warning_rule(name);
    if (!rule) {
      return Error{"--rules: unknown rule '" + name + "' (one of plan, time-progress, milestones)"};
    }
    rules.push_back(*rule);
    start = comma + 1;
  }
  return rules;
}

}  // namespace

int run_report(const std::vector<std::string>& args) {
  auto parsed = parse_command_line(spec(), args);
  if (!parsed) return parsed.error();
  const auto targets_paths = parsed->all("--targets");
  const auto actuals_paths = parsed->all("--actuals");
  const auto store_path = parsed->value("--store");
  if (targets_paths.empty() || !parsed->positionals.empty()) {
    std::cerr << spec().usage;
    return kExitUsage;
  }
  std::optional<Date> as_of;
  if (auto text = parsed->value("--as-of")) {
    as_of = Date::parse(*text);
    if (!as_of) return usage_error("--as-of: '" + *text + "' is not a YYYY-MM-DD date");
  } else {
    as_of = previous_month_end(*Date::parse(today_iso()));
  }

  std::string output = parsed->value("-o").value_or(parsed->value("--output").value_or(""));
  std::optional<ReviewFormat> format;
  if (auto name = parsed->value("--format")) {
    format = parse_review_format(*name);
    if (!format) return usage_error("--format must be html, md, csv or xlsx");
  } else {
    format = ReviewFormat::kMarkdown;
    for (ReviewFormat f :
         {ReviewFormat::kHtml, ReviewFormat::kMarkdown, ReviewFormat::kCsv, ReviewFormat::kXlsx}) {
      if (output.ends_with(file_extension(f))) format = f;
    }
  }
  if (*format == ReviewFormat::kXlsx && output.empty() && ::isatty(STDOUT_FILENO)) {
    return usage_error("an XLSX workbook is binary: write it to a file with -o FILE.xlsx");
  }

  EvaluationSettings settings;
  ReviewOptions options;
  options.department = parsed->value("--department");
  if (auto path = parsed->value("--settings")) {
    auto loaded = load_settings_file(spec().name, *path);
    if (!loaded) return loaded.error();
    settings = loaded->evaluation;
    options.warnings = loaded->warnings;
  }
  if (auto list = parsed->value("--rules")) {
    auto rules = parse_rules(*list);
    if (!rules) return usage_error(rules.error().message);
    // Every department: the configured thresholds stay, the rule list is replaced.
    if (options.warnings.empty()) options.warnings["*"] = WarningRules{};
    for (auto& [code, r] : options.warnings) r.rules = *rules;
  }
  try {
    if (auto v = parsed->value("--lag-tolerance")) settings.lag_tolerance = std::stod(*v);
    if (auto v = parsed->value("--stale-days")) settings.stale_after_days = std::stoi(*v);
  } catch (const std::exception&) {
    return usage_error("--lag-tolerance / --stale-days need numbers");
  }

  auto inputs = load_inputs(spec().name, targets_paths, actuals_paths, store_path);
  if (!inputs) return inputs.error();
  if (options.department && inputs->targets->find_department(*options.department) == nullptr) {
    return usage_error("--department: no department '" + *options.department + "' in the targets");
  }

  const ActualsIndex index(std::move(inputs->actuals));
  const ReviewReport review = review_at(inputs->targets, index, *as_of, settings, options);
  const auto headers = parse_csv_headers(parsed->value("--csv-headers").value_or("zh"));
  if (!headers) return usage_error("--csv-headers must be zh or en");
  auto rendered = render_review(review, *format, *headers);
  if (!rendered) {
    std::cerr << "targetwatch report: " << rendered.error().message << "\n";
    return kExitIoError;
  }
  if (output.empty() || output == "-") {
    std::cout << *rendered;
    std::cout.flush();
    return std::cout ? kExitOk : kExitIoError;
  }
  if (auto written = write_file_atomically(output, *rendered); !written) {
    std::cerr << "targetwatch report: " << written.error().message << "\n";
    return kExitIoError;
  }
  return kExitOk;
}

}  // namespace targetwatch::cli
