// snapshot_to_table: the evaluation as aligned terminal text, one block per department.
#include "targetwatch/report/snapshot_table.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string_view>

#include "review_text.h"
#include "targetwatch/report/text_width.h"

namespace targetwatch {
namespace {

constexpr int kColumns = 10;
constexpr int kMaxCodeWidth = 24;
constexpr int kMaxNameWidth = 30;
constexpr int kMaxIndicatorNameWidth = 44;

// Indicator rows reuse the project grid, each of their cells spanning two project columns,
// so every line of a block shares the same column boundaries.
struct Span {
  int first;
  int last;
};
constexpr std::array<Span, 5> kIndicatorSpans{{{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}}};
constexpr std::array<bool, kColumns> kRightAligned{false, false, true, true,  true,
                                                   true,  true,  true, false, false};

using Row = std::array<std::string, kColumns>;

// Wording and number formats shared with the review report, so both read the same.
using detail::comparator_symbol;
using detail::figure;
using detail::fixed;
using detail::status_label;

// Appending instead of `"literal" + std::string`: GCC 12 reports a bogus -Wrestrict there.
std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}
using IndicatorRow = std::array<std::string, kIndicatorSpans.size()>;

std::string percent(double ratio) { return fixed(ratio * 100, 1) + "%"; }

std::string wan(double yuan) { return fixed(yuan / 1e4, 2); }

std::string target_text(const Indicator& ind) {
  if (ind.comparator == Comparator::kQualitative) return ind.expected.empty() ? "-" : ind.expected;
  if (ind.comparator == Comparator::kDeadline) {
    return ind.deadline ? ind.deadline->iso() + "前" : "年底前";
  }
  if (!ind.target) return "-";
  return std::string(comparator_symbol(ind.comparator)) + figure(*ind.target) + ind.unit;
}

std::string actual_text(const IndicatorEvaluation& e) {
  if (!e.actual) return "-";
  switch (e.indicator->comparator) {
    case Comparator::kQualitative:
      if (*e.actual >= 1) return "达成";
      return *e.actual > 0 ? "部分达成" : "未达成";
    case Comparator::kDeadline:
      return *e.actual >= 1 ? "已完成" : "未完成";
    default:
      return figure(*e.actual);
  }
}

std::string status_text(const IndicatorEvaluation& e) {
  std::string s(status_label(e.status));
  if (e.status == IndicatorStatus::kStale) {
    s.append("(").append(status_label(e.underlying_status)).append(")");
  }
  return s;
}

Row project_row(const ProjectEvaluation& p) {
  std::string flag = p.behind_schedule ? "落后" : "-";
  if (p.overspent) flag = p.behind_schedule ? "落后 超支" : "超支";
  return Row{p.project->code,
             p.project->name,
             wan(p.budget_yuan),
             wan(p.spent_yuan),
             percent(p.spent_ratio),
             percent(p.planned_ratio),
             percent(p.required_ratio),
             percent(p.lag_ratio),
             flag,
             fixed(p.score, 1) + " " + p.grade};
}

IndicatorRow indicator_row(const IndicatorEvaluation& e) {
  return IndicatorRow{concat({"  · ", e.indicator->name}), target_text(*e.indicator),
                      actual_text(e), e.expected ? figure(*e.expected) : "-", status_text(e)};
}

struct Block {
  std::string title;
  std::vector<Row> projects;  // first entry: the column headers
  std::vector<std::pair<std::size_t, std::vector<IndicatorRow>>> groups;  // row -> indicators
};

class Layout {
 public:
  explicit Layout(const Block& b) {
    widths_.fill(1);
    for (const Row& r : b.projects) {
      for (int c = 0; c < kColumns; ++c) widths_[c] = std::max(widths_[c], display_width(r[c]));
    }
    widths_[0] = std::min(widths_[0], kMaxCodeWidth);
    widths_[1] = std::min(widths_[1], kMaxNameWidth);
    for (std::size_t s = 0; s < kIndicatorSpans.size(); ++s) {
      int needed = 0;
      for (const auto& [row, inds] : b.groups) {
        for (const IndicatorRow& r : inds) needed = std::max(needed, display_width(r[s]));
      }
      if (s == 0) needed = std::min(needed, kMaxIndicatorNameWidth);
      const Span span = kIndicatorSpans[s];
      const int available = span_width(span);
      if (needed > available) widths_[span.last] += needed - available;
    }
  }

  int total_width() const { return span_width({0, kColumns - 1}) + 4; }

  std::string separator(char fill) const {
    std::string line = "+";
    for (int c = 0; c < kColumns; ++c) line.append(widths_[c] + 2, fill).append("+");
    return line;
  }

  std::string full(std::string_view text) const {
    return concat({"| ", pad_right(text, total_width() - 4), " |"});
  }

  std::string row(const Row& r, bool header) const {
    std::string line = "|";
    for (int c = 0; c < kColumns; ++c) {
      const bool right = kRightAligned[c] && !header;
      line.append(" ")
          .append(right ? pad_left(r[c], widths_[c]) : pad_right(r[c], widths_[c]))
          .append(" |");
    }
    return line;
  }

  std::string row(const IndicatorRow& r) const {
    std::string line = "|";
    for (std::size_t s = 0; s < kIndicatorSpans.size(); ++s) {
      const int w = span_width(kIndicatorSpans[s]);
      const bool right = s == 2 || s == 3;  // actual and expected are numbers
      line.append(" ").append(right ? pad_left(r[s], w) : pad_right(r[s], w)).append(" |");
    }
    return line;
  }

 private:
  int span_width(Span s) const {
    int w = 0;
    for (int c = s.first; c <= s.last; ++c) w += widths_[c];
    return w + 3 * (s.last - s.first);
  }

  std::array<int, kColumns> widths_{};
};

Block make_block(const Evaluation& ev, const DepartmentEvaluation& d) {
  Block b;
  const Department& dept = *d.department;
  b.title = dept.code + " " + dept.name + "  " + std::to_string(dept.fiscal_year) + "年度  截至 " +
            ev.as_of.iso() + "  序时进度 " + percent(d.elapsed_ratio) + "  预算 " +
            wan(d.budget_yuan) + "万元  已支出 " + wan(d.spent_yuan) + "万元 (" +
            percent(d.spent_ratio) + ")  落后项目 " + std::to_string(d.behind_schedule_count) +
            "/" + std::to_string(d.projects.size());
  b.projects.push_back(Row{"项目编码", "项目名称 / 绩效指标", "预算(万元)", "已支出(万元)",
                           "执行率", "序时计划", "应达进度", "偏差", "进度", "预计得分"});
  if (!d.indicators.empty()) {
    b.projects.push_back(Row{"(部门整体)", dept.name, "-", "-", "-", "-", "-", "-", "-",
                             fixed(d.score, 1) + " " + d.grade});
    std::vector<IndicatorRow> rows;
    for (const auto& e : d.indicators) rows.push_back(indicator_row(e));
    b.groups.emplace_back(b.projects.size() - 1, std::move(rows));
  }
  for (const auto& p : d.projects) {
    b.projects.push_back(project_row(p));
    std::vector<IndicatorRow> rows;
    for (const auto& e : p.indicators) rows.push_back(indicator_row(e));
    b.groups.emplace_back(b.projects.size() - 1, std::move(rows));
  }
  return b;
}

void render(const Block& b, std::string& out) {
  const Layout layout(b);
  const auto line = [&out](const std::string& s) { out.append(s).append("\n"); };
  line(layout.separator('='));
  line(layout.full(b.title));
  line(layout.separator('='));
  line(layout.row(b.projects[0], true));
  line(layout.row(IndicatorRow{"  · 绩效指标", "目标值", "实际值", "序时应达", "状态"}));
  std::size_t group = 0;
  for (std::size_t r = 1; r < b.projects.size(); ++r) {
    line(layout.separator('-'));
    line(layout.row(b.projects[r], false));
    if (group < b.groups.size() && b.groups[group].first == r) {
      for (const IndicatorRow& ir : b.groups[group].second) line(layout.row(ir));
      ++group;
    }
  }
  line(layout.separator('='));
}

}  // namespace

std::string snapshot_to_table(const Evaluation& evaluation) {
  std::string out;
  for (std::size_t i = 0; i < evaluation.departments.size(); ++i) {
    if (i > 0) out += "\n";
    render(make_block(evaluation, evaluation.departments[i]), out);
  }
  if (evaluation.departments.empty()) out = "截至 " + evaluation.as_of.iso() + ": 无部门目标\n";
  return out;
}

}  // namespace targetwatch
