// MemoryStore: the ActualsStore contract without durability, for tests and store-less runs.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#include "targetwatch/store/actuals_store.h"

namespace targetwatch {
namespace {

// Appends of one memory store, announced to its feeds; shared so a feed may outlive the store.
struct ChangeHub {
  std::mutex mu;
  std::condition_variable cv;
  std::uint64_t generation = 0;
  std::int64_t last_revision = 0;

  void announce(std::int64_t last) {
    {
      std::lock_guard lock(mu);
      ++generation;
      last_revision = last;
    }
    cv.notify_all();
  }
};

class MemoryChangeFeed final : public ChangeFeed {
 public:
  explicit MemoryChangeFeed(std::shared_ptr<ChangeHub> hub) : hub_(std::move(hub)) {
    std::lock_guard lock(hub_->mu);
    seen_ = hub_->generation;
  }

  StoreResult<ChangeNotice> wait(std::chrono::milliseconds timeout) override {
    std::unique_lock lock(hub_->mu);
    if (!hub_->cv.wait_for(lock, timeout, [&] { return hub_->generation != seen_; })) {
      return ChangeNotice{};
    }
    seen_ = hub_->generation;
    return ChangeNotice{true, hub_->last_revision};
  }

 private:
  std::shared_ptr<ChangeHub> hub_;
  std::uint64_t seen_ = 0;
};

class MemoryStore final : public ActualsStore {
 public:
  explicit MemoryStore(std::function<std::int64_t()> now) : now_(std::move(now)) {}

  StoreResult<AppendReceipt> append(std::span<const ActualRecord> batch,
                                    const std::string& source) override {
    if (batch.empty()) return AppendReceipt{};
    // The same constraints as the SQLite schema, so both stores accept the same batches.
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& r = batch[i];
      const bool bad = r.indicator.empty() || !std::isfinite(r.value) ||
                       (r.forecast && !std::isfinite(*r.forecast));
      if (bad) {
        return StoreError{StoreErrorKind::kInvalid,
                          "store :memory:: append: record " + std::to_string(i + 1) +
                              " of the batch: empty indicator or non-finite number"};
      }
    }
    const std::int64_t received = now_ ? now_()
                                       : std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count();
    AppendReceipt receipt;
    {
      std::unique_lock lock(mu_);
      receipt = {static_cast<std::int64_t>(records_.size()) + 1, batch.size(), received};
      for (const auto& r : batch) {
        ActualRecord stored = r;
        stored.revision = static_cast<std::int64_t>(records_.size()) + 1;
        stored.source = source;
        stored.received_unix = received;
        records_.push_back(std::move(stored));
      }
    }
    hub_->announce(receipt.first_revision + static_cast<std::int64_t>(receipt.count) - 1);
    return receipt;
  }

  StoreResult<std::vector<ActualRecord>> read(const ActualsQuery& q) const override {
    std::shared_lock lock(mu_);
    std::vector<ActualRecord> out;
    const std::size_t limit = q.limit.value_or(records_.size());
    // Revisions are positions + 1: the first one after after_revision is found without a scan.
    const std::size_t start = static_cast<std::size_t>(
        std::clamp<std::int64_t>(q.after_revision, 0, static_cast<std::int64_t>(records_.size())));
    for (std::size_t i = start; i < records_.size() && out.size() < limit; ++i) {
      const ActualRecord& r = records_[i];
      if (q.department && r.department != *q.department) continue;
      if (q.project && r.project != *q.project) continue;
      if (q.indicator && r.indicator != *q.indicator) continue;
      if (q.departments && std::find(q.departments->begin(), q.departments->end(), r.department) ==
                               q.departments->end())
        continue;
      out.push_back(r);
    }
    return out;
  }

  StoreResult<std::int64_t> count() const override {
    std::shared_lock lock(mu_);
    return static_cast<std::int64_t>(records_.size());
  }

  StoreResult<Ok> ping() const override { return Ok{}; }

  std::unique_ptr<ChangeFeed> subscribe() const override {
    return std::make_unique<MemoryChangeFeed>(hub_);
  }

 private:
  std::function<std::int64_t()> now_;
  mutable std::shared_mutex mu_;
  std::vector<ActualRecord> records_;
  std::shared_ptr<ChangeHub> hub_ = std::make_shared<ChangeHub>();
};

}  // namespace

std::unique_ptr<ActualsStore> make_memory_store(std::function<std::int64_t()> now) {
  return std::make_unique<MemoryStore>(std::move(now));
}

}  // namespace targetwatch
