// `targetwatch push FILE`: sends an actuals batch (CSV or JSON) to a running targetwatchd.
#include <boost/json.hpp>
#include <cstdlib>
#include <iostream>

#include "cli_support.h"
#include "commands.h"
#include "targetwatch/http/client.h"

namespace targetwatch::cli {
namespace {

const CommandSpec& spec() {
  static const CommandSpec spec{
      "push",
      "usage: targetwatch push FILE.csv|FILE.xlsx|FILE.json [--url URL] [--token TOKEN]\n"
      "                         [--charset CHARSET] [--cacert CA.pem] [--json]\n"
      "\n"
      "Sends one file of actual records to targetwatchd's POST /api/v1/actuals as one atomic\n"
      "batch: every record is stored, or none and every error is listed (row, field, reason).\n"
      "--url defaults to $TARGETWATCH_URL or http://127.0.0.1:9464 (https:// URLs verify the\n"
      "server against --cacert or $TARGETWATCH_CACERT, else the system's CAs); the bearer token\n"
      "comes from --token or $TARGETWATCH_TOKEN (prefer the variable: command lines are visible\n"
      "to others). CSV files may be UTF-8 (with or without BOM) or GB18030/GBK as Excel writes\n"
      "them; the daemon detects the encoding, or pass --charset gbk. The answer is printed as a\n"
      "table (--json prints the daemon's JSON as it came).\n"
      "\n"
      "exit codes: 0 stored, 1 rejected (the daemon's errors are printed), 64 bad command line,\n"
      "            66 unreadable file, 69 daemon unreachable\n",
      {"--url", "--token", "--charset", "--cacert"},
      {"--json"}};
  return spec;
}

std::string text_of(const boost::json::value* v) {
  if (v == nullptr || v->is_null()) return "";
  if (v->is_string()) return std::string(v->as_string());
  return boost::json::serialize(*v);
}

// The daemon's answer for a person: what was stored, or every problem one per line.
void print_answer(std::ostream& out, int status, const std::string& body) {
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    out << body << (body.empty() || body.back() == '\n' ? "" : "\n");
    return;
  }
  const auto& o = parsed.as_object();
  if (status / 100 == 2) {
    out << "已入库 " << text_of(o.if_contains("count")) << " 条";
    if (const auto* first = o.if_contains("first_revision")) {
      out << "（修订号 " << text_of(first) << "–" << text_of(o.if_contains("last_revision"))
          << "）";
    }
    if (const auto* skipped = o.if_contains("skipped_rows")) {
      out << "，跳过空行 " << text_of(skipped) << " 行";
    }
    out << "\n";
  } else {
    out << "未入库：整批退回，没有保存任何数据。" << text_of(o.if_contains("error")) << "\n";
  }
  for (const char* list : {"errors", "warnings"}) {
    const auto* items = o.if_contains(list);
    if (items == nullptr || !items->is_array() || items->as_array().empty()) continue;
    out << (std::string_view(list) == "errors" ? "错误" : "提醒（已入库，请核对）") << "：\n";
    for (const auto& item : items->as_array()) {
      if (!item.is_object()) continue;
      const auto& e = item.as_object();
      std::string where = text_of(e.if_contains("location"));
      if (where.empty()) where = "第 " + text_of(e.if_contains("row")) + " 行";
      std::string field = text_of(e.if_contains("field"));
      std::string reason = text_of(e.if_contains("reason_zh"));
      if (reason.empty()) reason = text_of(e.if_contains("reason"));
      out << "  " << where << (field.empty() ? "" : "  " + field) << "  " << reason << "\n";
    }
  }
}

}  // namespace

int run_push(const std::vector<std::string>& args) {
  auto parsed = parse_command_line(spec(), args);
  if (!parsed) return parsed.error();
  if (parsed->positionals.size() != 1) {
    std::cerr << spec().usage;
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
  } else if (path.ends_with(".xlsx")) {
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  } else if (auto charset = parsed->value("--charset")) {
    content_type += "; charset=" + *charset;
  }
  const std::string ca_file = parsed->value("--cacert").value_or(env_or("TARGETWATCH_CACERT", ""));

  auto response = http::post_actuals(url, token, std::move(*body), content_type, ca_file);
  if (!response) {
    std::cerr << "targetwatch push: " << response.error().message << "\n";
    return kExitUnavailable;
  }
  std::ostream& out = response->status / 100 == 2 ? std::cout : std::cerr;
  out << response->status << " " << http::reason_phrase(response->status) << "\n";
  if (parsed->has("--json")) {
    out << response->body << (response->body.empty() || response->body.back() == '\n' ? "" : "\n");
  } else {
    print_answer(out, response->status, response->body);
  }
  return response->status / 100 == 2 ? kExitOk : kExitProblems;
}

}  // namespace targetwatch::cli
