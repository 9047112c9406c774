// The pages' shared parts: shell, links, pagination, lamp ranks, table cells and the review model.
#include "page.h"

#include <algorithm>
#include <cstdio>

namespace targetwatch::web::detail {

std::string shell(std::string_view title, std::string_view body, Nav nav, bool with_script) {
  std::string o;
  o.reserve(body.size() + 1024);
  o += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  o += html_escape(title);
  o += " · 绩效运行监控</title>\n<link rel=\"stylesheet\" href=\"/static/app.css?v=";
  o += asset_version();
  o += "\">\n<link rel=\"icon\" href=\"/static/favicon.svg?v=";
  o += asset_version();
  o += "\">\n";
  if (with_script) {
    o += "<script src=\"/static/app.js?v=";
    o += asset_version();
    o += "\" defer></script>\n";
  }
  o +=
      "</head>\n<body class=\"web\">\n<nav class=\"top\"><span class=\"brand\">绩效运行监控</span>";
  const auto item = [&](std::string_view path, std::string_view label, bool active) {
    o += "<a href=\"";
    o += path;
    o += active ? "\" class=\"active\">" : "\">";
    o += label;
    o += "</a>";
  };
  item("/", "总览", nav == Nav::kOverview);
  item("/upload", "数据报送", nav == Nav::kUpload);
  item("/upload#downloads", "报表下载", false);
  o += "</nav>\n<main>\n";
  o += body;
  o += "\n</main>\n</body>\n</html>\n";
  return o;
}

std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string href(std::string_view path,
                 const std::vector<std::pair<std::string_view, std::string>>& params) {
  std::string url(path);
  char sep = '?';
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    url += sep;
    url += name;
    url += '=';
    url += url_encode(value);
    sep = '&';
  }
  return html_escape(url);
}

std::string as_of_value(const Query& query) { return query.as_of ? query.as_of->iso() : ""; }

std::string department_href(std::string_view code, const Query& query) {
  return href("/departments/" + url_encode(code), {{"as_of", as_of_value(query)}});
}

std::string project_href(std::string_view department, std::string_view code, const Query& query) {
  return href("/projects/" + url_encode(code),
              {{"department", std::string(department)}, {"as_of", as_of_value(query)}});
}

PageSlice slice(std::size_t total, std::size_t requested_page, std::size_t page_size) {
  PageSlice s;
  s.pages = std::max<std::size_t>(1, (total + page_size - 1) / page_size);
  s.page = std::clamp<std::size_t>(requested_page, 1, s.pages);
  s.first = std::min(total, (s.page - 1) * page_size);
  s.last = std::min(total, s.first + page_size);
  return s;
}

std::string pager(const PageSlice& s, std::string_view path, const Query& query) {
  if (s.pages <= 1) return "";
  const auto to = [&](std::size_t page) {
    return href(path, {{"as_of", as_of_value(query)},
                       {"lamp", query.lamp.value_or("")},
                       {"page", page > 1 ? std::to_string(page) : ""}});
  };
  std::string o = "<nav class=\"pager\">";
  if (s.page > 1) o += "<a rel=\"prev\" href=\"" + to(s.page - 1) + "\">上一页</a>";
  o += "<span>第 " + std::to_string(s.page) + "/" + std::to_string(s.pages) + " 页</span>";
  if (s.page < s.pages) o += "<a rel=\"next\" href=\"" + to(s.page + 1) + "\">下一页</a>";
  return o + "</nav>";
}

int severity_rank(Lamp lamp) {
  const std::string_view name = to_string(lamp);
  if (name == "red") return 4;
  if (name == "yellow") return 3;
  if (name == "stale") return 2;
  if (name == "grey") return 1;
  return 0;
}

const std::vector<LampName>& lamp_names() {
  // Grey and stale are the lamps evaluate is gaining; a filter on them simply matches nothing
  // until then.
  static const std::vector<LampName> names = {{"red", "红灯"},
                                              {"yellow", "黄灯"},
                                              {"stale", "数据过期"},
                                              {"grey", "未报送"},
                                              {"green", "绿灯"}};
  return names;
}

std::string lamp_filter(std::string_view path, const Query& query,
                        const std::vector<std::size_t>& counts, std::size_t total) {
  const auto link = [&](std::string_view lamp, const std::string& label, std::size_t n) {
    const bool active = query.lamp.value_or("") == lamp;
    return "<a class=\"filter" + std::string(active ? " active" : "") + "\" href=\"" +
           href(path, {{"as_of", as_of_value(query)}, {"lamp", std::string(lamp)}}) + "\">" +
           label + " <span class=\"n\">" + std::to_string(n) + "</span></a>";
  };
  std::string o = "<p class=\"filters\">筛选：" + link("", "全部", total);
  const auto& names = lamp_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (counts[i] == 0 && query.lamp.value_or("") != names[i].name) continue;
    o += link(names[i].name,
              "<span class=\"lamp " + std::string(names[i].name) + "\">" +
                  std::string(names[i].label) + "</span>",
              counts[i]);
  }
  return o + "</p>";
}

ReviewDepartment review_of(const core::View& view, std::size_t department,
                           const std::vector<std::size_t>& projects) {
  const Evaluation& full = *view.evaluation;
  Evaluation part;
  part.targets = full.targets;
  part.as_of = full.as_of;
  part.elapsed_ratio = full.elapsed_ratio;
  DepartmentEvaluation d = full.departments[department];
  d.projects.clear();
  for (std::size_t j : projects) d.projects.push_back(full.departments[department].projects[j]);
  part.departments.push_back(std::move(d));
  ReviewOptions options;
  if (view.settings) options.warnings = view.settings->warnings;
  ReviewReport report = build_review(part, nullptr, view.actuals.get(), options);
  return std::move(report.departments.front());
}

std::vector<std::size_t> projects_by_severity(const DepartmentLamps& lamps) {
  std::vector<std::size_t> order(lamps.projects.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return severity_rank(lamps.projects[a].overall()) > severity_rank(lamps.projects[b].overall());
  });
  return order;
}

std::string utc_time(std::int64_t unix_seconds) {
  if (unix_seconds <= 0) return std::string(kDash);
  const std::int64_t days = unix_seconds / 86400;
  const std::int64_t rest = unix_seconds % 86400;
  char hm[16];
  std::snprintf(hm, sizeof hm, " %02d:%02d UTC", static_cast<int>(rest / 3600),
                static_cast<int>(rest % 3600 / 60));
  return Date::from_days(static_cast<std::int32_t>(days)).iso() + hm;
}

std::string td(std::string_view text, bool num) {
  const std::string body = text.empty() ? std::string(kDash) : html_escape_lines(text);
  return (num ? "<td class=\"num\">" : "<td>") + body + "</td>";
}

std::string td_html(std::string_view html, std::string_view cls) {
  std::string s = "<td";
  if (!cls.empty()) s += " class=\"" + std::string(cls) + "\"";
  return s + ">" + std::string(html) + "</td>";
}

std::string thead(const std::vector<std::string_view>& names, std::string_view align) {
  std::string o = "<thead><tr>";
  for (std::size_t i = 0; i < names.size(); ++i) {
    o += i < align.size() && align[i] == 'r' ? "<th class=\"num\">" : "<th>";
    o += html_escape(names[i]);
    o += "</th>";
  }
  return o + "</tr></thead>";
}

std::string date_form(std::string_view path, const Query& query, Date shown,
                      const std::vector<std::pair<std::string_view, std::string>>& hidden) {
  std::string o = "<form class=\"as-of\" method=\"get\" action=\"" + html_escape(path) +
                  "\"><label>截至日期 <input type=\"date\" name=\"as_of\" id=\"as-of\" value=\"" +
                  shown.iso() + "\" required></label>";
  for (const auto& [name, value] : hidden) {
    if (value.empty()) continue;
    o += "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" + html_escape(value) +
         "\">";
  }
  if (query.lamp) {
    o += "<input type=\"hidden\" name=\"lamp\" value=\"" + html_escape(*query.lamp) + "\">";
  }
  o += "<button type=\"submit\">查看</button>";
  if (query.as_of) o += " <a href=\"" + html_escape(path) + "\">回到今天</a>";
  return o + "</form>";
}

std::string indicator_table(const std::vector<ReviewIndicator>& indicators) {
  std::string o = "<table class=\"form indicators\">";
  o += thead({"一级指标", "二级指标", "三级指标", "年度指标值", "序时应完成", "实际完成",
              "最近填报", "状态", "预警", "偏差原因", "完成可能性", "整改措施"},
             "___rrr");
  o += "<tbody>";
  for (const ReviewIndicator& r : indicators) {
    std::string status(status_label(r.status));
    if (r.status == IndicatorStatus::kStale) {
      status += "（" + std::string(status_label(r.underlying_status)) + "）";
    }
    o += "<tr class=\"" + std::string(to_string(r.lamp)) + "\" data-indicator=\"" +
         html_escape(r.id) + "\">" + td(r.level1) + td(r.level2) + td(r.name) +
         td(r.target_text, true) + td(r.expected ? figure(*r.expected) + r.unit : "", true) +
         td(r.actual_text, true) + td(r.last_report ? r.last_report->iso() : "") + td(status) +
         td_html(lamp_span(r.lamp)) + td(cause_text(r.annotation)) + td(r.annotation.likelihood) +
         td(r.annotation.measure) + "</tr>";
  }
  return o + "</tbody></table>";
}

// Counts of `lamps` by lamp_names(), as "红灯 2 黄灯 1 ..." (zero counts left out but red,
// yellow, green always shown).
std::string lamp_counts(const std::vector<Lamp>& lamps) {
  const auto& names = lamp_names();
  std::string o = "<span class=\"counts\">";
  for (const LampName& n : names) {
    const auto count =
        std::count_if(lamps.begin(), lamps.end(), [&](Lamp l) { return to_string(l) == n.name; });
    if (count == 0 && n.name != "red" && n.name != "yellow" && n.name != "green") continue;
    o += "<span class=\"lamp " + std::string(n.name) + "\" data-lamp=\"" + std::string(n.name) +
         "\" title=\"" + std::string(n.label) + "\">" + std::to_string(count) + "</span>";
  }
  return o + "</span>";
}

// The non-green rules' reasons of a project ("" when every rule is green).
std::string rule_reasons(const std::vector<RuleLamp>& rules) {
  std::string out;
  for (const RuleLamp& r : rules) {
    if (severity_rank(r.lamp) == 0 || r.reason.empty()) continue;
    if (!out.empty()) out += "；";
    out += std::string(rule_label(r.rule)) + "：" + r.reason;
  }
  return out;
}

}  // namespace targetwatch::web::detail
