// Bearer tokens: parsing the header, constant-time hash matching, department scopes.
#include "targetwatch/http/auth.h"

#include <cctype>

#include "targetwatch/http/sha256.h"

namespace targetwatch::http {

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

bool token_allows(const TokenSetting& token, std::string_view department) {
  for (const std::string& d : token.departments) {
    if (d == "*" || d == department) return true;
  }
  return false;
}

}  // namespace targetwatch::http
