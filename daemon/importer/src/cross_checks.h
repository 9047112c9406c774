// Cross-checks between the figures of one disclosure, reported as warnings (figures kept as
// printed).
#pragma once

#include <vector>

#include "document.h"
#include "targetwatch/model/targets.h"

namespace targetwatch::importer {

/// `project_lines[i]` and `budget_line_rows[i]` are the source lines of the i-th project and
/// budget line. Checks: 财政资金 + 其他资金 = 预算数 per project; the project budgets add up to the
/// 项目支出 total; subject codes add up to their parents and to 合计; 三公 items add up to their
/// 小计 and their sub-items to the item; 收入总计 = 支出总计. Sums are compared within the rounding
/// of the printed figures (half a cent per figure).
void cross_check(const Department& department, const std::vector<int>& project_lines,
                 const std::vector<int>& budget_line_rows, Sink& sink);

}  // namespace targetwatch::importer
