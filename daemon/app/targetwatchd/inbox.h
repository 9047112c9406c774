// The drop folder: CSV (or JSON) files renamed into <root>/inbox are ingested as one batch each,
// then moved to <root>/done, or to <root>/rejected with a <file>.errors.txt beside them.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "targetwatch/http/log.h"
#include "targetwatch/http/service.h"

namespace targetwatch::daemon {

class Inbox {
 public:
  Inbox(std::string root, int poll_seconds, http::Service& service, http::Logger& logger);
  ~Inbox();  ///< stops

  /// Creates the folders (error names the folder) and starts polling on a thread.
  Result<Ok> start();
  void stop();
  /// Ingests every *.csv and *.json now in inbox/ (sorted by name); returns how many files were
  /// handled.
  std::size_t poll_once();

 private:
  void run();
  std::string root_;
  int poll_seconds_;
  http::Service& service_;
  http::Logger& logger_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace targetwatch::daemon
