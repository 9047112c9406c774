// A store whose appends fail with a full disk while reads work: the failure path of ingest.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "targetwatch/store/actuals_store.h"

namespace targetwatch::test {

class FailingStore final : public ActualsStore {
 public:
  /// `message` is what the backend would say (tests look for it in the log).
  explicit FailingStore(std::string message = "database or disk is full")
      : message_(std::move(message)) {}

  StoreResult<AppendReceipt> append(std::span<const ActualRecord>, const std::string&) override {
    return StoreError{StoreErrorKind::kFull, message_};
  }
  StoreResult<std::vector<ActualRecord>> read(const ActualsQuery&) const override {
    return std::vector<ActualRecord>{};
  }
  StoreResult<std::int64_t> count() const override { return std::int64_t{0}; }
  StoreResult<Ok> ping() const override { return Ok{}; }
  std::unique_ptr<ChangeFeed> subscribe() const override {
    return make_memory_store()->subscribe();
  }

 private:
  std::string message_;
};

}  // namespace targetwatch::test
