// read_text_file: one allocation of the file's size and read(2) straight into it (start-up reads
// a province's 18 MB of targets, and the cache as much again).
#include "file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace targetwatch::config_detail {

std::optional<std::string> read_text_file(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::string("cannot open file: ") + std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  std::string data;
  // The size is a hint: the file may grow or shrink while it is read, or be a pipe.
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    data.resize(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  for (;;) {
    if (done == data.size()) data.resize(data.size() + 65536);
    const ssize_t n = ::read(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::string("cannot read file: ") + std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  data.resize(done);
  return data;
}

}  // namespace targetwatch::config_detail
