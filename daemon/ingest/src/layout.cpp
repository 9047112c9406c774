// Locations of fields and cells in an input, as people see them: "报送!F12", "第12行 “数值”列".
#include <string>

#include "targetwatch/ingest/ingest.h"
#include "targetwatch/xlsx/workbook.h"
#include "text.h"

namespace targetwatch {

std::string InputLayout::locate_cell(std::size_t row, std::size_t column,
                                     std::string_view header) const {
  const std::string r = std::to_string(row);
  switch (kind) {
    case InputKind::kSheet:
      return detail::cat({sheet, "!",
                          xlsx::cell_address(static_cast<std::uint32_t>(row),
                                             static_cast<std::uint32_t>(column + 1))});
    case InputKind::kCsv:
      if (header.empty()) {
        return detail::cat({"第", r, "行 第", std::to_string(column + 1), "列"});
      }
      return detail::cat({"第", r, "行 ", detail::quoted_zh(header), "列"});
    case InputKind::kJson:
      break;
  }
  return detail::cat({"actuals[", r, "].", header});
}

std::string InputLayout::locate(std::size_t row, std::string_view field) const {
  const Column* found = nullptr;
  auto find = [&](std::string_view f) {
    for (const auto& c : columns) {
      if (c.field == f) return &c;
    }
    return static_cast<const Column*>(nullptr);
  };
  if (!field.empty()) {
    found = find(field);
    if (!found && field == "indicator") found = find("indicator_name");
    if (!found && field == "project") found = find("project_name");
  }
  if (kind == InputKind::kJson) {
    const std::string r = detail::cat({"actuals[", std::to_string(row), "]"});
    return field.empty() ? r : detail::cat({r, ".", field});
  }
  if (found) return locate_cell(row, found->index, found->header);
  if (kind == InputKind::kSheet) return detail::cat({sheet, " 第", std::to_string(row), "行"});
  return detail::cat({"第", std::to_string(row), "行"});
}

}  // namespace targetwatch
