// evaluate(): spending schedule, indicator status and projected score at a date (design.md rules).
#include "targetwatch/evaluate/evaluation.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "plan.h"
#include "targetwatch/model/units.h"

namespace targetwatch {
namespace {

constexpr double kRelTolerance = 1e-9;
// Shares and ratios are compared with this much slack so printed percentages round-trip.
constexpr double kShareEpsilon = 1e-9;

bool approx_equal(double a, double b) {
  return std::fabs(a - b) <= kRelTolerance * std::max(std::fabs(a), std::fabs(b));
}

double finite_or(double x, double fallback) { return std::isfinite(x) ? x : fallback; }

bool is_increasing(Comparator c) {
  return c == Comparator::kGreaterEqual || c == Comparator::kGreater;
}

// Everything about the department and date that all its series share.
struct Context {
  const Department* department = nullptr;
  Date as_of;
  Date year_first;
  Date year_last;
  Date cutoff;  // the last as_of that counts: min(as_of, Dec 31)
  bool year_over = false;
  double elapsed = 0;
  double yuan_per_unit = 1e4;
  const EvaluationSettings* settings = nullptr;
};

// The points of a series that count: as_of within [Jan 1, cutoff].
std::span<const SeriesPoint> in_window(std::span<const SeriesPoint> s, Date first, Date last) {
  const auto lo = std::lower_bound(s.begin(), s.end(), first,
                                   [](const SeriesPoint& p, Date d) { return p.as_of < d; });
  const auto hi =
      std::upper_bound(lo, s.end(), last, [](Date d, const SeriesPoint& p) { return d < p.as_of; });
  return {lo, hi};
}

double level_in(std::span<const SeriesPoint> window, Date date) {
  const auto it = std::upper_bound(window.begin(), window.end(), date,
                                   [](Date d, const SeriesPoint& p) { return d < p.as_of; });
  return it == window.begin() ? 0.0 : (it - 1)->level;
}

ReportAnnotation annotation_of(const ActualRecord* r) {
  if (r == nullptr) return {};
  return ReportAnnotation{r->note, r->cause, r->likelihood, r->forecast, r->measure};
}

struct Judgement {
  IndicatorStatus status = IndicatorStatus::kNoData;
  std::optional<double> attainment;
  bool settled = false;
};

Judgement judge_deadline(const Indicator& ind, std::span<const SeriesPoint> pts,
                         const Context& ctx) {
  Judgement j;
  const Date deadline = ind.deadline.value_or(ctx.year_last);
  std::optional<Date> completed_on;
  // Completion is the start of the trailing run of "done" reports: a re-confirmation later does
  // not move the completion date, a retraction (0 after 1) undoes it.
  for (auto it = pts.rbegin(); it != pts.rend() && it->level >= 1 - kShareEpsilon; ++it) {
    completed_on = it->as_of;
  }
  if (completed_on && *completed_on <= deadline) {
    j.status = IndicatorStatus::kMet;
    j.settled = true;
  } else if (ctx.as_of >= deadline) {
    // A date means the end of that day: at the end of the deadline day it has passed. A missed
    // deadline is not settled (design.md): an old report of it can still go stale.
    j.status = IndicatorStatus::kNotMet;
  } else {
    j.status = IndicatorStatus::kPending;
  }
  if (j.status != IndicatorStatus::kPending || !pts.empty()) {
    j.attainment = j.status == IndicatorStatus::kMet ? 1.0 : 0.0;
  }
  return j;
}

Judgement judge_qualitative(double v, const Context& ctx) {
  Judgement j;
  if (v >= 1 - kShareEpsilon) {
    j.status = IndicatorStatus::kMet;
    j.attainment = 1.0;
  } else if (v <= kShareEpsilon) {
    j.status = IndicatorStatus::kNotMet;
    j.attainment = 0.0;
  } else {
    j.status = ctx.year_over ? IndicatorStatus::kNotMet : IndicatorStatus::kAtRisk;
    j.attainment = std::clamp(v, 0.0, 1.0);
  }
  return j;
}

Judgement judge_numeric(const Indicator& ind, Pace pace, double v, double target,
                        std::optional<double> expected, double tolerance, const Context& ctx) {
  Judgement j;
  const bool holds = comparator_holds(ind.comparator, v, target);
  j.attainment = numeric_attainment(ind.comparator, v, target);
  const bool cumulative = is_increasing(ind.comparator) && pace != Pace::kNone;
  if (pace == Pace::kYearEnd && !ctx.year_over) {
    // Only judged at year end, but a cumulative target already reached stays reached.
    j.status = holds && cumulative ? IndicatorStatus::kMet : IndicatorStatus::kPending;
  } else if (holds) {
    j.status = IndicatorStatus::kMet;
  } else if (pace == Pace::kLinear && is_increasing(ind.comparator) && !ctx.year_over) {
    // Within the tolerance band below expected-to-date is still on track.
    const double floor = expected.value_or(0) * (1 - tolerance);
    j.status = (v >= floor || approx_equal(v, floor)) ? IndicatorStatus::kOnTrack
                                                      : IndicatorStatus::kAtRisk;
  } else {
    j.status = IndicatorStatus::kNotMet;
  }
  j.settled = cumulative && j.status == IndicatorStatus::kMet;
  return j;
}

double valid_tolerance(const std::optional<double>& v) {
  return v && std::isfinite(*v) && *v >= 0 && *v <= 1 ? *v : -1;
}

double indicator_tolerance_for(const Indicator& ind, const Project* p, const Department& d,
                               const EvaluationSettings& s) {
  for (const auto* v :
       {&ind.tolerance, p != nullptr ? &p->indicator_tolerance : nullptr, &d.indicator_tolerance}) {
    if (v != nullptr && valid_tolerance(*v) >= 0) return **v;
  }
  return std::clamp(finite_or(s.indicator_tolerance, 0), 0.0, 1.0);
}

bool is_stale(int age_days, Frequency frequency, const EvaluationSettings& settings) {
  const auto limit = stale_limit_days(frequency, settings);
  return limit && age_days > *limit;
}

IndicatorEvaluation evaluate_indicator(const Indicator& ind, const Project* project,
                                       std::span<const SeriesPoint> series, const Context& ctx) {
  IndicatorEvaluation e;
  e.indicator = &ind;
  e.frequency = effective_frequency(ind, project, *ctx.department, ctx.settings->frequency);
  e.tolerance = indicator_tolerance_for(ind, project, *ctx.department, *ctx.settings);
  const auto pts = in_window(series, ctx.year_first, ctx.cutoff);
  const SeriesPoint* last = pts.empty() ? nullptr : &pts.back();
  const Pace pace = effective_pace(ind);
  // A plain double plus a flag: GCC 12 warns about maybe-uninitialized optionals here.
  const bool has_target = ind.target.has_value() && std::isfinite(*ind.target);
  const double target = has_target ? *ind.target : 0.0;
  const bool linear = pace == Pace::kLinear && is_increasing(ind.comparator);
  if (linear && has_target) e.expected = target * ctx.elapsed;
  if (last != nullptr) {
    e.actual = last->level;
    e.last_report = last->as_of;
    e.report_age_days = ctx.as_of - last->as_of;
    e.annotation = annotation_of(last->record);
  }

  Judgement j;
  if (ind.comparator == Comparator::kDeadline) {
    j = judge_deadline(ind, pts, ctx);
  } else if (last == nullptr) {
    j.status = IndicatorStatus::kNoData;
  } else if (ind.comparator == Comparator::kQualitative) {
    j = judge_qualitative(last->level, ctx);
  } else if (!has_target) {
    j.status = IndicatorStatus::kPending;
  } else {
    j = judge_numeric(ind, pace, last->level, target, e.expected, e.tolerance, ctx);
  }
  e.underlying_status = j.status;
  e.attainment_ratio = j.attainment;
  e.settled = j.settled || ctx.year_over;

  if (ctx.year_over) {
    e.progress = j.status == IndicatorStatus::kPending ? 1.0 : j.attainment.value_or(0);
  } else {
    switch (j.status) {
      case IndicatorStatus::kNoData:
        e.progress = 0;
        break;
      case IndicatorStatus::kMet:
      case IndicatorStatus::kPending:
        e.progress = 1;
        break;
      case IndicatorStatus::kOnTrack:
      case IndicatorStatus::kAtRisk:
        if (linear && e.actual && e.expected) {
          e.progress = *e.expected > 0 ? std::clamp(*e.actual / *e.expected, 0.0, 1.0) : 1.0;
        } else if (j.status == IndicatorStatus::kOnTrack) {
          e.progress = 1;
        } else {
          e.progress = j.attainment.value_or(0);
        }
        break;
      case IndicatorStatus::kNotMet:
      case IndicatorStatus::kStale:
        e.progress = j.attainment.value_or(0);
        break;
    }
  }
  e.progress = std::clamp(finite_or(e.progress, 0), 0.0, 1.0);

  e.status = j.status;
  if (last != nullptr && !e.settled && is_stale(*e.report_age_days, e.frequency, *ctx.settings)) {
    e.status = IndicatorStatus::kStale;
  }
  e.covered = e.status != IndicatorStatus::kNoData;
  if (!e.covered) {
    // As if the last report had been made on the eve of the fiscal year.
    e.overdue = is_stale(ctx.as_of - ctx.year_first.plus_days(-1), e.frequency, *ctx.settings);
  }
  return e;
}

// Spreads the level weights over the indicators present; budget execution is always present.
// Returns the budget-execution weight.
double assign_weights(std::vector<IndicatorEvaluation>& indicators,
                      const ScoreWeights& configured) {
  ScoreWeights w = configured;
  if (!(w.budget_execution >= 0 && w.output >= 0 && w.effect >= 0 && w.satisfaction >= 0)) {
    w = ScoreWeights{};
  }
  std::array<int, 3> counts{};  // output (incl. other), effect, satisfaction
  const auto bucket = [](const Indicator& ind) {
    switch (classify_level(ind.level1, ind.level2)) {
      case IndicatorLevel::kEffect:
        return 1;
      case IndicatorLevel::kSatisfaction:
        return 2;
      case IndicatorLevel::kOutput:
      case IndicatorLevel::kOther:
        return 0;
    }
    return 0;
  };
  for (const auto& e : indicators) ++counts[bucket(*e.indicator)];
  const std::array<double, 3> level_weight{w.output, w.effect, w.satisfaction};
  double total = w.budget_execution;
  for (int i = 0; i < 3; ++i) {
    if (counts[i] > 0) total += level_weight[i];
  }
  if (!(total > 0) || !std::isfinite(total)) {
    return assign_weights(indicators, ScoreWeights{});
  }
  const double scale = 100.0 / total;
  for (auto& e : indicators) {
    const int b = bucket(*e.indicator);
    e.nominal_weight = level_weight[b] * scale / counts[b];
  }
  return w.budget_execution * scale;
}

struct Scored {
  double budget_execution_score = 0;
  double score = 0;
  double coverage = 0;
  std::string grade;
};

// The score with coverage (design.md "Projected score"): during the year what was not reported
// leaves the score and its weight is spread over the rest in proportion; after the year every
// weight stays where it is and no data scores 0.
Scored score_with_coverage(double budget_weight, bool budget_covered, double budget_progress,
                           std::vector<IndicatorEvaluation>& indicators, bool year_over) {
  double covered = budget_covered ? budget_weight : 0;
  double total = budget_weight;
  for (const auto& e : indicators) {
    total += e.nominal_weight;
    if (e.covered) covered += e.nominal_weight;
  }
  Scored out;
  out.coverage = total > 0 ? std::clamp(covered / total, 0.0, 1.0) : 0;
  // During the year, a weight scales by 1 / coverage; nothing covered scores nothing.
  const double scale = year_over ? 1.0 : (out.coverage > 0 ? 1.0 / out.coverage : 0.0);
  const auto effective = [&](double nominal, bool is_covered) {
    return year_over ? nominal : (is_covered ? nominal * scale : 0.0);
  };
  out.budget_execution_score = effective(budget_weight, budget_covered) * budget_progress;
  double s = out.budget_execution_score;
  for (auto& e : indicators) {
    e.weight = effective(e.nominal_weight, e.covered);
    e.score = e.weight * e.progress;
    s += e.score;
  }
  out.score = std::clamp(finite_or(s, 0), 0.0, 100.0);
  out.grade = (year_over || out.coverage > 0) ? std::string(grade_for(out.score)) : std::string();
  return out;
}

double execution_progress(double budget, double spent_ratio, double planned_ratio) {
  if (!(budget > 0) || !(planned_ratio > 0)) return 1.0;
  return std::clamp(spent_ratio / planned_ratio, 0.0, 1.0);
}

double lag_tolerance_for(const Project& p, const Department& d, const EvaluationSettings& s) {
  const auto valid = [](const std::optional<double>& v) { return v && std::isfinite(*v); };
  if (valid(p.lag_tolerance)) return *p.lag_tolerance;
  if (valid(d.lag_tolerance)) return *d.lag_tolerance;
  return s.lag_tolerance;
}

ProjectEvaluation evaluate_project(const Project& p, const ActualsIndex& index,
                                   const Context& ctx) {
  const Department& d = *ctx.department;
  const EvaluationSettings& settings = *ctx.settings;
  ProjectEvaluation pe;
  pe.project = &p;
  const double budget = finite_or(p.budget, 0);
  const bool has_budget = budget > 0;
  pe.budget_yuan = budget * ctx.yuan_per_unit;

  const auto spending =
      in_window(index.series(d.code, p.code, kSpendingIndicator), ctx.year_first, ctx.cutoff);
  const double spent = spending.empty() ? 0.0 : spending.back().level;
  pe.spent_yuan = spent * ctx.yuan_per_unit;
  if (!spending.empty()) {
    pe.last_spending_report = spending.back().as_of;
    pe.spending_annotation = annotation_of(spending.back().record);
    pe.spending_stale = !ctx.year_over && is_stale(ctx.as_of - spending.back().as_of,
                                                   settings.frequency.spending, settings);
  }
  if (spending.empty() && has_budget) {
    pe.spending_overdue =
        is_stale(ctx.as_of - ctx.year_first.plus_days(-1), settings.frequency.spending, settings);
  }
  // The split by fund source, when it was reported (监控表: 财政拨款 / 其他资金).
  const auto split = [&](FundSource fund, double plan, std::optional<double>& yuan,
                         std::optional<double>& ratio) {
    const auto s = in_window(index.series(d.code, p.code, kSpendingIndicator, fund), ctx.year_first,
                             ctx.cutoff);
    if (s.empty()) return;
    yuan = s.back().level * ctx.yuan_per_unit;
    if (std::isfinite(plan) && plan > 0) ratio = s.back().level / plan;
  };
  split(FundSource::kFiscal, p.fiscal_funds, pe.fiscal_spent_yuan, pe.fiscal_spent_ratio);
  split(FundSource::kOther, p.other_funds, pe.other_spent_yuan, pe.other_spent_ratio);

  const detail::NormalizedPlan plan = detail::normalize_plan(p.spending_plan, d.fiscal_year);
  pe.planned_ratio = detail::planned_at(plan, ctx.as_of);
  pe.required_ratio = detail::required_at(plan, ctx.as_of);
  pe.lag_tolerance = lag_tolerance_for(p, d, settings);
  if (has_budget) {
    pe.spent_ratio = spent / budget;
    pe.lag_ratio = pe.planned_ratio - pe.spent_ratio;
    pe.checkpoint_missed = pe.spent_ratio < pe.required_ratio - kShareEpsilon;
    pe.lag_exceeded = pe.lag_ratio > pe.lag_tolerance + kShareEpsilon;
    pe.overspent = pe.spent_ratio > 1 + kShareEpsilon;
  } else {
    pe.overspent = spent > 0;
  }
  pe.behind_schedule = pe.checkpoint_missed || pe.lag_exceeded;

  pe.next_checkpoint = detail::next_after(plan, ctx.as_of);
  if (!ctx.year_over) {
    std::optional<Checkpoint> aim = pe.next_checkpoint;
    if (!aim && ctx.as_of < ctx.year_last && !plan.checkpoints.empty()) {
      aim = Checkpoint{ctx.year_last, plan.checkpoints.back().share};
    }
    if (aim) {
      const Date from = std::max(ctx.as_of, ctx.year_first.plus_days(-1));
      const int days = std::max(1, aim->by - from);
      const double need = aim->share * pe.budget_yuan - pe.spent_yuan;
      pe.required_daily_spend_yuan = std::max(0.0, need / days);
    }
  }

  const Date window_end = ctx.cutoff;
  const Date window_start =
      std::max(ctx.as_of.plus_days(-settings.pace_window_days), ctx.year_first.plus_days(-1));
  if (has_budget && window_end > window_start) {
    const double spent_window = spent - level_in(spending, window_start);
    const double planned_window =
        detail::planned_at(plan, window_end) - detail::planned_at(plan, window_start);
    if (planned_window > kShareEpsilon) {
      pe.recent_pace_ratio = spent_window / (planned_window * budget);
    }
    // At the recent pace relative to the plan, so a plan's seasonality (the usual Q4 rush) is
    // kept: what is left of the plan, times the pace.
    const double remaining = 1.0 - pe.planned_ratio;
    if (pe.recent_pace_ratio) {
      pe.projected_year_end_ratio = pe.spent_ratio + *pe.recent_pace_ratio * remaining;
    } else if (remaining <= kShareEpsilon) {
      pe.projected_year_end_ratio = pe.spent_ratio;
    }
  }
  if (ctx.year_over && has_budget) pe.projected_year_end_ratio = pe.spent_ratio;

  pe.indicators.reserve(p.indicators.size());
  for (const Indicator& ind : p.indicators) {
    pe.indicators.push_back(evaluate_indicator(ind, &p, index.series(d.code, p.code, ind.id), ctx));
    if (pe.indicators.back().status == IndicatorStatus::kStale) ++pe.stale_count;
    if (pe.indicators.back().status == IndicatorStatus::kNoData) ++pe.no_data_count;
  }
  if (pe.spending_stale) ++pe.stale_count;
  const double budget_weight = assign_weights(pe.indicators, settings.weights);
  // Without a budget nothing is due, so budget execution is judged (full marks) all the same.
  const bool budget_covered = !has_budget || !spending.empty();
  const Scored scored = score_with_coverage(
      budget_weight, budget_covered, execution_progress(budget, pe.spent_ratio, pe.planned_ratio),
      pe.indicators, ctx.year_over);
  pe.budget_execution_score = scored.budget_execution_score;
  pe.score = scored.score;
  pe.score_coverage_ratio = scored.coverage;
  pe.grade = scored.grade;
  return pe;
}

DepartmentEvaluation evaluate_department(const Department& d, const ActualsIndex& index, Date as_of,
                                         const EvaluationSettings& settings) {
  Context ctx;
  ctx.department = &d;
  ctx.as_of = as_of;
  ctx.year_first = Date::first_of_year(d.fiscal_year);
  ctx.year_last = Date::last_of_year(d.fiscal_year);
  ctx.cutoff = std::min(as_of, ctx.year_last);
  // A date means the end of that day, so at the end of Dec 31 the fiscal year is over.
  ctx.year_over = as_of >= ctx.year_last;
  ctx.elapsed = elapsed_share(d.fiscal_year, as_of);
  ctx.yuan_per_unit = yuan_per(d.amount_unit).value_or(1e4);
  ctx.settings = &settings;

  DepartmentEvaluation de;
  de.department = &d;
  de.fiscal_year = d.fiscal_year;
  de.elapsed_ratio = ctx.elapsed;
  bool any_spending = false;
  de.projects.reserve(d.projects.size());
  for (const Project& p : d.projects) {
    ProjectEvaluation pe = evaluate_project(p, index, ctx);
    de.budget_yuan += pe.budget_yuan;
    de.spent_yuan += pe.spent_yuan;
    de.planned_yuan += pe.planned_ratio * pe.budget_yuan;
    de.required_yuan += pe.required_ratio * pe.budget_yuan;
    if (pe.behind_schedule) ++de.behind_schedule_count;
    if (pe.last_spending_report) any_spending = true;
    de.stale_count += pe.stale_count;
    de.no_data_count += pe.no_data_count;
    de.projects.push_back(std::move(pe));
  }
  if (de.budget_yuan > 0) {
    de.spent_ratio = de.spent_yuan / de.budget_yuan;
    de.planned_ratio = de.planned_yuan / de.budget_yuan;
    de.required_ratio = de.required_yuan / de.budget_yuan;
  }
  de.indicators.reserve(d.indicators.size());
  for (const Indicator& ind : d.indicators) {
    de.indicators.push_back(
        evaluate_indicator(ind, nullptr, index.series(d.code, "", ind.id), ctx));
    if (de.indicators.back().status == IndicatorStatus::kStale) ++de.stale_count;
    if (de.indicators.back().status == IndicatorStatus::kNoData) ++de.no_data_count;
  }
  const double budget_weight = assign_weights(de.indicators, settings.weights);
  const Scored scored =
      score_with_coverage(budget_weight, !(de.budget_yuan > 0) || any_spending,
                          execution_progress(de.budget_yuan, de.spent_ratio, de.planned_ratio),
                          de.indicators, ctx.year_over);
  de.budget_execution_score = scored.budget_execution_score;
  de.score = scored.score;
  de.score_coverage_ratio = scored.coverage;
  de.grade = scored.grade;

  // The projects' half of the headline: budget-weighted, so a large project counts for more.
  const bool by_budget = de.budget_yuan > 0;
  double weight_sum = 0, score_sum = 0, coverage_weight = 0, coverage_sum = 0;
  for (const ProjectEvaluation& pe : de.projects) {
    const double w = by_budget ? pe.budget_yuan : 1.0;
    coverage_weight += w;
    coverage_sum += w * pe.score_coverage_ratio;
    if (!ctx.year_over && !(pe.score_coverage_ratio > 0)) continue;
    weight_sum += w;
    score_sum += w * pe.score;
  }
  if (weight_sum > 0) {
    de.projects_score = std::clamp(finite_or(score_sum / weight_sum, 0), 0.0, 100.0);
    de.projects_grade = std::string(grade_for(de.projects_score));
  }
  if (coverage_weight > 0) {
    de.projects_score_coverage_ratio =
        std::clamp(finite_or(coverage_sum / coverage_weight, 0), 0.0, 1.0);
  }
  return de;
}

}  // namespace

std::string_view to_string(IndicatorStatus s) {
  switch (s) {
    case IndicatorStatus::kMet:
      return "met";
    case IndicatorStatus::kOnTrack:
      return "on_track";
    case IndicatorStatus::kAtRisk:
      return "at_risk";
    case IndicatorStatus::kNotMet:
      return "not_met";
    case IndicatorStatus::kPending:
      return "pending";
    case IndicatorStatus::kNoData:
      return "no_data";
    case IndicatorStatus::kStale:
      return "stale";
  }
  return "no_data";
}

bool comparator_holds(Comparator comparator, double actual, double target) {
  switch (comparator) {
    case Comparator::kGreaterEqual:
      return actual > target || approx_equal(actual, target);
    case Comparator::kGreater:
      return actual > target && !approx_equal(actual, target);
    case Comparator::kLessEqual:
      return actual < target || approx_equal(actual, target);
    case Comparator::kLess:
      return actual < target && !approx_equal(actual, target);
    case Comparator::kEqual:
      return approx_equal(actual, target);
    case Comparator::kQualitative:
    case Comparator::kDeadline:
      return actual >= 1 - kShareEpsilon;
  }
  return false;
}

double numeric_attainment(Comparator comparator, double actual, double target) {
  if (comparator_holds(comparator, actual, target)) return 1.0;
  double ratio = 0;
  switch (comparator) {
    case Comparator::kGreaterEqual:
    case Comparator::kGreater:
      ratio = target > 0 ? actual / target : 0;
      break;
    case Comparator::kLessEqual:
    case Comparator::kLess:
      ratio = (target > 0 && actual > 0) ? target / actual : 0;
      break;
    case Comparator::kEqual:
      if ((actual > 0 && target > 0) || (actual < 0 && target < 0)) {
        ratio = std::min(std::fabs(actual), std::fabs(target)) /
                std::max(std::fabs(actual), std::fabs(target));
      }
      break;
    case Comparator::kQualitative:
    case Comparator::kDeadline:
      ratio = std::clamp(actual, 0.0, 1.0);
      break;
  }
  return std::clamp(finite_or(ratio, 0), 0.0, 1.0);
}

double elapsed_share(int fiscal_year, Date date) {
  return static_cast<double>(detail::elapsed_days(fiscal_year, date)) /
         static_cast<double>(days_in_year(fiscal_year));
}

double planned_share(const SpendingPlan& plan, int fiscal_year, Date date) {
  return detail::planned_at(detail::normalize_plan(plan, fiscal_year), date);
}

double required_share(const SpendingPlan& plan, int fiscal_year, Date date) {
  return detail::required_at(detail::normalize_plan(plan, fiscal_year), date);
}

std::string_view grade_for(double score) {
  if (score >= 90 - kShareEpsilon) return "优";
  if (score >= 80 - kShareEpsilon) return "良";
  if (score >= 60 - kShareEpsilon) return "中";
  return "差";
}

bool year_closed(int fiscal_year, Date date, int close_after_days) {
  return date > Date::last_of_year(fiscal_year).plus_days(std::max(0, close_after_days));
}

Frequency default_frequency(const Indicator& indicator, const FrequencyDefaults& defaults) {
  if (indicator.comparator == Comparator::kDeadline) return defaults.deadline;
  if (classify_level(indicator.level1, indicator.level2) == IndicatorLevel::kSatisfaction) {
    return defaults.satisfaction;
  }
  return defaults.other;
}

Frequency effective_frequency(const Indicator& indicator, const Project* project,
                              const Department& department, const FrequencyDefaults& defaults) {
  if (indicator.frequency) return *indicator.frequency;
  if (project != nullptr && project->frequency) return *project->frequency;
  if (department.frequency) return *department.frequency;
  return default_frequency(indicator, defaults);
}

std::optional<int> stale_limit_days(Frequency frequency, const EvaluationSettings& settings) {
  if (settings.stale_after_days) return *settings.stale_after_days;
  const auto period = period_days(frequency);
  if (!period) return std::nullopt;
  return *period + std::max(0, settings.stale_grace_days);
}

Evaluation evaluate(std::shared_ptr<const Targets> targets, const ActualsIndex& actuals, Date as_of,
                    const EvaluationSettings& settings, std::optional<int> fiscal_year) {
  Evaluation ev;
  ev.as_of = as_of;
  ev.elapsed_ratio = elapsed_share(as_of.year(), as_of);
  ev.targets = std::move(targets);
  if (!ev.targets) return ev;
  const auto& all = ev.targets->departments;
  std::vector<const Department*> chosen;
  if (fiscal_year) {
    for (const Department& d : all) {
      if (d.fiscal_year == *fiscal_year) chosen.push_back(&d);
    }
  } else {
    for (const Department& d : all) {
      bool take = !year_closed(d.fiscal_year, as_of, settings.close_after_days);
      if (!take) {
        // All years of this department closed: its latest year stays on the monitor.
        bool other_open = false;
        int latest = d.fiscal_year;
        for (const Department& o : all) {
          if (o.code != d.code) continue;
          other_open |= !year_closed(o.fiscal_year, as_of, settings.close_after_days);
          latest = std::max(latest, o.fiscal_year);
        }
        take = !other_open && latest == d.fiscal_year;
      }
      if (take) chosen.push_back(&d);
    }
  }
  // The headline share is that of the fiscal year being monitored when there is one.
  if (!chosen.empty() && std::all_of(chosen.begin(), chosen.end(), [&](const Department* d) {
        return d->fiscal_year == chosen.front()->fiscal_year;
      })) {
    ev.elapsed_ratio = elapsed_share(chosen.front()->fiscal_year, as_of);
  }
  ev.departments.reserve(chosen.size());
  for (const Department* d : chosen) {
    ev.departments.push_back(evaluate_department(*d, actuals, as_of, settings));
  }
  return ev;
}

}  // namespace targetwatch
