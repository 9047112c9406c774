// Helpers for the ingest tests: a small targets model and fixture loading.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "targetwatch/ingest/ingest.h"
#include "targetwatch/model/targets.h"

namespace targetwatch::testing {

inline std::string read_fixture(const std::string& name) {
  const std::string path = std::string(TARGETWATCH_FIXTURES) + "/ingest/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

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

inline Indicator make_indicator(std::string id, Comparator c, std::optional<double> target,
                                std::string unit) {
  Indicator i;
  i.id = std::move(id);
  i.level1 = "产出指标";
  i.level2 = "数量指标";
  i.name = i.id;
  i.comparator = c;
  i.target = target;
  i.unit = std::move(unit);
  return i;
}

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

}  // namespace targetwatch::testing
