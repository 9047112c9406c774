// Failure: why the application refused or could not do something, as a kind that transports map
// (HTTP status codes, drop-folder outcomes) plus every problem found.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace targetwatch::core {

enum class FailureKind {
  kUnauthenticated,   ///< no or unknown credentials
  kForbidden,         ///< known principal, not allowed (scope, read-only, reload)
  kNotFound,          ///< an unknown department, ...
  kBadRequest,        ///< a malformed parameter (as_of=...)
  kUnsupportedMedia,  ///< a body format the service does not read
  kUnreadable,        ///< the body could not be read (charset, syntax)
  kInvalid,           ///< read, but the records do not fit the targets
  kTooLarge,          ///< over a configured limit
  kRateLimited,       ///< too many failed attempts from one address: wait retry_after_seconds
  kStoreUnavailable,  ///< the store cannot write now (disk full, database down): retry later
  kInternal,          ///< anything else that is the service's fault
};
std::string_view to_string(FailureKind kind);  ///< "unauthenticated", "forbidden", ...

/// One problem, located: `row` is the CSV line / JSON index (0 when not about a row), `field` the
/// column or key ("" for the whole row or body).
struct Problem {
  std::size_t row = 0;
  std::string field;
  std::string reason;  ///< English
  std::string location =
      {};  ///< where a person looks: "报送!F12", "第12行 “本期实际值”列" ("" = none)
  std::string reason_zh = {};  ///< the reason in Chinese, for the people who fill the forms
  friend bool operator==(const Problem&, const Problem&) = default;
};

struct Failure {
  Failure() = default;
  Failure(FailureKind k, std::string m, std::vector<Problem> p = {}, int retry_after = 0)
      : kind(k), message(std::move(m)), problems(std::move(p)), retry_after_seconds(retry_after) {}

  FailureKind kind = FailureKind::kInternal;
  std::string message;            ///< one line, for the answer's "error" and the log
  std::vector<Problem> problems;  ///< every problem of the request, when there are several
  int retry_after_seconds = 0;    ///< > 0: the request may succeed when repeated after this
};

/// "row 3, field value: reason" lines of the problems (or the message when there are none).
std::vector<std::string> problem_lines(const Failure& failure);
/// The same for people: "报送!F12：原因" (the location and the Chinese reason when there are).
std::vector<std::string> problem_lines_zh(const Failure& failure);

}  // namespace targetwatch::core
