// `targetwatch token add|list|revoke`: bearer tokens in the settings file (or its tokens_file),
// stored only as SHA-256, edited as text so comments and order survive, then a daemon reload.
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli_support.h"
#include "commands.h"
#include "targetwatch/config/settings.h"
#include "targetwatch/core/sha256.h"
#include "targetwatch/http/client.h"
#include "targetwatch/report/text_width.h"

namespace targetwatch::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: targetwatch token add --name NAME --departments CODE[,CODE...] [--read-only]\n"
    "                             [--may-reload] --settings FILE [--url URL] [--cacert CA.pem]\n"
    "       targetwatch token list --settings FILE\n"
    "       targetwatch token revoke --name NAME --settings FILE [--url URL] [--cacert CA.pem]\n"
    "\n"
    "add: makes a random secret (32 bytes, URL-safe base64), prints it once, and appends a\n"
    "[[token]] table with only its SHA-256 to the settings file, or to the settings'\n"
    "tokens_file (created with mode 0600). --departments \"*\" sees every department;\n"
    "--read-only makes a reading token; may_reload is false unless --may-reload.\n"
    "list: names, departments, read-only, may-reload and the file of each token (never secrets).\n"
    "revoke: removes the token's [[token]] table from its file; every other line is kept.\n"
    "Files are replaced atomically and keep their mode. Afterwards the daemon is asked to\n"
    "reload: with --url (or $TARGETWATCH_URL) and a may_reload token in $TARGETWATCH_TOKEN,\n"
    "by POST URL/-/reload (https verifies against --cacert or $TARGETWATCH_CACERT);\n"
    "otherwise the command says how (systemctl reload targetwatchd, or kill -HUP PID); a "
    "tokens_file\n"
    "under ${CREDENTIALS_DIRECTORY} (systemd LoadCredential=) needs systemctl restart instead.\n"
    "\n"
    "exit codes: 0 done, 1 invalid settings / duplicate or unknown name / reload refused,\n"
    "            64 bad command line, 66 unreadable settings, 69 daemon unreachable,\n"
    "            74 cannot write\n";

const CommandSpec& add_spec() {
  static const CommandSpec spec{"token add",
                                std::string(kUsage),
                                {"--name", "--departments", "--settings", "--url", "--cacert"},
                                {"--read-only", "--may-reload"}};
  return spec;
}
const CommandSpec& list_spec() {
  static const CommandSpec spec{"token list", std::string(kUsage), {"--settings"}, {}};
  return spec;
}
const CommandSpec& revoke_spec() {
  static const CommandSpec spec{
      "token revoke", std::string(kUsage), {"--name", "--settings", "--url", "--cacert"}, {}};
  return spec;
}

// ---- the files ------------------------------------------------------------------------------

// One file that holds [[token]] tables: its text and the tokens it declares, in file order.
struct TokenFile {
  std::string path;
  bool exists = true;
  std::string text;
  std::vector<TokenSetting> tokens;
};

struct TokenFiles {
  TokenFile settings;
  std::optional<TokenFile> tokens_file;  ///< when the settings name one
  /// The daemon reads the tokens file as a systemd credential (tokens_file under
  /// ${CREDENTIALS_DIRECTORY}): systemd copies it only when the service starts.
  bool passed_as_credential = false;
  /// Where `token add` writes.
  TokenFile& target() { return tokens_file ? *tokens_file : settings; }
};

// Whether the settings text gives `key` a value under ${CREDENTIALS_DIRECTORY} (as written, before
// the expansion load_settings does).
bool names_credentials_directory(std::string_view text, std::string_view key) {
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
    if (!line.starts_with(key)) continue;
    line.remove_prefix(key.size());
    line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
    if (!line.starts_with('=')) continue;
    const std::size_t quote = line.find_first_of("\"'");
    return quote != std::string_view::npos &&
           line.substr(quote + 1).starts_with("${CREDENTIALS_DIRECTORY");
  }
  return false;
}

void print_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) std::cerr << d.to_string() << "\n";
}

// Reads the settings (and the tokens_file they name). The whole configuration must be valid as
// the daemon would load it: a broken file is never edited further. The int is the exit code.
Result<TokenFiles, int> read_token_files(const std::string& command,
                                         const std::string& settings_path) {
  std::error_code ec;
  if (!std::filesystem::exists(settings_path, ec)) {
    std::cerr << "targetwatch " << command << ": " << settings_path << ": no such file\n";
    return static_cast<int>(kExitNoInput);
  }
  const SettingsLoad full = load_settings(settings_path);
  if (!full.ok()) {
    print_diagnostics(full.diagnostics);
    std::cerr << "targetwatch " << command
              << ": the settings have errors (above); fix them first, nothing was changed\n";
    return static_cast<int>(kExitProblems);
  }
  TokenFiles files;
  auto text = read_file(settings_path);
  if (!text) {
    std::cerr << "targetwatch " << command << ": " << text.error().message << "\n";
    return static_cast<int>(kExitNoInput);
  }
  files.settings.path = settings_path;
  files.settings.text = std::move(*text);
  // Each file on its own, to know which file declares which token (load_settings merges them).
  files.settings.tokens = parse_settings(files.settings.text, settings_path, "").settings.tokens;
  if (!full.settings.tokens_file.empty()) {
    files.passed_as_credential = names_credentials_directory(files.settings.text, "tokens_file");
    TokenFile& t = files.tokens_file.emplace();
    t.path = full.settings.tokens_file;
    t.exists = std::filesystem::exists(t.path, ec);
    if (t.exists) {
      auto tokens_text = read_file(t.path);
      if (!tokens_text) {
        std::cerr << "targetwatch " << command << ": " << tokens_text.error().message << "\n";
        return static_cast<int>(kExitNoInput);
      }
      t.text = std::move(*tokens_text);
      t.tokens = parse_settings(t.text, t.path, "").settings.tokens;
    }
  }
  return files;
}

// ---- the secret -----------------------------------------------------------------------------

Result<std::string> random_bytes(std::size_t count) {
  std::string out(count, '\0');
  std::size_t done = 0;
  while (done < count) {
    const ssize_t n = ::getrandom(out.data() + done, count - done, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;  // ENOSYS on old kernels: /dev/urandom below
    done += static_cast<std::size_t>(n);
  }
  if (done == count) return out;
  const int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{std::string("no randomness: /dev/urandom: ") + std::strerror(errno)};
  done = 0;
  while (done < count) {
    const ssize_t n = ::read(fd, out.data() + done, count - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return Error{"no randomness: /dev/urandom could not be read"};
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return out;
}

// RFC 4648 section 5, without padding: safe in URLs, headers and shell words.
std::string base64url(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
  return out;
}

// ---- TOML text ------------------------------------------------------------------------------

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// One physical line of a TOML document as `revoke` needs to see it.
struct Line {
  enum class Kind { kBlank, kComment, kHeader, kContent };
  std::size_t begin = 0;  ///< offset of the first byte
  std::size_t end = 0;    ///< offset just past the line break (or the end of the text)
  Kind kind = Kind::kBlank;
  bool array_header = false;      ///< [[...]] rather than [...]
  std::vector<std::string> keys;  ///< a header's dotted key, unquoted
};

// Splits `text` into lines, knowing enough TOML (strings, multi-line strings and arrays) that a
// "[" inside a value is never taken for a table header.
std::vector<Line> scan_lines(std::string_view text) {
  std::vector<Line> lines;
  enum class In { kNothing, kMultiBasic, kMultiLiteral } in = In::kNothing;
  int depth = 0;  // open [ and { of a value
  std::size_t pos = 0;
  while (pos < text.size()) {
    Line line;
    line.begin = pos;
    std::size_t eol = text.find('\n', pos);
    line.end = eol == std::string_view::npos ? text.size() : eol + 1;
    const std::string_view body = text.substr(pos, line.end - pos);
    const bool continued = in != In::kNothing || depth > 0;
    std::size_t i = 0;
    while (i < body.size() && (body[i] == ' ' || body[i] == '\t')) ++i;
    const bool blank = i == body.size() || body[i] == '\n' || body[i] == '\r';
    line.kind = Line::Kind::kContent;  // a key = value line, or a multi-line value going on
    if (!continued && blank) {
      line.kind = Line::Kind::kBlank;
    } else if (!continued && body[i] == '#') {
      line.kind = Line::Kind::kComment;
    } else if (!continued && body[i] == '[') {
      line.kind = Line::Kind::kHeader;
      line.array_header = i + 1 < body.size() && body[i + 1] == '[';
      std::size_t k = i + (line.array_header ? 2 : 1);
      std::string key;
      bool any = false;
      while (k < body.size() && body[k] != ']') {
        const char c = body[k];
        if (c == '"' || c == '\'') {
          any = true;
          for (++k; k < body.size() && body[k] != c; ++k) {
            if (c == '"' && body[k] == '\\' && k + 1 < body.size()) ++k;
            key += body[k];
          }
          ++k;
        } else if (c == '.') {
          line.keys.push_back(key);
          key.clear();
          any = false;
          ++k;
        } else {
          if (c != ' ' && c != '\t') {
            key += c;
            any = true;
          }
          ++k;
        }
      }
      if (any || !key.empty()) line.keys.push_back(key);
      lines.push_back(std::move(line));
      pos = lines.back().end;
      continue;  // a header line holds nothing else but a comment
    }
    // Follow strings and brackets to know the state at the start of the next line.
    for (std::size_t k = 0; k < body.size(); ++k) {
      const char c = body[k];
      if (in == In::kMultiBasic) {
        if (c == '\\') {
          ++k;
        } else if (body.substr(k, 3) == R"(""")") {
          in = In::kNothing;
          k += 2;
        }
      } else if (in == In::kMultiLiteral) {
        if (body.substr(k, 3) == "'''") {
          in = In::kNothing;
          k += 2;
        }
      } else if (c == '#') {
        break;
      } else if (body.substr(k, 3) == R"(""")") {
        in = In::kMultiBasic;
        k += 2;
      } else if (body.substr(k, 3) == "'''") {
        in = In::kMultiLiteral;
        k += 2;
      } else if (c == '"' || c == '\'') {
        for (++k; k < body.size() && body[k] != c && body[k] != '\n'; ++k) {
          if (c == '"' && body[k] == '\\') ++k;
        }
      } else if (c == '[' || c == '{') {
        ++depth;
      } else if ((c == ']' || c == '}') && depth > 0) {
        --depth;
      }
    }
    lines.push_back(std::move(line));
    pos = lines.back().end;
  }
  return lines;
}

bool is_token_header(const Line& line) {
  return line.kind == Line::Kind::kHeader && line.array_header &&
         line.keys == std::vector<std::string>{"token"};
}

// The byte range of the `index`-th [[token]] table of `text`: its header through its last
// line, plus the comment lines right after it (a commented-out key) unless they introduce the
// next table, plus the blank lines that separated it from what follows. At the end of the file
// the blank lines before it go instead, so the file does not grow a trailing gap. Comments
// above the header stay: they may describe tokens in general.
Result<std::pair<std::size_t, std::size_t>> token_table_range(std::string_view text,
                                                              std::size_t index,
                                                              std::size_t token_count) {
  const std::vector<Line> lines = scan_lines(text);
  std::vector<std::size_t> headers;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (is_token_header(lines[i])) headers.push_back(i);
  }
  if (headers.size() != token_count) {
    return Error{"the tokens are not all written as [[token]] tables; edit the file by hand"};
  }
  const std::size_t h = headers[index];
  std::size_t next = h + 1;
  while (next < lines.size() && lines[next].kind != Line::Kind::kHeader) ++next;
  if (next < lines.size() && !lines[next].keys.empty() && lines[next].keys[0] == "token" &&
      !is_token_header(lines[next])) {
    return Error{"the token's table is followed by a [token.*] sub-table; edit the file by hand"};
  }
  std::size_t last = h;  // last content line of the table
  for (std::size_t i = h + 1; i < next; ++i) {
    if (lines[i].kind == Line::Kind::kContent) last = i;
  }
  std::size_t end = last + 1;
  std::size_t comments = end;
  while (comments < next && lines[comments].kind == Line::Kind::kComment) ++comments;
  if (comments == lines.size() || lines[comments].kind == Line::Kind::kBlank) end = comments;
  std::size_t after = end;
  while (after < lines.size() && lines[after].kind == Line::Kind::kBlank) ++after;
  std::size_t first = h;
  if (after == lines.size()) {
    while (first > 0 && lines[first - 1].kind == Line::Kind::kBlank) --first;
  }
  const std::size_t from = lines[first].begin;
  const std::size_t to = after == lines.size() ? text.size() : lines[after].begin;
  return std::pair{from, to};
}

// ---- reload ---------------------------------------------------------------------------------

// Asks the daemon to reload, or says how. The int is the exit code.
int reload_step(const std::string& command, const ParsedArgs& args, bool restart_needed) {
  if (restart_needed) {
    // A reload would re-read systemd's copy, made when the service started: only a restart
    // passes the changed file.
    std::cout << "令牌文件经 systemd 凭据（LoadCredential=）传给守护进程，凭据只在服务启动时复制："
                 "请执行 systemctl restart targetwatchd 使其生效（reload 不够）。\n";
    return kExitOk;
  }
  std::string base = args.value("--url").value_or(env_or("TARGETWATCH_URL", ""));
  const std::string token = env_or("TARGETWATCH_TOKEN", "");
  if (base.empty() || token.empty()) {
    std::cout << "守护进程运行时须重新加载配置才生效：systemctl reload targetwatchd，或 kill -HUP "
                 "<targetwatchd 的 PID>";
    if (!base.empty()) std::cout << "（或设置 TARGETWATCH_TOKEN 为可重载的令牌后重试）";
    std::cout << "。\n";
    return kExitOk;
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  http::ClientRequest request;
  request.method = "POST";
  request.url = base + "/-/reload";
  request.headers.emplace_back("Authorization", "Bearer " + token);
  request.ca_file = args.value("--cacert").value_or(env_or("TARGETWATCH_CACERT", ""));
  auto response = http::send_request(request);
  if (!response) {
    std::cerr << "targetwatch " << command << ": " << response.error().message
              << "\n文件已修改，但未能通知守护进程；请执行 systemctl reload targetwatchd。\n";
    return kExitUnavailable;
  }
  if (response->status != 200) {
    std::cerr << "targetwatch " << command << ": reload refused: " << response->status << " "
              << http::reason_phrase(response->status) << " " << response->body
              << "\n文件已修改，但守护进程没有重新加载；请检查后执行 systemctl reload "
                 "targetwatchd。\n";
    return kExitProblems;
  }
  std::cout << "守护进程已重新加载配置（" << request.url << "）。\n";
  return kExitOk;
}

// ---- the subcommands ------------------------------------------------------------------------

Result<std::vector<std::string>> parse_departments(const std::string& list) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= list.size()) {
    std::size_t comma = list.find(',', pos);
    if (comma == std::string::npos) comma = list.size();
    std::string code = list.substr(pos, comma - pos);
    code.erase(0, code.find_first_not_of(" \t"));
    code.erase(code.find_last_not_of(" \t") + 1);
    if (code.empty()) return Error{"--departments: empty department code in '" + list + "'"};
    if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
    pos = comma + 1;
  }
  if (out.size() > 1 && std::find(out.begin(), out.end(), "*") != out.end()) {
    return Error{"--departments: \"*\" already means every department; give it alone"};
  }
  return out;
}

int run_add(const std::vector<std::string>& argv) {
  auto args = parse_command_line(add_spec(), argv);
  if (!args) return args.error();
  const auto name = args->value("--name");
  const auto departments_arg = args->value("--departments");
  const auto settings = args->value("--settings");
  if (!name || name->empty() || !departments_arg || !settings || !args->positionals.empty()) {
    std::cerr << "targetwatch token add: --name, --departments and --settings are required\n";
    return kExitUsage;
  }
  if (args->has("--read-only") && args->has("--may-reload")) {
    std::cerr << "targetwatch token add: a --read-only token cannot reload (POST /-/reload is a "
                 "write)\n";
    return kExitUsage;
  }
  auto departments = parse_departments(*departments_arg);
  if (!departments) {
    std::cerr << "targetwatch token add: " << departments.error().message << "\n";
    return kExitUsage;
  }
  auto files = read_token_files("token add", *settings);
  if (!files) return files.error();
  for (const TokenFile* f :
       {&files->settings, files->tokens_file ? &*files->tokens_file : nullptr}) {
    if (f == nullptr) continue;
    for (const TokenSetting& t : f->tokens) {
      if (t.name == *name) {
        std::cerr << "targetwatch token add: a token named '" << *name << "' already exists in "
                  << f->path << "; revoke it first or choose another name\n";
        return kExitProblems;
      }
    }
  }
  auto secret_bytes = random_bytes(32);
  if (!secret_bytes) {
    std::cerr << "targetwatch token add: " << secret_bytes.error().message << "\n";
    return kExitIoError;
  }
  // The daemon hashes the bearer text it receives, so the hash is of the printed secret.
  const std::string secret = base64url(*secret_bytes);
  const std::string hash = core::sha256_hex(secret);

  TokenFile& target = files->target();
  const std::string eol = target.text.find("\r\n") != std::string::npos ? "\r\n" : "\n";
  std::string text = target.text;
  if (!text.empty() && text.back() != '\n') text += eol;
  if (!text.empty()) text += eol;
  std::string list;
  for (const std::string& d : *departments) list += (list.empty() ? "" : ", ") + toml_string(d);
  text += "[[token]]" + eol + "# added by targetwatch token add on " + today_iso() + eol +
          "name = " + toml_string(*name) + eol + "sha256 = \"" + hash + "\"" + eol +
          "departments = [" + list + "]" + eol +
          "read_only = " + (args->has("--read-only") ? "true" : "false") + eol +
          "may_reload = " + (args->has("--may-reload") ? "true" : "false") + eol;
  // What would the daemon say? An inline `token = [...]` elsewhere, say, cannot take a table.
  const SettingsLoad check = parse_settings(text, target.path, "");
  if (!check.ok()) {
    print_diagnostics(check.diagnostics);
    std::cerr << "targetwatch token add: " << target.path
              << " would not be valid with the new table; nothing was changed\n";
    return kExitProblems;
  }
  if (auto written = write_file_atomically(target.path, text, 0600); !written) {
    std::cerr << "targetwatch token add: " << written.error().message << "\n";
    return kExitIoError;
  }
  std::cout << "已添加令牌 " << *name << "（部门 " << *departments_arg << "，"
            << (args->has("--read-only") ? "只读" : "可读写") << "，"
            << (args->has("--may-reload") ? "可重载配置" : "不可重载配置") << "）到 " << target.path
            << (target.exists ? "" : "（新建，权限 0600）") << "。\n"
            << "密钥只显示这一次，请立即交给使用者；文件中只保存它的 SHA-256：\n"
            << "secret: " << secret << "\n"
            << "sha256: " << hash << "\n";
  return reload_step("token add", *args, files->passed_as_credential);
}

int run_list(const std::vector<std::string>& argv) {
  auto args = parse_command_line(list_spec(), argv);
  if (!args) return args.error();
  const auto settings = args->value("--settings");
  if (!settings || !args->positionals.empty()) {
    std::cerr << "targetwatch token list: --settings is required\n";
    return kExitUsage;
  }
  auto files = read_token_files("token list", *settings);
  if (!files) return files.error();
  std::vector<std::vector<std::string>> rows{{"名称", "部门", "只读", "可重载", "文件"}};
  for (const TokenFile* f :
       {&files->settings, files->tokens_file ? &*files->tokens_file : nullptr}) {
    if (f == nullptr) continue;
    for (const TokenSetting& t : f->tokens) {
      std::string departments;
      for (const std::string& d : t.departments)
        departments += (departments.empty() ? "" : ",") + d;
      rows.push_back(
          {t.name, departments, t.read_only ? "是" : "否", t.may_reload ? "是" : "否", f->path});
    }
  }
  if (rows.size() == 1) {
    std::cout << "没有令牌。\n";
    return kExitOk;
  }
  std::vector<int> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - display_width(row[c]) + 2, ' ');
    }
    std::cout << line << "\n";
  }
  return kExitOk;
}

int run_revoke(const std::vector<std::string>& argv) {
  auto args = parse_command_line(revoke_spec(), argv);
  if (!args) return args.error();
  const auto name = args->value("--name");
  const auto settings = args->value("--settings");
  if (!name || name->empty() || !settings || !args->positionals.empty()) {
    std::cerr << "targetwatch token revoke: --name and --settings are required\n";
    return kExitUsage;
  }
  auto files = read_token_files("token revoke", *settings);
  if (!files) return files.error();
  for (TokenFile* f : {&files->settings, files->tokens_file ? &*files->tokens_file : nullptr}) {
    if (f == nullptr) continue;
    const auto it = std::find_if(f->tokens.begin(), f->tokens.end(),
                                 [&](const TokenSetting& t) { return t.name == *name; });
    if (it == f->tokens.end()) continue;
    const auto index = static_cast<std::size_t>(it - f->tokens.begin());
    auto range = token_table_range(f->text, index, f->tokens.size());
    if (!range) {
      std::cerr << "targetwatch token revoke: " << f->path << ": " << range.error().message
                << "; nothing was changed\n";
      return kExitProblems;
    }
    const std::string text = f->text.substr(0, range->first) + f->text.substr(range->second);
    // The edit must remove exactly that token and leave the file valid.
    const SettingsLoad check = parse_settings(text, f->path, "");
    std::vector<std::string> expected, now;
    for (const TokenSetting& t : f->tokens) {
      if (t.name != *name) expected.push_back(t.name);
    }
    for (const TokenSetting& t : check.settings.tokens) now.push_back(t.name);
    if (!check.ok() || now != expected) {
      print_diagnostics(check.diagnostics);
      std::cerr << "targetwatch token revoke: could not cut the table of '" << *name << "' out of "
                << f->path << " cleanly; edit it by hand. Nothing was changed\n";
      return kExitProblems;
    }
    if (auto written = write_file_atomically(f->path, text, 0600); !written) {
      std::cerr << "targetwatch token revoke: " << written.error().message << "\n";
      return kExitIoError;
    }
    std::cout << "已吊销令牌 " << *name << "（已从 " << f->path << " 删除）。\n";
    return reload_step("token revoke", *args, files->passed_as_credential);
  }
  std::cerr << "targetwatch token revoke: no token named '" << *name << "' in " << *settings
            << (files->tokens_file ? " or " + files->tokens_file->path : std::string()) << "\n";
  return kExitProblems;
}

}  // namespace

int run_token(const std::vector<std::string>& args) {
  const std::vector<std::string> rest(args.empty() ? args.begin() : args.begin() + 1, args.end());
  const std::string sub = args.empty() ? "" : args.front();
  if (sub == "add") return run_add(rest);
  if (sub == "list") return run_list(rest);
  if (sub == "revoke") return run_revoke(rest);
  if (sub == "-h" || sub == "--help" || sub == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  std::cerr << (sub.empty() ? "targetwatch token: missing subcommand\n\n"
                            : "targetwatch token: unknown subcommand '" + sub + "'\n\n")
            << kUsage;
  return kExitUsage;
}

}  // namespace targetwatch::cli
