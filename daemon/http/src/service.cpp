// Service: configuration and actuals state, the cached evaluation, and the API handlers.
#include "targetwatch/http/service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <ctime>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "targetwatch/evaluate/actuals_index.h"
#include "targetwatch/http/auth.h"
#include "targetwatch/http/router.h"
#include "targetwatch/ingest/ingest.h"
#include "targetwatch/metrics/exporter.h"
#include "targetwatch/report/readable_json.h"
#include "targetwatch/report/snapshot_json.h"
#include "targetwatch/store/actuals_store.h"

namespace targetwatch::http {
namespace {

namespace json = boost::json;

std::string iso_utc(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
  std::int64_t secs = unix_seconds - days * 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return Date::from_days(static_cast<std::int32_t>(days)).iso() + buf;
}

json::object error_entry(std::size_t row, std::string_view field, std::string_view reason) {
  return json::object{{"row", row}, {"field", field}, {"reason", reason}};
}

std::string errors_json(const IngestErrors& errors) {
  json::array list;
  for (const IngestError& e : errors) list.push_back(error_entry(e.row, e.field, e.reason));
  return json::serialize(json::object{{"errors", std::move(list)}});
}

std::vector<std::string> error_lines(const IngestErrors& errors) {
  std::vector<std::string> lines;
  for (const IngestError& e : errors) {
    std::string line = "row " + std::to_string(e.row);
    if (!e.field.empty()) line += ", field " + e.field;
    line += ": " + e.reason;
    lines.push_back(std::move(line));
  }
  return lines;
}

IngestOutcome rejected(int status, IngestErrors errors) {
  IngestOutcome out;
  out.status = status;
  out.json = errors_json(errors);
  out.error_lines = error_lines(errors);
  return out;
}

json::object revision_json(const ActualRecord& r) {
  json::object o{{"revision", r.revision},
                 {"value", r.value},
                 {"mode", to_string(r.mode)},
                 {"source", r.source},
                 {"received", iso_utc(r.received_unix)}};
  if (!r.unit.empty()) o["unit"] = r.unit;
  if (!r.note.empty()) o["note"] = r.note;
  if (!r.cause.empty()) o["cause"] = r.cause;
  if (!r.likelihood.empty()) o["likelihood"] = r.likelihood;
  if (r.forecast) o["forecast"] = *r.forecast;
  if (!r.measure.empty()) o["measure"] = r.measure;
  return o;
}

HttpResponse unauthorized(std::string_view message) {
  HttpResponse r = HttpResponse::json_error(401, message);
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"targetwatch\"");
  return r;
}

}  // namespace

Clock system_clock() {
  return Clock{[] {
                 std::time_t now = std::time(nullptr);
                 std::tm local{};
                 ::localtime_r(&now, &local);
                 return Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
               },
               [] { return static_cast<std::int64_t>(std::time(nullptr)); }};
}

Clock fixed_date_clock(Date today) {
  Clock clock = system_clock();
  clock.today = [today] { return today; };
  return clock;
}

struct Service::Impl {
  ConfigSource source;
  Clock clock;
  Logger* logger = nullptr;
  std::unique_ptr<ActualsStore> store;
  std::unique_ptr<metrics::Exporter> exporter;
  Router router;

  mutable std::mutex mu;  // guards everything below
  DaemonConfig config;
  std::uint64_t config_gen = 1;
  std::vector<ActualRecord> stored_records;  // every stored revision
  std::uint64_t data_gen = 1;
  std::shared_ptr<const ActualsIndex> index;
  std::uint64_t index_gen = 0;
  std::shared_ptr<const Evaluation> cached;
  std::uint64_t cached_config_gen = 0;
  std::uint64_t cached_data_gen = 0;
  Date cached_date;
  bool ready = true;
  ReportRenderer report;

  std::mutex recompute_mu;
  std::mutex reload_mu;  // one recomputation at a time; others wait and reuse it

  struct Snapshot {
    DaemonConfig config;
    std::shared_ptr<const ActualsIndex> index;
  };

  // The current configuration and an index of every record (rebuilt when data changed).
  Snapshot snapshot() {
    std::vector<ActualRecord> copy;
    std::uint64_t gen = 0;
    {
      std::lock_guard lock(mu);
      if (index && index_gen == data_gen) return Snapshot{config, index};
      copy = stored_records;
      gen = data_gen;
    }
    auto built = std::make_shared<const ActualsIndex>(std::move(copy));
    std::lock_guard lock(mu);
    if (index_gen < gen) {
      index = built;
      index_gen = gen;
    }
    return Snapshot{config, index};
  }

  std::shared_ptr<const Evaluation> evaluation() {
    Date today = clock.today();
    auto fresh = [&] {
      return cached && cached_config_gen == config_gen && cached_data_gen == data_gen &&
             cached_date == today;
    };
    {
      std::lock_guard lock(mu);
      if (fresh()) return cached;
    }
    std::lock_guard single(recompute_mu);
    std::uint64_t cgen = 0, dgen = 0;
    {
      std::lock_guard lock(mu);
      if (fresh()) return cached;
      cgen = config_gen;
      dgen = data_gen;
    }
    Snapshot snap = snapshot();
    auto result = std::make_shared<const Evaluation>(
        evaluate(snap.config.targets, *snap.index, today, snap.config.settings->evaluation));
    std::lock_guard lock(mu);
    // Data may have arrived meanwhile; then the next caller recomputes again.
    cached = result;
    cached_config_gen = cgen;
    cached_data_gen = std::min(dgen, index_gen);
    cached_date = today;
    return result;
  }

  DaemonConfig current_config() const {
    std::lock_guard lock(mu);
    return config;
  }

  // Authentication of a request. Returns the token, or nullptr with `denied` set.
  const TokenSetting* authenticate(const HttpRequest& req, const Settings& settings,
                                   std::optional<HttpResponse>& denied) const {
    auto header = req.header("authorization");
    if (!header) {
      denied = unauthorized("missing bearer token (Authorization: Bearer <token>)");
      return nullptr;
    }
    auto secret = bearer_token(*header);
    const TokenSetting* token = secret ? find_token(settings.tokens, *secret) : nullptr;
    if (token == nullptr) denied = unauthorized("invalid bearer token");
    return token;
  }

  // For reads: a token only when the settings require one.
  std::optional<HttpResponse> check_read_access(const HttpRequest& req) const {
    auto settings = current_config().settings;
    if (!settings->metrics_require_token) return std::nullopt;
    std::optional<HttpResponse> denied;
    authenticate(req, *settings, denied);
    return denied;
  }

  HttpResponse handle_metrics(const HttpRequest& req) {
    if (auto denied = check_read_access(req)) return *denied;
    HttpResponse r = HttpResponse::text(200, exporter->scrape());
    r.content_type = std::string(metrics::kExpositionContentType);
    return r;
  }

  HttpResponse handle_readyz(const HttpRequest& req) {
    if (auto denied = check_read_access(req)) return *denied;
    std::lock_guard lock(mu);
    if (!ready) return HttpResponse::text(503, "not ready: shutting down\n");
    if (!config.targets || !store) return HttpResponse::text(503, "not ready\n");
    return HttpResponse::text(200, "ready\n");
  }

  Result<Date, HttpResponse> requested_date(const HttpRequest& req) {
    auto as_of = req.query_param("as_of");
    if (!as_of) return clock.today();
    auto date = Date::parse(*as_of);
    if (!date) {
      return HttpResponse::json_error(
          400, "as_of must be a date YYYY-MM-DD, got '" + std::string(*as_of) + "'");
    }
    return *date;
  }

  std::shared_ptr<const Evaluation> evaluation_at(Date date) {
    if (date == clock.today()) return evaluation();
    Snapshot snap = snapshot();
    return std::make_shared<const Evaluation>(
        evaluate(snap.config.targets, *snap.index, date, snap.config.settings->evaluation));
  }

  HttpResponse handle_status(const HttpRequest& req) {
    if (auto denied = check_read_access(req)) return *denied;
    auto date = requested_date(req);
    if (!date) return date.error();
    const auto evaluation = evaluation_at(*date);
    const WarningPolicy policy = current_config().settings->warnings;
    return HttpResponse::json(200,
                              snapshot_to_json(*evaluation, compute_lamps(*evaluation, policy)));
  }

  HttpResponse handle_report(const HttpRequest& req) {
    if (auto denied = check_read_access(req)) return *denied;
    ReportRenderer renderer;
    {
      std::lock_guard lock(mu);
      renderer = report;
    }
    if (!renderer) return HttpResponse::json_error(501, "the report is not available yet");
    auto date = requested_date(req);
    if (!date) return date.error();
    Snapshot snap = snapshot();
    std::shared_ptr<const Evaluation> evaluation =
        *date == clock.today()
            ? this->evaluation()
            : std::make_shared<const Evaluation>(evaluate(snap.config.targets, *snap.index, *date,
                                                          snap.config.settings->evaluation));
    ReportContext context{
        req, *date, snap.config.settings, snap.config.targets, snap.index, std::move(evaluation)};
    return renderer(context);
  }

  HttpResponse handle_get_actuals(const HttpRequest& req) {
    auto settings = current_config().settings;
    const TokenSetting* reader = nullptr;
    if (settings->metrics_require_token || req.header("authorization")) {
      std::optional<HttpResponse> denied;
      reader = authenticate(req, *settings, denied);
      if (denied) return *denied;
    }
    ActualsQuery query;
    if (auto v = req.query_param("department")) query.department = std::string(*v);
    if (auto v = req.query_param("project")) query.project = std::string(*v);
    if (auto v = req.query_param("indicator")) query.indicator = std::string(*v);
    auto rows = store->read(query);
    if (!rows) {
      logger->error("store read failed: " + rows.error().message);
      return HttpResponse::json_error(500, "store read failed");
    }
    using Key = std::tuple<std::string, std::string, std::string, Date>;
    std::map<Key, std::vector<const ActualRecord*>> groups;
    for (const ActualRecord& r : *rows) {
      if (reader != nullptr && !token_allows(*reader, r.department)) continue;
      groups[Key{r.department, r.project, r.indicator, r.as_of}].push_back(&r);
    }
    json::array list;
    for (auto& [key, revisions] : groups) {
      std::sort(
          revisions.begin(), revisions.end(),
          [](const ActualRecord* a, const ActualRecord* b) { return a->revision < b->revision; });
      json::object o = revision_json(*revisions.back());
      o["department"] = std::get<0>(key);
      o["project"] = std::get<1>(key);
      o["indicator"] = std::get<2>(key);
      o["as_of"] = std::get<3>(key).iso();
      json::array history;
      for (const ActualRecord* r : revisions) history.push_back(revision_json(*r));
      o["revisions"] = std::move(history);
      list.push_back(std::move(o));
    }
    return HttpResponse::json(200, serialize_readable(json::object{{"count", list.size()},
                                                                   {"actuals", std::move(list)}}));
  }

  HttpResponse handle_post_actuals(const HttpRequest& req) {
    HttpResponse response = post_actuals(req);
    exporter->count_ingest_request(response.status);
    return response;
  }

  HttpResponse post_actuals(const HttpRequest& req) {
    auto settings = current_config().settings;
    std::optional<HttpResponse> denied;
    const TokenSetting* token = authenticate(req, *settings, denied);
    if (denied) return *denied;
    MediaType media = parse_media_type(req.header("content-type").value_or(""));
    BodyFormat format;
    if (media.type == "application/json") {
      format = BodyFormat::kJson;
    } else if (media.type == "text/csv" || media.type == "application/csv" ||
               media.type == "application/vnd.ms-excel") {  // what Windows browsers send for .csv
      format = BodyFormat::kCsv;
    } else {
      return HttpResponse::json(
          415, errors_json({IngestError{
                   0, "Content-Type",
                   "expected application/json or text/csv, got '" + media.type + "'"}}));
    }
    IngestOutcome outcome = ingest(req.body, format, media.param("charset").value_or(""),
                                   token->name, token->departments);
    return HttpResponse::json(outcome.status, std::move(outcome.json));
  }

  HttpResponse handle_reload(const HttpRequest& req) {
    auto settings = current_config().settings;
    std::optional<HttpResponse> denied;
    const TokenSetting* token = authenticate(req, *settings, denied);
    if (denied) return *denied;
    if (!token->may_reload) {
      return HttpResponse::json_error(403, "token '" + token->name + "' may not reload");
    }
    logger->info("reload requested by token '" + token->name + "'");
    ConfigErrors errors;
    if (do_reload(&errors)) return HttpResponse::json(200, "{\"reloaded\":true}");
    json::array list;
    for (const std::string& e : errors) list.push_back(json::string(e));
    return HttpResponse::json(
        500, json::serialize(json::object{{"reloaded", false}, {"errors", std::move(list)}}));
  }

  bool do_reload(ConfigErrors* errors_out) {
    std::lock_guard serial(reload_mu);  // SIGHUP and POST /-/reload may coincide
    auto loaded = load_daemon_config(source);
    if (!loaded) {
      logger->error("reload failed; keeping the previous configuration (" +
                    std::to_string(loaded.error().size()) + " problem(s))");
      for (const std::string& e : loaded.error()) logger->error("reload: " + e);
      exporter->set_reload_result(false, clock.now_unix());
      if (errors_out) *errors_out = loaded.error();
      return false;
    }
    for (const std::string& w : loaded->warnings) logger->warning("config: " + w);
    DaemonConfig fresh = std::move(loaded).value();
    {
      std::lock_guard lock(mu);
      const Settings& old = *config.settings;
      const Settings& now = *fresh.settings;
      if (old.listen != now.listen || old.store_path != now.store_path ||
          old.threads != now.threads || old.inbox_dir != now.inbox_dir) {
        logger->warning(
            "reload: listen, store, threads and inbox changes take effect at the next restart");
      }
      config = std::move(fresh);
      ++config_gen;
      exporter->set_warning_policy(config.settings->warnings);
    }
    exporter->set_reload_result(true, clock.now_unix());
    std::size_t departments = current_config().targets->departments.size();
    logger->info("configuration reloaded: " + std::to_string(departments) + " department(s)");
    return true;
  }

  // Departments a record may belong to: its own, else those having its project code.
  static std::vector<std::string> departments_of(const ActualRecord& r, const Targets& targets) {
    if (!r.department.empty()) return {r.department};
    std::vector<std::string> out;
    for (const Department& d : targets.departments) {
      for (const Project& p : d.projects) {
        if (p.code == r.project) {
          out.push_back(d.code);
          break;
        }
      }
    }
    return out;
  }

  IngestOutcome ingest(std::string_view body, BodyFormat format, std::string_view charset,
                       const std::string& source_name, const std::vector<std::string>& scope) {
    IngestOutcome outcome = ingest_unlogged(body, format, charset, source_name, scope);
    if (outcome.status == 200) {
      exporter->count_ingest_records("accepted", outcome.count);
    } else {
      logger->warning(
          "ingest from '" + source_name + "' rejected (" + std::to_string(outcome.status) + "): " +
          (outcome.error_lines.empty() ? std::string("no detail") : outcome.error_lines.front()) +
          (outcome.error_lines.size() > 1
               ? " (+" + std::to_string(outcome.error_lines.size() - 1) + " more)"
               : ""));
    }
    return outcome;
  }

  IngestOutcome ingest_unlogged(std::string_view body, BodyFormat format, std::string_view charset,
                                const std::string& source_name,
                                const std::vector<std::string>& scope) {
    DaemonConfig cfg = current_config();
    Result<ParsedActuals, IngestErrors> parsed = IngestErrors{};
    if (format == BodyFormat::kCsv) {
      auto text = to_utf8(body, parse_charset(charset));
      if (!text) return rejected(400, {IngestError{0, "", text.error().message}});
      parsed = parse_actuals_csv(*text);
    } else {
      parsed = parse_actuals_json(body);
    }
    if (!parsed) {
      std::set<std::size_t> rows;
      for (const IngestError& e : parsed.error()) rows.insert(e.row);
      exporter->count_ingest_records("rejected", rows.size());
      return rejected(400, std::move(parsed).error());
    }
    ParsedActuals actuals = std::move(parsed).value();
    std::vector<ActualRecord>& batch = actuals.records;
    const std::size_t limit = cfg.settings->limits.max_records_per_batch;
    if (batch.size() > limit) {
      exporter->count_ingest_records("rejected", batch.size());
      return rejected(413,
                      {IngestError{0, "",
                                   "batch of " + std::to_string(batch.size()) +
                                       " records exceeds the limit of " + std::to_string(limit)}});
    }
    IngestErrors scope_errors;
    TokenSetting scope_token;
    scope_token.departments = scope;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      auto departments = departments_of(batch[i], *cfg.targets);
      if (departments.empty()) continue;  // unknown project: validation reports it
      bool allowed = std::any_of(departments.begin(), departments.end(),
                                 [&](const auto& d) { return token_allows(scope_token, d); });
      if (!allowed) {
        scope_errors.push_back(IngestError{i < actuals.rows.size() ? actuals.rows[i] : i,
                                           batch[i].department.empty() ? "project" : "department",
                                           "department " + departments.front() +
                                               " is outside the scope of '" + source_name + "'"});
      }
    }
    if (!scope_errors.empty()) {
      exporter->count_ingest_records("rejected", batch.size());
      return rejected(403, std::move(scope_errors));
    }
    auto valid = validate_actuals(actuals, *cfg.targets, {"*"});
    if (!valid) {
      exporter->count_ingest_records("rejected", batch.size());
      return rejected(422, std::move(valid).error());
    }
    IngestOutcome out;
    if (batch.empty()) {
      out.json = json::serialize(json::object{{"count", 0}});
      return out;
    }
    auto receipt = store->append(batch, source_name);
    if (!receipt) {
      logger->error("store append failed for '" + source_name + "': " + receipt.error().message);
      return rejected(500, {IngestError{0, "",
                                        "the store could not save the batch; nothing "
                                        "was stored, try again"}});
    }
    std::int64_t now = clock.now_unix();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i].revision = receipt->first_revision + static_cast<std::int64_t>(i);
      batch[i].source = source_name;
      batch[i].received_unix = now;
    }
    std::int64_t last = receipt->first_revision + static_cast<std::int64_t>(batch.size()) - 1;
    {
      std::lock_guard lock(mu);
      stored_records.insert(stored_records.end(), std::make_move_iterator(batch.begin()),
                            std::make_move_iterator(batch.end()));
      ++data_gen;
    }
    logger->info("stored " + std::to_string(receipt->count) + " record(s) from '" + source_name +
                 "' as revisions " + std::to_string(receipt->first_revision) + ".." +
                 std::to_string(last));
    out.count = receipt->count;
    out.json = json::serialize(json::object{{"count", receipt->count},
                                            {"first_revision", receipt->first_revision},
                                            {"last_revision", last}});
    return out;
  }

  void build_router() {
    router.add("GET", "/metrics", [this](const HttpRequest& r) { return handle_metrics(r); });
    router.add("GET", "/healthz", [this](const HttpRequest& r) {
      if (auto denied = check_read_access(r)) return *denied;
      return HttpResponse::text(200, "ok\n");
    });
    router.add("GET", "/readyz", [this](const HttpRequest& r) { return handle_readyz(r); });
    router.add("GET", "/api/v1/status", [this](const HttpRequest& r) { return handle_status(r); });
    router.add("GET", "/api/v1/actuals",
               [this](const HttpRequest& r) { return handle_get_actuals(r); });
    router.add("POST", "/api/v1/actuals",
               [this](const HttpRequest& r) { return handle_post_actuals(r); });
    router.add("GET", "/report", [this](const HttpRequest& r) { return handle_report(r); });
    router.add("POST", "/-/reload", [this](const HttpRequest& r) { return handle_reload(r); });
  }
};

Service::Service(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Service::~Service() = default;

Result<std::unique_ptr<Service>> Service::create(ConfigSource source, DaemonConfig config,
                                                 std::unique_ptr<ActualsStore> store, Clock clock,
                                                 std::string version, Logger& logger) {
  auto impl = std::make_unique<Impl>();
  auto rows = store->read({});
  if (!rows) return Error{"cannot read the store: " + rows.error().message};
  impl->source = std::move(source);
  impl->clock = std::move(clock);
  impl->logger = &logger;
  impl->store = std::move(store);
  impl->config = std::move(config);
  impl->stored_records = std::move(rows).value();
  Impl* raw = impl.get();
  impl->exporter =
      std::make_unique<metrics::Exporter>(std::move(version), [raw] { return raw->evaluation(); });
  impl->exporter->set_reload_result(true, impl->clock.now_unix());
  impl->exporter->set_warning_policy(impl->config.settings->warnings);
  impl->build_router();
  return std::unique_ptr<Service>(new Service(std::move(impl)));
}

HttpResponse Service::handle(const HttpRequest& request) { return impl_->router.route(request); }

IngestOutcome Service::ingest(std::string_view body, BodyFormat format, std::string_view charset,
                              const std::string& source,
                              const std::vector<std::string>& departments) {
  return impl_->ingest(body, format, charset, source, departments);
}

bool Service::reload() { return impl_->do_reload(nullptr); }

std::shared_ptr<const Evaluation> Service::evaluation() { return impl_->evaluation(); }

std::shared_ptr<const Settings> Service::settings() const {
  return impl_->current_config().settings;
}

std::shared_ptr<const Targets> Service::targets() const { return impl_->current_config().targets; }

std::size_t Service::record_count() const {
  std::lock_guard lock(impl_->mu);
  return impl_->stored_records.size();
}

void Service::set_ready(bool ready) {
  std::lock_guard lock(impl_->mu);
  impl_->ready = ready;
}

void Service::set_report_renderer(ReportRenderer renderer) {
  std::lock_guard lock(impl_->mu);
  impl_->report = std::move(renderer);
}

metrics::Exporter& Service::exporter() { return *impl_->exporter; }

}  // namespace targetwatch::http
