// build_review: the monthly review report's data, from an Evaluation, its lamps and last month's.
#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "review_text.h"
#include "targetwatch/report/review.h"

namespace targetwatch {
namespace {

using detail::figure;

bool is_increasing(Comparator c) {
  return c == Comparator::kGreaterEqual || c == Comparator::kGreater;
}

// What a reported value means for the indicator's comparator, in words.
std::string value_text(const Indicator& ind, double v) {
  switch (ind.comparator) {
    case Comparator::kQualitative:
      if (v >= 1 - 1e-9) return "达成";
      if (v <= 1e-9) return "未达成";
      return "部分达成";
    case Comparator::kDeadline:
      return v >= 1 - 1e-9 ? "已完成" : "未完成";
    default:
      return figure(v) + ind.unit;
  }
}

std::string target_text(const Indicator& ind) {
  switch (ind.comparator) {
    case Comparator::kQualitative:
      return ind.expected.empty() ? "定性" : ind.expected;
    case Comparator::kDeadline:
      return ind.deadline ? ind.deadline->iso() + "前完成" : "年底前完成";
    default:
      if (!ind.target) return std::string(detail::kDash);
      return std::string(detail::comparator_symbol(ind.comparator)) + figure(*ind.target) +
             ind.unit;
  }
}

// No data is only a matter for the meeting once the first report is overdue by the indicator's
// frequency (a yearly survey is not missing in June).
Attention indicator_attention(Lamp lamp, const IndicatorEvaluation& e) {
  if (lamp == Lamp::kRed) return Attention::kRed;
  if (lamp == Lamp::kYellow) return Attention::kYellow;
  if (lamp == Lamp::kStale) return Attention::kStale;
  if (lamp == Lamp::kGrey && e.overdue) return Attention::kNoData;
  return Attention::kNone;
}

// The spending line: red / yellow by its rules; stale or never reported when no rule judged it.
Attention lamp_attention(Lamp lamp) {
  if (lamp == Lamp::kRed) return Attention::kRed;
  if (lamp == Lamp::kYellow) return Attention::kYellow;
  if (lamp == Lamp::kStale) return Attention::kStale;
  if (lamp == Lamp::kGrey) return Attention::kNoData;
  return Attention::kNone;
}

// Red first, then yellow, then no data and stale together (in form order).
int attention_rank(Attention a) {
  switch (a) {
    case Attention::kRed:
      return 0;
    case Attention::kYellow:
      return 1;
    case Attention::kNoData:
    case Attention::kStale:
      return 2;
    case Attention::kNone:
      return 3;
  }
  return 3;
}

int change_rank(LampChange c) { return static_cast<int>(c); }

std::string lamp_key(std::string_view project, std::string_view subject) {
  std::string k(project);
  k += '\x1f';
  k += subject;
  return k;
}

using LampMap = std::map<std::string, Lamp, std::less<>>;

LampMap lamps_of(const DepartmentLamps& dl) {
  LampMap m;
  const DepartmentEvaluation& d = *dl.department;
  for (std::size_t i = 0; i < d.indicators.size(); ++i) {
    m[lamp_key("", d.indicators[i].indicator->id)] = dl.indicators[i];
  }
  for (const ProjectLamps& pl : dl.projects) {
    const std::string& code = pl.project->project->code;
    m[lamp_key(code, kSpendingIndicator)] = pl.lamp;
    for (std::size_t i = 0; i < pl.indicators.size(); ++i) {
      m[lamp_key(code, pl.project->indicators[i].indicator->id)] = pl.indicators[i];
    }
  }
  return m;
}

ReviewIndicator review_indicator(const IndicatorEvaluation& e, Lamp lamp, int fiscal_year,
                                 Date as_of) {
  const Indicator& ind = *e.indicator;
  ReviewIndicator r;
  r.id = ind.id;
  r.level1 = ind.level1;
  r.level2 = ind.level2;
  r.name = ind.name;
  r.comparator = ind.comparator;
  r.target = ind.target;
  r.unit = ind.unit;
  r.target_text = target_text(ind);
  r.actual = e.actual;
  if (e.actual) r.actual_text = value_text(ind, *e.actual);
  r.expected = e.expected;
  r.attainment_ratio = e.attainment_ratio;
  r.status = e.status;
  r.underlying_status = e.underlying_status;
  r.frequency = e.frequency;
  r.lamp = lamp;
  r.attention = indicator_attention(lamp, e);
  r.last_report = e.last_report;
  r.weight = e.weight;
  r.score = e.score;
  r.annotation = e.annotation;

  const bool linear = effective_pace(ind) == Pace::kLinear && is_increasing(ind.comparator);
  if (e.annotation.forecast && std::isfinite(*e.annotation.forecast)) {
    r.projected = *e.annotation.forecast;
    r.projected_basis = ProjectionBasis::kForecast;
  } else if (e.actual) {
    r.projected = *e.actual;
    r.projected_basis = ProjectionBasis::kLatest;
    const double share = e.last_report ? elapsed_share(fiscal_year, *e.last_report) : 0;
    if (linear && as_of <= Date::last_of_year(fiscal_year) && share > 0 && share < 1) {
      r.projected = *e.actual / share;
      r.projected_basis = ProjectionBasis::kLinear;
    }
  }
  if (r.projected) r.projected_text = value_text(ind, *r.projected);
  return r;
}

ReviewSpending review_spending(const ProjectEvaluation& p, const DepartmentEvaluation& d,
                               Date as_of, const ActualsIndex* actuals) {
  const Project& proj = *p.project;
  const int year = d.department->fiscal_year;
  ReviewSpending s;
  s.budget_yuan = p.budget_yuan;
  s.spent_yuan = p.spent_yuan;
  s.spent_ratio = p.spent_ratio;
  s.planned_ratio = p.planned_ratio;
  s.required_ratio = p.required_ratio;
  s.lag_ratio = p.lag_ratio;
  s.lag_tolerance = p.lag_tolerance;
  s.checkpoint_missed = p.checkpoint_missed;
  s.lag_exceeded = p.lag_exceeded;
  s.overspent = p.overspent;
  s.next_checkpoint = p.next_checkpoint;
  s.required_daily_spend_yuan = p.required_daily_spend_yuan;
  s.recent_pace_ratio = p.recent_pace_ratio;
  s.projected_year_end_ratio = p.projected_year_end_ratio;
  if (p.budget_yuan > 0 && d.elapsed_ratio > 0) {
    s.time_progress_pct = p.spent_ratio / d.elapsed_ratio * 100;
  }
  s.last_report = p.last_spending_report;
  s.stale = p.spending_stale;
  s.annotation = p.spending_annotation;
  const double per_unit = proj.budget > 0 ? p.budget_yuan / proj.budget : 0;
  s.split_plan = proj.fiscal_funds > 0 && proj.other_funds > 0;
  s.fiscal_funds_yuan = proj.fiscal_funds * per_unit;
  s.other_funds_yuan = proj.other_funds * per_unit;
  s.fiscal_spent_yuan = p.fiscal_spent_yuan;
  s.other_spent_yuan = p.other_spent_yuan;
  s.fiscal_spent_ratio = p.fiscal_spent_ratio;
  s.other_spent_ratio = p.other_spent_ratio;

  // The plan as evaluated: planned_share at its own vertices is the normalized plan.
  const Date first = Date::first_of_year(year);
  const Date last = Date::last_of_year(year);
  s.plan_path.push_back({first.plus_days(-1), 0.0});
  for (const Checkpoint& c : proj.spending_plan) {
    if (c.by < first || c.by > last || !std::isfinite(c.share)) continue;
    const Checkpoint v{c.by, planned_share(proj.spending_plan, year, c.by)};
    s.checkpoints.push_back(v);
  }
  std::sort(s.checkpoints.begin(), s.checkpoints.end(),
            [](const Checkpoint& a, const Checkpoint& b) { return a.by < b.by; });
  s.checkpoints.erase(
      std::unique(s.checkpoints.begin(), s.checkpoints.end(),
                  [](const Checkpoint& a, const Checkpoint& b) { return a.by == b.by; }),
      s.checkpoints.end());
  for (const Checkpoint& c : s.checkpoints) {
    if (c.by != last) s.plan_path.push_back(c);
  }
  s.plan_path.push_back({last, planned_share(proj.spending_plan, year, last)});

  const double budget = proj.budget;
  const Date cutoff = std::min(as_of, last);
  if (actuals != nullptr && budget > 0 && std::isfinite(budget)) {
    for (const SeriesPoint& pt :
         actuals->series(d.department->code, proj.code, kSpendingIndicator)) {
      if (pt.as_of < first || pt.as_of > cutoff) continue;
      s.spent_path.push_back({pt.as_of, pt.level / budget});
    }
  } else if (p.last_spending_report) {
    s.spent_path.push_back({*p.last_spending_report, p.spent_ratio});
  }
  return s;
}

std::string indicator_detail(const ReviewIndicator& r) {
  std::string s(detail::status_label(r.status));
  if (r.status == IndicatorStatus::kStale) {
    s += "（" + std::string(detail::status_label(r.underlying_status)) + "）";
  }
  s += "：目标 " + r.target_text;
  if (!r.actual_text.empty()) s += "，实际 " + r.actual_text;
  if (r.expected) s += "，序时应完成 " + figure(*r.expected) + r.unit;
  if (r.last_report) s += "，最近填报 " + r.last_report->iso();
  return s;
}

std::string spending_detail(const ReviewProject& p) {
  std::string s;
  for (const RuleLamp& r : p.rules) {
    if (r.lamp == Lamp::kGreen) continue;
    // Grey and stale say the same under every rule (no current figure): once is enough.
    if ((r.lamp == Lamp::kGrey || r.lamp == Lamp::kStale) && s.find(r.reason) != std::string::npos)
      continue;
    if (!s.empty()) s += "；";
    if (r.lamp == Lamp::kGrey || r.lamp == Lamp::kStale) {
      s += r.reason;
    } else {
      s += std::string(detail::rule_label(r.rule)) + std::string(lamp_label(r.lamp)) + "：" +
           r.reason;
    }
  }
  return s;
}

ReviewDepartment review_department(const DepartmentEvaluation& d, const DepartmentLamps& lamps,
                                   const DepartmentLamps* previous, Date as_of,
                                   const ActualsIndex* actuals, const WarningRules& rules) {
  const Department& dep = *d.department;
  ReviewDepartment out;
  out.code = dep.code;
  out.name = dep.name;
  out.fiscal_year = dep.fiscal_year;
  out.amount_unit = dep.amount_unit;
  out.elapsed_ratio = d.elapsed_ratio;
  out.budget_yuan = d.budget_yuan;
  out.spent_yuan = d.spent_yuan;
  out.planned_yuan = d.planned_yuan;
  out.required_yuan = d.required_yuan;
  out.spent_ratio = d.spent_ratio;
  out.planned_ratio = d.planned_ratio;
  out.required_ratio = d.required_ratio;
  if (d.budget_yuan > 0 && d.elapsed_ratio > 0) {
    out.time_progress_pct = d.spent_ratio / d.elapsed_ratio * 100;
  }
  for (WarningRule r : rules.rules) {
    if (std::find(out.rules.begin(), out.rules.end(), r) == out.rules.end()) out.rules.push_back(r);
  }
  out.budget_execution_score = d.budget_execution_score;
  out.score = d.score;
  out.score_coverage_ratio = d.score_coverage_ratio;
  out.grade = d.grade;
  out.projects_score = d.projects_score;
  out.projects_score_coverage_ratio = d.projects_score_coverage_ratio;
  out.projects_grade = d.projects_grade;

  const LampMap before = previous != nullptr ? lamps_of(*previous) : LampMap{};
  const auto previous_lamp = [&](std::string_view project,
                                 std::string_view subject) -> std::optional<Lamp> {
    if (previous == nullptr) return std::nullopt;
    const auto it = before.find(lamp_key(project, subject));
    return it == before.end() ? Lamp::kGreen : it->second;  // new lines were not lit before
  };
  const auto track = [&](ReviewIndicator& r, std::string_view project) {
    r.previous_lamp = previous_lamp(project, r.id);
    if (r.previous_lamp) r.change = lamp_change(*r.previous_lamp, r.lamp);
    out.indicator_lamps.add(r.lamp);
    if (r.status == IndicatorStatus::kNoData) ++out.no_data_count;
    if (r.status == IndicatorStatus::kStale) ++out.stale_count;
  };

  const int year = dep.fiscal_year;
  for (std::size_t i = 0; i < d.indicators.size(); ++i) {
    out.indicators.push_back(review_indicator(d.indicators[i], lamps.indicators[i], year, as_of));
    track(out.indicators.back(), "");
  }
  for (std::size_t k = 0; k < d.projects.size(); ++k) {
    const ProjectEvaluation& pe = d.projects[k];
    const ProjectLamps& pl = lamps.projects[k];
    ReviewProject p;
    p.code = pe.project->code;
    p.name = pe.project->name;
    p.spending = review_spending(pe, d, as_of, actuals);
    p.rules = pl.rules;
    p.lamp = pl.lamp;
    p.overall = pl.overall();
    p.attention = lamp_attention(pl.lamp);
    if (p.attention == Attention::kNoData && !pe.spending_overdue) p.attention = Attention::kNone;
    p.previous_lamp = previous_lamp(p.code, kSpendingIndicator);
    if (p.previous_lamp) p.change = lamp_change(*p.previous_lamp, p.lamp);
    p.budget_execution_score = pe.budget_execution_score;
    p.score = pe.score;
    p.score_coverage_ratio = pe.score_coverage_ratio;
    p.grade = pe.grade;
    p.stale_count = pe.stale_count;
    p.no_data_count = pe.no_data_count;
    out.project_lamps.add(p.lamp);
    for (std::size_t i = 0; i < pe.indicators.size(); ++i) {
      p.indicators.push_back(review_indicator(pe.indicators[i], pl.indicators[i], year, as_of));
      track(p.indicators.back(), p.code);
    }
    out.projects.push_back(std::move(p));
  }

  // The problems, in form order, then ranked: red, yellow, no data / stale. Red and yellow are
  // one item each; stale and overdue no-data lines are one item per project (or block), so
  // indicators measured quarterly or yearly do not drown the list.
  const auto add_indicator_items = [&](const std::vector<ReviewIndicator>& inds,
                                       const std::string& code, const std::string& name) {
    for (const ReviewIndicator& r : inds) {
      if (r.attention != Attention::kRed && r.attention != Attention::kYellow) continue;
      out.attention.push_back(
          {r.attention, r.lamp, code, name, r.id, r.name, indicator_detail(r), r.annotation});
    }
    for (Attention kind : {Attention::kNoData, Attention::kStale}) {
      ReviewItem group;
      group.attention = kind;
      group.lamp = kind == Attention::kStale ? Lamp::kStale : Lamp::kGrey;
      group.project_code = code;
      group.project_name = name;
      group.count = 0;
      for (const ReviewIndicator& r : inds) {
        if (r.attention != kind) continue;
        if (group.count++ > 0) group.detail += "；";
        group.detail += r.name;
        if (kind == Attention::kStale && r.last_report) {
          group.detail += "（最近填报 " + r.last_report->iso() + "，" +
                          std::string(detail::frequency_label(r.frequency)) + "）";
        }
      }
      if (group.count == 0) continue;
      group.subject = std::string(kind == Attention::kStale ? "数据过期" : "逾期未报送") + " " +
                      std::to_string(group.count) + " 项指标";
      out.attention.push_back(std::move(group));
    }
  };
  const auto add_change = [&](LampChange c, const std::string& code, const std::string& name,
                              const std::string& id, const std::string& subject, Lamp before_lamp,
                              Lamp after_lamp) {
    if (c != LampChange::kNone) {
      out.changes.push_back({c, code, name, id, subject, before_lamp, after_lamp});
    }
  };
  add_indicator_items(out.indicators, "", "");
  for (const ReviewIndicator& r : out.indicators) {
    if (r.previous_lamp) add_change(r.change, "", "", r.id, r.name, *r.previous_lamp, r.lamp);
  }
  for (const ReviewProject& p : out.projects) {
    if (p.attention != Attention::kNone) {
      out.attention.push_back({p.attention, p.lamp, p.code, p.name, std::string(kSpendingIndicator),
                               "资金执行", spending_detail(p), p.spending.annotation});
    }
    add_indicator_items(p.indicators, p.code, p.name);
    if (p.previous_lamp) {
      add_change(p.change, p.code, p.name, std::string(kSpendingIndicator), "资金执行",
                 *p.previous_lamp, p.lamp);
    }
    for (const ReviewIndicator& r : p.indicators) {
      if (r.previous_lamp)
        add_change(r.change, p.code, p.name, r.id, r.name, *r.previous_lamp, r.lamp);
    }
  }
  std::stable_sort(out.attention.begin(), out.attention.end(),
                   [](const ReviewItem& a, const ReviewItem& b) {
                     return attention_rank(a.attention) < attention_rank(b.attention);
                   });
  std::stable_sort(out.changes.begin(), out.changes.end(),
                   [](const ReviewChange& a, const ReviewChange& b) {
                     return change_rank(a.change) < change_rank(b.change);
                   });
  return out;
}

}  // namespace

std::optional<ReviewFormat> parse_review_format(std::string_view name) {
  if (name == "html") return ReviewFormat::kHtml;
  if (name == "md" || name == "markdown") return ReviewFormat::kMarkdown;
  if (name == "csv") return ReviewFormat::kCsv;
  if (name == "xlsx") return ReviewFormat::kXlsx;
  return std::nullopt;
}

std::string_view to_string(ReviewFormat format) {
  switch (format) {
    case ReviewFormat::kHtml:
      return "html";
    case ReviewFormat::kMarkdown:
      return "md";
    case ReviewFormat::kCsv:
      return "csv";
    case ReviewFormat::kXlsx:
      return "xlsx";
  }
  return "html";
}

std::string_view media_type(ReviewFormat format) {
  switch (format) {
    case ReviewFormat::kHtml:
      return "text/html; charset=utf-8";
    case ReviewFormat::kMarkdown:
      return "text/markdown; charset=utf-8";
    case ReviewFormat::kCsv:
      return "text/csv; charset=utf-8";
    case ReviewFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

std::string_view file_extension(ReviewFormat format) {
  switch (format) {
    case ReviewFormat::kHtml:
      return ".html";
    case ReviewFormat::kMarkdown:
      return ".md";
    case ReviewFormat::kCsv:
      return ".csv";
    case ReviewFormat::kXlsx:
      return ".xlsx";
  }
  return "";
}

Date previous_month_end(Date date) {
  return date.month() == 1 ? Date::last_of_year(date.year() - 1)
                           : Date::end_of_month(date.year(), date.month() - 1);
}

std::string_view to_string(ProjectionBasis basis) {
  switch (basis) {
    case ProjectionBasis::kNone:
      return "";
    case ProjectionBasis::kForecast:
      return "forecast";
    case ProjectionBasis::kLinear:
      return "linear";
    case ProjectionBasis::kLatest:
      return "latest";
  }
  return "";
}

std::string_view to_string(Attention attention) {
  switch (attention) {
    case Attention::kNone:
      return "";
    case Attention::kRed:
      return "red";
    case Attention::kYellow:
      return "yellow";
    case Attention::kNoData:
      return "no_data";
    case Attention::kStale:
      return "stale";
  }
  return "";
}

std::string_view to_string(LampChange change) {
  switch (change) {
    case LampChange::kNone:
      return "";
    case LampChange::kNewlyRed:
      return "newly_red";
    case LampChange::kNewlyYellow:
      return "newly_yellow";
    case LampChange::kImproved:
      return "improved";
    case LampChange::kRecovered:
      return "recovered";
  }
  return "";
}

LampChange lamp_change(Lamp before, Lamp after) {
  if (before == after) return LampChange::kNone;
  switch (after) {
    case Lamp::kRed:
      return LampChange::kNewlyRed;
    case Lamp::kYellow:
      return before == Lamp::kRed ? LampChange::kImproved : LampChange::kNewlyYellow;
    case Lamp::kGreen:
      return before == Lamp::kRed || before == Lamp::kYellow ? LampChange::kRecovered
                                                             : LampChange::kNone;
    case Lamp::kGrey:
    case Lamp::kStale:
      return LampChange::kNone;
  }
  return LampChange::kNone;
}

void LampCounts::add(Lamp lamp) {
  switch (lamp) {
    case Lamp::kRed:
      ++red;
      break;
    case Lamp::kYellow:
      ++yellow;
      break;
    case Lamp::kGreen:
      ++green;
      break;
    case Lamp::kGrey:
      ++grey;
      break;
    case Lamp::kStale:
      ++stale;
      break;
  }
}

std::optional<CsvHeaders> parse_csv_headers(std::string_view name) {
  if (name == "zh") return CsvHeaders::kChinese;
  if (name == "en") return CsvHeaders::kEnglish;
  return std::nullopt;
}

ReviewReport build_review(const Evaluation& current, const Evaluation* previous,
                          const ActualsIndex* actuals, const ReviewOptions& options) {
  ReviewReport report;
  report.as_of = current.as_of;
  report.elapsed_ratio = current.elapsed_ratio;
  if (previous != nullptr) report.previous_as_of = previous->as_of;
  const EvaluationLamps lamps = compute_lamps(current, options.warnings);
  const EvaluationLamps before =
      previous != nullptr ? compute_lamps(*previous, options.warnings) : EvaluationLamps{};
  for (std::size_t i = 0; i < current.departments.size(); ++i) {
    const DepartmentEvaluation& d = current.departments[i];
    const Department& dep = *d.department;
    if (options.department && *options.department != dep.code) continue;
    if (options.fiscal_year && *options.fiscal_year != dep.fiscal_year) continue;
    const DepartmentLamps* prev = nullptr;
    for (const DepartmentLamps& b : before.departments) {
      const Department& bd = *b.department->department;
      if (bd.code == dep.code && bd.fiscal_year == dep.fiscal_year) prev = &b;
    }
    report.departments.push_back(review_department(d, lamps.departments[i], prev, current.as_of,
                                                   actuals, rules_for(options.warnings, dep.code)));
  }
  return report;
}

ReviewReport review_at(std::shared_ptr<const Targets> targets, const ActualsIndex& actuals,
                       Date as_of, const EvaluationSettings& settings,
                       const ReviewOptions& options) {
  const Evaluation current = evaluate(targets, actuals, as_of, settings, options.fiscal_year);
  const Evaluation previous = evaluate(std::move(targets), actuals, previous_month_end(as_of),
                                       settings, options.fiscal_year);
  return build_review(current, &previous, &actuals, options);
}

Result<std::string> render_review(const ReviewReport& report, ReviewFormat format,
                                  CsvHeaders headers) {
  switch (format) {
    case ReviewFormat::kHtml:
      return render_review_html(report);
    case ReviewFormat::kMarkdown:
      return render_review_markdown(report);
    case ReviewFormat::kCsv:
      return render_review_csv(report, headers);
    case ReviewFormat::kXlsx:
      return render_review_xlsx(report);
  }
  return Error{"unknown report format"};
}

Result<std::string> render_review(const Evaluation& current, const Evaluation* previous,
                                  const ActualsIndex* actuals, const ReviewOptions& options,
                                  ReviewFormat format, CsvHeaders headers) {
  return render_review(build_review(current, previous, actuals, options), format, headers);
}

}  // namespace targetwatch
