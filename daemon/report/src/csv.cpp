// csv_cell: RFC 4180 quoting and the spreadsheet formula-injection guard (CWE-1236).
#include "targetwatch/report/csv.h"

#include <charconv>

namespace targetwatch {

bool is_plain_number(std::string_view text) {
  if (text.empty()) return false;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  // from_chars reads no "+", no spaces and no hex prefix: what it consumes whole is a number.
  return ec == std::errc() && end == text.data() + text.size();
}

std::string csv_cell(std::string_view text) {
  std::string value;
  const bool formula_like = !text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' ||
                                              text[0] == '@' || text[0] == '\t' || text[0] == '\r');
  if (formula_like && !is_plain_number(text)) value += '\'';
  value.append(text);
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace targetwatch
