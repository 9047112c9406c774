// `targetwatch template`: the fill-in template (报送模板) of one department, as xlsx or CSV.
#include <unistd.h>

#include <iostream>

#include "cli_inputs.h"
#include "cli_support.h"
#include "commands.h"
#include "targetwatch/evaluate/actuals_index.h"
#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/template/fill_in_template.h"

namespace targetwatch::cli {
namespace {

using reporting::TemplateFormat;

const CommandSpec& spec() {
  static const CommandSpec spec{
      "template",
      "usage: targetwatch template --targets PATH... [--actuals FILE... | --store FILE]\n"
      "                            --department CODE [--as-of YYYY-MM-DD]\n"
      "                            [--format xlsx|csv] [-o FILE]\n"
      "\n"
      "Writes the fill-in template (报送模板) a department's clerk fills in Excel or WPS and\n"
      "uploads: one row per indicator (department-wide first, then each project's) and one\n"
      "资金支出 row per project, with the targets, the last figures reported and the expected\n"
      "progress as reference columns.\n"
      "\n"
      "  --targets     targets files or directories; --actuals CSV/JSON files of actual records,\n"
      "                or --store the daemon's SQLite store (for the last figures reported)\n"
      "  --department  the department code (e.g. 375)\n"
      "  --as-of       the date reported on (default: the last day of the previous month)\n"
      "  --format      xlsx (default) or csv (UTF-8 with a BOM); default from -o's extension\n"
      "  -o FILE       write there (atomically); '-' for standard output; default\n"
      "                报送模板-<部门编码>-<as-of>.xlsx in the current directory\n"
      "\n"
      "exit codes: 0 written, 1 invalid targets or actuals (every problem listed), 64 bad command\n"
      "            line, 66 missing input (targets, store), 74 cannot write the output\n",
      {"--targets", "--actuals", "--store", "--as-of", "--department", "--format", "-o",
       "--output"},
      {}};
  return spec;
}

int usage_error(const std::string& message) {
  std::cerr << "targetwatch template: " << message << "\n";
  return kExitUsage;
}

}  // namespace

int run_template(const std::vector<std::string>& args) {
  auto parsed = parse_command_line(spec(), args);
  if (!parsed) return parsed.error();
  const auto targets_paths = parsed->all("--targets");
  const auto actuals_paths = parsed->all("--actuals");
  const auto store_path = parsed->value("--store");
  const auto department = parsed->value("--department");
  if (targets_paths.empty() || !department || !parsed->positionals.empty()) {
    std::cerr << spec().usage;
    return kExitUsage;
  }
  Date as_of = reporting::default_template_date(*Date::parse(today_iso()));
  if (auto text = parsed->value("--as-of")) {
    auto date = Date::parse(*text);
    if (!date) return usage_error("--as-of: '" + *text + "' is not a YYYY-MM-DD date");
    as_of = *date;
  }

  std::string output = parsed->value("-o").value_or(parsed->value("--output").value_or(""));
  TemplateFormat format = TemplateFormat::kXlsx;
  if (auto name = parsed->value("--format")) {
    auto f = reporting::parse_template_format(*name);
    if (!f) return usage_error("--format must be xlsx or csv");
    format = *f;
  } else if (output.ends_with(".csv")) {
    format = TemplateFormat::kCsv;
  }
  if (format == TemplateFormat::kXlsx && output == "-" && ::isatty(STDOUT_FILENO)) {
    return usage_error("an XLSX workbook is binary: write it to a file with -o FILE.xlsx");
  }

  auto inputs = load_inputs(spec().name, targets_paths, actuals_paths, store_path);
  if (!inputs) return inputs.error();
  if (inputs->targets->find_department(*department) == nullptr) {
    return usage_error("--department: no department '" + *department + "' in the targets");
  }

  const ActualsIndex index(std::move(inputs->actuals));
  const Evaluation evaluation = evaluate(inputs->targets, index, as_of);
  auto rendered = reporting::render_template(evaluation, index, *department, as_of, format);
  if (!rendered) {
    std::cerr << "targetwatch template: " << rendered.error().message << "\n";
    return kExitIoError;
  }
  if (output == "-") {
    std::cout << rendered->bytes;
    std::cout.flush();
    return std::cout ? kExitOk : kExitIoError;
  }
  if (output.empty()) output = rendered->file_name;
  if (auto written = write_file_atomically(output, rendered->bytes); !written) {
    std::cerr << "targetwatch template: " << written.error().message << "\n";
    return kExitIoError;
  }
  std::cerr << "targetwatch template: wrote " << output << " (" << to_string(format) << ")\n";
  return kExitOk;
}

}  // namespace targetwatch::cli
