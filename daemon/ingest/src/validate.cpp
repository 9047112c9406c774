// Validation of parsed actuals against the targets: resolution by code or name, vocabularies,
// value forms and units, scope, and the plausibility of each figure.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ranges>
#include <string>
#include <unordered_map>
#include <vector>

#include "fields.h"
#include "targetwatch/ingest/ingest.h"
#include "targetwatch/model/units.h"
#include "text.h"

namespace targetwatch {
namespace {

constexpr std::array<std::string_view, 5> kCauses{"经费保障", "制度保障", "人员保障", "硬件保障",
                                                  "其他"};
constexpr std::array<std::string_view, 3> kLikelihoods{"确定能", "有可能", "完全不可能"};
// An unknown code or name lists at most this many valid ones.
constexpr std::size_t kListLimit = 20;

using detail::cat;
using detail::quoted;
using detail::quoted_zh;
using detail::Reason;

template <std::size_t N>
std::string join(const std::array<std::string_view, N>& words, std::string_view sep) {
  std::string out;
  for (auto w : words) {
    if (!out.empty()) out += sep;
    out += w;
  }
  return out;
}

std::string join(const std::vector<std::string>& words, std::string_view sep) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += sep;
    out += w;
  }
  return out;
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// A record's series (department, project, indicator, fund), viewing the record's own texts: the
// per-batch maps key on it without building a string per record.
struct SeriesKey {
  std::string_view department, project, indicator;
  FundSource fund = FundSource::kTotal;
  bool operator==(const SeriesKey&) const = default;
};

SeriesKey series_key(const ActualRecord& r) {
  return {r.department, r.project, r.indicator, r.fund};
}

std::size_t mix(std::size_t seed, std::size_t h) {
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

struct SeriesKeyHash {
  std::size_t operator()(const SeriesKey& k) const noexcept {
    const std::hash<std::string_view> text;
    std::size_t h = text(k.department);
    h = mix(h, text(k.project));
    h = mix(h, text(k.indicator));
    return mix(h, static_cast<std::size_t>(k.fund));
  }
};

// A figure's identity within one batch: its series and date.
struct FigureKey {
  SeriesKey series;
  Date as_of;
  bool operator==(const FigureKey&) const = default;
};

struct FigureKeyHash {
  std::size_t operator()(const FigureKey& k) const noexcept {
    return mix(SeriesKeyHash{}(k.series), std::hash<std::int32_t>{}(k.as_of.days_since_epoch()));
  }
};

bool allowed(const std::vector<std::string>& scope, std::string_view department) {
  return std::any_of(scope.begin(), scope.end(),
                     [&](const std::string& d) { return d == "*" || d == department; });
}

// "id (name), id (name), ... and 3 more" in English and Chinese.
template <typename T>
Reason listing(const std::vector<T>& items, auto code_of, auto name_of) {
  Reason out;
  for (std::size_t i = 0; i < items.size() && i < kListLimit; ++i) {
    const std::string_view code = code_of(items[i]);
    const std::string_view name = name_of(items[i]);
    if (i > 0) {
      out.en += ", ";
      out.zh += "、";
    }
    out.en += code;
    out.zh += code;
    if (!name.empty() && name != code) {
      out.en += cat({" (", name, ")"});
      out.zh += cat({"（", name, "）"});
    }
  }
  if (items.size() > kListLimit) {
    const std::string more = std::to_string(items.size() - kListLimit);
    out.en += cat({" and ", more, " more"});
    out.zh += cat({" 等，另有 ", more, " 个"});
  }
  if (items.empty()) {
    out.en = "none";
    out.zh = "无";
  }
  return out;
}

struct Match {
  const Department* department;
  const Project* project;  // nullptr for department-wide
};

// Of several matches, those whose fiscal year holds `year` (all of them when none does, so the
// fiscal-year check reports the problem).
void prefer_year(std::vector<Match>& matches, int year) {
  const bool any = std::any_of(matches.begin(), matches.end(),
                               [&](const Match& m) { return m.department->fiscal_year == year; });
  if (any)
    std::erase_if(matches, [&](const Match& m) { return m.department->fiscal_year != year; });
}

// What validation found out about one record, for the plausibility pass.
struct Resolved {
  const Department* department = nullptr;
  const Project* project = nullptr;
  const Indicator* indicator = nullptr;  // nullptr for spending
  bool unit_given = false;               // the figure's unit was really stated
};

double budget_of(const Project& p, FundSource fund) {
  switch (fund) {
    case FundSource::kFiscal:
      return p.fiscal_funds;
    case FundSource::kOther:
      return p.other_funds;
    case FundSource::kTotal:
      break;
  }
  return p.budget;
}

// What validation changed in the records, the replaced values kept: on error the records are
// put back as they were. (Cheaper than validating a copy of the batch: most fields never change,
// and most that do were empty.) The fields are the batch's own, which does not reallocate while it
// is validated.
struct Edits {
  struct Text {
    std::string* field;
    std::string was;
  };
  struct Number {
    double* field;
    double was;
  };
  std::vector<std::string*> were_empty;
  std::vector<Text> texts;
  std::vector<Number> numbers;

  void save(std::string& field) {
    if (field.empty()) {
      were_empty.push_back(&field);
    } else {
      texts.push_back({&field, std::move(field)});
    }
  }

  // A field changed twice has its first value restored last (an empty one: cleared last).
  void undo() {
    std::for_each(texts.rbegin(), texts.rend(), [](auto& t) { *t.field = std::move(t.was); });
    for (auto* field : were_empty) field->clear();
    std::for_each(numbers.rbegin(), numbers.rend(), [](auto& n) { *n.field = n.was; });
  }
};

class Validator {
 public:
  Validator(const TargetsIndex& index, const ValidationOptions& options, const InputLayout& layout,
            Edits& edits)
      : index_(index),
        options_(options),
        layout_(layout),
        edits_(edits),
        implied_(implied_department()) {}

  // Validates and normalizes `r`; returns nullopt after appending errors.
  std::optional<Resolved> check(ActualRecord& r, std::size_t row, ValueForm form,
                                IngestErrors& errors) {
    row_ = row;
    errors_ = &errors;
    const std::size_t before = errors.size();
    auto match = resolve(r);
    if (!match) return std::nullopt;
    const Department& dept = *match->department;
    set(r.department, dept.code);
    if (match->project) set(r.project, match->project->code);

    Resolved resolved{&dept, match->project, nullptr, false};
    // The spending row may be named as the template prints it.
    // (Only a text with a non-ASCII character can: folding never turns ASCII into anything else,
    // and the name is Chinese. Most indicators are ASCII ids: no key is built for them.)
    if (r.indicator != kSpendingIndicator && !detail::is_ascii(r.indicator) &&
        name_key(r.indicator) == spending_key_) {
      set(r.indicator, kSpendingIndicator);
    }
    const bool spending = r.indicator == kSpendingIndicator;
    if (!spending) {
      resolved.indicator = resolve_indicator(r, dept, match->project);
      if (!resolved.indicator) return std::nullopt;
    }
    // A unit column that only repeats the expected unit (a template pre-fills 单位) does not
    // vouch for the number; a unit after the number, or a different one in the column, does.
    const std::string& expected = spending ? dept.amount_unit : resolved.indicator->unit;
    resolved.unit_given =
        form == ValueForm::kNumberWithUnit || (!r.unit.empty() && r.unit != expected);

    if (r.as_of.year() != dept.fiscal_year) {
      fail("as_of", {cat({r.as_of.iso(), " is outside fiscal year ",
                          std::to_string(dept.fiscal_year), " of department ", dept.code}),
                     cat({"截至日期 ", r.as_of.iso(), " 不在部门 ", dept.code, " 的 ",
                          std::to_string(dept.fiscal_year), " 预算年度内"})});
    }
    if (options_.today && r.as_of > *options_.today) {
      fail("as_of", {cat({r.as_of.iso(), " is after today (", options_.today->iso(), ")"}),
                     cat({"截至日期 ", r.as_of.iso(), " 晚于今天（", options_.today->iso(),
                          "），不能报送未来的数据"})});
    }
    if (r.fund != FundSource::kTotal && !spending) {
      fail("fund", {"a fund source (fiscal, other) is only for spending",
                    "只有资金支出（spending）才分 财政拨款/其他资金"});
    }
    if (!r.retracted) check_figure(r, resolved, form);
    if (errors.size() != before) return std::nullopt;
    return resolved;
  }

 private:
  void fail(std::string_view field, Reason reason) {
    errors_->push_back(detail::make_error(layout_, row_, field, std::move(reason)));
  }

  // The department a department-wide row means when it names none: the only one the scope
  // allows, or the only one in the targets.
  std::string implied_department() const {
    const auto& scope = options_.allowed_departments;
    if (scope.size() == 1 && scope.front() != "*") return scope.front();
    if (index_.department_codes().size() == 1) return index_.department_codes().front();
    return "";
  }

  void check_figure(ActualRecord& r, const Resolved& resolved, ValueForm form) {
    if (!std::isfinite(r.value)) fail("value", {"not finite", "不是有限数"});
    if (r.forecast && !std::isfinite(*r.forecast)) fail("forecast", {"not finite", "不是有限数"});
    if (!r.cause.empty() && std::find(kCauses.begin(), kCauses.end(), r.cause) == kCauses.end()) {
      fail("cause", {cat({quoted(r.cause), " is not a cause (one of ", join(kCauses, ", "), ")"}),
                     cat({quoted_zh(r.cause), " 不是偏差原因（可填 ", join(kCauses, "、"), "）"})});
    }
    if (!r.likelihood.empty() &&
        std::find(kLikelihoods.begin(), kLikelihoods.end(), r.likelihood) == kLikelihoods.end()) {
      fail("likelihood", {cat({quoted(r.likelihood), " is not a likelihood (one of ",
                               join(kLikelihoods, ", "), ")"}),
                          cat({quoted_zh(r.likelihood), " 不是完成可能性（可填 ",
                               join(kLikelihoods, "、"), "）"})});
    }
    if (resolved.indicator) {
      check_indicator(r, *resolved.indicator, form);
    } else {
      check_spending(r, *resolved.department, form);
    }
  }

  std::optional<Match> resolve(const ActualRecord& r) {
    if (!r.department.empty() && !allowed(options_.allowed_departments, r.department)) {
      fail("department", not_allowed(r.department));
      return std::nullopt;
    }
    std::string_view code = r.department;
    const bool department_wide = r.project.empty();
    if (department_wide && r.indicator == kSpendingIndicator) {
      fail("project", {"spending is reported per project: the project is missing",
                       "资金支出按项目报送：缺少项目编码"});
      return std::nullopt;
    }
    if (code.empty() && department_wide) {
      if (implied_.empty()) {
        fail("department",
             {cat({"department-wide indicator ", quoted(r.indicator),
                   " (no project) needs a department"}),
              cat({"部门整体指标 ", quoted_zh(r.indicator), "（无项目）需要填写部门编码"})});
        return std::nullopt;
      }
      code = implied_;
    }
    if (!code.empty() && index_.departments(code).empty()) {
      fail("department", {cat({"unknown department ", quoted(code)}),
                          cat({"没有编码为 ", quoted_zh(code), " 的部门"})});
      return std::nullopt;
    }

    std::vector<Match>& matches = matches_;  // reused: no allocation per record
    matches.clear();
    if (department_wide) {
      for (const auto* d : index_.departments(code)) matches.push_back({d, nullptr});
    } else {
      for (const auto& m : index_.projects_by_code(r.project)) {
        if (code.empty() || m.department->code == code) {
          matches.push_back({m.department, m.project});
        }
      }
      if (matches.empty() && !match_project_name(r, code, matches)) return std::nullopt;
      if (matches.empty()) {
        fail("project", unknown_project(r, code));
        return std::nullopt;
      }
    }
    prefer_year(matches, r.as_of.year());
    const std::string& first_code = matches.front().department->code;
    const bool ambiguous = std::any_of(matches.begin(), matches.end(), [&](const Match& m) {
      return m.department->code != first_code;
    });
    if (ambiguous) {
      std::vector<std::string> codes;
      for (const auto& m : matches) {
        if (std::find(codes.begin(), codes.end(), m.department->code) == codes.end()) {
          codes.push_back(m.department->code);
        }
      }
      fail("project", {cat({"project ", quoted(r.project), " is ambiguous: it is in departments ",
                            join(codes, ", "), "; give the department"}),
                       cat({"项目 ", quoted_zh(r.project), " 同时属于部门 ", join(codes, "、"),
                            "，请填写部门编码"})});
      return std::nullopt;
    }
    if (!allowed(options_.allowed_departments, first_code)) {
      fail("department", not_allowed(first_code));
      return std::nullopt;
    }
    return matches.front();
  }

  static Reason not_allowed(std::string_view code) {
    return {cat({"department ", code, " not allowed for this token"}),
            cat({"无权报送部门 ", code, " 的数据"})};
  }

  // Projects whose name is r.project (in department `code` when given). False after an error:
  // a name shared by two projects of one department file.
  bool match_project_name(const ActualRecord& r, std::string_view code,
                          std::vector<Match>& matches) {
    for (const auto& m : index_.projects_by_name(r.project)) {
      if (!code.empty() && m.department->code != code) continue;
      const bool shared = std::any_of(matches.begin(), matches.end(), [&](const Match& other) {
        return other.department == m.department;
      });
      if (shared) {
        std::vector<const Project*> named;
        for (const auto& n : index_.projects_by_name(r.project)) {
          if (n.department == m.department) named.push_back(n.project);
        }
        auto list = listing(
            named, [](const Project* p) -> std::string_view { return p->code; },
            [](const Project*) { return std::string_view(); });
        fail("project", {cat({"project name ", quoted(r.project), " is ambiguous in department ",
                              m.department->code, ": codes ", list.en, "; give the project code"}),
                         cat({"部门 ", m.department->code, " 有多个项目名为 ", quoted_zh(r.project),
                              "（项目编码 ", list.zh, "），请填写项目编码"})});
        return false;
      }
      matches.push_back({m.department, m.project});
    }
    return true;
  }

  Reason unknown_project(const ActualRecord& r, std::string_view code) const {
    Reason out{cat({"unknown project ", quoted(r.project)}),
               cat({"没有编码或名称为 ", quoted_zh(r.project), " 的项目"})};
    if (code.empty()) return out;
    out.en += cat({" in department ", code});
    out.zh = cat({"部门 ", code, " 没有编码或名称为 ", quoted_zh(r.project), " 的项目"});
    // The file of the record's year, else the first: its projects are the valid ones.
    const auto& files = index_.departments(code);
    const Department* file = files.front();
    for (const auto* d : files) {
      if (d->fiscal_year == r.as_of.year()) file = d;
    }
    std::vector<const Project*> projects;
    for (const auto& p : file->projects) projects.push_back(&p);
    auto list = listing(
        projects, [](const Project* p) -> std::string_view { return p->code; },
        [](const Project* p) -> std::string_view { return p->name; });
    out.en += cat({"; valid projects: ", list.en});
    out.zh += cat({"；可填的项目：", list.zh});
    return out;
  }

  const Indicator* resolve_indicator(ActualRecord& r, const Department& dept,
                                     const Project* project) {
    if (const auto* i = index_.indicator_by_id(dept, project, r.indicator)) return i;
    const auto& named = index_.indicators_by_name(dept, project, r.indicator);
    const std::string where_en =
        project ? cat({"project ", project->code}) : cat({"department ", dept.code});
    const std::string where_zh =
        project ? cat({"项目 ", project->code}) : cat({"部门 ", dept.code, " 的整体指标"});
    if (named.size() == 1) {
      set(r.indicator, named.front()->id);
      return named.front();
    }
    auto id_of = [](const Indicator* i) -> std::string_view { return i->id; };
    auto name_of = [](const Indicator* i) -> std::string_view { return i->name; };
    if (named.size() > 1) {
      auto list = listing(named, id_of, [](const Indicator*) { return std::string_view(); });
      fail("indicator", {cat({"indicator name ", quoted(r.indicator), " is ambiguous in ", where_en,
                              ": ids ", list.en, "; give the indicator id"}),
                         cat({where_zh, " 有多个指标名为 ", quoted_zh(r.indicator), "（指标编号 ",
                              list.zh, "），请填写指标编号"})});
      return nullptr;
    }
    const auto& all = project ? project->indicators : dept.indicators;
    std::vector<const Indicator*> valid;
    valid.reserve(all.size());
    for (const auto& i : all) valid.push_back(&i);
    auto list = listing(valid, id_of, name_of);
    fail("indicator", {cat({project ? "unknown indicator " : "unknown department-wide indicator ",
                            quoted(r.indicator), " in ", where_en, "; valid: ", list.en}),
                       cat({where_zh, " 中没有编号或名称为 ", quoted_zh(r.indicator),
                            " 的指标；可填：", list.zh})});
    return nullptr;
  }

  void check_spending(ActualRecord& r, const Department& dept, ValueForm form) {
    if (form == ValueForm::kWord) {
      fail("value", {"spending is an amount, not a word", "资金支出应填金额，不能填文字"});
    }
    if (r.mode == RecordMode::kCumulative && r.value < 0) {
      fail("value", {"cumulative spending cannot be negative", "累计支出不能为负数"});
    }
    if (r.unit.empty() || r.unit == dept.amount_unit) {
      set(r.unit, dept.amount_unit);
      return;
    }
    const auto from = yuan_per(r.unit);
    const auto to = yuan_per(dept.amount_unit);
    if (!from || !to) {
      fail(unit_field(form),
           {cat({"unknown money unit ", quoted(r.unit), " for spending (use 元, 万元 or 亿元)"}),
            cat({"资金支出的单位 ", quoted_zh(r.unit), " 不对（请用 元、万元 或 亿元）"})});
      return;
    }
    scale(r, *from / *to, dept.amount_unit);
  }

  // A unit written after the number is reported at the value's cell.
  static std::string_view unit_field(ValueForm form) {
    return form == ValueForm::kNumberWithUnit ? "value" : "unit";
  }

  void scale(ActualRecord& r, double factor, const std::string& unit) {
    edits_.numbers.push_back({&r.value, r.value});
    r.value *= factor;
    if (r.forecast) {
      edits_.numbers.push_back({&*r.forecast, *r.forecast});
      *r.forecast *= factor;
    }
    set(r.unit, unit);
  }

  // Normalizes a text field, keeping the text it replaces.
  void set(std::string& field, std::string_view value) {
    if (field == value) return;
    edits_.save(field);
    field.assign(value);
  }

  // The factor from the reported unit into the indicator's: equal units, units differing by
  // their money prefix, or a bare money unit for a per-something money unit ("元" -> "万元/月").
  static std::optional<double> indicator_factor(const std::string& from, const std::string& to) {
    if (auto f = unit_conversion_factor(from, to)) return f;
    const auto slash = to.find('/');
    if (slash == std::string::npos || !yuan_per(from)) return std::nullopt;
    return unit_conversion_factor(from + to.substr(slash), to);
  }

  void check_indicator(ActualRecord& r, const Indicator& indicator, ValueForm form) {
    const bool assessed = indicator.comparator == Comparator::kQualitative ||
                          indicator.comparator == Comparator::kDeadline;
    if (assessed) {
      const bool deadline = indicator.comparator == Comparator::kDeadline;
      if (r.mode != RecordMode::kCumulative) {
        fail("mode", {cat({deadline ? "deadline" : "qualitative",
                           " indicators take assessments, not increments"}),
                      "定性指标和时限指标只能按“累计”填写评价结果"});
      }
      const bool ok = r.value == 0 || r.value == 1 || (!deadline && r.value == 0.5);
      if (!ok) {
        fail("value", deadline ? Reason{"a deadline indicator takes 1 (completed) or 0 (not yet)",
                                        "时限指标填 完成（1）或 未完成（0）"}
                               : Reason{"a qualitative indicator takes 1 (met), 0.5 (partially "
                                        "met) or 0 (not met)",
                                        "定性指标填 达成（1）、部分达成（0.5）或 未达成（0）"});
      }
    } else if (form == ValueForm::kWord) {
      fail("value",
           {cat({"indicator ", indicator.id,
                 " takes a number; words such as 完成 are only for qualitative and "
                 "deadline indicators"}),
            cat({"指标 ", indicator.id, " 应填数字；“完成”“是”等只用于定性指标和时限指标"})});
      return;
    }
    if (!assessed && r.mode == RecordMode::kCumulative && r.value < 0 &&
        (!indicator.target || *indicator.target >= 0)) {
      fail("value",
           {cat({"a negative value cannot measure indicator ", indicator.id, " (target ",
                 indicator.target ? number_text(*indicator.target) : std::string("none"), ")"}),
            cat({"指标 ", indicator.id, " 的实际值不能为负数"})});
    }
    if (r.unit.empty() || r.unit == indicator.unit) {
      set(r.unit, indicator.unit);
      return;
    }
    const auto factor = indicator_factor(r.unit, indicator.unit);
    if (!factor) {
      fail(unit_field(form),
           {cat({"unit ", quoted(r.unit), " does not match indicator unit ",
                 quoted(indicator.unit)}),
            indicator.unit.empty() ? cat({"单位 ", quoted_zh(r.unit), " 与指标 ", indicator.id,
                                          " 不符（该指标没有单位）"})
                                   : cat({"单位 ", quoted_zh(r.unit), " 与指标单位 ",
                                          quoted_zh(indicator.unit), " 不符"})});
      return;
    }
    scale(r, *factor, indicator.unit);
  }

  const TargetsIndex& index_;
  const ValidationOptions& options_;
  const InputLayout& layout_;
  Edits& edits_;
  const std::string implied_;
  const std::string spending_key_ = name_key(kSpendingName);  // not ASCII
  std::vector<Match> matches_;
  std::size_t row_ = 0;
  IngestErrors* errors_ = nullptr;
};

// The plausibility warnings of the valid records of one batch.
class Plausibility {
 public:
  Plausibility(const IngestBatch& batch, const std::vector<std::optional<Resolved>>& resolved,
               const PreviousFigureLookup& previous)
      : batch_(batch), resolved_(resolved), previous_(previous) {
    by_key_.reserve(batch.records.size());
    for (std::size_t i = 0; i < batch.records.size(); ++i) {
      const auto& r = batch.records[i];
      if (!resolved[i] || r.retracted || r.mode != RecordMode::kCumulative) continue;
      by_key_[series_key(r)].push_back({r.value, r.as_of});
    }
    for (auto& [k, figures] : by_key_) {
      std::sort(figures.begin(), figures.end(),
                [](const PreviousFigure& a, const PreviousFigure& b) { return a.as_of < b.as_of; });
    }
  }

  void run(IngestWarnings& out) {
    for (std::size_t i = 0; i < batch_.records.size(); ++i) {
      if (!resolved_[i] || batch_.records[i].retracted) continue;
      check(batch_.records[i], *resolved_[i], batch_.row_of(i), out);
    }
  }

 private:
  // The latest cumulative figure before r.as_of: earlier in this batch, or stored.
  std::optional<PreviousFigure> previous(const ActualRecord& r) const {
    std::optional<PreviousFigure> best;
    auto it = by_key_.find(series_key(r));
    if (it != by_key_.end()) {
      const auto& figures = it->second;
      auto pos = std::lower_bound(figures.begin(), figures.end(), r.as_of,
                                  [](const PreviousFigure& f, Date d) { return f.as_of < d; });
      if (pos != figures.begin()) best = *std::prev(pos);
    }
    if (previous_) {
      auto stored = previous_(r.department, r.project, r.indicator, r.fund, r.as_of);
      if (stored && (!best || stored->as_of > best->as_of)) best = stored;
    }
    return best;
  }

  void warn(IngestWarnings& out, std::size_t row, std::string_view field, Reason reason) const {
    out.push_back({row, std::string(field), std::move(reason.en), batch_.layout.locate(row, field),
                   std::move(reason.zh)});
  }

  void check(const ActualRecord& r, const Resolved& res, std::size_t row,
             IngestWarnings& out) const {
    const bool cumulative = r.mode == RecordMode::kCumulative;
    const Indicator* ind = res.indicator;
    const bool counts_up =
        ind && effective_pace(*ind) == Pace::kLinear &&
        (ind->comparator == Comparator::kGreaterEqual || ind->comparator == Comparator::kGreater);
    if (cumulative && (!ind || counts_up)) {
      if (auto prev = previous(r); prev && r.value < prev->value) {
        const std::string v = number_text(r.value), p = number_text(prev->value);
        warn(out, row, "value",
             ind ? Reason{cat({"cumulative value ", v, " is lower than the previous cumulative ", p,
                               " (as of ", prev->as_of.iso(),
                               "): a cumulative count does not fall; was an increment sent?"}),
                          cat({"累计值 ", v, " 低于上次报送的累计值 ", p, "（", prev->as_of.iso(),
                               "）；累计数不应下降，是否把本期增量当作累计值填报了？"})}
                 : Reason{cat({"cumulative spending ", v, " is lower than the previous cumulative ",
                               p, " (as of ", prev->as_of.iso(),
                               "): was an increment sent as cumulative?"}),
                          cat({"累计支出 ", v, " 低于上次报送的累计支出 ", p, "（",
                               prev->as_of.iso(), "）；是否把本期支出当作累计支出填报了？"})});
      }
    }
    if (!ind) {
      const double budget = budget_of(*res.project, r.fund);
      if (budget <= 0) return;
      const std::string v = number_text(r.value), b = number_text(budget);
      const std::string& unit = res.department->amount_unit;
      if (!res.unit_given && r.value > 100 * budget) {
        warn(out, row, "value",
             {cat({"spending ", v, " written without a unit is more than 100 times the budget ", b,
                   " ", unit, ": was it in 元?"}),
              cat({"未写单位的支出 ", v, " 超过预算 ", b, unit,
                   " 的100倍，是否按“元”填写了？请在数字后写明单位（如 558000元）"})});
      } else if (cumulative && r.value > 1.5 * budget) {
        warn(out, row, "value",
             {cat({"cumulative spending ", v, " ", unit, " is over 150% of the budget ", b}),
              cat({"累计支出 ", v, unit, " 超过预算 ", b, unit, " 的150%"})});
      }
      return;
    }
    if (ind->unit == "%" && r.value > 100) {
      warn(out, row, "value",
           {cat({"rate ", number_text(r.value), "% is above 100%"}),
            cat({"比率 ", number_text(r.value), "% 超过 100%"})});
    }
    const auto per = yuan_per(ind->unit);
    const auto amount = yuan_per(res.department->amount_unit);
    if (per && amount && res.project && res.project->budget > 0 && !res.unit_given &&
        r.value * *per / *amount > 100 * res.project->budget) {
      warn(out, row, "value",
           {cat({"value ", number_text(r.value),
                 " written without a unit is more than 100 times "
                 "the project budget: was it in 元?"}),
            cat({"未写单位的金额 ", number_text(r.value),
                 " 超过项目预算的100倍，是否按“元”填写了？"})});
    }
  }

  const IngestBatch& batch_;
  const std::vector<std::optional<Resolved>>& resolved_;
  const PreviousFigureLookup& previous_;
  // Keys view batch_.records, which outlive this pass.
  std::unordered_map<SeriesKey, std::vector<PreviousFigure>, SeriesKeyHash> by_key_;
};

}  // namespace

Result<Ok, IngestErrors> validate_actuals(IngestBatch& actuals, const TargetsIndex& index,
                                          const ValidationOptions& options) {
  IngestErrors errors;
  std::vector<ActualRecord>& normalized = actuals.records;  // in place; undone on error
  std::vector<std::optional<Resolved>> resolved(normalized.size());
  Edits edits;
  Validator validator(index, options, actuals.layout, edits);
  // Keys view `normalized`, which does not reallocate, and a record is final once seen.
  std::unordered_map<FigureKey, std::size_t, FigureKeyHash> seen;
  seen.reserve(normalized.size());
  for (std::size_t i = 0; i < normalized.size(); ++i) {
    const std::size_t row = actuals.row_of(i);
    auto& r = normalized[i];
    resolved[i] = validator.check(r, row, actuals.value_form_of(i), errors);
    if (!resolved[i]) continue;
    auto [it, inserted] = seen.emplace(FigureKey{series_key(r), r.as_of}, row);
    if (!inserted) {
      const std::string first = std::to_string(it->second);
      errors.push_back(detail::make_error(
          actuals.layout, row, "as_of",
          {cat({"duplicate of row ", first,
                " (same department, project, indicator, as_of and fund in one batch)"}),
           cat({"与第 ", first,
                " 行重复（同一部门、项目、指标、截至日期和资金来源只能报一次）"})}));
    }
  }
  if (!errors.empty()) {
    edits.undo();
    return errors;
  }
  Plausibility(actuals, resolved, options.previous).run(actuals.warnings);
  return Ok{};
}

Result<Ok, IngestErrors> validate_actuals(IngestBatch& actuals, const Targets& targets,
                                          const std::vector<std::string>& allowed_departments) {
  const TargetsIndex index(targets);
  ValidationOptions options;
  options.allowed_departments = allowed_departments;
  return validate_actuals(actuals, index, options);
}

}  // namespace targetwatch
