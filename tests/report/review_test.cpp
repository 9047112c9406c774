// The monthly review: model rules (projection, attention order, changes), renderings, golden
// Markdown/CSV of the bundled example at two dates, and agreement with the status JSON.
#include "targetwatch/report/review.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "review_text.h"
#include "sample_evaluation.h"
#include "targetwatch/config/targets_file.h"
#include "targetwatch/ingest/ingest.h"
#include "targetwatch/report/snapshot_json.h"

namespace targetwatch {
namespace {

namespace json = boost::json;
using testing::day;
using testing::indicator;
using testing::project;
using testing::record;
using testing::sample_evaluation;
using testing::standard_plan;
using testing::targets_with;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---------------------------------------------------------------------------------------------
// Small building blocks.

TEST(ReviewFormat, NamesTypesExtensions) {
  EXPECT_EQ(parse_review_format("html"), ReviewFormat::kHtml);
  EXPECT_EQ(parse_review_format("md"), ReviewFormat::kMarkdown);
  EXPECT_EQ(parse_review_format("markdown"), ReviewFormat::kMarkdown);
  EXPECT_EQ(parse_review_format("csv"), ReviewFormat::kCsv);
  EXPECT_EQ(parse_review_format("xlsx"), ReviewFormat::kXlsx);
  EXPECT_FALSE(parse_review_format("pdf"));
  EXPECT_EQ(media_type(ReviewFormat::kHtml), "text/html; charset=utf-8");
  EXPECT_EQ(media_type(ReviewFormat::kXlsx),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(file_extension(ReviewFormat::kMarkdown), ".md");
}

TEST(ReviewDates, PreviousMonthEnd) {
  EXPECT_EQ(previous_month_end(day("2025-06-30")), day("2025-05-31"));
  EXPECT_EQ(previous_month_end(day("2025-06-15")), day("2025-05-31"));
  EXPECT_EQ(previous_month_end(day("2025-03-01")), day("2025-02-28"));
  EXPECT_EQ(previous_month_end(day("2024-03-31")), day("2024-02-29"));
  EXPECT_EQ(previous_month_end(day("2025-01-31")), day("2024-12-31"));
  EXPECT_EQ(previous_month_end(day("2026-01-01")), day("2025-12-31"));
}

TEST(ReviewChanges, LampChangeMatrix) {
  EXPECT_EQ(lamp_change(Lamp::kGreen, Lamp::kGreen), LampChange::kNone);
  EXPECT_EQ(lamp_change(Lamp::kGreen, Lamp::kRed), LampChange::kNewlyRed);
  EXPECT_EQ(lamp_change(Lamp::kYellow, Lamp::kRed), LampChange::kNewlyRed);
  EXPECT_EQ(lamp_change(Lamp::kGreen, Lamp::kYellow), LampChange::kNewlyYellow);
  EXPECT_EQ(lamp_change(Lamp::kRed, Lamp::kYellow), LampChange::kImproved);
  EXPECT_EQ(lamp_change(Lamp::kRed, Lamp::kGreen), LampChange::kRecovered);
  EXPECT_EQ(lamp_change(Lamp::kYellow, Lamp::kGreen), LampChange::kRecovered);
}

TEST(ReviewText, Numbers) {
  EXPECT_EQ(detail::grouped(1234567.5), "1,234,567.50");
  EXPECT_EQ(detail::grouped(-1234.5), "-1,234.50");
  EXPECT_EQ(detail::grouped(999.999), "1,000.00");
  EXPECT_EQ(detail::grouped(-0.001), "0.00");
  EXPECT_EQ(detail::wan(680000), "68.00");
  EXPECT_EQ(detail::percent(0.6059), "60.59%");
  EXPECT_EQ(detail::percent(0.60175), "60.18%");  // as the JSON's 0.6018 reads
  EXPECT_EQ(detail::percent(0.601749), "60.17%");
  EXPECT_EQ(detail::figure(173.5616), "173.56");
  EXPECT_EQ(detail::figure(90.5), "90.5");
  EXPECT_EQ(detail::figure(350), "350");
  EXPECT_EQ(detail::figure(0.19), "0.19");
  EXPECT_EQ(detail::figure(0.00125), "0.0013");
}

TEST(ReviewText, SheetNamesFollowExcelsRules) {
  std::set<std::string> taken;
  const std::string long_name =
      "1 法律援助工作中央资金（冀财政法〔2024〕50号）用于发放法律援助办案补贴的专项资金项目";
  const std::string a = detail::sheet_name(long_name, taken);
  const std::string b = detail::sheet_name(long_name, taken);
  EXPECT_NE(a, b);
  for (const std::string& n : {a, b}) {
    int count = 0;
    for (unsigned char c : n) count += (c & 0xC0) != 0x80;  // code points (all BMP here)
    EXPECT_LE(count, 31) << n;
    EXPECT_EQ(n.find_first_of("[]:*?/\\"), std::string::npos) << n;
  }
  EXPECT_EQ(b.substr(b.size() - 2), "~2");
  EXPECT_EQ(detail::sheet_name("a[b]:c*d?e/f\\g", taken), "a_b__c_d_e_f_g");
  EXPECT_EQ(detail::sheet_name("'quoted'", taken), "quoted");
  EXPECT_EQ(detail::sheet_name("History", taken), "History~2");
  EXPECT_EQ(detail::sheet_name("汇总", taken), "汇总");
  EXPECT_EQ(detail::sheet_name("汇总", taken), "汇总~2");
  EXPECT_EQ(detail::sheet_name("SHEET", taken), "SHEET");
  EXPECT_EQ(detail::sheet_name("sheet", taken), "sheet~2");  // Excel ignores case
  EXPECT_EQ(detail::sheet_name("", taken), "Sheet~3");
}

// ---------------------------------------------------------------------------------------------
// The model on the small sample evaluation (tests/report/sample_evaluation.h).

const ReviewIndicator& find_indicator(const ReviewProject& p, std::string_view id) {
  for (const auto& i : p.indicators) {
    if (i.id == id) return i;
  }
  throw std::out_of_range(std::string(id));
}

TEST(ReviewModel, ProjectionBasis) {
  const Evaluation ev = sample_evaluation();
  const ReviewReport r = build_review(ev, nullptr, nullptr, {});
  const ReviewProject& legal = r.departments.at(0).projects.at(0);
  // Forecast reported: used as it is.
  const auto& cases = find_indicator(legal, "quantity-1");
  EXPECT_EQ(cases.projected_basis, ProjectionBasis::kForecast);
  EXPECT_EQ(cases.projected, 330);
  EXPECT_EQ(cases.projected_text, "330件");
  // Point-in-time (%): the latest value.
  const auto& sat = find_indicator(legal, "satisfaction-1");
  EXPECT_EQ(sat.projected_basis, ProjectionBasis::kLatest);
  EXPECT_EQ(sat.projected, 96);
  // Qualitative: the latest value in words.
  const auto& timely = find_indicator(legal, "timeliness-1");
  EXPECT_EQ(timely.projected_text, "达成");
  EXPECT_EQ(timely.target_text, "及时");
  // Deadline without a report: nothing projected.
  const auto& done = find_indicator(legal, "timeliness-2");
  EXPECT_EQ(done.projected_basis, ProjectionBasis::kNone);
  EXPECT_EQ(done.target_text, "2025-07-31前完成");
  EXPECT_EQ(cases.target_text, "≥350件");

  // Linear pace without a forecast: actual / elapsed share at the report date (not as_of).
  auto ind = indicator("quantity-1", Comparator::kGreaterEqual, 365);
  const Evaluation lin =
      evaluate(targets_with({project("P1", 10, standard_plan(), {ind})}),
               ActualsIndex({record("P1", "quantity-1", 73, "2025-03-14")}), day("2025-04-30"));
  const auto rl = build_review(lin, nullptr, nullptr, {});
  const auto& li = rl.departments[0].projects[0].indicators[0];
  EXPECT_EQ(li.projected_basis, ProjectionBasis::kLinear);
  EXPECT_DOUBLE_EQ(*li.projected, 73 / (73.0 / 365));  // 365
  // After the year: the latest value.
  const Evaluation after =
      evaluate(targets_with({project("P1", 10, standard_plan(), {ind})}),
               ActualsIndex({record("P1", "quantity-1", 300, "2025-12-31")}), day("2026-01-10"));
  EXPECT_EQ(build_review(after, nullptr, nullptr, {})
                .departments[0]
                .projects[0]
                .indicators[0]
                .projected_basis,
            ProjectionBasis::kLatest);
}

TEST(ReviewModel, AttentionIsRedThenYellowThenNoDataAndStale) {
  auto cases = indicator("quantity-1", Comparator::kGreaterEqual, 350);
  auto rate = indicator("quality-1", Comparator::kGreaterEqual, 95, "%");
  auto missing = indicator("quality-2", Comparator::kGreaterEqual, 95, "%");
  auto missing2 = indicator("quality-3", Comparator::kGreaterEqual, 95, "%");
  auto sat =
      indicator("satisfaction-1", Comparator::kGreaterEqual, 95, "%", "满意度指标", "满意度指标");
  auto old = indicator("quantity-2", Comparator::kGreaterEqual, 10);
  auto t =
      targets_with({project("P1", 100, standard_plan(), {sat, cases, rate, missing, old, missing2}),
                    project("P2", 100, standard_plan())});
  auto hopeless = record("P1", "quantity-1", 100, "2025-06-30");  // at risk
  hopeless.likelihood = "有可能";
  const Evaluation ev =
      evaluate(t,
               ActualsIndex({record("P1", "spending", 60, "2025-06-30"), hopeless,
                             record("P1", "quality-1", 90, "2025-06-30"),   // not met: red
                             record("P1", "quantity-2", 6, "2025-02-28"),   // stale (122 days)
                             record("P2", "spending", 10, "2025-06-30")}),  // plan red
               day("2025-06-30"));
  const ReviewReport r = build_review(ev, nullptr, nullptr, {});
  const auto& items = r.departments.at(0).attention;
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].attention, Attention::kRed);
  EXPECT_EQ(items[0].subject_id, "quality-1");
  EXPECT_EQ(items[1].attention, Attention::kRed);
  EXPECT_EQ(items[1].project_code, "P2");
  EXPECT_EQ(items[1].subject_id, "spending");
  EXPECT_NE(items[1].detail.find("支出计划红灯"), std::string::npos) << items[1].detail;
  EXPECT_EQ(items[2].attention, Attention::kYellow);
  EXPECT_EQ(items[2].subject_id, "quantity-1");
  EXPECT_EQ(items[2].annotation.likelihood, "有可能");
  // Overdue no-data and stale lines come one item per project, in that order. The yearly
  // satisfaction survey is not overdue in June, so it is not listed.
  EXPECT_EQ(items[3].attention, Attention::kNoData);
  EXPECT_EQ(items[3].count, 2);
  EXPECT_EQ(items[3].subject, "逾期未报送 2 项指标");
  EXPECT_EQ(items[3].detail, "quality-2；quality-3");
  EXPECT_EQ(items[4].attention, Attention::kStale);
  EXPECT_EQ(items[4].count, 1);
  EXPECT_EQ(items[4].project_code, "P1");
  EXPECT_NE(items[4].detail.find("quantity-2（最近填报 2025-02-28，每季度）"), std::string::npos)
      << items[4].detail;
  const auto& d = r.departments[0];
  EXPECT_EQ(d.project_lamps.red, 1);
  EXPECT_EQ(d.project_lamps.green, 1);
  EXPECT_EQ(d.indicator_lamps.red, 1);
  EXPECT_EQ(d.indicator_lamps.yellow, 1);
  EXPECT_EQ(d.indicator_lamps.green, 0);  // nothing unreported or stale counts as green
  EXPECT_EQ(d.indicator_lamps.grey, 3);
  EXPECT_EQ(d.indicator_lamps.stale, 1);
  EXPECT_EQ(d.no_data_count, 3);
  EXPECT_EQ(d.stale_count, 1);
  EXPECT_EQ(d.projects[0].stale_count, 1);
  EXPECT_FALSE(r.previous_as_of);
  EXPECT_TRUE(d.changes.empty());
}

TEST(ReviewModel, OverspentProjectIsRedWithTheReason) {
  // The case: 65000 typed into a 万元 file for a 0.39万元 budget.
  const Evaluation ev =
      evaluate(targets_with({project("P1", 0.39, standard_plan())}),
               ActualsIndex({record("P1", "spending", 65000, "2025-08-31")}), day("2025-08-31"));
  ReviewOptions options;
  options.warnings["*"].rules = {WarningRule::kPlan, WarningRule::kTimeProgress};
  const ReviewReport r = build_review(ev, nullptr, nullptr, options);
  const ReviewProject& p = r.departments.at(0).projects.at(0);
  EXPECT_EQ(p.lamp, Lamp::kRed);
  for (const RuleLamp& rule : p.rules) EXPECT_EQ(rule.lamp, Lamp::kRed) << rule.reason;
  ASSERT_FALSE(r.departments[0].attention.empty());
  EXPECT_NE(r.departments[0].attention[0].detail.find("超支"), std::string::npos)
      << r.departments[0].attention[0].detail;
}

TEST(ReviewModel, SplitPlanShowsBothExecutionRates) {
  auto p = project("P1", 100, standard_plan());
  p.fiscal_funds = 80;
  p.other_funds = 20;
  auto fiscal = record("P1", "spending", 40, "2025-06-30");
  fiscal.fund = FundSource::kFiscal;
  auto other = record("P1", "spending", 5, "2025-06-30");
  other.fund = FundSource::kOther;
  const Evaluation ev =
      evaluate(targets_with({p}), ActualsIndex({fiscal, other}), day("2025-06-30"));
  const ReviewReport r = build_review(ev, nullptr, nullptr, {});
  const ReviewSpending& s = r.departments.at(0).projects.at(0).spending;
  EXPECT_TRUE(s.split_plan);
  EXPECT_DOUBLE_EQ(s.fiscal_funds_yuan, 800000);
  EXPECT_DOUBLE_EQ(*s.fiscal_spent_ratio, 0.5);
  EXPECT_DOUBLE_EQ(*s.other_spent_ratio, 0.25);
  EXPECT_DOUBLE_EQ(s.spent_ratio, 0.45);  // the total derived from the split
  const std::string md = render_review_markdown(r);
  EXPECT_NE(
      md.find("资金来源：财政拨款 80.00 万元，执行率 50.00%；其他资金 20.00 万元，执行率 25.00%"),
      std::string::npos)
      << md;
}

TEST(ReviewModel, ScoresPrintTheirCoverage) {
  auto cases = indicator("quantity-1", Comparator::kGreaterEqual, 350);
  auto social =
      indicator("social-1", Comparator::kQualitative, std::nullopt, "", "效益指标", "社会效益");
  const Evaluation ev =
      evaluate(targets_with({project("P1", 100, standard_plan(), {cases, social})}),
               ActualsIndex({record("P1", "spending", 60, "2025-06-30"),
                             record("P1", "quantity-1", 200, "2025-06-30")}),
               day("2025-06-30"));
  const ReviewReport r = build_review(ev, nullptr, nullptr, {});
  EXPECT_NEAR(r.departments[0].projects[0].score_coverage_ratio, 60.0 / 90, 1e-12);
  const std::string md = render_review_markdown(r);
  EXPECT_NE(md.find("预计得分 100.00（优，覆盖 67%）"), std::string::npos) << md;
}

TEST(ReviewModel, ChangesSincePreviousMonth) {
  auto cases = indicator("quantity-1", Comparator::kGreaterEqual, 120);
  auto t = targets_with(
      {project("P1", 100, standard_plan(), {cases}), project("P2", 100, standard_plan())});
  // P1 on plan in May, behind at the June checkpoint; P2 late in May, caught up in June.
  // P1's cases: 40 of 120 by May (expected 49.6: at risk), 70 by June (expected 59.5: on track).
  const ActualsIndex index(
      {record("P1", "spending", 48, "2025-05-31"), record("P1", "spending", 50, "2025-06-30"),
       record("P2", "spending", 20, "2025-05-31"), record("P2", "spending", 65, "2025-06-30"),
       record("P1", "quantity-1", 40, "2025-05-31"), record("P1", "quantity-1", 70, "2025-06-30")});
  const ReviewReport r = review_at(t, index, day("2025-06-30"), {}, {});
  ASSERT_TRUE(r.previous_as_of);
  EXPECT_EQ(*r.previous_as_of, day("2025-05-31"));
  const auto& ch = r.departments.at(0).changes;
  ASSERT_EQ(ch.size(), 3u);
  EXPECT_EQ(ch[0].change, LampChange::kNewlyRed);
  EXPECT_EQ(ch[0].project_code, "P1");
  EXPECT_EQ(ch[0].subject_id, "spending");
  EXPECT_EQ(ch[0].before, Lamp::kGreen);
  EXPECT_EQ(ch[1].change, LampChange::kRecovered);
  EXPECT_EQ(ch[1].project_code, "P1");
  EXPECT_EQ(ch[1].subject_id, "quantity-1");
  EXPECT_EQ(ch[2].change, LampChange::kRecovered);
  EXPECT_EQ(ch[2].project_code, "P2");
  EXPECT_EQ(ch[2].before, Lamp::kRed);
  const auto& p1 = r.departments[0].projects[0];
  EXPECT_EQ(p1.change, LampChange::kNewlyRed);
  EXPECT_EQ(p1.previous_lamp, Lamp::kGreen);
  // The chart has every spending report up to as_of.
  ASSERT_EQ(p1.spending.spent_path.size(), 2u);
  EXPECT_DOUBLE_EQ(p1.spending.spent_path[1].share, 0.5);
  ASSERT_EQ(p1.spending.plan_path.size(), 5u);  // Dec 31 2024, 3 checkpoints, Dec 31
  EXPECT_EQ(p1.spending.plan_path.front().by, day("2024-12-31"));
  EXPECT_DOUBLE_EQ(p1.spending.plan_path.back().share, 1.0);
}

TEST(ReviewModel, DepartmentFilterAndRules) {
  const Evaluation ev = sample_evaluation();
  ReviewOptions options;
  options.department = "401";
  WarningRules rules;
  rules.rules = {WarningRule::kTimeProgress, WarningRule::kPlan};
  options.warnings["401"] = rules;
  const ReviewReport r = build_review(ev, nullptr, nullptr, options);
  ASSERT_EQ(r.departments.size(), 1u);
  EXPECT_EQ(r.departments[0].code, "401");
  EXPECT_EQ(r.departments[0].rules, rules.rules);
  ASSERT_EQ(r.departments[0].projects.at(0).rules.size(), 2u);
  EXPECT_EQ(r.departments[0].projects[0].rules[0].rule, WarningRule::kTimeProgress);
}

TEST(ReviewRender, MarkdownEscapesCellsAndShowsAnnotations) {
  const std::string md =
      render_review_markdown(build_review(sample_evaluation(), nullptr, nullptr, {}));
  // The note has a quote and a newline; cells stay on one line.
  EXPECT_NE(md.find("其他：二季度\"案件\"少 见附件"), std::string::npos);
  EXPECT_NE(md.find("加强宣传"), std::string::npos);
  EXPECT_NE(md.find("| 有可能 |"), std::string::npos);
  EXPECT_NE(md.find("未提供上期数据"), std::string::npos);
  for (std::size_t pos = 0; (pos = md.find('|', pos)) != std::string::npos; ++pos) {
    // Every table line starts and ends with a pipe.
    const std::size_t start = md.rfind('\n', pos) + 1;
    const std::size_t end = md.find('\n', pos);
    const std::string line = md.substr(start, end - start);
    ASSERT_EQ(line.front(), '|') << line;
    ASSERT_EQ(line.back(), '|') << line;
    pos = end;
  }
}

TEST(ReviewRender, HtmlIsSelfContainedAndEscaped) {
  auto ev = sample_evaluation();
  const std::string html = render_review_html(build_review(ev, nullptr, nullptr, {}));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("@page { size: A4 landscape"), std::string::npos);
  EXPECT_NE(html.find("Noto Sans CJK SC"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("二季度&quot;案件&quot;少<br>见附件"), std::string::npos);
  // Nothing is fetched: no scripts, stylesheets, images or fonts from elsewhere.
  for (const char* banned : {"<script", "<link", "<img", "url(", "@import"}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  }
  // One page per project.
  std::size_t sections = 0;
  for (std::size_t p = 0; (p = html.find("class=\"page project\"", p)) != std::string::npos; ++p) {
    ++sections;
  }
  EXPECT_EQ(sections, 3u);
}

// A tiny RFC 4180 reader: quoted fields with "" escapes and embedded newlines, CRLF or LF.
std::vector<std::vector<std::string>> split_csv(const std::string& csv) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else if (c != '\r') {
      rows.back().back() += c;
    }
  }
  rows.pop_back();  // after the last line end
  return rows;
}

TEST(ReviewRender, CsvIsRectangular) {
  const std::string csv = render_review_csv(build_review(sample_evaluation(), nullptr, nullptr, {}),
                                            CsvHeaders::kEnglish);
  // The note's newline is inside quotes: fields are counted by an RFC 4180 reader.
  const auto rows = split_csv(csv);
  ASSERT_GT(rows.size(), 5u);
  for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size());
  EXPECT_EQ(rows[0][0], "department");  // the machine names, without a BOM
  bool found = false;
  for (const auto& row : rows) {
    if (row[3] == "indicator" && row[6] == "quantity-1" && row[4] == "13100025P00041210001X") {
      found = true;
      EXPECT_NE(std::find(row.begin(), row.end(), "二季度\"案件\"少\n见附件"), row.end());
    }
  }
  EXPECT_TRUE(found);
}

TEST(ReviewRender, XlsxIsAZipWorkbook) {
  auto bytes = render_review_xlsx(build_review(sample_evaluation(), nullptr, nullptr, {}));
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  ASSERT_GT(bytes->size(), 1000u);
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  EXPECT_NE(bytes->find("xl/workbook.xml"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// The bundled example (a fixture copy: tests/fixtures/report/), golden files at two dates.

struct Example {
  std::shared_ptr<const Targets> targets;
  ActualsIndex index;
};

const Example& example() {
  static const Example ex = [] {
    const std::string dir = std::string(TARGETWATCH_FIXTURES) + "/report/";
    TargetsLoad load = load_targets({dir + "langfang-justice-2025.toml"});
    if (!load.ok()) throw std::runtime_error("fixture targets do not load");
    auto targets = std::make_shared<const Targets>(std::move(load.targets));
    auto parsed = parse_actuals_csv(read_text(dir + "actuals-2025.csv"));
    if (!parsed) throw std::runtime_error("fixture actuals do not parse");
    if (!validate_actuals(*parsed, *targets)) {
      throw std::runtime_error("fixture actuals do not validate");
    }
    std::int64_t revision = 0;
    for (auto& r : parsed->records) r.revision = ++revision;  // input order, like the CLI
    return Example{targets, ActualsIndex(std::move(parsed->records))};
  }();
  return ex;
}

// All three rule sets, so the golden files cover each of them.
ReviewOptions example_options() {
  ReviewOptions o;
  WarningRules rules;
  rules.rules = {WarningRule::kPlan, WarningRule::kTimeProgress, WarningRule::kMilestones};
  o.warnings["*"] = rules;
  return o;
}

// Compares with the golden file; UPDATE_GOLDEN=1 rewrites it instead (then review the diff).
void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(TARGETWATCH_FIXTURES) + "/report/" + name;
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << path;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing: run with UPDATE_GOLDEN=1";
  const std::string expected = read_text(path);
  if (expected == actual) return;
  const std::string out = std::string(TARGETWATCH_BINARY_DIR) + "/tests/report/" + name;
  std::ofstream(out, std::ios::binary) << actual;
  std::istringstream a(actual), e(expected);
  std::string la, le;
  for (int line = 1;; ++line) {
    const bool ga = static_cast<bool>(std::getline(a, la));
    const bool ge = static_cast<bool>(std::getline(e, le));
    if (!ga && !ge) break;
    if (la != le || ga != ge) {
      ADD_FAILURE() << name << " differs from the golden file at line " << line
                    << "\n  golden: " << le << "\n  actual: " << la << "\n(actual written to "
                    << out << "; UPDATE_GOLDEN=1 rewrites the golden file)";
      return;
    }
  }
  ADD_FAILURE() << name << " differs (line endings?)";
}

class ReviewGolden : public ::testing::TestWithParam<const char*> {};

TEST_P(ReviewGolden, MarkdownAndCsv) {
  const Example& ex = example();
  const ReviewReport r =
      review_at(ex.targets, ex.index, day(GetParam()), EvaluationSettings{}, example_options());
  expect_golden(std::string("review-") + GetParam() + ".md", render_review_markdown(r));
  expect_golden(std::string("review-") + GetParam() + ".csv", render_review_csv(r));
}

INSTANTIATE_TEST_SUITE_P(Example, ReviewGolden, ::testing::Values("2025-06-30", "2025-10-31"));

// Figures checked by hand (2025-06-30, 法律援助工作中央资金 13100025P00041210001X, plan 30% by
// 03-31, 60% by 06-30, 90% by 10-31, budget 68万元, 41.20万元 spent by 06-30):
TEST(ReviewExample, HandCheckedProject) {
  const Example& ex = example();
  const ReviewReport r =
      review_at(ex.targets, ex.index, day("2025-06-30"), EvaluationSettings{}, example_options());
  const ReviewProject* legal = nullptr;
  for (const auto& p : r.departments.at(0).projects) {
    if (p.code == "13100025P00041210001X") legal = &p;
  }
  ASSERT_NE(legal, nullptr);
  const ReviewSpending& s = legal->spending;
  EXPECT_DOUBLE_EQ(s.budget_yuan, 680000);
  EXPECT_NEAR(s.spent_yuan, 412000, 1e-6);
  EXPECT_NEAR(s.spent_ratio, 41.2 / 68, 1e-12);  // 60.59%
  EXPECT_NEAR(s.planned_ratio, 0.60, 1e-12);     // on the checkpoint day
  EXPECT_NEAR(s.required_ratio, 0.60, 1e-12);
  ASSERT_TRUE(s.next_checkpoint);
  EXPECT_EQ(s.next_checkpoint->by, day("2025-10-31"));
  // (90% x 680000 - 412000) / 123 days = 1626.02 yuan a day.
  EXPECT_NEAR(*s.required_daily_spend_yuan, (612000.0 - 412000) / 123, 1e-6);
  // 序时进度 181/365 = 49.59%; 60.59 / 49.59 = 122.2% -> time-progress green.
  EXPECT_NEAR(*s.time_progress_pct, (41.2 / 68) / (181.0 / 365) * 100, 1e-9);
  // Trailing 30 days: 9.6万 spent vs 68 x (0.6 - 0.5011) planned -> pace 1.4275; year end
  // 60.59% + 1.4275 x 40% = 117.69%.
  EXPECT_NEAR(*s.projected_year_end_ratio, 1.1769, 5e-5);
  ASSERT_EQ(legal->rules.size(), 3u);
  for (const auto& rule : legal->rules) EXPECT_EQ(rule.lamp, Lamp::kGreen) << rule.reason;
  // 法律援助案件受理数 ≥350: 171 reported at 06-30, expected 350 x 181/365 = 173.56; within the
  // 5% band (down to 164.88) -> on track, green (it was at risk, yellow, before the tolerance
  // band); projected 171 / (181/365) = 344.83.
  const auto& cases = find_indicator(*legal, "quantity-1");
  EXPECT_EQ(cases.actual, 171);
  EXPECT_NEAR(*cases.expected, 350 * 181.0 / 365, 1e-9);
  EXPECT_EQ(cases.status, IndicatorStatus::kOnTrack);
  EXPECT_EQ(cases.lamp, Lamp::kGreen);
  EXPECT_EQ(cases.projected_basis, ProjectionBasis::kLinear);
  EXPECT_NEAR(*cases.projected, 171 / (181.0 / 365), 1e-9);
  EXPECT_EQ(legal->lamp, Lamp::kGreen);
  EXPECT_EQ(legal->overall, Lamp::kGreen);
  // Every line reported (the yearly survey in June, the qualitative ones each quarter): coverage
  // 100%. Score: budget execution 10 (60.59% ≥ 60% planned) + output 50 over 4 indicators, of
  // which 受理数 scores 12.5 x 171/173.56 + effect 30 + satisfaction 10 = 99.82.
  EXPECT_DOUBLE_EQ(legal->score_coverage_ratio, 1.0);
  EXPECT_NEAR(legal->score, 100 - 12.5 * (1 - 171 / (350 * 181.0 / 365)), 1e-9);
  EXPECT_EQ(legal->grade, "优");
}

// ---------------------------------------------------------------------------------------------
// Same figures everywhere: the report (its CSV and its model) and the status JSON agree.

std::vector<std::map<std::string, std::string>> parse_csv_rows(const std::string& csv) {
  const auto rows = split_csv(csv);
  std::vector<std::map<std::string, std::string>> out;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    std::map<std::string, std::string> m;
    for (std::size_t k = 0; k < rows[0].size(); ++k) m[rows[0][k]] = rows[i].at(k);
    out.push_back(std::move(m));
  }
  return out;
}

// The CSV cell as the JSON value: both are the same rounding of the same double.
void expect_same(const std::string& cell, const json::value& v, const std::string& what) {
  if (v.is_null()) {
    EXPECT_EQ(cell, "") << what;
  } else if (v.is_string()) {
    EXPECT_EQ(cell, std::string(v.as_string())) << what;
  } else {
    ASSERT_FALSE(cell.empty()) << what;
    const double j = v.to_number<double>();
    EXPECT_NEAR(std::stod(cell), j, 1e-12 * std::max(1.0, std::fabs(j))) << what;
  }
}

TEST(ReviewExample, ReportAndStatusJsonAgree) {
  const Example& ex = example();
  const ReviewOptions options = example_options();
  for (const char* date : {"2025-06-30", "2025-10-31"}) {
    const Evaluation ev = evaluate(ex.targets, ex.index, day(date));
    const Evaluation prev = evaluate(ex.targets, ex.index, previous_month_end(day(date)));
    const json::value status =
        json::parse(snapshot_to_json(ev, compute_lamps(ev, options.warnings)));
    const ReviewReport report = build_review(ev, &prev, &ex.index, options);
    const auto rows = parse_csv_rows(render_review_csv(report, CsvHeaders::kEnglish));
    std::map<std::string, const std::map<std::string, std::string>*> by_key;
    for (const auto& row : rows)
      by_key[row.at("row") + "/" + row.at("project") + "/" + row.at("indicator")] = &row;

    const auto& dj = status.at("departments").at(0).as_object();
    const auto* drow = by_key.at("department//");
    for (const char* f : {"budget_yuan", "spent_yuan", "spent_ratio", "planned_ratio",
                          "required_ratio", "elapsed_ratio", "score", "grade"}) {
      expect_same(drow->at(f), dj.at(f), std::string(date) + " department " + f);
    }
    int checked = 0;
    for (const auto& pv : dj.at("projects").as_array()) {
      const auto& pj = pv.as_object();
      const std::string code(pj.at("code").as_string());
      const auto* srow = by_key.at("spending/" + code + "/spending");
      for (const char* f :
           {"budget_yuan", "spent_yuan", "spent_ratio", "planned_ratio", "required_ratio",
            "lag_ratio", "required_daily_spend_yuan", "projected_year_end_ratio", "score", "grade",
            "cause", "likelihood", "measure", "note"}) {
        const json::value& v = pj.contains(f) ? pj.at(f) : pj.at("spending").at(f);
        expect_same(srow->at(f), v, std::string(date) + " " + code + " " + f);
      }
      if (!pj.at("next_checkpoint").is_null()) {
        expect_same(srow->at("next_checkpoint"), pj.at("next_checkpoint").at("by"), code);
        expect_same(srow->at("next_checkpoint_share"), pj.at("next_checkpoint").at("share"), code);
      }
      // Lamps: rule -> level in the JSON, rule=lamp in the CSV.
      std::string rules;
      for (const auto& [rule, level] : pj.at("warnings").as_object()) {
        if (!rules.empty()) rules += ';';
        rules +=
            std::string(rule) + "=" + std::string(to_string(static_cast<Lamp>(level.as_int64())));
      }
      EXPECT_EQ(srow->at("warnings"), rules) << code;
      EXPECT_EQ(srow->at("lamp"), to_string(static_cast<Lamp>(pj.at("warning_level").as_int64())));
      for (const auto& iv : pj.at("indicators").as_array()) {
        const auto& ij = iv.as_object();
        const auto* irow =
            by_key.at("indicator/" + code + "/" + std::string(ij.at("id").as_string()));
        for (const char* f : {"target", "actual", "expected", "status", "underlying_status", "lamp",
                              "score", "weight", "last_report", "cause", "likelihood", "forecast",
                              "measure", "note", "level1", "level2", "name", "unit"}) {
          expect_same(irow->at(f), ij.at(f), std::string(date) + " " + code + " " + f);
        }
        ++checked;
      }
    }
    EXPECT_GT(checked, 100);
    for (const auto& iv : dj.at("indicators").as_array()) {
      const auto* irow = by_key.at("department_indicator//" + std::string(iv.at("id").as_string()));
      for (const char* f : {"actual", "expected", "status", "lamp", "score"}) {
        expect_same(irow->at(f), iv.at(f), std::string(date) + " department indicator " + f);
      }
    }
  }
}

TEST(ReviewText, ProjectSheetTitleIsTheCodeAndTheNameCutBeforeABracket) {
  // The case: the old name cut "…（冀财政法〔2024〕5" mid document number.
  const std::string code = "13100025P00041210001X";
  const std::string title =
      detail::project_sheet_title(code, "法律援助工作中央资金（冀财政法〔2024〕50号）");
  EXPECT_EQ(title, code + " 法律援助工作中央资");  // 21 + 1 + 9 = 31 units
  // A name that fits is kept whole, brackets and all.
  EXPECT_EQ(detail::project_sheet_title("P1", "培训（2025）"), "P1 培训（2025）");
  // The bracket comes first: nothing of it is kept even when there is room left.
  EXPECT_EQ(detail::project_sheet_title(code, "法援（冀财政法〔2024〕50号）经费"), code + " 法援");
  EXPECT_EQ(detail::project_sheet_title(code, ""), code);
  std::set<std::string> taken;
  EXPECT_EQ(detail::sheet_name(title, taken), title);
  EXPECT_EQ(detail::sheet_name(title, taken), code + " 法律援助工作中~2");  // still unique, 31
}

}  // namespace
}  // namespace targetwatch
