// `targetwatch push FILE`: sends an actuals batch (CSV or JSON) to a running targetwatchd.
#include <cstdlib>
#include <iostream>

#include "cli_support.h"
#include "commands.h"
#include "targetwatch/http/client.h"

namespace targetwatch::cli {
namespace {

const CommandSpec kSpec{
    "push",
    "usage: targetwatch push FILE.csv|FILE.json [--url URL] [--token TOKEN] [--charset CHARSET]\n"
    "\n"
    "Sends one file of actual records to targetwatchd's POST /api/v1/actuals as one atomic\n"
    "batch: every record is stored, or none and every error is listed (row, field, reason).\n"
    "--url defaults to $TARGETWATCH_URL or http://127.0.0.1:9464; the bearer token comes from\n"
    "--token or $TARGETWATCH_TOKEN (prefer the variable: command lines are visible to others).\n"
    "CSV files may be UTF-8 (with or without BOM) or GB18030/GBK as Excel writes them; the\n"
    "daemon detects the encoding, or pass --charset gbk.\n"
    "\n"
    "exit codes: 0 stored, 1 rejected (the daemon's errors are printed), 64 bad command line,\n"
    "            66 unreadable file, 69 daemon unreachable\n",
    {"--url", "--token", "--charset"},
    {}};

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

}  // namespace

int run_push(const std::vector<std::string>& args) {
  auto parsed = parse_command_line(kSpec, args);
  if (!parsed) return parsed.error();
  if (parsed->positionals.size() != 1) {
    std::cerr << kSpec.usage;
    return kExitUsage;
  }
  const std::string& path = parsed->positionals.front();
  auto body = read_file(path);
  if (!body) {
    std::cerr << "targetwatch push: " << body.error().message << "\n";
    return kExitNoInput;
  }
  std::string base =
      parsed->value("--url").value_or(env_or("TARGETWATCH_URL", "http://127.0.0.1:9464"));
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string url = base + "/api/v1/actuals";
  const std::string token = parsed->value("--token").value_or(env_or("TARGETWATCH_TOKEN", ""));
  std::string content_type = "text/csv";
  if (path.ends_with(".json")) {
    content_type = "application/json";
  } else if (auto charset = parsed->value("--charset")) {
    content_type += "; charset=" + *charset;
  }

  auto response = http::post_actuals(url, token, std::move(*body), content_type);
  if (!response) {
    std::cerr << "targetwatch push: " << response.error().message << "\n";
    return kExitUnavailable;
  }
  std::ostream& out = response->status / 100 == 2 ? std::cout : std::cerr;
  out << response->status << " " << http::reason_phrase(response->status) << "\n"
      << response->body << (response->body.empty() || response->body.back() == '\n' ? "" : "\n");
  return response->status / 100 == 2 ? kExitOk : kExitProblems;
}

}  // namespace targetwatch::cli
