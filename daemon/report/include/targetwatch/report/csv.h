// CSV cells for spreadsheets: RFC 4180 quoting plus the formula-injection guard, in one place.
#pragma once

#include <string>
#include <string_view>

namespace targetwatch {

/// True when `text` is a plain decimal number as this program writes them ("-12.5", "3e-05"):
/// such a cell is data, not a formula, even when it starts with '-'.
bool is_plain_number(std::string_view text);

/// One CSV field, ready to join with ',': a text that a spreadsheet would run as a formula
/// (first character = + - @, tab or CR, and not a plain number) gets a leading apostrophe, so
/// Excel / LibreOffice show it as text; then the field is quoted (RFC 4180) when it holds a
/// comma, a quote, CR or LF. Use it for every cell of every CSV meant for spreadsheets.
/// Pure and thread-safe.
std::string csv_cell(std::string_view text);

}  // namespace targetwatch
