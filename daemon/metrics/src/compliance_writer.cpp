// write_compliance: one pass per family over the evaluation, appending to a single string.
// Numbers use "%.16g", which is what TextSerializer's stream precision (max_digits10 - 1) prints.
#include "compliance_writer.h"

#include <cmath>
#include <cstdio>
#include <optional>
#include <string_view>

#include "families.h"

namespace targetwatch::metrics::detail {

void append_label(std::string& out, std::string_view key, std::string_view value) {
  out += key;
  out += "=\"";
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  out += '"';
}

namespace {

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void header(FamilyId f) {
    out_ += "# HELP targetwatch_";
    out_ += kFamilies[f].name;
    out_ += ' ';
    out_ += kFamilies[f].help;
    out_ += "\n# TYPE targetwatch_";
    out_ += kFamilies[f].name;
    out_ += " gauge\n";
    name_ = kFamilies[f].name;
  }

  // A sample with the leading labels already chosen by the caller.
  Writer& begin() {
    out_ += "targetwatch_";
    out_ += name_;
    first_label_ = true;
    return *this;
  }
  Writer& label(std::string_view key, std::string_view value) {
    out_ += first_label_ ? '{' : ',';
    first_label_ = false;
    append_label(out_, key, value);
    return *this;
  }
  void value(double v) {
    if (!first_label_) out_ += '}';
    out_ += ' ';
    if (std::isnan(v)) {
      out_ += "Nan";
    } else if (std::isinf(v)) {
      out_ += v < 0 ? "-Inf" : "+Inf";
    } else {
      char buf[32];
      int n = std::snprintf(buf, sizeof buf, "%.16g", v);
      out_.append(buf, static_cast<std::size_t>(n));
    }
    out_ += '\n';
  }

 private:
  std::string& out_;
  std::string_view name_;
  bool first_label_ = true;
};

std::optional<double> timestamp(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return static_cast<double>(d->unix_seconds());
}

void department_sample(Writer& w, FamilyId f, const DepartmentEvaluation& de) {
  const Department& d = *de.department;
  if (f == kDeptInfo) {
    w.begin()
        .label("department", d.code)
        .label("department_name", d.name)
        .label("fiscal_year", std::to_string(d.fiscal_year))
        .value(1);
    return;
  }
  double v = 0;
  switch (f) {
    case kDeptElapsed:
      v = de.elapsed_ratio;
      break;
    case kDeptBudget:
      v = de.budget_yuan;
      break;
    case kDeptSpent:
      v = de.spent_yuan;
      break;
    case kDeptScore:
      v = de.score;
      break;
    default:
      return;
  }
  w.begin().label("department", d.code).value(v);
}

void project_sample(Writer& w, FamilyId f, const Department& d, const ProjectEvaluation& pe) {
  const Project& p = *pe.project;
  if (f == kProjInfo) {
    w.begin()
        .label("department", d.code)
        .label("department_name", d.name)
        .label("project", p.code)
        .label("project_name", p.name)
        .value(1);
    return;
  }
  std::optional<double> v;
  switch (f) {
    case kBudget:
      v = pe.budget_yuan;
      break;
    case kSpent:
      v = pe.spent_yuan;
      break;
    case kSpentRatio:
      v = pe.spent_ratio;
      break;
    case kPlanned:
      v = pe.planned_ratio;
      break;
    case kRequired:
      v = pe.required_ratio;
      break;
    case kLag:
      v = pe.lag_ratio;
      break;
    case kBehind:
      v = pe.behind_schedule ? 1.0 : 0.0;
      break;
    case kOverspent:
      v = pe.overspent ? 1.0 : 0.0;
      break;
    case kNextTs:
      if (pe.next_checkpoint) v = static_cast<double>(pe.next_checkpoint->by.unix_seconds());
      break;
    case kNextRatio:
      if (pe.next_checkpoint) v = pe.next_checkpoint->share;
      break;
    case kDaily:
      v = pe.required_daily_spend_yuan;
      break;
    case kPace:
      v = pe.recent_pace_ratio;
      break;
    case kProjected:
      v = pe.projected_year_end_ratio;
      break;
    case kLastSpend:
      v = timestamp(pe.last_spending_report);
      break;
    case kProjScore:
      v = pe.score;
      break;
    default:
      break;
  }
  if (v) w.begin().label("department", d.code).label("project", p.code).value(*v);
}

void indicator_sample(Writer& w, FamilyId f, const std::string& dept, const std::string& project,
                      const IndicatorEvaluation& ie) {
  const Indicator& ind = *ie.indicator;
  auto key = [&]() -> Writer& {
    return w.begin().label("department", dept).label("project", project).label("indicator", ind.id);
  };
  switch (f) {
    case kIndInfo:
      key()
          .label("name", ind.name)
          .label("level1", ind.level1)
          .label("level2", ind.level2)
          .label("comparator", to_string(ind.comparator))
          .label("unit", ind.unit)
          .value(1);
      return;
    case kStatus:
      for (IndicatorStatus s : kAllStatuses) {
        key().label("status", to_string(s)).value(s == ie.status ? 1 : 0);
      }
      return;
    default:
      break;
  }
  std::optional<double> v;
  switch (f) {
    case kTarget:
      v = ind.target;
      break;
    case kActual:
      v = ie.actual;
      break;
    case kExpected:
      v = ie.expected;
      break;
    case kAttain:
      v = ie.attainment_ratio;
      break;
    case kLastReport:
      v = timestamp(ie.last_report);
      break;
    default:
      break;
  }
  if (v) key().value(*v);
}

}  // namespace

void write_compliance(const Evaluation& evaluation, std::string& out) {
  // ~1.4 kB per indicator and ~1.3 kB per project (measured): reserving avoids the copies of
  // repeated doubling on large targets.
  std::size_t series = 0;
  for (const DepartmentEvaluation& de : evaluation.departments) {
    series += de.indicators.size() + de.projects.size() + 1;
    for (const ProjectEvaluation& pe : de.projects) series += pe.indicators.size();
  }
  out.reserve(out.size() + 4096 + series * 1536);
  Writer w(out);
  for (int i = 0; i < kCount; ++i) {
    auto f = static_cast<FamilyId>(i);
    w.header(f);
    for (const DepartmentEvaluation& de : evaluation.departments) {
      const Department& d = *de.department;
      if (i < kFirstProjectFamily) {
        department_sample(w, f, de);
      } else if (i < kFirstIndicatorFamily) {
        for (const ProjectEvaluation& pe : de.projects) project_sample(w, f, d, pe);
      } else {
        for (const IndicatorEvaluation& ie : de.indicators) indicator_sample(w, f, d.code, "", ie);
        for (const ProjectEvaluation& pe : de.projects) {
          for (const IndicatorEvaluation& ie : pe.indicators) {
            indicator_sample(w, f, d.code, pe.project->code, ie);
          }
        }
      }
    }
  }
}

}  // namespace targetwatch::metrics::detail
