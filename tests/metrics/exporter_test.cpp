// Tests of the exporter: every family with HELP/TYPE, values of known inputs, state sets,
// omitted optionals, vanishing projects, health counters, and a clean `promtool check metrics`.
#include "targetwatch/metrics/exporter.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <zlib.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>

#include "targetwatch/metrics/history.h"
#include "targetwatch/test/targets_builder.h"

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
  std::shared_ptr<Targets> targets = make_targets();
  Evaluation evaluation;

  static std::shared_ptr<Targets> make_targets() {
    using test::make_indicator;
    Indicator exams =
        make_indicator("quantity-1", Comparator::kGreaterEqual, 1, "次", "普法考试次数");
    exams.level1 = "部门产出";
    exams.level2 = "数量";
    Indicator timely =
        make_indicator("timeliness-1", Comparator::kQualitative, std::nullopt, "", "及时性");
    timely.level2 = "时效指标";
    return test::TargetsBuilder()
        .department("375", "测试局")
        .department_indicator(exams)
        .project("P-1", "法律援助 \"中央\" 资金\\", 68)
        .indicator(make_indicator("quantity-1", Comparator::kGreaterEqual, 350, "件",
                                  "法律援助案件受理数"))
        .indicator(timely)
        .project("P-2", "second", 10)
        .build();
  }

  Fixture() {
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

const std::string kP1 = "department=\"375\",fiscal_year=\"2025\",project=\"P-1\"";
const std::string kI1 =
    "department=\"375\",fiscal_year=\"2025\",project=\"P-1\",indicator=\"quantity-1\"";

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
  EXPECT_EQ(s.at("targetwatch_project_info{department=\"375\",fiscal_year=\"2025\",project=\"P-1\","
                 "department_name=\"测试局\",project_name=\"法律援助 \\\"中央\\\" 资金\\\\\"}"),
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
  EXPECT_EQ(
      s.at("targetwatch_indicator_target{department=\"375\",fiscal_year=\"2025\",project=\"\","
           "indicator=\"quantity-1\"}"),
      1);
  EXPECT_DOUBLE_EQ(
      s.at("targetwatch_department_elapsed_ratio{department=\"375\",fiscal_year=\"2025\"}"),
      181.0 / 365);
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
  const std::string q =
      "department=\"375\",fiscal_year=\"2025\",project=\"P-1\",indicator=\"timeliness-1\"";
  EXPECT_FALSE(s.count("targetwatch_indicator_actual{" + q + "}"));
  EXPECT_FALSE(s.count("targetwatch_indicator_target{" + q + "}"));
  EXPECT_FALSE(s.count("targetwatch_indicator_last_report_timestamp_seconds{" + q + "}"));
  EXPECT_TRUE(s.count("targetwatch_indicator_info{" + q +
                      ",name=\"及时性\",level1=\"产出指标\",level2=\"时效指标\","
                      "comparator=\"qualitative\",unit=\"\"}"));
  const std::string p2 = "department=\"375\",fiscal_year=\"2025\",project=\"P-2\"";
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
                           "project_warning_level",
                           "indicator_warning_level",
                           "department_info",
                           "department_elapsed_ratio",
                           "department_budget_yuan",
                           "department_spent_yuan",
                           "department_score",
                           "build_info",
                           "config_last_reload_success",
                           "config_last_reload_timestamp_seconds",
                           "store_up"}) {
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
  EXPECT_FALSE(s.count(
      "targetwatch_project_budget_yuan{department=\"375\",fiscal_year=\"2025\",project=\"P-2\"}"));
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

TEST(Exporter, StoreAndAuthHealthMetrics) {
  Exporter exporter("0.1.0", [] { return std::shared_ptr<const Evaluation>(); });
  auto s0 = samples(exporter.scrape());
  EXPECT_EQ(s0.at("targetwatch_store_up"), 1);
  EXPECT_EQ(count_prefix(s0, "targetwatch_store_errors_total"), 0);
  exporter.count_store_error("unavailable");
  exporter.count_store_error("unavailable");
  exporter.count_store_error("write");
  exporter.count_auth_failure("invalid");
  exporter.set_store_up(false);
  std::string text = exporter.scrape();
  EXPECT_NE(text.find("# TYPE targetwatch_store_errors_total counter"), std::string::npos);
  EXPECT_NE(text.find("# TYPE targetwatch_auth_failures_total counter"), std::string::npos);
  auto s1 = samples(text);
  EXPECT_EQ(s1.at("targetwatch_store_errors_total{kind=\"unavailable\"}"), 2);
  EXPECT_EQ(s1.at("targetwatch_store_errors_total{kind=\"write\"}"), 1);
  EXPECT_EQ(s1.at("targetwatch_auth_failures_total{reason=\"invalid\"}"), 1);
  EXPECT_EQ(s1.at("targetwatch_store_up"), 0);
  exporter.set_store_up(true);
  EXPECT_EQ(samples(exporter.scrape()).at("targetwatch_store_up"), 1);
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
  // Whole numbers take a shortcut: around its edges (1e15, 2^53, signs, zero) the digits must
  // still be "%.16g"'s.
  for (double v : {0.0, -0.0, 1.0, -7.0, 999999999999999.0, -999999999999999.0, 1e15, -1e15,
                   9007199254740992.0, 1e16, 123456789012345.0, 0.5, -1e-300, 2025.0}) {
    pe.spent_yuan = v;
    EXPECT_EQ(compliance_text(f.evaluation), compliance_text_reference(f.evaluation)) << v;
  }
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

// --- the per-department cache, sharded scrapes and gzip --------------------------------------

// `departments` departments ("D0", "D1", ...) of `projects` projects with `indicators` indicators
// each, and a spending figure for every project of department `varied` worth `spent` (so that a
// new evaluation can change exactly one department).
struct Province {
  std::shared_ptr<const Targets> targets;

  Province(int departments, int projects, int indicators) {
    test::TargetsBuilder t;
    for (int d = 0; d < departments; ++d) {
      const std::string code = "D" + std::to_string(d);
      t.department(code, "部门 " + std::to_string(d));
      for (int p = 0; p < projects; ++p) {
        t.project(code + "-P" + std::to_string(p), "项目 " + std::to_string(p), 100 + p,
                  {{Date::from_ymd(2025, 6, 30), 0.5}});
        for (int i = 0; i < indicators; ++i) {
          t.indicator(test::make_indicator("quantity-" + std::to_string(i + 1),
                                           Comparator::kGreaterEqual, 100 + i, "件",
                                           "指标 " + std::to_string(i)));
        }
      }
    }
    targets = t.build();
  }

  std::shared_ptr<const Evaluation> evaluate_with(int varied, double spent,
                                                  Date as_of = Date::from_ymd(2025, 6, 30)) const {
    std::vector<ActualRecord> records;
    std::int64_t revision = 1;
    for (const Department& d : targets->departments) {
      for (const Project& p : d.projects) {
        ActualRecord r;
        r.department = d.code;
        r.project = p.code;
        r.indicator = "spending";
        r.value = d.code == "D" + std::to_string(varied) ? spent : 10;
        r.as_of = Date::from_ymd(2025, 6, 1);
        r.revision = revision++;
        records.push_back(r);
        r.indicator = "quantity-1";
        r.value = 40;
        r.revision = revision++;
        records.push_back(r);
      }
    }
    return std::make_shared<const Evaluation>(
        evaluate(targets, ActualsIndex(std::move(records)), as_of));
  }
};

std::string gunzip(const std::string& body) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);  // gzip framing only
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  std::string out;
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END) << (z.msg ? z.msg : "");
  EXPECT_EQ(z.avail_in, 0u) << "bytes after the gzip member";
  inflateEnd(&z);
  return out;
}

// Everything but the health families (their counters are read fresh by every scrape).
std::string compliance_part(const std::string& scrape) {
  return scrape.substr(scrape.find("# HELP targetwatch_department_info "));
}

TEST(ExporterCache, OnlyTheChangedDepartmentIsRenderedAgain) {
  Province province(4, 3, 2);
  std::mutex mu;
  auto current = province.evaluate_with(1, 10);
  Exporter exporter("x", [&] {
    std::lock_guard lock(mu);
    return current;
  });
  const std::string first = exporter.scrape();
  EXPECT_EQ(exporter.render_stats().departments_rendered, 4u);
  exporter.scrape();  // same evaluation: nothing rendered, nothing even compared
  EXPECT_EQ(exporter.render_stats().departments_rendered, 4u);
  EXPECT_EQ(exporter.render_stats().departments_reused, 0u);

  // A new evaluation with the same figures renders nothing.
  {
    std::lock_guard lock(mu);
    current = province.evaluate_with(1, 10);
  }
  EXPECT_EQ(exporter.scrape(), first);
  EXPECT_EQ(exporter.render_stats().departments_rendered, 4u);
  EXPECT_EQ(exporter.render_stats().departments_reused, 4u);

  // D2 spends more: D2 alone is rendered again, and the text is that of a fresh render.
  std::shared_ptr<const Evaluation> changed = province.evaluate_with(2, 60);
  {
    std::lock_guard lock(mu);
    current = changed;
  }
  const std::string second = exporter.scrape();
  EXPECT_EQ(exporter.render_stats().departments_rendered, 5u);
  EXPECT_EQ(exporter.render_stats().departments_reused, 7u);
  EXPECT_NE(second, first);
  EXPECT_EQ(compliance_part(second), compliance_text(*changed));
  EXPECT_NE(second.find("targetwatch_project_spent_yuan{department=\"D2\",fiscal_year=\"2025\","
                        "project=\"D2-P0\"} 600000\n"),
            std::string::npos);

  // A different warning policy changes lamps everywhere: everything is rendered again.
  WarningPolicy policy;
  policy["*"].rules = {WarningRule::kPlan, WarningRule::kTimeProgress};
  exporter.set_warning_policy(policy);
  const std::string third = exporter.scrape();
  EXPECT_EQ(exporter.render_stats().departments_rendered, 9u);
  EXPECT_EQ(compliance_part(third), compliance_text(*changed, policy));
  EXPECT_NE(third.find("rule=\"time-progress\""), std::string::npos);
}

TEST(ExporterCache, ReloadedTargetsAreRenderedAgainEvenWithEqualFigures) {
  // Names live in the targets: a reload that renames a project must not be served from the cache.
  Province a(2, 2, 1);
  Province b(2, 2, 1);
  auto renamed = std::make_shared<Targets>(*b.targets);
  renamed->departments[0].projects[0].name = "改名项目";
  b.targets = renamed;
  std::shared_ptr<const Evaluation> current = a.evaluate_with(0, 10);
  Exporter exporter("x", [&] { return current; });
  exporter.scrape();
  current = b.evaluate_with(0, 10);
  const std::string text = exporter.scrape();
  EXPECT_EQ(exporter.render_stats().departments_rendered, 4u);
  EXPECT_NE(text.find("project_name=\"改名项目\""), std::string::npos);
}

TEST(ExporterShard, AFilterSelectsDepartmentsAndTheHealthFamilies) {
  Province province(3, 2, 2);
  auto eval = province.evaluate_with(0, 10);
  Exporter exporter("x", [eval] { return eval; });
  ScrapeFilter filter;
  filter.departments = std::vector<std::string>{"D2", "D0", "nope"};
  filter.health = false;
  const std::string shard = exporter.scrape(filter).body;
  auto s = samples(shard);
  EXPECT_EQ(count_prefix(s, "targetwatch_build_info"), 0);
  EXPECT_EQ(count_prefix(s, "targetwatch_department_info{department=\"D0\""), 1);
  EXPECT_EQ(count_prefix(s, "targetwatch_department_info{department=\"D1\""), 0);
  EXPECT_EQ(count_prefix(s, "targetwatch_department_info{department=\"D2\""), 1);
  EXPECT_EQ(count_prefix(s, "targetwatch_project_budget_yuan{"), 4);
  // The evaluation's order, whatever the filter's.
  EXPECT_LT(shard.find("department=\"D0\""), shard.find("department=\"D2\""));

  // The shards of all departments hold every series of the full scrape exactly once.
  auto full =
      samples(exporter.scrape(ScrapeFilter{.departments = std::nullopt, .health = false}).body);
  std::map<std::string, double> merged;
  for (const char* code : {"D0", "D1", "D2"}) {
    ScrapeFilter one{.departments = std::vector<std::string>{code}, .health = false};
    for (const auto& [key, value] : samples(exporter.scrape(one).body)) {
      EXPECT_TRUE(merged.emplace(key, value).second) << key;
    }
  }
  EXPECT_EQ(merged, full);

  // No department at all: the family headers alone, and promtool is still content.
  ScrapeFilter none{.departments = std::vector<std::string>{}, .health = true};
  const std::string empty = exporter.scrape(none).body;
  EXPECT_EQ(count_prefix(samples(empty), "targetwatch_project_"), 0);
  EXPECT_NE(empty.find("targetwatch_build_info"), std::string::npos);
}

TEST(ExporterGzip, TheGzipBodyInflatesToTheTextAndIsFiveTimesSmaller) {
  Province province(3, 20, 10);
  auto eval = province.evaluate_with(1, 30);
  Exporter exporter("x", [eval] { return eval; });
  exporter.count_ingest_request(200);
  const ScrapeResult gz = exporter.scrape(ScrapeFilter{}, ContentEncoding::kGzip);
  EXPECT_EQ(gz.encoding, ContentEncoding::kGzip);
  const std::string text = exporter.scrape();
  ASSERT_GT(gz.body.size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>(gz.body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz.body[1]), 0x8b);
  EXPECT_EQ(gunzip(gz.body), text);
  EXPECT_GE(text.size(), 5 * gz.body.size()) << text.size() << " vs " << gz.body.size();

  // A shard, and a second (cached) compression give the same bytes as the text.
  ScrapeFilter shard{.departments = std::vector<std::string>{"D1"}, .health = false};
  EXPECT_EQ(gunzip(exporter.scrape(shard, ContentEncoding::kGzip).body),
            exporter.scrape(shard).body);
  EXPECT_EQ(gunzip(exporter.scrape(ScrapeFilter{}, ContentEncoding::kGzip).body),
            exporter.scrape());

  // Without an evaluation: the health families alone.
  Exporter bare("x", [] { return std::shared_ptr<const Evaluation>(); });
  EXPECT_EQ(gunzip(bare.scrape(ScrapeFilter{}, ContentEncoding::kGzip).body), bare.scrape());
}

std::string join(const ScrapePieces& p) {
  std::string out;
  for (std::string_view piece : p.pieces) out += piece;
  EXPECT_EQ(out.size(), p.size());
  return out;
}

TEST(ExporterPieces, PiecesMakeTheSameBodyAndOutliveTheCache) {
  Province province(3, 4, 2);
  std::shared_ptr<const Evaluation> current = province.evaluate_with(0, 10);
  Exporter exporter("x", [&] { return current; });
  ScrapePieces full = exporter.scrape_pieces(ScrapeFilter{});
  const std::string before = exporter.scrape();
  EXPECT_EQ(join(full), before);
  ScrapeFilter shard{.departments = std::vector<std::string>{"D1"}, .health = false};
  EXPECT_EQ(join(exporter.scrape_pieces(shard)), exporter.scrape(shard).body);
  EXPECT_EQ(gunzip(join(exporter.scrape_pieces(shard, ContentEncoding::kGzip))),
            exporter.scrape(shard).body);
  // New data replaces every department in the cache; the pieces taken before still hold.
  current = province.evaluate_with(0, 70);
  EXPECT_NE(exporter.scrape(), before);
  EXPECT_EQ(join(full), before);
  Exporter bare("x", [] { return std::shared_ptr<const Evaluation>(); });
  EXPECT_EQ(join(bare.scrape_pieces(ScrapeFilter{})), bare.scrape());
}

TEST(ExporterPieces, CachedScrapesPointIntoTheCacheInsteadOfCopying) {
  Province province(3, 4, 2);
  std::shared_ptr<const Evaluation> current = province.evaluate_with(0, 10);
  Exporter exporter("x", [&] { return current; });
  for (ContentEncoding encoding : {ContentEncoding::kIdentity, ContentEncoding::kGzip}) {
    const ScrapeFilter no_health{.departments = std::nullopt, .health = false};
    const ScrapePieces first = exporter.scrape_pieces(no_health, encoding);
    const ScrapePieces second = exporter.scrape_pieces(no_health, encoding);
    ASSERT_EQ(first.pieces.size(), second.pieces.size());
    ASSERT_GT(first.pieces.size(), 20u);
    // Every piece but the gzip member's own header and trailer is the same bytes at the same
    // address: the departments' text (or its compressed form) made once, shared by both.
    const std::size_t framing = encoding == ContentEncoding::kGzip ? 1 : 0;
    for (std::size_t i = framing; i + framing < first.pieces.size(); ++i) {
      EXPECT_EQ(first.pieces[i].data(), second.pieces[i].data()) << i;
      EXPECT_EQ(first.pieces[i].size(), second.pieces[i].size()) << i;
    }
    const std::string text = exporter.scrape(no_health).body;
    EXPECT_EQ(encoding == ContentEncoding::kGzip ? gunzip(join(second)) : join(second), text);
  }
  // An empty shard is an empty body, and in gzip a valid member of nothing.
  const ScrapeFilter nothing{.departments = std::vector<std::string>{}, .health = false};
  const std::string empty_gzip = join(exporter.scrape_pieces(nothing, ContentEncoding::kGzip));
  EXPECT_EQ(gunzip(empty_gzip), exporter.scrape(nothing).body);
}

TEST(ExporterCache, EveryDepartmentChangedTwiceInARowKeepsOnlyTheLatestText) {
  Province province(3, 4, 2);
  std::shared_ptr<const Evaluation> current = province.evaluate_with(0, 10);
  Exporter exporter("x", [&] { return current; });
  const std::string first = exporter.scrape();
  // A new day changes every department; then the old figures come back: each rendering must
  // come from its own evaluation, never from a text released or reused by mistake.
  current = province.evaluate_with(0, 10, Date::from_ymd(2025, 7, 1));
  const std::string next_day = exporter.scrape();
  EXPECT_NE(next_day, first);
  EXPECT_EQ(exporter.render_stats().departments_rendered, 6u);
  current = province.evaluate_with(0, 10);
  EXPECT_EQ(exporter.scrape(), first);
  EXPECT_EQ(exporter.render_stats().departments_rendered, 9u);
  EXPECT_EQ(exporter.render_stats().departments_reused, 0u);
}

TEST(ExporterCache, TextIsDroppedOnceCompressedAndRenderedAgainOnlyForIdentityScrapes) {
  Province province(3, 2, 2);
  std::shared_ptr<const Evaluation> current = province.evaluate_with(0, 10);
  Exporter exporter("x", [&] { return current; });
  const auto gzip_scrape = [&] {
    return gunzip(exporter.scrape(ScrapeFilter{}, ContentEncoding::kGzip).body);
  };
  const std::string text = exporter.scrape();
  EXPECT_EQ(exporter.render_stats().departments_rendered, 3u);
  // Compressing keeps only the compressed form: gzip scrapes need no text.
  EXPECT_EQ(gzip_scrape(), text);
  EXPECT_EQ(gzip_scrape(), text);
  EXPECT_EQ(exporter.render_stats().departments_rendered, 3u);
  // An identity scrape renders the text again, and from then on it is kept beside the
  // compressed form: mixed scrapers do not render on every scrape.
  EXPECT_EQ(exporter.scrape(), text);
  EXPECT_EQ(exporter.render_stats().departments_rendered, 6u);
  EXPECT_EQ(gzip_scrape(), text);
  EXPECT_EQ(exporter.scrape(), text);
  EXPECT_EQ(exporter.render_stats().departments_rendered, 6u);

  // New data for D1, scraped with gzip only: D1 alone is rendered (and compressed), the other
  // departments are served from their compressed form.
  current = province.evaluate_with(1, 60);
  const std::string changed = gzip_scrape();
  EXPECT_EQ(exporter.render_stats().departments_rendered, 7u);
  EXPECT_EQ(compliance_part(changed), compliance_text(*current));
  // D1's new text was dropped once compressed: an identity scrape renders it once more.
  EXPECT_EQ(exporter.scrape(), changed);
  EXPECT_EQ(exporter.render_stats().departments_rendered, 8u);
  EXPECT_EQ(exporter.scrape(), changed);
  EXPECT_EQ(exporter.render_stats().departments_rendered, 8u);
}

TEST(ExporterShard, PromtoolAcceptsAShard) {
  Province province(3, 2, 2);
  auto eval = province.evaluate_with(0, 10);
  Exporter exporter("x", [eval] { return eval; });
  int code = -1;
  ScrapeFilter shard{.departments = std::vector<std::string>{"D1"}, .health = false};
  std::string output = run_promtool(exporter.scrape(shard).body, code);
  EXPECT_EQ(code, 0) << output;
  EXPECT_EQ(output, "");
}

TEST(Exporter, HistoryCarriesTheLampsOfThePolicy) {
  Fixture f;
  WarningPolicy policy;
  policy["375"].rules = {WarningRule::kTimeProgress};
  const std::string text = compliance_openmetrics(std::span(&f.evaluation, 1), policy);
  EXPECT_NE(text.find("targetwatch_project_warning_level{department=\"375\",fiscal_year=\"2025\","
                      "project=\"P-1\","
                      "rule=\"time-progress\"}"),
            std::string::npos);
  EXPECT_EQ(text.find("rule=\"plan\""), std::string::npos);
  EXPECT_TRUE(text.ends_with("# EOF\n"));
}

// --- issue 10: fiscal years side by side, grey and stale lamps, coverage, stale counts ---------

TEST(Exporter, GreyAndStaleLampsCoverageStaleCountsAndFundSources) {
  Fixture f;
  DepartmentEvaluation& de = f.evaluation.departments[0];
  de.score_coverage_ratio = 0.25;
  de.projects_score = 88.5;
  de.projects_score_coverage_ratio = 0.68;
  de.stale_count = 4;
  de.no_data_count = 1;
  ProjectEvaluation& pe = de.projects[0];
  pe.score_coverage_ratio = 0.68;
  pe.stale_count = 3;
  pe.no_data_count = 2;
  pe.fiscal_spent_yuan = 200000;
  pe.fiscal_spent_ratio = 0.5;
  pe.indicators[0].status = IndicatorStatus::kStale;
  pe.indicators[0].underlying_status = IndicatorStatus::kAtRisk;
  auto eval = std::make_shared<const Evaluation>(f.evaluation);
  auto s = samples(Exporter("x", [eval] { return eval; }).scrape());
  const std::string d = "{department=\"375\",fiscal_year=\"2025\"}";
  EXPECT_DOUBLE_EQ(s.at("targetwatch_department_score_coverage_ratio" + d), 0.25);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_department_projects_score" + d), 88.5);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_department_projects_score_coverage_ratio" + d), 0.68);
  EXPECT_EQ(s.at("targetwatch_department_stale_indicators" + d), 4);
  EXPECT_EQ(s.at("targetwatch_department_no_data_indicators" + d), 1);
  EXPECT_DOUBLE_EQ(s.at("targetwatch_project_score_coverage_ratio{" + kP1 + "}"), 0.68);
  EXPECT_EQ(s.at("targetwatch_project_stale_indicators{" + kP1 + "}"), 3);
  EXPECT_EQ(s.at("targetwatch_project_no_data_indicators{" + kP1 + "}"), 2);
  EXPECT_EQ(s.at("targetwatch_project_spent_by_source_yuan{" + kP1 + ",source=\"fiscal\"}"),
            200000);
  EXPECT_EQ(s.at("targetwatch_project_spent_by_source_ratio{" + kP1 + ",source=\"fiscal\"}"), 0.5);
  EXPECT_FALSE(s.count("targetwatch_project_spent_by_source_yuan{" + kP1 + ",source=\"other\"}"));
  // warning.h's levels: stale -2, grey (no data) -1, pending green 0.
  EXPECT_EQ(s.at("targetwatch_indicator_warning_level{" + kI1 + "}"), -2);
  EXPECT_EQ(s.at("targetwatch_indicator_warning_level{department=\"375\",fiscal_year=\"2025\","
                 "project=\"\",indicator=\"quantity-1\"}"),
            -1);
  EXPECT_EQ(s.at("targetwatch_indicator_warning_level{department=\"375\",fiscal_year=\"2025\","
                 "project=\"P-1\",indicator=\"timeliness-1\"}"),
            0);
}

TEST(Exporter, TwoFiscalYearsOfADepartmentAreSeparateSeries) {
  Fixture f;
  auto targets = std::make_shared<Targets>(*f.targets);
  Department next = targets->departments[0];
  next.fiscal_year = 2026;
  next.projects.pop_back();
  targets->departments.push_back(next);
  Evaluation both = f.evaluation;
  both.targets = targets;
  both.departments[0].department = &targets->departments[0];
  DepartmentEvaluation de2 = both.departments[0];
  de2.department = &targets->departments[1];
  de2.fiscal_year = 2026;
  de2.projects.pop_back();
  de2.projects[0].project = &targets->departments[1].projects[0];
  de2.projects[0].spent_yuan = 1000;
  for (std::size_t i = 0; i < de2.projects[0].indicators.size(); ++i) {
    de2.projects[0].indicators[i].indicator = &targets->departments[1].projects[0].indicators[i];
  }
  de2.indicators[0].indicator = &targets->departments[1].indicators[0];
  both.departments[0].projects[0].project = &targets->departments[0].projects[0];
  both.departments[0].projects[1].project = &targets->departments[0].projects[1];
  for (std::size_t i = 0; i < 2; ++i) {
    both.departments[0].projects[0].indicators[i].indicator =
        &targets->departments[0].projects[0].indicators[i];
  }
  both.departments[0].indicators[0].indicator = &targets->departments[0].indicators[0];
  both.departments.push_back(de2);
  auto eval = std::make_shared<const Evaluation>(both);
  Exporter exporter("x", [eval] { return eval; });
  const std::string text = exporter.scrape();
  auto s = samples(text);
  const std::string y25 = "department=\"375\",fiscal_year=\"2025\",project=\"P-1\"";
  const std::string y26 = "department=\"375\",fiscal_year=\"2026\",project=\"P-1\"";
  EXPECT_EQ(s.at("targetwatch_project_spent_yuan{" + y25 + "}"), 231000);
  EXPECT_EQ(s.at("targetwatch_project_spent_yuan{" + y26 + "}"), 1000);
  EXPECT_EQ(count_prefix(s, "targetwatch_department_info{"), 2);
  EXPECT_EQ(exporter.render_stats().departments_rendered, 2u);
  // A shard by department code holds both years.
  ScrapeFilter shard{.departments = std::vector<std::string>{"375"}, .health = false};
  EXPECT_EQ(count_prefix(samples(exporter.scrape(shard).body), "targetwatch_department_info{"), 2);
  int code = -1;
  std::string output = run_promtool(text, code);
  EXPECT_EQ(code, 0) << output;
  EXPECT_EQ(output, "");
}

TEST(ExporterCache, AChangedLabelWithTheSameValueIsRenderedAgain) {
  // The fingerprint covers label values, not only sample values: the same amount moving from
  // the fiscal to the other fund source must not be served from the cache.
  Fixture f;
  Evaluation a = f.evaluation;
  a.departments[0].projects[0].fiscal_spent_yuan = 5;
  Evaluation b = f.evaluation;
  b.departments[0].projects[0].other_spent_yuan = 5;
  std::shared_ptr<const Evaluation> current = std::make_shared<const Evaluation>(a);
  Exporter exporter("x", [&] { return current; });
  EXPECT_NE(exporter.scrape().find("source=\"fiscal\"} 5\n"), std::string::npos);
  current = std::make_shared<const Evaluation>(b);
  const std::string text = exporter.scrape();
  EXPECT_EQ(text.find("source=\"fiscal\""), std::string::npos);
  EXPECT_NE(text.find("source=\"other\"} 5\n"), std::string::npos);
}

}  // namespace
}  // namespace targetwatch::metrics
