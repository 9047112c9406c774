// Bearer-token authentication against the configured SHA-256 hashes, and department scopes.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "targetwatch/config/settings.h"

namespace targetwatch::http {

/// The token of an "Authorization: Bearer <token>" header value; nullopt for other schemes.
std::optional<std::string_view> bearer_token(std::string_view authorization);

/// The configured token whose sha256 matches the presented secret, or nullptr. Hashes the secret
/// once and compares it with every configured hash in constant time (no early exit), so timing
/// reveals neither which token matched nor how much of a hash did.
const TokenSetting* find_token(const std::vector<TokenSetting>& tokens, std::string_view secret);

/// True when the token may write records of `department` ("*" allows every department).
bool token_allows(const TokenSetting& token, std::string_view department);

}  // namespace targetwatch::http
