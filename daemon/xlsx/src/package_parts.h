// The parts around the worksheets: the workbook (sheet list, date system), its relationships
// (where each sheet lives), the shared strings and the styles (which cells show dates or
// percentages).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "number_format.h"
#include "targetwatch/model/result.h"
#include "xml_stream.h"
#include "zip_reader.h"

namespace targetwatch::xlsx::detail {

/// Streams one part of the archive through `handler`.
Result<Ok> parse_part(ZipReader& zip, const std::string& part, XmlHandler& handler);

struct WorkbookPart {
  struct SheetEntry {
    std::string name;
    std::string relationship_id;
  };
  std::vector<SheetEntry> sheets;
  bool date1904 = false;
};
Result<WorkbookPart> read_workbook_part(ZipReader& zip, const std::string& part);

struct Relationship {
  std::string target;  // the part name inside the archive, resolved ("xl/worksheets/sheet1.xml")
  std::string type;
};
/// Relationships of `part` by id, read from its _rels/<name>.rels (none when that is absent).
Result<std::unordered_map<std::string, Relationship>> read_relationships(ZipReader& zip,
                                                                         const std::string& part);

/// The shared-string table (empty when the part is absent).
Result<std::vector<std::string>> read_shared_strings(ZipReader& zip, const std::string& part,
                                                     std::size_t max_strings);

/// For each cell format (cellXfs index, a cell's s attribute): whether it shows a date, a
/// percentage or neither. Empty when the part is absent.
Result<std::vector<NumberStyle>> read_number_styles(ZipReader& zip, const std::string& part);

/// Collects the text of the <t> elements of a string item (<si> or an inline <is>), rich-text runs
/// joined, phonetic runs (<rPh>) skipped. Feed it the events inside the item.
class StringItemText {
 public:
  void start(std::string_view name);
  void end(std::string_view name);
  void text(std::string_view data) {
    if (in_text_) raw_ += data;
  }
  /// The decoded text (_xHHHH_ escapes resolved); resets for the next item.
  std::string take();

 private:
  std::string raw_;
  bool in_text_ = false;
  int phonetic_depth_ = 0;
};

/// Resolves a relationship target against the folder of its source part: relative
/// ("worksheets/sheet1.xml", "../x.xml") or absolute ("/xl/worksheets/sheet1.xml").
std::string resolve_target(const std::string& source_part, std::string_view target);

}  // namespace targetwatch::xlsx::detail
