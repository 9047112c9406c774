// ActualsStore: what every backend gets unless it does better (chunked reads).
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

}  // namespace targetwatch
