// The evaluation snapshot as a terminal table for finance officers.
#pragma once

#include <string>

#include "targetwatch/evaluate/evaluation.h"

namespace targetwatch {

/// One block per department, separated by a blank line: a title line (code, name, fiscal year,
/// as-of date, elapsed share, totals), the column headers, then one row per project (money in
/// 万元) followed by its indicator rows, and the department-wide indicators first. Every line
/// of a block has the same display width (CJK characters count as two columns); long names
/// are cut with "…" at a character boundary. Pure and thread-safe.
std::string snapshot_to_table(const Evaluation& evaluation);

}  // namespace targetwatch
