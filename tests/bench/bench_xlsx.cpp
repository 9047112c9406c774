// Benchmark of the xlsx reader: a 100,000-cell workbook (10,000 rows x 10 columns of Chinese
// text, numbers and dates, written by libxlsxwriter) read from memory.
#include <benchmark/benchmark.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "targetwatch/xlsx/workbook.h"

namespace {

constexpr int kRows = 10'000;
constexpr int kColumns = 10;

std::string make_workbook() {
  const auto path = std::filesystem::temp_directory_path() /
                    ("tw-bench-xlsx-" + std::to_string(getpid()) + ".xlsx");
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "报送");
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "yyyy-mm-dd");
  for (int row = 0; row < kRows; ++row) {
    const std::string project = "项目" + std::to_string(row % 500) + "：绩效目标完成情况";
    worksheet_write_string(sheet, row, 0, project.c_str(), nullptr);
    worksheet_write_string(sheet, row, 1, "一级指标", nullptr);
    worksheet_write_string(sheet, row, 2, ("指标" + std::to_string(row)).c_str(), nullptr);
    for (int column = 3; column < 8; ++column) {
      worksheet_write_number(sheet, row, column, row * 1.25 + column, nullptr);
    }
    lxw_datetime day = {2025, 1 + row % 12, 1 + row % 28, 0, 0, 0};
    worksheet_write_datetime(sheet, row, 8, &day, date);
    worksheet_write_formula_num(sheet, row, 9, "=D1*2", nullptr, row * 2.5);
  }
  workbook_close(workbook);
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::filesystem::remove(path);
  return buffer.str();
}

void BM_ReadWorkbook100kCells(benchmark::State& state) {
  static const std::string bytes = make_workbook();
  for (auto _ : state) {
    auto workbook = targetwatch::xlsx::read_workbook(bytes);
    if (!workbook || workbook->sheets.at(0).cells.size() != kRows * kColumns) {
      state.SkipWithError("unexpected result");
      return;
    }
    benchmark::DoNotOptimize(workbook);
  }
  state.SetItemsProcessed(state.iterations() * kRows * kColumns);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  state.counters["file_bytes"] = static_cast<double>(bytes.size());
}
BENCHMARK(BM_ReadWorkbook100kCells)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
