// Cell references, number text and _xHHHH_ escapes (see cell_value.h).
#include "cell_value.h"

#include <charconv>
#include <cmath>
#include <system_error>

#include "targetwatch/xlsx/workbook.h"

namespace targetwatch::xlsx {

std::string cell_address(std::uint32_t row, std::uint32_t column) {
  std::string letters;
  for (std::uint32_t n = column; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters + std::to_string(row);
}

bool looks_like_xlsx(std::string_view bytes) { return bytes.starts_with("PK\x03\x04"); }

}  // namespace targetwatch::xlsx

namespace targetwatch::xlsx::detail {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// The code unit of an "_xHHHH_" at the start of `text`, if it is one.
std::optional<std::uint32_t> escape_at(std::string_view text) {
  if (text.size() < 7 || text[0] != '_' || text[1] != 'x' || text[6] != '_') return std::nullopt;
  std::uint32_t unit = 0;
  for (std::size_t i = 2; i < 6; ++i) {
    const int digit = hex_value(text[i]);
    if (digit < 0) return std::nullopt;
    unit = unit * 16 + static_cast<std::uint32_t>(digit);
  }
  return unit;
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

}  // namespace

std::optional<CellReference> parse_cell_reference(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && text[i] == '$') ++i;
  std::uint32_t column = 0;
  const std::size_t letters_start = i;
  for (; i < text.size() && (is_upper(text[i]) || is_lower(text[i])); ++i) {
    const char upper = is_lower(text[i]) ? static_cast<char>(text[i] - 'a' + 'A') : text[i];
    column = column * 26 + static_cast<std::uint32_t>(upper - 'A' + 1);
    if (column > kMaxColumn) return std::nullopt;
  }
  if (i == letters_start) return std::nullopt;
  if (i < text.size() && text[i] == '$') ++i;
  const std::size_t digits_start = i;
  std::uint32_t row = 0;
  for (; i < text.size() && is_digit(text[i]); ++i) {
    row = row * 10 + static_cast<std::uint32_t>(text[i] - '0');
    if (row > kMaxRow) return std::nullopt;
  }
  if (i == digits_start || i != text.size() || row == 0) return std::nullopt;
  return CellReference{row, column};
}

std::string format_number(double value) {
  if (value == 0) return "0";  // also -0
  char buffer[400];            // enough for any double in fixed notation
  const double magnitude = std::fabs(value);
  const auto format =
      magnitude >= 1e-6 && magnitude < 1e15 ? std::chars_format::fixed : std::chars_format::general;
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, format);
  if (error != std::errc()) return "0";  // unreachable: the buffer fits every double
  return std::string(buffer, end);
}

std::optional<double> parse_number(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::string decode_escapes(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto unit = escape_at(text);
    if (!unit) {
      out += text.front();
      text.remove_prefix(1);
      continue;
    }
    text.remove_prefix(7);
    std::uint32_t code = *unit;
    if (code >= 0xD800 && code <= 0xDBFF) {
      const auto low = escape_at(text);
      if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
        code = 0x10000 + ((code - 0xD800) << 10) + (*low - 0xDC00);
        text.remove_prefix(7);
      } else {
        code = 0xFFFD;
      }
    } else if (code >= 0xDC00 && code <= 0xDFFF) {
      code = 0xFFFD;
    }
    append_utf8(out, code);
  }
  return out;
}

}  // namespace targetwatch::xlsx::detail
