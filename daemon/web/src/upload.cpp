// GET /upload: 数据报送 — templates, the upload form (the script sends it) and report downloads;
// and the pages that only say something.
#include <algorithm>

#include "page.h"

namespace targetwatch::web {

using namespace detail;

namespace {

// A <select> of the departments, or a text field when the reader sees none.
std::string department_field(const std::vector<DepartmentChoice>& departments, std::string_view id,
                             bool optional) {
  if (departments.empty()) {
    return "<input type=\"text\" name=\"department\" id=\"" + std::string(id) +
           "\" placeholder=\"部门编码，如 375\"" + (optional ? "" : " required") + ">";
  }
  std::string o = "<select name=\"department\" id=\"" + std::string(id) + "\">";
  if (optional) o += "<option value=\"\">全部部门</option>";
  for (const DepartmentChoice& d : departments) {
    o += "<option value=\"" + html_escape(d.code) + "\">" + html_escape(d.name) + "（" +
         html_escape(d.code) + "）</option>";
  }
  return o + "</select>";
}

}  // namespace

std::vector<DepartmentChoice> department_choices(const core::View& view) {
  std::vector<DepartmentChoice> out;
  if (!view.evaluation) return out;
  for (const DepartmentEvaluation& d : view.evaluation->departments) {
    const bool seen = std::any_of(out.begin(), out.end(), [&](const DepartmentChoice& c) {
      return c.code == d.department->code;
    });
    if (!seen) out.push_back({d.department->code, d.department->name});
  }
  return out;
}

std::string render_upload(const std::vector<DepartmentChoice>& departments, Date today) {
  const Date month_end = previous_month_end(today);
  std::string o =
      "<header class=\"page-head\"><h1>数据报送</h1><p class=\"meta\">"
      "各部门按模板填报本期实际支出和绩效指标完成值，上传后立即计入监控。</p></header>";

  o += "<section id=\"template\"><h2>一、下载填报模板</h2>"
       "<form class=\"inline\" method=\"get\" action=\"/api/v1/template\"><label>部门 " +
       department_field(departments, "template-department", false) +
       "</label><label>格式 <select name=\"format\" id=\"template-format\">"
       "<option value=\"xlsx\">Excel（xlsx）</option><option value=\"csv\">CSV</option>"
       "</select></label><button type=\"submit\">下载模板</button></form>";
  if (!departments.empty() && departments.size() <= 50) {
    o += "<ul class=\"templates\">";
    for (const DepartmentChoice& d : departments) {
      o += "<li>" + html_escape(d.name) + "：<a href=\"" +
           href("/api/v1/template", {{"department", d.code}, {"format", "xlsx"}}) +
           "\">xlsx 模板</a> · <a href=\"" +
           href("/api/v1/template", {{"department", d.code}, {"format", "csv"}}) +
           "\">csv 模板</a></li>";
    }
    o += "</ul>";
  }
  o += "</section>";

  // No name on the token field and no action: without the script nothing is sent anywhere, so
  // the token can never end up in a URL.
  o += "<section id=\"upload\"><h2>二、上传填报文件</h2>"
       "<form id=\"upload-form\" class=\"stacked\" autocomplete=\"off\">"
       "<label for=\"token\">访问令牌</label><input type=\"password\" id=\"token\" "
       "autocomplete=\"off\" spellcheck=\"false\" required>"
       "<label for=\"file\">填报文件（xlsx 或 CSV）</label><input type=\"file\" id=\"file\" "
       "accept=\".xlsx,.csv,.json,text/csv,application/json,application/"
       "vnd.openxmlformats-officedocument.spreadsheetml.sheet\" required>"
       "<div><button type=\"submit\" id=\"upload-button\">上传</button></div></form>"
       "<p class=\"hint\">令牌只在本次上传时随请求发送（Authorization 请求头），不保存在 Cookie "
       "或网址中，关闭页面即失效。一个文件中只要有一处错误，整个文件都不会保存：请按下表逐条"
       "改正后重新上传。</p>"
       "<noscript><p class=\"problem\">上传需要浏览器启用 JavaScript。</p></noscript>"
       "<div id=\"upload-result\" aria-live=\"polite\"></div></section>";

  o += "<section id=\"downloads\"><h2>三、报表下载</h2>"
       "<form id=\"report-form\" class=\"inline\" method=\"get\" action=\"/report\">"
       "<label>截至（月末） <input type=\"date\" name=\"as_of\" id=\"report-as-of\" value=\"" +
       month_end.iso() +
       "\" required></label><label>格式 <select name=\"format\" id=\"report-format\">"
       "<option value=\"html\">网页（html）</option><option value=\"xlsx\">Excel（xlsx）</option>"
       "<option value=\"md\">Markdown（md）</option><option value=\"csv\">CSV</option></select>"
       "</label><label>部门 " +
       department_field(departments, "report-department", true) +
       "</label><button type=\"submit\">下载报表</button></form>"
       "<p class=\"hint\">填写了上面的访问令牌时，报表用该令牌下载（需要令牌才能查看数据时）。"
       "</p><p class=\"links\">" +
       month_end.iso() + " 月报：";
  for (std::string_view format : {"html", "xlsx", "md", "csv"}) {
    o += "<a class=\"report-link\" href=\"" +
         href("/report", {{"as_of", month_end.iso()}, {"format", std::string(format)}}) + "\">" +
         std::string(format) + "</a> ";
  }
  o += "</p></section>";
  return shell("数据报送", o, Nav::kUpload, true);
}

Page render_message(int status, std::string_view title, std::string_view message) {
  return Page{status, shell(title,
                            "<h1>" + html_escape(title) + "</h1><p class=\"message\">" +
                                html_escape(message) + "</p><p><a href=\"/\">返回总览</a></p>",
                            Nav::kNone, false)};
}

Page render_token_needed() {
  return Page{401, shell("需要访问令牌",
                         "<h1>需要访问令牌</h1><p class=\"message\">本服务的数据需要访问令牌才能"
                         "查看。网页不会把令牌保存在 Cookie 或网址中，所以无法直接浏览本页。</p>"
                         "<p>请到<a href=\"/upload#token\">数据报送页</a>输入令牌："
                         "可在那里上传填报文件和下载报表。也可请管理员开放匿名只读。</p>",
                         Nav::kNone, false)};
}

}  // namespace targetwatch::web
