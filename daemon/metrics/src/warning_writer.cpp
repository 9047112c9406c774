// write_warning_levels: one sample per project and rule, and one per indicator lamp.
#include "warning_writer.h"

#include <string_view>

#include "compliance_writer.h"

namespace targetwatch::metrics::detail {
namespace {

// A sample's label set: `{department="...",project="..."...`, escaped like every other family.
void open_labels(std::string& out, std::string_view department, std::string_view project) {
  out += '{';
  append_label(out, "department", department);
  out += ',';
  append_label(out, "project", project);
}

}  // namespace

void write_warning_levels(const Evaluation& evaluation, const WarningPolicy& policy,
                          std::string& out) {
  const EvaluationLamps lamps = compute_lamps(evaluation, policy);
  out +=
      "# HELP targetwatch_project_warning_level Warning lamp of a project by rule set: 0 green, 1 "
      "yellow, 2 red.\n# TYPE targetwatch_project_warning_level gauge\n";
  for (const DepartmentLamps& d : lamps.departments) {
    for (const ProjectLamps& p : d.projects) {
      for (const RuleLamp& r : p.rules) {
        out += "targetwatch_project_warning_level";
        open_labels(out, d.department->department->code, p.project->project->code);
        out += ',';
        append_label(out, "rule", to_string(r.rule));
        out += "} ";
        out += std::to_string(level_of(r.lamp));
        out += '\n';
      }
    }
  }
  out +=
      "# HELP targetwatch_indicator_warning_level Warning lamp of an indicator: 0 green, 1 "
      "yellow, 2 red.\n# TYPE targetwatch_indicator_warning_level gauge\n";
  auto indicator_lines = [&](std::string_view department, std::string_view project,
                             const std::vector<IndicatorEvaluation>& indicators,
                             const std::vector<Lamp>& levels) {
    for (std::size_t i = 0; i < indicators.size() && i < levels.size(); ++i) {
      out += "targetwatch_indicator_warning_level";
      open_labels(out, department, project);
      out += ',';
      append_label(out, "indicator", indicators[i].indicator->id);
      out += "} ";
      out += std::to_string(level_of(levels[i]));
      out += '\n';
    }
  };
  for (const DepartmentLamps& d : lamps.departments) {
    const std::string& code = d.department->department->code;
    indicator_lines(code, "", d.department->indicators, d.indicators);
    for (const ProjectLamps& p : d.projects) {
      indicator_lines(code, p.project->project->code, p.project->indicators, p.indicators);
    }
  }
}

}  // namespace targetwatch::metrics::detail
