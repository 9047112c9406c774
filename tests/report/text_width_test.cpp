// Display width and truncation of UTF-8 text.
#include "targetwatch/report/text_width.h"

#include <gtest/gtest.h>

namespace targetwatch {
namespace {

// True when `s` is well-formed UTF-8 (no cut sequences).
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t len = b < 0x80         ? 1
                            : (b >> 5) == 6  ? 2
                            : (b >> 4) == 14 ? 3
                            : (b >> 3) == 30 ? 4
                                             : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

TEST(DisplayWidth, AsciiAndCjk) {
  EXPECT_EQ(display_width(""), 0);
  EXPECT_EQ(display_width("abc"), 3);
  EXPECT_EQ(display_width("法律援助"), 8);
  EXPECT_EQ(display_width("≥350件"), 6);  // ≥ is narrow, 件 wide
  EXPECT_EQ(display_width("（冀财政法〔2024〕50号）"), 2 * 9 + 6);
  EXPECT_EQ(display_width("ＡＢ１"), 6);  // fullwidth forms
  EXPECT_EQ(display_width("한국"), 4);    // Hangul
  EXPECT_EQ(display_width("😀"), 2);
  EXPECT_EQ(display_width("e\xCC\x81"), 1);  // e + combining acute
  EXPECT_EQ(display_width("a\tb"), 2);       // controls take no column
  EXPECT_EQ(display_width("\xFF\xFE"), 2);   // invalid bytes: one column each
  EXPECT_EQ(display_width("\xE6\xB3"), 2);   // a cut sequence: two invalid bytes
  EXPECT_EQ(display_width("\xC0\xAF"), 2);   // overlong encoding is invalid
}

TEST(Truncate, KeepsShortText) {
  EXPECT_EQ(truncate_to_width("法律", 4), "法律");
  EXPECT_EQ(truncate_to_width("abc", 10), "abc");
  EXPECT_EQ(truncate_to_width("abc", 0), "");
}

TEST(Truncate, CutsWithEllipsisAtCharacterBoundaries) {
  const std::string name = "法律援助工作中央资金（冀财政法〔2024〕50号）";
  for (int w = 1; w < display_width(name); ++w) {
    const std::string cut = truncate_to_width(name, w);
    EXPECT_TRUE(valid_utf8(cut)) << w;
    EXPECT_LE(display_width(cut), w) << w;
    EXPECT_GE(display_width(cut), w - 1) << w;  // at most one column lost to a wide char
    EXPECT_EQ(cut.substr(cut.size() - 3), "…") << w;
  }
  EXPECT_EQ(truncate_to_width(name, 5), "法律…");
  EXPECT_EQ(truncate_to_width(name, 6), "法律…");
  EXPECT_EQ(truncate_to_width("abcdef", 4), "abc…");
}

TEST(Pad, ExactWidth) {
  EXPECT_EQ(pad_right("法律", 6), "法律  ");
  EXPECT_EQ(pad_left("12.5", 6), "  12.5");
  EXPECT_EQ(display_width(pad_right("法律援助工作中央资金", 7)), 7);
  EXPECT_EQ(display_width(pad_left("法律援助工作中央资金", 7)), 7);
}

}  // namespace
}  // namespace targetwatch
