// Names of failure kinds and the one-line rendering of problems (logs, .errors.txt).
#include "targetwatch/core/failure.h"

namespace targetwatch::core {

std::string_view to_string(FailureKind kind) {
  switch (kind) {
    case FailureKind::kUnauthenticated:
      return "unauthenticated";
    case FailureKind::kForbidden:
      return "forbidden";
    case FailureKind::kNotFound:
      return "not_found";
    case FailureKind::kBadRequest:
      return "bad_request";
    case FailureKind::kUnsupportedMedia:
      return "unsupported_media";
    case FailureKind::kUnreadable:
      return "unreadable";
    case FailureKind::kInvalid:
      return "invalid";
    case FailureKind::kTooLarge:
      return "too_large";
    case FailureKind::kRateLimited:
      return "rate_limited";
    case FailureKind::kStoreUnavailable:
      return "store_unavailable";
    case FailureKind::kInternal:
      break;
  }
  return "internal";
}

std::vector<std::string> problem_lines(const Failure& failure) {
  std::vector<std::string> lines;
  for (const Problem& p : failure.problems) {
    std::string line = "row " + std::to_string(p.row);
    if (!p.field.empty()) line += ", field " + p.field;
    line += ": " + p.reason;
    lines.push_back(std::move(line));
  }
  if (lines.empty()) lines.push_back(failure.message);
  return lines;
}

std::vector<std::string> problem_lines_zh(const Failure& failure) {
  std::vector<std::string> lines;
  for (const Problem& p : failure.problems) {
    std::string where = p.location.empty() ? "第 " + std::to_string(p.row) + " 行" : p.location;
    if (p.location.empty() && !p.field.empty()) where += "（" + p.field + "）";
    lines.push_back(where + "：" + (p.reason_zh.empty() ? p.reason : p.reason_zh));
  }
  if (lines.empty()) lines.push_back(failure.message);
  return lines;
}

}  // namespace targetwatch::core
