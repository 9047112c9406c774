// The targets cache's encoding of one parsed file: ParsedFile and its warnings <-> bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsed_file.h"
#include "targetwatch/config/targets_file.h"

namespace targetwatch::config_detail {

/// Bump when the encoding changes (a new build changes the cache key anyway; this guards a
/// payload read outside that key, e.g. by a test or a tool).
inline constexpr std::uint32_t kTargetsCodecVersion = 1;

/// One file's parse result as the cache keeps it. The warnings carry no file name (the path is
/// filled in at load, so the same content under another name still hits).
struct CachedParse {
  ParsedFile parsed;
  std::vector<Diagnostic> warnings;
};

/// Magic, version, then every field of the model (Indicator::remark aside: it is never read from
/// files). `warnings` are stored as warnings whatever their severity; the caller caches only files
/// without errors. Their file names are not stored.
std::string encode_parsed_file(const ParsedFile& parsed, const std::vector<Diagnostic>& warnings);

/// The inverse; nullopt unless `bytes` is exactly one encoding of this version (truncated,
/// trailing bytes, an unknown enumerator or flag). Never reads out of bounds. It cannot detect a
/// flipped bit inside a string or a number: the cache's checksum does.
std::optional<CachedParse> decode_parsed_file(std::string_view bytes);

}  // namespace targetwatch::config_detail
