// Builds test archives with libzip: a growable buffer source is the archive, entries are buffers
// or a callback source that produces one repeated byte.
#include "zip_builder.h"

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace targetwatch::xlsx::testing {
namespace {

struct Generated {
  char fill = 0;
  std::uint64_t size = 0;
  std::uint64_t offset = 0;
};

zip_int64_t generated_callback(void* user, void* data, zip_uint64_t length,
                               zip_source_cmd_t command) {
  auto* generated = static_cast<Generated*>(user);
  switch (command) {
    case ZIP_SOURCE_OPEN:
      generated->offset = 0;
      return 0;
    case ZIP_SOURCE_READ: {
      const std::uint64_t n = std::min<std::uint64_t>(length, generated->size - generated->offset);
      std::memset(data, generated->fill, n);
      generated->offset += n;
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* stat = static_cast<zip_stat_t*>(data);
      zip_stat_init(stat);
      stat->size = generated->size;
      stat->valid |= ZIP_STAT_SIZE;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_FREE:
      delete generated;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                            ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      return -1;
  }
}

void check(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("build_zip: " + what);
}

}  // namespace

std::string build_zip(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  check(buffer != nullptr, "buffer source");
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  check(archive != nullptr, "open");
  zip_source_keep(buffer);  // read the bytes back after zip_close
  for (const ZipEntry& entry : entries) {
    zip_source_t* source =
        entry.generated != 0 ? zip_source_function(archive, generated_callback,
                                                   new Generated{entry.fill, entry.generated, 0})
                             : zip_source_buffer(archive, entry.data.data(), entry.data.size(), 0);
    check(source != nullptr, "entry source");
    const zip_int64_t index =
        zip_file_add(archive, entry.name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    check(index >= 0, "add " + entry.name);
    // Level 9 for the generated entries: deflate's best, about 1000:1 on repeated bytes.
    check(zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE,
                                   entry.generated != 0 ? 9 : 6) == 0,
          "compression");
    if (entry.encrypted) {
      check(zip_file_set_encryption(archive, static_cast<zip_uint64_t>(index), ZIP_EM_AES_256,
                                    "secret") == 0,
            "encryption");
    }
  }
  check(zip_close(archive) == 0, "close");
  check(zip_source_open(buffer) == 0, "reopen");
  std::string bytes;
  char chunk[65536];
  for (zip_int64_t n; (n = zip_source_read(buffer, chunk, sizeof chunk)) > 0;) {
    bytes.append(chunk, static_cast<std::size_t>(n));
  }
  zip_source_close(buffer);
  zip_source_free(buffer);
  return bytes;
}

std::vector<ZipEntry> workbook_parts(const std::vector<SheetPart>& sheets,
                                     const std::string& shared_strings_items,
                                     const std::string& styles, const std::string& workbook_pr) {
  const std::string main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  std::string workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook xmlns=\"" +
                         main_ns + "\" xmlns:r=\"" + rel_ns + "\">" + workbook_pr + "<sheets>";
  std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  std::vector<ZipEntry> parts;
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    workbook +=
        "<sheet name=\"" + sheets[i].name + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + rel_ns +
            "/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
    parts.push_back({"xl/worksheets/sheet" + n + ".xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"" + main_ns +
                         "\">\n<sheetData>" + sheets[i].sheet_data + "</sheetData></worksheet>"});
  }
  workbook += "</sheets></workbook>";
  rels += "</Relationships>";
  parts.insert(parts.begin(), {"xl/_rels/workbook.xml.rels", rels});
  parts.insert(parts.begin(), {"xl/workbook.xml", workbook});
  if (!shared_strings_items.empty()) {
    parts.push_back({"xl/sharedStrings.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst "
                     "xmlns=\"" +
                         main_ns + "\">" + shared_strings_items + "</sst>"});
  }
  if (!styles.empty()) {
    parts.push_back({"xl/styles.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<styleSheet "
                     "xmlns=\"" +
                         main_ns + "\">" + styles + "</styleSheet>"});
  }
  return parts;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace targetwatch::xlsx::testing
