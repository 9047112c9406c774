// Display width of UTF-8 text in a terminal (East Asian wide characters take two columns).
#pragma once

#include <string>
#include <string_view>

namespace targetwatch {

/// Columns a terminal uses for one code point: 0 for controls and combining marks, 2 for East
/// Asian Wide / Fullwidth characters (CJK, Hangul, fullwidth forms, most emoji), else 1.
int codepoint_width(char32_t cp);

/// Columns `utf8` takes. Bytes that are not valid UTF-8 count as one column each.
int display_width(std::string_view utf8);

/// `utf8` cut to at most `max_width` columns, ending in "…" when something was cut. Never
/// splits a UTF-8 sequence; the result may be narrower than max_width by one column when a
/// wide character does not fit.
std::string truncate_to_width(std::string_view utf8, int max_width);

/// `utf8` truncated to `width`, then padded with spaces on the right (left) to exactly `width`.
std::string pad_right(std::string_view utf8, int width);
std::string pad_left(std::string_view utf8, int width);

}  // namespace targetwatch
