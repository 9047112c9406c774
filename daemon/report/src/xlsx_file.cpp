// Workbook bytes through a private temporary file (libxlsxwriter 1.1.4 writes files only).
#include "targetwatch/report/xlsx_file.h"

#if TARGETWATCH_HAVE_XLSXWRITER
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace targetwatch {

Result<std::string> xlsx_bytes(std::string_view name,
                               const std::function<void(lxw_workbook*)>& fill) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  std::string path = (dir / ("targetwatch-" + std::string(name) + "-XXXXXX.xlsx")).string();
  const int fd = ::mkstemps(path.data(), 5);
  if (fd < 0) return Error{"cannot create a temporary file for the workbook in " + dir.string()};
  ::close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::remove(path.c_str()); }
  } remove{path};

  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return Error{"cannot create the workbook " + path};
  fill(wb);
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    return Error{std::string("cannot write the workbook: ") + lxw_strerror(err)};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read back the workbook " + path};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace targetwatch
#endif
