// read_workbook: the workbook part, its relationships, shared strings and styles, then each
// worksheet in workbook order.
#include "targetwatch/xlsx/workbook.h"

#include <algorithm>

#include "package_parts.h"
#include "worksheet_part.h"
#include "zip_reader.h"

namespace targetwatch::xlsx {
namespace {

constexpr const char* kWorkbookPart = "xl/workbook.xml";

bool is_worksheet(const detail::Relationship& relationship) {
  return relationship.type.empty() || relationship.type.ends_with("/worksheet");
}

/// The part a relationship type points to, the first of that type (sharedStrings, styles), or
/// the usual name when the relationships do not say.
std::string part_of_type(const std::unordered_map<std::string, detail::Relationship>& relationships,
                         std::string_view type_suffix, std::string fallback) {
  for (const auto& [id, relationship] : relationships) {
    if (relationship.type.ends_with(type_suffix)) return relationship.target;
  }
  return fallback;
}

}  // namespace

const Cell* Sheet::find(std::uint32_t row, std::uint32_t column) const {
  const auto it =
      std::lower_bound(cells.begin(), cells.end(), std::pair(row, column),
                       [](const Cell& cell, const std::pair<std::uint32_t, std::uint32_t>& key) {
                         return std::pair(cell.row, cell.column) < key;
                       });
  if (it == cells.end() || it->row != row || it->column != column) return nullptr;
  return &*it;
}

const Sheet* Workbook::find_sheet(std::string_view name) const {
  for (const Sheet& sheet : sheets) {
    if (sheet.name == name) return &sheet;
  }
  return nullptr;
}

Result<Workbook> read_workbook(std::string_view bytes, const Limits& limits) {
  auto opened = detail::ZipReader::open(bytes, limits);
  if (!opened) return opened.error();
  detail::ZipReader& zip = *opened;
  if (!zip.contains(kWorkbookPart)) {
    return Error{"xlsx: not an xlsx workbook: the archive has no xl/workbook.xml"};
  }
  auto workbook_part = detail::read_workbook_part(zip, kWorkbookPart);
  if (!workbook_part) return workbook_part.error();
  auto relationships = detail::read_relationships(zip, kWorkbookPart);
  if (!relationships) return relationships.error();
  auto strings = detail::read_shared_strings(
      zip, part_of_type(*relationships, "/sharedStrings", "xl/sharedStrings.xml"),
      limits.max_shared_strings);
  if (!strings) return strings.error();
  auto number_styles =
      detail::read_number_styles(zip, part_of_type(*relationships, "/styles", "xl/styles.xml"));
  if (!number_styles) return number_styles.error();

  Workbook workbook;
  workbook.date1904 = workbook_part->date1904;
  std::size_t cells = 0;
  for (const auto& entry : workbook_part->sheets) {
    const auto relationship = relationships->find(entry.relationship_id);
    if (relationship == relationships->end()) {
      return Error{"xlsx: xl/workbook.xml: sheet \"" + entry.name + "\" refers to relationship \"" +
                   entry.relationship_id + "\", which xl/_rels/workbook.xml.rels does not have"};
    }
    if (!is_worksheet(relationship->second)) continue;
    Sheet sheet;
    sheet.name = entry.name;
    const detail::SheetContext context{*strings, *number_styles, workbook.date1904, limits, cells};
    if (auto read = detail::read_worksheet(zip, relationship->second.target, context, sheet);
        !read) {
      return read.error();
    }
    cells += sheet.cells.size();
    workbook.sheets.push_back(std::move(sheet));
  }
  return workbook;
}

}  // namespace targetwatch::xlsx
