// The drop folder: department folders and their scope, claiming before reading, done/rejected
// moves with Chinese explanations, unsupported files, and no second ingest after a failed move.
#include "inbox.h"

#include <gtest/gtest.h>

#include "targetwatch/core/sha256.h"
#include "targetwatch/store/actuals_store.h"
#include "targetwatch/test/files.h"
#include "targetwatch/test/targets_builder.h"
#include "targetwatch/test/temp_dir.h"

namespace targetwatch::daemon {
namespace {

namespace fs = std::filesystem;
using test::read_file;
using test::write_file;

std::shared_ptr<const Targets> two_departments() {
  return test::TargetsBuilder()
      .department("900", "部门900")
      .project("P900-1", "项目P900-1", 100)
      .department("901", "部门901")
      .project("P901-1", "项目P901-1", 100)
      .build();
}

struct Fixture {
  explicit Fixture(bool all_departments = false) {
    core::DaemonConfig config;
    config.settings = std::make_shared<const Settings>();
    config.targets = two_departments();
    core::Clock clock{[] { return Date::from_ymd(2025, 6, 30); }, [] { return std::int64_t{1}; }};
    app = std::move(core::Application::create({}, std::move(config), make_memory_store(), clock,
                                              "t", logger))
              .value();
    inbox = std::make_unique<Inbox>(dir.path().string(), 1, all_departments, *app, logger);
    EXPECT_TRUE(inbox->start());
    inbox->stop();  // the tests poll by hand
  }
  std::string path(const std::string& relative) const { return (dir.path() / relative).string(); }
  bool exists(const std::string& relative) const { return fs::exists(dir.path() / relative); }

  test::TempDir dir;
  core::MemoryLogger logger;
  std::unique_ptr<core::Application> app;
  std::unique_ptr<Inbox> inbox;
};

const std::string kSpending900 = "project,indicator,value,as_of\nP900-1,spending,5,2025-06-01\n";

TEST(Inbox, CreatesOneFolderPerDepartment) {
  Fixture f;
  EXPECT_TRUE(fs::is_directory(f.path("inbox/900")));
  EXPECT_TRUE(fs::is_directory(f.path("inbox/901")));
  EXPECT_TRUE(fs::is_directory(f.path("done")));
  EXPECT_TRUE(fs::is_directory(f.path("rejected")));
}

TEST(Inbox, ADepartmentFolderTakesItsOwnRecordsOnly) {
  Fixture f;
  write_file(f.path("inbox/900/june.csv"), kSpending900);
  write_file(f.path("inbox/901/wrong.csv"), kSpending900);
  EXPECT_EQ(f.inbox->poll_once(), 2u);
  EXPECT_TRUE(f.exists("done/june.csv"));
  EXPECT_TRUE(f.exists("rejected/wrong.csv"));
  EXPECT_NE(read_file(f.path("rejected/wrong.csv.errors.txt")).find("整批退回"), std::string::npos);
  EXPECT_EQ(f.app->record_count(), 1u);
  EXPECT_EQ(f.inbox->poll_once(), 0u);  // nothing left behind
}

TEST(Inbox, TheTopLevelFolderNeedsTheAllDepartmentsSetting) {
  Fixture scoped;
  write_file(scoped.path("inbox/a.csv"), kSpending900);
  scoped.inbox->poll_once();
  EXPECT_TRUE(scoped.exists("rejected/a.csv"));
  EXPECT_NE(read_file(scoped.path("rejected/a.csv.errors.txt")).find("inbox_all_departments"),
            std::string::npos);
  EXPECT_EQ(scoped.app->record_count(), 0u);

  Fixture all(/*all_departments=*/true);
  write_file(all.path("inbox/a.csv"), kSpending900);
  all.inbox->poll_once();
  EXPECT_TRUE(all.exists("done/a.csv"));
  EXPECT_EQ(all.app->record_count(), 1u);
}

TEST(Inbox, UnsupportedFilesAreMovedOutWithAReason) {
  Fixture f;
  write_file(f.path("inbox/900/notes.docx"), "x");
  f.inbox->poll_once();
  EXPECT_FALSE(f.exists("inbox/900/notes.docx"));
  EXPECT_TRUE(f.exists("rejected/notes.docx"));
  EXPECT_NE(read_file(f.path("rejected/notes.docx.errors.txt")).find("不支持的文件类型"),
            std::string::npos);
}

TEST(Inbox, DotFilesAndClaimedFilesAreNotRead) {
  Fixture f;
  write_file(f.path("inbox/900/.upload.csv"), kSpending900);
  write_file(f.path("inbox/900/old.csv.processing"), kSpending900);
  EXPECT_EQ(f.inbox->poll_once(), 0u);
  EXPECT_EQ(f.app->record_count(), 0u);
}

TEST(Inbox, AFailedMoveAfterStoringNeverIngestsTwice) {
  Fixture f;
  write_file(f.path("inbox/900/june.csv"), kSpending900);
  // done/ is a file now: the move after a successful store fails, for root too.
  fs::remove(f.path("done"));
  write_file(f.path("done"), "");
  f.inbox->poll_once();
  f.inbox->poll_once();
  f.inbox->poll_once();
  EXPECT_EQ(f.app->record_count(), 1u);  // stored once, not once per poll
  EXPECT_TRUE(f.exists("inbox/900/june.csv.processing"));
}

}  // namespace
}  // namespace targetwatch::daemon
