// Indicator tables: column roles, carry-down, wrapped-cell continuation, value parsing, ids.
#include "indicator_table.h"

#include <map>

#include "targetwatch/importer/indicator_value.h"
#include "text.h"

namespace targetwatch::importer {
namespace {

bool is_value_label(std::string_view label) {
  return label == "指标值" || label == "值" || label == "目标值" || label == "年度指标值" ||
         label == "指标目标值" || label == "预期目标值" || label == "绩效指标值";
}

bool is_symbol_label(std::string_view label) {
  return label == "符号" || label == "比较符" || label == "方向" || label == "指标方向" ||
         label == "指标性质";
}

bool is_unit_label(std::string_view label) {
  return label == "单位" || label == "计量单位" || label == "度量单位" || label == "指标单位";
}

bool is_basis_label(std::string_view label) { return contains(label, "依据"); }

bool is_description_label(std::string_view label) {
  return contains(label, "描述") || contains(label, "解释") || contains(label, "说明") ||
         label == "指标内容";
}

bool is_sub_label(std::string_view label) {
  return is_value_label(label) || is_symbol_label(label) || is_unit_label(label);
}

}  // namespace

bool IndicatorTable::is_header(const Row& row) {
  bool level1 = false;
  bool name = false;
  for (const auto& cell : row.cells) {
    const std::string label = compact(cell);
    level1 = level1 || label == "一级指标";
    name = name || label == "三级指标" || label == "指标名称";
  }
  return level1 && name;
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
    } else if (label == "三级指标" || label == "指标名称") {
      role = Role::kName;
    } else if (is_basis_label(label)) {
      role = Role::kBasis;
    } else if (is_description_label(label)) {
      role = Role::kDescription;
    } else if (is_value_label(label)) {
      role = Role::kValue;
    } else if (is_symbol_label(label)) {
      role = Role::kSymbol;
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
    roles_[i] = is_symbol_label(label) ? Role::kSymbol
                : is_unit_label(label) ? Role::kUnit
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
  std::string level1, level2, name, description, symbol, value, unit, basis;
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
    // Separate 符号 | 值 | 单位 cells: the value and unit read together, the symbol applied on top.
    const std::string symbol = compact(fold_width(pending.symbol));
    const std::string printed = pending.value + pending.unit;
    ParsedValue v = parse_indicator_value(printed, fiscal_year);
    std::optional<Comparator> stated;
    if (symbol == "正向" || symbol == "正向指标") {
      stated = Comparator::kGreaterEqual;
    } else if (symbol == "反向" || symbol == "反向指标") {
      stated = Comparator::kLessEqual;
    } else if (symbol == "定性") {
      // Declared qualitative: the wording is the goal, whatever figures it contains.
      v = ParsedValue{};
      v.expected = clean_cell(printed);
    } else if (!symbol.empty() && symbol != "定量") {
      stated = parse_comparator(symbol);
      if (!stated) {
        v = ParsedValue{};
        v.expected = clean_cell(pending.symbol + pending.value + pending.unit);
        v.uncertain = true;
        v.reason = "the 符号 cell \"" + pending.symbol + "\" is not a comparison";
      }
    }
    if (stated && v.target) {
      if (v.comparator == Comparator::kEqual) {
        v.comparator = *stated;  // a bare number under its 符号
      } else if (v.comparator != *stated) {
        const std::string text = clean_cell(pending.symbol + printed);
        v = ParsedValue{};
        v.expected = text;
        v.uncertain = true;
        v.reason = "the 符号 cell and the value disagree";
      }
    } else if (stated && v.comparator == Comparator::kQualitative && !v.uncertain &&
               *stated != Comparator::kEqual) {
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
