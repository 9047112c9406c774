// The daemon's life cycle around the application core, the HTTP server and the drop folder.
#include "daemon.h"

#include <signal.h>  // NOLINT(modernize-deprecated-headers): sigset_t, pthread_sigmask (POSIX)

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "inbox.h"
#include "memory.h"
#include "sd_notify.h"
#include "targetwatch/core/application.h"
#include "targetwatch/http/api.h"
#include "targetwatch/http/server.h"
#include "targetwatch/store/actuals_store.h"

#ifndef TARGETWATCH_VERSION
#define TARGETWATCH_VERSION "unknown"
#endif

namespace targetwatch::daemon {
namespace {

std::string summary(const Targets& targets) {
  std::size_t projects = 0, indicators = 0;
  for (const Department& d : targets.departments) {
    indicators += d.indicators.size();
    projects += d.projects.size();
    for (const Project& p : d.projects) indicators += p.indicators.size();
  }
  return std::to_string(targets.departments.size()) + " department(s), " +
         std::to_string(projects) + " project(s), " + std::to_string(indicators) + " indicator(s)";
}

// Written to a temporary name and renamed, so a reader never sees a half-written port.
bool write_port_file(const std::string& path, std::uint16_t port) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port << "\n";
    if (!out) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

}  // namespace

int run_daemon(const DaemonOptions& options) {
  core::StderrLogger logger;

  // Signals are taken synchronously by this thread (sigtimedwait) and blocked everywhere else:
  // every thread started below inherits this mask, so no handler runs in a random thread.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  auto loaded = core::load_daemon_config(options.config);
  if (!loaded) {
    for (const std::string& e : loaded.error()) logger.error("config: " + e);
    logger.error("configuration invalid; not starting");
    return kExitConfig;
  }
  for (const std::string& w : loaded->warnings) logger.warning("config: " + w);
  if (const TargetsCacheReport& c = loaded->targets_cache; c.hits + c.misses > 0) {
    logger.info("targets cache: " + std::to_string(c.hits) + " of " +
                std::to_string(c.hits + c.misses) + " file(s) decoded, " +
                std::to_string(c.stored) + " parsed and cached");
  }
  const Settings& settings = *loaded->settings;
  if (options.check_config) {
    std::cout << "configuration OK: " << summary(*loaded->targets) << "; listen " << settings.listen
              << "; store " << settings.store_path << "; " << settings.tokens.size()
              << " token(s)\n";
    return kExitOk;
  }
  auto listen = core::parse_listen(settings.listen);  // validated by load_daemon_config

  // The store's directory is not created here: a mistyped path must fail loudly, not start an
  // empty store somewhere unexpected (systemd's StateDirectory= and run.sh create it).
  // store_url (or --store postgresql://...) selects the shared PostgreSQL store; else SQLite.
  const std::string& where = settings.store_url.empty() ? settings.store_path : settings.store_url;
  const bool postgres = where.starts_with("postgresql://") || where.starts_with("postgres://");
  auto store = postgres ? open_postgres_store(where) : open_sqlite_store(where);
  if (!store) {
    logger.error("store: " + store.error().message);  // the store never names the password
    return kExitFailure;
  }
  logger.info(std::string("store open: ") +
              (postgres ? "PostgreSQL (following other daemons' writes)" : where));

  core::Clock clock = options.today ? core::fixed_date_clock(*options.today) : core::system_clock();
  std::string targets_summary = summary(*loaded->targets);
  auto application =
      core::Application::create(options.config, std::move(loaded).value(), std::move(store).value(),
                                clock, TARGETWATCH_VERSION, logger,
                                /*follow_other_writers=*/postgres);
  if (!application) {
    logger.error(application.error().message);
    return kExitFailure;
  }
  core::Application& app = **application;
  const http::Router router = http::make_api_router(app);
  logger.info("targets loaded: " + targets_summary + "; " + std::to_string(app.record_count()) +
              " stored record(s)" +
              (options.today ? "; evaluating as of " + options.today->iso() + " (--today)" : ""));

  http::ServerOptions server_options;
  server_options.host = listen->host;
  server_options.port = listen->port;
  server_options.threads = settings.threads;
  server_options.limits = settings.limits;
  server_options.tls = {settings.tls_cert_file, settings.tls_key_file, settings.tls_client_ca_file};
  http::Server server(
      server_options, [&router](const http::HttpRequest& r) { return router.route(r); }, logger);
  auto port = server.start();
  if (!port) {
    logger.error(port.error().message);
    return kExitFailure;
  }
  logger.info("listening on " + std::string(settings.tls_cert_file.empty() ? "http" : "https") +
              "://" + server_options.host + ":" + std::to_string(*port) +
              " (targetwatchd " TARGETWATCH_VERSION ")");
  if (!options.port_file.empty() && !write_port_file(options.port_file, *port)) {
    logger.error("cannot write the port file " + options.port_file);
    server.stop();
    return kExitFailure;
  }

  std::optional<Inbox> inbox;
  if (!settings.inbox_dir.empty()) {
    inbox.emplace(settings.inbox_dir, settings.inbox_poll_seconds, settings.inbox_all_departments,
                  app, logger);
    if (auto started = inbox->start(); !started) {
      logger.error("inbox: " + started.error().message);
      server.stop();
      return kExitFailure;
    }
    logger.info("inbox: watching " + settings.inbox_dir + "/inbox/<department>/ every " +
                std::to_string(settings.inbox_poll_seconds) + " s");
  }

  sd_notify("READY=1\nSTATUS=serving on port " + std::to_string(*port));
  auto watchdog = watchdog_ping_interval();
  if (watchdog) sd_notify("WATCHDOG=1");

  // The loop wakes at least every second to give memory freed by transient work (an ingest
  // batch, an evaluation, a rendering) back to the system: glibc keeps it otherwise.
  constexpr std::chrono::microseconds kTrimInterval = std::chrono::seconds(1);
  auto next_ping = std::chrono::steady_clock::now();
  while (true) {
    const auto wait = watchdog ? std::min(*watchdog, kTrimInterval) : kTrimInterval;
    timespec timeout{static_cast<time_t>(wait.count() / 1000000),
                     static_cast<long>(wait.count() % 1000000) * 1000};
    int sig = ::sigtimedwait(&signals, nullptr, &timeout);
    if (sig < 0) {
      if (errno != EAGAIN) continue;
      release_free_memory();
      if (watchdog && std::chrono::steady_clock::now() >= next_ping) {
        sd_notify("WATCHDOG=1");
        next_ping = std::chrono::steady_clock::now() + *watchdog;
      }
      continue;
    }
    if (sig == SIGHUP) {
      logger.info("SIGHUP: reloading the configuration");
      sd_notify_reloading();
      if (app.reload()) {
        const Settings& now = *app.settings();
        // Renewed certificates take effect for new connections; a bad file keeps the old ones.
        if (auto tls =
                server.reload_tls({now.tls_cert_file, now.tls_key_file, now.tls_client_ca_file});
            !tls) {
          logger.error("TLS reload failed, keeping the previous certificate: " +
                       tls.error().message);
        }
      }
      sd_notify("READY=1");
      continue;
    }
    logger.info(std::string(sig == SIGTERM ? "SIGTERM" : "SIGINT") + ": shutting down");
    break;
  }

  sd_notify("STOPPING=1");
  app.set_ready(false);
  server.stop();  // finishes requests in flight
  if (inbox) inbox->stop();
  application->reset();  // closes the store
  logger.info("stopped");
  return kExitOk;
}

}  // namespace targetwatch::daemon
