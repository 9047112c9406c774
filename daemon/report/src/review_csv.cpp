// render_review_csv: the review as one flat table (a row per line of the monitoring form).
#include <array>
#include <charconv>
#include <cmath>
#include <sstream>

#include "review_text.h"
#include "targetwatch/report/review.h"

namespace targetwatch {
namespace {

// Column order is part of the output format (golden tests, spreadsheets built on it).
constexpr std::array kColumns = {"department",
                                 "department_name",
                                 "as_of",
                                 "row",
                                 "project",
                                 "project_name",
                                 "indicator",
                                 "level1",
                                 "level2",
                                 "name",
                                 "comparator",
                                 "target",
                                 "unit",
                                 "target_text",
                                 "actual",
                                 "expected",
                                 "projected",
                                 "projected_basis",
                                 "status",
                                 "underlying_status",
                                 "lamp",
                                 "warnings",
                                 "attention",
                                 "change",
                                 "previous_lamp",
                                 "budget_yuan",
                                 "spent_yuan",
                                 "spent_ratio",
                                 "planned_ratio",
                                 "required_ratio",
                                 "lag_ratio",
                                 "elapsed_ratio",
                                 "time_progress_pct",
                                 "next_checkpoint",
                                 "next_checkpoint_share",
                                 "required_daily_spend_yuan",
                                 "projected_year_end_ratio",
                                 "weight",
                                 "score",
                                 "grade",
                                 "last_report",
                                 "cause",
                                 "likelihood",
                                 "forecast",
                                 "measure",
                                 "note"};
constexpr std::size_t kColumnCount = kColumns.size();

using Row = std::array<std::string, kColumnCount>;

std::size_t col(std::string_view name) {
  for (std::size_t i = 0; i < kColumnCount; ++i) {
    if (kColumns[i] == name) return i;
  }
  return kColumnCount;  // a typo in this file: at() throws in tests
}

// Numbers rounded like the status JSON (ratios 4, yuan and scores 2, figures 6 decimals),
// in the shortest form that reads back as the same double.
std::string num(double x, int digits) {
  if (!std::isfinite(x)) return "";
  const double scale = std::pow(10.0, digits);
  double r = std::round(x * scale) / scale;
  if (r == 0) r = 0;  // no "-0"
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, r);
  return std::string(buf, res.ptr);
}

std::string num(const std::optional<double>& x, int digits) {
  return x ? num(*x, digits) : std::string();
}

constexpr int kRatio = 4;
constexpr int kMoney = 2;
constexpr int kFigure = 6;
constexpr int kComputed = 4;

std::string quoted(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void write(std::ostringstream& o, const Row& r) {
  for (std::size_t i = 0; i < kColumnCount; ++i) {
    if (i) o << ',';
    o << quoted(r[i]);
  }
  o << "\r\n";
}

void set(Row& r, std::string_view column, std::string value) {
  r.at(col(column)) = std::move(value);
}

void annotation(Row& r, const ReportAnnotation& a) {
  set(r, "cause", a.cause);
  set(r, "likelihood", a.likelihood);
  set(r, "forecast", num(a.forecast, kFigure));
  set(r, "measure", a.measure);
  set(r, "note", a.note);
}

Row base(const ReviewReport& report, const ReviewDepartment& d, std::string_view kind) {
  Row r{};
  set(r, "department", d.code);
  set(r, "department_name", d.name);
  set(r, "as_of", report.as_of.iso());
  set(r, "row", std::string(kind));
  return r;
}

Row indicator_row(const ReviewReport& report, const ReviewDepartment& d, std::string_view kind,
                  const ReviewIndicator& i, const std::string& code, const std::string& name) {
  Row r = base(report, d, kind);
  set(r, "project", code);
  set(r, "project_name", name);
  set(r, "indicator", i.id);
  set(r, "level1", i.level1);
  set(r, "level2", i.level2);
  set(r, "name", i.name);
  set(r, "comparator", std::string(to_string(i.comparator)));
  set(r, "target", num(i.target, kFigure));
  set(r, "unit", i.unit);
  set(r, "target_text", i.target_text);
  set(r, "actual", num(i.actual, kFigure));
  set(r, "expected", num(i.expected, kComputed));
  set(r, "projected", num(i.projected, kComputed));
  set(r, "projected_basis", std::string(to_string(i.projected_basis)));
  set(r, "status", std::string(to_string(i.status)));
  set(r, "underlying_status", std::string(to_string(i.underlying_status)));
  set(r, "lamp", std::string(to_string(i.lamp)));
  set(r, "attention", std::string(to_string(i.attention)));
  set(r, "change", std::string(to_string(i.change)));
  if (i.previous_lamp) set(r, "previous_lamp", std::string(to_string(*i.previous_lamp)));
  set(r, "weight", num(i.weight, kMoney));
  set(r, "score", num(i.score, kMoney));
  if (i.last_report) set(r, "last_report", i.last_report->iso());
  annotation(r, i.annotation);
  return r;
}

}  // namespace

std::string render_review_csv(const ReviewReport& report) {
  std::ostringstream o;
  Row head{};
  for (std::size_t i = 0; i < kColumnCount; ++i) head[i] = kColumns[i];
  write(o, head);
  for (const ReviewDepartment& d : report.departments) {
    Row r = base(report, d, "department");
    set(r, "budget_yuan", num(d.budget_yuan, kMoney));
    set(r, "spent_yuan", num(d.spent_yuan, kMoney));
    set(r, "spent_ratio", num(d.spent_ratio, kRatio));
    set(r, "planned_ratio", num(d.planned_ratio, kRatio));
    set(r, "required_ratio", num(d.required_ratio, kRatio));
    set(r, "lag_ratio", num(d.planned_ratio - d.spent_ratio, kRatio));
    set(r, "elapsed_ratio", num(d.elapsed_ratio, kRatio));
    set(r, "time_progress_pct", num(d.time_progress_pct, 2));
    std::string lamps = "projects red=" + std::to_string(d.project_lamps.red) +
                        " yellow=" + std::to_string(d.project_lamps.yellow) +
                        " green=" + std::to_string(d.project_lamps.green) +
                        "; indicators red=" + std::to_string(d.indicator_lamps.red) +
                        " yellow=" + std::to_string(d.indicator_lamps.yellow) +
                        " green=" + std::to_string(d.indicator_lamps.green) +
                        "; no_data=" + std::to_string(d.no_data_count) +
                        " stale=" + std::to_string(d.stale_count);
    set(r, "warnings", lamps);
    set(r, "score", num(d.score, kMoney));
    set(r, "grade", d.grade);
    write(o, r);
    for (const ReviewIndicator& i : d.indicators) {
      write(o, indicator_row(report, d, "department_indicator", i, "", ""));
    }
    for (const ReviewProject& p : d.projects) {
      const ReviewSpending& s = p.spending;
      Row sr = base(report, d, "spending");
      set(sr, "project", p.code);
      set(sr, "project_name", p.name);
      set(sr, "indicator", std::string(kSpendingIndicator));
      set(sr, "name", "资金执行");
      set(sr, "lamp", std::string(to_string(p.lamp)));
      std::string rules;
      for (const RuleLamp& rl : p.rules) {
        if (!rules.empty()) rules += ';';
        rules += std::string(to_string(rl.rule)) + "=" + std::string(to_string(rl.lamp));
      }
      set(sr, "warnings", rules);
      set(sr, "attention", std::string(to_string(p.attention)));
      set(sr, "change", std::string(to_string(p.change)));
      if (p.previous_lamp) set(sr, "previous_lamp", std::string(to_string(*p.previous_lamp)));
      set(sr, "budget_yuan", num(s.budget_yuan, kMoney));
      set(sr, "spent_yuan", num(s.spent_yuan, kMoney));
      set(sr, "spent_ratio", num(s.spent_ratio, kRatio));
      set(sr, "planned_ratio", num(s.planned_ratio, kRatio));
      set(sr, "required_ratio", num(s.required_ratio, kRatio));
      set(sr, "lag_ratio", num(s.lag_ratio, kRatio));
      set(sr, "elapsed_ratio", num(d.elapsed_ratio, kRatio));
      set(sr, "time_progress_pct", num(s.time_progress_pct, 2));
      if (s.next_checkpoint) {
        set(sr, "next_checkpoint", s.next_checkpoint->by.iso());
        set(sr, "next_checkpoint_share", num(s.next_checkpoint->share, kRatio));
      }
      set(sr, "required_daily_spend_yuan", num(s.required_daily_spend_yuan, kMoney));
      set(sr, "projected_year_end_ratio", num(s.projected_year_end_ratio, kRatio));
      set(sr, "weight", "");
      set(sr, "score", num(p.score, kMoney));
      set(sr, "grade", p.grade);
      if (s.last_report) set(sr, "last_report", s.last_report->iso());
      annotation(sr, s.annotation);
      write(o, sr);
      for (const ReviewIndicator& i : p.indicators) {
        write(o, indicator_row(report, d, "indicator", i, p.code, p.name));
      }
    }
  }
  return o.str();
}

}  // namespace targetwatch
