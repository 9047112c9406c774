// Helpers for the ingest tests: small targets models, reading a CSV against them, and error
// views (fixtures: targetwatch/test/files.h; indicators: targetwatch/test/targets_builder.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "targetwatch/ingest/ingest.h"
#include "targetwatch/model/targets.h"
#include "targetwatch/test/targets_builder.h"

namespace targetwatch::testing {

/// The error without its location and Chinese reason, for tests about the English reason.
inline IngestError english(IngestError e) {
  e.location.clear();
  e.reason_zh.clear();
  return e;
}
inline IngestErrors english(IngestErrors errors) {
  for (auto& e : errors) e = english(std::move(e));
  return errors;
}

using test::make_indicator;

inline Project make_project(std::string code, std::vector<Indicator> indicators) {
  Project p;
  p.code = std::move(code);
  p.name = p.code;
  p.budget = 100;
  p.indicators = std::move(indicators);
  return p;
}

/// Department 375 (2025, 万元) with P001 and the shared project PX; department 376 (2025, 元)
/// with P002 and PX; department 375 again for 2024 with P001 (a previous year's file).
inline Targets sample_targets() {
  Department d375;
  d375.code = "375";
  d375.name = "司法局";
  d375.fiscal_year = 2025;
  d375.amount_unit = "万元";
  d375.indicators = {make_indicator("dept-1", Comparator::kQualitative, std::nullopt, "")};
  d375.projects = {
      make_project("P001",
                   {make_indicator("quantity-1", Comparator::kGreaterEqual, 350, "件"),
                    make_indicator("timeliness-1", Comparator::kQualitative, std::nullopt, ""),
                    make_indicator("deadline-1", Comparator::kDeadline, std::nullopt, ""),
                    make_indicator("cost-1", Comparator::kLessEqual, 4.34, "万元/月"),
                    make_indicator("rate-1", Comparator::kGreaterEqual, 95, "%")}),
      make_project("PX", {})};
  Department d376;
  d376.code = "376";
  d376.fiscal_year = 2025;
  d376.amount_unit = "元";
  d376.projects = {make_project("P002", {}), make_project("PX", {})};
  Department d375_2024 = d375;
  d375_2024.fiscal_year = 2024;
  d375_2024.projects = {make_project("P001", {})};
  Targets t;
  t.departments = {d375, d376, d375_2024};
  return t;
}

inline Indicator named(Indicator i, std::string name) {
  i.name = std::move(name);
  return i;
}

/// One department (375, 2025, 万元) whose projects and indicators have Chinese names:
/// P001 法律援助项目 (budget 100 = fiscal 80 + other 20) with quantity-1 法律援助案件受理数
/// (>= 350 件, linear), timeliness-1 案件办理及时 (qualitative), deadline-1 年底前完成验收
/// (deadline), cost-1 人均成本 (<= 4.34 万元/月), rate-1 群众满意度 (>= 95 %), quality-1 and
/// quality-2 both 案件质量评查, money-1 项目支出金额 (>= 50 万元), growth-1 增长率 (>= -5 %);
/// P002 公共法律服务平台 with 25 indicators n-1..n-25 (指标1..指标25); P003 and P004 both
/// named 重复项目; department-wide dept-1 部门整体评价 (qualitative).
inline Targets named_targets() {
  Department d;
  d.code = "375";
  d.name = "司法局";
  d.fiscal_year = 2025;
  d.amount_unit = "万元";
  d.indicators = {
      named(make_indicator("dept-1", Comparator::kQualitative, std::nullopt, ""), "部门整体评价")};
  Project p1 = make_project(
      "P001",
      {named(make_indicator("quantity-1", Comparator::kGreaterEqual, 350, "件"),
             "法律援助案件受理数"),
       named(make_indicator("timeliness-1", Comparator::kQualitative, std::nullopt, ""),
             "案件办理及时"),
       named(make_indicator("deadline-1", Comparator::kDeadline, std::nullopt, ""),
             "年底前完成验收"),
       named(make_indicator("cost-1", Comparator::kLessEqual, 4.34, "万元/月"), "人均成本"),
       named(make_indicator("rate-1", Comparator::kGreaterEqual, 95, "%"), "群众满意度"),
       named(make_indicator("quality-1", Comparator::kGreaterEqual, 90, "分"), "案件质量评查"),
       named(make_indicator("quality-2", Comparator::kGreaterEqual, 95, "分"), "案件质量评查"),
       named(make_indicator("money-1", Comparator::kGreaterEqual, 50, "万元"), "项目支出金额"),
       named(make_indicator("growth-1", Comparator::kGreaterEqual, -5, "%"), "增长率")});
  p1.name = "法律援助项目";
  p1.fiscal_funds = 80;
  p1.other_funds = 20;
  std::vector<Indicator> many;
  for (int i = 1; i <= 25; ++i) {
    many.push_back(
        named(make_indicator("n-" + std::to_string(i), Comparator::kGreaterEqual, 1, "件"),
              "指标" + std::to_string(i)));
  }
  Project p2 = make_project("P002", std::move(many));
  p2.name = "公共法律服务平台";
  Project p3 = make_project("P003", {});
  p3.name = "重复项目";
  Project p4 = make_project("P004", {});
  p4.name = "重复项目";
  d.projects = {p1, p2, p3, p4};
  Targets t;
  t.departments = {d};
  return t;
}

/// read_actuals of a UTF-8 CSV against named_targets() (or `targets`, which must outlive the
/// call).
inline IngestResult read_csv(std::string_view csv, const ValidationOptions& options = {},
                             const Targets* targets = nullptr) {
  static const Targets kNamed = named_targets();
  const Targets& t = targets ? *targets : kNamed;
  const TargetsIndex index(t);
  return read_actuals(csv, InputFormat::kCsv, Charset::kUtf8, index, options);
}

/// All errors of a result as "location: reason" lines, for failure messages.
inline std::string describe(const IngestErrors& errors) {
  std::string out;
  for (const auto& e : errors) out += e.location + " [" + e.field + "] " + e.reason + "\n";
  return out;
}

}  // namespace targetwatch::testing
