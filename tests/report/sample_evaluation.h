// A small evaluation (two departments, department-wide and project indicators) for report tests.
#pragma once

#include "test_support.h"

namespace targetwatch::testing {

inline Evaluation sample_evaluation(const char* as_of = "2025-06-30") {
  auto t = std::make_shared<Targets>();
  {
    Department d;
    d.code = "375";
    d.name = "廊坊市司法局";
    d.fiscal_year = 2025;
    d.indicators.push_back(
        indicator("quantity-1", Comparator::kGreaterEqual, 1, "次", "部门产出", "数量"));
    d.indicators.back().name = "普法考试次数";
    auto cases = indicator("quantity-1", Comparator::kGreaterEqual, 350, "件");
    cases.name = "法律援助案件受理数";
    auto timely = indicator("timeliness-1", Comparator::kQualitative, std::nullopt, "", "产出指标",
                            "时效指标");
    timely.name = "法律援助及时性";
    timely.expected = "及时";
    auto satisfaction = indicator("satisfaction-1", Comparator::kGreaterEqual, 95, "%",
                                  "满意度指标", "服务对象满意度指标");
    satisfaction.name = "受援群众满意度";
    satisfaction.frequency = Frequency::kQuarterly;  // surveyed quarterly here, so it can go stale
    auto done =
        indicator("timeliness-2", Comparator::kDeadline, std::nullopt, "", "产出指标", "时效指标");
    done.name = "系统上线";
    done.deadline = day("2025-07-31");
    Project legal =
        project("13100025P00041210001X", 68, standard_plan(), {cases, timely, satisfaction, done});
    legal.name = "法律援助工作中央资金（冀财政法〔2024〕50号）用于发放法律援助办案补贴的专项";
    d.projects.push_back(legal);
    auto rate = indicator("quality-1", Comparator::kEqual, 100, "%", "产出指标", "质量指标");
    rate.name = "服务规范率";
    d.projects.push_back(project("13100025P00041210002X", 12.5, {}, {rate}));
    t->departments.push_back(d);
  }
  {
    Department d;
    d.code = "401";
    d.name = "Sample Bureau";
    d.fiscal_year = 2025;
    d.amount_unit = "元";
    d.projects.push_back(project("P-ASCII", 90000, {{day("2025-06-30"), 1.0}}));
    t->departments.push_back(d);
  }
  auto note = record("13100025P00041210001X", "quantity-1", 120, "2025-06-30");
  note.note = "二季度\"案件\"少\n见附件";
  note.cause = "其他";
  note.likelihood = "有可能";
  note.forecast = 330;
  note.measure = "加强宣传";
  auto spending = record("13100025P00041210001X", "spending", 23.1, "2025-06-30");
  spending.note = "采购延迟";
  return evaluate(
      t,
      ActualsIndex(
          {note, spending, record("13100025P00041210001X", "timeliness-1", 1, "2025-06-15"),
           record("13100025P00041210001X", "satisfaction-1", 96, "2025-02-28"),
           record("", "quantity-1", 1, "2025-05-20"),
           record("13100025P00041210002X", "spending", 14, "2025-06-01"),
           record("13100025P00041210002X", "quality-1", 99.5, "2025-06-01"),
           record("P-ASCII", "spending", 45000, "2025-06-30", RecordMode::kCumulative, 0, "401")}),
      day(as_of));
}

}  // namespace targetwatch::testing
