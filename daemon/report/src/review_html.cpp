// render_review_html: the review as one self-contained page (inline CSS and SVG), A4 landscape.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "review_text.h"
#include "targetwatch/report/html.h"
#include "targetwatch/report/review.h"

namespace targetwatch {
namespace {

using namespace detail;

// Short names for the shared escapes (targetwatch/report/html.h).
constexpr auto esc = &html_escape;
constexpr auto esc_lines = &html_escape_lines;

std::string td(std::string_view text, bool num = false) {
  const std::string body = text.empty() ? std::string(kDash) : esc_lines(text);
  return num ? "<td class=\"num\">" + body + "</td>" : "<td>" + body + "</td>";
}

std::string td_raw(std::string_view html, std::string_view cls = "") {
  std::string s = "<td";
  if (!cls.empty()) s += " class=\"" + std::string(cls) + "\"";
  return s + ">" + std::string(html) + "</td>";
}

void thead(std::ostringstream& o, std::initializer_list<std::string_view> names,
           std::string_view align = "") {
  o << "<thead><tr>";
  std::size_t i = 0;
  for (auto n : names) {
    o << (i < align.size() && align[i] == 'r' ? "<th class=\"num\">" : "<th>") << n << "</th>";
    ++i;
  }
  o << "</tr></thead>";
}

std::string status_text(const ReviewIndicator& r) {
  std::string s(status_label(r.status));
  if (r.status == IndicatorStatus::kStale) {
    s += "（" + std::string(status_label(r.underlying_status)) + "）";
  }
  return s;
}

void indicator_table(std::ostringstream& o, const std::vector<ReviewIndicator>& inds) {
  o << "<table class=\"form\">";
  thead(o,
        {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成", "序时应完成", "全年预计",
         "状态", "预警", "偏差原因", "完成可能性", "整改措施"},
        "___rrrr");
  o << "<tbody>";
  for (const ReviewIndicator& r : inds) {
    o << "<tr class=\"" << to_string(r.lamp) << "\" data-indicator=\"" << esc(r.id) << "\">"
      << td(r.level1) << td(r.level2) << td(r.name) << td(r.target_text, true)
      << td(r.actual_text, true)
      << td(r.expected ? figure(*r.expected) + r.unit : std::string(), true);
    if (r.projected_text.empty()) {
      o << td("", true);
    } else {
      o << td_raw(esc(r.projected_text) + "<br><span class=\"muted\">" +
                      std::string(basis_label(r.projected_basis)) + "</span>",
                  "num");
    }
    o << td(status_text(r)) << td_raw(lamp_span(r.lamp, r.change)) << td(cause_text(r.annotation))
      << td(r.annotation.likelihood) << td(r.annotation.measure) << "</tr>";
  }
  o << "</tbody></table>";
}

std::string card(std::string_view key, std::string_view value) {
  return "<div class=\"card\"><div class=\"k\">" + std::string(key) + "</div><div class=\"v\">" +
         std::string(value) + "</div></div>";
}

void department(std::ostringstream& o, const ReviewReport& report, const ReviewDepartment& d) {
  o << "<section class=\"page department\" data-department=\"" << esc(d.code) << "\">";
  o << "<h2>" << esc(d.name) << "（" << esc(d.code) << "）· " << d.fiscal_year << " 年度</h2>";
  o << "<h3>一、总体情况</h3><div class=\"cards\">" << card("预算（万元）", wan(d.budget_yuan))
    << card("已支出（万元）", wan(d.spent_yuan)) << card("执行率", percent(d.spent_ratio))
    << card("计划进度", percent(d.planned_ratio)) << card("应达进度", percent(d.required_ratio))
    << card("序时进度", percent(d.elapsed_ratio))
    << card("执行率/序时进度",
            d.time_progress_pct ? fixed(*d.time_progress_pct, 1) + "%" : std::string(kDash))
    << card("项目预计得分（预算加权）",
            score_text(d.projects_score, d.projects_grade, d.projects_score_coverage_ratio))
    << card("部门整体指标得分", score_text(d.score, d.grade, d.score_coverage_ratio)) << "</div>";
  o << "<p>预警规则：";
  for (std::size_t i = 0; i < d.rules.size(); ++i) {
    o << (i ? "、" : "") << rule_label(d.rules[i]);
  }
  const auto counts = [&](const LampCounts& c) {
    o << lamp_span(Lamp::kRed) << ' ' << c.red << "　" << lamp_span(Lamp::kYellow) << ' '
      << c.yellow << "　" << lamp_span(Lamp::kGreen) << ' ' << c.green << "　"
      << lamp_span(Lamp::kGrey) << ' ' << c.grey << "　" << lamp_span(Lamp::kStale) << ' '
      << c.stale;
  };
  o << "。项目资金预警：";
  counts(d.project_lamps);
  o << "；指标预警：";
  counts(d.indicator_lamps);
  o << "。</p><p class=\"muted\">年度中未报送的指标不计入预计得分，其权重按比例分给已报送的部分；"
       "覆盖率为已报送部分的权重占比。</p>";
  o << "<table class=\"projects\">";
  thead(o,
        {"项目", "项目编码", "预算（万元）", "已支出（万元）", "执行率", "预计得分", "覆盖", "等级",
         "资金预警", "综合预警"},
        "__rrrrr");
  o << "<tbody>";
  for (const ReviewProject& p : d.projects) {
    o << "<tr data-project=\"" << esc(p.code) << "\">" << td(p.name) << td(p.code)
      << td(wan(p.spending.budget_yuan), true) << td(wan(p.spending.spent_yuan), true)
      << td(percent(p.spending.spent_ratio), true)
      << td(p.grade.empty() ? std::string(kDash) : fixed(p.score, 2), true)
      << td(fixed(p.score_coverage_ratio * 100, 0) + "%", true) << td(p.grade)
      << td_raw(lamp_span(p.lamp, p.change)) << td_raw(lamp_span(p.overall)) << "</tr>";
  }
  o << "</tbody></table>";

  o << "<h3>二、需关注事项</h3>";
  if (d.attention.empty()) {
    o << "<p>无。</p>";
  } else {
    o << "<table class=\"attention\">";
    thead(o, {"类别", "项目", "事项", "情况", "偏差原因", "完成可能性", "整改措施"});
    o << "<tbody>";
    for (const ReviewItem& item : d.attention) {
      const std::string cls = item.attention == Attention::kRed      ? "red"
                              : item.attention == Attention::kYellow ? "yellow"
                                                                     : "none";
      o << "<tr class=\"" << cls << "\">"
        << td_raw("<span class=\"lamp " + cls + "\">" +
                  std::string(attention_label(item.attention)) + "</span>")
        << td(item.project_code.empty() ? "部门整体" : item.project_name) << td(item.subject)
        << td(item.detail) << td(cause_text(item.annotation)) << td(item.annotation.likelihood)
        << td(item.annotation.measure) << "</tr>";
    }
    o << "</tbody></table>";
  }

  o << "<h3>三、与上期相比";
  if (report.previous_as_of) o << "（上期 " << report.previous_as_of->iso() << "）";
  o << "</h3>";
  if (!report.previous_as_of) {
    o << "<p>未提供上期数据。</p>";
  } else if (d.changes.empty()) {
    o << "<p>预警无变化。</p>";
  } else {
    o << "<table class=\"changes\">";
    thead(o, {"变化", "项目", "事项", "上期", "本期"});
    o << "<tbody>";
    for (const ReviewChange& c : d.changes) {
      o << "<tr>" << td(change_label(c.change))
        << td(c.project_code.empty() ? "部门整体" : c.project_name) << td(c.subject)
        << td_raw(lamp_span(c.before)) << td_raw(lamp_span(c.after)) << "</tr>";
    }
    o << "</tbody></table>";
  }
  o << "</section>";

  if (!d.indicators.empty()) {
    o << "<section class=\"page department-indicators\"><h3>四、部门整体绩效指标</h3>";
    indicator_table(o, d.indicators);
    o << "</section>";
  }
  int n = 0;
  for (const ReviewProject& p : d.projects) {
    const ReviewSpending& s = p.spending;
    o << "<section class=\"page project\" id=\"p-" << esc(p.code) << "\" data-project=\""
      << esc(p.code) << "\">";
    // The part's heading rides on the first project's page.
    if (n == 0) o << "<h3>" << (d.indicators.empty() ? "四" : "五") << "、项目绩效运行监控</h3>";
    o << "<h4>" << ++n << ". " << esc(p.name) << " <span class=\"muted\">" << esc(p.code)
      << "</span></h4>";
    o << "<div class=\"project-head\"><div class=\"figures\">";
    o << "<ul class=\"rules\">";
    for (const RuleLamp& r : p.rules) {
      o << "<li>" << rule_label(r.rule) << "：" << lamp_span(r.lamp) << " " << esc(r.reason)
        << "</li>";
    }
    o << "<li>预计得分：" << esc(score_text(p.score, p.grade, p.score_coverage_ratio))
      << "，资金执行得分 " << fixed(p.budget_execution_score, 2) << "</li></ul>";
    // Two label/value pairs a row, so the table leaves room for the chart on A4 landscape.
    const std::string why = cause_text(s.annotation);
    o << "<table class=\"spending\"><tbody>"
      << "<tr><th>预算（万元）</th>" << td(wan(s.budget_yuan), true) << "<th>已支出（万元）</th>"
      << td(wan(s.spent_yuan), true) << "</tr>"
      << "<tr><th>执行率</th><td class=\"num\" data-field=\"spent_ratio\">"
      << percent(s.spent_ratio) << "</td><th>执行率/序时进度</th>"
      << td(s.time_progress_pct ? fixed(*s.time_progress_pct, 1) + "%" : "", true) << "</tr>"
      << "<tr><th>计划进度</th>" << td(percent(s.planned_ratio), true) << "<th>应达进度</th>"
      << td(percent(s.required_ratio), true) << "</tr>"
      << "<tr><th>偏差</th>" << td(percent(s.lag_ratio), true) << "<th>按近期进度预计年末</th>"
      << td(percent(s.projected_year_end_ratio), true) << "</tr>"
      << "<tr><th>下一检查点</th>" << td(checkpoint_text(s.next_checkpoint))
      << "<th>每日需支出（元）</th>"
      << td(s.required_daily_spend_yuan ? grouped(*s.required_daily_spend_yuan) : "", true)
      << "</tr>"
      << (s.split_plan
              ? "<tr><th>财政拨款执行率</th>" + td(percent(s.fiscal_spent_ratio), true) +
                    "<th>其他资金执行率</th>" + td(percent(s.other_spent_ratio), true) + "</tr>"
              : std::string())
      << "<tr><th>最近填报</th>" << td(s.last_report ? s.last_report->iso() : "")
      << "<th>资金偏差原因</th>"
      << td_raw(why.empty() ? std::string(kDash) : esc_lines(why), "wrap") << "</tr>";
    if (!s.annotation.likelihood.empty() || !s.annotation.measure.empty()) {
      o << "<tr><th>完成可能性</th>" << td(s.annotation.likelihood) << "<th>整改措施</th>"
        << td_raw(esc_lines(s.annotation.measure), "wrap") << "</tr>";
    }
    o << "</tbody></table></div>";
    o << spending_chart_svg(s, d.fiscal_year, report.as_of);
    o << "</div>";
    if (p.indicators.empty()) {
      o << "<p class=\"muted\">（无绩效指标）</p>";
    } else {
      indicator_table(o, p.indicators);
    }
    o << "</section>";
  }
}

}  // namespace

std::string render_review_html(const ReviewReport& report) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>绩效运行监控月度报告 " << report.as_of.iso() << "</title>\n<style>"
    << review_stylesheet()
    << "</style>\n</head>\n<body>\n<header><h1>绩效运行监控月度报告</h1><p class=\"meta\">截至 "
    << report.as_of.iso() << "，序时进度 " << percent(report.elapsed_ratio);
  if (report.previous_as_of) o << "，上期 " << report.previous_as_of->iso();
  o << "。金额单位：万元（每日需支出：元）。</p></header>\n";
  if (report.departments.empty()) o << "<p>没有可报告的部门。</p>";
  for (const ReviewDepartment& d : report.departments) department(o, report, d);
  o << "\n</body>\n</html>\n";
  return o.str();
}

}  // namespace targetwatch
