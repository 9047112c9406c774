// The compliance metric families, defined once (private): one table row per family drives the
// fast text writer, the prometheus-cpp reference, the cache's change detection and the history.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/evaluate/warning.h"

namespace targetwatch::metrics::detail {

/// Which subjects a family has one sample (or one set of samples) for, and so its key labels:
/// department -> {department, fiscal_year}; project -> + project; indicator -> + project
/// ("" for department-wide indicators) + indicator.
enum class Scope { kDepartment, kProject, kIndicator };

/// The exposition TYPE of a family (compliance families are all gauges: they are recomputed
/// from the evaluation at every scrape).
enum class MetricType { kGauge };
std::string_view to_string(MetricType type);  ///< "gauge"

/// What a value accessor reads: the department with its lamps, and for project / indicator
/// scope the project (null for a department-wide indicator) and the indicator.
struct Subject {
  const DepartmentEvaluation* department = nullptr;
  const DepartmentLamps* department_lamps = nullptr;
  const ProjectEvaluation* project = nullptr;
  const ProjectLamps* project_lamps = nullptr;
  const IndicatorEvaluation* indicator = nullptr;
  Lamp indicator_lamp = Lamp::kGreen;
};

/// An extra label of a sample, after the scope's key labels.
using Label = std::pair<std::string_view, std::string_view>;

/// Receives the samples of a multi-sample family (info series, state sets, one per rule).
class SampleSink {
 public:
  virtual void sample(std::span<const Label> extra, double value) = 0;

 protected:
  ~SampleSink() = default;
};

/// One sample with only the key labels; std::nullopt omits it (absent values are never NaN).
using ScalarAccessor = std::optional<double> (*)(const Subject&);
/// Any number of samples, each with extra labels.
using SamplesAccessor = void (*)(const Subject&, SampleSink&);

struct Family {
  std::string_view name;  ///< the full metric name
  std::string_view help;
  MetricType type = MetricType::kGauge;
  Scope scope = Scope::kDepartment;
  ScalarAccessor value = nullptr;  ///< exactly one of value and samples is set
  SamplesAccessor samples = nullptr;
};

/// Every compliance family, in exposition order.
std::span<const Family> compliance_families();

/// Receives every sample of a department, family by family (in table order).
class SampleVisitor {
 public:
  /// Called once per family, before its samples (also when it has none).
  virtual void begin_family(std::size_t index, const Family& family) = 0;
  /// `subject`: the ordinal of the sample's subject within the family's scope, in walk order
  /// (a subject has the same ordinal, and the same `keys`, in every family of its scope);
  /// `keys`: the scope's key labels, in order; `extra`: the family's own labels.
  virtual void sample(std::size_t subject, std::span<const Label> keys,
                      std::span<const Label> extra, double value) = 0;

 protected:
  ~SampleVisitor() = default;
};

/// Walks the table over one department: its own samples, then per project, then per indicator
/// (department-wide indicators first, then each project's), for each family in turn.
void visit_department(const DepartmentEvaluation& department, const DepartmentLamps& lamps,
                      SampleVisitor& visitor);

}  // namespace targetwatch::metrics::detail
