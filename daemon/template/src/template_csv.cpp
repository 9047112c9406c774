// The template as CSV: UTF-8 with a BOM, CRLF, the Chinese headers; every cell through the
// report module's csv_cell (the one formula-injection guard).
#include "targetwatch/report/csv.h"
#include "targetwatch/template/fill_in_template.h"

namespace targetwatch::reporting {

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
