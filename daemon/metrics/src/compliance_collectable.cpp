// The compliance families of design.md's metric table, built from an Evaluation.
#include "compliance_collectable.h"

#include <optional>
#include <string>

#include "families.h"

namespace targetwatch::metrics::detail {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

ClientMetric::Label L(std::string name, std::string value) {
  return ClientMetric::Label{std::move(name), std::move(value)};
}

// A family being filled; families are emitted in declaration order.
struct Fam {
  MetricFamily* f;
  void add(std::vector<ClientMetric::Label> labels, double value) const {
    ClientMetric m;
    m.label = std::move(labels);
    m.gauge.value = value;
    f->metric.push_back(std::move(m));
  }
  void add(std::vector<ClientMetric::Label> labels, const std::optional<double>& value) const {
    if (value) add(std::move(labels), *value);
  }
};

std::optional<double> timestamp(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return static_cast<double>(date->unix_seconds());
}

}  // namespace

std::vector<MetricFamily> compliance_families(const Evaluation& evaluation) {
  std::vector<MetricFamily> families(kCount);
  for (int i = 0; i < kCount; ++i) {
    families[i].name = std::string("targetwatch_") + kFamilies[i].name;
    families[i].help = kFamilies[i].help;
    families[i].type = MetricType::Gauge;
  }
  auto fam = [&](FamilyId i) { return Fam{&families[i]}; };

  auto add_indicator = [&](const std::string& dept, const std::string& project,
                           const IndicatorEvaluation& ie) {
    const Indicator& ind = *ie.indicator;
    auto key = [&] {
      return std::vector{L("department", dept), L("project", project), L("indicator", ind.id)};
    };
    fam(kIndInfo).add(
        {L("department", dept), L("project", project), L("indicator", ind.id), L("name", ind.name),
         L("level1", ind.level1), L("level2", ind.level2),
         L("comparator", std::string(to_string(ind.comparator))), L("unit", ind.unit)},
        1.0);
    fam(kTarget).add(key(), ind.target);
    fam(kActual).add(key(), ie.actual);
    fam(kExpected).add(key(), ie.expected);
    fam(kAttain).add(key(), ie.attainment_ratio);
    for (IndicatorStatus s : kAllStatuses) {
      auto labels = key();
      labels.push_back(L("status", std::string(to_string(s))));
      fam(kStatus).add(std::move(labels), s == ie.status ? 1.0 : 0.0);
    }
    fam(kLastReport).add(key(), timestamp(ie.last_report));
  };

  for (const DepartmentEvaluation& de : evaluation.departments) {
    const Department& d = *de.department;
    auto dkey = [&] { return std::vector{L("department", d.code)}; };
    fam(kDeptInfo).add({L("department", d.code), L("department_name", d.name),
                        L("fiscal_year", std::to_string(d.fiscal_year))},
                       1.0);
    fam(kDeptElapsed).add(dkey(), de.elapsed_ratio);
    fam(kDeptBudget).add(dkey(), de.budget_yuan);
    fam(kDeptSpent).add(dkey(), de.spent_yuan);
    fam(kDeptScore).add(dkey(), de.score);
    for (const IndicatorEvaluation& ie : de.indicators) add_indicator(d.code, "", ie);
    for (const ProjectEvaluation& pe : de.projects) {
      const Project& p = *pe.project;
      auto pkey = [&] { return std::vector{L("department", d.code), L("project", p.code)}; };
      fam(kProjInfo).add({L("department", d.code), L("department_name", d.name),
                          L("project", p.code), L("project_name", p.name)},
                         1.0);
      fam(kBudget).add(pkey(), pe.budget_yuan);
      fam(kSpent).add(pkey(), pe.spent_yuan);
      fam(kSpentRatio).add(pkey(), pe.spent_ratio);
      fam(kPlanned).add(pkey(), pe.planned_ratio);
      fam(kRequired).add(pkey(), pe.required_ratio);
      fam(kLag).add(pkey(), pe.lag_ratio);
      fam(kBehind).add(pkey(), pe.behind_schedule ? 1.0 : 0.0);
      fam(kOverspent).add(pkey(), pe.overspent ? 1.0 : 0.0);
      if (pe.next_checkpoint) {
        fam(kNextTs).add(pkey(), static_cast<double>(pe.next_checkpoint->by.unix_seconds()));
        fam(kNextRatio).add(pkey(), pe.next_checkpoint->share);
      }
      fam(kDaily).add(pkey(), pe.required_daily_spend_yuan);
      fam(kPace).add(pkey(), pe.recent_pace_ratio);
      fam(kProjected).add(pkey(), pe.projected_year_end_ratio);
      fam(kLastSpend).add(pkey(), timestamp(pe.last_spending_report));
      fam(kProjScore).add(pkey(), pe.score);
      for (const IndicatorEvaluation& ie : pe.indicators) add_indicator(d.code, p.code, ie);
    }
  }
  return families;
}

std::vector<MetricFamily> ComplianceCollectable::Collect() const {
  std::shared_ptr<const Evaluation> evaluation = source_ ? source_() : nullptr;
  if (!evaluation) return {};
  return compliance_families(*evaluation);
}

}  // namespace targetwatch::metrics::detail
