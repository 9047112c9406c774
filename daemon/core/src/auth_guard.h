// AuthGuard: failed authentications per peer address in a sliding minute; an address that fails
// too often is refused for a while, so secrets cannot be guessed at network speed.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace targetwatch::core::detail {

class AuthGuard {
 public:
  static constexpr int kMaxFailures = 20;  ///< per address within kWindowSeconds
  static constexpr int kWindowSeconds = 60;
  static constexpr int kBlockSeconds = 60;          ///< how long a blocked address waits
  static constexpr std::size_t kMaxPeers = 100000;  ///< bounds memory under a scan

  /// Seconds `peer` must still wait at `now` (0 when it may try).
  int blocked_for(std::string_view peer, std::int64_t now);
  /// Records a failure of `peer` at `now`; true when this failure blocks it.
  bool record_failure(std::string_view peer, std::int64_t now);

 private:
  struct Peer {
    std::deque<std::int64_t> failures;  // times within the window
    std::int64_t blocked_until = 0;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Peer> peers_;
};

}  // namespace targetwatch::core::detail
