// Small TOML emitter pieces: numbers, strings, keys and comments written the way people read them.
#pragma once

#include <string>
#include <string_view>

namespace targetwatch::config_detail {

/// The shortest text that reads back as the same double: 350, 0.3, 4210.38, 1e+20, nan, inf.
/// Integral values print without ".0" (the loader accepts integers for every numeric field).
std::string format_number(double value);

/// A TOML basic string with quotes, escaping only what TOML requires (", \, control characters);
/// non-ASCII text stays readable. Invalid UTF-8 becomes U+FFFD so the output always parses.
std::string quote_string(std::string_view text);

/// A key as written in a table: bare when it may be (A-Za-z0-9_-), otherwise quoted.
std::string format_key(std::string_view key);

/// Text made safe for one comment line: valid UTF-8, no control characters except tab.
std::string comment_text(std::string_view text);

}  // namespace targetwatch::config_detail
