// Several fiscal years of one department side by side: figures go to the year of their as_of,
// closed years drop out of the default evaluation and stay available on request.
#include <gtest/gtest.h>

#include "targetwatch/evaluate/evaluation.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using testing::day;
using testing::indicator;
using testing::project;
using testing::record;
using testing::standard_plan;

std::shared_ptr<const Targets> two_years() {
  auto t = std::make_shared<Targets>();
  for (int year : {2025, 2026}) {
    Department d;
    d.code = "375";
    d.name = "廊坊市司法局";
    d.fiscal_year = year;
    d.projects.push_back(project("P1", 100, standard_plan(year),
                                 {indicator("quantity-1", Comparator::kGreaterEqual, 350, "件")}));
    t->departments.push_back(std::move(d));
  }
  return t;
}

const ActualsIndex& actuals() {
  static const ActualsIndex index(
      {record("P1", "spending", 95, "2025-12-31"), record("P1", "quantity-1", 340, "2025-12-31"),
       record("P1", "spending", 3, "2026-01-10"), record("P1", "quantity-1", 8, "2026-01-10")});
  return index;
}

TEST(FiscalYears, YearClosesCloseAfterDaysAfterItsEnd) {
  EXPECT_FALSE(year_closed(2025, day("2026-03-31"), 90));
  EXPECT_TRUE(year_closed(2025, day("2026-04-01"), 90));
  EXPECT_FALSE(year_closed(2025, day("2025-12-31"), 0));
  EXPECT_TRUE(year_closed(2025, day("2026-01-01"), 0));
}

TEST(FiscalYears, JanuaryShowsBothYearsAndAFigureGoesToTheYearOfItsDate) {
  const auto ev = evaluate(two_years(), actuals(), day("2026-01-31"));
  ASSERT_EQ(ev.departments.size(), 2u);
  const auto& y2025 = ev.departments[0];
  const auto& y2026 = ev.departments[1];
  EXPECT_EQ(y2025.fiscal_year, 2025);
  EXPECT_EQ(y2026.fiscal_year, 2026);
  // 2025 closes with its own year-end figures; the 2026-01-10 figure is 2026's.
  EXPECT_DOUBLE_EQ(y2025.projects[0].spent_yuan, 95e4);
  EXPECT_DOUBLE_EQ(*y2025.projects[0].indicators[0].actual, 340);
  EXPECT_DOUBLE_EQ(y2026.projects[0].spent_yuan, 3e4);
  EXPECT_DOUBLE_EQ(*y2026.projects[0].indicators[0].actual, 8);
  EXPECT_EQ(*y2026.projects[0].last_spending_report, day("2026-01-10"));
  EXPECT_DOUBLE_EQ(y2026.elapsed_ratio, 31.0 / 365);
  EXPECT_DOUBLE_EQ(y2025.elapsed_ratio, 1.0);
}

TEST(FiscalYears, AClosedYearLeavesTheDefaultAndStaysQueryable) {
  const auto ev = evaluate(two_years(), actuals(), day("2026-04-01"));
  ASSERT_EQ(ev.departments.size(), 1u);
  EXPECT_EQ(ev.departments[0].fiscal_year, 2026);
  const auto closed = evaluate(two_years(), actuals(), day("2026-04-01"), {}, 2025);
  ASSERT_EQ(closed.departments.size(), 1u);
  EXPECT_EQ(closed.departments[0].fiscal_year, 2025);
  EXPECT_DOUBLE_EQ(closed.departments[0].projects[0].spent_yuan, 95e4);
  EXPECT_TRUE(evaluate(two_years(), actuals(), day("2026-04-01"), {}, 2024).departments.empty());
}

TEST(FiscalYears, CloseAfterDaysIsConfigurable) {
  EvaluationSettings s;
  s.close_after_days = 0;
  const auto ev = evaluate(two_years(), actuals(), day("2026-01-01"), s);
  ASSERT_EQ(ev.departments.size(), 1u);
  EXPECT_EQ(ev.departments[0].fiscal_year, 2026);
}

TEST(FiscalYears, ADepartmentWhoseYearsAreAllClosedShowsItsLatest) {
  auto t = std::make_shared<Targets>(*two_years());
  t->departments.pop_back();  // only 2025
  const auto ev = evaluate(t, actuals(), day("2026-11-30"));
  ASSERT_EQ(ev.departments.size(), 1u);
  EXPECT_EQ(ev.departments[0].fiscal_year, 2025);
}

}  // namespace
}  // namespace targetwatch
