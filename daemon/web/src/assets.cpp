// The pages' one stylesheet (the report's plus the pages' own rules) and one script, embedded.
#include <cstdint>
#include <string>

#include "targetwatch/report/html.h"
#include "targetwatch/web/pages.h"

namespace targetwatch::web {
namespace {

constexpr std::string_view kWebStyle = R"css(
/* The web pages on top of the review's stylesheet. */
body.web { max-width: 1320px; padding: 0 16px 32px; box-shadow: none; font-size: 14px; }
nav.top { display: flex; gap: 18px; align-items: baseline; border-bottom: 2px solid var(--ink);
  padding: 10px 0 8px; margin-bottom: 12px; }
nav.top .brand { font-weight: 700; font-size: 16px; margin-right: 12px; }
nav.top a { color: var(--ink); text-decoration: none; padding: 2px 0; }
nav.top a.active { border-bottom: 3px solid var(--plan); font-weight: 600; }
a { color: var(--plan); }
.page-head h1 { margin-top: 4px; }
.crumbs { color: var(--muted); margin: 0; }
form.as-of, form.inline { display: flex; flex-wrap: wrap; gap: 10px; align-items: center;
  margin: 6px 0 10px; }
form.stacked { display: grid; grid-template-columns: max-content minmax(220px, 420px); gap: 8px 12px;
  align-items: center; margin: 8px 0; }
input, select, button { font: inherit; padding: 4px 8px; border: 1px solid var(--line);
  border-radius: 4px; background: #fff; }
button { background: var(--plan); color: #fff; border-color: var(--plan); cursor: pointer; }
button:disabled { opacity: .6; cursor: progress; }
.filters a.filter { display: inline-block; margin: 0 6px 4px 0; padding: 2px 8px;
  border: 1px solid var(--line); border-radius: 12px; text-decoration: none; color: var(--ink); }
.filters a.filter.active { border-color: var(--plan); background: #e8f0fb; }
.filters .n { color: var(--muted); }
.counts .lamp { margin-right: 8px; }
.pager { display: flex; gap: 14px; margin: 6px 0 14px; }
table.problems td:nth-child(2), table.problems td:last-child,
table.departments td:last-child { white-space: nowrap; }
td.chart-cell { width: 250px; }
td.chart-cell svg { width: 240px; height: auto; }
.hint { color: var(--muted); max-width: 60em; }
.problem { color: var(--red); font-weight: 600; }
.stored { color: var(--green); font-weight: 600; }
.warned { color: #8a6500; font-weight: 600; }
ul.templates { columns: 2; padding-left: 1.2em; }
table.upload-errors td:first-child, table.upload-errors td:nth-child(2) { white-space: nowrap; }
@media print {
  nav.top, form, .filters, .pager, #template, #upload, .hint, .links { display: none; }
  body.web { max-width: none; padding: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
}
)css";

constexpr std::string_view kScript =
    R"js(// targetwatch web: sends the upload form with the typed token as
// a Bearer header (never a cookie or a URL) and shows the answer; downloads reports with the token.
'use strict';
(function () {
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function table(cls, heads, rows) {
    var t = el('table', null, cls), tr = el('tr');
    heads.forEach(function (h) { tr.appendChild(el('th', h)); });
    t.appendChild(el('thead')).appendChild(tr);
    var body = t.appendChild(el('tbody'));
    rows.forEach(function (r) {
      var row = body.appendChild(el('tr'));
      r.forEach(function (c) { row.appendChild(el('td', c === '' ? '—' : c)); });
    });
    return t;
  }
  // Row, where, why (in Chinese when the answer has it, the English reason beside it then).
  function problemTable(cls, list) {
    var bilingual = list.some(function (p) { return p.reason_zh; });
    var heads = ['行', '位置', '原因'].concat(bilingual ? ['原因（英文）'] : []);
    return table(cls, heads, list.map(function (p) {
      var row = [p.row ? String(p.row) : '—', p.location || p.field || '', p.reason_zh || p.reason || ''];
      return bilingual ? row.concat([p.reason_zh && p.reason ? p.reason : '']) : row;
    }));
  }
  function mediaType(name) {
    var n = name.toLowerCase();
    if (n.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (n.endsWith('.json')) return 'application/json';
    return 'text/csv';
  }
  // Why nothing was stored, for people: the answer's "error" is English (for logs and scripts)
  // and is not shown; the listed errors carry their Chinese reasons.
  function failureSummary(status, listed) {
    var code = '（' + status + '）';
    if (status === 401 || status === 403) return '令牌无效或无权报送该部门' + code + '，未保存任何数据。';
    if (status === 413) return '文件太大' + code + '，未保存任何数据。请拆分后分批上传。';
    if (status === 415) return '不支持的文件类型' + code + '，未保存任何数据。请上传 xlsx、csv 或 json 文件。';
    if (status === 429) return '失败次数过多' + code + '，请稍后再试。';
    if (status >= 500) return '服务暂时无法保存数据' + code + '，未保存任何数据。请稍后重新上传；一直如此请联系管理员。';
    if (!listed) return '文件无法读取' + code + '，未保存任何数据。请检查文件后重新上传。';
    return '文件有错误，未保存任何数据' + code + '。请改正以下各处后重新上传整个文件。';
  }
  function show(out, status, text) {
    out.textContent = '';
    var answer = null;
    try { answer = JSON.parse(text); } catch (e) { answer = null; }
    if (status === 200 && answer) {
      out.appendChild(el('p', '已保存 ' + (answer.count || 0) + ' 条记录' +
        (answer.count ? '（修订号 ' + answer.first_revision + '–' + answer.last_revision + '）' : '') +
        '。', 'stored')).id = 'upload-summary';
      if (answer.skipped_rows) out.appendChild(el('p', '跳过空行 ' + answer.skipped_rows + ' 行。'));
      if (answer.warnings && answer.warnings.length) {
        out.appendChild(el('p', '请核对以下 ' + answer.warnings.length + ' 条提示（数据已保存）：', 'warned'));
        out.appendChild(problemTable('upload-warnings', answer.warnings));
      }
      return;
    }
    var errors = answer && answer.errors ? answer.errors : [];
    out.appendChild(el('p', failureSummary(status, errors.length > 0), 'problem')).id = 'upload-summary';
    if (errors.length) {
      out.appendChild(el('p', '共 ' + errors.length + ' 处错误：'));
      out.appendChild(problemTable('upload-errors', errors));
    }
    if (answer && answer.warnings && answer.warnings.length) {
      out.appendChild(el('p', '另有 ' + answer.warnings.length + ' 条提示：', 'warned'));
      out.appendChild(problemTable('upload-warnings', answer.warnings));
    }
  }
  function bearer() {
    var token = document.getElementById('token');
    return token && token.value.trim() ? { 'Authorization': 'Bearer ' + token.value.trim() } : null;
  }
  var form = document.getElementById('upload-form');
  if (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var out = document.getElementById('upload-result');
      var file = document.getElementById('file').files[0];
      var auth = bearer();
      if (!file || !auth) { out.textContent = '请填写令牌并选择文件。'; return; }
      var button = document.getElementById('upload-button');
      button.disabled = true;
      out.textContent = '正在上传……';
      var headers = auth;
      headers['Content-Type'] = mediaType(file.name);
      fetch('/api/v1/actuals', { method: 'POST', headers: headers, body: file,
        credentials: 'omit', cache: 'no-store' })
        .then(function (r) { return r.text().then(function (t) { show(out, r.status, t); }); })
        .catch(function () { out.textContent = '上传失败：无法连接服务器，请检查网络后重试。'; })
        .then(function () { button.disabled = false; });
    });
  }
  var report = document.getElementById('report-form');
  if (report) {
    report.addEventListener('submit', function (ev) {
      var auth = bearer();
      if (!auth) return;  // public reads: an ordinary download
      ev.preventDefault();
      var url = '/report?' + new URLSearchParams(new FormData(report)).toString();
      fetch(url, { headers: auth, credentials: 'omit', cache: 'no-store' }).then(function (r) {
        if (!r.ok) throw { status: r.status };
        var name = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '');
        return r.blob().then(function (b) {
          var a = document.createElement('a');
          a.href = URL.createObjectURL(b);
          a.download = name ? name[1] : 'report';
          document.body.appendChild(a);
          a.click();
          a.remove();
        });
      }).catch(function (e) {
        alert(e && e.status ? '下载失败（' + e.status + '），请检查令牌是否有权查看该部门。'
                            : '下载失败：无法连接服务器，请检查网络后重试。');
      });
    });
  }
})();
)js";

constexpr std::string_view kFavicon =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\">"
    "<circle cx=\"8\" cy=\"8\" r=\"7\" fill=\"#2e7d32\"/>"
    "<circle cx=\"8\" cy=\"8\" r=\"3\" fill=\"#fff\"/></svg>";

}  // namespace

std::string stylesheet() {
  std::string css(review_stylesheet());
  css += kWebStyle;
  return css;
}

std::string_view script() { return kScript; }

std::string_view favicon() { return kFavicon; }

std::string_view asset_version() {
  // FNV-1a over the assets: computed once, a constant of the binary.
  static const std::string version = [] {
    std::uint64_t h = 14695981039346656037ull;
    const std::string css = stylesheet();
    for (std::string_view part : {std::string_view(css), script(), favicon()}) {
      for (unsigned char c : part) h = (h ^ c) * 1099511628211ull;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(h >> shift) & 15];
    return out;
  }();
  return version;
}

}  // namespace targetwatch::web
