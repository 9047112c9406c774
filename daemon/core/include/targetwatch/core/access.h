// Access policy: who a request acts for (Principal) and which departments it may read or write,
// from the configured bearer tokens (stored as SHA-256 hashes).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/config/settings.h"
#include "targetwatch/core/failure.h"
#include "targetwatch/model/result.h"

namespace targetwatch::core {

/// Who a request acts for: a token, the drop folder, the operator, or anonymous public reads.
struct Principal {
  std::string name;                      ///< token name, "inbox:<file>", "operator", "anonymous"
  std::vector<std::string> departments;  ///< department codes, or {"*"} for all
  bool may_write = false;
  bool may_reload = false;

  /// True when `department` is in scope ("*" allows every department).
  bool covers(std::string_view department) const;
  /// True when every department is in scope.
  bool covers_all() const;

  /// Every department, reading and writing and reloading: SIGHUP, the command line.
  static Principal operator_();
  /// The drop folder writing for `departments`.
  static Principal inbox(std::string file, std::vector<std::string> departments);
};

/// The address part of "address:port" (IPv4 or IPv6 as the server prints them).
std::string_view peer_address(std::string_view remote);

/// True when a peer address ("127.0.0.1", "::1", "::ffff:127.0.0.1": an IP address as the
/// server reports it, without port) can only be this machine. Host names are never loopback here.
bool is_loopback_peer(std::string_view address);

/// The token of an "Authorization: Bearer <token>" header value; nullopt for other schemes.
std::optional<std::string_view> bearer_token(std::string_view authorization);

/// The configured token whose sha256 matches the presented secret, or nullptr. Hashes the secret
/// once and compares it with every configured hash in constant time (no early exit), so timing
/// reveals neither which token matched nor how much of a hash did.
const TokenSetting* find_token(const std::vector<TokenSetting>& tokens, std::string_view secret);

/// The rules of one configuration: tokens and whether reads are public. Immutable; thread-safe.
/// A read-only token (`read_only = true`) reads its departments and never writes.
class AccessPolicy {
 public:
  explicit AccessPolicy(std::shared_ptr<const Settings> settings);

  /// The principal of an Authorization header value (nullopt: none sent). Fails with
  /// kUnauthenticated when there is none or it matches no token.
  Result<Principal, Failure> authenticate(std::optional<std::string_view> authorization) const;
  /// For writes: an authenticated principal.
  Result<Principal, Failure> writer(std::optional<std::string_view> authorization) const;
  /// For reads (status, actuals, report, the pages): with a token, that token's scope (a token is
  /// always scoped, also when reads are public); without one, every department when
  /// `public_reads`, else kUnauthenticated.
  Result<Principal, Failure> reader(std::optional<std::string_view> authorization) const;
  /// For /metrics, /healthz and /readyz from `peer` (an IP address as the server saw it). A valid
  /// token is always accepted and scopes what /metrics shows. Without one: refused when
  /// `metrics_require_token`; else allowed from a loopback peer (Prometheus on the same host),
  /// and from any other peer only with `metrics_open_to_network` (kUnauthenticated otherwise).
  Result<Principal, Failure> scraper(std::optional<std::string_view> authorization,
                                     std::string_view peer) const;

 private:
  std::shared_ptr<const Settings> settings_;
};

}  // namespace targetwatch::core
