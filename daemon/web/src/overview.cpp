// GET /: 总览 — every department and fiscal year, then every project worst lamp first.
#include <algorithm>

#include "page.h"

namespace targetwatch::web {

using namespace detail;

namespace {

struct Row {
  const ReviewDepartment* department;
  const ReviewProject* project;
};

}  // namespace

std::string render_overview(const core::View& view, const Query& query) {
  const ReviewReport report = review_of(view, std::nullopt, false);
  std::string o;
  o += "<header class=\"page-head\"><h1>绩效运行监控总览</h1><p class=\"meta\">截至 <span "
       "id=\"as-of-date\">" +
       report.as_of.iso() + "</span>，序时进度 " + percent(report.elapsed_ratio) +
       "。金额单位：万元。</p>" + date_form("/", query, report.as_of) + "</header>\n";

  o += "<section><h2>各部门情况</h2>";
  if (report.departments.empty()) {
    o += "<p>没有可查看的部门。</p>";
  } else {
    o += "<table class=\"departments\">" +
         thead({"部门", "年度", "预算（万元）", "已支出（万元）", "执行率", "序时进度",
                "执行率/序时进度", "项目资金预警", "指标预警", "预计自评得分", "最近填报"},
               "_rrrrrr__r_") +
         "<tbody>";
    for (const ReviewDepartment& d : report.departments) {
      std::vector<Lamp> project_lamps, indicator_lamps;
      for (const ReviewIndicator& i : d.indicators) indicator_lamps.push_back(i.lamp);
      for (const ReviewProject& p : d.projects) {
        project_lamps.push_back(p.lamp);
        for (const ReviewIndicator& i : p.indicators) indicator_lamps.push_back(i.lamp);
      }
      const auto last = last_report(d);
      o += "<tr data-department=\"" + html_escape(d.code) + "\" data-year=\"" +
           std::to_string(d.fiscal_year) + "\">" +
           td_html("<a href=\"" + department_href(d.code, query) + "\">" + html_escape(d.name) +
                   "</a> <span class=\"muted\">" + html_escape(d.code) + "</span>") +
           td(std::to_string(d.fiscal_year)) + td_html(wan(d.budget_yuan), "num budget") +
           td_html(wan(d.spent_yuan), "num spent") +
           td_html(percent(d.spent_ratio), "num spent-ratio") +
           td_html(percent(d.elapsed_ratio), "num elapsed-ratio") +
           td(d.time_progress_pct ? fixed(*d.time_progress_pct, 1) + "%" : "", true) +
           td_html(lamp_counts(project_lamps), "project-lamps") +
           td_html(lamp_counts(indicator_lamps), "indicator-lamps") +
           td_html(fixed(d.score, 2) + "（" + html_escape(d.grade) + "）", "num score") +
           td(last ? last->iso() : "") + "</tr>";
    }
    o += "</tbody></table>";
  }
  o += "</section>\n";

  // Every project of every department, the most severe lamp first; filtered, then paged.
  std::vector<Row> rows;
  for (const ReviewDepartment& d : report.departments) {
    for (const ReviewProject& p : d.projects) rows.push_back({&d, &p});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return severity_rank(a.project->overall) > severity_rank(b.project->overall);
  });
  std::vector<std::size_t> counts(lamp_names().size(), 0);
  for (const Row& r : rows) {
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (to_string(r.project->overall) == lamp_names()[i].name) ++counts[i];
    }
  }
  const std::size_t total = rows.size();
  if (query.lamp) {
    std::erase_if(rows, [&](const Row& r) { return to_string(r.project->overall) != *query.lamp; });
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
               "___rrr") +
         "<tbody>";
    for (std::size_t i = s.first; i < s.last; ++i) {
      const ReviewDepartment& d = *rows[i].department;
      const ReviewProject& p = *rows[i].project;
      int red = 0, yellow = 0;
      for (const ReviewIndicator& ind : p.indicators) {
        red += to_string(ind.lamp) == "red";
        yellow += to_string(ind.lamp) == "yellow";
      }
      o +=
          "<tr class=\"" + std::string(to_string(p.overall)) + "\" data-project=\"" +
          html_escape(p.code) + "\" data-lamp=\"" + std::string(to_string(p.overall)) + "\">" +
          td_html(lamp_span(p.overall)) +
          td_html("<a href=\"" + department_href(d.code, query) + "\">" + html_escape(d.name) +
                  "</a>") +
          td_html("<a href=\"" + project_href(d.code, p.code, query) + "\">" + html_escape(p.name) +
                  "</a> <span class=\"muted\">" + html_escape(p.code) + "</span>") +
          td(percent(p.spending.spent_ratio), true) + td(percent(p.spending.planned_ratio), true) +
          td(percent(p.spending.required_ratio), true) + td(rule_reasons(p)) +
          td(std::to_string(red) + " / " + std::to_string(yellow), true) +
          td(cause_text(p.spending.annotation)) +
          td(p.spending.last_report ? p.spending.last_report->iso() : "") + "</tr>";
    }
    o += "</tbody></table>";
  }
  o += pager(s, "/", query) + "</section>";
  return shell("总览", o, Nav::kOverview, false);
}

}  // namespace targetwatch::web
