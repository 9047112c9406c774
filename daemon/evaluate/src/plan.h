// Spending-plan geometry: a plan normalized once per project, then sampled at any date.
#pragma once

#include <optional>
#include <vector>

#include "targetwatch/model/date.h"
#include "targetwatch/model/targets.h"

namespace targetwatch::detail {

/// A plan made safe to sample: checkpoints clamped into the fiscal year, sorted, one per date
/// (the highest share wins), shares clamped to [0, 1] and made non-decreasing, and the implied
/// (Dec 31, 1.0) point appended unless the plan already ends at 1.0.
struct NormalizedPlan {
  int fiscal_year = 0;
  int days_in_year = 365;
  std::vector<Checkpoint> checkpoints;
  std::vector<int> positions;  ///< days elapsed at the end of each checkpoint's day (1..days)
};

NormalizedPlan normalize_plan(const SpendingPlan& plan, int fiscal_year);

/// Days of the fiscal year elapsed at the end of `date`, clamped to [0, days_in_year]:
/// the end of Dec 31 of the previous year is 0, the end of Mar 31 is 90 (non-leap).
int elapsed_days(int fiscal_year, Date date);

double planned_at(const NormalizedPlan& plan, Date date);
double required_at(const NormalizedPlan& plan, Date date);
/// The first checkpoint dated after `date`, if any.
std::optional<Checkpoint> next_after(const NormalizedPlan& plan, Date date);

}  // namespace targetwatch::detail
