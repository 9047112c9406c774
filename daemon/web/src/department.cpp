// GET /departments/<code>: department-wide indicators first, then the projects with their charts.
#include <algorithm>

#include "page.h"

namespace targetwatch::web {

using namespace detail;

namespace {

// Projects with charts weigh ~4 kB each: fewer a page than the overview's plain rows.
constexpr std::size_t kProjectsPerPage = 50;

std::string card(std::string_view key, const std::string& value, std::string_view field) {
  return "<div class=\"card\"><div class=\"k\">" + std::string(key) +
         "</div><div class=\"v\" data-field=\"" + std::string(field) + "\">" + value +
         "</div></div>";
}

void department_part(std::string& o, const core::View& view, std::size_t k, const Query& query) {
  const DepartmentEvaluation& full = view.evaluation->departments[k];
  const DepartmentLamps& lamps = view.lamps->departments[k];
  const std::string path = "/departments/" + url_encode(full.department->code);

  // The projects worst lamp first, filtered and paged like the overview: only the page shown is
  // reviewed (charts, texts).
  std::vector<std::size_t> rows = projects_by_severity(lamps);
  std::vector<std::size_t> counts(lamp_names().size(), 0);
  std::vector<Lamp> project_lamps, indicator_lamps(lamps.indicators);
  for (const ProjectLamps& pl : lamps.projects) {
    project_lamps.push_back(pl.lamp);
    indicator_lamps.insert(indicator_lamps.end(), pl.indicators.begin(), pl.indicators.end());
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (to_string(pl.overall()) == lamp_names()[i].name) ++counts[i];
    }
  }
  const std::size_t total = rows.size();
  if (query.lamp) {
    std::erase_if(
        rows, [&](std::size_t j) { return to_string(lamps.projects[j].overall()) != *query.lamp; });
  }
  const PageSlice s = slice(rows.size(), query.page, kProjectsPerPage);
  const ReviewDepartment d =
      review_of(view, k,
                std::vector<std::size_t>(rows.begin() + static_cast<std::ptrdiff_t>(s.first),
                                         rows.begin() + static_cast<std::ptrdiff_t>(s.last)));

  o += "<section class=\"fiscal-year\" data-year=\"" + std::to_string(d.fiscal_year) + "\"><h2>" +
       std::to_string(d.fiscal_year) + " 年度</h2><div class=\"cards\">" +
       card("预算（万元）", wan(d.budget_yuan), "budget") +
       card("已支出（万元）", wan(d.spent_yuan), "spent") +
       card("执行率", percent(d.spent_ratio), "spent_ratio") +
       card("计划进度", percent(d.planned_ratio), "planned_ratio") +
       card("应达进度", percent(d.required_ratio), "required_ratio") +
       card("序时进度", percent(d.elapsed_ratio), "elapsed_ratio") +
       card("执行率/序时进度",
            d.time_progress_pct ? fixed(*d.time_progress_pct, 1) + "%" : std::string(kDash),
            "time_progress") +
       card("预计自评得分", fixed(d.score, 2) + "（" + html_escape(d.grade) + "）", "score") +
       "</div>";
  o += "<p>预警规则：";
  for (std::size_t i = 0; i < d.rules.size(); ++i) {
    o += (i ? "、" : "") + std::string(rule_label(d.rules[i]));
  }
  o += "。项目资金预警 " + lamp_counts(project_lamps) + "；指标预警 " +
       lamp_counts(indicator_lamps) + "。</p>";

  o += "<h3>部门整体绩效指标</h3>";
  o += d.indicators.empty() ? "<p class=\"muted\">（无部门整体指标）</p>"
                            : indicator_table(d.indicators);

  o += "<h3>项目</h3>" + lamp_filter(path, query, counts, total);
  if (d.projects.empty()) {
    o += "<p class=\"empty\">没有符合条件的项目。</p>";
  } else {
    o += "<table class=\"projects\">" +
         thead({"项目", "预警", "执行率", "计划进度", "偏差", "下一检查点", "每日需支出（元）",
                "资金预警原因", "偏差原因", "支出进度"},
               "__rrr_r") +
         "<tbody>";
    for (std::size_t i = 0; i < d.projects.size(); ++i) {
      const ReviewProject& p = d.projects[i];
      const ReviewSpending& sp = p.spending;
      const std::string lamp(to_string(lamps.projects[rows[s.first + i]].overall()));
      o +=
          "<tr class=\"" + lamp + "\" data-project=\"" + html_escape(p.code) + "\" data-lamp=\"" +
          lamp + "\">" +
          td_html("<a href=\"" + project_href(d.code, p.code, query) + "\">" + html_escape(p.name) +
                  "</a><br><span class=\"muted\">" + html_escape(p.code) + "</span>") +
          td_html(lamp_span(p.lamp) + "<br><span class=\"muted\">得分 " + fixed(p.score, 2) +
                  "</span>") +
          td_html(percent(sp.spent_ratio), "num spent-ratio") +
          td(percent(sp.planned_ratio), true) + td(percent(sp.lag_ratio), true) +
          td(checkpoint_text(sp.next_checkpoint)) +
          td(sp.required_daily_spend_yuan ? grouped(*sp.required_daily_spend_yuan) : "", true) +
          td(rule_reasons(p.rules)) + td(cause_text(sp.annotation)) +
          td_html(spending_chart_svg(sp, d.fiscal_year, view.evaluation->as_of), "chart-cell") +
          "</tr>";
    }
    o += "</tbody></table>";
  }
  o += pager(s, path, query) + "</section>";
}

}  // namespace

Page render_department(const core::View& view, std::string_view code, const Query& query) {
  const Department* known = view.targets ? view.targets->find_department(code) : nullptr;
  if (known == nullptr) {
    return render_message(404, "没有这个部门", "目标文件中没有部门“" + std::string(code) + "”。");
  }
  std::vector<std::size_t> parts;  // the department's fiscal years the principal may read
  for (std::size_t k = 0; k < view.evaluation->departments.size(); ++k) {
    if (view.evaluation->departments[k].department->code == code) parts.push_back(k);
  }
  if (parts.empty()) {
    return render_message(403, "无权查看",
                          "您的令牌不能查看部门“" + std::string(code) + "”的数据。");
  }
  const Department& first = *view.evaluation->departments[parts.front()].department;
  const std::string path = "/departments/" + url_encode(code);
  std::string o = "<header class=\"page-head\"><p class=\"crumbs\"><a href=\"" +
                  href("/", {{"as_of", as_of_value(query)}}) + "\">总览</a> › 部门</p><h1>" +
                  html_escape(first.name) + " <span class=\"muted\">" + html_escape(first.code) +
                  "</span></h1><p class=\"meta\">截至 " + view.evaluation->as_of.iso() +
                  "。金额单位：万元（每日需支出：元）。</p>" +
                  date_form(path, query, view.evaluation->as_of) + "</header>";
  for (std::size_t k : parts) department_part(o, view, k, query);
  return Page{200, shell(first.name, o, Nav::kOverview, false)};
}

}  // namespace targetwatch::web
