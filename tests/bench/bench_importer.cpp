// Benchmarks of the importer: the whole Langfang disclosure, and the value parser alone.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "targetwatch/importer/importer.h"
#include "targetwatch/importer/indicator_value.h"

namespace {

std::string read_document() {
  std::ifstream in(std::string(TARGETWATCH_FIXTURES) +
                   "/importer/langfang-justice-2025-budget-disclosure.txt");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void BM_ImportLangfangDisclosure(benchmark::State& state) {
  const std::string text = read_document();
  if (text.empty()) {
    state.SkipWithError("fixture not found");
    return;
  }
  for (auto _ : state) {
    auto result = targetwatch::import_disclosure(text);
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ImportLangfangDisclosure)->Unit(benchmark::kMillisecond);

void BM_ParseIndicatorValues(benchmark::State& state) {
  const char* values[] = {"≥350件",     "≤4.34万元/月", "100%",        "16000 m ²",
                          "8月前",      "及时",         "超13万元/年", "2023.07-2024.01",
                          "＞＝９０％", "≤50元/人/天"};
  for (auto _ : state) {
    for (const char* v : values) {
      auto parsed = targetwatch::parse_indicator_value(v, 2025);
      benchmark::DoNotOptimize(parsed);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * std::size(values)));
}
BENCHMARK(BM_ParseIndicatorValues);

}  // namespace

BENCHMARK_MAIN();
