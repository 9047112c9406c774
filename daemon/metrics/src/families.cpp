// The compliance families of design.md's metric table: one row each (name, help, type, scope,
// value accessor). Adding a gauge is adding a row here.
#include "families.h"

#include <array>
#include <charconv>
#include <string>

namespace targetwatch::metrics::detail {

std::string_view to_string(MetricType type) {
  switch (type) {
    case MetricType::kGauge:
      return "gauge";
  }
  return "untyped";
}

namespace {

using Value = std::optional<double>;

Value flag(bool b) { return b ? 1.0 : 0.0; }

Value timestamp(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return static_cast<double>(d->unix_seconds());
}

const DepartmentEvaluation& dept(const Subject& s) { return *s.department; }

// One sample per fund source that has a value, labelled source="fiscal" / "other".
void fund_sources(SampleSink& out, const Value& fiscal, const Value& other) {
  if (fiscal) out.sample(std::array{Label{"source", "fiscal"}}, *fiscal);
  if (other) out.sample(std::array{Label{"source", "other"}}, *other);
}
const ProjectEvaluation& proj(const Subject& s) { return *s.project; }
const IndicatorEvaluation& ind(const Subject& s) { return *s.indicator; }

constexpr Scope kDept = Scope::kDepartment;
constexpr Scope kProj = Scope::kProject;
constexpr Scope kInd = Scope::kIndicator;
constexpr MetricType kGauge = MetricType::kGauge;

// clang-format off
constexpr std::array kTable = {
    // --- department -----------------------------------------------------------------------
    Family{"targetwatch_department_info", "Department of a targets file (1).", kGauge, kDept,
           nullptr, [](const Subject& s, SampleSink& out) {
             const Label extra[] = {{"department_name", dept(s).department->name}};
             out.sample(extra, 1);
           }},
    Family{"targetwatch_department_elapsed_ratio", "Time-elapsed share of the department's fiscal year.",
           kGauge, kDept, [](const Subject& s) -> Value { return dept(s).elapsed_ratio; }},
    Family{"targetwatch_department_budget_yuan", "Sum of the department's project budgets, in yuan.",
           kGauge, kDept, [](const Subject& s) -> Value { return dept(s).budget_yuan; }},
    Family{"targetwatch_department_spent_yuan", "Cumulative spending of the department's projects, in yuan.",
           kGauge, kDept, [](const Subject& s) -> Value { return dept(s).spent_yuan; }},
    Family{"targetwatch_department_score", "Projected department-wide self-evaluation score (0-100).",
           kGauge, kDept, [](const Subject& s) -> Value { return dept(s).score; }},
    Family{"targetwatch_department_score_coverage_ratio", "Weight share of targetwatch_department_score that was reported (0-1).",
           kGauge, kDept, [](const Subject& s) -> Value { return dept(s).score_coverage_ratio; }},
    Family{"targetwatch_department_projects_score", "Budget-weighted mean of the department's project scores (0-100).",
           kGauge, kDept, [](const Subject& s) -> Value { return dept(s).projects_score; }},
    Family{"targetwatch_department_projects_score_coverage_ratio", "Budget-weighted mean coverage of the project scores (0-1).",
           kGauge, kDept, [](const Subject& s) -> Value { return dept(s).projects_score_coverage_ratio; }},
    Family{"targetwatch_department_stale_indicators", "Stale lines of the department: its projects' and its department-wide ones.",
           kGauge, kDept, [](const Subject& s) -> Value { return dept(s).stale_count; }},
    Family{"targetwatch_department_no_data_indicators", "Indicators of the department (projects and department-wide) with no data.",
           kGauge, kDept, [](const Subject& s) -> Value { return dept(s).no_data_count; }},
    // --- project ----------------------------------------------------------------------------
    Family{"targetwatch_project_info", "Project of a targets file (1).", kGauge, kProj,
           nullptr, [](const Subject& s, SampleSink& out) {
             const Label extra[] = {{"department_name", dept(s).department->name},
                                    {"project_name", proj(s).project->name}};
             out.sample(extra, 1);
           }},
    Family{"targetwatch_project_budget_yuan", "Project budget, in yuan.",
           kGauge, kProj, [](const Subject& s) -> Value { return proj(s).budget_yuan; }},
    Family{"targetwatch_project_spent_yuan", "Cumulative spending reported for the project, in yuan.",
           kGauge, kProj, [](const Subject& s) -> Value { return proj(s).spent_yuan; }},
    Family{"targetwatch_project_spent_ratio", "Spent share of the budget.",
           kGauge, kProj, [](const Subject& s) -> Value { return proj(s).spent_ratio; }},
    Family{"targetwatch_project_planned_ratio", "Planned share of the budget by now (spending plan, linear).",
           kGauge, kProj, [](const Subject& s) -> Value { return proj(s).planned_ratio; }},
    Family{"targetwatch_project_required_ratio", "Share due at the latest checkpoint passed.",
           kGauge, kProj, [](const Subject& s) -> Value { return proj(s).required_ratio; }},
    Family{"targetwatch_project_spending_lag_ratio", "Planned share minus spent share.",
           kGauge, kProj, [](const Subject& s) -> Value { return proj(s).lag_ratio; }},
    Family{"targetwatch_project_behind_schedule", "1 when a checkpoint was missed or the lag exceeds the tolerance.",
           kGauge, kProj, [](const Subject& s) { return flag(proj(s).behind_schedule); }},
    Family{"targetwatch_project_overspent", "1 when spending exceeds the budget.",
           kGauge, kProj, [](const Subject& s) { return flag(proj(s).overspent); }},
    Family{"targetwatch_project_next_checkpoint_timestamp_seconds", "Date of the next spending checkpoint.",
           kGauge, kProj, [](const Subject& s) -> Value {
             const auto& next = proj(s).next_checkpoint;
             return next ? timestamp(next->by) : std::nullopt;
           }},
    Family{"targetwatch_project_next_checkpoint_ratio", "Share of the budget due at the next checkpoint.",
           kGauge, kProj, [](const Subject& s) -> Value {
             const auto& next = proj(s).next_checkpoint;
             return next ? Value(next->share) : std::nullopt;
           }},
    Family{"targetwatch_project_required_daily_spend_yuan", "Spending per day needed to meet the next checkpoint.",
           kGauge, kProj, [](const Subject& s) { return proj(s).required_daily_spend_yuan; }},
    Family{"targetwatch_project_recent_pace_ratio", "Spending over the trailing window divided by planned spending.",
           kGauge, kProj, [](const Subject& s) { return proj(s).recent_pace_ratio; }},
    Family{"targetwatch_project_projected_year_end_ratio", "Year-end spent share at the recent pace.",
           kGauge, kProj, [](const Subject& s) { return proj(s).projected_year_end_ratio; }},
    Family{"targetwatch_project_last_spending_report_timestamp_seconds", "As-of date of the latest spending figure.",
           kGauge, kProj, [](const Subject& s) { return timestamp(proj(s).last_spending_report); }},
    Family{"targetwatch_project_spent_by_source_yuan", "Cumulative spending by fund source (fiscal, other), when reported split, in yuan.",
           kGauge, kProj, nullptr, [](const Subject& s, SampleSink& out) {
             fund_sources(out, proj(s).fiscal_spent_yuan, proj(s).other_spent_yuan);
           }},
    Family{"targetwatch_project_spent_by_source_ratio", "Spent share of the fund source's part of the budget (fiscal_funds, other_funds).",
           kGauge, kProj, nullptr, [](const Subject& s, SampleSink& out) {
             fund_sources(out, proj(s).fiscal_spent_ratio, proj(s).other_spent_ratio);
           }},
    Family{"targetwatch_project_score", "Projected self-evaluation score of the project (0-100).",
           kGauge, kProj, [](const Subject& s) -> Value { return proj(s).score; }},
    Family{"targetwatch_project_score_coverage_ratio", "Weight share of targetwatch_project_score that was reported (0-1).",
           kGauge, kProj, [](const Subject& s) -> Value { return proj(s).score_coverage_ratio; }},
    Family{"targetwatch_project_stale_indicators", "Stale lines of the project: stale indicators, plus 1 when its spending figure is stale.",
           kGauge, kProj, [](const Subject& s) -> Value { return proj(s).stale_count; }},
    Family{"targetwatch_project_no_data_indicators", "Indicators of the project with no data.",
           kGauge, kProj, [](const Subject& s) -> Value { return proj(s).no_data_count; }},
    // --- indicator --------------------------------------------------------------------------
    Family{"targetwatch_indicator_info", "Performance indicator of a project or department (1).", kGauge, kInd,
           nullptr, [](const Subject& s, SampleSink& out) {
             const Indicator& i = *ind(s).indicator;
             const Label extra[] = {{"name", i.name}, {"level1", i.level1}, {"level2", i.level2},
                                    {"comparator", to_string(i.comparator)}, {"unit", i.unit}};
             out.sample(extra, 1);
           }},
    Family{"targetwatch_indicator_target", "Target value of the indicator, in its unit.",
           kGauge, kInd, [](const Subject& s) { return ind(s).indicator->target; }},
    Family{"targetwatch_indicator_actual", "Latest reported value of the indicator.",
           kGauge, kInd, [](const Subject& s) { return ind(s).actual; }},
    Family{"targetwatch_indicator_expected", "Expected value to date (target x time-elapsed share).",
           kGauge, kInd, [](const Subject& s) { return ind(s).expected; }},
    Family{"targetwatch_indicator_attainment_ratio", "Attainment of the target (0-1).",
           kGauge, kInd, [](const Subject& s) { return ind(s).attainment_ratio; }},
    Family{"targetwatch_indicator_status", "Status of the indicator: 1 for the current one.", kGauge, kInd,
           nullptr, [](const Subject& s, SampleSink& out) {
             for (IndicatorStatus status : kAllStatuses) {
               const Label extra[] = {{"status", to_string(status)}};
               out.sample(extra, status == ind(s).status ? 1 : 0);
             }
           }},
    Family{"targetwatch_indicator_last_report_timestamp_seconds", "As-of date of the latest reported value.",
           kGauge, kInd, [](const Subject& s) { return timestamp(ind(s).last_report); }},
    // --- warning lamps (warning.h: the level is the lamp's numeric value) -----------------------
    Family{"targetwatch_project_warning_level",
           "Warning lamp of a project by rule set: 2 red, 1 yellow, 0 green, -1 grey (nothing reported), -2 stale.", kGauge, kProj,
           nullptr, [](const Subject& s, SampleSink& out) {
             for (const RuleLamp& r : s.project_lamps->rules) {
               const Label extra[] = {{"rule", to_string(r.rule)}};
               out.sample(extra, level_of(r.lamp));
             }
           }},
    Family{"targetwatch_indicator_warning_level",
           "Warning lamp of an indicator: 2 red, 1 yellow, 0 green, -1 grey (no data), -2 stale.",
           kGauge, kInd, [](const Subject& s) -> Value { return level_of(s.indicator_lamp); }},
};
// clang-format on

// Forwards a samples accessor's output to the visitor with the subject's key labels.
class KeyedSink final : public SampleSink {
 public:
  KeyedSink(SampleVisitor& visitor, std::size_t subject, std::span<const Label> keys)
      : visitor_(visitor), subject_(subject), keys_(keys) {}
  void sample(std::span<const Label> extra, double value) override {
    visitor_.sample(subject_, keys_, extra, value);
  }

 private:
  SampleVisitor& visitor_;
  std::size_t subject_;
  std::span<const Label> keys_;
};

void emit(const Family& family, const Subject& subject, std::size_t ordinal,
          std::span<const Label> keys, SampleVisitor& visitor) {
  if (family.value) {
    if (std::optional<double> v = family.value(subject)) visitor.sample(ordinal, keys, {}, *v);
    return;
  }
  KeyedSink sink(visitor, ordinal, keys);
  family.samples(subject, sink);
}

}  // namespace

std::span<const Family> compliance_families() { return kTable; }

void visit_department(const DepartmentEvaluation& department, const DepartmentLamps& lamps,
                      SampleVisitor& visitor) {
  const std::string_view code = department.department->code;
  char year_text[12];
  const auto printed =
      std::to_chars(year_text, year_text + sizeof year_text, department.department->fiscal_year);
  const std::string_view year(year_text, static_cast<std::size_t>(printed.ptr - year_text));
  for (std::size_t f = 0; f < kTable.size(); ++f) {
    const Family& family = kTable[f];
    visitor.begin_family(f, family);
    Subject s{.department = &department, .department_lamps = &lamps};
    switch (family.scope) {
      case Scope::kDepartment: {
        const Label keys[] = {{"department", code}, {"fiscal_year", year}};
        emit(family, s, 0, keys, visitor);
        break;
      }
      case Scope::kProject:
        for (std::size_t p = 0; p < department.projects.size(); ++p) {
          s.project = &department.projects[p];
          s.project_lamps = &lamps.projects[p];
          const Label keys[] = {
              {"department", code}, {"fiscal_year", year}, {"project", s.project->project->code}};
          emit(family, s, p, keys, visitor);
        }
        break;
      case Scope::kIndicator: {
        std::size_t ordinal = 0;
        auto indicators = [&](std::string_view project, const std::vector<IndicatorEvaluation>& all,
                              const std::vector<Lamp>& lamp_of) {
          for (std::size_t i = 0; i < all.size(); ++i) {
            s.indicator = &all[i];
            s.indicator_lamp = i < lamp_of.size() ? lamp_of[i] : Lamp::kGreen;
            const Label keys[] = {{"department", code},
                                  {"fiscal_year", year},
                                  {"project", project},
                                  {"indicator", all[i].indicator->id}};
            emit(family, s, ordinal++, keys, visitor);
          }
        };
        indicators("", department.indicators, lamps.indicators);
        for (std::size_t p = 0; p < department.projects.size(); ++p) {
          s.project = &department.projects[p];
          s.project_lamps = &lamps.projects[p];
          indicators(s.project->project->code, s.project->indicators, lamps.projects[p].indicators);
        }
        break;
      }
    }
  }
}

}  // namespace targetwatch::metrics::detail
