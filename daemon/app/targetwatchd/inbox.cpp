// Drop-folder polling: one file, one atomic batch. A file is claimed by renaming it to
// <name>.processing before it is read, so a failed move afterwards never ingests it twice; files
// are moved, never deleted or overwritten.
#include "inbox.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace targetwatch::daemon {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kClaimed = ".processing";

// done/a.csv exists -> done/a.1.csv, ...: an earlier file of the same name is never lost.
fs::path free_name(const fs::path& dir, const fs::path& name) {
  fs::path candidate = dir / name;
  std::error_code ec;
  for (int n = 1; fs::exists(candidate, ec); ++n) {
    candidate = dir / (name.stem().string() + "." + std::to_string(n) + name.extension().string());
  }
  return candidate;
}

std::string lower_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

}  // namespace

Inbox::Inbox(std::string root, int poll_seconds, bool all_departments, core::Application& app,
             core::Logger& logger)
    : root_(std::move(root)),
      poll_seconds_(std::max(1, poll_seconds)),
      all_departments_(all_departments),
      app_(app),
      logger_(logger) {}

Inbox::~Inbox() { stop(); }

Result<Ok> Inbox::start() {
  std::vector<fs::path> folders = {fs::path(root_) / "inbox", fs::path(root_) / "done",
                                   fs::path(root_) / "rejected"};
  for (const Department& d : app_.targets()->departments) {
    folders.push_back(fs::path(root_) / "inbox" / d.code);
  }
  for (const fs::path& folder : folders) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) return Error{"cannot create " + folder.string() + ": " + ec.message()};
  }
  // A claimed file left by an interrupted run may or may not have been stored: never guess.
  std::error_code ec;
  for (fs::recursive_directory_iterator it(fs::path(root_) / "inbox", ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().filename().string().ends_with(kClaimed)) {
      logger_.warning("inbox: " + it->path().string() +
                      " was being processed when the daemon stopped; check GET /api/v1/actuals "
                      "and rename it without .processing to send it again");
    }
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

std::vector<Inbox::Pending> Inbox::pending_files() {
  std::vector<Pending> out;
  auto scan = [&](const fs::path& dir, const std::vector<std::string>& departments) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      // Dot files are uploads in progress by convention; claimed files are being handled.
      if (name.empty() || name[0] == '.' || name.ends_with(kClaimed)) continue;
      std::error_code type_ec;
      if (!it->is_regular_file(type_ec)) continue;
      out.push_back(Pending{it->path(), departments});
    }
    if (ec) logger_.error("inbox: cannot list " + dir.string() + ": " + ec.message());
  };
  const fs::path inbox = fs::path(root_) / "inbox";
  std::error_code ec;
  for (fs::directory_iterator it(inbox, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (!it->is_directory(type_ec)) continue;
    const std::string code = it->path().filename().string();
    if (app_.targets()->find_department(code) == nullptr) continue;
    scan(it->path(), {code});
  }
  // The top level: every department when allowed; otherwise its files are refused (below).
  scan(inbox, all_departments_ ? std::vector<std::string>{"*"} : std::vector<std::string>{});
  std::sort(out.begin(), out.end(),
            [](const Pending& a, const Pending& b) { return a.file < b.file; });
  return out;
}

std::size_t Inbox::poll_once() {
  std::size_t handled = 0;
  for (const Pending& pending : pending_files()) {
    handle(pending);
    ++handled;
  }
  return handled;
}

void Inbox::reject(const fs::path& claimed, const std::string& name,
                   const std::vector<std::string>& lines) {
  const fs::path target = free_name(fs::path(root_) / "rejected", name);
  {
    std::ofstream errors(target.string() + ".errors.txt", std::ios::binary);
    errors << "# " << name << "：未入库，整批退回，没有保存任何数据。请修改后重新放入收件箱。\n";
    for (const std::string& line : lines) errors << line << "\n";
  }
  std::error_code ec;
  fs::rename(claimed, target, ec);
  if (ec) {
    logger_.error("inbox: cannot move " + claimed.string() + " to " + target.string() + ": " +
                  ec.message() + "; it stays claimed and is not read again");
    return;
  }
  logger_.warning("inbox: " + name + ": rejected (" + std::to_string(lines.size()) +
                  " problem(s)); moved to " + target.string());
}

void Inbox::handle(const Pending& pending) {
  const std::string name = pending.file.filename().string();
  const fs::path claimed = pending.file.string() + std::string(kClaimed);
  std::error_code ec;
  fs::rename(pending.file, claimed, ec);
  if (ec) {
    logger_.error("inbox: cannot claim " + pending.file.string() + ": " + ec.message());
    return;
  }
  const std::string ext = lower_extension(pending.file);
  if (ext != ".csv" && ext != ".xlsx" && ext != ".json") {
    reject(claimed, name,
           {"不支持的文件类型“" + pending.file.extension().string() +
            "”：请使用 Excel（.xlsx）、CSV（.csv）或 JSON（.json）文件。"});
    return;
  }
  if (pending.departments.empty()) {
    reject(claimed, name,
           {"请把文件放入本部门的收件箱文件夹 inbox/<部门编码>/；总收件箱 inbox/ 只在设置 "
            "inbox_all_departments = true 时使用。"});
    return;
  }
  std::ifstream in(claimed, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in) {
    logger_.error("inbox: cannot read " + claimed.string());
    fs::rename(claimed, pending.file, ec);  // unclaim: try again at the next poll
    return;
  }
  const std::string body = buffer.str();
  const auto format = core::body_format(ext, body).value_or(core::BodyFormat::kCsv);
  auto receipt = app_.ingest(core::IngestRequest{body, format, "", "inbox:" + name},
                             core::Principal::inbox(name, pending.departments));
  if (!receipt && receipt.error().kind == core::FailureKind::kStoreUnavailable) {
    logger_.error("inbox: " + name + " not stored (store unavailable); will retry");
    fs::rename(claimed, pending.file, ec);  // nothing was stored: unclaim and retry
    return;
  }
  if (!receipt) {
    reject(claimed, name, core::problem_lines_zh(receipt.error()));
    return;
  }
  const fs::path target = free_name(fs::path(root_) / "done", name);
  fs::rename(claimed, target, ec);
  if (ec) {
    logger_.error("inbox: " + name + ": stored, but cannot move it to " + target.string() + ": " +
                  ec.message() + "; it stays claimed and is not read again");
    return;
  }
  logger_.info("inbox: " + name + ": stored " + std::to_string(receipt->count) +
               " record(s); moved to " + target.string());
}

}  // namespace targetwatch::daemon
