// write_targets: the canonical, commented TOML layout of one department's targets.
#include <set>
#include <sstream>

#include "targetwatch/config/targets_file.h"
#include "toml_emit.h"

namespace targetwatch {
namespace {

using config_detail::comment_text;
using config_detail::format_key;
using config_detail::format_number;
using config_detail::quote_string;

// Builds the text line by line so that blank lines and comments land where a person expects them.
class Emitter {
 public:
  void comment(std::string_view text) {
    // Each line of a multi-line text becomes its own comment line.
    std::size_t start = 0;
    while (true) {
      const std::size_t end = text.find('\n', start);
      const std::string line =
          comment_text(text.substr(start, end == std::string_view::npos ? end : end - start));
      out_ << (line.empty() ? "#" : "# " + line) << '\n';
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  }
  void blank() { out_ << '\n'; }
  void header(std::string_view name) { out_ << name << '\n'; }
  void raw(std::string_view key, std::string_view value) { out_ << key << " = " << value << '\n'; }
  void string(std::string_view key, std::string_view value) { raw(key, quote_string(value)); }
  void number(std::string_view key, double value) { raw(key, format_number(value)); }
  void integer(std::string_view key, long long value) { raw(key, std::to_string(value)); }
  void line(std::string_view text) { out_ << text << '\n'; }
  std::string str() const { return out_.str(); }

 private:
  std::ostringstream out_;
};

bool is_numeric(Comparator c) {
  return c != Comparator::kQualitative && c != Comparator::kDeadline;
}

void write_indicator(Emitter& e, std::string_view header, const Indicator& ind) {
  e.blank();
  if (!ind.remark.empty()) e.comment(ind.remark);
  e.header(header);
  e.string("id", ind.id);
  e.string("level1", ind.level1);
  e.string("level2", ind.level2);
  e.string("name", ind.name);
  e.string("description", ind.description);
  e.string("comparator", to_string(ind.comparator));
  if (ind.target) e.number("target", *ind.target);
  // Numeric targets always show their unit (even none) so a reader sees what is compared.
  if (is_numeric(ind.comparator) || !ind.unit.empty()) e.string("unit", ind.unit);
  if (ind.comparator == Comparator::kQualitative || !ind.expected.empty()) {
    e.string("expected", ind.expected);
  }
  if (ind.deadline) e.raw("deadline", ind.deadline->iso());
  if (ind.pace) e.string("pace", to_string(*ind.pace));
  if (ind.frequency) e.string("frequency", to_string(*ind.frequency));
  if (ind.tolerance) e.number("tolerance", *ind.tolerance);
  e.string("basis", ind.basis);
}

void write_budget_line(Emitter& e, const BudgetLine& line) {
  e.blank();
  e.header("[[department.budget]]");
  e.string("table", line.table);
  e.string("code", line.code);
  e.string("name", line.name);
  std::string amounts = "{";
  std::set<std::string> used;
  for (const auto& [column, amount] : line.amounts) {
    // TOML forbids repeated keys; a repeated column name gets a suffix rather than breaking the
    // file.
    std::string key = column;
    for (int n = 2; !used.insert(key).second; ++n) key = column + " (" + std::to_string(n) + ")";
    amounts += (amounts.size() > 1 ? ", " : " ") + format_key(key) + " = " + format_number(amount);
  }
  amounts += amounts.size() > 1 ? " }" : "}";
  e.raw("amounts", amounts);
}

void write_project(Emitter& e, const Project& p, int fiscal_year) {
  e.blank();
  e.comment(p.name.empty() ? p.code : p.name);
  if (!p.remark.empty()) e.comment(p.remark);
  e.header("[[project]]");
  e.string("code", p.code);
  e.string("name", p.name);
  e.number("budget", p.budget);
  // A 0 + 0 split of a non-zero budget means "not published"; writing it would only draw the
  // loader's funds-mismatch warning, and leaving it out reads back the same.
  if (p.fiscal_funds != 0 || p.other_funds != 0 || p.budget == 0) {
    e.number("fiscal_funds", p.fiscal_funds);
    e.number("other_funds", p.other_funds);
  }
  e.string("purpose", p.purpose);
  if (p.goals.size() <= 1) {
    std::string goals = "[";
    if (!p.goals.empty()) goals += quote_string(p.goals.front());
    goals += ']';
    e.raw("goals", goals);
  } else {
    e.line("goals = [");
    for (const auto& goal : p.goals) e.line("  " + quote_string(goal) + ",");
    e.line("]");
  }
  if (p.spending_plan.empty()) {
    std::string note = "资金支出计划: none published; the whole budget is due by ";
    note += std::to_string(fiscal_year);
    note += "-12-31.";
    e.comment(note);
    e.raw("spending_plan", "[]");
  } else {
    e.comment("资金支出计划: cumulative share of the budget to be spent by each date.");
    e.line("spending_plan = [");
    for (const Checkpoint& c : p.spending_plan) {
      e.line("  { by = " + c.by.iso() + ", share = " + format_number(c.share) + " },");
    }
    e.line("]");
  }
  if (p.lag_tolerance) e.number("lag_tolerance", *p.lag_tolerance);
  if (p.indicator_tolerance) e.number("indicator_tolerance", *p.indicator_tolerance);
  if (p.frequency) e.string("frequency", to_string(*p.frequency));
  for (const Indicator& ind : p.indicators) write_indicator(e, "[[project.indicator]]", ind);
}

}  // namespace

std::string write_targets(const Department& d, const WriteOptions& options) {
  Emitter e;
  if (options.header_comments.empty()) {
    e.comment("Performance targets (绩效目标) of " + d.name + " (" + d.code + ") for fiscal year " +
              std::to_string(d.fiscal_year) + ".");
    e.comment("Format: docs/targets-format.md. Validate with `targetwatch check`.");
  } else {
    for (const auto& line : options.header_comments) e.comment(line);
  }
  e.blank();
  e.integer("schema_version", 1);
  e.blank();
  e.header("[department]");
  e.string("code", d.code);
  e.string("name", d.name);
  e.integer("fiscal_year", d.fiscal_year);
  e.comment(
      "Unit of every money amount in this file (budgets, funds, budget lines): 元, 万元 or 亿元.");
  e.string("amount_unit", d.amount_unit);
  if (d.lag_tolerance) e.number("lag_tolerance", *d.lag_tolerance);
  if (d.indicator_tolerance) e.number("indicator_tolerance", *d.indicator_tolerance);
  if (d.frequency) e.string("frequency", to_string(*d.frequency));
  if (!d.indicators.empty()) {
    e.blank();
    e.comment("Department-wide indicators (部门整体支出绩效指标).");
    for (const Indicator& ind : d.indicators) write_indicator(e, "[[department.indicator]]", ind);
  }
  if (!d.budget_lines.empty()) {
    e.blank();
    e.comment("Published budget summary lines, amounts in amount_unit by column (kept as facts).");
    for (const BudgetLine& line : d.budget_lines) write_budget_line(e, line);
  }
  for (const Project& p : d.projects) write_project(e, p, d.fiscal_year);
  return e.str();
}

}  // namespace targetwatch
