// What parsing one targets file yields before the merge: the department and where things were.
#pragma once

#include <optional>
#include <vector>

#include "targetwatch/model/targets.h"

namespace targetwatch::config_detail {

struct Position {
  int line = 0;
  int column = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

// Where things were found in one file, for the checks that span files.
struct FilePositions {
  Position fiscal_year;
  Position amount_unit;
  Position name;
  std::vector<Position> project_codes;  // parallel to Department::projects
  std::vector<Position> indicator_ids;  // parallel to Department::indicators
  friend bool operator==(const FilePositions&, const FilePositions&) = default;
};

// Everything the merge needs of one file; the targets cache stores exactly this (plus the file's
// warnings), so what it holds must be a function of the file's text alone.
struct ParsedFile {
  std::optional<Department> department;
  FilePositions positions;
  friend bool operator==(const ParsedFile&, const ParsedFile&) = default;
};

}  // namespace targetwatch::config_detail
