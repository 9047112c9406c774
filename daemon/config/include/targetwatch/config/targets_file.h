// Targets files (TOML, docs/targets-format.md): loading with precise diagnostics, and writing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/model/targets.h"

namespace targetwatch {

/// A problem found while loading: "file:line:column: field: message".
struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;    ///< 1-based; 0 when not tied to a position
  int column = 0;  ///< 1-based
  std::string field;  ///< dotted path, e.g. "project[2].indicator[1].target"
  std::string message;
  std::string to_string() const;
};

struct TargetsLoad {
  Targets targets;  ///< what could be read (complete only when ok())
  std::vector<Diagnostic> diagnostics;
  bool ok() const;  ///< no error-severity diagnostic
};

/// Parses one targets file's text. `file_name` is used in diagnostics only.
TargetsLoad parse_targets(std::string_view toml_text, std::string_view file_name);

/// Loads files and directories (every *.toml inside, sorted by name, not recursive). Files of the
/// same department code are merged (fiscal years must match; project codes unique across them).
/// Collects every error of every file.
TargetsLoad load_targets(const std::vector<std::string>& paths);

struct WriteOptions {
  /// Comment lines placed at the top of the file (without "# ").
  std::vector<std::string> header_comments;
};

/// Canonical, commented TOML for one department: stable key order, dates as TOML dates, shares
/// and amounts without float noise, Chinese text unescaped. parse(write(d)) == d (remarks aside).
std::string write_targets(const Department& department, const WriteOptions& options = {});

}  // namespace targetwatch
