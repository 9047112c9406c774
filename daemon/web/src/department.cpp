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

void department_part(std::string& o, const ReviewDepartment& d, Date as_of, const Query& query) {
  const std::string path = "/departments/" + url_encode(d.code);
  o += "<section class=\"fiscal-year\" data-year=\"" + std::to_string(d.fiscal_year) + "\"><h2>" +
       std::to_string(d.fiscal_year) + " 年度</h2><div class=\"cards\">" +
       card("预算（万元）", wan(d.budget_yuan), "budget") +
       card("已支出（万元）", wan(d.spent_yuan), "spent") +
       card("执行率", percent(d.spent_ratio), "spent_ratio") +
       card("计划进度", percent(d.planned_ratio), "planned_ratio") +
       card("应达进度", percent(d.required_ratio), "required_ratio") +
       card("序时进度", percent(d.elapsed_ratio), "elapsed_ratio") +
       card("预计自评得分", fixed(d.score, 2) + "（" + html_escape(d.grade) + "）", "score") +
       "</div>";
  o += "<p>预警规则：";
  for (std::size_t i = 0; i < d.rules.size(); ++i) {
    o += (i ? "、" : "") + std::string(rule_label(d.rules[i]));
  }
  o += "。无数据 " + std::to_string(d.no_data_count) + "，数据过期 " +
       std::to_string(d.stale_count) + "。</p>";

  o += "<h3>部门整体绩效指标</h3>";
  o += d.indicators.empty() ? "<p class=\"muted\">（无部门整体指标）</p>"
                            : indicator_table(d.indicators);

  // Projects, worst lamp first, filtered and paged like the overview.
  std::vector<const ReviewProject*> rows;
  for (const ReviewProject& p : d.projects) rows.push_back(&p);
  std::stable_sort(rows.begin(), rows.end(), [](const ReviewProject* a, const ReviewProject* b) {
    return severity_rank(a->overall) > severity_rank(b->overall);
  });
  std::vector<std::size_t> counts(lamp_names().size(), 0);
  for (const ReviewProject* p : rows) {
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (to_string(p->overall) == lamp_names()[i].name) ++counts[i];
    }
  }
  const std::size_t total = rows.size();
  if (query.lamp) {
    std::erase_if(rows,
                  [&](const ReviewProject* p) { return to_string(p->overall) != *query.lamp; });
  }
  o += "<h3>项目</h3>" + lamp_filter(path, query, counts, total);
  const PageSlice s = slice(rows.size(), query.page, kProjectsPerPage);
  if (rows.empty()) {
    o += "<p class=\"empty\">没有符合条件的项目。</p>";
  } else {
    o += "<table class=\"projects\">" +
         thead({"项目", "预警", "执行率", "计划进度", "偏差", "下一检查点", "每日需支出（元）",
                "资金预警原因", "偏差原因", "支出进度"},
               "__rrr_r") +
         "<tbody>";
    for (std::size_t i = s.first; i < s.last; ++i) {
      const ReviewProject& p = *rows[i];
      const ReviewSpending& sp = p.spending;
      o +=
          "<tr class=\"" + std::string(to_string(p.overall)) + "\" data-project=\"" +
          html_escape(p.code) + "\" data-lamp=\"" + std::string(to_string(p.overall)) + "\">" +
          td_html("<a href=\"" + project_href(d.code, p.code, query) + "\">" + html_escape(p.name) +
                  "</a><br><span class=\"muted\">" + html_escape(p.code) + "</span>") +
          td_html(lamp_span(p.lamp) + "<br><span class=\"muted\">得分 " + fixed(p.score, 2) +
                  "</span>") +
          td_html(percent(sp.spent_ratio), "num spent-ratio") +
          td(percent(sp.planned_ratio), true) + td(percent(sp.lag_ratio), true) +
          td(checkpoint_text(sp.next_checkpoint)) +
          td(sp.required_daily_spend_yuan ? grouped(*sp.required_daily_spend_yuan) : "", true) +
          td(rule_reasons(p)) + td(cause_text(sp.annotation)) +
          td_html(spending_chart_svg(sp, d.fiscal_year, as_of), "chart-cell") + "</tr>";
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
  const ReviewReport report = review_of(view, std::string(code), true);
  if (report.departments.empty()) {
    return render_message(403, "无权查看",
                          "您的令牌不能查看部门“" + std::string(code) + "”的数据。");
  }
  const ReviewDepartment& first = report.departments.front();
  const std::string path = "/departments/" + url_encode(code);
  std::string o = "<header class=\"page-head\"><p class=\"crumbs\"><a href=\"" +
                  href("/", {{"as_of", as_of_value(query)}}) + "\">总览</a> › 部门</p><h1>" +
                  html_escape(first.name) + " <span class=\"muted\">" + html_escape(first.code) +
                  "</span></h1><p class=\"meta\">截至 " + report.as_of.iso() +
                  "。金额单位：万元（每日需支出：元）。</p>" +
                  date_form(path, query, report.as_of) + "</header>";
  for (const ReviewDepartment& d : report.departments) department_part(o, d, report.as_of, query);
  return Page{200, shell(first.name, o, Nav::kOverview, false)};
}

}  // namespace targetwatch::web
