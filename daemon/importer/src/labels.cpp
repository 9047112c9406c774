// Department header, year and unit labels, and the assembly of an import's result.
#include "labels.h"

#include "targetwatch/model/units.h"
#include "text.h"

namespace targetwatch::importer {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::optional<DepartmentHeader> department_header_shape(std::string_view text) {
  bool labelled = false;
  for (std::string_view label :
       {"部门：", "部门名称：", "预算部门：", "预算单位：", "单位名称：", "部门:", "预算单位:"}) {
    if (starts_with(text, label)) {
      text.remove_prefix(label.size());
      while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
      labelled = true;
      break;
    }
  }
  const auto space = text.find(' ');
  if (space == std::string_view::npos || space == 0 || space > 12) return std::nullopt;
  const std::string_view code = text.substr(0, space);
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::string name(text.substr(space + 1));
  if (name.empty()) return std::nullopt;
  std::size_t pos = 0;
  const char32_t first = decode_utf8(name, pos);
  if (first < 0x4E00 || first > 0x9FFF) return std::nullopt;
  for (std::string_view word : {"年", "月", "日", "号", "万", "元", "亿", "个", "项", "件", "人",
                                "次", "名", "家", "户", "天"}) {
    if (starts_with(name, word)) return std::nullopt;
  }
  if (contains(name, "，") || contains(name, "。") || name.size() > 120) return std::nullopt;
  return DepartmentHeader{std::string(code), name, labelled};
}

std::optional<std::string> labeled(std::string_view text,
                                   std::initializer_list<std::string_view> labels) {
  const std::string s = compact(text);
  for (auto label : labels) {
    if (!starts_with(s, label)) continue;
    std::string_view rest = std::string_view(s).substr(label.size());
    if (starts_with(rest, "：")) return std::string(rest.substr(3));
    if (starts_with(rest, ":")) return std::string(rest.substr(1));
  }
  return std::nullopt;
}

std::optional<std::string> money_unit(std::string_view value) {
  for (std::string_view unit : {"亿元", "万元", "元"}) {
    if (starts_with(value, unit)) return std::string(unit);
  }
  return std::nullopt;
}

std::optional<int> year_value(std::string_view value) {
  if (value.ends_with("年度")) value.remove_suffix(std::string_view("年度").size());
  if (value.ends_with("年")) value.remove_suffix(std::string_view("年").size());
  if (value.size() != 4 || !is_small_integer(value, 4)) return std::nullopt;
  return std::stoi(std::string(value));
}

bool is_note(std::string_view text) {
  const std::string s = compact(text);
  return starts_with(s, "注：") || starts_with(s, "注:") || starts_with(s, "备注：") ||
         starts_with(s, "说明：") || starts_with(s, "注1") || s == "注";
}

double unit_factor(const std::string& unit, const std::string& amount_unit, int line, Sink& sink) {
  if (unit == amount_unit) return 1;
  const auto from = yuan_per(unit);
  const auto to = yuan_per(amount_unit);
  if (from && to) return *from / *to;
  sink.warn(line, unit, "unknown amount unit \"" + unit + "\"; amounts taken as printed");
  return 1;
}

void add_project(Department& dept, std::vector<int>& project_lines, ProjectTable& table,
                 Sink& sink) {
  const int line = table.line();
  Project p = table.finish(sink);
  for (std::size_t k = 0; k < dept.projects.size(); ++k) {
    if (dept.projects[k].code == p.code && !p.code.empty()) {
      sink.unplace(line, "project " + p.code,
                   "project code " + p.code + " appears twice (first at line " +
                       std::to_string(project_lines[k]) + ")");
    }
  }
  dept.projects.push_back(std::move(p));
  project_lines.push_back(line);
}

ImportResult assemble(Department dept, Sink sink, int lines) {
  ImportResult result;
  auto& c = result.counts;
  c.lines = lines;
  c.projects = static_cast<int>(dept.projects.size());
  c.department_indicators = static_cast<int>(dept.indicators.size());
  for (const auto& p : dept.projects) {
    c.project_indicators += static_cast<int>(p.indicators.size());
    c.checkpoints += static_cast<int>(p.spending_plan.size());
  }
  c.indicators = c.department_indicators + c.project_indicators;
  c.budget_lines = static_cast<int>(dept.budget_lines.size());
  c.uncertain = static_cast<int>(sink.uncertain.size());
  result.department = std::move(dept);
  result.unplaced = std::move(sink.unplaced);
  result.uncertain = std::move(sink.uncertain);
  result.warnings = std::move(sink.warnings);
  return result;
}

}  // namespace targetwatch::importer
