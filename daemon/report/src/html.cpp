// The HTML pieces of the review that the web pages share (moved here from review_html.cpp).
#include "targetwatch/report/html.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "targetwatch/report/review_text.h"

namespace targetwatch {
namespace {

using namespace detail;

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

}  // namespace

std::string html_escape(std::string_view s) {
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

std::string html_escape_lines(std::string_view s) {
  std::string e = html_escape(s);
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

std::string lamp_span(Lamp lamp, LampChange change) {
  std::string s = "<span class=\"lamp " + std::string(to_string(lamp)) + "\">" +
                  std::string(lamp_label(lamp)) + "</span>";
  if (change != LampChange::kNone) {
    s += " <span class=\"change\">" + std::string(change_label(change)) + "</span>";
  }
  return s;
}

// The spent share against the plan over the fiscal year, checkpoints marked.
std::string spending_chart_svg(const ReviewSpending& s, int fiscal_year, Date as_of) {
  std::ostringstream o;
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
  for (int step = 0; step * 0.25 <= top + 1e-9; ++step) {
    const double g = step * 0.25;
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
  return o.str();
}

std::string_view review_stylesheet() { return kStyle; }

}  // namespace targetwatch
