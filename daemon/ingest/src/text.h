// Text helpers shared by the ingest parsers: trimming, width folding, comparison keys, messages.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace targetwatch::detail {

/// Trims ASCII whitespace and the UTF-8 no-break (U+00A0) and ideographic (U+3000) spaces that
/// spreadsheets leave around cells.
std::string_view trim(std::string_view s);
std::string ascii_lower(std::string_view s);
/// Whether every byte of `s` is ASCII.
bool is_ascii(std::string_view s);
/// Folds full-width ASCII forms (U+FF01..U+FF5E) to ASCII, U+3000 to a space and U+2212 (minus
/// sign) to '-': what a Chinese input method types for digits, signs and percent.
std::string fold_width(std::string_view s);
/// Concatenates; sidesteps GCC 12's false -Wrestrict on chains of string operator+.
std::string cat(std::initializer_list<std::string_view> parts);
/// `s` in double quotes, for English messages.
std::string quoted(std::string_view s);
/// `s` in Chinese quotes (“s”), for Chinese messages.
std::string quoted_zh(std::string_view s);

}  // namespace targetwatch::detail
