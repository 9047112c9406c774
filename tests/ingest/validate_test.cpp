// Tests of validate_actuals: resolution of departments/projects/indicators, vocabularies,
// value domains, fiscal years, unit conversion, token scope and all-or-nothing normalization.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "targetwatch/ingest/ingest.h"
#include "targetwatch/test/files.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using ::testing::HasSubstr;

ActualRecord rec(std::string project, std::string indicator, double value, Date as_of) {
  ActualRecord r;
  r.project = std::move(project);
  r.indicator = std::move(indicator);
  r.value = value;
  r.as_of = as_of;
  return r;
}

const Date kJune = Date::from_ymd(2025, 6, 30);

ParsedActuals batch(std::vector<ActualRecord> records) {
  ParsedActuals p;
  for (std::size_t i = 0; i < records.size(); ++i) p.rows.push_back(10 + i);
  p.records = std::move(records);
  return p;
}

// Validates a single record; returns its errors (empty when valid) and the normalized record.
std::pair<IngestErrors, ActualRecord> check(ActualRecord r,
                                            std::vector<std::string> scope = {"*"}) {
  auto p = batch({std::move(r)});
  auto result = validate_actuals(p, testing::sample_targets(), scope);
  return {result.ok() ? IngestErrors{} : testing::english(result.error()), p.records[0]};
}

TEST(Validate, FillsDepartmentFromProjectCode) {
  auto [errors, r] = check(rec("P001", "quantity-1", 120, kJune));
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(r.department, "375");
  EXPECT_EQ(r.unit, "件");  // normalized to the indicator's unit
}

TEST(Validate, PicksTheDepartmentFileOfTheRecordsFiscalYear) {
  // P001 exists in 375's 2025 and 2024 files; a 2024 figure belongs to the 2024 file, which has
  // no quantity-1 indicator, while spending exists in both.
  auto [errors, r] = check(rec("P001", "spending", 10, Date::from_ymd(2024, 12, 31)));
  EXPECT_TRUE(errors.empty()) << errors[0].reason;
  EXPECT_EQ(r.department, "375");
  auto [errors2, r2] = check(rec("P001", "quantity-1", 10, Date::from_ymd(2024, 12, 31)));
  ASSERT_EQ(errors2.size(), 1u);
  EXPECT_EQ(errors2[0].field, "indicator");
}

TEST(Validate, ProjectInTwoDepartmentsIsAmbiguousWithoutADepartment) {
  auto [errors, r] = check(rec("PX", "spending", 1, kJune));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].row, 10u);
  EXPECT_EQ(errors[0].field, "project");
  EXPECT_THAT(errors[0].reason, HasSubstr("ambiguous"));
  EXPECT_THAT(errors[0].reason, HasSubstr("375"));
  EXPECT_THAT(errors[0].reason, HasSubstr("376"));

  auto with_department = rec("PX", "spending", 1, kJune);
  with_department.department = "376";
  auto [errors2, r2] = check(with_department);
  EXPECT_TRUE(errors2.empty());
  EXPECT_EQ(r2.department, "376");
  EXPECT_EQ(r2.unit, "元");
}

TEST(Validate, UnknownDepartmentProjectAndIndicator) {
  auto unknown_dept = rec("P001", "spending", 1, kJune);
  unknown_dept.department = "999";
  EXPECT_EQ(check(unknown_dept).first,
            (IngestErrors{{10, "department", "unknown department \"999\""}}));
  EXPECT_EQ(check(rec("NOPE", "spending", 1, kJune)).first,
            (IngestErrors{{10, "project", "unknown project \"NOPE\""}}));
  auto wrong_dept = rec("P002", "spending", 1, kJune);
  wrong_dept.department = "375";
  EXPECT_EQ(
      check(wrong_dept).first,
      (IngestErrors{{10, "project",
                     "unknown project \"P002\" in department 375; valid projects: P001, PX"}}));
  EXPECT_EQ(check(rec("P001", "quantity-9", 1, kJune)).first,
            (IngestErrors{{10, "indicator",
                           "unknown indicator \"quantity-9\" in project P001; valid: quantity-1, "
                           "timeliness-1, deadline-1, cost-1, rate-1"}}));
}

TEST(Validate, DepartmentWideIndicatorsNeedADepartmentAndNoProject) {
  auto ok = rec("", "dept-1", 1, kJune);
  ok.department = "375";
  EXPECT_TRUE(check(ok).first.empty());

  auto no_dept = check(rec("", "dept-1", 1, kJune)).first;
  ASSERT_EQ(no_dept.size(), 1u);
  EXPECT_EQ(no_dept[0].field, "department");

  auto spending = rec("", "spending", 1, kJune);
  spending.department = "375";
  auto e = check(spending).first;
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].field, "project");
  EXPECT_THAT(e[0].reason, HasSubstr("per project"));

  // A department-wide id looked up under a project is unknown there.
  EXPECT_EQ(check(rec("P001", "dept-1", 1, kJune)).first.size(), 1u);
}

TEST(Validate, QualitativeAndDeadlineValueDomains) {
  for (double v : {0.0, 0.5, 1.0}) {
    EXPECT_TRUE(check(rec("P001", "timeliness-1", v, kJune)).first.empty()) << v;
  }
  for (double v : {0.7, 2.0, -1.0}) {
    auto e = check(rec("P001", "timeliness-1", v, kJune)).first;
    ASSERT_EQ(e.size(), 1u) << v;
    EXPECT_EQ(e[0].field, "value");
  }
  EXPECT_TRUE(check(rec("P001", "deadline-1", 1, kJune)).first.empty());
  EXPECT_TRUE(check(rec("P001", "deadline-1", 0, kJune)).first.empty());
  EXPECT_EQ(check(rec("P001", "deadline-1", 0.5, kJune)).first.size(), 1u);

  auto increment = rec("P001", "timeliness-1", 1, kJune);
  increment.mode = RecordMode::kIncrement;
  auto e = check(increment).first;
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].field, "mode");
}

TEST(Validate, AsOfMustFallInTheFiscalYear) {
  auto e = check(rec("P001", "quantity-1", 1, Date::from_ymd(2026, 1, 1))).first;
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].field, "as_of");
  EXPECT_THAT(e[0].reason, HasSubstr("outside fiscal year 2025"));
  EXPECT_TRUE(check(rec("P001", "quantity-1", 1, Date::from_ymd(2025, 1, 1))).first.empty());
  EXPECT_TRUE(check(rec("P001", "quantity-1", 1, Date::from_ymd(2025, 12, 31))).first.empty());
}

TEST(Validate, CauseAndLikelihoodVocabularies) {
  auto good = rec("P001", "quantity-1", 1, kJune);
  good.cause = "人员保障";
  good.likelihood = "完全不可能";
  EXPECT_TRUE(check(good).first.empty());

  auto bad = rec("P001", "quantity-1", 1, kJune);
  bad.cause = "天气";
  bad.likelihood = "也许";
  auto e = check(bad).first;
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].field, "cause");
  EXPECT_THAT(e[0].reason, HasSubstr("经费保障"));
  EXPECT_EQ(e[1].field, "likelihood");
}

TEST(Validate, SpendingIsConvertedToTheDepartmentsAmountUnit) {
  auto yuan = rec("P001", "spending", 12345, kJune);
  yuan.unit = "元";
  yuan.forecast = 600000;
  auto [e1, r1] = check(yuan);
  ASSERT_TRUE(e1.empty());
  EXPECT_DOUBLE_EQ(r1.value, 1.2345);
  EXPECT_DOUBLE_EQ(*r1.forecast, 60);
  EXPECT_EQ(r1.unit, "万元");

  auto yi = rec("P001", "spending", 0.5, kJune);
  yi.unit = "亿元";
  auto [e2, r2] = check(yi);
  ASSERT_TRUE(e2.empty());
  EXPECT_DOUBLE_EQ(r2.value, 5000);

  auto wan_into_yuan = rec("P002", "spending", 1.5, kJune);  // department 376 counts in 元
  wan_into_yuan.unit = "万元";
  auto [e3, r3] = check(wan_into_yuan);
  ASSERT_TRUE(e3.empty());
  EXPECT_DOUBLE_EQ(r3.value, 15000);
  EXPECT_EQ(r3.unit, "元");

  auto plain = rec("P001", "spending", 3, kJune);
  auto [e4, r4] = check(plain);
  ASSERT_TRUE(e4.empty());
  EXPECT_DOUBLE_EQ(r4.value, 3);
  EXPECT_EQ(r4.unit, "万元");

  auto dollars = rec("P001", "spending", 3, kJune);
  dollars.unit = "美元";
  auto e5 = check(dollars).first;
  ASSERT_EQ(e5.size(), 1u);
  EXPECT_EQ(e5[0].field, "unit");
}

TEST(Validate, CumulativeSpendingCannotBeNegativeButIncrementsCan) {
  EXPECT_EQ(check(rec("P001", "spending", -1, kJune)).first.size(), 1u);
  auto refund = rec("P001", "spending", -1, kJune);
  refund.mode = RecordMode::kIncrement;
  EXPECT_TRUE(check(refund).first.empty());
}

TEST(Validate, IndicatorUnitsConvertOnlyAcrossMoneyPrefixes) {
  auto cost = rec("P001", "cost-1", 4000, kJune);
  cost.unit = "元/月";
  auto [e1, r1] = check(cost);
  ASSERT_TRUE(e1.empty());
  EXPECT_DOUBLE_EQ(r1.value, 0.4);
  EXPECT_EQ(r1.unit, "万元/月");

  auto wrong = rec("P001", "quantity-1", 4, kJune);
  wrong.unit = "个";
  EXPECT_EQ(check(wrong).first,
            (IngestErrors{{10, "unit", "unit \"个\" does not match indicator unit \"件\""}}));

  auto per_day = rec("P001", "cost-1", 4000, kJune);
  per_day.unit = "元/天";
  EXPECT_EQ(check(per_day).first.size(), 1u);

  auto same = rec("P001", "rate-1", 97, kJune);
  same.unit = "%";
  EXPECT_TRUE(check(same).first.empty());
}

TEST(Validate, TokenScopeLimitsDepartments) {
  auto e = check(rec("P001", "spending", 1, kJune), {"376"}).first;
  EXPECT_EQ(e, (IngestErrors{{10, "department", "department 375 not allowed for this token"}}));
  auto explicit_dept = rec("P001", "spending", 1, kJune);
  explicit_dept.department = "375";
  EXPECT_EQ(check(explicit_dept, {"376"}).first.size(), 1u);
  EXPECT_TRUE(check(rec("P001", "spending", 1, kJune), {"376", "375"}).first.empty());
  EXPECT_EQ(check(rec("P001", "spending", 1, kJune), {}).first.size(), 1u);
}

TEST(Validate, NonFiniteNumbersAreRejected) {
  auto e = check(rec("P001", "quantity-1", std::numeric_limits<double>::infinity(), kJune)).first;
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].field, "value");
  auto f = rec("P001", "quantity-1", 1, kJune);
  f.forecast = std::nan("");
  EXPECT_EQ(check(f).first.size(), 1u);
}

TEST(Validate, DuplicateIdentityInOneBatchIsAnError) {
  auto p = batch({rec("P001", "quantity-1", 1, kJune), rec("P001", "quantity-1", 2, kJune),
                  rec("P001", "quantity-1", 3, Date::from_ymd(2025, 7, 31))});
  auto r = validate_actuals(p, testing::sample_targets());
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().size(), 1u);
  EXPECT_EQ(r.error()[0].row, 11u);
  EXPECT_THAT(r.error()[0].reason, HasSubstr("duplicate of row 10"));
}

TEST(Validate, ReportsEveryBadRecordAndChangesNothing) {
  auto good = rec("P001", "spending", 12345, kJune);
  good.unit = "元";
  auto p = batch({good, rec("NOPE", "spending", 1, kJune), rec("P001", "timeliness-1", 3, kJune)});
  const auto before = p.records;
  auto r = validate_actuals(p, testing::sample_targets());
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().size(), 2u);
  EXPECT_EQ(r.error()[0].row, 11u);
  EXPECT_EQ(r.error()[1].row, 12u);
  EXPECT_EQ(p.records, before);  // the good record was not converted either
}

// Validation normalizes in place and undoes it on error: every field it may change (department,
// project, indicator, unit, value, forecast) is back as sent, also in the failing records
// themselves, which are partly normalized when their error is found.
TEST(Validate, UndoesEveryNormalizationOnError) {
  auto scaled = rec("P001", "spending", 12345, kJune);
  scaled.unit = "元";
  scaled.forecast = 600000;
  auto named = rec("P001", std::string(kSpendingName), 1, kJune.plus_days(-30));
  auto partly = rec("P001", "spending", -1, kJune);  // department and unit set, then refused
  auto wrong_unit = rec("P001", "quantity-1", 5, kJune);
  wrong_unit.unit = "米";
  auto p = batch({scaled, named, partly, wrong_unit, rec("P002", "spending", 2, kJune)});
  const auto before = p.records;
  auto r = validate_actuals(p, testing::sample_targets());
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().size(), 2u);
  EXPECT_EQ(p.records, before);

  // The same records without the bad ones are normalized (the undo is what restored them).
  auto q = batch({scaled, named});
  ASSERT_TRUE(validate_actuals(q, testing::sample_targets()).ok());
  EXPECT_EQ(q.records[0].department, "375");
  EXPECT_DOUBLE_EQ(*q.records[0].forecast, 60);
  EXPECT_EQ(q.records[1].indicator, "spending");
}

TEST(Validate, RowsDefaultToTheIndexWhenAbsent) {
  ParsedActuals p;
  p.records = {rec("P001", "spending", 1, kJune), rec("NOPE", "spending", 1, kJune)};
  auto r = validate_actuals(p, testing::sample_targets());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error()[0].row, 1u);
}

TEST(Validate, ParsedCsvFixtureValidatesEndToEnd) {
  auto text = to_utf8(test::read_fixture("ingest/actuals-gbk.csv"), Charset::kAuto);
  ASSERT_TRUE(text.ok());
  auto parsed = parse_actuals_csv(*text);
  ASSERT_TRUE(parsed.ok());
  auto r = validate_actuals(*parsed, testing::sample_targets());
  ASSERT_TRUE(r.ok()) << r.error()[0].reason;
  EXPECT_EQ(parsed->records[0].department, "375");
  EXPECT_DOUBLE_EQ(parsed->records[0].value, 0.12345);  // 1,234.5 元 in 万元
  EXPECT_DOUBLE_EQ(*parsed->records[0].forecast, 0.5);
}

}  // namespace
}  // namespace targetwatch
