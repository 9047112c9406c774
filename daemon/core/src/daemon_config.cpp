// load_daemon_config: settings + overrides + targets, with every problem collected.
#include "targetwatch/core/daemon_config.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "targetwatch/config/targets_file.h"

namespace targetwatch::core {
namespace {

bool is_lower_hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void collect(const std::vector<Diagnostic>& diagnostics, ConfigErrors& errors,
             std::vector<std::string>& warnings) {
  for (const Diagnostic& d : diagnostics) {
    (d.severity == Diagnostic::Severity::kError ? errors : warnings).push_back(d.to_string());
  }
}

}  // namespace

bool is_loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

Result<ListenAddress> parse_listen(std::string_view listen) {
  std::size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) {
    return Error{"listen address '" + std::string(listen) + "' is not HOST:PORT"};
  }
  std::string host(listen.substr(0, colon));
  std::string_view port_text = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return Error{"listen address '" + std::string(listen) + "': write IPv6 hosts as [addr]:port"};
  }
  if (host.empty()) host = "127.0.0.1";
  if (port_text.empty() || port_text.size() > 5 ||
      !std::all_of(port_text.begin(), port_text.end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return Error{"listen address '" + std::string(listen) + "': bad port"};
  }
  unsigned long port = std::stoul(std::string(port_text));
  if (port > 65535) return Error{"listen address '" + std::string(listen) + "': port above 65535"};
  return ListenAddress{host, static_cast<std::uint16_t>(port)};
}

Result<DaemonConfig, ConfigErrors> load_daemon_config(const ConfigSource& source) {
  ConfigErrors errors;
  DaemonConfig config;
  Settings settings;
  if (!source.settings_path.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(source.settings_path, ec)) {
      return ConfigErrors{source.settings_path + ": settings file not found"};
    }
    SettingsLoad load = load_settings(source.settings_path);
    collect(load.diagnostics, errors, config.warnings);
    if (!load.ok()) {
      if (errors.empty()) errors.push_back(source.settings_path + ": invalid settings");
      return errors;
    }
    settings = std::move(load.settings);
  }
  if (source.listen) settings.listen = *source.listen;
  if (source.targets_dir) settings.targets_dir = *source.targets_dir;
  if (source.store_path) settings.store_path = *source.store_path;

  if (auto listen = parse_listen(settings.listen); !listen) {
    errors.push_back(listen.error().message);
  } else if (!is_loopback(listen->host) && settings.tls_cert_file.empty() &&
             !settings.allow_plaintext_on_network) {
    errors.push_back("listen address '" + settings.listen +
                     "' is reachable from the network but TLS is off: bearer tokens and figures "
                     "would cross the network in clear text. Set tls_cert_file and tls_key_file, "
                     "or allow_plaintext_on_network = true behind a TLS-terminating proxy");
  }
  for (std::size_t i = 0; i < settings.tokens.size(); ++i) {
    const TokenSetting& t = settings.tokens[i];
    std::string where = "token[" + std::to_string(i) + "] '" + t.name + "'";
    if (!is_lower_hex64(t.sha256_hex)) {
      errors.push_back(where + ": sha256 must be 64 hex digits (the SHA-256 of the secret)");
    }
    if (t.departments.empty()) errors.push_back(where + ": departments is empty");
  }
  if (settings.store_path.empty()) errors.push_back("store path is empty");
  if (settings.targets_dir.empty()) errors.push_back("targets directory is empty");

  if (!settings.targets_dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::exists(settings.targets_dir, ec)) {
      errors.push_back(settings.targets_dir + ": targets directory not found");
    } else {
      // The environment is read here, at the edge: $CACHE_DIRECTORY is the default cache_dir.
      const TargetsCacheOptions cache{
          source.use_targets_cache
              ? effective_cache_dir(settings, SettingsEnvironment::from_process())
              : std::string(),
          {}};
      TargetsLoad load = load_targets({settings.targets_dir}, cache);
      collect(load.diagnostics, errors, config.warnings);
      // An unusable cache only costs start-up time: one warning line, never a failure.
      if (!load.cache.problem.empty()) {
        config.warnings.push_back("targets cache " + cache.dir + ": " + load.cache.problem +
                                  " (targets files are parsed without it)");
      }
      config.targets_cache = load.cache;
      if (load.ok() && load.targets.departments.empty()) {
        errors.push_back(settings.targets_dir + ": no targets (*.toml) found");
      }
      if (load.ok()) config.targets = std::make_shared<const Targets>(std::move(load.targets));
    }
  }
  if (!errors.empty()) return errors;
  config.settings = std::make_shared<const Settings>(std::move(settings));
  return config;
}

}  // namespace targetwatch::core
