// render_review_xlsx: the review as a workbook (libxlsxwriter): a summary sheet, a sheet per
// project, numbers as numbers with formats (万元 #,##0.00, ratios 0.00%, dates yyyy-mm-dd).
#include <algorithm>
#include <set>
#include <string>

#include "review_text.h"
#include "targetwatch/report/review.h"

#if TARGETWATCH_HAVE_XLSXWRITER
#include <xlsxwriter.h>

#include "targetwatch/report/xlsx_file.h"
#endif

namespace targetwatch {

namespace detail {

// Excel's rules for sheet names: 1-31 characters (UTF-16 units), none of []:*?/\, no leading or
// trailing apostrophe, unique ignoring ASCII case. Characters outside the BMP count twice.
std::string sheet_name(std::string_view wanted, std::set<std::string>& taken) {
  std::string clean;
  for (char c : wanted) {
    const bool bad = c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' ||
                     c == '\\' || static_cast<unsigned char>(c) < 0x20;
    clean += bad ? '_' : c;
  }
  while (!clean.empty() && (clean.front() == '\'' || clean.front() == ' ')) clean.erase(0, 1);
  // Cut at a character boundary to `units` UTF-16 units.
  const auto cut = [](const std::string& s, int units) {
    std::string out;
    int used = 0;
    for (std::size_t i = 0; i < s.size();) {
      const unsigned char b = static_cast<unsigned char>(s[i]);
      const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      const int w = len == 4 ? 2 : 1;
      if (used + w > units || i + len > s.size()) break;
      out.append(s, i, len);
      used += w;
      i += len;
    }
    while (!out.empty() && (out.back() == '\'' || out.back() == ' ')) out.pop_back();
    return out;
  };
  const auto folded = [](std::string s) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
  };
  if (cut(clean, 28).empty()) clean = "Sheet";  // nothing usable left, even with a suffix
  std::string name = cut(clean, 31);
  for (int n = 2; taken.count(folded(name)) != 0 || folded(name) == "history"; ++n) {
    // Appended, not "~" + to_string(n): GCC 12 misreports the latter under -Wrestrict.
    std::string suffix(1, '~');
    suffix.append(std::to_string(n));
    name = cut(clean, 31 - static_cast<int>(suffix.size()));
    name.append(suffix);
  }
  taken.insert(folded(name));
  return name;
}

std::string project_sheet_title(std::string_view code, std::string_view name) {
  constexpr int kMax = 31;  // Excel's limit, in UTF-16 units
  // UTF-16 units of a UTF-8 text (4-byte sequences are surrogate pairs).
  const auto units = [](std::string_view s) {
    int n = 0;
    for (unsigned char b : s) {
      if ((b & 0xC0) != 0x80) n += b >= 0xF0 ? 2 : 1;
    }
    return n;
  };
  std::string title(code);
  if (name.empty()) return title;
  title += ' ';
  if (units(title) + units(name) <= kMax) return title + std::string(name);
  // A shortened name stops before its first bracket: a half document number
  // ("…（冀财政法〔2024〕5") reads as a different number.
  static constexpr std::string_view kOpen[] = {"（", "(", "〔", "[",  "【",
                                               "《", "<", "［", "｛", "{"};
  std::size_t stop = name.size();
  for (std::string_view b : kOpen) stop = std::min(stop, name.find(b));
  std::string_view kept = name.substr(0, stop);
  // Then as many whole characters as fit.
  int used = units(title);
  std::size_t i = 0;
  while (i < kept.size()) {
    const unsigned char b = static_cast<unsigned char>(kept[i]);
    const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    const int w = len == 4 ? 2 : 1;
    if (used + w > kMax || i + len > kept.size()) break;
    used += w;
    i += len;
  }
  title.append(kept.substr(0, i));
  while (!title.empty() && title.back() == ' ') title.pop_back();
  return title;
}

}  // namespace detail

#if TARGETWATCH_HAVE_XLSXWRITER
namespace {

using namespace detail;

struct Formats {
  lxw_format* title = nullptr;
  lxw_format* heading = nullptr;
  lxw_format* head = nullptr;
  lxw_format* text = nullptr;
  lxw_format* money = nullptr;   // 万元
  lxw_format* yuan = nullptr;    // 元
  lxw_format* ratio = nullptr;   // 0.00%
  lxw_format* pct1 = nullptr;    // 0.0%
  lxw_format* figure = nullptr;  // indicator figures
  lxw_format* score = nullptr;   // 0.00
  lxw_format* date = nullptr;
  lxw_format* integer = nullptr;
  lxw_format* red = nullptr;
  lxw_format* yellow = nullptr;
  lxw_format* green = nullptr;
  lxw_format* grey = nullptr;  // 未报送 and 数据过期: no current judgement
  lxw_format* muted = nullptr;
};

lxw_format* cell_format(lxw_workbook* wb) {
  lxw_format* f = workbook_add_format(wb);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_border_color(f, 0xC9D1D9);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  format_set_font_name(f, "Microsoft YaHei");
  format_set_font_size(f, 10);
  return f;
}

Formats make_formats(lxw_workbook* wb) {
  Formats f;
  f.title = workbook_add_format(wb);
  format_set_bold(f.title);
  format_set_font_size(f.title, 15);
  format_set_font_name(f.title, "Microsoft YaHei");
  f.heading = workbook_add_format(wb);
  format_set_bold(f.heading);
  format_set_font_size(f.heading, 12);
  format_set_font_name(f.heading, "Microsoft YaHei");
  f.muted = workbook_add_format(wb);
  format_set_font_color(f.muted, 0x57606A);
  format_set_font_name(f.muted, "Microsoft YaHei");
  f.head = cell_format(wb);
  format_set_bold(f.head);
  format_set_bg_color(f.head, 0xEEF2F6);
  format_set_text_wrap(f.head);
  f.text = cell_format(wb);
  format_set_text_wrap(f.text);
  f.money = cell_format(wb);
  format_set_num_format(f.money, "#,##0.00");
  f.yuan = cell_format(wb);
  format_set_num_format(f.yuan, "#,##0.00");
  f.ratio = cell_format(wb);
  format_set_num_format(f.ratio, "0.00%");
  f.pct1 = cell_format(wb);
  format_set_num_format(f.pct1, "0.0%");
  f.figure = cell_format(wb);
  format_set_num_format(f.figure, "General");
  f.score = cell_format(wb);
  format_set_num_format(f.score, "0.00");
  f.integer = cell_format(wb);
  format_set_num_format(f.integer, "0");
  f.date = cell_format(wb);
  format_set_num_format(f.date, "yyyy-mm-dd");
  const auto lamp = [&](lxw_color_t bg, lxw_color_t fg) {
    lxw_format* l = cell_format(wb);
    format_set_bg_color(l, bg);
    format_set_font_color(l, fg);
    format_set_bold(l);
    format_set_align(l, LXW_ALIGN_CENTER);
    return l;
  };
  f.red = lamp(0xC62828, 0xFFFFFF);
  f.yellow = lamp(0xFFD54F, 0x1F2328);
  f.green = lamp(0x2E7D32, 0xFFFFFF);
  f.grey = lamp(0xBDBDBD, 0x1F2328);
  return f;
}

class Sheet {
 public:
  Sheet(lxw_worksheet* ws, const Formats& f) : ws_(ws), f_(f) {}
  void text(int r, int c, std::string_view s, lxw_format* fmt = nullptr) {
    const std::string v(s);
    if (v.empty()) {
      worksheet_write_blank(ws_, row(r), col(c), fmt ? fmt : f_.text);
    } else {
      worksheet_write_string(ws_, row(r), col(c), v.c_str(), fmt ? fmt : f_.text);
    }
  }
  void number(int r, int c, double x, lxw_format* fmt) {
    worksheet_write_number(ws_, row(r), col(c), x, fmt);
  }
  void number(int r, int c, const std::optional<double>& x, lxw_format* fmt) {
    if (x) {
      number(r, c, *x, fmt);
    } else {
      worksheet_write_blank(ws_, row(r), col(c), fmt);
    }
  }
  void date(int r, int c, const std::optional<Date>& d) {
    if (!d) {
      worksheet_write_blank(ws_, row(r), col(c), f_.date);
      return;
    }
    lxw_datetime dt{d->year(), d->month(), d->day(), 0, 0, 0};
    worksheet_write_datetime(ws_, row(r), col(c), &dt, f_.date);
  }
  void lamp(int r, int c, Lamp l, LampChange change = LampChange::kNone) {
    std::string s(lamp_label(l));
    if (change != LampChange::kNone) s += "（" + std::string(change_label(change)) + "）";
    text(r, c, s,
         l == Lamp::kRed      ? f_.red
         : l == Lamp::kYellow ? f_.yellow
         : l == Lamp::kGreen  ? f_.green
                              : f_.grey);
  }
  void header(int r, int c, std::initializer_list<std::string_view> names) {
    for (auto n : names) text(r, c++, n, f_.head);
  }
  lxw_worksheet* raw() { return ws_; }

 private:
  static lxw_row_t row(int r) { return static_cast<lxw_row_t>(r); }
  static lxw_col_t col(int c) { return static_cast<lxw_col_t>(c); }
  lxw_worksheet* ws_;
  const Formats& f_;
};

void page_setup(lxw_worksheet* ws) {
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
}

// The monitoring-form table; returns the next free row.
int indicator_table(Sheet& s, const Formats& f, int r, const std::vector<ReviewIndicator>& inds) {
  s.header(
      r, 0,
      {"一级指标", "二级指标", "三级指标", "年度指标值", "目标值", "单位", "实际完成", "序时应完成",
       "全年预计", "预计依据", "状态", "预警", "偏差原因", "完成可能性", "整改措施", "最近填报"});
  ++r;
  for (const ReviewIndicator& i : inds) {
    s.text(r, 0, i.level1);
    s.text(r, 1, i.level2);
    s.text(r, 2, i.name);
    s.text(r, 3, i.target_text);
    s.number(r, 4, i.target, f.figure);
    s.text(r, 5, i.unit);
    // Qualitative and deadline values are words; the rest are numbers.
    const bool numeric =
        i.comparator != Comparator::kQualitative && i.comparator != Comparator::kDeadline;
    if (numeric) {
      s.number(r, 6, i.actual, f.figure);
      s.number(r, 8, i.projected, f.figure);
    } else {
      s.text(r, 6, i.actual_text);
      s.text(r, 8, i.projected_text);
    }
    s.number(r, 7, i.expected, f.figure);
    s.text(r, 9, basis_label(i.projected_basis));
    std::string status(status_label(i.status));
    if (i.status == IndicatorStatus::kStale) {
      status += "（" + std::string(status_label(i.underlying_status)) + "）";
    }
    s.text(r, 10, status);
    s.lamp(r, 11, i.lamp, i.change);
    s.text(r, 12, cause_text(i.annotation));
    s.text(r, 13, i.annotation.likelihood);
    s.text(r, 14, i.annotation.measure);
    s.date(r, 15, i.last_report);
    ++r;
  }
  return r;
}

void indicator_columns(lxw_worksheet* ws) {
  worksheet_set_column(ws, 0, 1, 12, nullptr);
  worksheet_set_column(ws, 2, 2, 30, nullptr);
  worksheet_set_column(ws, 3, 3, 14, nullptr);
  worksheet_set_column(ws, 4, 9, 11, nullptr);
  worksheet_set_column(ws, 10, 11, 10, nullptr);
  worksheet_set_column(ws, 12, 12, 28, nullptr);
  worksheet_set_column(ws, 13, 13, 11, nullptr);
  worksheet_set_column(ws, 14, 14, 26, nullptr);
  worksheet_set_column(ws, 15, 15, 11, nullptr);
}

void project_sheet(lxw_workbook* wb, const Formats& f, const std::string& name,
                   const ReviewReport& report, const ReviewDepartment& d, const ReviewProject& p) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  page_setup(ws);
  indicator_columns(ws);
  Sheet s(ws, f);
  s.text(0, 0, p.name, f.title);
  s.text(1, 0,
         "项目编码 " + p.code + "　" + d.name + "（" + d.code + "）　截至 " + report.as_of.iso() +
             "　金额单位：万元",
         f.muted);
  s.text(3, 0, "资金执行", f.heading);
  s.header(4, 0,
           {"预算（万元）", "已支出（万元）", "执行率", "计划进度", "应达进度", "偏差",
            "下一检查点", "检查点进度", "每日需支出（元）", "按近期进度预计年末", "执行率/序时进度",
            "资金预警", "最近填报", "资金偏差原因", "完成可能性", "整改措施"});
  const ReviewSpending& sp = p.spending;
  s.number(5, 0, sp.budget_yuan / 1e4, f.money);
  s.number(5, 1, sp.spent_yuan / 1e4, f.money);
  s.number(5, 2, sp.spent_ratio, f.ratio);
  s.number(5, 3, sp.planned_ratio, f.ratio);
  s.number(5, 4, sp.required_ratio, f.ratio);
  s.number(5, 5, sp.lag_ratio, f.ratio);
  s.date(5, 6, sp.next_checkpoint ? std::optional<Date>(sp.next_checkpoint->by) : std::nullopt);
  s.number(5, 7,
           sp.next_checkpoint ? std::optional<double>(sp.next_checkpoint->share) : std::nullopt,
           f.ratio);
  s.number(5, 8, sp.required_daily_spend_yuan, f.yuan);
  s.number(5, 9, sp.projected_year_end_ratio, f.ratio);
  s.number(5, 10,
           sp.time_progress_pct ? std::optional<double>(*sp.time_progress_pct / 100) : std::nullopt,
           f.pct1);
  s.lamp(5, 11, p.lamp, p.change);
  s.date(5, 12, sp.last_report);
  s.text(5, 13, cause_text(sp.annotation));
  s.text(5, 14, sp.annotation.likelihood);
  s.text(5, 15, sp.annotation.measure);
  if (sp.split_plan) {
    // Two more columns on the same row: both execution rates of a split plan.
    s.header(4, 16, {"财政拨款执行率", "其他资金执行率"});
    s.number(5, 16, sp.fiscal_spent_ratio, f.ratio);
    s.number(5, 17, sp.other_spent_ratio, f.ratio);
  }

  int r = 7;
  s.text(r++, 0, "预警", f.heading);
  s.header(r++, 0, {"规则", "代码", "预警", "说明"});
  for (const RuleLamp& rl : p.rules) {
    s.text(r, 0, rule_label(rl.rule));
    s.text(r, 1, to_string(rl.rule));
    s.lamp(r, 2, rl.lamp);
    s.text(r, 3, rl.reason);
    ++r;
  }
  s.text(r, 0, "预计得分");
  s.number(r, 1, p.score, f.score);
  s.text(r, 2, p.grade);
  s.text(r, 3, "资金执行得分 " + fixed(p.budget_execution_score, 2));
  s.text(r, 4, "覆盖");
  s.number(r, 5, p.score_coverage_ratio, f.ratio);
  r += 2;
  s.text(r++, 0, "绩效指标", f.heading);
  const int first = r;
  r = indicator_table(s, f, r, p.indicators);
  worksheet_repeat_rows(ws, static_cast<lxw_row_t>(first), static_cast<lxw_row_t>(first));
}

int summary_block(Sheet& s, const Formats& f, int r, const ReviewReport& report,
                  const ReviewDepartment& d, const std::vector<std::string>& sheet_names) {
  s.text(r++, 0, d.name + "（" + d.code + "）· " + std::to_string(d.fiscal_year) + " 年度",
         f.heading);
  s.header(r++, 0,
           {"预算（万元）", "已支出（万元）", "计划支出（万元）", "执行率",
            "计划进度",     "应达进度",       "序时进度",         "执行率/序时进度",
            "预计得分",     "等级",           "项目红灯",         "项目黄灯",
            "项目绿灯",     "指标红灯",       "指标黄灯",         "指标绿灯",
            "无数据",       "数据过期",       "得分覆盖",         "项目预计得分（预算加权）",
            "项目等级",     "项目得分覆盖",   "项目未报送",       "项目数据过期",
            "指标未报送",   "指标数据过期"});
  s.number(r, 0, d.budget_yuan / 1e4, f.money);
  s.number(r, 1, d.spent_yuan / 1e4, f.money);
  s.number(r, 2, d.planned_yuan / 1e4, f.money);
  s.number(r, 3, d.spent_ratio, f.ratio);
  s.number(r, 4, d.planned_ratio, f.ratio);
  s.number(r, 5, d.required_ratio, f.ratio);
  s.number(r, 6, d.elapsed_ratio, f.ratio);
  s.number(r, 7,
           d.time_progress_pct ? std::optional<double>(*d.time_progress_pct / 100) : std::nullopt,
           f.pct1);
  s.number(r, 8, d.score, f.score);
  s.text(r, 9, d.grade);
  int c = 10;
  for (int n :
       {d.project_lamps.red, d.project_lamps.yellow, d.project_lamps.green, d.indicator_lamps.red,
        d.indicator_lamps.yellow, d.indicator_lamps.green, d.no_data_count, d.stale_count}) {
    s.number(r, c++, n, f.integer);
  }
  s.number(r, c++, d.score_coverage_ratio, f.ratio);
  s.number(r, c++, d.projects_score, f.score);
  s.text(r, c++, d.projects_grade);
  s.number(r, c++, d.projects_score_coverage_ratio, f.ratio);
  for (int n : {d.project_lamps.grey, d.project_lamps.stale, d.indicator_lamps.grey,
                d.indicator_lamps.stale}) {
    s.number(r, c++, n, f.integer);
  }
  r += 2;

  s.text(r++, 0, "项目", f.heading);
  s.header(r++, 0,
           {"序号", "项目", "项目编码", "工作表", "预算（万元）", "已支出（万元）", "执行率",
            "计划进度", "偏差", "预计得分", "等级", "资金预警", "综合预警", "得分覆盖"});
  for (std::size_t i = 0; i < d.projects.size(); ++i) {
    const ReviewProject& p = d.projects[i];
    s.number(r, 0, static_cast<double>(i + 1), f.integer);
    s.text(r, 1, p.name);
    s.text(r, 2, p.code);
    const std::string link = "internal:'" + sheet_names[i] + "'!A1";
    worksheet_write_url_opt(s.raw(), static_cast<lxw_row_t>(r), 3, link.c_str(), f.text,
                            sheet_names[i].c_str(), nullptr);
    s.number(r, 4, p.spending.budget_yuan / 1e4, f.money);
    s.number(r, 5, p.spending.spent_yuan / 1e4, f.money);
    s.number(r, 6, p.spending.spent_ratio, f.ratio);
    s.number(r, 7, p.spending.planned_ratio, f.ratio);
    s.number(r, 8, p.spending.lag_ratio, f.ratio);
    s.number(r, 9, p.score, f.score);
    s.text(r, 10, p.grade);
    s.lamp(r, 11, p.lamp, p.change);
    s.lamp(r, 12, p.overall);
    s.number(r, 13, p.score_coverage_ratio, f.ratio);
    ++r;
  }
  ++r;

  s.text(r++, 0, "需关注事项（红灯 → 黄灯 → 逾期未报送/数据过期）", f.heading);
  s.header(r++, 0, {"类别", "项目", "事项", "情况", "偏差原因", "完成可能性", "整改措施"});
  for (const ReviewItem& item : d.attention) {
    const std::string label(attention_label(item.attention));
    s.text(r, 0, label,
           item.attention == Attention::kRed      ? f.red
           : item.attention == Attention::kYellow ? f.yellow
                                                  : f.text);
    s.text(r, 1, item.project_code.empty() ? "部门整体" : item.project_name);
    s.text(r, 2, item.subject);
    s.text(r, 3, item.detail);
    s.text(r, 4, cause_text(item.annotation));
    s.text(r, 5, item.annotation.likelihood);
    s.text(r, 6, item.annotation.measure);
    ++r;
  }
  if (d.attention.empty()) s.text(r++, 0, "无。", f.muted);
  ++r;

  s.text(r++, 0,
         report.previous_as_of ? "与上期相比（上期 " + report.previous_as_of->iso() + "）"
                               : std::string("与上期相比"),
         f.heading);
  if (!report.previous_as_of) {
    s.text(r++, 0, "未提供上期数据。", f.muted);
  } else if (d.changes.empty()) {
    s.text(r++, 0, "预警无变化。", f.muted);
  } else {
    s.header(r++, 0, {"变化", "项目", "事项", "上期", "本期"});
    for (const ReviewChange& ch : d.changes) {
      s.text(r, 0, change_label(ch.change));
      s.text(r, 1, ch.project_code.empty() ? "部门整体" : ch.project_name);
      s.text(r, 2, ch.subject);
      s.lamp(r, 3, ch.before);
      s.lamp(r, 4, ch.after);
      ++r;
    }
  }
  ++r;
  if (!d.indicators.empty()) {
    s.text(r++, 0, "部门整体绩效指标", f.heading);
    r = indicator_table(s, f, r, d.indicators);
    ++r;
  }
  return r;
}

}  // namespace

Result<std::string> render_review_xlsx(const ReviewReport& report) {
  return xlsx_bytes("review", [&report](lxw_workbook* wb) {
    const Formats f = make_formats(wb);
    std::set<std::string> taken;
    const std::string summary_name = sheet_name("汇总", taken);
    lxw_worksheet* summary = workbook_add_worksheet(wb, summary_name.c_str());
    page_setup(summary);
    indicator_columns(summary);
    Sheet s(summary, f);
    s.text(0, 0, "绩效运行监控月度报告", f.title);
    std::string meta = "截至 " + report.as_of.iso() + "　序时进度 " + percent(report.elapsed_ratio);
    if (report.previous_as_of) meta += "　上期 " + report.previous_as_of->iso();
    s.text(1, 0, meta + "　金额单位：万元（每日需支出：元）", f.muted);
    int r = 3;
    std::vector<std::vector<std::string>> names;
    for (const ReviewDepartment& d : report.departments) {
      std::vector<std::string> dn;
      for (const ReviewProject& p : d.projects) {
        dn.push_back(sheet_name(project_sheet_title(p.code, p.name), taken));
      }
      names.push_back(std::move(dn));
    }
    if (report.departments.empty()) s.text(r, 0, "没有可报告的部门。", f.muted);
    for (std::size_t k = 0; k < report.departments.size(); ++k) {
      r = summary_block(s, f, r, report, report.departments[k], names[k]);
    }
    for (std::size_t k = 0; k < report.departments.size(); ++k) {
      const ReviewDepartment& d = report.departments[k];
      for (std::size_t i = 0; i < d.projects.size(); ++i) {
        project_sheet(wb, f, names[k][i], report, d, d.projects[i]);
      }
    }
  });
}

#else

Result<std::string> render_review_xlsx(const ReviewReport&) {
  return Error{"this build has no XLSX support (libxlsxwriter was not found)"};
}

#endif

}  // namespace targetwatch
