// A small department for the template tests: department-wide and project indicators of every
// comparator and pace, a hostile project and indicator names, and a few reported figures.
#pragma once

#include "targetwatch/template/fill_in_template.h"
#include "test_support.h"

namespace targetwatch::testing {

/// Names a spreadsheet would run as formulas if they were written as they are.
inline const std::vector<std::string>& hostile_names() {
  static const std::vector<std::string> kNames{"=HYPERLINK(\"http://evil.example\",\"点我\")",
                                               "+1 件",
                                               "-2+3",
                                               "@SUM(A1:A9)",
                                               "\t制表开头",
                                               "\r回车开头"};
  return kNames;
}

struct TemplateInputs {
  std::shared_ptr<const Targets> targets;
  ActualsIndex actuals;
};

inline TemplateInputs template_inputs() {
  auto wide = indicator("quantity-1", Comparator::kGreaterEqual, 1, "次", "部门产出", "数量");
  wide.name = "普法考试次数";
  auto cases = indicator("quantity-1", Comparator::kGreaterEqual, 350, "件");
  cases.name = "法律援助案件受理数";
  auto timely =
      indicator("timeliness-1", Comparator::kQualitative, std::nullopt, "", "产出指标", "时效指标");
  timely.name = "法律援助及时性";
  timely.expected = "及时";
  auto done =
      indicator("timeliness-2", Comparator::kDeadline, std::nullopt, "", "产出指标", "时效指标");
  done.name = "系统上线";
  done.deadline = day("2025-07-31");
  auto rate = indicator("satisfaction-1", Comparator::kGreaterEqual, 95, "%", "满意度指标",
                        "服务对象满意度指标");
  rate.name = "受援群众满意度";
  auto yearly = indicator("quantity-2", Comparator::kGreaterEqual, 10, "个", "产出指标", "数量指标",
                          Pace::kYearEnd);
  yearly.name = "示范点建设数";
  Project legal =
      project("13100025P00041210001X", 68, standard_plan(), {cases, timely, done, rate, yearly});
  legal.name = "法律援助办案补贴";

  std::vector<Indicator> hostile;
  for (std::size_t i = 1; i < hostile_names().size(); ++i) {
    auto h = indicator("quality-" + std::to_string(i), Comparator::kLessEqual, 5, "件");
    h.name = hostile_names()[i];
    hostile.push_back(h);
  }
  Project evil = project("P2", 12.5, {}, hostile);
  evil.name = hostile_names()[0];

  std::vector<ActualRecord> records{
      record("", "quantity-1", 1, "2025-05-20"),
      record("13100025P00041210001X", "quantity-1", 90, "2025-04-30"),
      // An increment: the last reported value is the level it reaches, 120.
      record("13100025P00041210001X", "quantity-1", 30, "2025-06-30", RecordMode::kIncrement),
      // After the template's date: not the last figure as of 2025-06-30.
      record("13100025P00041210001X", "quantity-1", 150, "2025-07-15"),
      record("13100025P00041210001X", "timeliness-1", 1, "2025-06-15"),
      record("13100025P00041210001X", "spending", 23.1, "2025-06-30"),
      record("P2", "spending", -0.5, "2025-06-01"),
  };
  return {targets_with({legal, evil}, {wide}), ActualsIndex(std::move(records))};
}

}  // namespace targetwatch::testing
