// Argument parsing and file helpers for the targetwatch command line.
#include "cli_support.h"

#include <cerrno>
#include <cstdio>
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

Result<Ok> write_file_atomically(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  fs::path tmp = target;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Error{tmp.string() + ": cannot write: " + std::strerror(errno)};
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) return Error{tmp.string() + ": write failed"};
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Error{path + ": cannot replace: " + ec.message()};
  }
  return Ok{};
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
