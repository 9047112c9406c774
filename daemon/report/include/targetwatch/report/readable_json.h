// JSON text for people as well as programs: Boost.JSON values with numbers in plain form.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>

namespace targetwatch {

/// Like boost::json::serialize, but doubles are written in their shortest round-trip form
/// (0.34, 17.5, 680000) instead of Boost's scientific notation; non-finite numbers become null.
std::string serialize_readable(const boost::json::value& value);

}  // namespace targetwatch
