// GET /: 总览 — every department and fiscal year, then every project worst lamp first. Read
// straight from the View's evaluation and lamps (no review model): the page most often opened
// stays cheap with many projects.
#include <algorithm>

#include "page.h"

namespace targetwatch::web {

using namespace detail;

namespace {

struct Row {
  const DepartmentEvaluation* department;
  const ProjectEvaluation* project;
  const ProjectLamps* lamps;
  Lamp overall;
};

std::optional<Date> latest(std::optional<Date> a, const std::optional<Date>& b) {
  return b && (!a || *b > *a) ? b : a;
}

}  // namespace

std::string render_overview(const core::View& view, const Query& query) {
  const Evaluation& evaluation = *view.evaluation;
  const EvaluationLamps& lamps = *view.lamps;
  std::string o;
  o += "<header class=\"page-head\"><h1>绩效运行监控总览</h1><p class=\"meta\">截至 <span "
       "id=\"as-of-date\">" +
       evaluation.as_of.iso() + "</span>，序时进度 " + percent(evaluation.elapsed_ratio) +
       "。金额单位：万元。</p>" + date_form("/", query, evaluation.as_of) + "</header>\n";

  std::vector<Row> rows;
  o += "<section><h2>各部门情况</h2>";
  if (evaluation.departments.empty()) {
    o += "<p>没有可查看的部门。</p>";
  } else {
    o += "<table class=\"departments\">" +
         thead({"部门", "年度", "预算（万元）", "已支出（万元）", "执行率", "序时进度",
                "项目资金预警", "指标预警", "预计自评得分", "最近填报"},
               "_rrrrr__r_") +
         "<tbody>";
    for (std::size_t k = 0; k < evaluation.departments.size(); ++k) {
      const DepartmentEvaluation& d = evaluation.departments[k];
      const DepartmentLamps& dl = lamps.departments[k];
      const Department& dep = *d.department;
      std::vector<Lamp> project_lamps, indicator_lamps(dl.indicators);
      std::optional<Date> last;
      for (const IndicatorEvaluation& i : d.indicators) last = latest(last, i.last_report);
      for (std::size_t j = 0; j < d.projects.size(); ++j) {
        const ProjectEvaluation& p = d.projects[j];
        const ProjectLamps& pl = dl.projects[j];
        project_lamps.push_back(pl.lamp);
        indicator_lamps.insert(indicator_lamps.end(), pl.indicators.begin(), pl.indicators.end());
        last = latest(last, p.last_spending_report);
        for (const IndicatorEvaluation& i : p.indicators) last = latest(last, i.last_report);
        rows.push_back({&d, &p, &pl, pl.overall()});
      }
      o += "<tr data-department=\"" + html_escape(dep.code) + "\" data-year=\"" +
           std::to_string(dep.fiscal_year) + "\">" +
           td_html("<a href=\"" + department_href(dep.code, query) + "\">" + html_escape(dep.name) +
                   "</a> <span class=\"muted\">" + html_escape(dep.code) + "</span>") +
           td(std::to_string(dep.fiscal_year)) + td_html(wan(d.budget_yuan), "num budget") +
           td_html(wan(d.spent_yuan), "num spent") +
           td_html(percent(d.spent_ratio), "num spent-ratio") +
           td_html(percent(d.elapsed_ratio), "num elapsed-ratio") +
           td_html(lamp_counts(project_lamps), "project-lamps") +
           td_html(lamp_counts(indicator_lamps), "indicator-lamps") +
           td_html(fixed(d.score, 2) + "（" + html_escape(d.grade) + "）", "num score") +
           td(last ? last->iso() : "") + "</tr>";
    }
    o += "</tbody></table>";
  }
  o += "</section>\n";

  // Every project of every department, the most severe lamp first; filtered, then paged.
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return severity_rank(a.overall) > severity_rank(b.overall);
  });
  std::vector<std::size_t> counts(lamp_names().size(), 0);
  for (const Row& r : rows) {
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (to_string(r.overall) == lamp_names()[i].name) ++counts[i];
    }
  }
  const std::size_t total = rows.size();
  if (query.lamp) {
    std::erase_if(rows, [&](const Row& r) { return to_string(r.overall) != *query.lamp; });
  }
  o += "<section id=\"problems\"><h2>项目预警（问题优先）</h2><p class=\"hint\">综合预警取资金预警"
       "与指标预警中最严重者；点击项目查看运行监控表和填报记录。</p>" +
       lamp_filter("/", query, counts, total);
  const PageSlice s = slice(rows.size(), query.page);
  if (rows.empty()) {
    o += "<p class=\"empty\">没有符合条件的项目。</p>";
  } else {
    o += "<table class=\"problems\">" +
         thead({"综合预警", "部门", "项目", "执行率", "计划进度", "应达进度", "资金预警原因",
                "指标（红/黄）", "偏差原因", "最近填报"},
               "___rrr_r") +
         "<tbody>";
    for (std::size_t i = s.first; i < s.last; ++i) {
      const Department& d = *rows[i].department->department;
      const ProjectEvaluation& p = *rows[i].project;
      const Project& project = *p.project;
      const std::string lamp(to_string(rows[i].overall));
      int red = 0, yellow = 0;
      for (Lamp l : rows[i].lamps->indicators) {
        red += to_string(l) == "red";
        yellow += to_string(l) == "yellow";
      }
      o += "<tr class=\"" + lamp + "\" data-project=\"" + html_escape(project.code) +
           "\" data-lamp=\"" + lamp + "\">" + td_html(lamp_span(rows[i].overall)) +
           td_html("<a href=\"" + department_href(d.code, query) + "\">" + html_escape(d.name) +
                   "</a>") +
           td_html("<a href=\"" + project_href(d.code, project.code, query) + "\">" +
                   html_escape(project.name) + "</a> <span class=\"muted\">" +
                   html_escape(project.code) + "</span>") +
           td(percent(p.spent_ratio), true) + td(percent(p.planned_ratio), true) +
           td(percent(p.required_ratio), true) + td(rule_reasons(rows[i].lamps->rules)) +
           td(std::to_string(red) + " / " + std::to_string(yellow), true) +
           td(cause_text(p.spending_annotation)) +
           td(p.last_spending_report ? p.last_spending_report->iso() : "") + "</tr>";
    }
    o += "</tbody></table>";
  }
  o += pager(s, "/", query) + "</section>";
  return shell("总览", o, Nav::kOverview, false);
}

}  // namespace targetwatch::web
