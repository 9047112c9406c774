// Charset handling: strict UTF-8 validation and GB18030/GBK decoding through glibc iconv.
#include <iconv.h>

#include <cerrno>
#include <string>

#include "fields.h"
#include "targetwatch/ingest/ingest.h"

namespace targetwatch {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kGb18030Bom = "\x84\x31\x95\x33";

// Owns an iconv descriptor; one per conversion keeps the function thread-safe.
class Iconv {
 public:
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const {
    // (iconv_t)-1 is iconv_open's documented failure value.
    return cd_ != reinterpret_cast<iconv_t>(-1);  // NOLINT(performance-no-int-to-ptr)
  }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

}  // namespace

Charset parse_charset(std::string_view name) {
  std::string n;
  for (char c : detail::ascii_lower(detail::trim(name))) {
    if (c != '"' && c != '\'' && c != ' ' && c != '-' && c != '_') n += c;
  }
  if (n == "utf8") return Charset::kUtf8;
  if (n == "gbk" || n == "gb2312" || n == "gb18030" || n == "cp936" || n == "xgbk" ||
      n == "euccn" || n == "windows936" || n == "ms936") {
    return Charset::kGb18030;
  }
  return Charset::kAuto;
}

std::size_t find_invalid_utf8(std::string_view s) {
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = b[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c == 0xE0) {
      len = 3, lo = 0xA0;  // no overlongs
    } else if (c == 0xED) {
      len = 3, hi = 0x9F;  // no surrogates
    } else if (c >= 0xE1 && c <= 0xEF) {
      len = 3;
    } else if (c == 0xF0) {
      len = 4, lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = 4;
    } else if (c == 0xF4) {
      len = 4, hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (b[i + 1] < lo || b[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if (b[i + k] < 0x80 || b[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

Result<std::string> gb18030_to_utf8(std::string_view bytes) {
  Iconv cd("UTF-8", "GB18030");
  if (!cd.ok()) return Error{"GB18030 decoding is not available (iconv_open failed)"};
  std::string out;
  // GB18030 needs at most 4 UTF-8 bytes per 2-byte character and 4 per 4-byte character.
  out.resize(bytes.size() * 2 + 16);
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; the input is not modified
  std::size_t in_left = bytes.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  while (in_left > 0) {
    if (iconv(cd.get(), &in, &in_left, &dst, &out_left) == static_cast<std::size_t>(-1)) {
      const std::size_t offset = bytes.size() - in_left;
      if (errno == E2BIG) {
        const std::size_t used = out.size() - out_left;
        out.resize(out.size() * 2);
        dst = out.data() + used;
        out_left = out.size() - used;
        continue;
      }
      if (errno == EINVAL) {
        return Error{"truncated GB18030 sequence at byte offset " + std::to_string(offset)};
      }
      return Error{"invalid GB18030 byte sequence at byte offset " + std::to_string(offset)};
    }
  }
  out.resize(out.size() - out_left);
  // A GB18030 BOM decodes to U+FEFF; it is a marker, not text.
  if (out.starts_with(kUtf8Bom)) out.erase(0, kUtf8Bom.size());
  return out;
}

Result<std::string> to_utf8(std::string_view bytes, Charset charset) {
  if (bytes.starts_with(kUtf8Bom) || charset == Charset::kUtf8) {
    const std::size_t skip = bytes.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
    const std::string_view body = bytes.substr(skip);
    if (auto bad = find_invalid_utf8(body); bad != std::string_view::npos) {
      return Error{"invalid UTF-8 at byte offset " + std::to_string(bad + skip)};
    }
    return std::string(body);
  }
  if (charset == Charset::kGb18030 || bytes.starts_with(kGb18030Bom)) {
    return gb18030_to_utf8(bytes);
  }
  const std::size_t bad_utf8 = find_invalid_utf8(bytes);
  if (bad_utf8 == std::string_view::npos) return std::string(bytes);
  auto decoded = gb18030_to_utf8(bytes);
  if (decoded) return decoded;
  return Error{"neither UTF-8 (invalid at byte offset " + std::to_string(bad_utf8) +
               ") nor GB18030 (" + decoded.error().message + ")"};
}

}  // namespace targetwatch
