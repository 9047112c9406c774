// The evaluation snapshot as JSON (GET /api/v1/status, `targetwatch evaluate --format json`).
#pragma once

#include <string>

#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/evaluate/warning.h"

namespace targetwatch {

/// Serializes `evaluation` in the shape of design.md "Evaluation snapshot" (those field names
/// are the contract) plus extra fields: annotations, schedule flags, pace, department totals
/// and status counts. Dates are "YYYY-MM-DD"; absent optionals are null; ratios are rounded to
/// 4 decimals, yuan and scores to 2, computed expectations to 4, reported figures to 6.
/// Pure and thread-safe; the output is UTF-8 without a trailing newline.
/// Lamps: each project carries "warnings" (rule -> level 0 green, 1 yellow, 2 red, the value of
/// targetwatch_project_warning_level), "warning_level" (the worst of them) and
/// "warning_details" (rule -> {lamp, value, reason}); each indicator "lamp" and "warning_level".
/// This overload uses the default rules (plan only); pass the department's lamps (compute_lamps
/// with the configured WarningPolicy) to the other.
std::string snapshot_to_json(const Evaluation& evaluation);
/// `lamps` must come from compute_lamps(evaluation, ...).
std::string snapshot_to_json(const Evaluation& evaluation, const EvaluationLamps& lamps);

}  // namespace targetwatch
