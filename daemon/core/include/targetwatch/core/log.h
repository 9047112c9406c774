// Logging: one line per event with a systemd priority prefix ("<6>" info, "<4>" warning, "<3>"
// error).
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace targetwatch::core {

enum class LogPriority { kError = 3, kWarning = 4, kInfo = 6, kDebug = 7 };

/// Where log lines go. Implementations are thread-safe. Callers never pass secrets.
class Logger {
 public:
  virtual ~Logger() = default;
  virtual void log(LogPriority priority, std::string_view message) = 0;
  void info(std::string_view m) { log(LogPriority::kInfo, m); }
  void warning(std::string_view m) { log(LogPriority::kWarning, m); }
  void error(std::string_view m) { log(LogPriority::kError, m); }
};

/// "<N>message\n" with control characters (newlines included) escaped, so one event stays one line.
std::string format_log_line(LogPriority priority, std::string_view message);

/// Writes each line to stderr with a single write(2), so concurrent lines never interleave.
class StderrLogger final : public Logger {
 public:
  void log(LogPriority priority, std::string_view message) override;
};

/// Keeps lines in memory (tests).
class MemoryLogger final : public Logger {
 public:
  void log(LogPriority priority, std::string_view message) override;
  std::vector<std::string> lines() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

}  // namespace targetwatch::core
