// The Langfang justice bureau's 2025 disclosure, imported and pinned row by row where it is tricky.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "targetwatch/importer/importer.h"
#include "targetwatch/test/files.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using test::expect_plan;
using test::find_indicator;
using test::find_line;
using test::find_project;

class Langfang : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    text_ =
        new std::string(test::read_fixture("importer/langfang-justice-2025-budget-disclosure.txt"));
    result_ = new ImportResult(import_disclosure(*text_));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete text_;
  }
  static const Department& dept() { return result_->department; }
  static const Project& project(std::string_view code) {
    const Project* p = find_project(dept(), code);
    if (p == nullptr) throw std::runtime_error("no project " + std::string(code));
    return *p;
  }
  static const Indicator& indicator(std::string_view code, std::string_view id) {
    const Indicator* i = find_indicator(project(code).indicators, id);
    if (i == nullptr) throw std::runtime_error("no indicator " + std::string(id));
    return *i;
  }

  static std::string* text_;
  static ImportResult* result_;
};

std::string* Langfang::text_ = nullptr;
ImportResult* Langfang::result_ = nullptr;

TEST_F(Langfang, EveryLineIsPlaced) {
  for (const auto& issue : result_->unplaced) {
    ADD_FAILURE() << "line " << issue.line << ": " << issue.text << ": " << issue.reason;
  }
  EXPECT_TRUE(result_->complete());
  for (const auto& w : result_->warnings) {
    ADD_FAILURE() << "warning at line " << w.line << ": " << w.reason;
  }
}

TEST_F(Langfang, Department) {
  EXPECT_EQ(dept().code, "375");
  EXPECT_EQ(dept().name, "廊坊市司法局");
  EXPECT_EQ(dept().fiscal_year, 2025);
  EXPECT_EQ(dept().amount_unit, "万元");
}

TEST_F(Langfang, Counts) {
  const auto& c = result_->counts;
  EXPECT_EQ(c.projects, 24);
  EXPECT_EQ(c.department_indicators, 23);
  std::size_t indicators = 0;
  std::size_t checkpoints = 0;
  for (const auto& p : dept().projects) {
    indicators += p.indicators.size();
    checkpoints += p.spending_plan.size();
  }
  EXPECT_EQ(static_cast<std::size_t>(c.project_indicators), indicators);
  EXPECT_EQ(c.project_indicators, 196);
  EXPECT_EQ(c.indicators, 219);
  EXPECT_EQ(static_cast<std::size_t>(c.checkpoints), checkpoints);
  EXPECT_EQ(c.checkpoints, 73);
  EXPECT_EQ(static_cast<std::size_t>(c.budget_lines), dept().budget_lines.size());
  EXPECT_EQ(c.uncertain, 0);
}

TEST_F(Langfang, ProjectCodesNamesAndBudgets) {
  struct P {
    const char* code;
    const char* name;
    double budget;
  };
  const P expected[] = {
      {"13100025P00010510004B", "机关专项运转经费", 81.39},
      {"13100025P00010710004N", "“12348”公共法律服务热线和法律援助工作经费", 44.00},
      {"13100025P00041210001X", "法律援助工作中央资金（冀财政法〔2024〕50号）", 68.00},
      {"13100025P00011110005F", "法治建设工作经费", 14.00},
      {"13100024P00034510001E", "法治建设工作中央资金（冀财政法〔2023〕49号）", 19.40},
      {"13100025P000414100019", "法治建设工作中央资金（冀财政法〔2024〕50号）", 70.50},
      {"13100025P000109100042", "公共法律服务工作经费", 10.00},
      {"13100025P00041510001Y", "公共法律服务工作省级资金（冀财政法〔2024〕52号）", 66.00},
      {"13100024P00033910001X", "公共法律服务工作中中央资金（冀财政法〔2023〕49号）", 17.27},
      {"13100025P00010810004C", "国家统一法律职业资格考试工作经费", 39.00},
      {"13100025P00041610001L", "国家统一法律职业资格考试省级资金（冀财政法〔2024〕52号）", 11.00},
      {"13100025P000110100046", "派驻接访中心律师服务工作经费", 20.00},
      {"13100025P00041310001K", "普法工作中央资金（冀财政法〔2024〕50号）", 40.00},
      {"13100025P00011210004H", "普法宣传工作经费", 5.00},
      {"13100025P000411100018", "人民监督员及其他基层司法业务工作中中央资金（冀政法〔2024〕50号）",
       28.50},
      {"13100024P000350100019", "人民监督员及其他业务工作省级资金（冀财政法〔2023〕50号）", 14.71},
      {"13100024P00044010001R", "司法业务中央资金（冀财政法〔2024〕24号）", 5.88},
      {"13100024P00034810001F", "信息化建设省级资金（冀财政法〔2023〕50号）", 12.81},
      {"13100025P000106100041", "医调委工作经费", 34.68},
      {"13100025P00011610003L", "戒毒所专项运转经费", 21.54},
      {"13100025P000118100030", "戒毒场所辅助人员工资及保险经费", 75.48},
      {"13100025P00037710001X", "戒毒人员档案管理室建设项目（冀财政法〔2024〕49号）", 20.00},
      {"13100025P00037810001K", "戒毒所管理区隔离护栏维护项目（冀财政法〔2024〕49号）", 5.00},
      {"13100025P00011910003M", "警察服装购置经费", 19.74},
  };
  ASSERT_EQ(dept().projects.size(), std::size(expected));
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    const Project& p = dept().projects[i];
    SCOPED_TRACE(expected[i].code);
    EXPECT_EQ(p.code, expected[i].code);
    EXPECT_EQ(p.name, expected[i].name);
    EXPECT_DOUBLE_EQ(p.budget, expected[i].budget);
    EXPECT_DOUBLE_EQ(p.fiscal_funds, expected[i].budget);
    EXPECT_DOUBLE_EQ(p.other_funds, 0.0);
    EXPECT_FALSE(p.spending_plan.empty());
    EXPECT_FALSE(p.goals.empty());
    EXPECT_FALSE(p.indicators.empty());
  }
}

TEST_F(Langfang, IndicatorIdsAreUniqueAndFollowTheConvention) {
  for (const auto& p : dept().projects) {
    std::set<std::string> ids;
    std::map<std::string, int> per_category;
    for (const auto& ind : p.indicators) {
      EXPECT_TRUE(ids.insert(ind.id).second) << p.code << " " << ind.id;
      const std::string category(id_category(ind.level2));
      EXPECT_EQ(ind.id, category + "-" + std::to_string(++per_category[category])) << p.code;
      EXPECT_FALSE(ind.level1.empty());
      EXPECT_FALSE(ind.name.empty());
      EXPECT_FALSE(ind.basis.empty()) << p.code << " " << ind.id;
    }
  }
}

TEST_F(Langfang, PurposeGoalsAndPlanOfTheLegalAidProject) {
  const Project& p = project("13100025P00041210001X");
  EXPECT_EQ(p.purpose, "发放法律援助办案补贴");
  ASSERT_EQ(p.goals.size(), 1u);
  EXPECT_EQ(p.goals[0], "通过项目的开展，对符合条件的受援人提供法律援助，提高群众满意度和获得感。");
  expect_plan(p, 2025, {{3, 31, 0.30}, {6, 30, 0.60}, {10, 31, 0.90}});
  const Indicator& q = indicator("13100025P00041210001X", "quantity-1");
  EXPECT_EQ(q.name, "法律援助案件受理数");
  EXPECT_EQ(q.comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(q.target, 350);
  EXPECT_EQ(q.unit, "件");
  EXPECT_EQ(q.basis, "案件统计表");
  const Indicator& t = indicator("13100025P00041210001X", "timeliness-1");
  EXPECT_EQ(t.comparator, Comparator::kQualitative);
  EXPECT_EQ(t.expected, "及时");
}

TEST_F(Langfang, NumberedGoalsAreSplit) {
  const Project& p = project("13100025P00010510004B");
  EXPECT_EQ(p.purpose, "");
  ASSERT_EQ(p.goals.size(), 2u);
  EXPECT_EQ(p.goals[0], "各项司法业务工作正常开展。");
  EXPECT_EQ(p.goals[1], "机关安全保障到位，办公场所干净整洁。");
  const Project& four = project("13100024P00034510001E");
  ASSERT_EQ(four.goals.size(), 4u);
  EXPECT_EQ(four.goals[1], "政府法律顾问100%参与重大事项和立法审核工作");
  EXPECT_EQ(four.goals[3], "圆满完成行政执法人员培训工作");
}

TEST_F(Langfang, TabAlignedPlans) {
  // Exam fee: values sit under 6月底, 10月底 and 12月底; 3月底 is empty.
  expect_plan(project("13100025P00010810004C"), 2025,
              {{6, 30, 0.05}, {10, 31, 0.20}, {12, 31, 1.0}});
  // Archive room: 6月底 and 10月底 by tab position, 12月底 on a row of its own.
  expect_plan(project("13100025P00037710001X"), 2025,
              {{6, 30, 0.25}, {10, 31, 0.50}, {12, 31, 1.0}});
  // Fence: only the last two columns carry values.
  expect_plan(project("13100025P00037810001K"), 2025, {{10, 31, 0.50}, {12, 31, 1.0}});
  expect_plan(project("13100024P00044010001R"), 2025, {{10, 31, 0.90}, {12, 31, 1.0}});
  expect_plan(project("13100025P00041610001L"), 2025, {{3, 31, 1.0}});
  expect_plan(project("13100025P00041510001Y"), 2025,
              {{3, 31, 0.25}, {6, 30, 0.50}, {10, 31, 0.75}, {12, 31, 1.0}});
  expect_plan(project("13100024P00034510001E"), 2025,
              {{3, 31, 0.25}, {6, 30, 0.60}, {10, 31, 0.90}, {12, 31, 1.0}});
  expect_plan(project("13100025P00011910003M"), 2025,
              {{3, 31, 0.25}, {6, 30, 0.50}, {10, 31, 1.0}});
}

TEST_F(Langfang, WrappedCellsAreJoined) {
  // 戒毒所专项运转经费: "场所物业管理绿化养护及时" + "性", basis "合同约定期" + "限" after a page
  // break.
  const Indicator& green = indicator("13100025P00011610003L", "timeliness-2");
  EXPECT_EQ(green.name, "场所物业管理绿化养护及时性");
  EXPECT_EQ(green.basis, "合同约定期限");
  EXPECT_EQ(green.expected, "及时");
  EXPECT_EQ(indicator("13100025P00011610003L", "timeliness-3").name,
            "办公设施运维场所供水水费保障及时性");
  // "行政复议来访人员对行政复" + "议工作满意度", basis "满意度调查" + "问卷".
  const Indicator& review = indicator("13100025P000414100019", "satisfaction-2");
  EXPECT_EQ(review.name, "行政复议来访人员对行政复议工作满意度");
  EXPECT_EQ(review.basis, "满意度调查问卷");
  EXPECT_EQ(review.comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(review.target, 95);
  EXPECT_EQ(review.unit, "%");
  EXPECT_EQ(project("13100025P000414100019").indicators.size(), 10u);
}

TEST_F(Langfang, LongBasisAcrossAPageBreak) {
  const Indicator& staff = indicator("13100025P000118100030", "quantity-1");
  EXPECT_EQ(staff.name, "警务辅助人员数量");
  EXPECT_EQ(staff.comparator, Comparator::kLessEqual);
  EXPECT_EQ(staff.target, 20);
  EXPECT_EQ(staff.unit, "人");
  EXPECT_EQ(
      staff.basis,
      "《廊坊市司法局关于市劳教所招聘辅助民警管理、生产关键要害、技术辅助岗位合同制用工及所需经费"
      "的请示》《廊坊市机构编制委员会办公室关于为廊坊市强制隔离戒毒所增加安全警戒岗位用工的批复》");
  EXPECT_EQ(indicator("13100025P000118100030", "quality-1").name, "警务辅助人员出勤率");
}

TEST_F(Langfang, TheTwoEquipmentRows) {
  const Indicator& cameras = indicator("13100025P00011610003L", "quantity-1");
  const Indicator& servers = indicator("13100025P00011610003L", "quantity-2");
  EXPECT_EQ(cameras.name, "专用设备运维数量");
  EXPECT_EQ(cameras.description, "反映专用设备运维（定点摄像机）数量");
  EXPECT_EQ(cameras.comparator, Comparator::kEqual);
  EXPECT_EQ(cameras.target, 330);
  EXPECT_EQ(cameras.unit, "个");
  EXPECT_EQ(servers.name, "专用设备运维数量");
  EXPECT_EQ(servers.description, "反映专用设备运维（监控服务器）数量");
  EXPECT_EQ(servers.target, 10);
  EXPECT_EQ(servers.unit, "台");
  const Indicator& area = indicator("13100025P00011610003L", "quantity-3");
  EXPECT_EQ(area.target, 16000);
  EXPECT_EQ(area.unit, "m²");
  EXPECT_EQ(indicator("13100025P00011610003L", "ecological-1").name,
            "场所物业管理绿化养护美化环境");
  EXPECT_EQ(project("13100025P00011610003L").indicators.size(), 17u);
  // One goal; the space after "。" is the author's and stays, wrap spaces inside words go.
  const auto& goals = project("13100025P00011610003L").goals;
  ASSERT_EQ(goals.size(), 1u);
  EXPECT_NE(goals[0].find("备份留存。 确保场所水暖电供应"), std::string::npos) << goals[0];
  EXPECT_EQ(indicator("13100025P00011910003M", "satisfaction-1").basis, "着装人员满意度问卷");
}

TEST_F(Langfang, DeadlineAndCubicMetres) {
  const Indicator& training = indicator("13100024P00044010001R", "timeliness-1");
  EXPECT_EQ(training.name, "行政执法培训完成时间");
  EXPECT_EQ(training.comparator, Comparator::kDeadline);
  ASSERT_TRUE(training.deadline.has_value());
  EXPECT_EQ(training.deadline->iso(), "2025-07-31");
  const Indicator& cabinets = indicator("13100025P00037710001X", "quantity-1");
  EXPECT_EQ(cabinets.comparator, Comparator::kLessEqual);
  EXPECT_EQ(cabinets.target, 80);
  EXPECT_EQ(cabinets.unit, "m³");
  const Indicator& cost = indicator("13100025P00010510004B", "cost-3");
  EXPECT_EQ(cost.target, 50);
  EXPECT_EQ(cost.unit, "元/人/天");
  EXPECT_EQ(indicator("13100025P00010510004B", "cost-2").unit, "万");
  EXPECT_EQ(indicator("13100025P00010510004B", "quality-1").expected, "不低于合同约定标准");
  EXPECT_EQ(indicator("13100025P000109100042", "cost-1").unit, "万元/月");
  EXPECT_EQ(indicator("13100025P000109100042", "cost-1").target, 4.34);
}

TEST_F(Langfang, DepartmentIndicatorsCarryLevelsDown) {
  const auto& list = dept().indicators;
  ASSERT_EQ(list.size(), 23u);
  EXPECT_EQ(list[0].id, "quantity-1");
  EXPECT_EQ(list[0].level1, "部门产出");
  EXPECT_EQ(list[0].level2, "数量");
  EXPECT_EQ(list[0].name, "普法考试次数");
  EXPECT_EQ(list[0].comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(list[0].target, 1);
  EXPECT_EQ(list[0].unit, "次");
  EXPECT_EQ(list[0].basis, "工作要求");
  // After the page break the groups are not printed again: carried down.
  const Indicator* adviser = find_indicator(list, "quantity-2");
  ASSERT_NE(adviser, nullptr);
  EXPECT_EQ(adviser->name, "政府法律顾问参与率");
  EXPECT_EQ(adviser->level1, "部门产出");
  EXPECT_EQ(adviser->level2, "数量");
  EXPECT_EQ(adviser->comparator, Comparator::kEqual);
  EXPECT_EQ(adviser->target, 100);
  EXPECT_EQ(adviser->unit, "%");
  const Indicator* timely = find_indicator(list, "timeliness-1");
  ASSERT_NE(timely, nullptr);
  EXPECT_EQ(timely->comparator, Comparator::kQualitative);
  EXPECT_EQ(timely->expected, "及时");
  EXPECT_EQ(timely->basis, "工作档案");
  const Indicator* hotline = find_indicator(list, "cost-2");
  ASSERT_NE(hotline, nullptr);
  EXPECT_EQ(hotline->level1, "部门产出");
  EXPECT_EQ(hotline->level2, "成本");
  EXPECT_EQ(hotline->name, "“12348”法律服务热线工作成本控制率");
  const Indicator* adviser_cost = find_indicator(list, "cost-4");
  ASSERT_NE(adviser_cost, nullptr);
  EXPECT_EQ(adviser_cost->comparator, Comparator::kLessEqual);
  EXPECT_EQ(adviser_cost->unit, "万元/年/人");
  const Indicator* relapse = find_indicator(list, "social-1");
  ASSERT_NE(relapse, nullptr);
  EXPECT_EQ(relapse->level1, "部门效果");
  EXPECT_EQ(relapse->target, 0.2);
  const Indicator& last = list.back();
  EXPECT_EQ(last.id, "satisfaction-3");
  EXPECT_EQ(last.level1, "部门效果");
  EXPECT_EQ(last.level2, "满意度");
  EXPECT_EQ(last.name, "培训人员满意度");
  EXPECT_EQ(last.basis, "工作计划");
}

TEST_F(Langfang, BudgetLines) {
  const BudgetLine* total = find_line(dept(), "部门预算支出总表", "", "合计");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(test::amount(*total, "合计"), 4210.38);
  EXPECT_EQ(test::amount(*total, "基本支出"), 3466.47);
  EXPECT_EQ(test::amount(*total, "项目支出"), 743.91);
  // "204069 9" and a code split over a page break ("204061" + "3") are joined.
  const BudgetLine* other = find_line(dept(), "部门预算收入总表", "2040699", "其他司法支出");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(test::amount(*other, "上年结转"), 20.59);
  const BudgetLine* it = find_line(dept(), "部门预算收入总表", "2040613", "信息化建设");
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(test::amount(*it, "本年收入小计"), 7.80);
  EXPECT_EQ(test::amount(*it, "上年结转"), 12.81);
  EXPECT_NE(find_line(dept(), "部门预算支出总表", "2040613", "信息化建设"), nullptr);
  EXPECT_NE(find_line(dept(), "部门预算支出总表", "2080505", "机关事业单位基本养老保险缴费支出"),
            nullptr);
  const BudgetLine* salary =
      find_line(dept(), "部门预算一般公共预算财政拨款基本支出表", "30101", "基本工资");
  ASSERT_NE(salary, nullptr);
  EXPECT_EQ(test::amount(*salary, "人员经费"), 623.65);
  const BudgetLine* three =
      find_line(dept(), "部门预算财政拨款“三公”经费支出表", "", "“三公”经费小计");
  ASSERT_NE(three, nullptr);
  EXPECT_EQ(test::amount(*three, "合计"), 41.26);
  const BudgetLine* reception =
      find_line(dept(), "部门预算财政拨款“三公”经费支出表", "", "三、公务接待费");
  ASSERT_NE(reception, nullptr);
  EXPECT_EQ(test::amount(*reception, "一般公共预算财政拨款"), 2.87);
  const BudgetLine* income = find_line(dept(), "部门预算收支总表", "", "一、一般公共预算拨款收入");
  ASSERT_NE(income, nullptr);
  EXPECT_EQ(test::amount(*income, "预算数"), 4140.30);
  for (const auto& line : dept().budget_lines) {
    EXPECT_FALSE(line.amounts.empty()) << line.table << " " << line.name;
    EXPECT_TRUE(line.code.empty() || line.code.size() == 3 || line.code.size() == 5 ||
                line.code.size() == 7)
        << line.code;
  }
}

TEST_F(Langfang, ImportingTwiceGivesTheSameResult) {
  EXPECT_EQ(import_disclosure(*text_), *result_);
}

TEST_F(Langfang, CrlfAndBomDoNotChangeTheResult) {
  std::string crlf = "\xEF\xBB\xBF";
  for (char c : *text_) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const ImportResult again = import_disclosure(crlf);
  EXPECT_EQ(again.department, result_->department);
  EXPECT_EQ(again.unplaced, result_->unplaced);
}

}  // namespace
}  // namespace targetwatch
