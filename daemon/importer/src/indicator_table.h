// An indicator table (一级指标 二级指标 三级指标 ... 指标值 指标值确定依据) read row by row:
// columns from the (possibly repeated, possibly two-row) header, 一级/二级 carried down, wrapped
// cells joined.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "document.h"
#include "targetwatch/model/targets.h"

namespace targetwatch::importer {

class IndicatorTable {
 public:
  /// A header row: its first labelled cells include 一级指标 and 三级指标 (or 指标名称).
  static bool is_header(const Row& row);

  /// A department-wide table known by what it is: the level names in the rows after its header
  /// start with 部门 (部门产出, 部门效果 ...), wherever the table stands.
  static bool has_department_levels(const Row& header, std::span<const Row> ahead);

  /// Starts (or restarts after a page break) the column layout.
  void set_header(const Row& row);
  /// The second header row of the department table (符号 值 单位): true when consumed.
  bool try_subheader(const Row& row);
  /// A data row: a new indicator, a continuation of the last one (wrapped cells), or a stray
  /// page number. Reports what it cannot place.
  void read_row(const Row& row, Sink& sink);
  bool has_header() const { return !roles_.empty(); }

  /// The indicators with values parsed and ids assigned (category + ordinal within this table).
  /// `where` names the table in remarks ("project 1310...", "department").
  std::vector<Indicator> finish(int fiscal_year, const std::string& where, Sink& sink);

 private:
  enum class Role {
    kNone,
    kLevel1,
    kLevel2,
    kName,
    kDescription,
    kSymbol,     ///< 符号: ≥ ≤ = or a word
    kDirection,  ///< 指标方向: 正向 (>=) or 反向 (<=)
    kNature,     ///< 指标性质: 定量 or 定性
    kValue,
    kUnit,
    kBasis,
    kOther
  };
  struct Pending {
    int line = 0;
    Indicator indicator;
    std::string symbol, direction, nature, value, unit;  ///< the printed value's cells
  };

  Role role_at(std::size_t i) const { return i < roles_.size() ? roles_[i] : Role::kNone; }
  std::optional<std::vector<std::string>> align(const Row& row) const;

  std::vector<Role> roles_;
  bool after_header_ = false;
  std::string level1_, level2_;
  std::vector<Pending> rows_;
};

}  // namespace targetwatch::importer
