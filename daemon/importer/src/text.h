// UTF-8 text helpers for the importer: decoding, cell cleaning, fullwidth folding, numbers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace targetwatch::importer {

/// Decodes the code point at `pos` and advances `pos`; invalid bytes yield U+FFFD (one byte).
char32_t decode_utf8(std::string_view s, std::size_t& pos);
void append_utf8(std::string& out, char32_t cp);

/// CJK ideographs, CJK punctuation, fullwidth forms and curly quotes: characters between which a
/// space can only be a line-wrap artefact of the PDF.
bool is_wide(char32_t cp);

/// Fullwidth ASCII (０-９ ％ ＞ ＝ ．...) to ASCII, ideographic space to space, ≧ ≦ ⩾ ⩽ to ≥ ≤.
std::string fold_width(std::string_view s);

/// A table cell as printed: control characters dropped, whitespace runs collapsed to one space,
/// trimmed, and spaces between two wide characters removed (wrap artefacts: "财政 资金") unless
/// the first ends a sentence ("。 确保" keeps its space).
std::string clean_cell(std::string_view s);

/// `s` without any whitespace (labels: "合 计" -> "合计", "资金支出计 划（%）").
std::string compact(std::string_view s);

/// Joins a wrapped cell's continuation: no separator, except a space between ASCII alphanumerics.
std::string join_wrapped(std::string_view head, std::string_view tail);

/// An amount as printed in a budget table ("4140.30", "1,234.5", "-3"); nullopt otherwise.
std::optional<double> parse_amount(std::string_view s);

/// True when `s` is an unsigned decimal integer of 1..max_digits digits.
bool is_small_integer(std::string_view s, std::size_t max_digits = 4);

inline bool contains(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
}

}  // namespace targetwatch::importer
