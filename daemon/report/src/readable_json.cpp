// serialize_readable: JSON text with numbers in their shortest plain form (0.34, not 3.4E-1).
#include "targetwatch/report/readable_json.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

namespace targetwatch {
namespace json = boost::json;
namespace {

// Boost.JSON prints doubles in scientific form (0.34 -> 3.4E-1); people read this output too,
// so numbers are written with std::to_chars (shortest round-trip form) instead.
void write(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      break;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      break;
    case json::kind::int64:
      out += std::to_string(v.get_int64());
      break;
    case json::kind::uint64:
      out += std::to_string(v.get_uint64());
      break;
    case json::kind::double_: {
      const double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        break;
      }
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof buf, d);
      out.append(buf, r.ptr);
      break;
    }
    case json::kind::string:
      out += json::serialize(v.get_string());
      break;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write(e, out);
      }
      out += ']';
      break;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, e] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::string_view(key));
        out += ':';
        write(e, out);
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string serialize_readable(const json::value& value) {
  std::string out;
  write(value, out);
  return out;
}

}  // namespace targetwatch
