// Text helpers shared by the ingest parsers.
#include "text.h"

#include <algorithm>

#include "targetwatch/ingest/targets_index.h"

namespace targetwatch {
namespace detail {
namespace {

constexpr std::string_view kNbsp = "\xC2\xA0";
constexpr std::string_view kIdeographic = "\xE3\x80\x80";

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

}  // namespace

std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_ascii_space(s.front())) {
      s.remove_prefix(1);
    } else if (s.starts_with(kNbsp)) {
      s.remove_prefix(kNbsp.size());
    } else if (s.starts_with(kIdeographic)) {
      s.remove_prefix(kIdeographic.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && is_ascii_space(s.back())) {
      s.remove_suffix(1);
    } else if (s.ends_with(kNbsp)) {
      s.remove_suffix(kNbsp.size());
    } else if (s.ends_with(kIdeographic)) {
      s.remove_suffix(kIdeographic.size());
    } else {
      break;
    }
  }
  return s;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string fold_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 == 0xEF && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      // U+FF01..U+FF3F is EF BC 81..BF; U+FF40..U+FF5E is EF BD 80..9E.
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) {
        out += static_cast<char>(b2 - 0x81 + 0x21);
        i += 2;
        continue;
      }
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) {
        out += static_cast<char>(b2 - 0x80 + 0x60);
        i += 2;
        continue;
      }
    }
    if (s.substr(i, kIdeographic.size()) == kIdeographic) {
      out += ' ';
      i += kIdeographic.size() - 1;
      continue;
    }
    if (s.substr(i, 3) == "\xE2\x88\x92") {  // U+2212 minus sign
      out += '-';
      i += 2;
      continue;
    }
    out += s[i];
  }
  return out;
}

std::string cat(std::initializer_list<std::string_view> parts) {
  std::size_t n = 0;
  for (auto p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (auto p : parts) out += p;
  return out;
}

std::string quoted(std::string_view s) { return cat({"\"", s, "\""}); }

std::string quoted_zh(std::string_view s) { return cat({"“", s, "”"}); }

}  // namespace detail

std::string name_key(std::string_view text) {
  const std::string folded = detail::fold_width(text);
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (detail::is_ascii_space(folded[i])) continue;
    if (folded.compare(i, detail::kNbsp.size(), detail::kNbsp) == 0) {
      ++i;
      continue;
    }
    out += folded[i];
  }
  return detail::ascii_lower(out);
}

}  // namespace targetwatch
