// Test files: fixture paths under tests/fixtures, repository paths, whole-file reads and writes.
#pragma once

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace targetwatch::test {

/// tests/fixtures/<relative>.
inline std::string fixture_path(const std::string& relative) {
  return std::string(TARGETWATCH_FIXTURES) + "/" + relative;
}

/// <repository>/<relative>.
inline std::string source_path(const std::string& relative) {
  return std::string(TARGETWATCH_SOURCE_DIR) + "/" + relative;
}

/// The bytes of a file; throws (a test setup failure) when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The bytes of tests/fixtures/<relative>.
inline std::string read_fixture(const std::string& relative) {
  return read_file(fixture_path(relative));
}

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace targetwatch::test
