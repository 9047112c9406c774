// The targetwatch subcommands; each takes its arguments (after the command word) and returns
// an exit code (cli_support.h).
#pragma once

#include <string>
#include <vector>

namespace targetwatch::cli {

int run_check(const std::vector<std::string>& args);
int run_fmt(const std::vector<std::string>& args);
int run_evaluate(const std::vector<std::string>& args);
int run_import(const std::vector<std::string>& args);
int run_push(const std::vector<std::string>& args);
int run_report(const std::vector<std::string>& args);
int run_export(const std::vector<std::string>& args);
int run_template(const std::vector<std::string>& args);
int run_token(const std::vector<std::string>& args);

}  // namespace targetwatch::cli
