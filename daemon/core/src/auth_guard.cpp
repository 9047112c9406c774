// AuthGuard: a sliding window of failures per address, and the block that follows too many.
#include "auth_guard.h"

namespace targetwatch::core::detail {

int AuthGuard::blocked_for(std::string_view peer, std::int64_t now) {
  std::lock_guard lock(mu_);
  auto it = peers_.find(std::string(peer));
  if (it == peers_.end() || it->second.blocked_until <= now) return 0;
  return static_cast<int>(it->second.blocked_until - now);
}

bool AuthGuard::record_failure(std::string_view peer, std::int64_t now) {
  std::lock_guard lock(mu_);
  if (peers_.size() >= kMaxPeers && peers_.find(std::string(peer)) == peers_.end()) {
    // Forget addresses whose failures are all old; under a wide scan, start over.
    std::erase_if(peers_, [now](const auto& entry) {
      const Peer& p = entry.second;
      return p.blocked_until <= now &&
             (p.failures.empty() || p.failures.back() <= now - kWindowSeconds);
    });
    if (peers_.size() >= kMaxPeers) peers_.clear();
  }
  Peer& p = peers_[std::string(peer)];
  while (!p.failures.empty() && p.failures.front() <= now - kWindowSeconds) {
    p.failures.pop_front();
  }
  p.failures.push_back(now);
  if (static_cast<int>(p.failures.size()) < kMaxFailures) return false;
  p.failures.clear();
  p.blocked_until = now + kBlockSeconds;
  return true;
}

}  // namespace targetwatch::core::detail
