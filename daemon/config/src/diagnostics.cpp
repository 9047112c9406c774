// Formatting of load diagnostics and the ok() checks of the load results.
#include <algorithm>

#include "targetwatch/config/settings.h"
#include "targetwatch/config/targets_file.h"

namespace targetwatch {
namespace {

bool has_error(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    return d.severity == Diagnostic::Severity::kError;
  });
}

}  // namespace

std::string Diagnostic::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  out += ": ";
  if (!field.empty()) out += field + ": ";
  // Errors keep the documented "file:line:column: field: message" shape; warnings say so.
  if (severity == Severity::kWarning) out += "warning: ";
  out += message;
  return out;
}

bool TargetsLoad::ok() const { return !has_error(diagnostics); }
bool SettingsLoad::ok() const { return !has_error(diagnostics); }

}  // namespace targetwatch
