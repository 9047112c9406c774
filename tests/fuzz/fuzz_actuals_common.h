// Shared by the actuals fuzzers: a small targets model (names, units, comparators of every kind)
// and the invariants every read_actuals answer must keep.
#pragma once

#include <cstdlib>

#include "targetwatch/ingest/ingest.h"

namespace targetwatch::fuzz {

inline Indicator indicator(std::string id, std::string name, Comparator c,
                           std::optional<double> target, std::string unit) {
  Indicator i;
  i.id = std::move(id);
  i.name = std::move(name);
  i.level1 = "产出指标";
  i.level2 = "数量指标";
  i.comparator = c;
  i.target = target;
  i.unit = std::move(unit);
  return i;
}

inline const TargetsIndex& index() {
  static const Targets targets = [] {
    Department d;
    d.code = "375";
    d.fiscal_year = 2025;
    d.amount_unit = "万元";
    d.indicators = {indicator("dept", "部门整体评价", Comparator::kQualitative, {}, "")};
    Project p;
    p.code = "P001";
    p.name = "法律援助项目";
    p.budget = 100;
    p.fiscal_funds = 80;
    p.other_funds = 20;
    p.indicators = {indicator("q", "案件数", Comparator::kGreaterEqual, 350, "件"),
                    indicator("rate", "满意度", Comparator::kGreaterEqual, 95, "%"),
                    indicator("cost", "人均成本", Comparator::kLessEqual, 4, "万元/月"),
                    indicator("ok", "及时", Comparator::kQualitative, {}, ""),
                    indicator("due", "验收", Comparator::kDeadline, {}, ""),
                    indicator("dup1", "重名", Comparator::kGreater, 1, "个"),
                    indicator("dup2", "重名", Comparator::kEqual, 1, "个")};
    d.projects = {p};
    Targets t;
    t.departments = {d};
    return t;
  }();
  static const TargetsIndex index(targets);
  return index;
}

/// Reads `bytes` as `format` and checks what every answer must satisfy; aborts otherwise.
inline void read_and_check(std::string_view bytes, InputFormat format) {
  ValidationOptions options;
  options.today = Date::from_ymd(2025, 12, 31);
  options.previous = [](std::string_view, std::string_view, std::string_view, FundSource,
                        Date before) -> std::optional<PreviousFigure> {
    return PreviousFigure{10, before.plus_days(-1)};
  };
  const IngestResult result = read_actuals(bytes, format, Charset::kAuto, index(), options);
  for (const auto& e : result.errors) {
    if (e.reason.empty() || e.reason_zh.empty()) std::abort();
  }
  for (const auto& w : result.batch.warnings) {
    if (w.reason.empty() || w.reason_zh.empty() || w.location.empty()) std::abort();
  }
  if (!result.ok()) return;
  const auto& records = result.batch.records;
  if (records.size() != result.batch.rows.size()) std::abort();
  // A valid batch written out as CSV reads back as the same records.
  auto back = parse_actuals_csv(actuals_to_csv(records));
  if (!back.ok() || back->records != records) std::abort();
}

}  // namespace targetwatch::fuzz
