// render_review_markdown: the monthly review as Markdown (GitHub tables), problems first.
#include <sstream>

#include "review_text.h"
#include "targetwatch/report/review.h"

namespace targetwatch {
namespace {

using namespace detail;

// Table cells: one line, no column separators.
std::string cell(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out.empty() ? std::string(kDash) : out;
}

void row(std::ostringstream& o, std::initializer_list<std::string> cells) {
  o << '|';
  for (const auto& c : cells) o << ' ' << cell(c) << " |";
  o << '\n';
}

// Header row plus the alignment row; 'r' right-aligns a column (figures).
void header(std::ostringstream& o, std::initializer_list<std::string_view> names,
            std::string_view align) {
  o << '|';
  for (auto n : names) o << ' ' << n << " |";
  o << "\n|";
  for (std::size_t i = 0; i < names.size(); ++i) {
    o << (i < align.size() && align[i] == 'r' ? "---:|" : "---|");
  }
  o << '\n';
}

std::string opt_figure(const std::optional<double>& x, std::string_view unit = "") {
  return x ? figure(*x) + std::string(unit) : std::string(kDash);
}

std::string projected(const ReviewIndicator& r) {
  if (r.projected_text.empty()) return std::string(kDash);
  return r.projected_text + "（" + std::string(basis_label(r.projected_basis)) + "）";
}

std::string status_text(const ReviewIndicator& r) {
  std::string s(status_label(r.status));
  if (r.status == IndicatorStatus::kStale) {
    s += "（" + std::string(status_label(r.underlying_status)) + "）";
  }
  return s;
}

std::string lamp_text(Lamp lamp, LampChange change) {
  std::string s(lamp_label(lamp));
  if (change != LampChange::kNone) s += "（" + std::string(change_label(change)) + "）";
  return s;
}

void indicator_table(std::ostringstream& o, const std::vector<ReviewIndicator>& inds) {
  header(o,
         {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成", "序时应完成", "全年预计",
          "状态", "预警", "偏差原因", "完成可能性", "整改措施"},
         "___rrrr");
  for (const ReviewIndicator& r : inds) {
    row(o,
        {r.level1, r.level2, r.name, r.target_text,
         r.actual_text.empty() ? std::string(kDash) : r.actual_text, opt_figure(r.expected, r.unit),
         projected(r), status_text(r), lamp_text(r.lamp, r.change), cause_text(r.annotation),
         r.annotation.likelihood, r.annotation.measure});
  }
}

std::string time_progress(const std::optional<double>& pct) {
  return pct ? fixed(*pct, 1) + "%" : std::string(kDash);
}

void department(std::ostringstream& o, const ReviewReport& report, const ReviewDepartment& d) {
  o << "## " << d.name << "（" << d.code << "）· " << d.fiscal_year << " 年度\n\n";

  o << "### 一、总体情况\n\n";
  header(o,
         {"项目数", "预算（万元）", "已支出（万元）", "执行率", "计划进度", "应达进度", "序时进度",
          "执行率/序时进度"},
         "rrrrrrrr");
  row(o, {std::to_string(d.projects.size()), wan(d.budget_yuan), wan(d.spent_yuan),
          percent(d.spent_ratio), percent(d.planned_ratio), percent(d.required_ratio),
          percent(d.elapsed_ratio), time_progress(d.time_progress_pct)});
  o << "\n预警规则：";
  for (std::size_t i = 0; i < d.rules.size(); ++i) {
    o << (i ? "、" : "") << rule_label(d.rules[i]) << "（" << to_string(d.rules[i]) << "）";
  }
  o << "。项目预警：红灯 " << d.project_lamps.red << "，黄灯 " << d.project_lamps.yellow
    << "，绿灯 " << d.project_lamps.green << "，未报送 " << d.project_lamps.grey << "，数据过期 "
    << d.project_lamps.stale << "；指标预警：红灯 " << d.indicator_lamps.red << "，黄灯 "
    << d.indicator_lamps.yellow << "，绿灯 " << d.indicator_lamps.green << "，未报送 "
    << d.indicator_lamps.grey << "，数据过期 " << d.indicator_lamps.stale << "。\n\n";
  o << "预计自评得分：项目（按预算加权）"
    << score_text(d.projects_score, d.projects_grade, d.projects_score_coverage_ratio)
    << "；部门整体指标 " << score_text(d.score, d.grade, d.score_coverage_ratio)
    << "。年度中未报送的指标不计入得分，其权重按比例分给已报送的部分；覆盖率为已报送部分的权重占比"
       "。\n\n";
  header(o,
         {"项目", "项目编码", "预算（万元）", "执行率", "预计得分", "覆盖", "等级", "资金预警",
          "综合预警"},
         "__rrrr");
  for (const ReviewProject& p : d.projects) {
    row(o, {p.name, p.code, wan(p.spending.budget_yuan), percent(p.spending.spent_ratio),
            p.grade.empty() ? std::string(kDash) : fixed(p.score, 2),
            fixed(p.score_coverage_ratio * 100, 0) + "%", p.grade, lamp_text(p.lamp, p.change),
            std::string(lamp_label(p.overall))});
  }

  o << "\n### 二、需关注事项（红灯 → 黄灯 → 逾期未报送/数据过期）\n\n";
  if (d.attention.empty()) {
    o << "无。\n";
  } else {
    header(o, {"类别", "项目", "事项", "情况", "偏差原因", "完成可能性", "整改措施"}, "");
    // Stale and overdue no-data lines come grouped per project: the names are in 情况.
    for (const ReviewItem& item : d.attention) {
      row(o, {std::string(attention_label(item.attention)),
              item.project_code.empty() ? "部门整体" : item.project_name, item.subject, item.detail,
              cause_text(item.annotation), item.annotation.likelihood, item.annotation.measure});
    }
  }

  o << "\n### 三、与上期相比";
  if (!report.previous_as_of) {
    o << "\n\n未提供上期数据。\n";
  } else {
    o << "（上期 " << report.previous_as_of->iso() << "）\n\n";
    if (d.changes.empty()) {
      o << "预警无变化。\n";
    } else {
      header(o, {"变化", "项目", "事项", "上期", "本期"}, "");
      for (const ReviewChange& c : d.changes) {
        row(o, {std::string(change_label(c.change)),
                c.project_code.empty() ? "部门整体" : c.project_name, c.subject,
                std::string(lamp_label(c.before)), std::string(lamp_label(c.after))});
      }
    }
  }

  int section = 4;
  static constexpr std::string_view kNumerals[] = {"一", "二", "三", "四", "五", "六"};
  if (!d.indicators.empty()) {
    o << "\n### " << kNumerals[section - 1] << "、部门整体绩效指标\n\n";
    ++section;
    indicator_table(o, d.indicators);
  }
  o << "\n### " << kNumerals[section - 1] << "、项目绩效运行监控\n";
  int n = 0;
  for (const ReviewProject& p : d.projects) {
    const ReviewSpending& s = p.spending;
    o << "\n#### " << ++n << ". " << cell(p.name) << "（" << p.code << "）\n\n";
    o << "预警：";
    for (std::size_t i = 0; i < p.rules.size(); ++i) {
      o << (i ? "；" : "") << rule_label(p.rules[i].rule) << " " << lamp_label(p.rules[i].lamp)
        << "（" << cell(p.rules[i].reason) << "）";
    }
    o << "。预计得分 " << score_text(p.score, p.grade, p.score_coverage_ratio) << "。\n\n";
    header(o,
           {"预算（万元）", "已支出（万元）", "执行率", "计划进度", "应达进度", "偏差",
            "下一检查点", "每日需支出（元）", "按近期进度预计年末", "最近填报"},
           "rrrrrr_rr");
    row(o,
        {wan(s.budget_yuan), wan(s.spent_yuan), percent(s.spent_ratio), percent(s.planned_ratio),
         percent(s.required_ratio), percent(s.lag_ratio), checkpoint_text(s.next_checkpoint),
         s.required_daily_spend_yuan ? grouped(*s.required_daily_spend_yuan) : std::string(kDash),
         percent(s.projected_year_end_ratio),
         s.last_report ? s.last_report->iso() : std::string(kDash)});
    if (s.split_plan) {
      o << "\n资金来源：财政拨款 " << wan(s.fiscal_funds_yuan) << " 万元，执行率 "
        << percent(s.fiscal_spent_ratio) << "；其他资金 " << wan(s.other_funds_yuan)
        << " 万元，执行率 " << percent(s.other_spent_ratio)
        << (s.fiscal_spent_yuan || s.other_spent_yuan ? "" : "（未按来源填报）") << "。\n";
    }
    const std::string why = cause_text(s.annotation);
    if (!why.empty() || !s.annotation.measure.empty()) {
      o << "\n资金偏差原因：" << cell(why.empty() ? std::string(kDash) : why);
      if (!s.annotation.likelihood.empty()) o << "；完成可能性：" << cell(s.annotation.likelihood);
      if (!s.annotation.measure.empty()) o << "；整改措施：" << cell(s.annotation.measure);
      o << "\n";
    }
    o << "\n";
    if (p.indicators.empty()) {
      o << "（无绩效指标）\n";
    } else {
      indicator_table(o, p.indicators);
    }
  }
}

}  // namespace

std::string render_review_markdown(const ReviewReport& report) {
  std::ostringstream o;
  o << "# 绩效运行监控月度报告\n\n";
  o << "截至 " << report.as_of.iso() << "，序时进度 " << percent(report.elapsed_ratio);
  if (report.previous_as_of) o << "，上期 " << report.previous_as_of->iso();
  o << "。金额单位：万元（每日需支出：元）。\n";
  if (report.departments.empty()) o << "\n没有可报告的部门。\n";
  for (const ReviewDepartment& d : report.departments) {
    o << '\n';
    department(o, report, d);
  }
  return o.str();
}

}  // namespace targetwatch
