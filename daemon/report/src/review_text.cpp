// Wording and number formats shared by the review renderings.
#include "review_text.h"

#include <cmath>
#include <cstdio>

namespace targetwatch::detail {

std::string fixed(double x, int decimals) {
  if (!std::isfinite(x)) return std::string(kDash);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  std::string s = buf;
  // "-0.00" -> "0.00": a rounding artefact, not a negative figure.
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string grouped(double x, int decimals) {
  std::string s = fixed(x, decimals);  // not const: returned as is, it is moved
  if (s == kDash) return s;
  // Built afresh rather than with insert(): GCC 12 misreports insert() under -Wrestrict.
  const std::size_t start = s[0] == '-' ? 1 : 0;
  std::size_t dot = s.find('.');
  if (dot == std::string::npos) dot = s.size();
  std::string out = s.substr(0, start);
  for (std::size_t i = start; i < dot; ++i) {
    if (i > start && (dot - i) % 3 == 0) out += ',';
    out += s[i];
  }
  out += s.substr(dot);
  return out;
}

// Rounded first as the status JSON rounds (yuan to cents, ratios to 4 decimals), so a figure
// never reads 60.17% here and 0.6018 there.
std::string wan(double yuan) { return grouped(std::round(yuan * 100) / 100 / 1e4, 2); }

std::string percent(double ratio) { return fixed(std::round(ratio * 1e4) / 1e4 * 100, 2) + "%"; }

std::string percent(const std::optional<double>& ratio) {
  return ratio ? percent(*ratio) : std::string(kDash);
}

std::string figure(double x) {
  if (!std::isfinite(x)) return std::string(kDash);
  std::string s = fixed(x, std::fabs(x) >= 1 || x == 0 ? 2 : 4);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string_view status_label(IndicatorStatus s) {
  switch (s) {
    case IndicatorStatus::kMet:
      return "已达成";
    case IndicatorStatus::kOnTrack:
      return "正常";
    case IndicatorStatus::kAtRisk:
      return "有风险";
    case IndicatorStatus::kNotMet:
      return "未达成";
    case IndicatorStatus::kPending:
      return "待评价";
    case IndicatorStatus::kNoData:
      return "无数据";
    case IndicatorStatus::kStale:
      return "数据过期";
  }
  return "";
}

std::string_view rule_label(WarningRule r) {
  switch (r) {
    case WarningRule::kPlan:
      return "支出计划";
    case WarningRule::kTimeProgress:
      return "序时进度";
    case WarningRule::kMilestones:
      return "时间节点";
  }
  return "";
}

std::string_view change_label(LampChange c) {
  switch (c) {
    case LampChange::kNone:
      return "";
    case LampChange::kNewlyRed:
      return "新增红灯";
    case LampChange::kNewlyYellow:
      return "新增黄灯";
    case LampChange::kImproved:
      return "红转黄";
    case LampChange::kRecovered:
      return "恢复绿灯";
  }
  return "";
}

std::string_view attention_label(Attention a) {
  switch (a) {
    case Attention::kNone:
      return "";
    case Attention::kRed:
      return "红灯";
    case Attention::kYellow:
      return "黄灯";
    case Attention::kNoData:
      return "未报送";
    case Attention::kStale:
      return "数据过期";
  }
  return "";
}

std::string_view basis_label(ProjectionBasis b) {
  switch (b) {
    case ProjectionBasis::kNone:
      return "";
    case ProjectionBasis::kForecast:
      return "填报预测";
    case ProjectionBasis::kLinear:
      return "线性推算";
    case ProjectionBasis::kLatest:
      return "最新值";
  }
  return "";
}

std::string_view comparator_symbol(Comparator c) {
  switch (c) {
    case Comparator::kGreaterEqual:
      return "≥";
    case Comparator::kLessEqual:
      return "≤";
    case Comparator::kEqual:
      return "=";
    case Comparator::kGreater:
      return ">";
    case Comparator::kLess:
      return "<";
    case Comparator::kQualitative:
    case Comparator::kDeadline:
      return "";
  }
  return "";
}

std::string_view frequency_label(Frequency f) {
  switch (f) {
    case Frequency::kMonthly:
      return "每月";
    case Frequency::kQuarterly:
      return "每季度";
    case Frequency::kHalfYearly:
      return "每半年";
    case Frequency::kYearly:
      return "每年";
    case Frequency::kOnce:
      return "一次";
  }
  return "";
}

std::string score_text(double score, const std::string& grade, double coverage) {
  const std::string cover = "覆盖 " + fixed(std::round(coverage * 100), 0) + "%";
  if (grade.empty()) return std::string(kDash) + "（" + cover + "）";
  return fixed(score, 2) + "（" + grade + "，" + cover + "）";
}

std::string cause_text(const ReportAnnotation& a) {
  if (a.cause.empty()) return a.note;
  if (a.note.empty()) return a.cause;
  return a.cause + "：" + a.note;
}

std::string checkpoint_text(const std::optional<Checkpoint>& c) {
  if (!c) return std::string(kDash);
  return c->by.iso() + " 达 " + percent(c->share);
}

std::string rules_text(const ReviewProject& p) {
  std::string out;
  for (const RuleLamp& r : p.rules) {
    if (!out.empty()) out += "；";
    out += rule_label(r.rule);
    out += " ";
    out += lamp_label(r.lamp);
  }
  return out;
}

}  // namespace targetwatch::detail
