// Targets files (TOML, docs/targets-format.md): loading with precise diagnostics, and writing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/model/targets.h"

namespace targetwatch {

/// A problem found while loading: "file:line:column: field: message" (warnings read
/// "file:line:column: field: warning: message"; line and column are omitted when 0).
struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;       ///< 1-based; 0 when not tied to a position
  int column = 0;     ///< 1-based
  std::string field;  ///< dotted path, e.g. "project[2].indicator[1].target"
  std::string message;
  std::string to_string() const;
};

/// The parsed-targets cache: one entry per file content, so that loading unchanged files again
/// decodes the stored result instead of parsing TOML (a province's targets take a second to parse).
struct TargetsCacheOptions {
  std::string dir;  ///< the entries' directory, created when missing; "" = no cache
  /// Names the parser that wrote an entry (part of every key). "" = the GNU build-id of this
  /// program, so a new build never reads an old build's entries; without a build-id the cache is
  /// off. Tests set it to stand for another build.
  std::string parser_fingerprint;
};

/// What the cache did during one load. A cache that cannot be used never fails the load.
struct TargetsCacheReport {
  std::size_t hits = 0;     ///< files decoded from the cache instead of parsed
  std::size_t misses = 0;   ///< files parsed although the cache was on
  std::size_t stored = 0;   ///< entries written (files without errors that missed)
  std::size_t removed = 0;  ///< entries deleted because no file of this load has their content
  std::string problem;      ///< why the cache was (partly) unusable, first reason; "" = none
};

struct TargetsLoad {
  Targets targets;  ///< what could be read (complete only when ok())
  std::vector<Diagnostic> diagnostics;
  TargetsCacheReport cache;  ///< all zero without a cache
  bool ok() const;           ///< no error-severity diagnostic
};

/// Parses one targets file's text. `file_name` is used in diagnostics only. Every problem is
/// reported (TOML syntax errors stop at the first, as toml++ does), in line order; unknown keys
/// are warnings. Pure and reentrant: safe to call from several threads at once.
TargetsLoad parse_targets(std::string_view toml_text, std::string_view file_name);

/// Loads files and directories (every *.toml inside, sorted by name, not recursive). Files of the
/// same department code and fiscal year are merged (project codes unique across them); files of
/// the same department for different fiscal years load side by side as separate Departments
/// (they must share amount_unit).
/// Collects every error of every file; a missing or unreadable path is an error naming it.
/// Dot files (editor lock files) in a directory are skipped. Reentrant.
/// With `cache.dir`, a file whose content was loaded before by this build is decoded from the
/// cache (targets and warnings exactly as parsing would give, with this load's file name); files
/// with errors are never cached, and the checks across files run on every load. Afterwards the
/// entries this load did not use are deleted. Two loads must not share a cache directory at the
/// same time (a load deletes the other's entries: just misses, never wrong data).
TargetsLoad load_targets(const std::vector<std::string>& paths,
                         const TargetsCacheOptions& cache = {});

struct WriteOptions {
  /// Comment lines placed at the top of the file (without "# ").
  std::vector<std::string> header_comments;
};

/// Canonical, commented TOML for one department: stable key order, dates as TOML dates, shares
/// and amounts without float noise, Chinese text unescaped. parse(write(d)) == d (remarks aside).
/// Without header_comments a default header naming the department is written. Preconditions for
/// the exact round trip: valid UTF-8 text (invalid bytes become U+FFFD) and distinct column names
/// within a budget line (a repeated one gets a " (2)" suffix so the TOML stays valid).
std::string write_targets(const Department& department, const WriteOptions& options = {});

}  // namespace targetwatch
