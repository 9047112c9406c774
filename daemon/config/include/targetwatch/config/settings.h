// Daemon settings (config/targetwatch.toml): listen address, paths, tokens, tolerances, limits.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/config/targets_file.h"
#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/evaluate/warning.h"
#include "targetwatch/model/result.h"

namespace targetwatch {

/// A bearer token, stored only as the hex SHA-256 of its secret.
struct TokenSetting {
  std::string name;
  std::string sha256_hex;                ///< 64 lowercase hex digits
  std::vector<std::string> departments;  ///< department codes, or {"*"}
  bool may_reload = false;  ///< allowed to POST /-/reload (an operator's right: say so explicitly)
  bool read_only = false;   ///< reads its departments, never writes
};

struct Limits {
  std::size_t max_body_bytes = std::size_t{8} * 1024 * 1024;
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  int request_timeout_seconds = 30;
  int idle_timeout_seconds = 60;
  /// On SIGTERM: how long requests in flight may take to finish before connections are cut.
  int shutdown_timeout_seconds = 10;
  std::size_t max_connections = 512;
  std::size_t max_records_per_batch = 100000;
};

struct Settings {
  std::string listen = "127.0.0.1:9464";
  std::string targets_dir = "config/targets";
  std::string store_path = "var/targetwatch.db";
  std::string inbox_dir;  ///< drop folder root (inbox/, done/, rejected/); "" = disabled
  int inbox_poll_seconds = 5;
  /// The evaluation's tunables; their defaults are evaluate's (defined once there).
  EvaluationSettings evaluation;
  std::vector<TokenSetting> tokens;
  /// /metrics, /healthz and /readyz need a token from every peer, loopback included.
  bool metrics_require_token = false;
  /// Without metrics_require_token, a scrape without a token is answered only for loopback peers;
  /// this opens it to every peer (a trusted network, or a firewall that admits only Prometheus).
  bool metrics_open_to_network = false;
  /// Status, actuals, report and the web pages without a token (a single-office install on a
  /// trusted network); otherwise every read needs a token and sees the token's departments.
  bool public_reads = false;
  /// More [[token]] tables in a file of their own (what `targetwatch token add` writes when set).
  std::string tokens_file;
  /// TLS: PEM certificate chain and key; with a CA file, clients must present a certificate.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  /// Serving on a non-loopback address without TLS is refused unless this is set.
  bool allow_plaintext_on_network = false;
  /// The top-level inbox/ takes every department's files (else only inbox/<code>/ folders).
  bool inbox_all_departments = false;
  /// "postgresql://..." selects the PostgreSQL store instead of store_path's SQLite file.
  std::string store_url;
  Limits limits;
  /// The parsed-targets cache directory (see TargetsCacheOptions): a restart with unchanged
  /// targets files decodes them instead of parsing TOML. Unset = the default: $CACHE_DIRECTORY
  /// (systemd's CacheDirectory=) when set, else beside a SQLite store (store_path +
  /// ".targets-cache"), else no cache; "" = no cache. See effective_cache_dir.
  std::optional<std::string> cache_dir;
  /// Lamp rules by department code ([warnings."375"]); "*" = the default for the others.
  WarningPolicy warnings;
  int threads = 0;  ///< 0 = hardware concurrency
};

/// What path settings may refer to outside the file. A path that starts with
/// "${CREDENTIALS_DIRECTORY}" is in the service's systemd credentials directory (LoadCredential=:
/// private copies of root-only files such as the tokens file and the TLS key); one that starts
/// with "${CREDENTIALS_DIRECTORY:-DIR}" falls back to DIR when there is none, so the same settings
/// serve the daemon under systemd and `targetwatch token` or a daemon started by hand.
/// "${CACHE_DIRECTORY}" and "${CACHE_DIRECTORY:-DIR}" likewise name systemd's CacheDirectory=.
struct SettingsEnvironment {
  std::optional<std::string> credentials_directory;  ///< $CREDENTIALS_DIRECTORY; nullopt: unset
  /// $CACHE_DIRECTORY (its first directory when systemd lists several); nullopt: unset.
  std::optional<std::string> cache_directory;
  /// This process's environment.
  static SettingsEnvironment from_process();
};

/// What the default cache directory beside a SQLite store adds to store_path.
inline constexpr std::string_view kStoreSideCacheSuffix = ".targets-cache";

/// The targets cache directory in force: `cache_dir` when the settings set it ("" = none), else
/// $CACHE_DIRECTORY when set and not empty, else store_path + kStoreSideCacheSuffix when the
/// store is SQLite, else "" (no cache).
std::string effective_cache_dir(const Settings& settings, const SettingsEnvironment& env);

/// Parses settings TOML; relative paths are resolved against `base_dir` (the file's directory;
/// "" leaves them as written) after `env` expanded them. Keys that are absent keep the defaults
/// above. Errors carry file:line:column like targets diagnostics; unknown keys are warnings.
/// Reentrant.
struct SettingsLoad {
  Settings settings;
  std::vector<Diagnostic> diagnostics;
  bool ok() const;
};
SettingsLoad parse_settings(std::string_view toml_text, std::string_view file_name,
                            std::string_view base_dir, const SettingsEnvironment& env = {});
/// Reads `path` and parses it with base_dir = its directory and this process's environment; a
/// missing file is an error.
SettingsLoad load_settings(const std::string& path);

}  // namespace targetwatch
