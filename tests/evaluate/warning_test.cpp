// Warning lamps: plan, time-progress and milestones rules at their boundaries; indicator lamps.
#include "targetwatch/evaluate/warning.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace targetwatch {
namespace {

using testing::day;
using testing::indicator;
using testing::project;
using testing::record;
using testing::standard_plan;
using testing::targets_with;

// A project evaluation with just the fields the spending rules read.
ProjectEvaluation spending(double spent_ratio, double lag_tolerance = 0.05) {
  ProjectEvaluation p;
  p.budget_yuan = 1e6;
  p.spent_yuan = spent_ratio * 1e6;
  p.spent_ratio = spent_ratio;
  p.lag_tolerance = lag_tolerance;
  p.last_spending_report = Date::from_ymd(2025, 6, 30);  // reported, and recently
  return p;
}

Evaluation eval_at(double budget, double spent, const char* as_of,
                   SpendingPlan plan = standard_plan()) {
  std::vector<ActualRecord> records;
  if (spent > 0) records.push_back(record("P1", "spending", spent, as_of));
  return evaluate(targets_with({project("P1", budget, std::move(plan))}),
                  ActualsIndex(std::move(records)), day(as_of));
}

TEST(Lamp, NamesAndLevels) {
  EXPECT_EQ(to_string(Lamp::kRed), "red");
  EXPECT_EQ(to_string(Lamp::kYellow), "yellow");
  EXPECT_EQ(to_string(Lamp::kGreen), "green");
  EXPECT_EQ(lamp_label(Lamp::kRed), "红灯");
  EXPECT_EQ(level_of(Lamp::kGreen), 0);
  EXPECT_EQ(level_of(Lamp::kYellow), 1);
  EXPECT_EQ(level_of(Lamp::kRed), 2);
  EXPECT_EQ(level_of(Lamp::kGrey), -1);
  EXPECT_EQ(level_of(Lamp::kStale), -2);
  EXPECT_EQ(to_string(Lamp::kGrey), "grey");
  EXPECT_EQ(to_string(Lamp::kStale), "stale");
  EXPECT_EQ(worst(Lamp::kYellow, Lamp::kRed), Lamp::kRed);
  EXPECT_EQ(worst(Lamp::kYellow, Lamp::kGreen), Lamp::kYellow);
  // red > yellow > stale > grey > green, whatever the metric levels are.
  EXPECT_EQ(worst(Lamp::kGreen, Lamp::kGrey), Lamp::kGrey);
  EXPECT_EQ(worst(Lamp::kGrey, Lamp::kStale), Lamp::kStale);
  EXPECT_EQ(worst(Lamp::kStale, Lamp::kYellow), Lamp::kYellow);
}

TEST(WarningRuleNames, RoundTrip) {
  for (WarningRule r : {WarningRule::kPlan, WarningRule::kTimeProgress, WarningRule::kMilestones}) {
    EXPECT_EQ(parse_warning_rule(to_string(r)), r);
  }
  EXPECT_EQ(to_string(WarningRule::kTimeProgress), "time-progress");
  EXPECT_FALSE(parse_warning_rule("time_progress"));
  EXPECT_FALSE(parse_warning_rule(""));
}

TEST(WarningPolicy, DepartmentThenStarThenDefault) {
  WarningPolicy policy;
  EXPECT_EQ(rules_for(policy, "375"), WarningRules{});
  WarningRules star;
  star.rules = {WarningRule::kTimeProgress};
  policy["*"] = star;
  EXPECT_EQ(rules_for(policy, "375"), star);
  WarningRules own;
  own.rules = {WarningRule::kMilestones};
  policy["375"] = own;
  EXPECT_EQ(rules_for(policy, "375"), own);
  EXPECT_EQ(rules_for(policy, "401"), star);
}

TEST(PlanLamp, FollowsTheEvaluationFlags) {
  // 2025-06-30, plan 30/60/90: required 60%.
  auto ev = eval_at(100, 40, "2025-06-30");
  auto r = plan_lamp(ev.departments[0].projects[0]);
  EXPECT_EQ(r.lamp, Lamp::kRed);
  EXPECT_EQ(r.rule, WarningRule::kPlan);
  ASSERT_TRUE(r.value);
  EXPECT_NEAR(*r.value, 0.20, 1e-12);
  EXPECT_NE(r.reason.find("60.00%"), std::string::npos) << r.reason;

  // Exactly on the checkpoint, on its day: green (60.0 / 100 is "60%").
  ev = eval_at(100, 60, "2025-06-30");
  EXPECT_EQ(plan_lamp(ev.departments[0].projects[0]).lamp, Lamp::kGreen);

  // Checkpoint met (required 30% since 03-31) but the pace lags: 2025-05-31 planned
  // 0.3 + 0.3 * 61/91 = 0.5011; spent 0.40 -> lag 0.10 > 0.05: yellow.
  ev = eval_at(100, 40, "2025-05-31");
  const auto& p = ev.departments[0].projects[0];
  EXPECT_FALSE(p.checkpoint_missed);
  EXPECT_TRUE(p.lag_exceeded);
  EXPECT_EQ(plan_lamp(p).lamp, Lamp::kYellow);
}

TEST(PlanLamp, LagExactlyAtToleranceIsGreen) {
  ProjectEvaluation p = spending(0.25);
  p.planned_ratio = 0.30;
  p.lag_ratio = 0.05;
  p.lag_exceeded = false;  // the evaluation's own boundary: lag > tolerance
  EXPECT_EQ(plan_lamp(p).lamp, Lamp::kGreen);
}

TEST(PlanLamp, NoBudgetIsGreenWithoutValue) {
  ProjectEvaluation p;
  const auto r = plan_lamp(p);
  EXPECT_EQ(r.lamp, Lamp::kGreen);
  EXPECT_FALSE(r.value);
}

TEST(TimeProgressLamp, Boundaries) {
  const WarningRules rules;  // red < 60, yellow < 80
  // elapsed 0.5: spent 0.30 -> exactly 60 -> yellow (red is *below* 60).
  EXPECT_EQ(time_progress_lamp(spending(0.30), 0.5, rules).lamp, Lamp::kYellow);
  EXPECT_EQ(time_progress_lamp(spending(0.2999), 0.5, rules).lamp, Lamp::kRed);
  // exactly 80 -> green.
  EXPECT_EQ(time_progress_lamp(spending(0.40), 0.5, rules).lamp, Lamp::kGreen);
  EXPECT_EQ(time_progress_lamp(spending(0.3999), 0.5, rules).lamp, Lamp::kYellow);
  EXPECT_EQ(time_progress_lamp(spending(0.0), 0.5, rules).lamp, Lamp::kRed);
  // exactly the ceiling (150) -> green; above it -> yellow (支出异常快).
  EXPECT_EQ(time_progress_lamp(spending(0.75), 0.5, rules).lamp, Lamp::kGreen);
  const auto fast = time_progress_lamp(spending(0.7501), 0.5, rules);
  EXPECT_EQ(fast.lamp, Lamp::kYellow);
  EXPECT_NE(fast.reason.find("支出异常快"), std::string::npos) << fast.reason;
  EXPECT_EQ(time_progress_lamp(spending(0.9), 0.5, rules).lamp, Lamp::kYellow);
  const auto r = time_progress_lamp(spending(0.30), 0.5, rules);
  ASSERT_TRUE(r.value);
  EXPECT_DOUBLE_EQ(*r.value, 60);
  EXPECT_NE(r.reason.find("60.0%"), std::string::npos) << r.reason;
}

TEST(TimeProgressLamp, RoundingAtTheThresholdFromARealEvaluation) {
  // 2025-03-14 is day 73 of 365: elapsed exactly 0.2. Spent 12 of 100 is 60% of it, however
  // 0.12 / 0.2 * 100 rounds in binary.
  auto ev = eval_at(100, 12, "2025-03-14");
  ASSERT_DOUBLE_EQ(ev.departments[0].elapsed_ratio, 0.2);
  EXPECT_EQ(time_progress_lamp(ev.departments[0].projects[0], 0.2, WarningRules{}).lamp,
            Lamp::kYellow);
  ev = eval_at(100, 16, "2025-03-14");
  EXPECT_EQ(time_progress_lamp(ev.departments[0].projects[0], 0.2, WarningRules{}).lamp,
            Lamp::kGreen);
}

TEST(TimeProgressLamp, ConfigurableThresholds) {
  WarningRules rules;
  rules.time_progress_red = 50;
  rules.time_progress_yellow = 90;
  EXPECT_EQ(time_progress_lamp(spending(0.26), 0.5, rules).lamp, Lamp::kYellow);  // 52
  EXPECT_EQ(time_progress_lamp(spending(0.24), 0.5, rules).lamp, Lamp::kRed);     // 48
  EXPECT_EQ(time_progress_lamp(spending(0.44), 0.5, rules).lamp, Lamp::kYellow);  // 88
  EXPECT_EQ(time_progress_lamp(spending(0.45), 0.5, rules).lamp, Lamp::kGreen);   // 90
}

TEST(TimeProgressLamp, BeforeTheYearAndWithoutBudget) {
  const auto r = time_progress_lamp(spending(0), 0, WarningRules{});
  EXPECT_EQ(r.lamp, Lamp::kGreen);
  EXPECT_FALSE(r.value);
  ProjectEvaluation none;
  EXPECT_EQ(time_progress_lamp(none, 0.5, WarningRules{}).lamp, Lamp::kGreen);
}

TEST(MilestonesLamp, OnTheMilestoneDay) {
  const WarningRules rules;  // 25% Apr, 40% Jun, 60% Aug, 80% Oct
  const Date apr30 = day("2025-04-30");
  EXPECT_EQ(milestones_lamp(spending(0.25), 2025, apr30, rules).lamp, Lamp::kGreen);
  const auto red = milestones_lamp(spending(0.249), 2025, apr30, rules);
  EXPECT_EQ(red.lamp, Lamp::kRed);
  ASSERT_TRUE(red.value);
  EXPECT_NEAR(*red.value, -0.001, 1e-12);
  EXPECT_NE(red.reason.find("4月底"), std::string::npos) << red.reason;
  // The day before, nothing is due yet: the path is 0.25 x 119/120 = 0.2479.
  const Date apr29 = day("2025-04-29");
  EXPECT_EQ(milestones_lamp(spending(0.20), 2025, apr29, rules).lamp, Lamp::kGreen);   // lag 0.048
  EXPECT_EQ(milestones_lamp(spending(0.19), 2025, apr29, rules).lamp, Lamp::kYellow);  // 0.058
  EXPECT_EQ(milestones_lamp(spending(0.0), 2025, apr29, rules).lamp, Lamp::kYellow);
}

TEST(MilestonesLamp, BetweenMilestonesTheLatestPassedOneCounts) {
  const WarningRules rules;
  // 2025-07-15: June's 40% is due; the path toward August's 60% is 0.40 + 0.20 x 15/62.
  const Date jul15 = day("2025-07-15");
  EXPECT_EQ(milestones_lamp(spending(0.39), 2025, jul15, rules).lamp, Lamp::kRed);
  EXPECT_EQ(milestones_lamp(spending(0.40), 2025, jul15, rules).lamp, Lamp::kGreen);
  // Yellow needs lag > tolerance: with tolerance 0 even 0.44 < 0.4484 is yellow.
  EXPECT_EQ(milestones_lamp(spending(0.44, 0.0), 2025, jul15, rules).lamp, Lamp::kYellow);
  EXPECT_EQ(milestones_lamp(spending(0.45, 0.0), 2025, jul15, rules).lamp, Lamp::kGreen);
}

TEST(MilestonesLamp, YearEndImpliesFullExecution) {
  const WarningRules rules;
  EXPECT_EQ(milestones_lamp(spending(0.99), 2025, day("2025-12-31"), rules).lamp, Lamp::kRed);
  EXPECT_EQ(milestones_lamp(spending(1.0), 2025, day("2025-12-31"), rules).lamp, Lamp::kGreen);
  // The day before, October's 80% is due (met) but the path to 100% is at 99.67%: yellow.
  EXPECT_EQ(milestones_lamp(spending(0.85), 2025, day("2025-12-30"), rules).lamp, Lamp::kYellow);
  EXPECT_EQ(milestones_lamp(spending(0.99), 2025, day("2026-01-15"), rules).lamp, Lamp::kRed);
}

TEST(MilestonesLamp, ConfigurableListIgnoresInvalidEntries) {
  WarningRules rules;
  rules.milestones = {{13, 0.5}, {6, 0.5}, {3, 2.0}, {9, 0.3}};  // 9 -> made non-decreasing
  // Before June nothing is due; the path is 0.5 x 90/181 = 0.2486 on 03-31.
  EXPECT_EQ(milestones_lamp(spending(0.22), 2025, day("2025-03-31"), rules).lamp, Lamp::kGreen);
  EXPECT_EQ(milestones_lamp(spending(0.19), 2025, day("2025-03-31"), rules).lamp, Lamp::kYellow);
  EXPECT_EQ(milestones_lamp(spending(0.49), 2025, day("2025-06-30"), rules).lamp, Lamp::kRed);
  EXPECT_EQ(milestones_lamp(spending(0.49), 2025, day("2025-09-30"), rules).lamp, Lamp::kRed);
  EXPECT_EQ(milestones_lamp(spending(0.50), 2025, day("2025-09-30"), rules).lamp, Lamp::kGreen);
  rules.milestones.clear();  // only the implied year end: a straight line to 100%
  EXPECT_EQ(milestones_lamp(spending(0.0), 2025, day("2025-01-10"), rules).lamp, Lamp::kGreen);
  EXPECT_EQ(milestones_lamp(spending(0.3), 2025, day("2025-06-30"), rules).lamp, Lamp::kYellow);
}

IndicatorEvaluation ind(IndicatorStatus status, std::string likelihood = "",
                        IndicatorStatus underlying = IndicatorStatus::kNoData) {
  IndicatorEvaluation e;
  e.status = status;
  e.underlying_status = status == IndicatorStatus::kStale ? underlying : status;
  e.annotation.likelihood = std::move(likelihood);
  return e;
}

TEST(IndicatorLamp, Rules) {
  EXPECT_EQ(indicator_lamp(ind(IndicatorStatus::kNotMet)), Lamp::kRed);
  EXPECT_EQ(indicator_lamp(ind(IndicatorStatus::kAtRisk)), Lamp::kYellow);
  EXPECT_EQ(indicator_lamp(ind(IndicatorStatus::kAtRisk, "有可能")), Lamp::kYellow);
  EXPECT_EQ(indicator_lamp(ind(IndicatorStatus::kAtRisk, "完全不可能")), Lamp::kRed);
  EXPECT_EQ(indicator_lamp(ind(IndicatorStatus::kOnTrack, "完全不可能")), Lamp::kGreen);
  EXPECT_EQ(indicator_lamp(ind(IndicatorStatus::kMet)), Lamp::kGreen);
  EXPECT_EQ(indicator_lamp(ind(IndicatorStatus::kPending)), Lamp::kGreen);
  // No data is grey, never green.
  EXPECT_EQ(indicator_lamp(ind(IndicatorStatus::kNoData)), Lamp::kGrey);
  // stale: its own lamp, whatever the last figures said ...
  EXPECT_EQ(indicator_lamp(ind(IndicatorStatus::kStale, "", IndicatorStatus::kAtRisk)),
            Lamp::kStale);
  EXPECT_EQ(indicator_lamp(ind(IndicatorStatus::kStale, "", IndicatorStatus::kNotMet)),
            Lamp::kStale);
  EXPECT_EQ(indicator_lamp(ind(IndicatorStatus::kStale, "", IndicatorStatus::kOnTrack)),
            Lamp::kStale);
  // ... except a missed deadline, which no later report can undo.
  Indicator deadline;
  deadline.comparator = Comparator::kDeadline;
  auto missed = ind(IndicatorStatus::kStale, "", IndicatorStatus::kNotMet);
  missed.indicator = &deadline;
  EXPECT_EQ(indicator_lamp(missed), Lamp::kRed);
}

TEST(ComputeLamps, AppliesTheDepartmentsRulesInOrder) {
  auto cases = indicator("quantity-1", Comparator::kGreaterEqual, 350);
  auto late = record("P1", "quantity-1", 100, "2025-06-30");  // expected 173.6: at risk
  late.likelihood = "完全不可能";
  auto t = targets_with({project("P1", 100, standard_plan(), {cases})}, {cases});
  const Evaluation ev = evaluate(t,
                                 ActualsIndex({record("P1", "spending", 35, "2025-06-30"), late,
                                               record("", "quantity-1", 400, "2025-06-30")}),
                                 day("2025-06-30"));
  WarningPolicy policy;
  WarningRules rules;
  rules.rules = {WarningRule::kTimeProgress, WarningRule::kMilestones, WarningRule::kPlan,
                 WarningRule::kTimeProgress};
  policy["375"] = rules;
  const EvaluationLamps lamps = compute_lamps(ev, policy);
  ASSERT_EQ(lamps.departments.size(), 1u);
  const auto& d = lamps.departments[0];
  EXPECT_EQ(d.department, &ev.departments[0]);
  ASSERT_EQ(d.indicators.size(), 1u);
  EXPECT_EQ(d.indicators[0], Lamp::kGreen);
  ASSERT_EQ(d.projects.size(), 1u);
  const auto& p = d.projects[0];
  ASSERT_EQ(p.rules.size(), 3u);  // the repeated rule is judged once
  EXPECT_EQ(p.rules[0].rule, WarningRule::kTimeProgress);
  EXPECT_EQ(p.rules[1].rule, WarningRule::kMilestones);
  EXPECT_EQ(p.rules[2].rule, WarningRule::kPlan);
  // 0.35 / (181/365) = 70.6%: yellow; June milestone 40%: red; plan 60%: red.
  EXPECT_EQ(p.rules[0].lamp, Lamp::kYellow);
  EXPECT_EQ(p.rules[1].lamp, Lamp::kRed);
  EXPECT_EQ(p.rules[2].lamp, Lamp::kRed);
  EXPECT_EQ(p.lamp, Lamp::kRed);
  ASSERT_EQ(p.indicators.size(), 1u);
  EXPECT_EQ(p.indicators[0], Lamp::kRed);  // at_risk + 完全不可能
  EXPECT_EQ(p.overall(), Lamp::kRed);

  // Without a policy: plan only.
  const EvaluationLamps plain = compute_lamps(ev);
  ASSERT_EQ(plain.departments[0].projects[0].rules.size(), 1u);
  EXPECT_EQ(plain.departments[0].projects[0].rules[0].rule, WarningRule::kPlan);
}

TEST(CommonChecks, NoSpendingReportedIsGreyNeverGreen) {
  // Early in January nothing is due yet, but nothing was reported either.
  const auto ev = eval_at(100, 0, "2025-01-10");
  const auto& p = ev.departments[0].projects[0];
  const WarningRules rules;
  EXPECT_EQ(plan_lamp(p).lamp, Lamp::kGrey);
  EXPECT_EQ(plan_lamp(p).reason, "未报送支出数据");
  EXPECT_EQ(milestones_lamp(p, 2025, day("2025-01-10"), rules).lamp, Lamp::kGrey);
  // A checkpoint missed without any report is still red: the money is not shown as spent.
  EXPECT_EQ(plan_lamp(eval_at(100, 0, "2025-04-30").departments[0].projects[0]).lamp, Lamp::kRed);
  // Reported 0 is a judgement: green before anything is due.
  const auto zero =
      evaluate(targets_with({project("P1", 100, standard_plan())}),
               ActualsIndex({record("P1", "spending", 0, "2025-01-10")}), day("2025-01-10"));
  EXPECT_EQ(plan_lamp(zero.departments[0].projects[0]).lamp, Lamp::kGreen);
}

TEST(CommonChecks, OverspentIsRedOnEveryRule) {
  // The case: 65000 typed as 万元 into a budget of 0.39 万元.
  const auto ev = eval_at(0.39, 65000, "2025-08-31");
  const auto& p = ev.departments[0].projects[0];
  ASSERT_TRUE(p.overspent);
  WarningRules rules;
  for (const RuleLamp& r :
       {plan_lamp(p), time_progress_lamp(p, ev.departments[0].elapsed_ratio, rules),
        milestones_lamp(p, 2025, day("2025-08-31"), rules)}) {
    EXPECT_EQ(r.lamp, Lamp::kRed) << to_string(r.rule);
    EXPECT_NE(r.reason.find("超支"), std::string::npos) << r.reason;
  }
  // Exactly the budget is not overspent.
  const auto full = eval_at(100, 100, "2025-12-31");
  EXPECT_FALSE(full.departments[0].projects[0].overspent);
  EXPECT_EQ(plan_lamp(full.departments[0].projects[0]).lamp, Lamp::kGreen);
}

TEST(CommonChecks, StaleSpendingIsStaleNotGreen) {
  // 60% (ahead of plan) reported on 2025-03-31; on 2025-05-16 (46 days) fresh, on 2025-05-17
  // stale (31 + 15).
  const auto fresh =
      evaluate(targets_with({project("P1", 100, standard_plan())}),
               ActualsIndex({record("P1", "spending", 60, "2025-03-31")}), day("2025-05-16"));
  EXPECT_EQ(plan_lamp(fresh.departments[0].projects[0]).lamp, Lamp::kGreen);
  const auto stale =
      evaluate(targets_with({project("P1", 100, standard_plan())}),
               ActualsIndex({record("P1", "spending", 60, "2025-03-31")}), day("2025-05-17"));
  const auto r = plan_lamp(stale.departments[0].projects[0]);
  EXPECT_EQ(r.lamp, Lamp::kStale);
  EXPECT_NE(r.reason.find("过期"), std::string::npos) << r.reason;
  // A judged problem keeps its colour: the old figure is all there is, and it is behind.
  const auto behind =
      evaluate(targets_with({project("P1", 100, standard_plan())}),
               ActualsIndex({record("P1", "spending", 30, "2025-03-31")}), day("2025-07-31"));
  EXPECT_EQ(plan_lamp(behind.departments[0].projects[0]).lamp, Lamp::kRed);
}

TEST(ComputeLamps, ProjectCarriesItsStaleCount) {
  const auto ind =
      indicator("quality-1", Comparator::kGreaterEqual, 95, "%", "产出指标", "质量指标");
  const auto ev = evaluate(targets_with({project("P1", 100, standard_plan(), {ind})}),
                           ActualsIndex({record("P1", "spending", 60, "2025-06-30"),
                                         record("P1", "quality-1", 99, "2025-01-31")}),
                           day("2025-06-30"));
  const auto lamps = compute_lamps(ev);
  const ProjectLamps& pl = lamps.departments[0].projects[0];
  EXPECT_EQ(pl.stale_count, 1);
  EXPECT_EQ(pl.indicators[0], Lamp::kStale);
  EXPECT_EQ(pl.overall(), Lamp::kStale);
}

}  // namespace
}  // namespace targetwatch
