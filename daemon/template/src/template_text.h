// Private helpers of the template module shared by its renderings.
#pragma once

#include <optional>
#include <string>

namespace targetwatch::reporting {

/// A number as the template writes it: rounded to `decimals` when given, then the shortest
/// form that reads back the same ("41.18", "350", "0.5"); never "-0"; "" when not finite.
/// Not the review's figure(): the last reported value must be shown exactly as stored.
std::string decimal_text(double x, std::optional<int> decimals);

}  // namespace targetwatch::reporting
