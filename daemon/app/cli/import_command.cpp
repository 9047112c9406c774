// `targetwatch import DOC.txt`: a published budget disclosure turned into a targets file.
#include <filesystem>
#include <iostream>

#include "cli_support.h"
#include "commands.h"
#include "targetwatch/config/targets_file.h"
#include "targetwatch/importer/importer.h"

namespace targetwatch::cli {
namespace {

const CommandSpec kSpec{
    "import",
    "usage: targetwatch import DOC.txt [-o FILE.toml] [--strict]\n"
    "\n"
    "Reads the text of a department's budget disclosure (部门预算信息公开, text extracted from\n"
    "the PDF) and writes a targets file: department, department-wide indicators, every project\n"
    "with its spending plan and indicators, and the budget summary tables. Uncertain readings\n"
    "are marked with a comment in the file. A report goes to stderr: what was read, every line\n"
    "that could not be placed (with its line number) and every cross-check warning.\n"
    "Without -o the file goes to stdout. Importing again gives the same file byte for byte.\n"
    "\n"
    "exit codes: 0 everything placed, 2 some lines not placed (the file is still written;\n"
    "            with --strict nothing is written), 64 bad command line, 66 unreadable input,\n"
    "            74 cannot write\n",
    {"-o", "--output"},
    {"--strict"}};

}  // namespace

int run_import(const std::vector<std::string>& args) {
  auto parsed = parse_command_line(kSpec, args);
  if (!parsed) return parsed.error();
  if (parsed->positionals.size() != 1) {
    std::cerr << kSpec.usage;
    return kExitUsage;
  }
  const std::string& source = parsed->positionals.front();
  auto text = read_file(source);
  if (!text) {
    std::cerr << "targetwatch import: " << text.error().message << "\n";
    return kExitNoInput;
  }
  const std::string source_name = std::filesystem::path(source).filename().string();
  const ImportResult result = import_disclosure(*text);
  std::cerr << format_import_report(result, source_name);

  const bool complete = result.complete();
  if (!complete && parsed->has("--strict")) {
    std::cerr << "targetwatch import: --strict: nothing written\n";
    return kExitIncomplete;
  }
  WriteOptions options;
  options.header_comments = {
      "Targets of " + result.department.name + " for " +
          std::to_string(result.department.fiscal_year) + ".",
      "Imported by `targetwatch import` from " + source_name + ".",
      "Lines marked with a comment were read with some uncertainty: check them against the "
      "source.",
  };
  const std::string toml = write_targets(result.department, options);
  auto output = parsed->value("-o");
  if (!output) output = parsed->value("--output");
  if (!output || *output == "-") {
    std::cout << toml;
  } else if (auto written = write_file_atomically(*output, toml); !written) {
    std::cerr << "targetwatch import: " << written.error().message << "\n";
    return kExitIoError;
  }
  return complete ? kExitOk : kExitIncomplete;
}

}  // namespace targetwatch::cli
