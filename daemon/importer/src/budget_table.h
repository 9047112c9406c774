// A budget summary table (收支总表, 收入总表, 支出总表, 基本支出表, 三公经费表 ...) read across its
// pages: multi-row headers turned into column roles, wrapped cells and split subject codes joined,
// rows kept as BudgetLine facts.
#pragma once

#include <string>
#include <vector>

#include "document.h"
#include "targetwatch/model/targets.h"

namespace targetwatch::importer {

class BudgetTable {
 public:
  /// `name`: the table's title as printed ("部门预算支出总表").
  explicit BudgetTable(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  /// Any row of the table: header rows (序号 ... 栏次), data rows, continuations, page repeats.
  void read(const Row& row, Sink& sink);
  /// The table's lines with at least one amount, amounts multiplied by `factor` (table unit to
  /// department unit). `line_numbers` receives each line's source line, in the same order.
  std::vector<BudgetLine> finish(double factor, Sink& sink, std::vector<int>& line_numbers);

 private:
  enum class Role { kSerial, kCode, kName, kAmount };
  struct Column {
    Role role = Role::kAmount;
    std::string label;
  };
  struct DataRow {
    int line = 0;
    std::string display;
    std::size_t layout = 0;
    std::vector<std::string> cells;
  };

  void build_layout();
  void read_data(const Row& row, Sink& sink);
  std::size_t code_column() const;

  std::string name_;
  bool in_header_ = false;
  std::vector<std::vector<std::string>> header_rows_;
  std::vector<std::vector<Column>> layouts_;
  std::vector<DataRow> rows_;
};

/// True when `code` is a budget subject code (功能/经济分类科目编码: 3, 5 or 7 digits).
bool is_subject_code(std::string_view code);

}  // namespace targetwatch::importer
