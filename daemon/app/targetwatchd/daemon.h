// run_daemon: start-up, the signal loop (SIGHUP reload, SIGTERM/SIGINT stop), sd_notify, shutdown.
#pragma once

#include <optional>
#include <string>

#include "targetwatch/core/daemon_config.h"
#include "targetwatch/model/date.h"

namespace targetwatch::daemon {

struct DaemonOptions {
  core::ConfigSource config;
  std::optional<Date> today;  ///< evaluate as if it were this day
  std::string port_file;      ///< write the bound port here once listening
  bool check_config = false;  ///< validate, print a summary, exit
};

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 64;
inline constexpr int kExitConfig = 78;

/// Runs until SIGTERM/SIGINT; returns the process exit code.
int run_daemon(const DaemonOptions& options);

}  // namespace targetwatch::daemon
