// Tests of the exporter: every family with HELP/TYPE, values of known inputs, state sets,
// omitted optionals, vanishing projects, health counters, and a clean `promtool check metrics`.
#include "targetwatch/metrics/exporter.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>

namespace targetwatch::metrics {
namespace {

// Sample lines keyed by "name{labels}" as printed; value parsed as a double.
std::map<std::string, double> samples(const std::string& text) {
  std::map<std::string, double> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::size_t space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

int count_prefix(const std::map<std::string, double>& s, const std::string& prefix) {
  int n = 0;
  for (const auto& [key, value] : s) n += key.rfind(prefix, 0) == 0 ? 1 : 0;
  return n;
}

struct Fixture {
  std::shared_ptr<Targets> targets = std::make_shared<Targets>();
  Evaluation evaluation;

  Fixture() {
    Department d;
    d.code = "375";
    d.name = "测试局";
    d.fiscal_year = 2025;
    Indicator dept_ind;
    dept_ind.id = "quantity-1";
    dept_ind.level1 = "部门产出";
    dept_ind.level2 = "数量";
    dept_ind.name = "普法考试次数";
    dept_ind.comparator = Comparator::kGreaterEqual;
    dept_ind.target = 1;
    dept_ind.unit = "次";
    d.indicators.push_back(dept_ind);
    Project p;
    p.code = "P-1";
    p.name = "法律援助 \"中央\" 资金\\";
    p.budget = 68;
    Indicator a;
    a.id = "quantity-1";
    a.level1 = "产出指标";
    a.level2 = "数量指标";
    a.name = "法律援助案件受理数";
    a.comparator = Comparator::kGreaterEqual;
    a.target = 350;
    a.unit = "件";
    Indicator q;
    q.id = "timeliness-1";
    q.level1 = "产出指标";
    q.level2 = "时效指标";
    q.name = "及时性";
    q.comparator = Comparator::kQualitative;
    p.indicators = {a, q};
    Project p2;
    p2.code = "P-2";
    p2.name = "second";
    p2.budget = 10;
    d.projects = {p, p2};
    targets->departments.push_back(d);

    const Department& dd = targets->departments[0];
    evaluation.targets = targets;
    evaluation.as_of = Date::from_ymd(2025, 6, 30);
    evaluation.elapsed_ratio = 181.0 / 365;
    DepartmentEvaluation de;
    de.department = &dd;
    de.elapsed_ratio = 181.0 / 365;
    de.budget_yuan = 780000;
    de.spent_yuan = 231000;
    de.score = 70;
    IndicatorEvaluation die;
    die.indicator = &dd.indicators[0];
    die.status = IndicatorStatus::kNoData;
    de.indicators.push_back(die);

    ProjectEvaluation pe;
    pe.project = &dd.projects[0];
    pe.budget_yuan = 680000;
    pe.spent_yuan = 231000;
    pe.spent_ratio = 231000.0 / 680000;
    pe.planned_ratio = 0.6;
    pe.required_ratio = 0.6;
    pe.lag_ratio = 0.6 - 231000.0 / 680000;
    pe.behind_schedule = true;
    pe.next_checkpoint = Checkpoint{Date::from_ymd(2025, 10, 31), 0.9};
    pe.required_daily_spend_yuan = 2000.5;
    pe.recent_pace_ratio = 0.75;
    pe.projected_year_end_ratio = 0.8;
    pe.last_spending_report = Date::from_ymd(2025, 6, 30);
    pe.score = 71.5;
    IndicatorEvaluation ie;
    ie.indicator = &dd.projects[0].indicators[0];
    ie.status = IndicatorStatus::kAtRisk;
    ie.actual = 120;
    ie.expected = 173.6;
    ie.attainment_ratio = 120.0 / 350;
    ie.last_report = Date::from_ymd(2025, 6, 15);
    IndicatorEvaluation qe;
    qe.indicator = &dd.projects[0].indicators[1];
    qe.status = IndicatorStatus::kPending;
    pe.indicators = {ie, qe};
    ProjectEvaluation pe2;
    pe2.project = &dd.projects[1];
    pe2.budget_yuan = 100000;
    de.projects = {pe, pe2};
    evaluation.departments.push_back(de);
  }
};

const std::string kP1 = "department=\"375\",project=\"P-1\"";
const std::string kI1 = "department=\"375\",project=\"P-1\",indicator=\"quantity-1\"";

TEST(Exporter, ProjectAndIndicatorValuesOfKnownInputs) {
  Fixture f;
  auto eval = std::make_shared<const Evaluation>(f.evaluation);
  Exporter exporter("1.2.3", [eval] { return eval; });
  auto s = samples(exporter.scrape());

  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_budget_yuan{" + kP1 + "}"), 680000);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_spent_yuan{" + kP1 + "}"), 231000);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_spent_ratio{" + kP1 + "}"), 231000.0 / 680000);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_planned_ratio{" + kP1 + "}"), 0.6);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_required_ratio{" + kP1 + "}"), 0.6);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_spending_lag_ratio{" + kP1 + "}"),
                   0.6 - 231000.0 / 680000);
  EXPECT_EQ(s.at("targetwatch_project_behind_schedule{" + kP1 + "}"), 1);
  EXPECT_EQ(s.at("targetwatch_project_next_checkpoint_timestamp_seconds{" + kP1 + "}"),
            1761868800);  // 2025-10-31T00:00:00Z
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_next_checkpoint_ratio{" + kP1 + "}"), 0.9);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_required_daily_spend_yuan{" + kP1 + "}"), 2000.5);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_recent_pace_ratio{" + kP1 + "}"), 0.75);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_projected_year_end_ratio{" + kP1 + "}"), 0.8);
  EXPECT_EQ(s.at("targetwatch_project_last_spending_report_timestamp_seconds{" + kP1 + "}"),
            1751241600);  // 2025-06-30
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_score{" + kP1 + "}"), 71.5);
  EXPECT_EQ(s.at("targetwatch_project_info{department=\"375\",department_name=\"测试局\","
                 "project=\"P-1\",project_name=\"法律援助 \\\"中央\\\" 资金\\\\\"}"),
            1);

  EXPECT_EQ(s.at("targetwatch_indicator_target{" + kI1 + "}"), 350);
  EXPECT_EQ(s.at("targetwatch_indicator_actual{" + kI1 + "}"), 120);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_indicator_expected{" + kI1 + "}"), 173.6);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_indicator_attainment_ratio{" + kI1 + "}"), 120.0 / 350);
  EXPECT_EQ(s.at("targetwatch_indicator_last_report_timestamp_seconds{" + kI1 + "}"), 1749945600);
  EXPECT_EQ(s.at("targetwatch_indicator_info{" + kI1 +
                 ",name=\"法律援助案件受理数\",level1=\"产出指标\",level2=\"数量指标\","
                 "comparator=\">=\",unit=\"件\"}"),
            1);
  // Department-wide indicators carry project="".
  EXPECT_EQ(s.at("targetwatch_indicator_target{department=\"375\",project=\"\","
                 "indicator=\"quantity-1\"}"),
            1);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_department_elapsed_ratio{department=\"375\"}"), 181.0 / 365);
}

TEST(Exporter, StatusIsAStateSetWithOneSeriesPerStatus) {
  Fixture f;
  auto eval = std::make_shared<const Evaluation>(f.evaluation);
  auto s = samples(Exporter("x", [eval] { return eval; }).scrape());
  for (IndicatorStatus st : kAllStatuses) {
    std::string key =
        "targetwatch_indicator_status{" + kI1 + ",status=\"" + std::string(to_string(st)) + "\"}";
    ASSERT_TRUE(s.count(key)) << key;
    EXPECT_EQ(s.at(key), st == IndicatorStatus::kAtRisk ? 1 : 0) << key;
  }
  // 3 indicators x 7 statuses, exactly one 1 per indicator.
  int ones = 0, total = 0;
  for (const auto& [key, value] : s) {
    if (key.rfind("targetwatch_indicator_status{", 0) != 0) continue;
    ++total;
    ones += value == 1 ? 1 : 0;
  }
  EXPECT_EQ(total, 21);
  EXPECT_EQ(ones, 3);
}

TEST(Exporter, AbsentOptionalsAreOmittedNotNaN) {
  Fixture f;
  auto eval = std::make_shared<const Evaluation>(f.evaluation);
  std::string text = Exporter("x", [eval] { return eval; }).scrape();
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  auto s = samples(text);
  const std::string q = "department=\"375\",project=\"P-1\",indicator=\"timeliness-1\"";
  EXPECT_FALSE(s.count("targetwatch_indicator_actual{" + q + "}"));
  EXPECT_FALSE(s.count("targetwatch_indicator_target{" + q + "}"));
  EXPECT_FALSE(s.count("targetwatch_indicator_last_report_timestamp_seconds{" + q + "}"));
  EXPECT_TRUE(s.count("targetwatch_indicator_info{" + q +
                      ",name=\"及时性\",level1=\"产出指标\",level2=\"时效指标\","
                      "comparator=\"qualitative\",unit=\"\"}"));
  const std::string p2 = "department=\"375\",project=\"P-2\"";
  EXPECT_TRUE(s.count("targetwatch_project_budget_yuan{" + p2 + "}"));
  EXPECT_FALSE(s.count("targetwatch_project_next_checkpoint_timestamp_seconds{" + p2 + "}"));
  EXPECT_FALSE(s.count("targetwatch_project_recent_pace_ratio{" + p2 + "}"));
}

TEST(Exporter, EveryFamilyOfTheDesignTableHasHelpAndType) {
  // Even with no evaluation at all the health families are there; with one, all compliance ones.
  Fixture f;
  auto eval = std::make_shared<const Evaluation>(f.evaluation);
  Exporter exporter("x", [eval] { return eval; });
  exporter.count_ingest_request(200);  // a labelled family appears with its first child
  std::string text = exporter.scrape();
  for (const char* name : {"project_info",
                           "project_budget_yuan",
                           "project_spent_yuan",
                           "project_spent_ratio",
                           "project_planned_ratio",
                           "project_required_ratio",
                           "project_spending_lag_ratio",
                           "project_behind_schedule",
                           "project_next_checkpoint_timestamp_seconds",
                           "project_next_checkpoint_ratio",
                           "project_required_daily_spend_yuan",
                           "project_recent_pace_ratio",
                           "project_projected_year_end_ratio",
                           "project_last_spending_report_timestamp_seconds",
                           "project_score",
                           "indicator_info",
                           "indicator_target",
                           "indicator_actual",
                           "indicator_expected",
                           "indicator_attainment_ratio",
                           "indicator_status",
                           "indicator_last_report_timestamp_seconds",
                           "build_info",
                           "config_last_reload_success",
                           "config_last_reload_timestamp_seconds"}) {
    std::string full = std::string("targetwatch_") + name;
    EXPECT_NE(text.find("# HELP " + full + " "), std::string::npos) << full;
    EXPECT_NE(text.find("# TYPE " + full + " gauge"), std::string::npos) << full;
  }
  EXPECT_NE(text.find("# TYPE targetwatch_ingest_records_total counter"), std::string::npos);
  EXPECT_NE(text.find("# TYPE targetwatch_ingest_requests_total counter"), std::string::npos);
}

TEST(Exporter, RemovedProjectVanishesAtTheNextScrape) {
  Fixture f;
  std::mutex mu;
  auto current = std::make_shared<const Evaluation>(f.evaluation);
  Exporter exporter("x", [&] {
    std::lock_guard lock(mu);
    return current;
  });
  EXPECT_EQ(count_prefix(samples(exporter.scrape()), "targetwatch_project_budget_yuan{"), 2);
  Evaluation smaller = f.evaluation;
  smaller.departments[0].projects.pop_back();
  {
    std::lock_guard lock(mu);
    current = std::make_shared<const Evaluation>(smaller);
  }
  auto s = samples(exporter.scrape());
  EXPECT_EQ(count_prefix(s, "targetwatch_project_budget_yuan{"), 1);
  EXPECT_FALSE(s.count("targetwatch_project_budget_yuan{department=\"375\",project=\"P-2\"}"));
}

TEST(Exporter, HealthMetrics) {
  Exporter exporter("0.1.0", [] { return std::shared_ptr<const Evaluation>(); });
  auto s0 = samples(exporter.scrape());
  EXPECT_EQ(s0.at("targetwatch_build_info{version=\"0.1.0\"}"), 1);
  EXPECT_EQ(s0.at("targetwatch_ingest_records_total{outcome=\"accepted\"}"), 0);
  EXPECT_EQ(s0.at("targetwatch_ingest_records_total{outcome=\"rejected\"}"), 0);
  EXPECT_EQ(count_prefix(s0, "targetwatch_project_"), 0);

  exporter.count_ingest_records("accepted", 5);
  exporter.count_ingest_records("accepted", 2);
  exporter.count_ingest_records("rejected", 3);
  exporter.count_ingest_request(200);
  exporter.count_ingest_request(422);
  exporter.count_ingest_request(422);
  exporter.set_reload_result(true, 1751241600);
  auto s1 = samples(exporter.scrape());
  EXPECT_EQ(s1.at("targetwatch_ingest_records_total{outcome=\"accepted\"}"), 7);
  EXPECT_EQ(s1.at("targetwatch_ingest_records_total{outcome=\"rejected\"}"), 3);
  EXPECT_EQ(s1.at("targetwatch_ingest_requests_total{code=\"200\"}"), 1);
  EXPECT_EQ(s1.at("targetwatch_ingest_requests_total{code=\"422\"}"), 2);
  EXPECT_EQ(s1.at("targetwatch_config_last_reload_success"), 1);
  EXPECT_EQ(s1.at("targetwatch_config_last_reload_timestamp_seconds"), 1751241600);

  // A failed reload flips success to 0 and keeps the time of the last good load.
  exporter.set_reload_result(false, 1751245200);
  auto s2 = samples(exporter.scrape());
  EXPECT_EQ(s2.at("targetwatch_config_last_reload_success"), 0);
  EXPECT_EQ(s2.at("targetwatch_config_last_reload_timestamp_seconds"), 1751241600);
}

TEST(Exporter, FastWriterMatchesTheReferenceSerializerByteForByte) {
  Fixture f;
  // Awkward numbers and label text exercise formatting and escaping.
  auto& pe = f.evaluation.departments[0].projects[0];
  pe.spent_ratio = 1.0 / 3;
  pe.lag_ratio = -0.0;
  pe.budget_yuan = 1e21;
  pe.required_daily_spend_yuan = 123456789.125;
  pe.recent_pace_ratio = 5e-324;
  Evaluation empty;
  for (const Evaluation* e : {&f.evaluation, &empty}) {
    std::string fast = compliance_text(*e);
    std::string reference = compliance_text_reference(*e);
    EXPECT_EQ(fast, reference);
  }
  EXPECT_NE(compliance_text(f.evaluation).find("0.3333333333333333\n"), std::string::npos);
}

TEST(Exporter, ComplianceTextMatchesTheScrapedFamilies) {
  Fixture f;
  auto eval = std::make_shared<const Evaluation>(f.evaluation);
  std::string scrape = Exporter("x", [eval] { return eval; }).scrape();
  std::string compliance = compliance_text(f.evaluation);
  EXPECT_NE(scrape.find(compliance), std::string::npos);
}

std::string run_promtool(const std::string& text, int& exit_code) {
  auto dir =
      std::filesystem::temp_directory_path() / ("tw_metrics_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto file = dir / "metrics.txt";
  std::ofstream(file) << text;
  std::string command = "promtool check metrics < '" + file.string() + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string output;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  int status = ::pclose(pipe);
  exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::filesystem::remove_all(dir);
  return output;
}

TEST(Exporter, PromtoolCheckMetricsReportsNothing) {
  Fixture f;
  auto eval = std::make_shared<const Evaluation>(f.evaluation);
  Exporter exporter("0.1.0", [eval] { return eval; });
  exporter.count_ingest_records("accepted", 1);
  exporter.count_ingest_request(200);
  exporter.set_reload_result(true, 1751241600);
  int code = -1;
  std::string output = run_promtool(exporter.scrape(), code);
  EXPECT_EQ(code, 0) << output;
  EXPECT_EQ(output, "");
}

TEST(Exporter, RealEvaluationIsExposedWithTheSameFigures) {
  auto targets = std::make_shared<Targets>(*Fixture().targets);
  targets->departments[0].projects[0].spending_plan = {{Date::from_ymd(2025, 6, 30), 0.6}};
  ActualRecord spent;
  spent.department = "375";
  spent.project = "P-1";
  spent.indicator = "spending";
  spent.value = 23.1;
  spent.as_of = Date::from_ymd(2025, 6, 30);
  ActualRecord cases = spent;
  cases.indicator = "quantity-1";
  cases.value = 120;
  cases.revision = 1;
  ActualsIndex index({spent, cases});
  auto eval =
      std::make_shared<const Evaluation>(evaluate(targets, index, Date::from_ymd(2025, 6, 30)));
  auto s = samples(Exporter("x", [eval] { return eval; }).scrape());
  const ProjectEvaluation& pe = eval->departments[0].projects[0];
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_spent_yuan{" + kP1 + "}"), pe.spent_yuan);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_spent_yuan{" + kP1 + "}"), 231000);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_spent_ratio{" + kP1 + "}"), pe.spent_ratio);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_score{" + kP1 + "}"), pe.score);
  EXPECT_EQ(s.at("targetwatch_indicator_actual{" + kI1 + "}"), 120);
  const IndicatorEvaluation& ie = pe.indicators[0];
  std::string status_key = "targetwatch_indicator_status{" + kI1 + ",status=\"" +
                           std::string(to_string(ie.status)) + "\"}";
  EXPECT_EQ(s.at(status_key), 1);
}

}  // namespace
}  // namespace targetwatch::metrics
