// Tests of charset detection and conversion: UTF-8 validation, GBK/GB18030 decoding, BOMs.
#include <gtest/gtest.h>

#include "targetwatch/ingest/ingest.h"
#include "targetwatch/test/files.h"
#include "test_support.h"

namespace targetwatch {
namespace {

TEST(ParseCharset, RecognizesNamesCaseInsensitively) {
  EXPECT_EQ(parse_charset("UTF-8"), Charset::kUtf8);
  EXPECT_EQ(parse_charset(" utf8 "), Charset::kUtf8);
  EXPECT_EQ(parse_charset("\"GBK\""), Charset::kGb18030);
  EXPECT_EQ(parse_charset("gb2312"), Charset::kGb18030);
  EXPECT_EQ(parse_charset("GB18030"), Charset::kGb18030);
  EXPECT_EQ(parse_charset("cp936"), Charset::kGb18030);
  EXPECT_EQ(parse_charset("latin1"), Charset::kAuto);
  EXPECT_EQ(parse_charset(""), Charset::kAuto);
}

TEST(FindInvalidUtf8, AcceptsWellFormedAndPinpointsTheFirstBadByte) {
  EXPECT_EQ(find_invalid_utf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("司法局 𝄞"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("ab\xFF"), 2u);
  EXPECT_EQ(find_invalid_utf8("a\xC0\xAF"), 1u);         // overlong '/'
  EXPECT_EQ(find_invalid_utf8("a\xED\xA0\x80"), 1u);     // UTF-16 surrogate
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("ok\xE5\x8F"), 2u);        // truncated at the end
  EXPECT_EQ(find_invalid_utf8("x\xE5\x41\x41"), 1u);     // bad continuation
}

TEST(ToUtf8, GbkFixtureDecodesToTheUtf8Original) {
  const std::string utf8 = test::read_fixture("ingest/actuals-utf8.csv");
  const std::string gbk = test::read_fixture("ingest/actuals-gbk.csv");
  ASSERT_NE(utf8, gbk);  // the fixture really holds GBK bytes
  auto explicit_gbk = to_utf8(gbk, Charset::kGb18030);
  ASSERT_TRUE(explicit_gbk.ok()) << explicit_gbk.error().message;
  EXPECT_EQ(*explicit_gbk, utf8);
  auto detected = to_utf8(gbk, Charset::kAuto);
  ASSERT_TRUE(detected.ok()) << detected.error().message;
  EXPECT_EQ(*detected, utf8);
}

TEST(ToUtf8, AutoKeepsValidUtf8Unchanged) {
  const std::string utf8 = test::read_fixture("ingest/actuals-utf8.csv");
  auto r = to_utf8(utf8, Charset::kAuto);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, utf8);
}

TEST(ToUtf8, StripsUtf8BomWhateverTheDeclaredCharset) {
  const std::string text =
      "\xEF\xBB\xBF"
      "项目";
  for (auto cs : {Charset::kAuto, Charset::kUtf8, Charset::kGb18030}) {
    auto r = to_utf8(text, cs);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, "项目");
  }
}

TEST(ToUtf8, DropsGb18030Bom) {
  auto r = to_utf8(
      "\x84\x31\x95\x33"
      "\xCF\xEE\xC4\xBF",
      Charset::kAuto);  // BOM + 项目 in GBK
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "项目");
}

TEST(ToUtf8, DecodesFourByteGb18030) {
  // U+1D11E (musical symbol G clef) is 0x9432BE34 in GB18030: beyond GBK.
  auto r = gb18030_to_utf8("a\x94\x32\xBE\x34");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "a𝄞");
}

TEST(ToUtf8, InvalidBytesNameTheirOffset) {
  auto strict = to_utf8("abc\xFFxyz", Charset::kUtf8);
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.error().message.find("byte offset 3"), std::string::npos)
      << strict.error().message;

  // 0xFF is not a GB18030 lead byte either.
  auto gb = gb18030_to_utf8("\xCF\xEE\xFF");
  ASSERT_FALSE(gb.ok());
  EXPECT_NE(gb.error().message.find("byte offset 2"), std::string::npos) << gb.error().message;

  auto truncated = gb18030_to_utf8("\xCF\xEE\xCF");
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().message.find("truncated"), std::string::npos);
  EXPECT_NE(truncated.error().message.find("byte offset 2"), std::string::npos);

  auto neither = to_utf8("ok\x80\xFF", Charset::kAuto);
  ASSERT_FALSE(neither.ok());
  EXPECT_NE(neither.error().message.find("UTF-8"), std::string::npos);
  EXPECT_NE(neither.error().message.find("GB18030"), std::string::npos);

  auto bom_then_bad = to_utf8(
      "\xEF\xBB\xBF"
      "a\xFF",
      Charset::kAuto);
  ASSERT_FALSE(bom_then_bad.ok());
  EXPECT_NE(bom_then_bad.error().message.find("byte offset 4"), std::string::npos)
      << bom_then_bad.error().message;
}

}  // namespace
}  // namespace targetwatch
