// parse_settings / load_settings: the daemon's settings TOML with the same diagnostics as targets.
#include "targetwatch/config/settings.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <tuple>

#include "toml_emit.h"
#include "toml_reader.h"

namespace targetwatch {
namespace {

using config_detail::indexed;
using config_detail::Need;
using config_detail::position_of;
using config_detail::Sink;
using config_detail::TableReader;

std::string resolve(const std::string& path, std::string_view base_dir) {
  if (path.empty() || base_dir.empty()) return path;
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

// The directories of the environment a path may start with, and where systemd sets them.
struct DirectoryVariable {
  std::string_view name;
  std::optional<std::string> SettingsEnvironment::*value;
  std::string_view set_by;
};
constexpr DirectoryVariable kDirectoryVariables[] = {
    {"CREDENTIALS_DIRECTORY", &SettingsEnvironment::credentials_directory, "LoadCredential="},
    {"CACHE_DIRECTORY", &SettingsEnvironment::cache_directory, "CacheDirectory="},
};

// "${NAME}/rest" or "${NAME:-DIR}/rest" with the directory put in, for the NAMEs above; any other
// value as it is. Fails (with the reason) on another "${...}" or when the directory is unset and
// there is no fallback.
Result<std::string> expand_directory(const std::string& value, const SettingsEnvironment& env) {
  if (!value.starts_with("${")) return value;
  const std::size_t close = value.find('}');
  const std::size_t name_end = std::min(close, value.find(":-"));
  const std::string_view name = close == std::string::npos
                                    ? std::string_view()
                                    : std::string_view(value).substr(2, name_end - 2);
  const auto* variable =
      std::find_if(std::begin(kDirectoryVariables), std::end(kDirectoryVariables),
                   [&](const DirectoryVariable& v) { return v.name == name; });
  if (variable == std::end(kDirectoryVariables)) {
    return Error{
        "only ${CREDENTIALS_DIRECTORY}, ${CACHE_DIRECTORY} and their ${NAME:-DIR} forms are "
        "expanded, found '" +
        value + "'"};
  }
  const std::string rest = value.substr(close + 1);
  if (!rest.empty() && rest.front() != '/') {
    return Error{"expected '/' after '}' in '" + value + "'"};
  }
  const bool has_fallback = close != name_end;
  const std::string fallback =
      has_fallback ? value.substr(name_end + 2, close - name_end - 2) : std::string();
  if (has_fallback && fallback.empty()) {
    return Error{"empty fallback directory in '" + value + "'"};
  }
  const std::optional<std::string>& directory = env.*(variable->value);
  if (directory && !directory->empty()) return *directory + rest;
  if (!has_fallback) {
    return Error{"'" + value + "' needs $" + std::string(name) +
                 ", which is not set (systemd sets it for a service with " +
                 std::string(variable->set_by) + "); write ${" + std::string(name) +
                 ":-DIR} to fall back to DIR"};
  }
  return fallback + rest;
}

void read_path(TableReader& r, std::string_view key, std::string& out, std::string_view base_dir,
               bool may_be_empty, const SettingsEnvironment& env) {
  auto v = r.string(key, Need::kOptional);
  if (!v) return;
  if (v->empty() && !may_be_empty) {
    r.sink().error(r.where(key), r.field(key), "must not be empty");
    return;
  }
  auto expanded = expand_directory(*v, env);
  if (!expanded) {
    r.sink().error(r.where(key), r.field(key), expanded.error().message);
    return;
  }
  out = resolve(*expanded, base_dir);
}

// An integer in [lo, hi] stored into `out` (left unchanged when absent or invalid).
template <typename T>
void read_int(TableReader& r, std::string_view key, T& out, std::int64_t lo, std::int64_t hi) {
  auto v = r.integer(key, Need::kOptional);
  if (!v) return;
  if (*v < lo || *v > hi) {
    r.sink().error(r.where(key), r.field(key),
                   "must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                       ", found " + std::to_string(*v));
    return;
  }
  out = static_cast<T>(*v);
}

bool is_hex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

TokenSetting read_token(TableReader& r) {
  TokenSetting t;
  if (auto name = r.string("name", Need::kRequired)) {
    t.name = *name;
    if (t.name.empty()) r.sink().error(r.where("name"), r.field("name"), "must not be empty");
  }
  if (auto hash = r.string("sha256", Need::kRequired)) {
    if (!is_hex64(*hash)) {
      r.sink().error(r.where("sha256"), r.field("sha256"),
                     "must be the 64 hex digits of the secret's SHA-256 (printf %s SECRET | "
                     "sha256sum), found " +
                         std::to_string(hash->size()) + " characters");
    } else {
      t.sha256_hex = lower(*hash);
    }
  }
  if (auto departments = r.string_array("departments", Need::kRequired)) {
    if (departments->empty()) {
      r.sink().error(r.where("departments"), r.field("departments"),
                     "must name at least one department code, or [\"*\"] for all");
    }
    for (const auto& d : *departments) {
      if (d.empty()) {
        r.sink().error(r.where("departments"), r.field("departments"),
                       "department codes must not be empty");
      }
    }
    if (departments->size() > 1 &&
        std::find(departments->begin(), departments->end(), "*") != departments->end()) {
      r.sink().warning(r.where("departments"), r.field("departments"),
                       "\"*\" already covers every department; the other codes are redundant");
    }
    t.departments = std::move(*departments);
  }
  if (auto may_reload = r.boolean("may_reload", Need::kOptional)) t.may_reload = *may_reload;
  if (auto read_only = r.boolean("read_only", Need::kOptional)) t.read_only = *read_only;
  r.finish();
  return t;
}

WarningRules read_warnings(TableReader& r) {
  WarningRules w;
  if (auto rules = r.string_array("rules", Need::kOptional)) {
    w.rules.clear();
    for (const auto& name : *rules) {
      const auto rule = parse_warning_rule(name);
      if (!rule) {
        r.sink().error(r.where("rules"), r.field("rules"),
                       "unknown rule '" + name + "' (one of plan, time-progress, milestones)");
      } else if (std::find(w.rules.begin(), w.rules.end(), *rule) == w.rules.end()) {
        w.rules.push_back(*rule);  // a rule named twice is kept once
      }
    }
  }
  auto red = r.number("time_progress_red", Need::kOptional);
  auto yellow = r.number("time_progress_yellow", Need::kOptional);
  if (red) w.time_progress_red = *red;
  if (yellow) w.time_progress_yellow = *yellow;
  if (auto ceiling = r.number("time_progress_ceiling", Need::kOptional)) {
    if (*ceiling < 100) {
      r.sink().error(r.where("time_progress_ceiling"), r.field("time_progress_ceiling"),
                     "must be a percentage of the time-elapsed progress of at least 100 (spending "
                     "faster than this is flagged), found " +
                         config_detail::format_number(*ceiling));
    } else {
      w.time_progress_ceiling = *ceiling;
    }
  }
  for (const auto& [key, value] : {std::pair{"time_progress_red", w.time_progress_red},
                                   std::pair{"time_progress_yellow", w.time_progress_yellow}}) {
    if (value < 0 || value > 100) {
      r.sink().error(r.where(key), r.field(key),
                     "must be a percentage of the time-elapsed progress between 0 and 100, found " +
                         config_detail::format_number(value));
    }
  }
  if (w.time_progress_red > w.time_progress_yellow) {
    r.sink().error(r.where(red ? "time_progress_red" : "time_progress_yellow"),
                   r.field("time_progress_red"),
                   "time_progress_red (" + config_detail::format_number(w.time_progress_red) +
                       ") must not exceed time_progress_yellow (" +
                       config_detail::format_number(w.time_progress_yellow) + ")");
  }
  if (const toml::array* milestones = r.array("milestones", Need::kOptional)) {
    std::map<int, double> by_month;  // month order, and a month given twice is found
    const std::string field = r.field("milestones");
    for (std::size_t i = 0; i < milestones->size(); ++i) {
      const toml::node& node = *milestones->get(i);
      const toml::table* t = node.as_table();
      if (t == nullptr) {
        r.sink().error(position_of(node), indexed(field, i),
                       "expected a table like { month = 4, share = 0.25 }");
        continue;
      }
      TableReader m(*t, indexed(field, i), r.sink());
      auto month = m.integer("month", Need::kRequired);
      auto share = m.number("share", Need::kRequired);
      m.finish();
      if (month && (*month < 1 || *month > 12)) {
        r.sink().error(m.where("month"), m.field("month"),
                       "month must be 1-12, found " + std::to_string(*month));
        month.reset();
      }
      if (share && (*share < 0 || *share > 1)) {
        r.sink().error(m.where("share"), m.field("share"),
                       "share must be between 0 and 1 (25% is 0.25), found " +
                           config_detail::format_number(*share));
        share.reset();
      }
      if (!month || !share) continue;
      const int mo = static_cast<int>(*month);
      if (by_month.count(mo) != 0) {
        r.sink().error(m.where("month"), m.field("month"),
                       "month " + std::to_string(mo) + " appears twice");
        continue;
      }
      by_month.emplace(mo, *share);
    }
    // Cumulative shares: a later month never requires less than an earlier one.
    double previous = 0;
    for (const auto& [month, share] : by_month) {
      if (share < previous) {
        r.sink().error(r.where("milestones"), field,
                       "cumulative shares must not decrease: month " + std::to_string(month) +
                           " has " + config_detail::format_number(share) + " after " +
                           config_detail::format_number(previous));
        break;
      }
      previous = share;
    }
    w.milestones.clear();
    for (const auto& [month, share] : by_month) w.milestones.push_back({month, share});
  }
  r.finish();
  return w;
}

// The [[token]] tables of a settings file or a tokens file, appended to `tokens`; names and
// secrets must be unique across both.
void read_tokens(TableReader& r, std::vector<TokenSetting>& tokens) {
  const auto tables = r.tables("token", Need::kOptional);
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (tables[i] == nullptr) continue;
    TableReader t(*tables[i], indexed("token", i), r.sink());
    TokenSetting token = read_token(t);
    for (const TokenSetting& other : tokens) {
      if (!token.name.empty() && other.name == token.name) {
        r.sink().error(t.where("name"), t.field("name"),
                       "duplicate token name '" + token.name + "'");
      }
      if (!token.sha256_hex.empty() && other.sha256_hex == token.sha256_hex) {
        r.sink().error(t.where("sha256"), t.field("sha256"),
                       "the same secret is already used by token '" + other.name + "'");
      }
    }
    tokens.push_back(std::move(token));
  }
}

}  // namespace

SettingsEnvironment SettingsEnvironment::from_process() {
  SettingsEnvironment env;
  // Read once per load; nothing in the daemon sets the environment while it runs.
  if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY")) env.credentials_directory = dir;
  // systemd joins several CacheDirectory= entries with ':'; ours is the first.
  if (const char* dir = std::getenv("CACHE_DIRECTORY")) {
    env.cache_directory = std::string(dir).substr(0, std::string_view(dir).find(':'));
  }
  return env;
}

std::string effective_cache_dir(const Settings& settings, const SettingsEnvironment& env) {
  if (settings.cache_dir) return *settings.cache_dir;
  if (env.cache_directory && !env.cache_directory->empty()) return *env.cache_directory;
  // Beside the SQLite store, named after it: a daemon started by hand restarts as fast as one
  // under systemd, and two daemons with stores in one directory keep separate caches.
  if (settings.store_url.empty() && !settings.store_path.empty()) {
    return settings.store_path + std::string(kStoreSideCacheSuffix);
  }
  return "";
}

SettingsLoad parse_settings(std::string_view toml_text, std::string_view file_name,
                            std::string_view base_dir, const SettingsEnvironment& env) {
  SettingsLoad load;
  Sink sink(std::string(file_name), load.diagnostics);
  const auto root = config_detail::parse_document(toml_text, sink);
  if (!root) return load;
  Settings& s = load.settings;
  TableReader r(*root, "", sink);

  if (auto listen = r.string("listen", Need::kOptional)) {
    if (listen->empty() || listen->find(':') == std::string::npos) {
      sink.error(r.where("listen"), "listen",
                 "expected HOST:PORT (e.g. 127.0.0.1:9464), found '" + *listen + "'");
    } else {
      s.listen = *listen;
    }
  }
  // The defaults are relative to the working directory; only what the file says is resolved.
  read_path(r, "targets_dir", s.targets_dir, base_dir, false, env);
  read_path(r, "store_path", s.store_path, base_dir, false, env);
  read_path(r, "inbox_dir", s.inbox_dir, base_dir, true, env);
  read_int(r, "inbox_poll_seconds", s.inbox_poll_seconds, 1, 86400);
  if (auto lag = r.number("lag_tolerance", Need::kOptional)) {
    if (*lag < 0 || *lag > 1) {
      sink.error(r.where("lag_tolerance"), "lag_tolerance",
                 "must be a share between 0 and 1 (5 points is 0.05), found " +
                     config_detail::format_number(*lag));
    } else {
      s.evaluation.lag_tolerance = *lag;
    }
  }
  if (auto tol = r.number("indicator_tolerance", Need::kOptional)) {
    if (*tol < 0 || *tol > 1) {
      sink.error(r.where("indicator_tolerance"), "indicator_tolerance",
                 "must be a share of the expected-to-date value between 0 and 1 (5% is 0.05), "
                 "found " +
                     config_detail::format_number(*tol));
    } else {
      s.evaluation.indicator_tolerance = *tol;
    }
  }
  read_int(r, "stale_grace_days", s.evaluation.stale_grace_days, 0, 3660);
  read_int(r, "close_after_days", s.evaluation.close_after_days, 0, 3660);
  // Deprecated: a fixed age ignores how often an indicator is measured (quarterly and yearly
  // indicators all went stale). Still honoured, so an upgrade does not change behaviour
  // silently, but the warning says what replaces it.
  if (r.table().get("stale_after_days") != nullptr) {
    int days = 0;
    read_int(r, "stale_after_days", days, 1, 3660);
    if (days > 0) {
      s.evaluation.stale_after_days = days;
      sink.warning(r.where("stale_after_days"), "stale_after_days",
                   "deprecated: a fixed maximum age for every indicator; staleness now follows "
                   "each indicator's `frequency` plus stale_grace_days (default 15). Remove "
                   "stale_after_days to use it");
    }
  }
  if (const toml::table* frequency = r.subtable("frequency", Need::kOptional)) {
    TableReader f(*frequency, "frequency", sink);
    FrequencyDefaults& d = s.evaluation.frequency;
    for (auto [key, out] : {std::pair<const char*, Frequency*>{"spending", &d.spending},
                            {"satisfaction", &d.satisfaction},
                            {"deadline", &d.deadline},
                            {"other", &d.other}}) {
      auto v = f.string(key, Need::kOptional);
      if (!v) continue;
      if (auto parsed = parse_frequency(*v)) {
        *out = *parsed;
      } else {
        sink.error(f.where(key), f.field(key),
                   "unknown frequency '" + *v +
                       "' (one of monthly, quarterly, half_yearly, yearly, once)");
      }
    }
    f.finish();
  }
  read_int(r, "threads", s.threads, 0, 1024);
  if (auto v = r.boolean("metrics_require_token", Need::kOptional)) s.metrics_require_token = *v;
  if (auto v = r.boolean("metrics_open_to_network", Need::kOptional)) {
    s.metrics_open_to_network = *v;
    if (*v && s.metrics_require_token) {
      sink.error(r.where("metrics_open_to_network"), "metrics_open_to_network",
                 "contradicts metrics_require_token = true (which asks every scraper for a "
                 "token): set one of them");
    }
  }
  if (auto v = r.boolean("public_reads", Need::kOptional)) s.public_reads = *v;
  read_path(r, "tokens_file", s.tokens_file, base_dir, true, env);
  read_path(r, "tls_cert_file", s.tls_cert_file, base_dir, true, env);
  read_path(r, "tls_key_file", s.tls_key_file, base_dir, true, env);
  read_path(r, "tls_client_ca_file", s.tls_client_ca_file, base_dir, true, env);
  if (s.tls_cert_file.empty() != s.tls_key_file.empty()) {
    sink.error(r.where(s.tls_cert_file.empty() ? "tls_key_file" : "tls_cert_file"), "tls_cert_file",
               "tls_cert_file and tls_key_file go together: set both or neither");
  }
  if (auto v = r.boolean("allow_plaintext_on_network", Need::kOptional)) {
    s.allow_plaintext_on_network = *v;
  }
  if (auto v = r.boolean("inbox_all_departments", Need::kOptional)) s.inbox_all_departments = *v;
  if (auto v = r.string("store_url", Need::kOptional)) s.store_url = *v;
  if (r.table().get("cache_dir") != nullptr) {
    read_path(r, "cache_dir", s.cache_dir.emplace(), base_dir, true, env);
  }

  if (const toml::table* limits = r.subtable("limits", Need::kOptional)) {
    TableReader l(*limits, "limits", sink);
    constexpr std::int64_t kMaxSize = std::numeric_limits<std::int32_t>::max();
    read_int(l, "max_body_bytes", s.limits.max_body_bytes, 1, kMaxSize);
    read_int(l, "max_header_bytes", s.limits.max_header_bytes, 1, kMaxSize);
    read_int(l, "request_timeout_seconds", s.limits.request_timeout_seconds, 1, 86400);
    read_int(l, "idle_timeout_seconds", s.limits.idle_timeout_seconds, 1, 86400);
    read_int(l, "shutdown_timeout_seconds", s.limits.shutdown_timeout_seconds, 0, 3600);
    read_int(l, "max_connections", s.limits.max_connections, 1, 1000000);
    read_int(l, "max_records_per_batch", s.limits.max_records_per_batch, 1, kMaxSize);
    l.finish();
  }

  read_tokens(r, s.tokens);

  if (const toml::table* warnings = r.subtable("warnings", Need::kOptional)) {
    for (auto&& [key, node] : *warnings) {
      const std::string field = config_detail::join("warnings", std::string(key.str()));
      const toml::table* t = node.as_table();
      if (t == nullptr) {
        sink.error(position_of(node), field,
                   "expected a table [warnings.\"<department code>\"] (or [warnings.\"*\"])");
        continue;
      }
      TableReader w(*t, field, sink);
      s.warnings[std::string(key.str())] = read_warnings(w);
    }
  }
  r.finish();
  // Reading order: unknown keys are only found after a table has been read.
  std::stable_sort(load.diagnostics.begin(), load.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                   });
  return load;
}

SettingsLoad load_settings(const std::string& path) {
  std::string error;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    SettingsLoad load;
    Sink(path, load.diagnostics).error({}, "", "is a directory, not a settings file");
    return load;
  }
  auto text = config_detail::read_text_file(path, error);
  if (!text) {
    SettingsLoad load;
    Sink(path, load.diagnostics).error({}, "", error);
    return load;
  }
  std::string base = std::filesystem::path(path).parent_path().string();
  if (base.empty()) base = ".";
  SettingsLoad load = parse_settings(*text, path, base, SettingsEnvironment::from_process());
  if (!load.ok() || load.settings.tokens_file.empty()) return load;
  // A tokens file that does not exist yet has no tokens (`targetwatch token add` creates it).
  if (!std::filesystem::exists(load.settings.tokens_file, ec)) return load;
  auto tokens_text = config_detail::read_text_file(load.settings.tokens_file, error);
  Sink sink(load.settings.tokens_file, load.diagnostics);
  if (!tokens_text) {
    sink.error({}, "", error);
    return load;
  }
  if (const auto root = config_detail::parse_document(*tokens_text, sink)) {
    TableReader r(*root, "", sink);
    read_tokens(r, load.settings.tokens);
    r.finish();
  }
  return load;
}

}  // namespace targetwatch
