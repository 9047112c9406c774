// The template as CSV: UTF-8 with a BOM, CRLF, the Chinese headers; every cell through csv_cell.
#include <charconv>

#include "targetwatch/template/fill_in_template.h"

namespace targetwatch::reporting {
namespace {

// A plain decimal number ("-12.5", "3e-05"): data, not a formula, even when it starts with '-'.
bool is_plain_number(std::string_view text) {
  if (text.empty()) return false;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  // from_chars reads no "+", no spaces and no hex prefix: what it consumes whole is a number.
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

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
  out += '"';
  return out;
}

std::string render_template_csv(const TemplateSheet& sheet) {
  std::string out = "\xEF\xBB\xBF";
  const auto line = [&out](const auto& cells) {
    bool first = true;
    for (const auto& cell : cells) {
      if (!first) out += ',';
      first = false;
      out += csv_cell(cell);
    }
    out += "\r\n";
  };
  std::array<std::string_view, kColumnCount> headers;
  for (std::size_t i = 0; i < kColumnCount; ++i) headers[i] = template_columns()[i].header;
  line(headers);
  for (const TemplateRow& row : sheet.rows) line(row_texts(sheet, row));
  return out;
}

}  // namespace targetwatch::reporting
