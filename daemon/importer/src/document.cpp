// Rows of cleaned cells from the extracted text.
#include "document.h"

#include <cmath>
#include <cstdio>

#include "text.h"

namespace targetwatch::importer {

namespace {
const std::string kEmpty;
}

const std::string& Row::cell(std::size_t i) const { return i < cells.size() ? cells[i] : kEmpty; }

bool Row::blank() const { return non_empty() == 0; }

int Row::non_empty() const {
  int n = 0;
  for (const auto& c : cells) n += c.empty() ? 0 : 1;
  return n;
}

std::size_t Row::used_width() const {
  std::size_t w = cells.size();
  while (w > 0 && cells[w - 1].empty()) --w;
  return w;
}

std::string Row::display() const {
  std::string out;
  const std::size_t w = used_width();
  for (std::size_t i = 0; i < w; ++i) {
    if (i > 0) out += " | ";
    out += cells[i];
  }
  return out;
}

std::vector<Row> split_rows(std::string_view text) {
  // A UTF-8 byte order mark is not part of the first line.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<Row> rows;
  int number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = pos;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
    std::string_view line = text.substr(pos, end - pos);
    ++number;
    Row row;
    row.line = number;
    std::size_t start = 0;
    while (true) {
      const std::size_t tab = line.find('\t', start);
      row.cells.push_back(clean_cell(line.substr(
          start, tab == std::string_view::npos ? std::string_view::npos : tab - start)));
      if (tab == std::string_view::npos) break;
      row.tabbed = true;
      start = tab + 1;
    }
    rows.push_back(std::move(row));
    if (end >= text.size()) break;
    pos = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
    if (pos == text.size()) break;
  }
  return rows;
}

std::string format_amount(double value) {
  char buf[64];
  const double rounded = std::round(value * 100) / 100;
  std::snprintf(buf, sizeof buf, "%.2f", rounded == 0 ? 0.0 : rounded);
  return buf;
}

}  // namespace targetwatch::importer
