// Cross-checks of a department's figures.
#include "cross_checks.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "text.h"

namespace targetwatch::importer {
namespace {

/// Printed figures carry two decimals: a sum of n of them may be off by n half-cents.
bool agrees(double a, double b, std::size_t terms) {
  return std::fabs(a - b) <= 0.005 * static_cast<double>(terms + 1) + 1e-9;
}

std::optional<double> amount(const BudgetLine& line, std::string_view key) {
  for (const auto& [k, v] : line.amounts) {
    if (k == key) return v;
  }
  return std::nullopt;
}

bool starts_with_chinese_ordinal(std::string_view name) {
  static constexpr std::string_view kDigits[] = {"一", "二", "三", "四", "五",
                                                 "六", "七", "八", "九", "十"};
  std::size_t p = 0;
  bool any = false;
  while (p < name.size()) {
    bool matched = false;
    for (auto d : kDigits) {
      if (name.substr(p, d.size()) == d) {
        p += d.size();
        matched = any = true;
        break;
      }
    }
    if (!matched) break;
  }
  return any && name.substr(p, 3) == "、";
}

std::string describe(const BudgetLine& line) {
  return line.code.empty() ? line.name : line.code + " " + line.name;
}

/// Compares `parent` with the sum of `children`, column by column.
void compare_sum(const BudgetLine& parent, int parent_row,
                 const std::vector<const BudgetLine*>& children, const std::string& what,
                 Sink& sink) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : parent.amounts) keys.push_back(k);
  for (const auto* child : children) {
    for (const auto& [k, v] : child->amounts) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  for (const auto& key : keys) {
    double sum = 0;
    std::size_t terms = 0;
    for (const auto* child : children) {
      if (auto v = amount(*child, key)) {
        sum += *v;
        ++terms;
      }
    }
    const double total = amount(parent, key).value_or(0);
    if (!agrees(total, sum, terms)) {
      sink.warn(parent_row, describe(parent),
                "table " + parent.table + ": " + describe(parent) + " " + key + " is " +
                    format_amount(total) + " but its " + what + " add up to " + format_amount(sum));
    }
  }
}

void check_subject_codes(const Department& d, const std::vector<int>& rows, Sink& sink) {
  std::map<std::string, std::vector<std::size_t>> by_table;
  for (std::size_t i = 0; i < d.budget_lines.size(); ++i) {
    by_table[d.budget_lines[i].table].push_back(i);
  }
  for (const auto& [table, indices] : by_table) {
    std::map<std::string, std::size_t> by_code;
    std::optional<std::size_t> total;
    for (auto i : indices) {
      const auto& line = d.budget_lines[i];
      if (!line.code.empty()) by_code.emplace(line.code, i);
      if (line.code.empty() && (line.name == "合计" || line.name == "总计") && !total) total = i;
    }
    if (by_code.empty()) continue;
    for (const auto& [code, index] : by_code) {
      if (code.size() != 3 && code.size() != 5) continue;
      std::vector<const BudgetLine*> children;
      for (const auto& [child_code, child_index] : by_code) {
        if (child_code.size() == code.size() + 2 && child_code.compare(0, code.size(), code) == 0) {
          children.push_back(&d.budget_lines[child_index]);
        }
      }
      if (!children.empty()) {
        compare_sum(d.budget_lines[index], rows[index], children, "subject codes", sink);
      }
    }
    if (total) {
      std::vector<const BudgetLine*> top;
      for (const auto& [code, index] : by_code) {
        if (code.size() == 3) top.push_back(&d.budget_lines[index]);
      }
      if (!top.empty())
        compare_sum(d.budget_lines[*total], rows[*total], top, "3-digit subjects", sink);
    }
  }
}

void check_three_public(const Department& d, const std::vector<int>& rows, Sink& sink) {
  std::map<std::string, std::vector<std::size_t>> by_table;
  for (std::size_t i = 0; i < d.budget_lines.size(); ++i) {
    if (contains(d.budget_lines[i].table, "三公")) by_table[d.budget_lines[i].table].push_back(i);
  }
  for (const auto& [table, indices] : by_table) {
    std::optional<std::size_t> total;
    std::vector<std::size_t> items;  // positions within `indices`
    for (std::size_t k = 0; k < indices.size(); ++k) {
      const auto& name = d.budget_lines[indices[k]].name;
      if (!total && (contains(name, "小计") || contains(name, "合计"))) total = indices[k];
      if (starts_with_chinese_ordinal(name)) items.push_back(k);
    }
    if (total && !items.empty()) {
      std::vector<const BudgetLine*> lines;
      lines.reserve(items.size());
      for (auto k : items) lines.push_back(&d.budget_lines[indices[k]]);
      compare_sum(d.budget_lines[*total], rows[*total], lines, "items", sink);
    }
    for (std::size_t n = 0; n < items.size(); ++n) {
      const std::size_t end = n + 1 < items.size() ? items[n + 1] : indices.size();
      std::vector<const BudgetLine*> subs;
      for (std::size_t k = items[n] + 1; k < end; ++k) subs.push_back(&d.budget_lines[indices[k]]);
      if (!subs.empty()) {
        const std::size_t parent = indices[items[n]];
        compare_sum(d.budget_lines[parent], rows[parent], subs, "sub-items", sink);
      }
    }
  }
}

void check_balance(const Department& d, const std::vector<int>& rows, Sink& sink) {
  std::map<std::string, std::pair<std::optional<std::size_t>, std::optional<std::size_t>>> totals;
  for (std::size_t i = 0; i < d.budget_lines.size(); ++i) {
    const auto& line = d.budget_lines[i];
    if (line.amounts.empty()) continue;
    if (line.name == "收入总计" && !totals[line.table].first) totals[line.table].first = i;
    if (line.name == "支出总计" && !totals[line.table].second) totals[line.table].second = i;
  }
  for (const auto& [table, pair] : totals) {
    if (!pair.first || !pair.second) continue;
    const double in = d.budget_lines[*pair.first].amounts.front().second;
    const double out = d.budget_lines[*pair.second].amounts.front().second;
    if (!agrees(in, out, 0)) {
      sink.warn(rows[*pair.first], table,
                "table " + table + ": 收入总计 " + format_amount(in) + " differs from 支出总计 " +
                    format_amount(out));
    }
  }
}

void check_projects(const Department& d, const std::vector<int>& project_lines, Sink& sink) {
  double sum = 0;
  for (std::size_t i = 0; i < d.projects.size(); ++i) {
    const auto& p = d.projects[i];
    sum += p.budget;
    if (!agrees(p.fiscal_funds + p.other_funds, p.budget, 1)) {
      sink.warn(project_lines[i], "project " + p.code,
                "project " + p.code + ": 财政资金 " + format_amount(p.fiscal_funds) +
                    " + 其他资金 " + format_amount(p.other_funds) + " differs from 预算数 " +
                    format_amount(p.budget));
    }
  }
  if (d.projects.empty()) return;
  // The 项目支出 total: 支出总表 first, any other table's 合计 row otherwise.
  const BudgetLine* total = nullptr;
  for (int pass = 0; pass < 2 && total == nullptr; ++pass) {
    for (const auto& line : d.budget_lines) {
      const bool table_ok =
          pass == 1 || (contains(line.table, "支出总表") && !contains(line.table, "收支"));
      if (table_ok && line.code.empty() && line.name == "合计" && amount(line, "项目支出")) {
        total = &line;
        break;
      }
    }
  }
  if (total == nullptr) return;
  const double printed = *amount(*total, "项目支出");
  if (!agrees(printed, sum, d.projects.size())) {
    sink.warn(0, "projects",
              "the " + std::to_string(d.projects.size()) + " project budgets add up to " +
                  format_amount(sum) + " but table " + total->table + " shows 项目支出 " +
                  format_amount(printed));
  }
}

}  // namespace

void cross_check(const Department& department, const std::vector<int>& project_lines,
                 const std::vector<int>& budget_line_rows, Sink& sink) {
  check_projects(department, project_lines, sink);
  check_subject_codes(department, budget_line_rows, sink);
  check_three_public(department, budget_line_rows, sink);
  check_balance(department, budget_line_rows, sink);
}

}  // namespace targetwatch::importer
