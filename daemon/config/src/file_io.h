// Reading whole files: targets, settings and the targets cache's entries.
#pragma once

#include <optional>
#include <string>

namespace targetwatch::config_detail {

/// Reads a whole file; nullopt with a diagnostic-ready reason in `error`.
std::optional<std::string> read_text_file(const std::string& path, std::string& error);

}  // namespace targetwatch::config_detail
