// Who may scrape /metrics from where: loopback peers without a token by
// default, other peers with a token or when the settings open scrapes to the network; and the
// settings that decide it (metrics_open_to_network, secrets under ${CREDENTIALS_DIRECTORY}).
#include <gtest/gtest.h>

#include "targetwatch/config/settings.h"
#include "targetwatch/core/access.h"
#include "targetwatch/core/sha256.h"

namespace targetwatch::core {
namespace {

std::shared_ptr<const Settings> scrape_settings(bool require_token, bool open_to_network) {
  Settings s;
  s.tokens = {{"prometheus", sha256_hex("scrape"), {"*"}, false, /*read_only=*/true},
              {"clerk", sha256_hex("c375"), {"375"}, false}};
  s.metrics_require_token = require_token;
  s.metrics_open_to_network = open_to_network;
  return std::make_shared<const Settings>(std::move(s));
}

TEST(ScrapeAccess, LoopbackPeers) {
  for (const char* peer :
       {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "::FFFF:127.0.0.9"}) {
    EXPECT_TRUE(is_loopback_peer(peer)) << peer;
  }
  for (const char* peer : {"", "10.0.0.7", "192.168.1.1", "::2", "::ffff:10.0.0.7", "fe80::1",
                           "localhost", "127.example.org", "128.0.0.1", "0.0.0.0", "::"}) {
    EXPECT_FALSE(is_loopback_peer(peer)) << peer;
  }
}

TEST(ScrapeAccess, WithoutATokenOnlyLoopbackByDefault) {
  const AccessPolicy policy(scrape_settings(false, false));
  auto local = policy.scraper(std::nullopt, "127.0.0.1");
  ASSERT_TRUE(local);
  EXPECT_TRUE(local->covers_all());
  EXPECT_FALSE(local->may_write);
  EXPECT_TRUE(policy.scraper(std::nullopt, "::1"));

  auto remote = policy.scraper(std::nullopt, "10.0.0.7");
  ASSERT_FALSE(remote);
  EXPECT_EQ(remote.error().kind, FailureKind::kUnauthenticated);
  EXPECT_NE(remote.error().message.find("metrics_open_to_network"), std::string::npos);
  EXPECT_FALSE(policy.scraper(std::nullopt, ""));  // an unknown peer is not this machine

  // A token works from anywhere and scopes; a wrong one never does, not even on loopback.
  auto scoped = policy.scraper("Bearer c375", "10.0.0.7");
  ASSERT_TRUE(scoped);
  EXPECT_TRUE(scoped->covers("375"));
  EXPECT_FALSE(scoped->covers("376"));
  EXPECT_FALSE(scoped->may_write);
  EXPECT_TRUE(policy.scraper("Bearer scrape", "10.0.0.7"));
  EXPECT_EQ(policy.scraper("Bearer wrong", "10.0.0.7").error().kind, FailureKind::kUnauthenticated);
  EXPECT_EQ(policy.scraper("Bearer wrong", "127.0.0.1").error().kind,
            FailureKind::kUnauthenticated);
}

TEST(ScrapeAccess, OpenToTheNetworkWhenTheSettingsSaySo) {
  const AccessPolicy policy(scrape_settings(false, true));
  EXPECT_TRUE(policy.scraper(std::nullopt, "10.0.0.7"));
  EXPECT_TRUE(policy.scraper(std::nullopt, "127.0.0.1"));
  EXPECT_TRUE(policy.scraper("Bearer c375", "10.0.0.7")->covers("375"));
}

TEST(ScrapeAccess, RequiredTokenAppliesToLoopbackToo) {
  const AccessPolicy policy(scrape_settings(true, false));
  for (const char* peer : {"127.0.0.1", "10.0.0.7"}) {
    auto none = policy.scraper(std::nullopt, peer);
    ASSERT_FALSE(none) << peer;
    EXPECT_EQ(none.error().kind, FailureKind::kUnauthenticated);
    EXPECT_TRUE(policy.scraper("Bearer scrape", peer)) << peer;
  }
}

bool has_error(const SettingsLoad& load, std::string_view field, std::string_view text) {
  for (const Diagnostic& d : load.diagnostics) {
    if (d.severity == Diagnostic::Severity::kError &&
        d.to_string().find(field) != std::string::npos &&
        d.to_string().find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST(ScrapeSettings, OpenToNetworkIsReadAndContradictingARequiredTokenIsAnError) {
  EXPECT_FALSE(parse_settings("", "t.toml", "").settings.metrics_open_to_network);
  auto open = parse_settings("metrics_open_to_network = true\n", "t.toml", "");
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(open.settings.metrics_open_to_network);
  auto both = parse_settings("metrics_require_token = true\nmetrics_open_to_network = true\n",
                             "t.toml", "");
  EXPECT_FALSE(both.ok());
  EXPECT_TRUE(has_error(both, "metrics_open_to_network", "contradicts metrics_require_token"));
}

TEST(CredentialSettings, PathsMayNameTheSystemdCredentialsDirectory) {
  const std::string text =
      "tokens_file = \"${CREDENTIALS_DIRECTORY:-/etc/targetwatch}/tokens.toml\"\n"
      "tls_cert_file = \"tls/cert.pem\"\n"
      "tls_key_file = \"${CREDENTIALS_DIRECTORY}/tls-key.pem\"\n";
  SettingsEnvironment systemd;
  systemd.credentials_directory = "/run/credentials/targetwatchd.service";
  auto under_systemd = parse_settings(text, "t.toml", "/etc/targetwatch", systemd);
  ASSERT_TRUE(under_systemd.ok());
  EXPECT_EQ(under_systemd.settings.tokens_file,
            "/run/credentials/targetwatchd.service/tokens.toml");
  EXPECT_EQ(under_systemd.settings.tls_key_file,
            "/run/credentials/targetwatchd.service/tls-key.pem");
  EXPECT_EQ(under_systemd.settings.tls_cert_file, "/etc/targetwatch/tls/cert.pem");

  // Outside systemd (the token command, a daemon started by hand) the fallback is the file itself;
  // without a fallback the setting says what is missing.
  auto by_hand = parse_settings(text, "t.toml", "/etc/targetwatch", {});
  EXPECT_EQ(by_hand.settings.tokens_file, "/etc/targetwatch/tokens.toml");
  EXPECT_FALSE(by_hand.ok());
  EXPECT_TRUE(has_error(by_hand, "tls_key_file", "$CREDENTIALS_DIRECTORY, which is not set"));
  SettingsEnvironment empty;
  empty.credentials_directory = "";
  EXPECT_FALSE(parse_settings(text, "t.toml", "/etc/targetwatch", empty).ok());

  // A relative fallback is relative to the settings file, like any path.
  auto relative = parse_settings("tokens_file = \"${CREDENTIALS_DIRECTORY:-secrets}/t.toml\"\n",
                                 "t.toml", "/etc/targetwatch", {});
  ASSERT_TRUE(relative.ok());
  EXPECT_EQ(relative.settings.tokens_file, "/etc/targetwatch/secrets/t.toml");

  for (const char* bad : {"${HOME}/t.toml", "${CREDENTIALS_DIRECTORY", "${CREDENTIALS_DIRECTORY}t",
                          "${CREDENTIALS_DIRECTORY:-}/t.toml", "${CREDENTIALS_DIRECTORYX}/t"}) {
    auto load =
        parse_settings(std::string("tokens_file = \"") + bad + "\"\n", "t.toml", "", systemd);
    EXPECT_FALSE(load.ok()) << bad;
    EXPECT_TRUE(has_error(load, "tokens_file", "")) << bad;
  }
}

}  // namespace
}  // namespace targetwatch::core
