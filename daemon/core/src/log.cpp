// Log sinks: stderr with systemd priority prefixes, and an in-memory one for tests.
#include "targetwatch/core/log.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace targetwatch::core {

std::string format_log_line(LogPriority priority, std::string_view message) {
  std::string line;
  line.reserve(message.size() + 8);
  line.push_back('<');
  line += std::to_string(static_cast<int>(priority));
  line.push_back('>');
  for (char c : message) {
    if (c == '\n') {
      line += "\\n";
    } else if (c == '\r') {
      line += "\\r";
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
      line += buf;
    } else {
      line.push_back(c);
    }
  }
  line.push_back('\n');
  return line;
}

void StderrLogger::log(LogPriority priority, std::string_view message) {
  std::string line = format_log_line(priority, message);
  std::string_view rest = line;
  while (!rest.empty()) {
    ssize_t n = ::write(STDERR_FILENO, rest.data(), rest.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere left to report a failing stderr
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

void MemoryLogger::log(LogPriority priority, std::string_view message) {
  std::lock_guard lock(mu_);
  lines_.push_back(format_log_line(priority, message));
}

std::vector<std::string> MemoryLogger::lines() const {
  std::lock_guard lock(mu_);
  return lines_;
}

}  // namespace targetwatch::core
