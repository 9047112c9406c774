// Bearer tokens: parsing the header, constant-time hash matching, principals and their scopes.
#include "targetwatch/core/access.h"

#include <algorithm>
#include <cctype>

#include "targetwatch/core/sha256.h"

namespace targetwatch::core {

bool Principal::covers(std::string_view department) const {
  return std::any_of(departments.begin(), departments.end(),
                     [&](const std::string& d) { return d == "*" || d == department; });
}

bool Principal::covers_all() const {
  return std::find(departments.begin(), departments.end(), "*") != departments.end();
}

Principal Principal::operator_() { return Principal{"operator", {"*"}, true, true}; }

Principal Principal::inbox(std::string file, std::vector<std::string> departments) {
  return Principal{"inbox:" + std::move(file), std::move(departments), true, false};
}

std::string_view peer_address(std::string_view remote) {
  const auto colon = remote.rfind(':');
  return colon == std::string_view::npos ? remote : remote.substr(0, colon);
}

bool is_loopback_peer(std::string_view address) {
  // A dual-stack socket reports IPv4 peers as IPv4-mapped IPv6 addresses.
  constexpr std::string_view kMapped = "::ffff:";
  if (address.size() > kMapped.size()) {
    bool mapped = true;
    for (std::size_t i = 0; i < kMapped.size(); ++i) {
      mapped = mapped && std::tolower(static_cast<unsigned char>(address[i])) == kMapped[i];
    }
    if (mapped) address.remove_prefix(kMapped.size());
  }
  if (address == "::1") return true;
  return address.starts_with("127.") &&
         address.find_first_not_of("0123456789.") == std::string_view::npos;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) {
      return std::nullopt;
    }
  }
  std::string_view rest = authorization.substr(kScheme.size());
  if (rest.front() != ' ' && rest.front() != '\t') return std::nullopt;
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
  if (rest.empty()) return std::nullopt;
  return rest;
}

const TokenSetting* find_token(const std::vector<TokenSetting>& tokens, std::string_view secret) {
  const std::string presented = sha256_hex(secret);
  const TokenSetting* match = nullptr;
  for (const TokenSetting& token : tokens) {
    // Configured hashes may be upper-case; normalize without branching on the secret's hash.
    std::string configured = token.sha256_hex;
    for (char& c : configured) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool equal = constant_time_equal(presented, configured);
    if (equal && match == nullptr) match = &token;
  }
  return match;
}

AccessPolicy::AccessPolicy(std::shared_ptr<const Settings> settings)
    : settings_(std::move(settings)) {}

Result<Principal, Failure> AccessPolicy::authenticate(
    std::optional<std::string_view> authorization) const {
  if (!authorization) {
    return Failure{FailureKind::kUnauthenticated,
                   "missing bearer token (Authorization: Bearer <token>)"};
  }
  auto secret = bearer_token(*authorization);
  const TokenSetting* token = secret ? find_token(settings_->tokens, *secret) : nullptr;
  if (token == nullptr) return Failure{FailureKind::kUnauthenticated, "invalid bearer token"};
  return Principal{token->name, token->departments, !token->read_only, token->may_reload};
}

Result<Principal, Failure> AccessPolicy::writer(
    std::optional<std::string_view> authorization) const {
  return authenticate(authorization);
}

namespace {

Result<Principal, Failure> read_access(const AccessPolicy& policy, bool open,
                                       std::optional<std::string_view> authorization) {
  if (!authorization && open) return Principal{"anonymous", {"*"}, false, false};
  auto principal = policy.authenticate(authorization);
  if (principal) principal->may_write = false;  // a read never writes, whoever asks
  return principal;
}

}  // namespace

Result<Principal, Failure> AccessPolicy::reader(
    std::optional<std::string_view> authorization) const {
  return read_access(*this, settings_->public_reads, authorization);
}

Result<Principal, Failure> AccessPolicy::scraper(std::optional<std::string_view> authorization,
                                                 std::string_view peer) const {
  // Without a token the metrics (figures of every department) are only for this machine, unless
  // the operator opened them to the network on purpose.
  const bool open = !settings_->metrics_require_token &&
                    (settings_->metrics_open_to_network || is_loopback_peer(peer));
  if (!authorization && !open && !settings_->metrics_require_token) {
    return Failure{FailureKind::kUnauthenticated,
                   "a scrape from another host needs a bearer token (Authorization: Bearer "
                   "<token>); without one only loopback may scrape unless the settings say "
                   "metrics_open_to_network = true"};
  }
  return read_access(*this, open, authorization);
}

}  // namespace targetwatch::core
