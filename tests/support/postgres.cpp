// Test PostgreSQL server: finds Debian's server binaries, runs them unprivileged, cleans up.
#include "postgres.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

extern char** environ;

namespace targetwatch::testing {
namespace {

// The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl.
std::filesystem::path find_bin() {
  std::vector<std::filesystem::path> found;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    const auto bin = e.path() / "bin";
    if (std::filesystem::exists(bin / "initdb") && std::filesystem::exists(bin / "pg_ctl")) {
      found.push_back(bin);
    }
  }
  if (found.empty()) return {};
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::stoi(a.parent_path().filename().string()) <
           std::stoi(b.parent_path().filename().string());
  });
  return found.back();
}

// A loopback port nobody listens on right now.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

std::string tail_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream all;
  all << in.rdbuf();
  const std::string s = all.str();
  return s.size() > 1500 ? s.substr(s.size() - 1500) : s;
}

}  // namespace

std::unique_ptr<PostgresServer> PostgresServer::start(std::string& reason, bool durable) {
  std::unique_ptr<PostgresServer> s(new PostgresServer);
  s->durable_ = durable;
  s->bin_ = find_bin();
  if (s->bin_.empty()) {
    reason =
        "PostgreSQL server not installed (no /usr/lib/postgresql/*/bin/initdb; "
        "apt-get install postgresql)";
    return nullptr;
  }
  std::string tmpl = (std::filesystem::temp_directory_path() / "tw-pg-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    reason = "mkdtemp failed";
    return nullptr;
  }
  s->dir_ = tmpl;
  if (::geteuid() == 0) {
    // PostgreSQL refuses to run as root.
    const passwd* pw = ::getpwnam("postgres");
    if (!pw || !std::filesystem::exists("/usr/sbin/runuser")) {
      reason = "running as root, and there is no `postgres` user or no runuser to drop to";
      return nullptr;
    }
    if (::chown(s->dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      reason = "cannot chown " + s->dir_.string() + " to postgres";
      return nullptr;
    }
    s->as_postgres_ = true;
  }
  if (!s->run("initdb",
              {(s->bin_ / "initdb").string(), "-D", (s->dir_ / "data").string(), "-U", "postgres",
               "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"},
              reason)) {
    return nullptr;
  }
  // A port may be taken between free_port() and the server's bind: try a few.
  for (int attempt = 0; attempt < 3; ++attempt) {
    s->port_ = free_port();
    if (s->start_server(reason)) {
      s->start_watchdog();
      return s;
    }
  }
  return nullptr;
}

PostgresServer* PostgresServer::shared(std::string& reason) {
  static std::string failure;
  static std::unique_ptr<PostgresServer> server = start(failure);
  reason = failure;
  return server.get();
}

bool PostgresServer::start_server(std::string& reason) {
  const std::string options = "-p " + std::to_string(port_) + " -k " + dir_.string() +
                              " -c listen_addresses=127.0.0.1 -c max_connections=60" +
                              (durable_ ? "" : " -c fsync=off");
  running_ = run("pg_ctl start",
                 {(bin_ / "pg_ctl").string(), "start", "-w", "-t", "30", "-D",
                  (dir_ / "data").string(), "-l", (dir_ / "server.log").string(), "-o", options},
                 reason);
  if (!running_) reason += "\n" + tail_of(dir_ / "server.log");
  return running_;
}

bool PostgresServer::run(const std::string& what, std::initializer_list<std::string> args,
                         std::string& reason) {
  std::vector<std::string> argv;
  if (as_postgres_) argv = {"/usr/sbin/runuser", "-u", "postgres", "--"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (auto& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  const auto log = (dir_ / "commands.log").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0666);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, raw[0], &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (rc != 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    reason = what + " failed:\n" + tail_of(log);
    return false;
  }
  return true;
}

// A test process that crashes or is killed by ctest's timeout runs no destructor. A small shell
// waits for the end of a pipe only this process holds open, then stops the server and removes
// the directory; after a normal stop it finds nothing left to do.
void PostgresServer::start_watchdog() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return;
  const std::string pg_ctl = (as_postgres_ ? "/usr/sbin/runuser -u postgres -- " : "") +
                             (bin_ / "pg_ctl").string() + " stop -m immediate -D " +
                             (dir_ / "data").string();
  const std::string script = "read _; " + pg_ctl + " >/dev/null 2>&1; rm -rf " + dir_.string();
  std::vector<std::string> argv{"/bin/sh", "-c", script};
  std::vector<char*> raw;
  for (auto& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group: a Ctrl-C or ctest's kill of the test's group leaves it running.
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  pid_t pid = 0;
  if (posix_spawn(&pid, raw[0], &actions, &attr, raw.data(), environ) == 0) {
    watchdog_fd_ = fds[1];
  } else {
    ::close(fds[1]);
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(fds[0]);
}

PostgresServer::~PostgresServer() {
  std::string ignored;
  if (running_) {
    run("pg_ctl stop",
        {(bin_ / "pg_ctl").string(), "stop", "-m", "fast", "-w", "-D", (dir_ / "data").string()},
        ignored);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
  if (watchdog_fd_ >= 0) ::close(watchdog_fd_);
}

std::string PostgresServer::url(const std::string& db) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + db;
}

std::string PostgresServer::create_database() {
  const std::string name = "tw_test_" + std::to_string(++databases_);
  PGconn* c = PQconnectdb(url("postgres").c_str());
  // The name is made here from a counter, never from input: an identifier cannot be a parameter.
  const std::string sql = "CREATE SCHEMA " + name;
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  PQfinish(c);
  return ok ? url("postgres") + "?options=-c%20search_path%3D" + name : std::string();
}

bool PostgresServer::kill_immediately() {
  std::string reason;
  running_ = !run(
      "pg_ctl stop -m immediate",
      {(bin_ / "pg_ctl").string(), "stop", "-m", "immediate", "-w", "-D", (dir_ / "data").string()},
      reason);
  return !running_;
}

bool PostgresServer::restart() {
  std::string reason;
  return start_server(reason);
}

}  // namespace targetwatch::testing
