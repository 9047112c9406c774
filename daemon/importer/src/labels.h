// What the page tops and heads of both readers (disclosure text, spreadsheets) print about the
// department: its code and name, the year, the money unit; and the assembly of the result.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document.h"
#include "project_table.h"
#include "targetwatch/importer/importer.h"

namespace targetwatch::importer {

struct DepartmentHeader {
  std::string code;
  std::string name;
  bool labelled = false;  ///< printed after a label such as "部门："
};

/// "375 廊坊市司法局", "部门：375 廊坊市司法局": a department code and name (not "2025 年部门
/// 预算...").
std::optional<DepartmentHeader> department_header_shape(std::string_view text);

/// The value after one of `labels` and a colon: labeled("预算年度：2025", {"预算年度"}) ->
/// "2025". Spaces are removed first.
std::optional<std::string> labeled(std::string_view text,
                                   std::initializer_list<std::string_view> labels);

/// "万元", "万元（保留两位小数）" -> "万元"; nullopt for units that are not money.
std::optional<std::string> money_unit(std::string_view value);

/// "2025", "2025年", "2025年度" -> 2025.
std::optional<int> year_value(std::string_view value);

/// "注：...", "备注：...", "说明：...": a note under a table.
bool is_note(std::string_view text);

/// Factor from amounts printed in `unit` to the department's `amount_unit`; warns (once per call)
/// and returns 1 when a unit is unknown.
double unit_factor(const std::string& unit, const std::string& amount_unit, int line, Sink& sink);

/// Appends the finished project to the department; a code seen before is reported.
void add_project(Department& dept, std::vector<int>& project_lines, ProjectTable& table,
                 Sink& sink);

/// The result: counts taken from the department, issues moved from the sink.
ImportResult assemble(Department dept, Sink sink, int lines);

}  // namespace targetwatch::importer
