// GET /projects/<code>: one project's monitoring form, chart, and the history of every figure.
#include <algorithm>

#include "page.h"

namespace targetwatch::web {

using namespace detail;

namespace {

// A long history shows its latest reports; the JSON API has them all.
constexpr std::size_t kHistoryRows = 60;

// The reported points of one series up to `as_of` (the page's date), newest first, with the
// change from the point before.
std::string history_table(const ActualsIndex& actuals, std::string_view department,
                          std::string_view project, std::string_view indicator,
                          std::string_view unit, Date as_of) {
  auto series = actuals.series(department, project, indicator);
  const auto later = std::find_if(series.begin(), series.end(),
                                  [&](const SeriesPoint& p) { return p.as_of > as_of; });
  series = series.first(static_cast<std::size_t>(later - series.begin()));
  if (series.empty()) return "<p class=\"muted\">截至该日尚无填报。</p>";
  std::string o = "<table class=\"history\">" +
                  thead({"截至日期", "填报值", "累计值", "较上次", "修订号", "报送来源", "接收时间",
                         "偏差原因", "完成可能性", "整改措施"},
                        "_rrrr") +
                  "<tbody>";
  const std::size_t n = series.size();
  const std::size_t shown = std::min(n, kHistoryRows);
  for (std::size_t k = 0; k < shown; ++k) {
    const std::size_t i = n - 1 - k;
    const SeriesPoint& point = series[i];
    const ActualRecord* r = point.record;
    std::string change;
    if (i > 0) {
      const double delta = point.level - series[i - 1].level;
      change = (delta > 0 ? "+" : "") + figure(delta);
    }
    std::string reported = figure(point.reported) + std::string(unit);
    if (point.mode == RecordMode::kIncrement) reported += "（增量）";
    std::string why;
    if (r != nullptr) {
      ReportAnnotation a;
      a.cause = r->cause;
      a.note = r->note;
      why = cause_text(a);
    }
    o += "<tr>" + td(point.as_of.iso()) + td(reported, true) +
         td(figure(point.level) + std::string(unit), true) + td(change, true) +
         td(r ? std::to_string(r->revision) : "", true) + td(r ? r->source : "") +
         td(r ? utc_time(r->received_unix) : "") + td(why) + td(r ? r->likelihood : "") +
         td(r ? r->measure : "") + "</tr>";
  }
  o += "</tbody></table>";
  if (shown < n) {
    o += "<p class=\"muted\">仅显示最近 " + std::to_string(shown) + " 次（共 " + std::to_string(n) +
         " 次）。</p>";
  }
  return o;
}

void project_part(std::string& o, const core::View& view, const ReviewDepartment& d,
                  const ReviewProject& p, Date as_of) {
  const ReviewSpending& s = p.spending;
  o += "<section class=\"fiscal-year\" data-year=\"" + std::to_string(d.fiscal_year) + "\"><h2>" +
       std::to_string(d.fiscal_year) + " 年度 · 资金执行 " + lamp_span(p.lamp) + "</h2>";
  o += "<div class=\"project-head\"><div class=\"figures\"><ul class=\"rules\">";
  for (const RuleLamp& r : p.rules) {
    o += "<li>" + std::string(rule_label(r.rule)) + "：" + lamp_span(r.lamp) + " " +
         html_escape(r.reason) + "</li>";
  }
  o += "<li>预计得分：" + fixed(p.score, 2) + "（" + html_escape(p.grade) + "），资金执行得分 " +
       fixed(p.budget_execution_score, 2) + "</li></ul>";
  o += "<table class=\"spending\"><tbody><tr><th>预算（万元）</th>" +
       td_html(wan(s.budget_yuan), "num budget") + "<th>已支出（万元）</th>" +
       td_html(wan(s.spent_yuan), "num spent") + "</tr><tr><th>执行率</th>" +
       td_html(percent(s.spent_ratio), "num spent-ratio") + "<th>执行率/序时进度</th>" +
       td(s.time_progress_pct ? fixed(*s.time_progress_pct, 1) + "%" : "", true) +
       "</tr><tr><th>计划进度</th>" + td(percent(s.planned_ratio), true) + "<th>应达进度</th>" +
       td(percent(s.required_ratio), true) + "</tr><tr><th>偏差</th>" +
       td(percent(s.lag_ratio), true) + "<th>按近期进度预计年末</th>" +
       td(percent(s.projected_year_end_ratio), true) + "</tr><tr><th>下一检查点</th>" +
       td(checkpoint_text(s.next_checkpoint)) + "<th>每日需支出（元）</th>" +
       td(s.required_daily_spend_yuan ? grouped(*s.required_daily_spend_yuan) : "", true) +
       "</tr><tr><th>最近填报</th>" + td(s.last_report ? s.last_report->iso() : "") +
       "<th>资金偏差原因</th>" + td(cause_text(s.annotation)) + "</tr><tr><th>完成可能性</th>" +
       td(s.annotation.likelihood) + "<th>整改措施</th>" + td(s.annotation.measure) +
       "</tr></tbody></table></div>" + spending_chart_svg(s, d.fiscal_year, as_of) + "</div>";

  o += "<h3>绩效指标（运行监控表）</h3>";
  o += p.indicators.empty() ? "<p class=\"muted\">（无绩效指标）</p>"
                            : indicator_table(p.indicators);

  o += "<h3>填报记录</h3><h4 id=\"history-spending\">资金支出 <span class=\"muted\">" +
       html_escape(d.amount_unit) + "</span></h4>";
  if (view.actuals) {
    o += history_table(*view.actuals, d.code, p.code, kSpendingIndicator, "", as_of);
    for (const ReviewIndicator& i : p.indicators) {
      o += "<h4>" + html_escape(i.name) + " <span class=\"muted\">" + html_escape(i.id) +
           "</span></h4>" + history_table(*view.actuals, d.code, p.code, i.id, i.unit, as_of);
    }
  }
  o += "</section>";
}

}  // namespace

Page render_project(const core::View& view, std::string_view code,
                    const std::optional<std::string>& department, const Query& query) {
  // The departments (codes, once each) whose targets have a project with this code.
  std::vector<const Department*> owners;
  if (view.targets) {
    for (const Department& d : view.targets->departments) {
      if (department && d.code != *department) continue;
      const bool has = std::any_of(d.projects.begin(), d.projects.end(),
                                   [&](const Project& p) { return p.code == code; });
      const bool seen = std::any_of(owners.begin(), owners.end(),
                                    [&](const Department* o) { return o->code == d.code; });
      if (has && !seen) owners.push_back(&d);
    }
  }
  if (owners.empty()) {
    return render_message(404, "没有这个项目", "目标文件中没有项目“" + std::string(code) + "”。");
  }
  if (owners.size() > 1) {
    std::string o = "<h1>请选择部门</h1><p>多个部门使用项目编码“" + html_escape(code) +
                    "”：</p><ul class=\"choices\">";
    for (const Department* d : owners) {
      o += "<li><a href=\"" + project_href(d->code, code, query) + "\">" + html_escape(d->name) +
           "（" + html_escape(d->code) + "）</a></li>";
    }
    return Page{200, shell("请选择部门", o + "</ul>", Nav::kOverview, false)};
  }
  const std::string dept = owners.front()->code;
  std::string o;
  const ReviewProject* first = nullptr;
  std::vector<ReviewDepartment> parts;  // one per fiscal year that has the project
  for (std::size_t k = 0; k < view.evaluation->departments.size(); ++k) {
    const DepartmentEvaluation& d = view.evaluation->departments[k];
    if (d.department->code != dept) continue;
    for (std::size_t j = 0; j < d.projects.size(); ++j) {
      if (d.projects[j].project->code == code) parts.push_back(review_of(view, k, {j}));
    }
  }
  for (const ReviewDepartment& d : parts) {
    const ReviewProject& p = d.projects.front();
    if (first == nullptr) {
      first = &p;
      o += "<header class=\"page-head\"><p class=\"crumbs\"><a href=\"" +
           href("/", {{"as_of", as_of_value(query)}}) + "\">总览</a> › <a href=\"" +
           department_href(d.code, query) + "\">" + html_escape(d.name) + "</a> › 项目</p><h1>" +
           html_escape(p.name) + " <span class=\"muted\">" + html_escape(p.code) +
           "</span></h1><p class=\"meta\">截至 " + view.evaluation->as_of.iso() + "，序时进度 " +
           percent(d.elapsed_ratio) + "。金额单位：万元（每日需支出：元）。</p>" +
           date_form("/projects/" + url_encode(code), query, view.evaluation->as_of,
                     {{"department", d.code}}) +
           "</header>";
    }
    project_part(o, view, d, p, view.evaluation->as_of);
  }
  if (first == nullptr) {
    return render_message(403, "无权查看",
                          "您的令牌不能查看部门“" + dept + "”的项目“" + std::string(code) + "”。");
  }
  return Page{200, shell(first->name, o, Nav::kOverview, false)};
}

}  // namespace targetwatch::web
