// Argument parsing and file helpers for the targetwatch command line.
#include "cli_support.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace targetwatch::cli {

std::optional<std::string> ParsedArgs::value(const std::string& option) const {
  auto it = values.find(option);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> ParsedArgs::all(const std::string& option) const {
  auto it = values.find(option);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

Result<ParsedArgs> parse_args(const CommandSpec& spec, const std::vector<std::string>& args) {
  ParsedArgs parsed;
  bool only_positionals = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (only_positionals || word.size() < 2 || word[0] != '-' || word == "-") {
      parsed.positionals.push_back(word);
      continue;
    }
    if (word == "--") {
      only_positionals = true;
      continue;
    }
    if (word == "-h" || word == "--help") {
      parsed.help = true;
      continue;
    }
    std::string name = word;
    std::optional<std::string> inline_value;
    if (auto eq = word.find('='); eq != std::string::npos) {
      name = word.substr(0, eq);
      inline_value = word.substr(eq + 1);
    }
    if (spec.flags.count(name) != 0) {
      if (inline_value) return Error{"option " + name + " takes no value"};
      parsed.flags.insert(name);
    } else if (spec.value_options.count(name) != 0) {
      if (inline_value) {
        parsed.values[name].push_back(*inline_value);
      } else if (i + 1 < args.size()) {
        parsed.values[name].push_back(args[++i]);
      } else {
        return Error{"option " + name + " needs a value"};
      }
    } else {
      return Error{"unknown option '" + name + "' for 'targetwatch " + spec.name +
                   "' (see targetwatch " + spec.name + " --help)"};
    }
  }
  return parsed;
}

Result<ParsedArgs, int> parse_command_line(const CommandSpec& spec,
                                           const std::vector<std::string>& args) {
  auto parsed = parse_args(spec, args);
  if (!parsed) {
    std::cerr << "targetwatch " << spec.name << ": " << parsed.error().message << "\n";
    return static_cast<int>(kExitUsage);
  }
  if (parsed->help) {
    std::cout << spec.usage;
    return static_cast<int>(kExitOk);
  }
  return std::move(parsed).value();
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open: " + std::strerror(errno)};
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return Error{path + ": read error"};
  return out.str();
}

// A temporary file beside the target (same file system, so the rename is atomic), fsync,
// rename, fsync of the directory: a crash leaves the old or the new file, never half of one.
Result<Ok> write_file_atomically(const std::string& path, std::string_view content,
                                 mode_t new_file_mode) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  struct stat old {};
  const bool existed = ::stat(path.c_str(), &old) == 0;
  // open() rather than mkstemp(): a new file gets new_file_mode minus the umask, as a plain
  // create would.
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    tmp = (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                  std::to_string(attempt)))
              .string();
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, new_file_mode);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) return Error{path + ": cannot create a temporary file: " + std::strerror(errno)};
  auto fail = [&](const std::string& what) -> Result<Ok> {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    ::unlink(tmp.c_str());
    return Error{path + ": " + what + ": " + reason};
  };
  // An existing file keeps its mode and owner (the daemon must still read a settings file).
  if (existed && ::fchmod(fd, old.st_mode & 07777) != 0) return fail("cannot set the mode");
  if (existed && (old.st_uid != ::geteuid() || old.st_gid != ::getegid()) &&
      ::fchown(fd, old.st_uid, old.st_gid) != 0) {
    return fail("cannot keep the file's owner");
  }
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("cannot write");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("cannot sync");
  if (::close(fd) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(tmp.c_str());
    return Error{path + ": cannot write: " + reason};
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(tmp.c_str());
    return Error{path + ": cannot replace: " + reason};
  }
  // The rename itself is durable only once the directory is.
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Ok{};
}

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : std::move(fallback);
}

std::string today_iso() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return buf;
}

}  // namespace targetwatch::cli
