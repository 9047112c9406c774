// Handlers for workbook.xml, the .rels files, sharedStrings.xml and styles.xml.
#include "package_parts.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "cell_value.h"
#include "number_format.h"

namespace targetwatch::xlsx::detail {
namespace {

bool xml_true(std::string_view value) { return value == "1" || value == "true"; }

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

class WorkbookHandler : public XmlHandler {
 public:
  WorkbookPart result;
  bool saw_workbook = false;

  void start(std::string_view name, const Attributes& attributes) override {
    if (name == "workbook") saw_workbook = true;
    if (name == "workbookPr") {
      result.date1904 = xml_true(attributes.get("date1904").value_or(""));
    } else if (name == "sheet") {
      const auto sheet_name = attributes.get("name");
      const auto id = attributes.get("id");
      if (!sheet_name || !id) return fail("<sheet> without name or r:id");
      result.sheets.push_back({std::string(*sheet_name), std::string(*id)});
    }
  }
  void end(std::string_view) override {}
};

class RelationshipsHandler : public XmlHandler {
 public:
  explicit RelationshipsHandler(std::string source) : source_(std::move(source)) {}
  std::unordered_map<std::string, Relationship> result;

  void start(std::string_view name, const Attributes& attributes) override {
    if (name != "Relationship") return;
    const auto id = attributes.get("Id");
    const auto target = attributes.get("Target");
    if (!id || !target) return fail("<Relationship> without Id or Target");
    // External targets (hyperlinks) are not parts.
    if (attributes.get("TargetMode").value_or("") == "External") return;
    result[std::string(*id)] = {resolve_target(source_, *target),
                                std::string(attributes.get("Type").value_or(""))};
  }
  void end(std::string_view) override {}

 private:
  std::string source_;
};

class SharedStringsHandler : public XmlHandler {
 public:
  explicit SharedStringsHandler(std::size_t max_strings) : max_strings_(max_strings) {}
  std::vector<std::string> result;

  void start(std::string_view name, const Attributes& attributes) override {
    if (name == "sst") {
      // A hint only; capped so a lying count cannot reserve a huge table.
      if (const auto count = parse_int(attributes.get("uniqueCount").value_or(""))) {
        result.reserve(std::min<std::size_t>(static_cast<std::size_t>(std::max(*count, 0)),
                                             std::min<std::size_t>(max_strings_, 1 << 16)));
      }
    } else if (name == "si") {
      in_item_ = true;
    } else if (in_item_) {
      item_.start(name);
    }
  }
  void end(std::string_view name) override {
    if (name == "si" && in_item_) {
      in_item_ = false;
      if (result.size() >= max_strings_) {
        return fail("shared strings limit exceeded (more than " + std::to_string(max_strings_) +
                    " strings)");
      }
      result.push_back(item_.take());
    } else if (in_item_) {
      item_.end(name);
    }
  }
  void text(std::string_view data) override {
    if (in_item_) item_.text(data);
  }

 private:
  std::size_t max_strings_;
  bool in_item_ = false;
  StringItemText item_;
};

class StylesHandler : public XmlHandler {
 public:
  std::unordered_map<int, NumberStyle> custom_styles;  // numFmtId -> its code's style
  std::vector<int> xf_formats;                         // cellXfs order -> numFmtId

  void start(std::string_view name, const Attributes& attributes) override {
    // Only the numFmts list: the differential formats (<dxfs>) have <numFmt>s of their own.
    if (name == "numFmts") {
      in_num_fmts_ = true;
    } else if (name == "numFmt" && in_num_fmts_) {
      const auto id = parse_int(attributes.get("numFmtId").value_or(""));
      if (id) {
        custom_styles[*id] = number_style_of_code(attributes.get("formatCode").value_or(""));
      }
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      xf_formats.push_back(parse_int(attributes.get("numFmtId").value_or("0")).value_or(0));
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
    if (name == "numFmts") in_num_fmts_ = false;
  }

 private:
  bool in_num_fmts_ = false;
  bool in_cell_xfs_ = false;
};

}  // namespace

void StringItemText::start(std::string_view name) {
  if (name == "rPh") ++phonetic_depth_;
  if (name == "t" && phonetic_depth_ == 0) in_text_ = true;
}

void StringItemText::end(std::string_view name) {
  if (name == "rPh" && phonetic_depth_ > 0) --phonetic_depth_;
  if (name == "t") in_text_ = false;
}

std::string StringItemText::take() {
  std::string decoded = decode_escapes(raw_);
  raw_.clear();
  in_text_ = false;
  phonetic_depth_ = 0;
  return decoded;
}

Result<Ok> parse_part(ZipReader& zip, const std::string& part, XmlHandler& handler) {
  XmlStream stream(part, handler);
  auto read = zip.read(part, [&](std::string_view chunk) { return stream.feed(chunk); });
  if (!read) return read;
  return stream.finish();
}

Result<WorkbookPart> read_workbook_part(ZipReader& zip, const std::string& part) {
  WorkbookHandler handler;
  if (auto parsed = parse_part(zip, part, handler); !parsed) return parsed.error();
  if (!handler.saw_workbook) return Error{"xlsx: " + part + ": no <workbook> element"};
  return std::move(handler.result);
}

Result<std::unordered_map<std::string, Relationship>> read_relationships(ZipReader& zip,
                                                                         const std::string& part) {
  const auto slash = part.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  const std::string file = slash == std::string::npos ? part : part.substr(slash + 1);
  const std::string rels = folder + "_rels/" + file + ".rels";
  RelationshipsHandler handler(part);
  if (!zip.contains(rels)) return std::move(handler.result);
  if (auto parsed = parse_part(zip, rels, handler); !parsed) return parsed.error();
  return std::move(handler.result);
}

Result<std::vector<std::string>> read_shared_strings(ZipReader& zip, const std::string& part,
                                                     std::size_t max_strings) {
  SharedStringsHandler handler(max_strings);
  if (!zip.contains(part)) return std::move(handler.result);
  if (auto parsed = parse_part(zip, part, handler); !parsed) return parsed.error();
  return std::move(handler.result);
}

Result<std::vector<NumberStyle>> read_number_styles(ZipReader& zip, const std::string& part) {
  StylesHandler handler;
  if (!zip.contains(part)) return std::vector<NumberStyle>();
  if (auto parsed = parse_part(zip, part, handler); !parsed) return parsed.error();
  std::vector<NumberStyle> styles;
  styles.reserve(handler.xf_formats.size());
  for (const int id : handler.xf_formats) {
    // A custom format may redefine a built-in id (WPS does); the custom code wins.
    const auto custom = handler.custom_styles.find(id);
    styles.push_back(custom != handler.custom_styles.end() ? custom->second
                                                           : builtin_number_style(id));
  }
  return styles;
}

std::string resolve_target(const std::string& source_part, std::string_view target) {
  std::string path;
  if (target.starts_with("/")) {
    path = std::string(target.substr(1));
  } else {
    const auto slash = source_part.rfind('/');
    path =
        (slash == std::string::npos ? "" : source_part.substr(0, slash + 1)) + std::string(target);
  }
  // Normalise "." and ".." segments.
  std::vector<std::string> segments;
  std::size_t begin = 0;
  while (begin <= path.size()) {
    auto slash = path.find('/', begin);
    if (slash == std::string::npos) slash = path.size();
    const std::string segment = path.substr(begin, slash - begin);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    begin = slash + 1;
  }
  std::string resolved;
  for (const auto& segment : segments) {
    if (!resolved.empty()) resolved += '/';
    resolved += segment;
  }
  return resolved;
}

}  // namespace targetwatch::xlsx::detail
