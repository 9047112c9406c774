// Loading the daemon's configuration: settings file, command-line overrides and the targets.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/config/settings.h"
#include "targetwatch/model/result.h"
#include "targetwatch/model/targets.h"

namespace targetwatch::core {

/// Where the configuration comes from; flags override the settings file on every (re)load.
struct ConfigSource {
  std::string settings_path;  ///< "" = built-in defaults
  std::optional<std::string> listen;
  std::optional<std::string> targets_dir;
  std::optional<std::string> store_path;
  /// The parsed-targets cache is the running daemon's: a check (--check-config, often run as
  /// another user) neither reads nor writes it.
  bool use_targets_cache = true;
};

struct DaemonConfig {
  std::shared_ptr<const Settings> settings;
  std::shared_ptr<const Targets> targets;
  std::vector<std::string> warnings;  ///< diagnostics of warning severity, one line each
  /// What the parsed-targets cache did in this load (hits, entries written); for a log line.
  TargetsCacheReport targets_cache;
};

/// Every problem found, one line each ("file:line:column: field: message").
using ConfigErrors = std::vector<std::string>;

/// A listen address: "HOST:PORT", "[v6]:PORT" or ":PORT" (host 127.0.0.1).
struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};
Result<ListenAddress> parse_listen(std::string_view listen);
/// 127.0.0.0/8, ::1 and localhost: what only this machine can reach.
bool is_loopback(std::string_view host);

/// Reads the settings (if any), applies the overrides, checks the listen address (a non-loopback
/// address needs TLS or allow_plaintext_on_network) and the tokens, and loads the targets
/// directory (through the parsed-targets cache of effective_cache_dir, with this process's
/// $CACHE_DIRECTORY as the default). Fails when anything is wrong or no department was loaded.
Result<DaemonConfig, ConfigErrors> load_daemon_config(const ConfigSource& source);

}  // namespace targetwatch::core
