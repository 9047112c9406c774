// targetwatch: the command line (check, fmt, evaluate, import, push, report, export,
// template, token).
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli_support.h"
#include "commands.h"

namespace {

constexpr std::string_view kUsage =
    "usage: targetwatch COMMAND [ARGS...]\n"
    "\n"
    "commands:\n"
    "  check PATH...        validate targets files; list every problem\n"
    "  fmt [--check] PATH   rewrite targets files canonically\n"
    "  evaluate ...         evaluate targets against actuals at a date (table or JSON)\n"
    "  import DOC.txt       turn a published budget disclosure into a targets file\n"
    "  push FILE ...        send actuals (CSV/JSON) to a running targetwatchd\n"
    "  report ...           monthly review report (html, md, csv, xlsx) at a month end\n"
    "  export --openmetrics evaluated series of past days, for a Prometheus backfill\n"
    "  template ...         fill-in template (xlsx, csv) a department's clerk reports with\n"
    "  token add|list|revoke bearer tokens in the settings (secrets shown once)\n"
    "\n"
    "Run `targetwatch COMMAND --help` for a command's options and exit codes.\n"
    "exit codes: 0 ok, 1 problems in the input, 2 import incomplete, 64 bad command line,\n"
    "            66 missing input, 69 daemon unreachable, 74 cannot write output\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace targetwatch::cli;
  if (argc < 2) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "-h" || command == "--help" || command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (command == "--version") {
    std::cout << "targetwatch " << TARGETWATCH_VERSION << "\n";
    return kExitOk;
  }
  if (command == "check") return run_check(args);
  if (command == "fmt") return run_fmt(args);
  if (command == "evaluate") return run_evaluate(args);
  if (command == "import") return run_import(args);
  if (command == "push") return run_push(args);
  if (command == "report") return run_report(args);
  if (command == "export") return run_export(args);
  if (command == "template") return run_template(args);
  if (command == "token") return run_token(args);
  std::cerr << "targetwatch: unknown command '" << command << "'\n\n" << kUsage;
  return kExitUsage;
}
