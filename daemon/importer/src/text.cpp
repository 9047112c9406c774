// UTF-8 text helpers for the importer.
#include "text.h"

#include <charconv>
#include <cmath>

namespace targetwatch::importer {

char32_t decode_utf8(std::string_view s, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++pos;
    return 0xFFFD;
  }
  if (pos + static_cast<std::size_t>(len) > s.size()) {
    ++pos;
    return 0xFFFD;
  }
  for (int i = 1; i < len; ++i) {
    const unsigned char b = byte(pos + static_cast<std::size_t>(i));
    if ((b & 0xC0) != 0x80) {
      ++pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return 0xFFFD;
  }
  pos += static_cast<std::size_t>(len);
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_wide(char32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x201C || cp == 0x201D || cp == 0x2018 ||
         cp == 0x2019 || cp == 0x2014 || cp == 0x2026;
}

namespace {

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0 || cp == 0x2002 || cp == 0x2003 ||
         cp == 0x2009 || cp == 0x200B || cp == 0xFEFF;
}

bool is_control(char32_t cp) { return cp < 0x20 || cp == 0x7F; }

}  // namespace

std::string fold_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = decode_utf8(s, pos);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      cp -= 0xFEE0;
    } else if (cp == 0x3000) {
      cp = ' ';
    } else if (cp == 0x2267 || cp == 0x2A7E) {
      cp = 0x2265;  // ≥
    } else if (cp == 0x2266 || cp == 0x2A7D) {
      cp = 0x2264;  // ≤
    }
    append_utf8(out, cp);
  }
  return out;
}

std::string clean_cell(std::string_view s) {
  // Pass 1: code points with whitespace runs collapsed, controls dropped.
  std::u32string cps;
  cps.reserve(s.size());
  bool pending_space = false;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const char32_t cp = decode_utf8(s, pos);
    if (is_space(cp) || cp == '\n' || cp == '\r') {
      pending_space = !cps.empty();
      continue;
    }
    if (is_control(cp)) continue;
    if (pending_space) cps.push_back(' ');
    pending_space = false;
    cps.push_back(cp);
  }
  // Pass 2: drop a space between two wide characters, except after the end of a sentence
  // (。！？；), where the space may be the author's.
  const auto sentence_end = [](char32_t cp) {
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] == ' ' && i > 0 && i + 1 < cps.size() && is_wide(cps[i - 1]) &&
        is_wide(cps[i + 1]) && !sentence_end(cps[i - 1])) {
      continue;
    }
    append_utf8(out, cps[i]);
  }
  return out;
}

std::string compact(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const char32_t cp = decode_utf8(s, pos);
    if (is_space(cp) || is_control(cp)) continue;
    append_utf8(out, cp);
  }
  return out;
}

std::string join_wrapped(std::string_view head, std::string_view tail) {
  std::string out(head);
  if (head.empty() || tail.empty()) {
    out.append(tail);
    return out;
  }
  const auto alnum = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  if (alnum(head.back()) && alnum(tail.front())) out.push_back(' ');
  out.append(tail);
  return out;
}

std::optional<double> parse_amount(std::string_view s) {
  const std::string folded = compact(fold_width(s));
  std::string digits;
  digits.reserve(folded.size());
  for (char c : folded) {
    if (c != ',') digits.push_back(c);
  }
  if (digits.empty() || digits.size() > 40) return std::nullopt;
  std::size_t start = digits[0] == '-' ? 1 : 0;
  if (start >= digits.size()) return std::nullopt;
  bool dot = false;
  bool digit = false;
  for (std::size_t i = start; i < digits.size(); ++i) {
    const char c = digits[i];
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '.' && !dot && i > start) {
      dot = true;
    } else {
      return std::nullopt;
    }
  }
  if (!digit || digits.back() == '.') return std::nullopt;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

bool is_small_integer(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace targetwatch::importer
