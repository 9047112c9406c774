// targetwatchd: parses the flags and runs the daemon (exit 78 on bad configuration).
#include <cstring>
#include <iostream>
#include <string>

#include "daemon.h"
#include "memory.h"

namespace {

constexpr const char* kUsage =
    "usage: targetwatchd [--settings FILE] [--listen HOST:PORT] [--targets DIR] [--store FILE]\n"
    "                    [--today YYYY-MM-DD] [--port-file FILE] [--check-config]\n"
    "\n"
    "Serves compliance metrics of budget performance targets to Prometheus and ingests actual\n"
    "figures over HTTP (design.md: /metrics, /api/v1/actuals, /api/v1/status, /report,\n"
    "/healthz, /readyz, /-/reload). Flags override the settings file.\n"
    "\n"
    "  --settings FILE     daemon settings (TOML); without it built-in defaults are used\n"
    "  --listen HOST:PORT  listen address (port 0 picks a free port; see --port-file)\n"
    "  --targets DIR       directory of targets files (*.toml)\n"
    "  --store FILE        SQLite store of actual figures\n"
    "  --today DATE        evaluate as if it were DATE (demos, replays)\n"
    "  --port-file FILE    write the bound port to FILE once listening\n"
    "  --check-config      validate the configuration and exit (0 valid, 78 invalid)\n"
    "\n"
    "signals: SIGHUP reloads settings and targets; SIGTERM/SIGINT stop gracefully.\n"
    "exit codes: 0 ok, 1 start-up failure, 64 bad command line, 78 bad configuration\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace targetwatch;
  daemon::tune_malloc(argv);
  daemon::DaemonOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool has_inline = false;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_inline = true;
    }
    auto take = [&]() -> bool {
      if (has_inline) return true;
      if (i + 1 >= argc) return false;
      value = argv[++i];
      return true;
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return daemon::kExitOk;
    }
    if (arg == "--check-config") {
      options.check_config = true;
      options.config.use_targets_cache = false;
      continue;
    }
    bool known = arg == "--settings" || arg == "--listen" || arg == "--targets" ||
                 arg == "--store" || arg == "--today" || arg == "--port-file";
    if (!known) {
      std::cerr << "targetwatchd: unknown argument '" << arg << "'\n" << kUsage;
      return daemon::kExitUsage;
    }
    if (!take()) {
      std::cerr << "targetwatchd: " << arg << " needs a value\n";
      return daemon::kExitUsage;
    }
    if (arg == "--settings") options.config.settings_path = value;
    if (arg == "--listen") options.config.listen = value;
    if (arg == "--targets") options.config.targets_dir = value;
    if (arg == "--store") options.config.store_path = value;
    if (arg == "--port-file") options.port_file = value;
    if (arg == "--today") {
      options.today = Date::parse(value);
      if (!options.today) {
        std::cerr << "targetwatchd: --today needs a date YYYY-MM-DD, got '" << value << "'\n";
        return daemon::kExitUsage;
      }
    }
  }
  return daemon::run_daemon(options);
}
