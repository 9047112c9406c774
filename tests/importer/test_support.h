// Helpers shared by the importer tests: look-ups in an imported department and synthetic
// documents (fixtures: targetwatch/test/files.h).
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/importer/importer.h"

namespace targetwatch::test {

inline const Project* find_project(const Department& d, std::string_view code) {
  for (const auto& p : d.projects) {
    if (p.code == code) return &p;
  }
  return nullptr;
}

inline const Indicator* find_indicator(const std::vector<Indicator>& list, std::string_view id) {
  for (const auto& i : list) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

inline const BudgetLine* find_line(const Department& d, std::string_view table,
                                   std::string_view code, std::string_view name) {
  for (const auto& l : d.budget_lines) {
    if (l.table == table && l.code == code && l.name == name) return &l;
  }
  return nullptr;
}

inline std::optional<double> amount(const BudgetLine& line, std::string_view column) {
  for (const auto& [k, v] : line.amounts) {
    if (k == column) return v;
  }
  return std::nullopt;
}

/// "3月底 25%" style expectation of a plan.
struct Point {
  int month;
  int day;
  double share;
};

inline void expect_plan(const Project& p, int year, std::initializer_list<Point> points) {
  SCOPED_TRACE("plan of " + p.code);
  ASSERT_EQ(p.spending_plan.size(), points.size());
  std::size_t i = 0;
  for (const auto& pt : points) {
    EXPECT_EQ(p.spending_plan[i].by, Date::from_ymd(year, pt.month, pt.day)) << "checkpoint " << i;
    EXPECT_DOUBLE_EQ(p.spending_plan[i].share, pt.share) << "checkpoint " << i;
    ++i;
  }
}

/// Synthetic documents: a disclosure text assembled line by line in the tests (never a copy of a
/// real document's text).
/// A document assembled line by line; a line is its cells (joined by tabs).
class Doc {
 public:
  Doc& line(std::initializer_list<std::string_view> cells) {
    std::string l;
    bool first = true;
    for (auto c : cells) {
      if (!first) l += '\t';
      l += c;
      first = false;
    }
    text_ += l + "\n";
    return *this;
  }
  Doc& text(std::string_view t) { return line({t}); }
  Doc& blank() { return line({""}); }
  int lines() const {
    int n = 0;
    for (char c : text_) n += c == '\n';
    return n;
  }
  const std::string& str() const { return text_; }

 private:
  std::string text_;
};

/// The front matter of a department: header lines and a 支出总表 with the 项目支出 total.
inline Doc department(std::string_view code_name, std::string_view year, std::string_view unit,
                      std::string_view project_total) {
  Doc d;
  d.text("部门预算支出总表").blank().text(code_name).blank();
  d.text(std::string("预算年度：") + std::string(year)).blank();
  d.text(std::string("单位：") + std::string(unit)).blank();
  d.line({"序号", "功能分类科目", "", "合计", "基本支出", "项目支出"});
  d.line({"", "科目编码", "科目名称", "", "", ""});
  d.line({"栏次", "1", "2", "3", "4", "5"});
  d.line({"1", "", "合计", "", "", project_total});
  d.blank();
  return d;
}

inline void project_head(Doc& d, std::string_view code, std::string_view name,
                         std::string_view budget, std::string_view fiscal, std::string_view other) {
  d.text(std::string("1、") + std::string(name) + "绩效目标表").blank();
  d.line({"项目编码", code, "", "项目名称", name, "", ""});
  d.line({"预算规模及 资金用途", "预算数", budget, "其中：财政 资金", fiscal, "其他资金", other});
}

inline void indicator_rows(Doc& d) {
  d.line({"一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", ""});
  d.line({"产出指标", "数量指标", "培训人次", "反映培训人次", "≥1200人次", "工作计划", ""});
  d.line({"", "数量指标", "新建校舍", "反映新建校舍面积", "5000 m ²", "合同", ""});
  d.line({"", "时效指标", "校舍交付时间", "反映交付时间", "9月底前", "合同", ""});
  d.line({"效益指标", "社会效益指标", "入学率", "反映入学率", "≥99%", "统计", ""});
  d.line({"满意度指标", "服务对象满意度指标", "家长满意度", "反映家长满意度", "≥90%", "问卷", ""});
}

}  // namespace targetwatch::test
