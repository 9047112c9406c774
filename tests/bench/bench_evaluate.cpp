// Benchmark: index build and evaluate() over 100,000 indicators (5,000 projects x 20 indicators,
// 12 monthly figures each). Reports ms per 1000 indicators.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "targetwatch/evaluate/evaluation.h"

namespace targetwatch {
namespace {

constexpr int kDepartments = 10;
constexpr int kProjectsPerDepartment = 500;
constexpr int kIndicatorsPerProject = 20;
constexpr int kTotalIndicators = kDepartments * kProjectsPerDepartment * kIndicatorsPerProject;
constexpr int kYear = 2025;

struct Dataset {
  std::shared_ptr<const Targets> targets;
  std::vector<ActualRecord> records;
};

Indicator make_indicator(int i) {
  static const char* const kLevel2[] = {"数量指标", "质量指标", "时效指标", "社会效益指标",
                                        "服务对象满意度指标"};
  static const char* const kLevel1[] = {"产出指标", "产出指标", "产出指标", "效益指标",
                                        "满意度指标"};
  Indicator ind;
  ind.id = "indicator-" + std::to_string(i + 1);
  ind.level1 = kLevel1[i % 5];
  ind.level2 = kLevel2[i % 5];
  ind.name = "指标" + std::to_string(i + 1);
  switch (i % 5) {
    case 0:
      ind.comparator = Comparator::kGreaterEqual;
      ind.target = 350;
      ind.unit = "件";
      break;
    case 1:
      ind.comparator = Comparator::kEqual;
      ind.target = 100;
      ind.unit = "%";
      break;
    case 2:
      ind.comparator = Comparator::kQualitative;
      ind.expected = "及时";
      break;
    case 3:
      ind.comparator = Comparator::kLessEqual;
      ind.target = 0.2;
      ind.unit = "%";
      break;
    default:
      ind.comparator = Comparator::kGreaterEqual;
      ind.target = 95;
      ind.unit = "%";
      break;
  }
  return ind;
}

ActualRecord make_record(const std::string& dept, const std::string& project,
                         const std::string& indicator, double value, int month,
                         std::int64_t revision) {
  ActualRecord r;
  r.department = dept;
  r.project = project;
  r.indicator = indicator;
  r.value = value;
  r.as_of = Date::end_of_month(kYear, month);
  r.revision = revision;
  return r;
}

const Dataset& dataset() {
  static const Dataset data = [] {
    Dataset d;
    auto targets = std::make_shared<Targets>();
    std::int64_t revision = 0;
    for (int di = 0; di < kDepartments; ++di) {
      Department dept;
      dept.code = std::to_string(300 + di);
      dept.name = "部门" + dept.code;
      dept.fiscal_year = kYear;
      for (int pi = 0; pi < kProjectsPerDepartment; ++pi) {
        Project p;
        p.code = "131000" + std::to_string(25 + di) + "P" + std::to_string(10000000 + pi) + "X";
        p.name = "项目" + std::to_string(pi);
        p.budget = 50 + pi % 100;
        p.spending_plan = {{Date::end_of_month(kYear, 3), 0.25},
                           {Date::end_of_month(kYear, 6), 0.6},
                           {Date::end_of_month(kYear, 10), 0.9}};
        for (int ii = 0; ii < kIndicatorsPerProject; ++ii) {
          p.indicators.push_back(make_indicator(ii));
        }
        dept.projects.push_back(std::move(p));
      }
      targets->departments.push_back(std::move(dept));
    }
    // Month by month, as monthly uploads arrive: a series' points are far apart in the input.
    for (int m = 1; m <= 12; ++m) {
      for (const Department& dept : targets->departments) {
        for (const Project& p : dept.projects) {
          for (int ii = 0; ii < kIndicatorsPerProject; ++ii) {
            const double v = ii % 5 == 2 ? (m % 3 == 0 ? 0.5 : 1.0) : 30.0 * m + ii;
            d.records.push_back(
                make_record(dept.code, p.code, p.indicators[ii].id, v, m, ++revision));
          }
          d.records.push_back(
              make_record(dept.code, p.code, "spending", p.budget * m / 13.0, m, ++revision));
        }
      }
    }
    d.targets = std::move(targets);
    return d;
  }();
  return data;
}

void set_counters(benchmark::State& state) {
  // Seconds per 1000 indicators (shown with an SI prefix: "m" = ms, "u" = us).
  state.counters["per_1k_indicators"] =
      benchmark::Counter(kTotalIndicators / 1000.0, benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
  state.counters["records"] = static_cast<double>(dataset().records.size());
}

void BM_BuildIndex(benchmark::State& state) {
  const Dataset& d = dataset();
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<ActualRecord> copy = d.records;
    state.ResumeTiming();
    ActualsIndex index(std::move(copy));
    benchmark::DoNotOptimize(index.series_count());
    state.PauseTiming();
    { const ActualsIndex discard = std::move(index); }  // destruction is not part of the build
    state.ResumeTiming();
  }
  set_counters(state);
}
BENCHMARK(BM_BuildIndex)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_Evaluate(benchmark::State& state) {
  const Dataset& d = dataset();
  const ActualsIndex index(d.records);
  const Date as_of = Date::from_ymd(kYear, 9, 15);
  for (auto _ : state) {
    Evaluation ev = evaluate(d.targets, index, as_of);
    benchmark::DoNotOptimize(ev.departments.data());
    state.PauseTiming();
    { const Evaluation discard = std::move(ev); }
    state.ResumeTiming();
  }
  set_counters(state);
}
BENCHMARK(BM_Evaluate)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_EvaluateAfterYearEnd(benchmark::State& state) {
  const Dataset& d = dataset();
  const ActualsIndex index(d.records);
  const Date as_of = Date::from_ymd(kYear + 1, 1, 10);
  for (auto _ : state) {
    Evaluation ev = evaluate(d.targets, index, as_of);
    benchmark::DoNotOptimize(ev.departments.data());
  }
  set_counters(state);
}
BENCHMARK(BM_EvaluateAfterYearEnd)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace targetwatch

BENCHMARK_MAIN();
