// render_review_html: the review as one self-contained page (inline CSS and SVG), A4 landscape.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "review_text.h"
#include "targetwatch/report/review.h"

namespace targetwatch {
namespace {

using namespace detail;

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Text with line breaks kept (notes may span lines).
std::string esc_lines(std::string_view s) {
  std::string e = esc(s);
  std::string out;
  for (char c : e) {
    if (c == '\r') continue;
    if (c == '\n') {
      out += "<br>";
    } else {
      out += c;
    }
  }
  return out;
}

constexpr std::string_view kStyle = R"css(
@page { size: A4 landscape; margin: 10mm 12mm; }
:root { --red: #c62828; --yellow: #e0a800; --green: #2e7d32; --ink: #1f2328; --muted: #57606a;
  --line: #c9d1d9; --head: #eef2f6; --plan: #1f5fa8; --spent: #d2691e; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC",
  "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: var(--ink);
  font-size: 10pt; line-height: 1.5; margin: 0 auto; padding: 8mm; max-width: 297mm;
  background: #fff; }
h1 { font-size: 17pt; margin: 0 0 2mm; letter-spacing: .05em; }
h2 { font-size: 14pt; margin: 6mm 0 2mm; border-bottom: 2px solid var(--ink); padding-bottom: 1mm; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; }
h4 { font-size: 11.5pt; margin: 0 0 2mm; }
p { margin: 1mm 0 2mm; }
.meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; font-size: 9pt;
  font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 1.2mm 1.6mm; vertical-align: top; text-align: left;
  word-break: break-word; }
th { background: var(--head); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.lamp { white-space: nowrap; }
.lamp::before { content: ""; display: inline-block; width: .8em; height: .8em; border-radius: 50%;
  margin-right: .3em; vertical-align: -.05em; border: 1px solid rgba(0,0,0,.25); }
.lamp.red::before { background: var(--red); }
.lamp.yellow::before { background: var(--yellow); }
.lamp.green::before { background: var(--green); }
.lamp.none::before { background: #bbb; }
.lamp.grey::before { background: #bdbdbd; }
.lamp.stale::before { background: repeating-linear-gradient(45deg, #9e9e9e 0 2px, #fff 2px 4px); }
tr.red td:first-child { box-shadow: inset 3px 0 var(--red); }
tr.yellow td:first-child { box-shadow: inset 3px 0 var(--yellow); }
.change { color: var(--muted); font-size: 8.5pt; }
.cards { display: flex; flex-wrap: wrap; gap: 3mm; margin: 2mm 0 3mm; }
.card { border: 1px solid var(--line); border-radius: 2mm; padding: 2mm 3mm; flex: 1 1 0;
  min-width: 26mm; }
.card .k { color: var(--muted); font-size: 8.5pt; }
.card .v { font-size: 13pt; font-weight: 600; }
.project-head { display: flex; gap: 5mm; align-items: flex-start; }
.project-head .figures { flex: 1 1 auto; min-width: 0; }
.project-head svg { flex: 0 0 40%; width: 40%; max-width: 420px; height: auto; }
.rules { margin: 0 0 2mm; padding-left: 1.2em; }
table.spending td { white-space: nowrap; }
table.spending td.wrap { white-space: normal; }
section.page { break-before: page; }
section.page:first-of-type { break-before: auto; }
svg text { font-family: inherit; }
@media screen { body { box-shadow: 0 0 4mm rgba(0,0,0,.08); }
  section.page { border-top: 1px dashed var(--line); margin-top: 8mm; padding-top: 4mm; } }
)css";

std::string lamp_span(Lamp lamp, LampChange change = LampChange::kNone) {
  std::string s = "<span class=\"lamp " + std::string(to_string(lamp)) + "\">" +
                  std::string(lamp_label(lamp)) + "</span>";
  if (change != LampChange::kNone) {
    s += " <span class=\"change\">" + std::string(change_label(change)) + "</span>";
  }
  return s;
}

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

// The spent share against the plan over the fiscal year, checkpoints marked.
void chart(std::ostringstream& o, const ReviewSpending& s, int fiscal_year, Date as_of) {
  constexpr double kW = 400, kH = 210, kLeft = 40, kRight = 12, kTop = 22, kBottom = 26;
  const int days = days_in_year(fiscal_year);
  const Date day_zero = Date::first_of_year(fiscal_year).plus_days(-1);
  double top = 1.0;
  for (const auto& p : s.spent_path) top = std::max(top, p.share);
  top = std::ceil(top * 4 - 1e-9) / 4;  // a quarter above the highest share
  const auto x = [&](Date d) {
    const double t = std::clamp(static_cast<double>(d - day_zero), 0.0, static_cast<double>(days));
    return kLeft + (kW - kLeft - kRight) * t / days;
  };
  const auto y = [&](double share) {
    return kTop + (kH - kTop - kBottom) * (1 - std::clamp(share, 0.0, top) / top);
  };
  const auto pt = [&](Date d, double share) { return fixed(x(d), 1) + "," + fixed(y(share), 1); };

  o << "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kW << "\" height=\""
    << kH << "\" viewBox=\"0 0 " << kW << ' ' << kH
    << "\" role=\"img\" aria-label=\"支出进度与计划\">";
  // Grid: every 25%, month boundaries.
  for (double g = 0; g <= top + 1e-9; g += 0.25) {
    o << "<line x1=\"" << kLeft << "\" x2=\"" << kW - kRight << "\" y1=\"" << fixed(y(g), 1)
      << "\" y2=\"" << fixed(y(g), 1) << "\" stroke=\"#e1e4e8\" stroke-width=\"1\"/>"
      << "<text x=\"" << kLeft - 4 << "\" y=\"" << fixed(y(g) + 3, 1)
      << "\" font-size=\"9\" text-anchor=\"end\" fill=\"#57606a\">" << fixed(g * 100, 0)
      << "%</text>";
  }
  for (int m = 1; m <= 12; ++m) {
    const double x0 = x(m == 1 ? day_zero : Date::end_of_month(fiscal_year, m - 1));
    const double x1 = x(Date::end_of_month(fiscal_year, m));
    o << "<line x1=\"" << fixed(x1, 1) << "\" x2=\"" << fixed(x1, 1) << "\" y1=\"" << kTop
      << "\" y2=\"" << kH - kBottom << "\" stroke=\"#f0f2f4\" stroke-width=\"1\"/>"
      << "<text x=\"" << fixed((x0 + x1) / 2, 1) << "\" y=\"" << kH - kBottom + 12
      << "\" font-size=\"9\" text-anchor=\"middle\" fill=\"#57606a\">" << m << "月</text>";
  }
  o << "<line x1=\"" << kLeft << "\" x2=\"" << kW - kRight << "\" y1=\"" << kH - kBottom
    << "\" y2=\"" << kH - kBottom << "\" stroke=\"#8c959f\"/>";
  // As-of line.
  if (as_of >= day_zero && as_of <= Date::last_of_year(fiscal_year)) {
    const std::string ax = fixed(x(as_of), 1);
    o << "<line x1=\"" << ax << "\" x2=\"" << ax << "\" y1=\"" << kTop << "\" y2=\"" << kH - kBottom
      << "\" stroke=\"#57606a\" stroke-dasharray=\"3 3\"/>"
      << "<text x=\"" << ax << "\" y=\"" << kTop - 3
      << "\" font-size=\"9\" text-anchor=\"middle\" fill=\"#57606a\">截至 " << as_of.month() << "/"
      << as_of.day() << "</text>";
  }
  // Plan.
  o << "<polyline fill=\"none\" stroke=\"var(--plan)\" stroke-width=\"1.6\" "
       "stroke-dasharray=\"5 3\" points=\"";
  for (std::size_t i = 0; i < s.plan_path.size(); ++i) {
    o << (i ? " " : "") << pt(s.plan_path[i].by, s.plan_path[i].share);
  }
  o << "\"/>";
  for (const Checkpoint& c : s.checkpoints) {
    o << "<circle cx=\"" << fixed(x(c.by), 1) << "\" cy=\"" << fixed(y(c.share), 1)
      << "\" r=\"3.2\" fill=\"#fff\" stroke=\"var(--plan)\" stroke-width=\"1.6\"/>"
      << "<text x=\"" << fixed(x(c.by) - 4, 1) << "\" y=\"" << fixed(y(c.share) - 6, 1)
      << "\" font-size=\"9\" text-anchor=\"end\" fill=\"var(--plan)\">" << fixed(c.share * 100, 0)
      << "%</text>";
  }
  // Spent, from 0 on Jan 1 through each report.
  if (!s.spent_path.empty()) {
    o << "<polyline fill=\"none\" stroke=\"var(--spent)\" stroke-width=\"2.2\" points=\""
      << pt(day_zero, 0);
    for (const Checkpoint& p : s.spent_path) o << ' ' << pt(p.by, p.share);
    o << "\"/>";
    for (const Checkpoint& p : s.spent_path) {
      o << "<circle cx=\"" << fixed(x(p.by), 1) << "\" cy=\"" << fixed(y(p.share), 1)
        << "\" r=\"2.2\" fill=\"var(--spent)\"/>";
    }
    const Checkpoint& last = s.spent_path.back();
    o << "<text x=\"" << fixed(x(last.by) + 5, 1) << "\" y=\"" << fixed(y(last.share) + 12, 1)
      << "\" font-size=\"9.5\" font-weight=\"600\" fill=\"var(--spent)\">"
      << fixed(last.share * 100, 1) << "%</text>";
  }
  // Legend.
  o << "<line x1=\"" << kLeft + 4 << "\" x2=\"" << kLeft + 24 << "\" y1=\"10\" y2=\"10\" "
    << "stroke=\"var(--plan)\" stroke-width=\"1.6\" stroke-dasharray=\"5 3\"/>"
    << "<text x=\"" << kLeft + 28 << "\" y=\"13\" font-size=\"9\" fill=\"#1f2328\">支出计划</text>"
    << "<line x1=\"" << kLeft + 84 << "\" x2=\"" << kLeft + 104 << "\" y1=\"10\" y2=\"10\" "
    << "stroke=\"var(--spent)\" stroke-width=\"2.2\"/>"
    << "<text x=\"" << kLeft + 108
    << "\" y=\"13\" font-size=\"9\" fill=\"#1f2328\">实际支出</text>";
  o << "</svg>";
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
    chart(o, s, d.fiscal_year, report.as_of);
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
    << "<title>绩效运行监控月度报告 " << report.as_of.iso() << "</title>\n<style>" << kStyle
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
