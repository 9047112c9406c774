// Tests of the JSON actuals parser: both body shapes, value forms, errors by index and key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "targetwatch/ingest/ingest.h"
#include "targetwatch/test/files.h"
#include "test_support.h"

namespace targetwatch {
namespace {

using ::testing::HasSubstr;

TEST(ParseJson, FixtureObjectBody) {
  auto r = parse_actuals_json(test::read_fixture("ingest/actuals.json"));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->records.size(), 2u);
  EXPECT_EQ(r->rows, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(r->records[0].project, "P001");
  EXPECT_DOUBLE_EQ(r->records[0].value, 12.5);
  EXPECT_EQ(r->records[0].note, "按计划支出");
  EXPECT_EQ(r->records[1].department, "375");  // an integer department code
  EXPECT_DOUBLE_EQ(r->records[1].value, 1);    // a numeric string
  EXPECT_EQ(r->records[1].as_of, Date::from_ymd(2025, 6, 30));
}

TEST(ParseJson, BareArrayWithBomAndEveryField) {
  const std::string body =
      "\xEF\xBB\xBF[{\"department\":\"375\",\"project\":\"P1\",\"indicator\":\"q\",\"value\":-3,"
      "\"as_of\":\"2025/1/2\",\"mode\":\"增量\",\"unit\":\"件\",\"note\":\" n \","
      "\"cause\":\"其他\",\"likelihood\":\"有可能\",\"forecast\":\"1,200\",\"measure\":\"m\","
      "\"revision\":7,\"source\":\"x\",\"received_unix\":1}]";
  auto r = parse_actuals_json(body);
  ASSERT_TRUE(r.ok()) << r.error()[0].reason;
  ASSERT_EQ(r->records.size(), 1u);
  const auto& a = r->records[0];
  EXPECT_EQ(a.department, "375");
  EXPECT_DOUBLE_EQ(a.value, -3);
  EXPECT_EQ(a.as_of, Date::from_ymd(2025, 1, 2));
  EXPECT_EQ(a.mode, RecordMode::kIncrement);
  EXPECT_EQ(a.unit, "件");
  EXPECT_EQ(a.note, " n ");
  EXPECT_EQ(a.cause, "其他");
  EXPECT_EQ(a.likelihood, "有可能");
  ASSERT_TRUE(a.forecast.has_value());
  EXPECT_DOUBLE_EQ(*a.forecast, 1200);
  EXPECT_EQ(a.measure, "m");
  // Provenance keys are accepted but never taken from the client.
  EXPECT_EQ(a.revision, 0);
  EXPECT_EQ(a.source, "");
  EXPECT_EQ(a.received_unix, 0);
}

TEST(ParseJson, NullsActAsAbsent) {
  auto r = parse_actuals_json(
      R"([{"project":"P1","indicator":"q","value":1,"as_of":"2025-01-01","forecast":null,"note":null}])");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->records[0].forecast.has_value());
}

TEST(ParseJson, ErrorsNameIndexAndKey) {
  const std::string body = R"({"actuals":[
    {"project":"P1","indicator":"q","value":1,"as_of":"2025-01-01"},
    {"project":"P1","indicator":"q","value":"lots","as_of":"2025-01-01"},
    {"project":"P1","indicator":"q","value":true,"as_of":"2025-13-01"},
    {"project":"P1","indicator":"q","as_of":"2025-01-01","colour":"red"},
    "not an object",
    {"project":["P1"],"indicator":"q","value":1,"as_of":20250101,"forecast":"x"}
  ]})";
  auto r = parse_actuals_json(body);
  ASSERT_FALSE(r.ok());
  const auto& e = r.error();
  ASSERT_EQ(e.size(), 9u);
  EXPECT_EQ(e[0], (IngestError{1, "value", "\"lots\" is not a number", "actuals[1].value",
                               "“lots” 不是数字"}));
  EXPECT_EQ(e[1].row, 2u);
  EXPECT_EQ(e[1].field, "value");
  EXPECT_THAT(e[1].reason, HasSubstr("found a boolean"));
  EXPECT_EQ(e[2].row, 2u);
  EXPECT_EQ(e[2].field, "as_of");
  EXPECT_EQ(testing::english(e[3]), (IngestError{3, "colour", "unknown key \"colour\""}));
  EXPECT_EQ(testing::english(e[4]), (IngestError{3, "value", "missing value"}));
  EXPECT_EQ(e[5].row, 4u);
  EXPECT_THAT(e[5].reason, HasSubstr("expected an object"));
  EXPECT_EQ(e[6].row, 5u);
  EXPECT_EQ(e[6].field, "project");
  EXPECT_EQ(testing::english(e[7]), (IngestError{5, "as_of", "expected a string, found a number"}));
  EXPECT_EQ(testing::english(e[8]), (IngestError{5, "forecast", "\"x\" is not a number"}));
}

TEST(ParseJson, StructuralErrors) {
  auto bad_json = parse_actuals_json("{\"actuals\": [ {\"value\": 1,, } ]}");
  ASSERT_FALSE(bad_json.ok());
  EXPECT_THAT(bad_json.error()[0].reason, HasSubstr("invalid JSON at byte offset"));

  auto trailing = parse_actuals_json("[] []");
  ASSERT_FALSE(trailing.ok());
  EXPECT_THAT(trailing.error()[0].reason, HasSubstr("byte offset 3"));

  auto wrong_key = parse_actuals_json("{\"records\": []}");
  ASSERT_FALSE(wrong_key.ok());
  EXPECT_EQ(wrong_key.error()[0].field, "records");

  auto missing = parse_actuals_json("{}");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error()[0].field, "actuals");

  auto not_array = parse_actuals_json("{\"actuals\": {}}");
  ASSERT_FALSE(not_array.ok());
  EXPECT_THAT(not_array.error()[0].reason, HasSubstr("expected an array"));

  auto scalar = parse_actuals_json("42");
  ASSERT_FALSE(scalar.ok());

  auto invalid_utf8 = parse_actuals_json("[{\"note\": \"\xFF\"}]");
  ASSERT_FALSE(invalid_utf8.ok());

  auto empty = parse_actuals_json("");
  ASSERT_FALSE(empty.ok());
}

TEST(ParseJson, EmptyArrayIsAnEmptyBatch) {
  auto r = parse_actuals_json(R"({"actuals": []})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->records.empty());
}

TEST(ParseJson, AgreesWithCsvOnTheSameRecords) {
  auto csv = parse_actuals_csv(
      "project,indicator,value,as_of,unit,forecast\nP001,spending,\"1,234.5\",2025/3/31,元,7\n");
  auto json = parse_actuals_json(
      R"([{"project":"P001","indicator":"spending","value":"1,234.5","as_of":"2025/3/31","unit":"元","forecast":7}])");
  ASSERT_TRUE(csv.ok());
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(csv->records, json->records);
}

}  // namespace
}  // namespace targetwatch
