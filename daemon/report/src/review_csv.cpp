// render_review_csv: the review as one flat table (a row per line of the monitoring form).
#include <array>
#include <charconv>
#include <cmath>
#include <sstream>

#include "review_text.h"
#include "targetwatch/report/csv.h"
#include "targetwatch/report/review.h"

namespace targetwatch {
namespace {

// Column order is part of the output format (golden tests, spreadsheets built on it): new
// columns go at the end. Each column has its machine name and its Chinese header.
struct Column {
  std::string_view en;
  std::string_view zh;
};
constexpr std::array kColumns = {
    Column{"department", "部门编码"},
    Column{"department_name", "部门名称"},
    Column{"as_of", "截至日期"},
    Column{"row", "行类型"},
    Column{"project", "项目编码"},
    Column{"project_name", "项目名称"},
    Column{"indicator", "指标编号"},
    Column{"level1", "一级指标"},
    Column{"level2", "二级指标"},
    Column{"name", "三级指标"},
    Column{"comparator", "比较方式"},
    Column{"target", "年度指标值"},
    Column{"unit", "计量单位"},
    Column{"target_text", "指标值（文字）"},
    Column{"actual", "实际完成"},
    Column{"expected", "序时应完成"},
    Column{"projected", "全年预计"},
    Column{"projected_basis", "预计依据"},
    Column{"status", "状态"},
    Column{"underlying_status", "过期前状态"},
    Column{"lamp", "预警"},
    Column{"warnings", "预警明细"},
    Column{"attention", "需关注"},
    Column{"change", "变化"},
    Column{"previous_lamp", "上期预警"},
    Column{"budget_yuan", "预算（元）"},
    Column{"spent_yuan", "已支出（元）"},
    Column{"spent_ratio", "执行率"},
    Column{"planned_ratio", "计划进度"},
    Column{"required_ratio", "应达进度"},
    Column{"lag_ratio", "偏差"},
    Column{"elapsed_ratio", "序时进度"},
    Column{"time_progress_pct", "执行率/序时进度（%）"},
    Column{"next_checkpoint", "下一检查点"},
    Column{"next_checkpoint_share", "下一检查点进度"},
    Column{"required_daily_spend_yuan", "每日需支出（元）"},
    Column{"projected_year_end_ratio", "按近期进度预计年末执行率"},
    Column{"weight", "权重"},
    Column{"score", "得分"},
    Column{"grade", "等级"},
    Column{"last_report", "最近填报"},
    Column{"cause", "偏差原因类别"},
    Column{"likelihood", "完成可能性"},
    Column{"forecast", "全年预测"},
    Column{"measure", "整改措施"},
    Column{"note", "说明"},
    Column{"fiscal_year", "年度"},
    Column{"frequency", "填报频次"},
    Column{"score_coverage_ratio", "得分覆盖率"},
    Column{"fiscal_spent_ratio", "财政拨款执行率"},
    Column{"other_spent_ratio", "其他资金执行率"},
    Column{"projects_score", "项目平均得分"},
    Column{"projects_score_coverage_ratio", "项目得分覆盖率"},
};
constexpr std::size_t kColumnCount = kColumns.size();

using Row = std::array<std::string, kColumnCount>;

std::size_t col(std::string_view name) {
  for (std::size_t i = 0; i < kColumnCount; ++i) {
    if (kColumns[i].en == name) return i;
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

void write(std::ostringstream& o, const Row& r) {
  for (std::size_t i = 0; i < kColumnCount; ++i) {
    if (i) o << ',';
    o << csv_cell(r[i]);
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
  set(r, "fiscal_year", std::to_string(d.fiscal_year));
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
  set(r, "frequency", std::string(to_string(i.frequency)));
  if (i.last_report) set(r, "last_report", i.last_report->iso());
  annotation(r, i.annotation);
  return r;
}

}  // namespace

std::string render_review_csv(const ReviewReport& report, CsvHeaders headers) {
  std::ostringstream o;
  const bool chinese = headers == CsvHeaders::kChinese;
  // The BOM tells Excel the file is UTF-8; scripts reading the English form get none.
  if (chinese) o << "\xEF\xBB\xBF";
  Row head{};
  for (std::size_t i = 0; i < kColumnCount; ++i) {
    head[i] = chinese ? kColumns[i].zh : kColumns[i].en;
  }
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
                        " grey=" + std::to_string(d.project_lamps.grey) +
                        " stale=" + std::to_string(d.project_lamps.stale) +
                        "; indicators red=" + std::to_string(d.indicator_lamps.red) +
                        " yellow=" + std::to_string(d.indicator_lamps.yellow) +
                        " green=" + std::to_string(d.indicator_lamps.green) +
                        " grey=" + std::to_string(d.indicator_lamps.grey) +
                        " stale=" + std::to_string(d.indicator_lamps.stale) +
                        "; no_data=" + std::to_string(d.no_data_count) +
                        " stale=" + std::to_string(d.stale_count);
    set(r, "warnings", lamps);
    set(r, "score", num(d.score, kMoney));
    set(r, "grade", d.grade);
    set(r, "score_coverage_ratio", num(d.score_coverage_ratio, kRatio));
    set(r, "projects_score", num(d.projects_score, kMoney));
    set(r, "projects_score_coverage_ratio", num(d.projects_score_coverage_ratio, kRatio));
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
      set(sr, "score_coverage_ratio", num(p.score_coverage_ratio, kRatio));
      set(sr, "fiscal_spent_ratio", num(s.fiscal_spent_ratio, kRatio));
      set(sr, "other_spent_ratio", num(s.other_spent_ratio, kRatio));
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
