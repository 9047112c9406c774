// The drop folder: files put into <root>/inbox/<department code>/ (or, when allowed, <root>/inbox/)
// are ingested as one batch each through the application core, then moved to <root>/done or to
// <root>/rejected with a <file>.errors.txt beside them.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "targetwatch/core/application.h"
#include "targetwatch/core/log.h"

namespace targetwatch::daemon {

class Inbox {
 public:
  /// `all_departments`: the top-level inbox/ takes records of every department (a single-office
  /// install); otherwise only inbox/<code>/ folders are read, each scoped to its department.
  Inbox(std::string root, int poll_seconds, bool all_departments, core::Application& app,
        core::Logger& logger);
  ~Inbox();  ///< stops

  /// Creates the folders (error names the folder), one inbox/<code>/ per loaded department, and
  /// starts polling on a thread.
  Result<Ok> start();
  void stop();
  /// Handles every file now in the inbox folders (sorted by path); returns how many were handled.
  std::size_t poll_once();

 private:
  struct Pending {
    std::filesystem::path file;
    std::vector<std::string> departments;  ///< the folder's scope
  };
  void run();
  std::vector<Pending> pending_files();
  void handle(const Pending& pending);
  void reject(const std::filesystem::path& claimed, const std::string& name,
              const std::vector<std::string>& lines);

  std::string root_;
  int poll_seconds_;
  bool all_departments_;
  core::Application& app_;
  core::Logger& logger_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace targetwatch::daemon
