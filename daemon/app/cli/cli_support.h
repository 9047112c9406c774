// Small helpers shared by the targetwatch subcommands: argument parsing, files, exit codes.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/model/result.h"

namespace targetwatch::cli {

/// Exit codes of the targetwatch command line (documented in --help and the README).
enum ExitCode : int {
  kExitOk = 0,
  kExitProblems = 1,    ///< the input has problems (validation errors, rejected batch, fmt --check)
  kExitIncomplete = 2,  ///< import: some lines could not be placed (the file is still written)
  kExitUsage = 64,      ///< bad command line
  kExitNoInput = 66,    ///< an input file is missing or unreadable
  kExitUnavailable = 69,  ///< push: the daemon could not be reached
  kExitIoError = 74,      ///< an output file could not be written
};

/// Declares what a subcommand accepts: options taking a value and boolean flags. Each command
/// returns its spec from a function-local static, built on first use rather than before main
/// (where an exception could not be caught: cert-err58-cpp).
struct CommandSpec {
  std::string name;
  std::string usage;                    ///< full --help text
  std::set<std::string> value_options;  ///< e.g. "--targets"
  std::set<std::string> flags;          ///< e.g. "--check"
};

struct ParsedArgs {
  std::vector<std::string> positionals;
  std::map<std::string, std::vector<std::string>> values;
  std::set<std::string> flags;
  bool help = false;

  std::optional<std::string> value(const std::string& option) const;
  std::vector<std::string> all(const std::string& option) const;
  bool has(const std::string& flag) const { return flags.count(flag) != 0; }
};

/// Parses `--opt value`, `--opt=value`, flags and positionals; errors name the offending word.
Result<ParsedArgs> parse_args(const CommandSpec& spec, const std::vector<std::string>& args);

/// parse_args for a subcommand's main: on a bad command line prints the error and yields
/// kExitUsage; on --help prints the usage and yields kExitOk. The int is the exit code to stop
/// with.
Result<ParsedArgs, int> parse_command_line(const CommandSpec& spec,
                                           const std::vector<std::string>& args);

Result<std::string> read_file(const std::string& path);
/// Replaces `path` by `content` so that readers (and a crash) see the old or the new file, never
/// half of one. An existing file keeps its mode and owner; a new one gets `new_file_mode` minus
/// the umask.
Result<Ok> write_file_atomically(const std::string& path, std::string_view content,
                                 mode_t new_file_mode = 0666);

/// The environment variable `name` when set and not empty, else `fallback`.
std::string env_or(const char* name, std::string fallback);

/// Today's date in local time (the CLI is an edge: the core never reads the clock).
std::string today_iso();

}  // namespace targetwatch::cli
