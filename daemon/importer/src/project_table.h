// One project's 绩效目标表: code and name, budget split, purpose, spending plan aligned by tab
// position, goals, and its indicator table.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "document.h"
#include "indicator_table.h"
#include "targetwatch/model/targets.h"

namespace targetwatch::importer {

/// Splits a 绩效目标 text into goals at its numbering ("1." "2、" "（3）"), or keeps it whole.
std::vector<std::string> split_goals(std::string_view text);

/// The amounts of a project's budget row (预算数, 财政资金, 其他资金), as far as printed.
enum class AmountField { kBudget, kFiscal, kOther };
struct BudgetAmounts {
  std::optional<double> budget, fiscal, other;
  void set(AmountField field, double value);
  bool empty() const { return !budget && !fiscal && !other; }
};

class ProjectTable {
 public:
  /// True when the row starts a project table: its first cell is 项目编码 (or 项目名称 with a
  /// 项目编码 label further right).
  static bool is_code_row(const Row& row);
  /// A 项目名称 row without the code (the code follows on its own row).
  static bool is_name_row(const Row& row);
  /// True when `row` (a code row) still belongs to this table: it gives the code or name that the
  /// table has not printed yet (code and name on separate rows).
  bool completes_head(const Row& row) const;

  /// `factor` converts the table's amounts into the department's unit; `title` is the table's
  /// title without numbering and "绩效目标表" (may be empty), checked against the name.
  ProjectTable(const Row& code_row, int fiscal_year, double factor, std::string title);

  /// Any later row of the table.
  void read(const Row& row, Sink& sink);
  /// The project with its indicators (ids assigned) and plan (sorted, checked).
  Project finish(Sink& sink);
  int line() const { return line_; }

 private:
  enum class Part { kHead, kBudget, kPlan, kGoals, kIndicators };

  /// A budget row's cells: amounts after their labels, labels waiting for amounts below, and
  /// whether a cell was neither.
  struct BudgetCells {
    BudgetAmounts amounts;
    std::vector<std::pair<std::size_t, AmountField>> labels;  ///< column, field
    bool stray = false;
  };

  void read_code_row(const Row& row);
  BudgetCells scan_budget_cells(const Row& row) const;
  bool read_more_amounts(const Row& row, Sink& sink);
  void read_budget_row(const Row& row, Sink& sink);
  void read_plan_cells(const Row& row, std::size_t start, Sink& sink);
  void read_plan_values(const Row& row, std::size_t start, Sink& sink);
  bool read_budget_values(const Row& row, Sink& sink);
  void set_budget(BudgetAmounts amounts, const Row& row, Sink& sink);
  std::optional<double> share(std::string_view cell) const;

  int fiscal_year_;
  double factor_;
  std::string title_;
  int line_ = 0;
  Part part_ = Part::kHead;
  Project project_;
  std::size_t code_col_ = 0, name_col_ = 0;
  bool budget_seen_ = false;
  std::vector<std::pair<std::size_t, AmountField>>
      budget_columns_;  ///< labels waiting for their amounts
  int budget_line_ = 0;
  bool plan_percent_ = true;  ///< the plan header says（%）: bare numbers are percentages
  std::map<std::size_t, Date> plan_columns_;  ///< month headers waiting for their values row
  int plan_header_line_ = 0;
  std::vector<std::pair<Checkpoint, int>> checkpoints_;  ///< with source lines
  std::string goals_text_;
  IndicatorTable indicators_;
};

}  // namespace targetwatch::importer
