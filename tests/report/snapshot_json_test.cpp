// snapshot_to_json: the contract's field names and shape, parsed back with Boost.JSON.
#include "targetwatch/report/snapshot_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>

#include "sample_evaluation.h"

namespace targetwatch {
namespace {

namespace json = boost::json;
using testing::sample_evaluation;

double round_to(double x, int digits) {
  const double s = std::pow(10.0, digits);
  return std::round(x * s) / s;
}

double num(const json::value& v) { return v.to_number<double>(); }

class SnapshotJson : public ::testing::Test {
 protected:
  Evaluation ev_ = sample_evaluation();
  std::string text_ = snapshot_to_json(ev_);
  json::value root_ = json::parse(text_);
  const json::object& dept() const { return root_.at("departments").at(0).as_object(); }
  const json::object& project() const { return dept().at("projects").at(0).as_object(); }
  const json::object& indicator(std::size_t i) const {
    return project().at("indicators").at(i).as_object();
  }
};

TEST_F(SnapshotJson, TopLevel) {
  EXPECT_EQ(root_.at("as_of").as_string(), "2025-06-30");
  EXPECT_DOUBLE_EQ(num(root_.at("elapsed_ratio")), 0.4959);  // 181/365
  ASSERT_TRUE(root_.at("departments").is_array());
  EXPECT_EQ(root_.at("departments").as_array().size(), 2u);
}

TEST_F(SnapshotJson, DepartmentFields) {
  EXPECT_EQ(dept().at("code").as_string(), "375");
  EXPECT_EQ(dept().at("name").as_string(), "廊坊市司法局");
  EXPECT_EQ(dept().at("fiscal_year").as_int64(), 2025);
  EXPECT_EQ(dept().at("indicators").as_array().size(), 1u);
  EXPECT_EQ(dept().at("indicators").at(0).at("id").as_string(), "quantity-1");
  EXPECT_EQ(dept().at("indicators").at(0).at("status").as_string(), "met");
  EXPECT_EQ(dept().at("projects").as_array().size(), 2u);
  EXPECT_DOUBLE_EQ(num(dept().at("budget_yuan")), 805000);
  EXPECT_DOUBLE_EQ(num(dept().at("spent_yuan")), 371000);
  EXPECT_DOUBLE_EQ(num(dept().at("spent_ratio")), round_to(371000.0 / 805000, 4));
  EXPECT_EQ(dept().at("behind_schedule_count").as_int64(),
            ev_.departments[0].behind_schedule_count);
  EXPECT_EQ(dept().at("grade").as_string(), ev_.departments[0].grade);
}

TEST_F(SnapshotJson, ProjectFields) {
  const auto& p = project();
  const auto& pe = ev_.departments[0].projects[0];
  EXPECT_EQ(p.at("code").as_string(), "13100025P00041210001X");
  EXPECT_EQ(p.at("name").as_string(), pe.project->name);
  EXPECT_DOUBLE_EQ(num(p.at("budget_yuan")), 680000);
  EXPECT_DOUBLE_EQ(num(p.at("spent_yuan")), 231000);
  EXPECT_DOUBLE_EQ(num(p.at("spent_ratio")), 0.3397);
  EXPECT_DOUBLE_EQ(num(p.at("planned_ratio")), 0.6);
  EXPECT_DOUBLE_EQ(num(p.at("required_ratio")), 0.6);
  EXPECT_DOUBLE_EQ(num(p.at("lag_ratio")), 0.2603);
  EXPECT_TRUE(p.at("behind_schedule").as_bool());
  EXPECT_TRUE(p.at("checkpoint_missed").as_bool());
  EXPECT_FALSE(p.at("overspent").as_bool());
  EXPECT_EQ(p.at("next_checkpoint").at("by").as_string(), "2025-10-31");
  EXPECT_DOUBLE_EQ(num(p.at("next_checkpoint").at("share")), 0.9);
  EXPECT_DOUBLE_EQ(num(p.at("required_daily_spend_yuan")), round_to((612000.0 - 231000) / 123, 2));
  EXPECT_DOUBLE_EQ(num(p.at("score")), round_to(pe.score, 2));
  EXPECT_EQ(p.at("grade").as_string(), pe.grade);
  EXPECT_EQ(p.at("last_spending_report").as_string(), "2025-06-30");
  EXPECT_EQ(p.at("spending").at("note").as_string(), "采购延迟");
  EXPECT_DOUBLE_EQ(num(p.at("recent_pace_ratio")), round_to(*pe.recent_pace_ratio, 4));
  EXPECT_DOUBLE_EQ(num(p.at("projected_year_end_ratio")),
                   round_to(*pe.projected_year_end_ratio, 4));
}

TEST_F(SnapshotJson, IndicatorFields) {
  const auto& i = indicator(0);
  EXPECT_EQ(i.at("id").as_string(), "quantity-1");
  EXPECT_EQ(i.at("name").as_string(), "法律援助案件受理数");
  EXPECT_EQ(i.at("comparator").as_string(), ">=");
  EXPECT_DOUBLE_EQ(num(i.at("target")), 350);
  EXPECT_EQ(i.at("unit").as_string(), "件");
  EXPECT_DOUBLE_EQ(num(i.at("actual")), 120);
  EXPECT_DOUBLE_EQ(num(i.at("expected")), round_to(350.0 * 181 / 365, 4));
  EXPECT_DOUBLE_EQ(num(i.at("attainment_ratio")), round_to(120.0 / 350, 4));
  EXPECT_EQ(i.at("status").as_string(), "at_risk");
  EXPECT_EQ(i.at("last_report").as_string(), "2025-06-30");
  EXPECT_EQ(i.at("note").as_string(), "二季度\"案件\"少\n见附件");  // escaped and back
  EXPECT_EQ(i.at("cause").as_string(), "其他");
  EXPECT_EQ(i.at("likelihood").as_string(), "有可能");
  EXPECT_DOUBLE_EQ(num(i.at("forecast")), 330);
  EXPECT_EQ(i.at("measure").as_string(), "加强宣传");
  EXPECT_EQ(i.at("pace").as_string(), "linear");
}

TEST_F(SnapshotJson, AbsentOptionalsAreNull) {
  const auto& deadline = indicator(3);
  EXPECT_EQ(deadline.at("status").as_string(), "pending");
  EXPECT_TRUE(deadline.at("actual").is_null());
  EXPECT_TRUE(deadline.at("expected").is_null());
  EXPECT_TRUE(deadline.at("last_report").is_null());
  EXPECT_TRUE(deadline.at("target").is_null());
  EXPECT_TRUE(deadline.at("forecast").is_null());
  EXPECT_EQ(deadline.at("deadline").as_string(), "2025-07-31");
  const auto& qualitative = indicator(1);
  EXPECT_EQ(qualitative.at("goal").as_string(), "及时");
  EXPECT_TRUE(qualitative.at("target").is_null());
}

TEST_F(SnapshotJson, StaleKeepsItsUnderlyingStatus) {
  const auto& sat = indicator(2);  // quarterly, last report Feb 28: 122 days > 92 + 15
  EXPECT_EQ(sat.at("status").as_string(), "stale");
  EXPECT_EQ(sat.at("underlying_status").as_string(), "met");
  EXPECT_EQ(sat.at("report_age_days").as_int64(), 122);
  EXPECT_EQ(sat.at("frequency").as_string(), "quarterly");
  EXPECT_EQ(sat.at("lamp").as_string(), "stale");
  EXPECT_EQ(sat.at("warning_level").as_int64(), -2);
}

TEST_F(SnapshotJson, StatusCountsAddUp) {
  std::int64_t indicators = 0;
  std::int64_t counted = 0;
  for (const auto& d : root_.at("departments").as_array()) {
    indicators += static_cast<std::int64_t>(d.at("indicators").as_array().size());
    for (const auto& p : d.at("projects").as_array()) {
      indicators += static_cast<std::int64_t>(p.at("indicators").as_array().size());
    }
  }
  for (const auto& [status, n] : root_.at("status_counts").as_object()) counted += n.as_int64();
  EXPECT_EQ(counted, indicators);
  EXPECT_EQ(root_.at("status_counts").at("stale").as_int64(), 1);
  EXPECT_EQ(root_.at("status_counts").as_object().size(), std::size(kAllStatuses));
}

TEST_F(SnapshotJson, NumbersArePlainDecimals) {
  EXPECT_NE(text_.find("\"planned_ratio\":0.6,"), std::string::npos) << text_;
  EXPECT_NE(text_.find("\"budget_yuan\":680000,"), std::string::npos);
  EXPECT_EQ(text_.find("E-"), std::string::npos);
  EXPECT_EQ(text_.find("nan"), std::string::npos);
  EXPECT_EQ(text_.find("inf"), std::string::npos);
}

TEST(SnapshotJsonEdge, AfterYearEndNextCheckpointIsNull) {
  const auto ev = sample_evaluation("2026-01-10");
  const auto root = json::parse(snapshot_to_json(ev));
  const auto& p = root.at("departments").at(0).at("projects").at(0);
  EXPECT_TRUE(p.at("next_checkpoint").is_null());
  EXPECT_TRUE(p.at("required_daily_spend_yuan").is_null());
  EXPECT_EQ(root.at("elapsed_ratio").to_number<double>(), 1.0);  // fiscal year 2025 is over
}

TEST(SnapshotJsonEdge, EmptyEvaluation) {
  Evaluation ev;
  ev.as_of = testing::day("2025-01-01");
  const auto root = json::parse(snapshot_to_json(ev));
  EXPECT_EQ(root.at("as_of").as_string(), "2025-01-01");
  EXPECT_TRUE(root.at("departments").as_array().empty());
}

TEST_F(SnapshotJson, GreyAndStaleLampsCoverageAndCounts) {
  // The deadline indicator has no report yet: pending (judged, not due), green; the department
  // of the second bureau has no indicators at all.
  EXPECT_EQ(indicator(3).at("lamp").as_string(), "green");
  EXPECT_EQ(indicator(2).at("lamp").as_string(), "stale");
  EXPECT_EQ(dept().at("fiscal_year").as_int64(), 2025);
  EXPECT_EQ(root_.at("fiscal_years").as_array().size(), 1u);
  EXPECT_EQ(root_.at("fiscal_years").at(0).as_int64(), 2025);
  EXPECT_TRUE(project().contains("score_coverage_ratio"));
  EXPECT_DOUBLE_EQ(num(project().at("score_coverage_ratio")), 1.0);
  EXPECT_EQ(project().at("stale_count").as_int64(), 1);
  EXPECT_TRUE(dept().contains("projects_score"));
  EXPECT_TRUE(dept().contains("projects_score_coverage_ratio"));
  const auto& counts = dept().at("indicator_lamp_counts").as_object();
  std::int64_t total = 0;
  for (const auto& [lamp, n] : counts) total += n.as_int64();
  EXPECT_EQ(total, 6);  // 1 department-wide + 4 + 1 project indicators
  EXPECT_EQ(counts.at("stale").as_int64(), 1);
  EXPECT_EQ(counts.size(), std::size(kAllLamps));
}

TEST(SnapshotJsonYears, TwoFiscalYearsOfOneDepartmentSideBySide) {
  auto t = std::make_shared<Targets>();
  for (int year : {2025, 2026}) {
    Department d;
    d.code = "375";
    d.name = "廊坊市司法局";
    d.fiscal_year = year;
    d.projects.push_back(testing::project("P1", 100, testing::standard_plan(year)));
    t->departments.push_back(d);
  }
  const ActualsIndex index({testing::record("P1", "spending", 90, "2025-12-31"),
                            testing::record("P1", "spending", 2, "2026-01-10")});
  const json::value both =
      json::parse(snapshot_to_json(evaluate(t, index, testing::day("2026-01-31"))));
  ASSERT_EQ(both.at("departments").as_array().size(), 2u);
  EXPECT_EQ(both.at("departments").at(0).at("fiscal_year").as_int64(), 2025);
  EXPECT_EQ(both.at("departments").at(1).at("fiscal_year").as_int64(), 2026);
  EXPECT_DOUBLE_EQ(num(both.at("departments").at(1).at("spent_yuan")), 20000);
  EXPECT_EQ(both.at("fiscal_years").as_array().size(), 2u);
  // ?fiscal_year=2026: evaluate's selector.
  const json::value one =
      json::parse(snapshot_to_json(evaluate(t, index, testing::day("2026-01-31"), {}, 2026)));
  ASSERT_EQ(one.at("departments").as_array().size(), 1u);
  EXPECT_EQ(one.at("departments").at(0).at("fiscal_year").as_int64(), 2026);
}

}  // namespace
}  // namespace targetwatch
