// Shared wording and number formats of the review renderings (Chinese labels, 万元, percents).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "targetwatch/report/review.h"

namespace targetwatch::detail {

/// Rounded to `decimals`, never "-0".
std::string fixed(double x, int decimals);
/// Thousands separators on the integer part: 1234567.5 -> "1,234,567.50" (2 decimals).
std::string grouped(double x, int decimals = 2);
/// Yuan shown in 万元 with 2 decimals and separators: 680000 -> "68.00" (from the yuan rounded
/// to cents, like the status JSON).
std::string wan(double yuan);
/// A 0-1 ratio as a percentage with 2 decimals: 0.34 -> "34.00%" (from the ratio rounded to 4
/// decimals, like the status JSON: 0.601750 -> 0.6018 -> "60.18%").
std::string percent(double ratio);
std::string percent(const std::optional<double>& ratio);  ///< "—" when null
/// An indicator figure: at most 2 decimals (4 below 1), trailing zeros dropped.
std::string figure(double x);

inline constexpr std::string_view kDash = "—";

std::string_view status_label(IndicatorStatus s);  ///< 已达成, 正常, 有风险, 未达成, ...
std::string_view rule_label(WarningRule r);        ///< 支出计划, 序时进度, 时间节点
std::string_view change_label(LampChange c);  ///< 新增红灯, 新增黄灯, 好转, 恢复正常
std::string_view attention_label(Attention a);     ///< 红灯, 黄灯, 未报送, 数据过期
std::string_view basis_label(ProjectionBasis b);   ///< 填报预测, 线性推算, 最新值
std::string_view comparator_symbol(Comparator c);  ///< ≥ ≤ = > <
std::string_view frequency_label(Frequency f);     ///< 每月, 每季度, 每半年, 每年, 一次
/// "预计得分 92.40（覆盖 68%）" style: the score with 2 decimals and its coverage; "—（覆盖 0%）"
/// when nothing is covered.
std::string score_text(double score, const std::string& grade, double coverage);

/// 偏差原因 as one line: "cause：note" (either part may be missing).
std::string cause_text(const ReportAnnotation& a);
/// "2025-10-31 达 90.00%" or "—".
std::string checkpoint_text(const std::optional<Checkpoint>& c);
/// The rule lamps as "支出计划 红灯；序时进度 黄灯".
std::string rules_text(const ReviewProject& p);

/// A project sheet's title: "<code> <name>" when it fits Excel's 31 characters; else the code plus
/// as much of the name as fits, cut at a character boundary and before the name's first bracket.
std::string project_sheet_title(std::string_view code, std::string_view name);
/// A valid, unique Excel sheet name close to `wanted` (1-31 UTF-16 units, none of []:*?/\, no
/// edge apostrophes, unique ignoring ASCII case, not "History"); records it in `taken`.
std::string sheet_name(std::string_view wanted, std::set<std::string>& taken);

}  // namespace targetwatch::detail
