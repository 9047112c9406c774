// compliance_openmetrics: regroups each day's exposition by family and stamps every sample.
#include "targetwatch/metrics/history.h"

#include <map>
#include <string_view>
#include <vector>

#include "targetwatch/metrics/exporter.h"

namespace targetwatch::metrics {
namespace {

struct FamilyText {
  std::string help_and_type;  ///< the "# HELP" and "# TYPE" lines
  std::string samples;
};

std::string_view family_of(std::string_view comment_line) {
  // "# TYPE name gauge" / "# HELP name text"
  std::string_view rest = comment_line.substr(7);
  return rest.substr(0, rest.find(' '));
}

}  // namespace

std::string compliance_openmetrics(std::span<const Evaluation> days, const WarningPolicy& policy) {
  std::vector<std::string> order;
  std::map<std::string, FamilyText, std::less<>> families;
  std::string day_text;
  for (const Evaluation& day : days) {
    day_text = compliance_text(day, policy);
    std::string stamp(1, ' ');
    stamp += std::to_string(day.as_of.unix_seconds());
    FamilyText* current = nullptr;
    std::size_t pos = 0;
    while (pos < day_text.size()) {
      std::size_t end = day_text.find('\n', pos);
      if (end == std::string::npos) end = day_text.size();
      const std::string_view line(day_text.data() + pos, end - pos);
      pos = end + 1;
      if (line.empty()) continue;
      if (line.rfind("# ", 0) == 0) {
        const std::string_view name = family_of(line);
        auto it = families.find(name);
        if (it == families.end()) {
          it = families.emplace(std::string(name), FamilyText{}).first;
          order.emplace_back(name);
        }
        current = &it->second;
        if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
          if (current->help_and_type.find(line) == std::string::npos) {
            current->help_and_type.append(line).push_back('\n');
          }
        }
        continue;
      }
      if (current == nullptr) continue;
      current->samples.append(line).append(stamp).push_back('\n');
    }
  }
  std::string out;
  for (const std::string& name : order) {
    const FamilyText& f = families.find(name)->second;
    out += f.help_and_type;
    out += f.samples;
  }
  out += "# EOF\n";
  return out;
}

}  // namespace targetwatch::metrics
