// The application core without a transport: failure kinds of the ingest pipeline, principals'
// scopes on writes and reads, the stored copy as the truth, reload rights.
#include "targetwatch/core/application.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "targetwatch/core/sha256.h"
#include "targetwatch/store/actuals_store.h"
#include "targetwatch/test/failing_store.h"
#include "targetwatch/test/targets_builder.h"

namespace targetwatch::core {
namespace {

namespace json = boost::json;

std::shared_ptr<const Targets> two_departments() {
  const Indicator patrols =
      test::make_indicator("quantity-1", Comparator::kGreaterEqual, 10, "次", "巡查次数");
  return test::TargetsBuilder()
      .department("900", "部门900")
      .project("P900-1", "项目P900-1", 100)
      .indicator(patrols)
      .department("901", "部门901")
      .project("P901-1", "项目P901-1", 100)
      .indicator(patrols)
      .build();
}

// A database server that is down: nothing can be read or written, ping fails.
class DownStore final : public ActualsStore {
 public:
  StoreResult<AppendReceipt> append(std::span<const ActualRecord>, const std::string&) override {
    return StoreError{StoreErrorKind::kUnavailable, "cannot connect to postgresql://db:5432/tw"};
  }
  StoreResult<std::vector<ActualRecord>> read(const ActualsQuery&) const override {
    return std::vector<ActualRecord>{};  // what it held before it went down
  }
  StoreResult<std::int64_t> count() const override { return std::int64_t{0}; }
  StoreResult<Ok> ping() const override {
    return StoreError{StoreErrorKind::kUnavailable, "cannot connect to postgresql://db:5432/tw"};
  }
  std::unique_ptr<ChangeFeed> subscribe() const override {
    return make_memory_store()->subscribe();
  }
};

struct Fixture {
  explicit Fixture(std::unique_ptr<ActualsStore> store = make_memory_store([] {
                     return std::int64_t{1000};  // the store's own clock
                   })) {
    Settings s;
    s.tokens = {{"writer900", sha256_hex("w900"), {"900"}, false}};
    DaemonConfig config;
    config.settings = std::make_shared<const Settings>(std::move(s));
    config.targets = two_departments();
    Clock clock{[] { return Date::from_ymd(2025, 6, 30); }, [] { return std::int64_t{2000}; }};
    app =
        std::move(Application::create({}, std::move(config), std::move(store), clock, "t", logger))
            .value();
  }
  Result<IngestReceipt, Failure> ingest(std::string_view body, const Principal& who,
                                        BodyFormat format = BodyFormat::kJson) {
    return app->ingest(IngestRequest{body, format, "", who.name}, who);
  }
  MemoryLogger logger;
  std::unique_ptr<Application> app;
};

const Principal kWriter900{"writer900", {"900"}, true, false};
const std::string_view kRecord900 =
    R"([{"project":"P900-1","indicator":"quantity-1","value":4,"as_of":"2025-06-01"}])";

TEST(Application, EachIngestFailureHasItsKind) {
  Fixture f;
  EXPECT_EQ(f.ingest("{not json", kWriter900).error().kind, FailureKind::kUnreadable);
  EXPECT_EQ(f.ingest("\xff\xfe,\n", kWriter900, BodyFormat::kCsv).error().kind,
            FailureKind::kUnreadable);
  EXPECT_EQ(
      f.ingest(R"([{"project":"NOPE","indicator":"x","value":1,"as_of":"2025-06-01"}])", kWriter900)
          .error()
          .kind,
      FailureKind::kInvalid);
  auto outside =
      f.ingest(R"([{"project":"P901-1","indicator":"quantity-1","value":1,"as_of":"2025-06-01"}])",
               kWriter900);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().kind, FailureKind::kForbidden);
  ASSERT_EQ(outside.error().problems.size(), 1u);
  EXPECT_EQ(outside.error().problems[0].field, "project");
  Principal reader{"r", {"*"}, false, false};
  EXPECT_EQ(f.ingest(kRecord900, reader).error().kind, FailureKind::kForbidden);
  EXPECT_EQ(f.app->record_count(), 0u);
  EXPECT_TRUE(f.ingest(kRecord900, kWriter900));
  EXPECT_EQ(f.app->record_count(), 1u);
}

TEST(Application, AStoreThatCannotWriteIsUnavailableWithARetryTime) {
  Fixture f(std::make_unique<test::FailingStore>());
  auto r = f.ingest(kRecord900, kWriter900);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::kStoreUnavailable);
  EXPECT_GT(r.error().retry_after_seconds, 0);
  EXPECT_EQ(f.app->record_count(), 0u);
}

TEST(Application, TheStoredCopyIsWhatTheEvaluationSees) {
  Fixture f;
  auto receipt = f.ingest(kRecord900, kWriter900);
  ASSERT_TRUE(receipt);
  EXPECT_EQ(receipt->count, 1u);
  EXPECT_EQ(receipt->first_revision, receipt->last_revision);
  auto index = f.app->actuals_index();
  const SeriesPoint* latest =
      index->latest("900", "P900-1", "quantity-1", Date::from_ymd(2025, 6, 30));
  ASSERT_NE(latest, nullptr);
  // received_unix comes from the store (1000), as a restart would read it, not the app's clock.
  EXPECT_EQ(latest->record->received_unix, 1000);
  EXPECT_EQ(latest->record->source, "writer900");
  EXPECT_EQ(latest->record->revision, receipt->first_revision);
}

TEST(Application, ReadsShowOnlyThePrincipalsDepartments) {
  Fixture f;
  ASSERT_TRUE(f.ingest(kRecord900, kWriter900));
  Principal only901{"r901", {"901"}, false, false};
  auto status = f.app->status({}, only901);
  ASSERT_TRUE(status);
  const json::value parsed = json::parse(status->body);
  const json::array& departments = parsed.as_object().at("departments").as_array();
  ASSERT_EQ(departments.size(), 1u);
  EXPECT_EQ(departments[0].as_object().at("code").as_string(), "901");
  auto actuals = f.app->actuals({}, only901);
  ASSERT_TRUE(actuals);
  EXPECT_EQ(json::parse(actuals->body).as_object().at("count").as_int64(), 0);
  auto all = f.app->actuals({}, Principal{"a", {"*"}, false, false});
  EXPECT_EQ(json::parse(all->body).as_object().at("count").as_int64(), 1);
  EXPECT_EQ(f.app->report(ReportQuery{{}, "md", "900"}, only901).error().kind,
            FailureKind::kForbidden);
  auto report = f.app->report(ReportQuery{{}, "md", {}}, only901);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->body.find("项目P900-1"), std::string::npos);
  EXPECT_NE(report->body.find("项目P901-1"), std::string::npos);
}

TEST(Application, AnUnreachableStoreIsNotReady) {
  Fixture f(std::make_unique<DownStore>());
  auto ready = f.app->readiness();
  ASSERT_FALSE(ready);
  EXPECT_EQ(ready.error().kind, FailureKind::kStoreUnavailable);
  EXPECT_NE(ready.error().message.find("cannot be reached"), std::string::npos);
  auto r = f.ingest(kRecord900, kWriter900);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::kStoreUnavailable);  // 503 + Retry-After, no hang
  EXPECT_GT(r.error().retry_after_seconds, 0);
  Fixture healthy;
  EXPECT_TRUE(healthy.app->readiness());
}

TEST(Application, ReloadNeedsTheRight) {
  Fixture f;
  EXPECT_EQ(f.app->reload(kWriter900).error().kind, FailureKind::kForbidden);
}

}  // namespace
}  // namespace targetwatch::core
