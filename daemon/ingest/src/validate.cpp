// Validation of parsed actuals against the targets: resolution, vocabularies, units, scope.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "fields.h"
#include "targetwatch/ingest/ingest.h"
#include "targetwatch/model/units.h"

namespace targetwatch {
namespace {

constexpr std::array<std::string_view, 5> kCauses{"经费保障", "制度保障", "人员保障", "硬件保障",
                                                  "其他"};
constexpr std::array<std::string_view, 3> kLikelihoods{"确定能", "有可能", "完全不可能"};

using detail::cat;
using detail::quoted;

template <std::size_t N>
std::string join(const std::array<std::string_view, N>& words) {
  std::string out;
  for (auto w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

bool allowed(const std::vector<std::string>& scope, std::string_view department) {
  return std::any_of(scope.begin(), scope.end(),
                     [&](const std::string& d) { return d == "*" || d == department; });
}

const Indicator* find_indicator(const std::vector<Indicator>& list, std::string_view id) {
  for (const auto& i : list) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

struct Match {
  const Department* department;
  const Project* project;  // nullptr for department-wide
};

// Of several matches, those whose fiscal year holds `year` (all of them when none does, so the
// fiscal-year check reports the problem).
std::vector<Match> prefer_year(std::vector<Match> matches, int year) {
  std::vector<Match> in_year;
  for (const auto& m : matches) {
    if (m.department->fiscal_year == year) in_year.push_back(m);
  }
  return in_year.empty() ? matches : in_year;
}

class Validator {
 public:
  Validator(const Targets& targets, const std::vector<std::string>& scope)
      : targets_(targets), scope_(scope) {}

  // Validates and normalizes `r`; returns false after appending errors.
  bool check(ActualRecord& r, std::size_t row, IngestErrors& errors) {
    row_ = row;
    errors_ = &errors;
    const std::size_t before = errors.size();
    auto match = resolve(r);
    if (!match) return false;
    const Department& dept = *match->department;
    r.department = dept.code;

    const Indicator* indicator = nullptr;
    const bool spending = r.indicator == kSpendingIndicator;
    if (!spending) {
      indicator = find_indicator(match->project ? match->project->indicators : dept.indicators,
                                 r.indicator);
      if (!indicator) {
        fail("indicator",
             match->project
                 ? cat({"unknown indicator ", quoted(r.indicator), " in project ", r.project})
                 : cat({"unknown department-wide indicator ", quoted(r.indicator),
                        " in department ", dept.code}));
        return false;
      }
    }

    if (!std::isfinite(r.value)) fail("value", "not finite");
    if (r.forecast && !std::isfinite(*r.forecast)) fail("forecast", "not finite");
    if (r.as_of.year() != dept.fiscal_year) {
      fail("as_of", cat({r.as_of.iso(), " is outside fiscal year ",
                         std::to_string(dept.fiscal_year), " of department ", dept.code}));
    }
    if (!r.cause.empty() && std::find(kCauses.begin(), kCauses.end(), r.cause) == kCauses.end()) {
      fail("cause", cat({quoted(r.cause), " is not a cause (one of ", join(kCauses), ")"}));
    }
    if (!r.likelihood.empty() &&
        std::find(kLikelihoods.begin(), kLikelihoods.end(), r.likelihood) == kLikelihoods.end()) {
      fail("likelihood",
           cat({quoted(r.likelihood), " is not a likelihood (one of ", join(kLikelihoods), ")"}));
    }

    if (spending) {
      check_spending_unit(r, dept);
    } else {
      check_indicator(r, *indicator);
    }
    return errors.size() == before;
  }

 private:
  void fail(std::string field, std::string reason) {
    errors_->push_back({row_, std::move(field), std::move(reason)});
  }

  std::optional<Match> resolve(const ActualRecord& r) {
    if (!r.department.empty() && !allowed(scope_, r.department)) {
      fail("department", cat({"department ", r.department, " not allowed for this token"}));
      return std::nullopt;
    }
    std::vector<const Department*> departments;
    for (const auto& d : targets_.departments) {
      if (r.department.empty() || d.code == r.department) departments.push_back(&d);
    }
    if (departments.empty()) {
      fail("department", cat({"unknown department ", quoted(r.department)}));
      return std::nullopt;
    }

    std::vector<Match> matches;
    if (r.project.empty()) {
      if (r.indicator == kSpendingIndicator) {
        fail("project", "spending is reported per project: the project is missing");
        return std::nullopt;
      }
      if (r.department.empty()) {
        fail("department", cat({"department-wide indicator ", quoted(r.indicator),
                                " (no project) needs a department"}));
        return std::nullopt;
      }
      for (const auto* d : departments) matches.push_back({d, nullptr});
    } else {
      for (const auto* d : departments) {
        for (const auto& p : d->projects) {
          if (p.code == r.project) matches.push_back({d, &p});
        }
      }
      if (matches.empty()) {
        fail("project", cat({"unknown project ", quoted(r.project),
                             r.department.empty() ? "" : " in department ", r.department}));
        return std::nullopt;
      }
    }
    matches = prefer_year(std::move(matches), r.as_of.year());
    std::vector<std::string> codes;
    for (const auto& m : matches) {
      if (std::find(codes.begin(), codes.end(), m.department->code) == codes.end()) {
        codes.push_back(m.department->code);
      }
    }
    if (codes.size() > 1) {
      std::string list;
      for (const auto& c : codes) {
        if (!list.empty()) list += ", ";
        list += c;
      }
      fail("project", cat({"project ", quoted(r.project), " is ambiguous: it is in departments ",
                           list, "; give the department"}));
      return std::nullopt;
    }
    if (r.department.empty() && !allowed(scope_, codes.front())) {
      fail("department", cat({"department ", codes.front(), " not allowed for this token"}));
      return std::nullopt;
    }
    return matches.front();
  }

  void check_spending_unit(ActualRecord& r, const Department& dept) {
    if (r.mode == RecordMode::kCumulative && r.value < 0) {
      fail("value", "cumulative spending cannot be negative");
    }
    if (r.unit.empty() || r.unit == dept.amount_unit) {
      r.unit = dept.amount_unit;
      return;
    }
    const auto from = yuan_per(r.unit);
    const auto to = yuan_per(dept.amount_unit);
    if (!from || !to) {
      fail("unit",
           cat({"unknown money unit ", quoted(r.unit), " for spending (use 元, 万元 or 亿元)"}));
      return;
    }
    const double factor = *from / *to;
    r.value *= factor;
    if (r.forecast) *r.forecast *= factor;
    r.unit = dept.amount_unit;
  }

  void check_indicator(ActualRecord& r, const Indicator& indicator) {
    if (indicator.comparator == Comparator::kQualitative ||
        indicator.comparator == Comparator::kDeadline) {
      const bool deadline = indicator.comparator == Comparator::kDeadline;
      if (r.mode != RecordMode::kCumulative) {
        fail("mode", cat({deadline ? "deadline" : "qualitative",
                          " indicators take assessments, not increments"}));
      }
      const bool ok = r.value == 0 || r.value == 1 || (!deadline && r.value == 0.5);
      if (!ok) {
        fail("value", deadline ? "a deadline indicator takes 1 (completed) or 0 (not yet)"
                               : "a qualitative indicator takes 1 (met), 0.5 (partially met) "
                                 "or 0 (not met)");
      }
    }
    if (r.unit.empty() || r.unit == indicator.unit) {
      r.unit = indicator.unit;
      return;
    }
    const auto factor = unit_conversion_factor(r.unit, indicator.unit);
    if (!factor) {
      fail("unit", cat({"unit ", quoted(r.unit), " does not match indicator unit ",
                        quoted(indicator.unit)}));
      return;
    }
    r.value *= *factor;
    if (r.forecast) *r.forecast *= *factor;
    r.unit = indicator.unit;
  }

  const Targets& targets_;
  const std::vector<std::string>& scope_;
  std::size_t row_ = 0;
  IngestErrors* errors_ = nullptr;
};

}  // namespace

Result<Ok, IngestErrors> validate_actuals(ParsedActuals& actuals, const Targets& targets,
                                          const std::vector<std::string>& allowed_departments) {
  IngestErrors errors;
  std::vector<ActualRecord> normalized = actuals.records;
  Validator validator(targets, allowed_departments);
  using Key = std::tuple<std::string_view, std::string_view, std::string_view, Date>;
  std::map<Key, std::size_t> seen;
  for (std::size_t i = 0; i < normalized.size(); ++i) {
    const std::size_t row = i < actuals.rows.size() ? actuals.rows[i] : i;
    auto& r = normalized[i];
    if (!validator.check(r, row, errors)) continue;
    auto [it, inserted] = seen.emplace(Key{r.department, r.project, r.indicator, r.as_of}, row);
    if (!inserted) {
      errors.push_back({row, "as_of",
                        cat({"duplicate of row ", std::to_string(it->second),
                             " (same department, project, indicator and as_of in one batch)"})});
    }
  }
  if (!errors.empty()) return errors;
  actuals.records = std::move(normalized);
  return Ok{};
}

}  // namespace targetwatch
