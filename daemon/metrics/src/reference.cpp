// reference_families: a SampleVisitor that builds one ClientMetric per sample.
#include "reference.h"

#include <string>

#include "families.h"

namespace targetwatch::metrics::detail {
namespace {

prometheus::MetricType prometheus_type(MetricType type) {
  switch (type) {
    case MetricType::kGauge:
      return prometheus::MetricType::Gauge;
  }
  return prometheus::MetricType::Untyped;
}

class ReferenceVisitor final : public SampleVisitor {
 public:
  explicit ReferenceVisitor(std::vector<prometheus::MetricFamily>& families)
      : families_(families) {}

  void begin_family(std::size_t index, const Family& /*family*/) override {
    current_ = &families_[index];
  }

  void sample(std::size_t /*subject*/, std::span<const Label> keys, std::span<const Label> extra,
              double value) override {
    prometheus::ClientMetric m;
    for (std::span<const Label> labels : {keys, extra}) {
      for (const auto& [key, label_value] : labels) {
        m.label.push_back({std::string(key), std::string(label_value)});
      }
    }
    m.gauge.value = value;
    current_->metric.push_back(std::move(m));
  }

 private:
  std::vector<prometheus::MetricFamily>& families_;
  prometheus::MetricFamily* current_ = nullptr;
};

}  // namespace

std::vector<prometheus::MetricFamily> reference_families(const Evaluation& evaluation,
                                                         const WarningPolicy& policy) {
  const std::span<const Family> table = compliance_families();
  std::vector<prometheus::MetricFamily> families(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    families[i].name = std::string(table[i].name);
    families[i].help = std::string(table[i].help);
    families[i].type = prometheus_type(table[i].type);
  }
  ReferenceVisitor visitor(families);
  for (const DepartmentEvaluation& de : evaluation.departments) {
    const DepartmentLamps lamps =
        department_lamps(de, evaluation.as_of, rules_for(policy, de.department->code));
    visit_department(de, lamps, visitor);
  }
  return families;
}

}  // namespace targetwatch::metrics::detail
