// Small targets for tests, written as a chain: departments, their projects and indicators.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "targetwatch/model/targets.h"

namespace targetwatch::test {

/// An indicator under 产出指标 / 数量指标 (change level1/level2 on the result for others); its
/// name is the id unless given.
inline Indicator make_indicator(std::string id, Comparator comparator, std::optional<double> target,
                                std::string unit, std::string name = {}) {
  Indicator i;
  i.id = std::move(id);
  i.level1 = "产出指标";
  i.level2 = "数量指标";
  i.name = name.empty() ? i.id : std::move(name);
  i.comparator = comparator;
  i.target = target;
  i.unit = std::move(unit);
  return i;
}

/// Targets built department by department:
///   TargetsBuilder().department("900", "测试水务局").project("P900-1", "河道巡查项目", 100)
///       .indicator(make_indicator("quantity-1", Comparator::kGreaterEqual, 400, "公里")).build()
/// A project goes into the last department, an indicator into the last project.
class TargetsBuilder {
 public:
  TargetsBuilder& department(std::string code, std::string name, int fiscal_year = 2025) {
    Department d;
    d.code = std::move(code);
    d.name = std::move(name);
    d.fiscal_year = fiscal_year;
    targets_.departments.push_back(std::move(d));
    return *this;
  }
  /// A department-wide indicator of the last department.
  TargetsBuilder& department_indicator(Indicator indicator) {
    last_department().indicators.push_back(std::move(indicator));
    return *this;
  }
  TargetsBuilder& project(std::string code, std::string name, double budget,
                          SpendingPlan plan = {}) {
    Project p;
    p.code = std::move(code);
    p.name = std::move(name);
    p.budget = budget;
    p.spending_plan = std::move(plan);
    last_department().projects.push_back(std::move(p));
    return *this;
  }
  TargetsBuilder& indicator(Indicator indicator) {
    Department& d = last_department();
    if (d.projects.empty()) throw std::logic_error("TargetsBuilder: indicator before a project");
    d.projects.back().indicators.push_back(std::move(indicator));
    return *this;
  }
  /// Mutable, for tests that change the targets afterwards; converts to shared_ptr<const>.
  std::shared_ptr<Targets> build() const { return std::make_shared<Targets>(targets_); }

 private:
  Department& last_department() {
    if (targets_.departments.empty()) throw std::logic_error("TargetsBuilder: no department yet");
    return targets_.departments.back();
  }
  Targets targets_;
};

}  // namespace targetwatch::test
