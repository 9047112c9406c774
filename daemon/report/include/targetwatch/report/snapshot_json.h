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
/// Lamp values: "red", "yellow", "green", "grey" (未报送, level -1), "stale" (数据过期, level -2);
/// see warning.h. Each department carries fiscal_year (one entry per department and year; the
/// root lists "fiscal_years"), score_coverage_ratio next to every score, the headline's
/// projects_score / projects_score_coverage_ratio, stale_count / no_data_count, and
/// project_lamp_counts / indicator_lamp_counts with grey and stale on their own. To show one
/// fiscal year (?fiscal_year=), evaluate with evaluate()'s fiscal_year selector.
/// This overload uses the default rules (plan only); pass the department's lamps (compute_lamps
/// with the configured WarningPolicy) to the other.
std::string snapshot_to_json(const Evaluation& evaluation);
/// `lamps` must come from compute_lamps(evaluation, ...).
std::string snapshot_to_json(const Evaluation& evaluation, const EvaluationLamps& lamps);

}  // namespace targetwatch
