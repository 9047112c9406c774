// Drop-folder polling: one file, one atomic batch; files are moved, never deleted or overwritten.
#include "inbox.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace targetwatch::daemon {
namespace fs = std::filesystem;

namespace {

// done/a.csv exists -> done/a.1.csv, ...: an earlier file of the same name is never lost.
fs::path free_name(const fs::path& dir, const fs::path& name) {
  fs::path candidate = dir / name;
  std::error_code ec;
  for (int n = 1; fs::exists(candidate, ec); ++n) {
    candidate = dir / (name.stem().string() + "." + std::to_string(n) + name.extension().string());
  }
  return candidate;
}

}  // namespace

Inbox::Inbox(std::string root, int poll_seconds, http::Service& service, http::Logger& logger)
    : root_(std::move(root)),
      poll_seconds_(std::max(1, poll_seconds)),
      service_(service),
      logger_(logger) {}

Inbox::~Inbox() { stop(); }

Result<Ok> Inbox::start() {
  for (const char* sub : {"inbox", "done", "rejected"}) {
    std::error_code ec;
    fs::create_directories(fs::path(root_) / sub, ec);
    if (ec) return Error{"cannot create " + (fs::path(root_) / sub).string() + ": " + ec.message()};
  }
  thread_ = std::thread([this] { run(); });
  return Ok{};
}

void Inbox::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Inbox::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    poll_once();
    lock.lock();
    cv_.wait_for(lock, std::chrono::seconds(poll_seconds_), [this] { return stopping_; });
  }
}

std::size_t Inbox::poll_once() {
  const fs::path inbox = fs::path(root_) / "inbox";
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(inbox, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    // Dot files are uploads in progress by convention; only complete, renamed-in files count.
    if (name.empty() || name[0] == '.' || (ext != ".csv" && ext != ".json")) continue;
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    files.push_back(p);
  }
  if (ec) {
    logger_.error("inbox: cannot list " + inbox.string() + ": " + ec.message());
    return 0;
  }
  std::sort(files.begin(), files.end());
  std::size_t handled = 0;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) {
      logger_.error("inbox: cannot read " + file.string());
      continue;
    }
    const std::string name = file.filename().string();
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto format = ext == ".json" ? http::BodyFormat::kJson : http::BodyFormat::kCsv;
    http::IngestOutcome outcome = service_.ingest(buffer.str(), format, "", "inbox:" + name, {"*"});
    if (outcome.status >= 500) {
      logger_.error("inbox: " + name + " not stored (store unavailable); will retry");
      continue;
    }
    bool accepted = outcome.status / 100 == 2;
    fs::path target =
        free_name(fs::path(root_) / (accepted ? "done" : "rejected"), file.filename());
    if (!accepted) {
      std::ofstream errors(target.string() + ".errors.txt", std::ios::binary);
      errors << "# " << name << ": rejected, nothing stored (HTTP-equivalent status "
             << outcome.status << ")\n";
      for (const std::string& line : outcome.error_lines) errors << line << "\n";
    }
    fs::rename(file, target, ec);
    if (ec) {
      logger_.error("inbox: cannot move " + file.string() + " to " + target.string() + ": " +
                    ec.message());
      continue;
    }
    ++handled;
    if (accepted) {
      logger_.info("inbox: " + name + ": stored " + std::to_string(outcome.count) +
                   " record(s); moved to " + target.string());
    } else {
      logger_.warning("inbox: " + name + ": rejected (" +
                      std::to_string(outcome.error_lines.size()) + " error(s)); moved to " +
                      target.string());
    }
  }
  return handled;
}

}  // namespace targetwatch::daemon
