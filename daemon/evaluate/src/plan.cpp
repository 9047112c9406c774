// Spending-plan geometry: normalization, piecewise-linear planned share, due checkpoints.
#include "plan.h"

#include <algorithm>
#include <cmath>

namespace targetwatch::detail {
namespace {

// A plan counts as ending at 1.0 despite rounding in the printed percentages ("100%").
constexpr double kFullShare = 1.0 - 1e-9;

}  // namespace

int elapsed_days(int fiscal_year, Date date) {
  const Date day_zero = Date::first_of_year(fiscal_year).plus_days(-1);
  const int n = days_in_year(fiscal_year);
  return std::clamp(static_cast<int>(date - day_zero), 0, n);
}

NormalizedPlan normalize_plan(const SpendingPlan& plan, int fiscal_year) {
  NormalizedPlan out;
  out.fiscal_year = fiscal_year;
  out.days_in_year = days_in_year(fiscal_year);
  const Date first = Date::first_of_year(fiscal_year);
  const Date last = Date::last_of_year(fiscal_year);

  std::vector<Checkpoint> points;
  points.reserve(plan.size() + 1);
  for (const Checkpoint& c : plan) {
    if (!std::isfinite(c.share)) continue;
    points.push_back(Checkpoint{std::clamp(c.by, first, last), std::clamp(c.share, 0.0, 1.0)});
  }
  std::stable_sort(points.begin(), points.end(),
                   [](const Checkpoint& a, const Checkpoint& b) { return a.by < b.by; });
  double running = 0;
  for (const Checkpoint& c : points) {
    running = std::max(running, c.share);
    if (!out.checkpoints.empty() && out.checkpoints.back().by == c.by) {
      out.checkpoints.back().share = running;
    } else {
      out.checkpoints.push_back(Checkpoint{c.by, running});
    }
  }
  if (out.checkpoints.empty() || out.checkpoints.back().share < kFullShare) {
    if (!out.checkpoints.empty() && out.checkpoints.back().by == last) {
      out.checkpoints.back().share = 1.0;
    } else {
      out.checkpoints.push_back(Checkpoint{last, 1.0});
    }
  }
  out.positions.reserve(out.checkpoints.size());
  for (const Checkpoint& c : out.checkpoints) {
    out.positions.push_back(elapsed_days(fiscal_year, c.by));
  }
  return out;
}

double planned_at(const NormalizedPlan& plan, Date date) {
  const int x = elapsed_days(plan.fiscal_year, date);
  int x0 = 0;
  double s0 = 0;
  for (std::size_t i = 0; i < plan.checkpoints.size(); ++i) {
    const int x1 = plan.positions[i];
    const double s1 = plan.checkpoints[i].share;
    if (x <= x1) {
      if (x1 == x0) return s1;
      return s0 + (s1 - s0) * static_cast<double>(x - x0) / static_cast<double>(x1 - x0);
    }
    x0 = x1;
    s0 = s1;
  }
  return s0;  // past the last checkpoint of a plan that ended at 1.0 early
}

double required_at(const NormalizedPlan& plan, Date date) {
  double share = 0;
  for (const Checkpoint& c : plan.checkpoints) {
    if (c.by > date) break;
    share = c.share;
  }
  return share;
}

std::optional<Checkpoint> next_after(const NormalizedPlan& plan, Date date) {
  for (const Checkpoint& c : plan.checkpoints) {
    if (c.by > date) return c;
  }
  return std::nullopt;
}

}  // namespace targetwatch::detail
