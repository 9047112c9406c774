// Helpers for config tests: finding diagnostics, fixture paths and scratch directories.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "targetwatch/config/targets_file.h"

namespace targetwatch::test {

inline std::string fixture(const std::string& name) {
  return std::string(TARGETWATCH_FIXTURES) + "/config/" + name;
}

inline std::string source_file(const std::string& relative) {
  return std::string(TARGETWATCH_SOURCE_DIR) + "/" + relative;
}

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Counts the diagnostics of `severity` at `line` whose field contains `field` and message
/// contains `message`.
inline int count(const std::vector<Diagnostic>& diagnostics, Diagnostic::Severity severity,
                 int line, const std::string& field, const std::string& message = "") {
  int n = 0;
  for (const auto& d : diagnostics) {
    if (d.severity == severity && d.line == line && d.field.find(field) != std::string::npos &&
        d.message.find(message) != std::string::npos) {
      ++n;
    }
  }
  return n;
}

inline int errors_at(const std::vector<Diagnostic>& d, int line, const std::string& field,
                     const std::string& message = "") {
  return count(d, Diagnostic::Severity::kError, line, field, message);
}

inline int warnings_at(const std::vector<Diagnostic>& d, int line, const std::string& field,
                       const std::string& message = "") {
  return count(d, Diagnostic::Severity::kWarning, line, field, message);
}

inline int error_count(const std::vector<Diagnostic>& diagnostics) {
  int n = 0;
  for (const auto& d : diagnostics) n += d.severity == Diagnostic::Severity::kError;
  return n;
}

inline std::string dump(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += d.to_string() + "\n";
  return out;
}

/// A fresh directory under the system temp dir, removed when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("tw-config-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string write(const std::string& name, const std::string& text) const {
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace targetwatch::test
