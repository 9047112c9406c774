// A small wcwidth for UTF-8: enough of Unicode's East Asian Width to align Chinese tables.
#include "targetwatch/report/text_width.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace targetwatch {
namespace {

struct Range {
  char32_t first;
  char32_t last;
};

// East Asian Wide (W) and Fullwidth (F) blocks.
constexpr std::array<Range, 20> kWide{{
    {0x1100, 0x115F},    // Hangul Jamo initial consonants
    {0x231A, 0x231B},    // watch, hourglass
    {0x2329, 0x232A},    // angle brackets
    {0x23E9, 0x23EC},    // media controls
    {0x25FD, 0x25FE},    // small squares
    {0x2614, 0x2615},    // umbrella, hot beverage
    {0x2E80, 0x303E},    // CJK radicals, Kangxi, ideographic description, CJK symbols/punct.
    {0x3041, 0x33FF},    // Hiragana .. CJK compatibility
    {0x3400, 0x4DBF},    // CJK extension A
    {0x4E00, 0x9FFF},    // CJK unified ideographs
    {0xA000, 0xA4CF},    // Yi
    {0xA960, 0xA97F},    // Hangul Jamo extended A
    {0xAC00, 0xD7A3},    // Hangul syllables
    {0xF900, 0xFAFF},    // CJK compatibility ideographs
    {0xFE10, 0xFE19},    // vertical forms
    {0xFE30, 0xFE6F},    // CJK compatibility forms, small form variants
    {0xFF00, 0xFF60},    // fullwidth forms
    {0xFFE0, 0xFFE6},    // fullwidth signs
    {0x1F300, 0x1FAFF},  // pictographs, emoji
    {0x20000, 0x3FFFD},  // CJK extensions B.. (planes 2 and 3)
}};

// Zero-width: combining marks, zero-width spaces and joiners, variation selectors.
constexpr std::array<Range, 10> kZero{{
    {0x0300, 0x036F},
    {0x0483, 0x0489},
    {0x0591, 0x05BD},
    {0x1AB0, 0x1AFF},
    {0x1DC0, 0x1DFF},
    {0x200B, 0x200F},
    {0x20D0, 0x20FF},
    {0x3099, 0x309A},  // combining kana voiced marks (inside a wide block: checked first)
    {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F},
}};

bool in(const auto& ranges, char32_t cp) {
  const auto it = std::upper_bound(ranges.begin(), ranges.end(), cp,
                                   [](char32_t c, const Range& r) { return c < r.first; });
  return it != ranges.begin() && cp <= (it - 1)->last;
}

// Decodes the sequence at s[i]; returns its length (1 for an invalid byte) and the code point
// (U+FFFD for invalid input).
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    cp = 0xFFFD;
    return 1;
  }
  if (i + len > s.size()) {
    cp = 0xFFFD;
    return 1;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      cp = 0xFFFD;
      return 1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    cp = 0xFFFD;
    return 1;
  }
  return len;
}

constexpr std::string_view kEllipsis = "…";

}  // namespace

int codepoint_width(char32_t cp) {
  if (cp == 0) return 0;
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;
  if (in(kZero, cp)) return 0;
  if (in(kWide, cp)) return 2;
  return 1;
}

int display_width(std::string_view utf8) {
  int width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    const std::size_t len = decode(utf8, i, cp);
    width += codepoint_width(cp);
    i += len;
  }
  return width;
}

std::string truncate_to_width(std::string_view utf8, int max_width) {
  if (max_width <= 0) return {};
  if (display_width(utf8) <= max_width) return std::string(utf8);
  const int budget = max_width - 1;  // room for the ellipsis
  int width = 0;
  std::size_t end = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    const std::size_t len = decode(utf8, i, cp);
    const int w = codepoint_width(cp);
    if (width + w > budget) break;
    width += w;
    i += len;
    end = i;
  }
  std::string out(utf8.substr(0, end));
  out += kEllipsis;
  return out;
}

std::string pad_right(std::string_view utf8, int width) {
  std::string out = truncate_to_width(utf8, width);
  out.append(static_cast<std::size_t>(std::max(0, width - display_width(out))), ' ');
  return out;
}

std::string pad_left(std::string_view utf8, int width) {
  std::string cut = truncate_to_width(utf8, width);
  std::string out(static_cast<std::size_t>(std::max(0, width - display_width(cut))), ' ');
  out += cut;
  return out;
}

}  // namespace targetwatch
