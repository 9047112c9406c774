// Indicator tables: column roles, carry-down, wrapped-cell continuation, value parsing, ids.
#include "indicator_table.h"

#include <map>

#include "targetwatch/importer/indicator_value.h"
#include "text.h"

namespace targetwatch::importer {
namespace {

// Header aliases of each column, as printed by the templates of different provinces.
bool is_value_label(std::string_view label) {
  for (std::string_view alias : {"指标值", "值", "目标值", "年度指标值", "指标目标值", "预期目标值",
                                 "绩效指标值", "年度目标值", "绩效目标值", "预期指标值"}) {
    if (label == alias) return true;
  }
  // "指标值（包含数字及文字描述）"
  return label.starts_with("指标值（") || label.starts_with("指标值(") ||
         label.starts_with("目标值（") || label.starts_with("目标值(");
}

bool is_symbol_label(std::string_view label) {
  return label == "符号" || label == "比较符" || label == "运算符" || label == "比较方式";
}

bool is_direction_label(std::string_view label) {
  return label == "指标方向" || label == "方向" || label == "指标方向性" || label == "指标属性";
}

bool is_nature_label(std::string_view label) {
  return label == "指标性质" || label == "性质" || label == "指标类型" || label == "指标类别";
}

bool is_unit_label(std::string_view label) {
  return label == "单位" || label == "计量单位" || label == "度量单位" || label == "指标单位";
}

bool is_basis_label(std::string_view label) { return contains(label, "依据"); }

bool is_description_label(std::string_view label) {
  return contains(label, "描述") || contains(label, "解释") || contains(label, "说明") ||
         label == "指标内容";
}

bool is_name_label(std::string_view label) {
  return label == "三级指标" || label == "指标名称" || label == "三级指标名称";
}

bool is_sub_label(std::string_view label) {
  return is_value_label(label) || is_symbol_label(label) || is_unit_label(label) ||
         is_direction_label(label) || is_nature_label(label);
}

/// 正向 (>=) allows > as well, 反向 (<=) allows <.
bool same_direction(Comparator value, Comparator direction) {
  const auto up = [](Comparator c) {
    return c == Comparator::kGreaterEqual || c == Comparator::kGreater;
  };
  const auto down = [](Comparator c) {
    return c == Comparator::kLessEqual || c == Comparator::kLess;
  };
  return (up(value) && up(direction)) || (down(value) && down(direction));
}

bool is_qualitative_word(std::string_view cell) { return cell == "定性" || cell == "定性指标"; }

/// The comparison a 符号 or 指标方向 cell states: 正向 -> >=, 反向 -> <=, a symbol or word
/// (≥, 不少于, 以上 ...), or none for an empty, 定量 or 中性 cell. Sets `problem` when the cell
/// is something else.
std::optional<Comparator> stated_comparator(std::string_view cell, std::string_view column,
                                            std::string& problem) {
  if (cell.empty() || cell == "定量" || cell == "定量指标" || cell == "中性") return std::nullopt;
  if (cell == "正向" || cell == "正向指标") return Comparator::kGreaterEqual;
  if (cell == "反向" || cell == "反向指标") return Comparator::kLessEqual;
  if (auto c = parse_comparator_word(cell)) return c;
  problem =
      "the " + std::string(column) + " cell \"" + std::string(cell) + "\" is not a comparison";
  return std::nullopt;
}

}  // namespace

bool IndicatorTable::is_header(const Row& row) {
  bool level1 = false;
  bool name = false;
  for (const auto& cell : row.cells) {
    const std::string label = compact(cell);
    level1 = level1 || label == "一级指标";
    name = name || is_name_label(label);
  }
  return level1 && name;
}

bool IndicatorTable::has_department_levels(const Row& header, std::span<const Row> ahead) {
  std::size_t level1 = header.cells.size();
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    if (compact(header.cells[i]) == "一级指标") level1 = i;
  }
  int looked = 0;
  for (const auto& row : ahead) {
    if (row.blank()) continue;
    if (++looked > 3) break;
    const std::string name = compact(row.cell(level1));
    if (!name.empty()) return name.starts_with("部门");
  }
  return false;
}

void IndicatorTable::set_header(const Row& row) {
  roles_.assign(row.cells.size(), Role::kNone);
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    const std::string label = compact(row.cells[i]);
    Role role = Role::kNone;
    if (label.empty()) {
      role = Role::kNone;
    } else if (label == "一级指标") {
      role = Role::kLevel1;
    } else if (label == "二级指标") {
      role = Role::kLevel2;
    } else if (is_name_label(label)) {
      role = Role::kName;
    } else if (is_basis_label(label)) {
      role = Role::kBasis;
    } else if (is_value_label(label)) {  // before 描述: "指标值（包含数字及文字描述）"
      role = Role::kValue;
    } else if (is_description_label(label)) {
      role = Role::kDescription;
    } else if (is_symbol_label(label)) {
      role = Role::kSymbol;
    } else if (is_direction_label(label)) {
      role = Role::kDirection;
    } else if (is_nature_label(label)) {
      role = Role::kNature;
    } else if (is_unit_label(label)) {
      role = Role::kUnit;
    } else {
      role = Role::kOther;
    }
    roles_[i] = role;
  }
  after_header_ = true;
}

bool IndicatorTable::try_subheader(const Row& row) {
  if (!after_header_ || !row.cell(0).empty() || row.blank()) return false;
  for (const auto& cell : row.cells) {
    if (!cell.empty() && !is_sub_label(compact(cell))) return false;
  }
  if (roles_.size() < row.cells.size()) roles_.resize(row.cells.size(), Role::kNone);
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    const std::string label = compact(row.cells[i]);
    if (label.empty()) continue;
    roles_[i] = is_symbol_label(label)      ? Role::kSymbol
                : is_direction_label(label) ? Role::kDirection
                : is_nature_label(label)    ? Role::kNature
                : is_unit_label(label)      ? Role::kUnit
                                            : Role::kValue;
  }
  after_header_ = false;
  return true;
}

std::optional<std::vector<std::string>> IndicatorTable::align(const Row& row) const {
  bool stray = false;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    if (!row.cells[i].empty() && role_at(i) == Role::kNone) stray = true;
  }
  if (!stray) return row.cells;
  // A row printed without the header's empty spacer columns: map its cells onto the labelled
  // columns in order when the counts agree exactly, otherwise give up.
  std::vector<std::size_t> labelled;
  for (std::size_t i = 0; i < roles_.size(); ++i) {
    if (roles_[i] != Role::kNone) labelled.push_back(i);
  }
  if (row.used_width() != labelled.size()) return std::nullopt;
  std::vector<std::string> cells(roles_.size());
  for (std::size_t k = 0; k < labelled.size(); ++k) cells[labelled[k]] = row.cells[k];
  return cells;
}

void IndicatorTable::read_row(const Row& row, Sink& sink) {
  after_header_ = false;
  if (row.blank()) return;
  if (roles_.empty()) {
    sink.unplace(row, "indicator row before the table's header (一级指标 ...)");
    return;
  }
  auto aligned = align(row);
  if (!aligned) {
    sink.unplace(row, "cells do not line up with the indicator table's header columns");
    return;
  }
  const auto& cells = *aligned;
  std::string level1, level2, name, description, symbol, direction, nature, value, unit, basis;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string& c = cells[i];
    if (c.empty()) continue;
    switch (role_at(i)) {
      case Role::kLevel1:
        level1 = join_wrapped(level1, c);
        break;
      case Role::kLevel2:
        level2 = join_wrapped(level2, c);
        break;
      case Role::kName:
        name = join_wrapped(name, c);
        break;
      case Role::kDescription:
        description = join_wrapped(description, c);
        break;
      case Role::kSymbol:
        symbol = join_wrapped(symbol, c);
        break;
      case Role::kDirection:
        direction = join_wrapped(direction, c);
        break;
      case Role::kNature:
        nature = join_wrapped(nature, c);
        break;
      case Role::kValue:
        value = join_wrapped(value, c);
        break;
      case Role::kUnit:
        unit = join_wrapped(unit, c);
        break;
      case Role::kBasis:
        basis = join_wrapped(basis, c);
        break;
      case Role::kOther:
      case Role::kNone:
        break;
    }
  }
  const bool value_empty = symbol.empty() && value.empty() && unit.empty();
  if (level1.empty() && level2.empty() && (value_empty || name.empty())) {
    // A lone small number is a page number that slipped into the table.
    if (row.non_empty() == 1 && is_small_integer(compact(cells[row.used_width() - 1]), 3)) {
      return;
    }
    if (rows_.empty()) {
      sink.unplace(row, "continuation of a wrapped indicator row, but no row above it");
      return;
    }
    // The rest of the row above, wrapped onto this line (often after a page break).
    Pending& last = rows_.back();
    last.indicator.name = join_wrapped(last.indicator.name, name);
    last.indicator.description = join_wrapped(last.indicator.description, description);
    last.symbol = join_wrapped(last.symbol, symbol);
    last.direction = join_wrapped(last.direction, direction);
    last.nature = join_wrapped(last.nature, nature);
    last.value = join_wrapped(last.value, value);
    last.unit = join_wrapped(last.unit, unit);
    last.indicator.basis = join_wrapped(last.indicator.basis, basis);
    return;
  }
  if (name.empty()) {
    sink.unplace(row, "indicator row without a name (三级指标)");
    return;
  }
  if (!level1.empty()) {
    level1_ = level1;
    level2_.clear();
  }
  if (!level2.empty()) level2_ = level2;
  Pending pending;
  pending.line = row.line;
  pending.indicator.level1 = level1_;
  pending.indicator.level2 = level2_;
  pending.indicator.name = name;
  pending.indicator.description = description;
  pending.indicator.basis = basis;
  pending.symbol = symbol;
  pending.direction = direction;
  pending.nature = nature;
  pending.value = value;
  pending.unit = unit;
  if (level1_.empty() || level2_.empty()) {
    sink.unplace(row, "indicator row without 一级指标/二级指标 and none above to carry down");
    return;
  }
  rows_.push_back(std::move(pending));
}

std::vector<Indicator> IndicatorTable::finish(int fiscal_year, const std::string& where,
                                              Sink& sink) {
  std::vector<Indicator> out;
  std::map<std::string, int, std::less<>> ordinals;
  for (auto& pending : rows_) {
    Indicator ind = std::move(pending.indicator);
    // Separate 符号 | 值 | 单位 cells: the value and unit read together, the symbol applied on top;
    // the 指标方向 (正向/反向) only when neither the 符号 nor the value says how to compare.
    const std::string symbol = compact(fold_width(pending.symbol));
    const std::string direction = compact(pending.direction);
    const std::string printed = pending.value.ends_with(pending.unit) && !pending.unit.empty()
                                    ? pending.value  // "95%" under a 计量单位 "%"
                                    : pending.value + pending.unit;
    ParsedValue v = parse_indicator_value(printed, fiscal_year);
    std::optional<Comparator> stated;
    if (is_qualitative_word(compact(pending.nature)) || is_qualitative_word(symbol) ||
        is_qualitative_word(direction)) {
      // Declared qualitative: the wording is the goal, whatever figures it contains.
      v = ParsedValue{};
      v.expected = clean_cell(printed);
    } else {
      std::string problem;
      stated = stated_comparator(symbol, "符号", problem);
      if (!stated && problem.empty()) stated = stated_comparator(direction, "指标方向", problem);
      // Some templates print 正向/反向 under 指标性质.
      if (!stated && problem.empty()) {
        stated = stated_comparator(compact(pending.nature), "指标性质", problem);
      }
      if (!problem.empty()) {
        v = ParsedValue{};
        v.expected = clean_cell(pending.symbol + pending.value + pending.unit);
        v.uncertain = true;
        v.reason = problem;
      }
    }
    if (stated && v.target) {
      if (v.comparator == Comparator::kEqual) {
        v.comparator = *stated;  // a bare number under its 符号 or 指标方向
      } else if (symbol.empty() ? !same_direction(v.comparator, *stated)
                                : v.comparator != *stated) {
        const std::string text = clean_cell(pending.symbol + printed);
        v = ParsedValue{};
        v.expected = text;
        v.uncertain = true;
        v.reason = symbol.empty() ? "the 指标方向 cell and the value disagree"
                                  : "the 符号 cell and the value disagree";
      }  // else 正向 over ">90": the value's own comparison is the more precise
    } else if (stated && v.comparator == Comparator::kQualitative && !v.uncertain &&
               *stated != Comparator::kEqual && !symbol.empty()) {
      v.uncertain = true;
      v.reason = "a comparison sign without a number";
    }
    ind.comparator = v.comparator;
    ind.target = v.target;
    ind.unit = v.unit;
    ind.expected = v.expected;
    ind.deadline = v.deadline;
    const std::string category(id_category(ind.level2));
    ind.id = category + "-" + std::to_string(++ordinals[category]);
    if (v.uncertain) {
      const std::string shown = clean_cell(pending.symbol + printed);
      ind.remark = "uncertain reading of \"" + shown + "\": " + v.reason;
      sink.doubt(pending.line, shown, where + " " + ind.id + " (" + ind.name + "): " + v.reason);
    }
    out.push_back(std::move(ind));
  }
  rows_.clear();
  return out;
}

}  // namespace targetwatch::importer
