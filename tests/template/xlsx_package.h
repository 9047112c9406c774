// Reading and patching an xlsx package (a zip) in memory with libzip, for the template tests.
#pragma once

#include <unistd.h>
#include <zip.h>

#include <map>
#include <string>

#include "targetwatch/test/files.h"
#include "targetwatch/test/temp_dir.h"

namespace targetwatch::testing {

/// Every entry of a zip archive held in memory, by name; empty when it is not a zip.
inline std::map<std::string, std::string> unzip(const std::string& bytes) {
  std::map<std::string, std::string> out;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (src == nullptr) return out;
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (za == nullptr) {
    zip_source_free(src);
    return out;
  }
  const zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    if (f == nullptr) continue;
    std::string content(st.size, '\0');
    const zip_int64_t got = zip_fread(f, content.data(), st.size);
    zip_fclose(f);
    if (got >= 0) content.resize(static_cast<std::size_t>(got));
    out[st.name] = content;
  }
  zip_close(za);
  return out;
}

/// The package with entry `name` replaced by `content` (what a spreadsheet does when it saves).
inline std::string replace_entry(const std::string& bytes, const std::string& name,
                                 const std::string& content) {
  test::TempDir dir;
  const std::string path = dir.file("package.xlsx");
  test::write_file(path, bytes);
  int error = 0;
  zip_t* za = zip_open(path.c_str(), 0, &error);
  if (za == nullptr) return "";
  zip_source_t* src = zip_source_buffer(za, content.data(), content.size(), 0);
  if (src == nullptr || zip_file_add(za, name.c_str(), src, ZIP_FL_OVERWRITE) < 0) {
    if (src != nullptr) zip_source_free(src);
    zip_discard(za);
    return "";
  }
  if (zip_close(za) != 0) return "";
  return test::read_file(path);
}

}  // namespace targetwatch::testing
