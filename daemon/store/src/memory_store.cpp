// MemoryStore: the ActualsStore contract without durability, for tests and store-less runs.
#include <chrono>
#include <cmath>
#include <mutex>
#include <shared_mutex>

#include "targetwatch/store/actuals_store.h"

namespace targetwatch {
namespace {

class MemoryStore final : public ActualsStore {
 public:
  explicit MemoryStore(std::function<std::int64_t()> now) : now_(std::move(now)) {}

  Result<AppendReceipt> append(std::span<const ActualRecord> batch,
                               const std::string& source) override {
    if (batch.empty()) return AppendReceipt{};
    // The same constraints as the SQLite schema, so both stores accept the same batches.
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& r = batch[i];
      const bool bad = r.indicator.empty() || !std::isfinite(r.value) ||
                       (r.forecast && !std::isfinite(*r.forecast));
      if (bad) {
        return Error{"store :memory:: append: record " + std::to_string(i + 1) +
                     " of the batch: empty indicator or non-finite number"};
      }
    }
    const std::int64_t received = now_ ? now_()
                                       : std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count();
    std::unique_lock lock(mu_);
    AppendReceipt receipt{static_cast<std::int64_t>(records_.size()) + 1, batch.size()};
    for (const auto& r : batch) {
      ActualRecord stored = r;
      stored.revision = static_cast<std::int64_t>(records_.size()) + 1;
      stored.source = source;
      stored.received_unix = received;
      records_.push_back(std::move(stored));
    }
    return receipt;
  }

  Result<std::vector<ActualRecord>> read(const ActualsQuery& q) const override {
    std::shared_lock lock(mu_);
    std::vector<ActualRecord> out;
    for (const auto& r : records_) {
      if (r.revision <= q.after_revision) continue;
      if (q.department && r.department != *q.department) continue;
      if (q.project && r.project != *q.project) continue;
      if (q.indicator && r.indicator != *q.indicator) continue;
      out.push_back(r);
    }
    return out;
  }

  Result<std::int64_t> count() const override {
    std::shared_lock lock(mu_);
    return static_cast<std::int64_t>(records_.size());
  }

 private:
  std::function<std::int64_t()> now_;
  mutable std::shared_mutex mu_;
  std::vector<ActualRecord> records_;
};

}  // namespace

std::unique_ptr<ActualsStore> make_memory_store(std::function<std::int64_t()> now) {
  return std::make_unique<MemoryStore>(std::move(now));
}

}  // namespace targetwatch
