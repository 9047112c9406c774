// Names of record enums as both backends store them (the model's to_string, read back here).
#pragma once

#include <string>
#include <string_view>

#include "targetwatch/model/actual.h"
#include "targetwatch/store/actuals_store.h"

namespace targetwatch::detail {

/// The stored mode name back to the enum; the schema's CHECK admits only the two names.
inline RecordMode stored_mode(std::string_view name) {
  return name == to_string(RecordMode::kIncrement) ? RecordMode::kIncrement
                                                   : RecordMode::kCumulative;
}

/// The stored fund name back to the enum; the schema's CHECK admits only the three names.
inline FundSource stored_fund(std::string_view name) {
  if (name == to_string(FundSource::kFiscal)) return FundSource::kFiscal;
  if (name == to_string(FundSource::kOther)) return FundSource::kOther;
  return FundSource::kTotal;
}

/// "store <where>: <what>": the one shape of every store error message.
inline StoreError store_error(StoreErrorKind kind, std::string_view where, std::string_view what) {
  std::string message = "store ";
  message += where;
  message += ": ";
  message += what;
  return StoreError{kind, std::move(message)};
}

}  // namespace targetwatch::detail
