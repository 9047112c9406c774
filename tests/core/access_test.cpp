// The access policy: bearer parsing, token matching, principals and their scopes for reads and
// writes; and the daemon configuration's listen address.
#include "targetwatch/core/access.h"

#include <gtest/gtest.h>

#include "targetwatch/core/daemon_config.h"
#include "targetwatch/core/sha256.h"

namespace targetwatch::core {
namespace {

std::shared_ptr<const Settings> settings_with(bool require_token) {
  Settings s;
  s.tokens = {{"writer900", sha256_hex("w900"), {"900"}, false},
              {"admin", sha256_hex("adm"), {"*"}, true}};
  s.metrics_require_token = require_token;
  s.public_reads = !require_token;
  return std::make_shared<const Settings>(std::move(s));
}

TEST(Auth, BearerHeaderParsing) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer   abc  "), "abc");
  EXPECT_FALSE(bearer_token("Basic YWxhZGRpbg=="));
  EXPECT_FALSE(bearer_token("Bearer"));
  EXPECT_FALSE(bearer_token("Bearer "));
  EXPECT_FALSE(bearer_token("Bearerabc"));
}

TEST(Auth, FindsTheTokenByHashAndChecksScopes) {
  std::vector<TokenSetting> tokens(3);
  tokens[0] = {"alice", sha256_hex("secret-a"), {"375"}, false};
  tokens[1] = {"bob", sha256_hex("secret-b"), {"*"}, true};
  tokens[2] = {"upper", sha256_hex("secret-c"), {"100", "200"}, true};
  for (char& c : tokens[2].sha256_hex) c = static_cast<char>(std::toupper(c));
  const TokenSetting* a = find_token(tokens, "secret-a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->name, "alice");
  ASSERT_NE(find_token(tokens, "secret-b"), nullptr);
  EXPECT_EQ(find_token(tokens, "secret-b")->name, "bob");
  ASSERT_NE(find_token(tokens, "secret-c"), nullptr);
  EXPECT_EQ(find_token(tokens, "secret-c")->name, "upper");
  EXPECT_EQ(find_token(tokens, "secret-x"), nullptr);
  EXPECT_EQ(find_token(tokens, ""), nullptr);
  // The configured hash itself is not a valid secret.
  EXPECT_EQ(find_token(tokens, tokens[0].sha256_hex), nullptr);
}

TEST(AccessPolicy, WritersNeedAKnownToken) {
  AccessPolicy policy(settings_with(false));
  EXPECT_EQ(policy.writer(std::nullopt).error().kind, FailureKind::kUnauthenticated);
  EXPECT_EQ(policy.writer("Bearer nope").error().kind, FailureKind::kUnauthenticated);
  auto w = policy.writer("Bearer w900");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->name, "writer900");
  EXPECT_TRUE(w->may_write);
  EXPECT_FALSE(w->may_reload);
  EXPECT_TRUE(w->covers("900"));
  EXPECT_FALSE(w->covers("901"));
  EXPECT_FALSE(w->covers_all());
  auto a = policy.writer("Bearer adm");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->covers_all());
  EXPECT_TRUE(a->covers("anything"));
  EXPECT_TRUE(a->may_reload);
}

TEST(AccessPolicy, ATokenScopesReadsEvenWhenReadsArePublic) {
  AccessPolicy open(settings_with(false));
  auto anonymous = open.reader(std::nullopt);
  ASSERT_TRUE(anonymous);
  EXPECT_TRUE(anonymous->covers_all());
  EXPECT_FALSE(anonymous->may_write);
  auto scoped = open.reader("Bearer w900");
  ASSERT_TRUE(scoped);
  EXPECT_FALSE(scoped->covers("901"));
  EXPECT_FALSE(scoped->may_write);  // a read never writes
  EXPECT_EQ(open.reader("Bearer wrong").error().kind, FailureKind::kUnauthenticated);

  AccessPolicy closed(settings_with(true));
  EXPECT_EQ(closed.reader(std::nullopt).error().kind, FailureKind::kUnauthenticated);
  EXPECT_EQ(closed.scraper(std::nullopt, "127.0.0.1").error().kind, FailureKind::kUnauthenticated);
  EXPECT_TRUE(closed.reader("Bearer adm"));
  EXPECT_TRUE(closed.scraper("Bearer w900", "10.0.0.7"));

  Settings s;  // the defaults: reads need a token, scrapes do not
  AccessPolicy defaults(std::make_shared<const Settings>(s));
  EXPECT_EQ(defaults.reader(std::nullopt).error().kind, FailureKind::kUnauthenticated);
  EXPECT_TRUE(defaults.scraper(std::nullopt, "127.0.0.1"));
}

TEST(Principal, OperatorAndInbox) {
  EXPECT_TRUE(Principal::operator_().covers_all());
  EXPECT_TRUE(Principal::operator_().may_reload);
  Principal inbox = Principal::inbox("a.csv", {"375"});
  EXPECT_EQ(inbox.name, "inbox:a.csv");
  EXPECT_TRUE(inbox.may_write);
  EXPECT_FALSE(inbox.may_reload);
  EXPECT_TRUE(inbox.covers("375"));
  EXPECT_FALSE(inbox.covers("376"));
}

TEST(DaemonConfig, ParsesHostAndPort) {
  auto a = parse_listen("127.0.0.1:9464");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 9464);
  auto b = parse_listen("[::1]:0");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(b->port, 0);
  auto c = parse_listen(":9000");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->host, "127.0.0.1");
  EXPECT_FALSE(parse_listen("localhost"));
  EXPECT_FALSE(parse_listen("host:70000"));
  EXPECT_FALSE(parse_listen("host:abc"));
  EXPECT_FALSE(parse_listen("::1:80"));
}

}  // namespace
}  // namespace targetwatch::core
