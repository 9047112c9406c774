// The parsed-targets cache: one entry per targets file content, so that a restart with unchanged
// files does not parse TOML at all.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "targets_codec.h"
#include "targetwatch/model/result.h"

namespace targetwatch::config_detail {

/// The lowercase hex GNU build-id of the executable or library that contains this code; nullopt
/// when it was linked without one.
std::optional<std::string> program_build_id();

/// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

/// A directory of entries named by key (64 hex digits). An entry holds the encoded parse result,
/// its key and a SHA-256 of both, so a truncated, corrupted or misplaced entry is a miss, never
/// wrong data. Thread-safe: every method is const and touches only its own entry's files.
class TargetsCacheDir {
 public:
  /// Uses `dir` (created when missing) for entries of the parser named `fingerprint` (not empty).
  /// Fails with the reason when the directory cannot be created or is not a directory.
  static Result<TargetsCacheDir> open(const std::string& dir, std::string fingerprint);

  /// The key of a file with this content for this parser.
  std::string key_of(std::string_view file_text) const;

  /// The entry under `key`; nullopt when it is missing or not a valid entry for that key.
  std::optional<CachedParse> load(const std::string& key) const;

  /// Writes the entry under `key` atomically (a temporary file, then rename). `writer` tells
  /// concurrent writers of one process apart (their temporary names differ). No fsync: an entry
  /// lost in a crash is just a miss.
  Result<Ok> store(const std::string& key, const ParsedFile& parsed,
                   const std::vector<Diagnostic>& warnings, std::size_t writer) const;

  /// Deletes the entries whose key is not in `used` (and temporary files a crash left behind);
  /// other files in the directory are left alone. Returns how many were deleted.
  Result<std::size_t> remove_unused(const std::set<std::string>& used) const;

  const std::string& dir() const { return dir_; }

 private:
  TargetsCacheDir(std::string dir, std::string fingerprint)
      : dir_(std::move(dir)), fingerprint_(std::move(fingerprint)) {}

  std::string dir_;
  std::string fingerprint_;
};

}  // namespace targetwatch::config_detail
