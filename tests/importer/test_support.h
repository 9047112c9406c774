// Helpers shared by the importer tests: fixture loading and look-ups in an imported department.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "targetwatch/importer/importer.h"

namespace targetwatch::test {

inline std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(TARGETWATCH_FIXTURES) + "/importer/" + name, std::ios::binary);
  EXPECT_TRUE(in) << "missing fixture " << name;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

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

}  // namespace targetwatch::test
