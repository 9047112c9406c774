// Tests of the in-memory store: same contract as the SQLite store, without durability.
#include <gtest/gtest.h>

#include <cmath>

#include "targetwatch/store/actuals_store.h"

namespace targetwatch {
namespace {

TEST(MemoryStore, AppendsReadsAndRefusesBadBatchesWhole) {
  auto store = make_memory_store([] { return 42; });
  std::vector<ActualRecord> good(2);
  for (auto& r : good) {
    r.department = "375";
    r.project = "P1";
    r.indicator = "spending";
    r.value = 3;
    r.as_of = Date::from_ymd(2025, 3, 31);
  }
  const std::vector<ActualRecord> bad_base = good;
  good[1].value = 4;
  auto receipt = store->append(good, "tok");
  ASSERT_TRUE(receipt.ok());
  EXPECT_EQ(receipt->first_revision, 1);
  EXPECT_EQ(receipt->count, 2u);

  std::vector<ActualRecord> bad = bad_base;
  bad[1].value = std::nan("");
  EXPECT_FALSE(store->append(bad, "tok").ok());
  bad[1].value = 1;
  bad[1].indicator = "";
  EXPECT_FALSE(store->append(bad, "tok").ok());
  EXPECT_EQ(*store->count(), 2);

  auto all = store->read();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].revision, 2);
  EXPECT_EQ((*all)[1].value, 4);
  EXPECT_EQ((*all)[1].source, "tok");
  EXPECT_EQ((*all)[1].received_unix, 42);
  ActualsQuery after;
  after.after_revision = 1;
  EXPECT_EQ(store->read(after)->size(), 1u);
  ActualsQuery other;
  other.project = "P2";
  EXPECT_EQ(store->read(other)->size(), 0u);
}

}  // namespace
}  // namespace targetwatch
