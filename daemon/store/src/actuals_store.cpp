// ActualsStore: what every backend gets unless it does better (chunked and start-up reads).
#include "targetwatch/store/actuals_store.h"

namespace targetwatch {

StoreResult<Ok> ActualsStore::read_chunks(
    const ActualsQuery& query, std::size_t /*chunk_size*/,
    const std::function<void(std::vector<ActualRecord>&&)>& take) const {
  auto rows = read(query);
  if (!rows) return rows.error();
  if (!rows->empty()) take(std::move(*rows));
  return Ok{};
}

StoreResult<std::int64_t> ActualsStore::read_latest(
    std::size_t chunk_size, const std::function<void(std::vector<ActualRecord>&&)>& take) const {
  std::int64_t n = 0;
  auto read = read_chunks({}, chunk_size, [&](std::vector<ActualRecord>&& chunk) {
    n += static_cast<std::int64_t>(chunk.size());
    take(std::move(chunk));
  });
  if (!read) return read.error();
  return n;
}

}  // namespace targetwatch
