// The worksheet handler: <row>/<c> with r, t and s attributes, <v> values, inline <is> strings;
// cells turn into Cell values as their </c> arrives.
#include "worksheet_part.h"

#include <algorithm>
#include <charconv>

#include "cell_value.h"
#include "number_format.h"
#include "package_parts.h"

namespace targetwatch::xlsx::detail {
namespace {

class WorksheetHandler : public XmlHandler {
 public:
  WorksheetHandler(const SheetContext& context, Sheet& sheet) : context_(context), sheet_(sheet) {}

  void start(std::string_view name, const Attributes& attributes) override {
    if (in_cell_) return start_in_cell(name);
    if (name == "sheetData") in_sheet_data_ = true;
    if (!in_sheet_data_) return;
    if (name == "row") {
      const auto r = attributes.get("r");
      std::uint32_t row = 0;
      if (r) {
        const auto [end, error] = std::from_chars(r->data(), r->data() + r->size(), row);
        if (error != std::errc() || end != r->data() + r->size() || row == 0 || row > kMaxRow) {
          return fail("bad row number \"" + std::string(*r) + "\"");
        }
      } else {
        row = row_ + 1;
      }
      row_ = row;
      column_ = 0;
    } else if (name == "c") {
      start_cell(attributes);
    }
  }

  void end(std::string_view name) override {
    if (name == "sheetData") in_sheet_data_ = false;
    if (!in_cell_) return;
    if (name == "c") return finish_cell();
    if (name == "v") {
      in_value_ = false;
    } else if (name == "is") {
      in_inline_ = false;
      inline_text_ = inline_item_.take();
      has_inline_ = true;
    } else if (in_inline_) {
      inline_item_.end(name);
    }
  }

  void text(std::string_view data) override {
    if (in_value_) {
      value_ += data;
    } else if (in_inline_) {
      inline_item_.text(data);
    }
  }

 private:
  void start_cell(const Attributes& attributes) {
    in_cell_ = true;
    value_.clear();
    has_value_ = has_inline_ = false;
    type_ = std::string(attributes.get("t").value_or("n"));
    style_ = 0;
    if (const auto s = attributes.get("s")) {
      std::from_chars(s->data(), s->data() + s->size(), style_);
    }
    if (const auto r = attributes.get("r")) {
      const auto reference = parse_cell_reference(*r);
      if (!reference) return fail("bad cell reference \"" + std::string(*r) + "\"");
      row_ = reference->row;
      column_ = reference->column;
    } else {
      // No r: the cell right after the previous one.
      if (row_ == 0) row_ = 1;
      if (column_ >= kMaxColumn) return fail("cell past column XFD in row " + std::to_string(row_));
      ++column_;
    }
  }

  void start_in_cell(std::string_view name) {
    if (in_inline_) return inline_item_.start(name);
    if (name == "v") {
      in_value_ = true;
      has_value_ = true;
    } else if (name == "is") {
      in_inline_ = true;
    }
  }

  void finish_cell() {
    in_cell_ = false;
    in_value_ = in_inline_ = false;
    Cell cell;
    cell.row = row_;
    cell.column = column_;
    if (type_ == "inlineStr") {
      if (!has_inline_) return;  // with no <is>, Excel shows an empty cell
      cell.text = std::move(inline_text_);
    } else if (!has_value_) {
      return;  // no value (a styled blank, or a formula never calculated)
    } else if (type_ == "s") {
      const auto index = parse_number(value_);
      const auto& strings = context_.shared_strings;
      if (!index || *index < 0 || *index != static_cast<double>(static_cast<std::size_t>(*index)) ||
          *index >= static_cast<double>(strings.size())) {
        return fail("shared-string index \"" + value_ + "\" out of range in cell " +
                    cell_address(row_, column_) + " (the table has " +
                    std::to_string(strings.size()) + " strings)");
      }
      cell.text = strings[static_cast<std::size_t>(*index)];
    } else if (type_ == "str") {
      cell.text = decode_escapes(value_);
    } else if (type_ == "b") {
      const auto number = parse_number(value_);
      if (!number || (*number != 0 && *number != 1)) {
        return fail("bad boolean \"" + value_ + "\" in cell " + cell_address(row_, column_));
      }
      cell.kind = CellKind::kBoolean;
      cell.number = *number;
      cell.text = *number != 0 ? "TRUE" : "FALSE";
    } else if (type_ == "e") {
      cell.kind = CellKind::kError;
      cell.text = value_;
    } else if (type_ == "n") {
      const auto number = parse_number(value_);
      if (!number) {
        return fail("bad number \"" + value_ + "\" in cell " + cell_address(row_, column_));
      }
      cell.kind = CellKind::kNumber;
      cell.number = *number;
      cell.text = format_number(*number);
      const auto& styles = context_.number_styles;
      const NumberStyle style = style_ < styles.size() ? styles[style_] : NumberStyle::kOther;
      if (style == NumberStyle::kDate) cell.date = serial_to_date(*number, context_.date1904);
      cell.percent = style == NumberStyle::kPercent;
    } else {
      // "d" (ISO 8601 text, strict OOXML) and unknown types: kept as their text.
      cell.text = value_;
    }
    if (cell.kind == CellKind::kString && cell.text.empty()) return;
    if (context_.cells_before + sheet_.cells.size() >= context_.limits.max_cells) {
      return fail("cell limit exceeded (more than " + std::to_string(context_.limits.max_cells) +
                  " cells in the workbook)");
    }
    sheet_.cells.push_back(std::move(cell));
  }

  const SheetContext& context_;
  Sheet& sheet_;
  std::uint32_t row_ = 0, column_ = 0;
  bool in_sheet_data_ = false;
  bool in_cell_ = false, in_value_ = false, in_inline_ = false;
  bool has_value_ = false, has_inline_ = false;
  std::string type_;
  std::size_t style_ = 0;
  std::string value_;
  std::string inline_text_;
  StringItemText inline_item_;
};

bool row_major(const Cell& a, const Cell& b) {
  return a.row != b.row ? a.row < b.row : a.column < b.column;
}

}  // namespace

Result<Ok> read_worksheet(ZipReader& zip, const std::string& part, const SheetContext& context,
                          Sheet& sheet) {
  WorksheetHandler handler(context, sheet);
  if (auto parsed = parse_part(zip, part, handler); !parsed) return parsed;
  // Writers store cells in row-major order; the rare file that does not is sorted so that
  // Sheet::find can search.
  if (!std::is_sorted(sheet.cells.begin(), sheet.cells.end(), row_major)) {
    std::stable_sort(sheet.cells.begin(), sheet.cells.end(), row_major);
  }
  for (const Cell& cell : sheet.cells) {
    sheet.max_row = std::max(sheet.max_row, cell.row);
    sheet.max_column = std::max(sheet.max_column, cell.column);
  }
  return Ok{};
}

}  // namespace targetwatch::xlsx::detail
