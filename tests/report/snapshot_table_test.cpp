// snapshot_to_table: content and alignment (every line of a block has the same display width).
#include "targetwatch/report/snapshot_table.h"

#include <gtest/gtest.h>

#include <sstream>

#include "sample_evaluation.h"
#include "targetwatch/report/text_width.h"

namespace targetwatch {
namespace {

using testing::sample_evaluation;

std::vector<std::vector<std::string>> blocks_of(const std::string& text) {
  std::vector<std::vector<std::string>> blocks(1);
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) {
      blocks.emplace_back();
    } else {
      blocks.back().push_back(line);
    }
  }
  return blocks;
}

TEST(SnapshotTable, EveryLineOfABlockHasTheSameWidth) {
  const std::string table = snapshot_to_table(sample_evaluation());
  const auto blocks = blocks_of(table);
  ASSERT_EQ(blocks.size(), 2u) << table;
  for (const auto& block : blocks) {
    ASSERT_GT(block.size(), 4u);
    const int width = display_width(block.front());
    for (const auto& line : block) EXPECT_EQ(display_width(line), width) << line << "\n" << table;
  }
}

TEST(SnapshotTable, ColumnBoundariesLineUp) {
  // Every row's "|" separators of the project grid sit at the same display columns as the
  // separator line's "+" (indicator rows use a subset of them).
  const auto blocks = blocks_of(snapshot_to_table(sample_evaluation()));
  for (const auto& block : blocks) {
    std::vector<int> plus;
    int col = 0;
    for (char c : block.front()) {
      if (c == '+') plus.push_back(col);
      ++col;
    }
    for (const auto& line : block) {
      if (line[0] != '|') continue;
      int column = 0;
      for (std::size_t i = 0; i < line.size();) {
        const std::size_t len = (static_cast<unsigned char>(line[i]) < 0x80)       ? 1
                                : (static_cast<unsigned char>(line[i]) >> 5) == 6  ? 2
                                : (static_cast<unsigned char>(line[i]) >> 4) == 14 ? 3
                                                                                   : 4;
        const std::string ch = line.substr(i, len);
        if (ch == "|") {
          EXPECT_TRUE(std::find(plus.begin(), plus.end(), column) != plus.end())
              << "'|' at column " << column << " in: " << line;
        }
        column += display_width(ch);
        i += len;
      }
    }
  }
}

TEST(SnapshotTable, ShowsProjectsIndicatorsAndTotals) {
  const auto ev = sample_evaluation();
  const std::string table = snapshot_to_table(ev);
  EXPECT_NE(table.find("375 廊坊市司法局"), std::string::npos);
  EXPECT_NE(table.find("13100025P00041210001X"), std::string::npos);
  EXPECT_NE(table.find("68.00"), std::string::npos);  // budget in 万元
  EXPECT_NE(table.find("23.10"), std::string::npos);  // spent in 万元
  EXPECT_NE(table.find("34.0%"), std::string::npos);  // spent share
  EXPECT_NE(table.find("60.0%"), std::string::npos);  // planned / required
  EXPECT_NE(table.find("落后"), std::string::npos);
  EXPECT_NE(table.find("法律援助案件受理数"), std::string::npos);
  EXPECT_NE(table.find("≥350件"), std::string::npos);
  EXPECT_NE(table.find("有风险"), std::string::npos);
  EXPECT_NE(table.find("数据过期(已达成)"), std::string::npos);
  EXPECT_NE(table.find("2025-07-31前"), std::string::npos);
  EXPECT_NE(table.find("普法考试次数"), std::string::npos);  // department-wide
  const auto& p = ev.departments[0].projects[0];
  char score[32];
  std::snprintf(score, sizeof score, "%.1f %s", p.score, p.grade.c_str());
  EXPECT_NE(table.find(score), std::string::npos) << score;
}

TEST(SnapshotTable, LongNamesAreTruncatedWithEllipsis) {
  const auto ev = sample_evaluation();
  const std::string table = snapshot_to_table(ev);
  const std::string& full = ev.departments[0].projects[0].project->name;
  EXPECT_EQ(table.find(full), std::string::npos);
  EXPECT_NE(table.find("法律援助工作中央资金"), std::string::npos);
  EXPECT_NE(table.find("…"), std::string::npos);
}

TEST(SnapshotTable, EmptyEvaluation) {
  Evaluation ev;
  ev.as_of = testing::day("2025-01-01");
  EXPECT_FALSE(snapshot_to_table(ev).empty());
}

}  // namespace
}  // namespace targetwatch
