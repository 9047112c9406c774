// Names of the record enums, as they appear in files, the API and the store.
#include "targetwatch/model/actual.h"

namespace targetwatch {

std::string_view to_string(RecordMode mode) {
  return mode == RecordMode::kIncrement ? "increment" : "cumulative";
}

std::string_view to_string(FundSource source) {
  switch (source) {
    case FundSource::kFiscal:
      return "fiscal";
    case FundSource::kOther:
      return "other";
    case FundSource::kTotal:
      break;
  }
  return "total";
}

}  // namespace targetwatch
