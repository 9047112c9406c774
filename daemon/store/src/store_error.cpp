// Names and retry policy of store error kinds.
#include "targetwatch/store/actuals_store.h"

namespace targetwatch {

std::string_view to_string(StoreErrorKind kind) {
  switch (kind) {
    case StoreErrorKind::kUnavailable:
      return "unavailable";
    case StoreErrorKind::kFull:
      return "full";
    case StoreErrorKind::kConflict:
      return "conflict";
    case StoreErrorKind::kInvalid:
      return "invalid";
    case StoreErrorKind::kCorrupt:
      return "corrupt";
    case StoreErrorKind::kOther:
      break;
  }
  return "other";
}

bool is_retryable(StoreErrorKind kind) {
  return kind == StoreErrorKind::kUnavailable || kind == StoreErrorKind::kFull ||
         kind == StoreErrorKind::kConflict;
}

}  // namespace targetwatch
