// `targetwatch check PATH...` and `targetwatch fmt PATH`: validate and canonicalize targets files.
#include <filesystem>
#include <iostream>

#include "cli_support.h"
#include "commands.h"
#include "targetwatch/config/targets_file.h"

namespace targetwatch::cli {
namespace {

const CommandSpec& check_spec() {
  static const CommandSpec spec{
      "check",
      "usage: targetwatch check PATH...\n"
      "\n"
      "Validates targets files (TOML) and directories of them (every *.toml inside).\n"
      "Prints every problem as FILE:LINE:COLUMN: FIELD: MESSAGE (warnings too) and a summary.\n"
      "\n"
      "exit codes: 0 valid (warnings allowed), 1 errors found, 64 bad command line\n",
      {},
      {}};
  return spec;
}

const CommandSpec& fmt_spec() {
  static const CommandSpec spec{
      "fmt",
      "usage: targetwatch fmt [--check] PATH...\n"
      "\n"
      "Rewrites each targets file in the canonical layout (key order, number format, comments on\n"
      "each project). The comment block at the top of a file is kept. With --check nothing is\n"
      "written; files that are not canonical are listed.\n"
      "\n"
      "exit codes: 0 done / already canonical, 1 a file has errors or (--check) is not canonical,\n"
      "            64 bad command line, 66 unreadable file, 74 cannot write\n",
      {},
      {"--check"}};
  return spec;
}

void print_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) std::cerr << d.to_string() << "\n";
}

std::size_t count_errors(const std::vector<Diagnostic>& diagnostics) {
  std::size_t n = 0;
  for (const auto& d : diagnostics) n += d.severity == Diagnostic::Severity::kError;
  return n;
}

// The leading comment lines of a file, without "# ", so fmt keeps a file's provenance header.
std::vector<std::string> leading_comments(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size() && text[pos] == '#') {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos + 1, end - pos - 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line.front() == ' ') line.erase(0, 1);
    lines.push_back(line);
    pos = end + 1;
  }
  return lines;
}

}  // namespace

int run_check(const std::vector<std::string>& args) {
  auto parsed = parse_command_line(check_spec(), args);
  if (!parsed) return parsed.error();
  if (parsed->positionals.empty()) {
    std::cerr << check_spec().usage;
    return kExitUsage;
  }
  const TargetsLoad load = load_targets(parsed->positionals);
  print_diagnostics(load.diagnostics);
  const std::size_t errors = count_errors(load.diagnostics);
  const std::size_t warnings = load.diagnostics.size() - errors;
  if (errors != 0) {
    std::cerr << "targetwatch check: " << errors << " error(s), " << warnings << " warning(s)\n";
    return kExitProblems;
  }
  std::size_t projects = 0, indicators = 0;
  for (const auto& d : load.targets.departments) {
    projects += d.projects.size();
    indicators += d.indicators.size();
    for (const auto& p : d.projects) indicators += p.indicators.size();
  }
  std::cout << "ok: " << load.targets.departments.size() << " department(s), " << projects
            << " project(s), " << indicators << " indicator(s), " << warnings << " warning(s)\n";
  return kExitOk;
}

int run_fmt(const std::vector<std::string>& args) {
  auto parsed = parse_command_line(fmt_spec(), args);
  if (!parsed) return parsed.error();
  if (parsed->positionals.empty()) {
    std::cerr << fmt_spec().usage;
    return kExitUsage;
  }
  const bool check_only = parsed->has("--check");
  int exit_code = kExitOk;
  for (const auto& path : parsed->positionals) {
    auto text = read_file(path);
    if (!text) {
      std::cerr << "targetwatch fmt: " << text.error().message << "\n";
      return kExitNoInput;
    }
    const TargetsLoad load = parse_targets(*text, path);
    print_diagnostics(load.diagnostics);
    if (!load.ok() || load.targets.departments.size() != 1) {
      if (load.ok()) std::cerr << path << ": expected exactly one department\n";
      exit_code = kExitProblems;
      continue;
    }
    WriteOptions options;
    options.header_comments = leading_comments(*text);
    const std::string canonical = write_targets(load.targets.departments.front(), options);
    if (canonical == *text) continue;
    if (check_only) {
      std::cout << path << ": not canonical (run targetwatch fmt " << path << ")\n";
      exit_code = kExitProblems;
      continue;
    }
    if (auto written = write_file_atomically(path, canonical); !written) {
      std::cerr << "targetwatch fmt: " << written.error().message << "\n";
      return kExitIoError;
    }
    std::cout << path << ": rewritten\n";
  }
  return exit_code;
}

}  // namespace targetwatch::cli
