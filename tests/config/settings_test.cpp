// parse_settings / load_settings: the example settings, defaults, path resolution, diagnostics.
#include "targetwatch/config/settings.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.h"

namespace targetwatch {
namespace {

using test::dump;
using test::error_count;
using test::errors_at;
using test::warnings_at;

TEST(Settings, BundledExampleLoadsCleanly) {
  const std::string path = test::source_file("config/targetwatch.toml");
  const SettingsLoad load = load_settings(path);
  ASSERT_TRUE(load.diagnostics.empty()) << dump(load.diagnostics);
  const Settings& s = load.settings;
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  EXPECT_EQ(s.listen, "127.0.0.1:9464");
  EXPECT_EQ(s.targets_dir, (dir / "targets").lexically_normal().string());
  EXPECT_EQ(s.store_path, (dir.parent_path() / "var/targetwatch.db").lexically_normal().string());
  EXPECT_EQ(s.inbox_dir, "");  // the drop folder is off unless configured
  ASSERT_EQ(s.tokens.size(), 1u);
  EXPECT_EQ(s.tokens[0].name, "demo");
  // SHA-256 of the documented demo secret "demo-token-change-me".
  EXPECT_EQ(s.tokens[0].sha256_hex,
            "b5d56f2eacf505c2639b22468f3a8b1bcaf7d619cadbab47dc6ce515fc4c3612");
  EXPECT_EQ(s.tokens[0].departments, std::vector<std::string>{"*"});
  ASSERT_EQ(s.warnings.count("*"), 1u);
  EXPECT_EQ(s.warnings.at("*").milestones.at(1), (Milestone{6, 0.40}));
  // The example's targets directory is the bundled one, and it loads.
  EXPECT_TRUE(std::filesystem::is_directory(s.targets_dir)) << s.targets_dir;
}

TEST(Settings, EmptyFileKeepsTheDefaults) {
  const SettingsLoad load = parse_settings("", "s.toml", "/etc/targetwatch");
  ASSERT_TRUE(load.diagnostics.empty()) << dump(load.diagnostics);
  const Settings defaults;
  EXPECT_EQ(load.settings.listen, defaults.listen);
  EXPECT_EQ(load.settings.targets_dir, defaults.targets_dir);
  EXPECT_EQ(load.settings.store_path, defaults.store_path);
  EXPECT_EQ(load.settings.evaluation.lag_tolerance, defaults.evaluation.lag_tolerance);
  EXPECT_EQ(load.settings.limits.max_body_bytes, defaults.limits.max_body_bytes);
  EXPECT_TRUE(load.settings.tokens.empty());
  EXPECT_TRUE(load.settings.warnings.empty());
}

TEST(Settings, EveryFieldIsRead) {
  const SettingsLoad load = parse_settings(
      "listen = \"0.0.0.0:9000\"\n"
      "targets_dir = \"/srv/targets\"\n"
      "store_path = \"db/tw.db\"\n"
      "inbox_dir = \"\"\n"
      "inbox_poll_seconds = 30\n"
      "lag_tolerance = 0.1\n"
      "indicator_tolerance = 0.08\n"
      "stale_grace_days = 20\n"
      "close_after_days = 60\n"
      "threads = 4\n"
      "metrics_require_token = true\n"
      "[limits]\n"
      "max_body_bytes = 1024\nmax_header_bytes = 2048\nrequest_timeout_seconds = 5\n"
      "idle_timeout_seconds = 7\nmax_connections = 9\nmax_records_per_batch = 11\n"
      "[[token]]\nname = \"finance\"\n"
      "sha256 = \"B5D56F2EACF505C2639B22468F3A8B1BCAF7D619CADBAB47DC6CE515FC4C3612\"\n"
      "departments = [\"375\", \"900\"]\nmay_reload = false\n"
      "[warnings.\"375\"]\nrules = [\"milestones\"]\ntime_progress_red = 50\n"
      "time_progress_yellow = 70.5\nmilestones = [{ month = 3, share = 0.2 }, { month = 12, share "
      "= 1 }]\ntime_progress_ceiling = 200\n"
      "[frequency]\nspending = \"quarterly\"\nsatisfaction = \"half_yearly\"\n"
      "deadline = \"monthly\"\nother = \"yearly\"\n",
      "s.toml", "/etc/tw");
  ASSERT_TRUE(load.diagnostics.empty()) << dump(load.diagnostics);
  const Settings& s = load.settings;
  EXPECT_EQ(s.listen, "0.0.0.0:9000");
  EXPECT_EQ(s.targets_dir, "/srv/targets");  // absolute paths stay as written
  EXPECT_EQ(s.store_path, "/etc/tw/db/tw.db");
  EXPECT_EQ(s.inbox_dir, "");  // "" disables the inbox; not resolved to the base directory
  EXPECT_EQ(s.inbox_poll_seconds, 30);
  EXPECT_EQ(s.evaluation.lag_tolerance, 0.1);
  EXPECT_EQ(s.evaluation.indicator_tolerance, 0.08);
  EXPECT_EQ(s.evaluation.stale_grace_days, 20);
  EXPECT_EQ(s.evaluation.close_after_days, 60);
  EXPECT_FALSE(s.evaluation.stale_after_days.has_value());
  EXPECT_EQ(s.evaluation.frequency.spending, Frequency::kQuarterly);
  EXPECT_EQ(s.evaluation.frequency.satisfaction, Frequency::kHalfYearly);
  EXPECT_EQ(s.evaluation.frequency.deadline, Frequency::kMonthly);
  EXPECT_EQ(s.evaluation.frequency.other, Frequency::kYearly);
  EXPECT_EQ(s.threads, 4);
  EXPECT_TRUE(s.metrics_require_token);
  EXPECT_EQ(s.limits.max_body_bytes, 1024u);
  EXPECT_EQ(s.limits.max_header_bytes, 2048u);
  EXPECT_EQ(s.limits.request_timeout_seconds, 5);
  EXPECT_EQ(s.limits.idle_timeout_seconds, 7);
  EXPECT_EQ(s.limits.max_connections, 9u);
  EXPECT_EQ(s.limits.max_records_per_batch, 11u);
  ASSERT_EQ(s.tokens.size(), 1u);
  EXPECT_EQ(s.tokens[0].sha256_hex,
            "b5d56f2eacf505c2639b22468f3a8b1bcaf7d619cadbab47dc6ce515fc4c3612");  // lowercased
  EXPECT_EQ(s.tokens[0].departments, (std::vector<std::string>{"375", "900"}));
  EXPECT_FALSE(s.tokens[0].may_reload);
  const WarningRules& w = s.warnings.at("375");
  EXPECT_EQ(w.rules, std::vector<WarningRule>{WarningRule::kMilestones});
  EXPECT_EQ(w.time_progress_red, 50);
  EXPECT_EQ(w.time_progress_yellow, 70.5);
  EXPECT_EQ(w.milestones, (std::vector<Milestone>{{3, 0.2}, {12, 1.0}}));
  EXPECT_EQ(w.time_progress_ceiling, 200);
}

TEST(Settings, StaleAfterDaysIsADeprecatedAliasWithAWarning) {
  const SettingsLoad load = parse_settings("stale_after_days = 45\n", "s.toml", "");
  ASSERT_TRUE(load.ok()) << dump(load.diagnostics);
  EXPECT_EQ(load.settings.evaluation.stale_after_days, 45);
  EXPECT_EQ(warnings_at(load.diagnostics, 1, "stale_after_days", "deprecated"), 1)
      << dump(load.diagnostics);
  EXPECT_FALSE(parse_settings("stale_after_days = 0\n", "s.toml", "").ok());
}

TEST(Settings, NewTunablesAreChecked) {
  const SettingsLoad load = parse_settings(
      "indicator_tolerance = 1.2\nstale_grace_days = -1\n[frequency]\nother = \"weekly\"\n"
      "[warnings.\"*\"]\ntime_progress_ceiling = 90\n",
      "s.toml", "");
  const auto& d = load.diagnostics;
  EXPECT_EQ(errors_at(d, 1, "indicator_tolerance", "between 0 and 1"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 2, "stale_grace_days", "between 0 and"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 4, "frequency.other", "weekly"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 6, "warnings.*.time_progress_ceiling", "at least 100"), 1) << dump(d);
  // Defaults come from evaluate's types.
  const Settings defaults;
  EXPECT_EQ(defaults.evaluation.indicator_tolerance, 0.05);
  EXPECT_EQ(defaults.evaluation.stale_grace_days, 15);
  EXPECT_EQ(defaults.evaluation.close_after_days, 90);
}

TEST(Settings, RelativePathsResolveAgainstTheBaseDirectory) {
  const SettingsLoad load = parse_settings(
      "targets_dir = \"./t/../targets\"\nstore_path = \"../var/x.db\"\n", "s.toml", "/opt/tw/etc");
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load.settings.targets_dir, "/opt/tw/etc/targets");
  EXPECT_EQ(load.settings.store_path, "/opt/tw/var/x.db");
}

TEST(Settings, ErrorsFixtureReportsEveryProblemAtItsLine) {
  const std::string path = test::fixture("settings-errors.toml");
  const SettingsLoad load = load_settings(path);
  const auto& d = load.diagnostics;
  EXPECT_FALSE(load.ok());
  EXPECT_EQ(errors_at(d, 2, "listen", "HOST:PORT"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 3, "threads", "between 0 and"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 4, "lag_tolerance", "between 0 and 1"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 5, "inbox_poll_seconds", "expected an integer"), 1) << dump(d);
  EXPECT_EQ(warnings_at(d, 6, "colour", "unknown key"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 9, "limits.max_body_bytes", "between 1 and"), 1) << dump(d);
  EXPECT_EQ(warnings_at(d, 10, "limits.max_conns", "unknown key"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 14, "token[0].sha256", "64 hex digits"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 15, "token[0].departments", "at least one"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 18, "token[1].name", "duplicate token name"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 21, "token[1].may_reload", "boolean"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 24, "warnings.375.rules", "weather"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 25, "warnings.375.time_progress_red", "must not exceed"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 28, "warnings.375.milestones[0].month", "1-12"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 29, "warnings.375.milestones[1].share", "between 0 and 1"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 31, "warnings.375.milestones[3].month", "twice"), 1) << dump(d);
  EXPECT_EQ(errors_at(d, 27, "warnings.375.milestones", "must not decrease"), 1) << dump(d);
  EXPECT_EQ(error_count(d), 15) << dump(d);
  for (const auto& diag : d) EXPECT_EQ(diag.file, path);
}

TEST(Settings, SyntaxErrorHasItsPosition) {
  const SettingsLoad load = parse_settings("listen = \"a:1\"\n[limits\n", "s.toml", "");
  ASSERT_EQ(error_count(load.diagnostics), 1);
  EXPECT_EQ(load.diagnostics[0].line, 2);
  EXPECT_NE(load.diagnostics[0].to_string().find("s.toml:2:"), std::string::npos);
}

TEST(Settings, TokenNeedsNameHashAndDepartments) {
  const SettingsLoad load = parse_settings("[[token]]\nmay_reload = true\n", "s.toml", "");
  for (const char* key : {"token[0].name", "token[0].sha256", "token[0].departments"}) {
    EXPECT_EQ(errors_at(load.diagnostics, 1, key, "missing"), 1) << key << dump(load.diagnostics);
  }
}

TEST(Settings, SameSecretForTwoTokensIsAnError) {
  const std::string hash = "b5d56f2eacf505c2639b22468f3a8b1bcaf7d619cadbab47dc6ce515fc4c3612";
  const SettingsLoad load = parse_settings(
      "[[token]]\nname = \"a\"\nsha256 = \"" + hash + "\"\ndepartments = [\"*\"]\n" +
          "[[token]]\nname = \"b\"\nsha256 = \"" + hash + "\"\ndepartments = [\"1\"]\n",
      "s.toml", "");
  EXPECT_EQ(errors_at(load.diagnostics, 7, "token[1].sha256", "already used"), 1)
      << dump(load.diagnostics);
}

TEST(Settings, WarningsMustBeTables) {
  const SettingsLoad load = parse_settings("[warnings]\n\"375\" = 1\n", "s.toml", "");
  EXPECT_EQ(errors_at(load.diagnostics, 2, "warnings.375", "expected a table"), 1)
      << dump(load.diagnostics);
}

TEST(Settings, MissingOrDirectoryPathIsAnError) {
  test::ScratchDir dir;
  const SettingsLoad missing = load_settings(dir.path() + "/nope.toml");
  ASSERT_EQ(error_count(missing.diagnostics), 1);
  EXPECT_NE(missing.diagnostics[0].to_string().find("nope.toml"), std::string::npos);
  const SettingsLoad directory = load_settings(dir.path());
  EXPECT_EQ(error_count(directory.diagnostics), 1);
}

TEST(Settings, LoadSettingsResolvesAgainstTheFilesDirectory) {
  test::ScratchDir dir;
  const auto path = dir.write("etc/tw.toml", "targets_dir = \"targets\"\n");
  const SettingsLoad load = load_settings(path);
  ASSERT_TRUE(load.ok()) << dump(load.diagnostics);
  EXPECT_EQ(load.settings.targets_dir, dir.path() + "/etc/targets");
}

TEST(Settings, CacheDirIsAPathWhoseAbsenceMeansTheEnvironmentsDefault) {
  const SettingsLoad absent = parse_settings("", "s.toml", "/etc/tw");
  ASSERT_TRUE(absent.ok()) << dump(absent.diagnostics);
  EXPECT_FALSE(absent.settings.cache_dir.has_value());
  const SettingsLoad relative = parse_settings("cache_dir = \"cache\"\n", "s.toml", "/etc/tw");
  EXPECT_EQ(relative.settings.cache_dir, "/etc/tw/cache");
  const SettingsLoad off = parse_settings("cache_dir = \"\"\n", "s.toml", "/etc/tw");
  ASSERT_TRUE(off.ok()) << dump(off.diagnostics);
  EXPECT_EQ(off.settings.cache_dir, "");  // set, and empty: no cache whatever the environment
  const SettingsLoad wrong = parse_settings("\n\ncache_dir = 3\n", "s.toml", "/etc/tw");
  EXPECT_EQ(errors_at(wrong.diagnostics, 3, "cache_dir"), 1) << dump(wrong.diagnostics);

  SettingsEnvironment systemd;
  systemd.cache_directory = "/var/cache/targetwatch";
  EXPECT_EQ(effective_cache_dir(absent.settings, systemd), "/var/cache/targetwatch");
  EXPECT_EQ(effective_cache_dir(relative.settings, systemd), "/etc/tw/cache");
  EXPECT_EQ(effective_cache_dir(off.settings, systemd), "");
  // Without systemd: beside the SQLite store, named after it; none for PostgreSQL.
  const std::string beside = absent.settings.store_path + ".targets-cache";
  EXPECT_EQ(effective_cache_dir(absent.settings, {}), beside);
  SettingsEnvironment empty;
  empty.cache_directory = "";
  EXPECT_EQ(effective_cache_dir(absent.settings, empty), beside);
  const SettingsLoad shared =
      parse_settings("store_url = \"postgresql://tw@db/tw\"\n", "s.toml", "/etc/tw");
  ASSERT_TRUE(shared.ok()) << dump(shared.diagnostics);
  EXPECT_EQ(effective_cache_dir(shared.settings, {}), "");
  EXPECT_EQ(effective_cache_dir(shared.settings, systemd), "/var/cache/targetwatch");
  EXPECT_EQ(effective_cache_dir(off.settings, {}), "");
}

TEST(Settings, CacheDirMayNameSystemdsCacheDirectory) {
  const std::string text = "cache_dir = \"${CACHE_DIRECTORY:-/var/tmp/tw}/targets\"\n";
  SettingsEnvironment systemd;
  systemd.cache_directory = "/var/cache/targetwatch";
  EXPECT_EQ(parse_settings(text, "s.toml", "/etc/tw", systemd).settings.cache_dir,
            "/var/cache/targetwatch/targets");
  EXPECT_EQ(parse_settings(text, "s.toml", "/etc/tw", {}).settings.cache_dir,
            "/var/tmp/tw/targets");
  const SettingsLoad unset =
      parse_settings("cache_dir = \"${CACHE_DIRECTORY}\"\n", "s.toml", "/etc/tw", {});
  EXPECT_EQ(errors_at(unset.diagnostics, 1, "cache_dir", "needs $CACHE_DIRECTORY"), 1)
      << dump(unset.diagnostics);
  EXPECT_EQ(errors_at(unset.diagnostics, 1, "cache_dir", "CacheDirectory="), 1);
  const SettingsLoad other =
      parse_settings("cache_dir = \"${STATE_DIRECTORY}/c\"\n", "s.toml", "/etc/tw", systemd);
  EXPECT_EQ(errors_at(other.diagnostics, 1, "cache_dir", "only ${CREDENTIALS_DIRECTORY}"), 1)
      << dump(other.diagnostics);
}

}  // namespace
}  // namespace targetwatch
