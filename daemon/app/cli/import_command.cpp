// `targetwatch import DOC.txt|FILE.xlsx|FILE.csv`: a published budget disclosure, or the budget
// system's spreadsheet of project targets, turned into a targets file.
#include <cctype>
#include <charconv>
#include <filesystem>
#include <iostream>

#include "cli_support.h"
#include "commands.h"
#include "targetwatch/config/targets_file.h"
#include "targetwatch/importer/importer.h"
#include "targetwatch/importer/spreadsheet.h"
#include "targetwatch/importer/workbook_grids.h"
#include "targetwatch/xlsx/workbook.h"

namespace targetwatch::cli {
namespace {

const CommandSpec& spec() {
  static const CommandSpec spec{
      "import",
      "usage: targetwatch import DOC.txt|FILE.xlsx|FILE.csv [-o FILE.toml] [--strict]\n"
      "                          [--department \"CODE NAME\"] [--year YYYY]\n"
      "\n"
      "Reads the text of a department's budget disclosure (部门预算信息公开, text extracted from\n"
      "the PDF) and writes a targets file: department, department-wide indicators, every project\n"
      "with its spending plan and indicators, and the budget summary tables. Uncertain readings\n"
      "are marked with a comment in the file. A report goes to stderr: what was read, every line\n"
      "that could not be placed (with its line number) and every cross-check warning.\n"
      "Without -o the file goes to stdout. Importing again gives the same file byte for byte.\n"
      "\n"
      "A spreadsheet (.xlsx, or .csv in UTF-8) is read as the budget system's 项目支出绩效目标\n"
      "申报表: one sheet per project or several project blocks per sheet, each opened by its\n"
      "项目名称/项目编码 rows. Rows not placed are named SHEET!ROW (a CSV file: its line).\n"
      "--department and --year give what the sheets do not print, and win over what they do.\n"
      "\n"
      "exit codes: 0 everything placed, 2 some lines not placed (the file is still written;\n"
      "            with --strict nothing is written), 64 bad command line, 66 unreadable input,\n"
      "            74 cannot write\n",
      {"-o", "--output", "--department", "--year"},
      {"--strict"}};
  return spec;
}

enum class Format { kText, kXlsx, kCsv };

Format format_of(const std::string& path, std::string_view bytes) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".xlsx" || xlsx::looks_like_xlsx(bytes)) return Format::kXlsx;
  if (ext == ".csv") return Format::kCsv;
  return Format::kText;
}

/// --department "375 廊坊市司法局" and --year 2025 into the spreadsheet options.
Result<SheetImportOptions> sheet_options(const ParsedArgs& args) {
  SheetImportOptions options;
  if (auto department = args.value("--department")) {
    const auto space = department->find(' ');
    if (space == std::string::npos || space == 0 || space + 1 >= department->size()) {
      return Error{"--department wants \"CODE NAME\", e.g. \"375 廊坊市司法局\""};
    }
    options.department_code = department->substr(0, space);
    options.department_name = department->substr(space + 1);
  }
  if (auto year = args.value("--year")) {
    int y = 0;
    const auto [ptr, ec] = std::from_chars(year->data(), year->data() + year->size(), y);
    if (ec != std::errc() || ptr != year->data() + year->size() || y < 1000 || y > 9999) {
      return Error{"--year wants a four-digit year, not \"" + *year + "\""};
    }
    options.fiscal_year = y;
  }
  return options;
}

}  // namespace

int run_import(const std::vector<std::string>& args) {
  auto parsed = parse_command_line(spec(), args);
  if (!parsed) return parsed.error();
  if (parsed->positionals.size() != 1) {
    std::cerr << spec().usage;
    return kExitUsage;
  }
  auto options = sheet_options(*parsed);
  if (!options) {
    std::cerr << "targetwatch import: " << options.error().message << "\n";
    return kExitUsage;
  }
  const std::string& source = parsed->positionals.front();
  auto text = read_file(source);
  if (!text) {
    std::cerr << "targetwatch import: " << text.error().message << "\n";
    return kExitNoInput;
  }
  const std::string source_name = std::filesystem::path(source).filename().string();
  const Format format = format_of(source, *text);
  if (format == Format::kText && (parsed->value("--department") || parsed->value("--year"))) {
    std::cerr << "targetwatch import: --department and --year are for spreadsheets; a "
                 "disclosure prints its own\n";
    return kExitUsage;
  }
  ImportResult result;
  switch (format) {
    case Format::kText:
      result = import_disclosure(*text);
      break;
    case Format::kXlsx: {
      auto workbook = xlsx::read_workbook(*text);
      if (!workbook) {
        std::cerr << "targetwatch import: " << source << ": " << workbook.error().message << "\n";
        return kExitNoInput;
      }
      result = import_sheets(sheet_grids(*workbook), *options);
      break;
    }
    case Format::kCsv: {
      auto grid = parse_csv_grid(*text);
      if (!grid) {
        std::cerr << "targetwatch import: " << source << ": " << grid.error().message << "\n";
        return kExitNoInput;
      }
      result = import_sheets({std::move(*grid)}, *options);
      break;
    }
  }
  std::cerr << format_import_report(result, source_name);

  const bool complete = result.complete();
  if (!complete && parsed->has("--strict")) {
    std::cerr << "targetwatch import: --strict: nothing written\n";
    return kExitIncomplete;
  }
  WriteOptions write_options;
  write_options.header_comments = {
      "Targets of " + result.department.name + " for " +
          std::to_string(result.department.fiscal_year) + ".",
      "Imported by `targetwatch import` from " + source_name + ".",
      "Lines marked with a comment were read with some uncertainty: check them against the "
      "source.",
  };
  const std::string toml = write_targets(result.department, write_options);
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
