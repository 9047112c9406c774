// Application: configuration and actuals state, the cached evaluation, the ingest pipeline
// (parse -> scope -> validate -> store) and the reads, each returning a value or a Failure.
#include "targetwatch/core/application.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <mutex>
#include <set>
#include <span>
#include <thread>
#include <unordered_map>

#include "actuals_json.h"
#include "auth_guard.h"
#include "targetwatch/ingest/ingest.h"
#include "targetwatch/ingest/targets_index.h"
#include "targetwatch/metrics/exporter.h"
#include "targetwatch/report/review.h"
#include "targetwatch/report/snapshot_json.h"
#include "targetwatch/store/actuals_store.h"
#include "targetwatch/template/fill_in_template.h"

namespace targetwatch::core {
namespace {

constexpr std::string_view kJson = "application/json";

// How long a client waits before retrying a write the store could not take.
constexpr int kStoreRetrySeconds = 30;

std::vector<Problem> problems_of(const IngestErrors& errors) {
  std::vector<Problem> out;
  out.reserve(errors.size());
  for (const IngestError& e : errors) {
    out.push_back(Problem{e.row, e.field, e.reason, e.location, e.reason_zh});
  }
  return out;
}

Failure ingest_failure(FailureKind kind, std::string message, const IngestErrors& errors) {
  return Failure{kind, std::move(message), problems_of(errors), 0};
}

// The evaluation restricted to the departments `principal` may read; the same object when it
// may read them all (the usual case, and the cheap one).
std::shared_ptr<const Evaluation> scoped(std::shared_ptr<const Evaluation> evaluation,
                                         const Principal& principal) {
  if (principal.covers_all()) return evaluation;
  auto copy = std::make_shared<Evaluation>();
  copy->targets = evaluation->targets;
  copy->as_of = evaluation->as_of;
  copy->elapsed_ratio = evaluation->elapsed_ratio;
  for (const DepartmentEvaluation& d : evaluation->departments) {
    if (principal.covers(d.department->code)) copy->departments.push_back(d);
  }
  return copy;
}

}  // namespace

std::optional<BodyFormat> body_format(std::string_view content_type_or_file_name,
                                      std::string_view bytes) {
  auto format = guess_input_format(content_type_or_file_name, bytes);
  if (!format) return std::nullopt;
  switch (*format) {
    case InputFormat::kCsv:
      return BodyFormat::kCsv;
    case InputFormat::kXlsx:
      return BodyFormat::kXlsx;
    case InputFormat::kJson:
      break;
  }
  return BodyFormat::kJson;
}

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

struct Application::Impl {
  ConfigSource source;
  Clock clock;
  Logger* logger = nullptr;
  std::unique_ptr<ActualsStore> store;
  std::unique_ptr<metrics::Exporter> exporter;

  mutable std::mutex mu;  // guards everything below
  DaemonConfig config;
  std::shared_ptr<const AccessPolicy> access;
  // Department codes by project code: which departments a record without one may belong to.
  std::shared_ptr<const std::unordered_map<std::string, std::vector<std::string>>> departments_by;
  // Hash look-ups of departments, projects and indicators for ingest, built once per config.
  std::shared_ptr<const TargetsIndex> targets_index;
  // Following other daemons' writes: revisions up to caught_up are all in the index; our own
  // appends above it are remembered in own_pending so the catch-up does not add them twice.
  std::int64_t caught_up = 0;
  std::set<std::int64_t> own_pending;
  bool following = false;
  std::unique_ptr<ChangeFeed> feed;
  std::thread follower;
  std::atomic<bool> stopping{false};
  std::uint64_t config_gen = 1;
  // Every stored record, resolved: the current version of the index (never null). A batch
  // makes the next version from this one (sharing what it does not touch); readers keep
  // the version they took. data_gen counts the versions.
  std::shared_ptr<const ActualsIndex> index;
  std::uint64_t data_gen = 1;
  std::shared_ptr<const Evaluation> cached;
  std::uint64_t cached_config_gen = 0;
  std::uint64_t cached_data_gen = 0;
  Date cached_date;
  bool ready = true;
  bool store_writable = true;  // false from a failed write until one succeeds again
  // The last readiness ping of the store, at most one a second.
  std::int64_t last_ping_unix = -1;
  bool store_reachable = true;
  std::string store_unreachable_reason;

  detail::AuthGuard auth_guard;
  std::mutex recompute_mu;  // one recomputation at a time; others wait and reuse it
  // One new index version at a time (ingest and catch-up), so that none is lost; held while
  // the next version is built, outside `mu`, so that readers are not held up.
  std::mutex apply_mu;
  std::mutex reload_mu;

  struct Snapshot {
    DaemonConfig config;
    std::shared_ptr<const ActualsIndex> index;
    std::uint64_t config_gen = 0;
    std::uint64_t data_gen = 0;
  };

  void install(DaemonConfig fresh) {  // mu held
    config = std::move(fresh);
    access = std::make_shared<const AccessPolicy>(config.settings);
    auto map = std::make_shared<std::unordered_map<std::string, std::vector<std::string>>>();
    for (const Department& d : config.targets->departments) {
      for (const Project& p : d.projects) {
        auto& list = (*map)[p.code];
        if (list.empty() || list.back() != d.code) list.push_back(d.code);
      }
    }
    departments_by = std::move(map);
    // The index points into the targets: keep them alive as long as it is.
    auto targets = config.targets;
    auto index = std::make_shared<const TargetsIndex>(*targets);
    targets_index = std::shared_ptr<const TargetsIndex>(
        index.get(), [index, targets](const TargetsIndex*) mutable {
          index.reset();
          targets.reset();
        });
    ++config_gen;
  }

  // The current configuration and index version (kept current by every batch: no rebuild).
  Snapshot snapshot() const {
    std::lock_guard lock(mu);
    return Snapshot{config, index, config_gen, data_gen};
  }

  // Makes the next index version from `records` (stored revisions, in revision order).
  void apply(std::vector<ActualRecord> records) {
    std::lock_guard serial(apply_mu);
    std::shared_ptr<const ActualsIndex> current;
    {
      std::lock_guard lock(mu);
      current = index;
    }
    auto next = std::make_shared<const ActualsIndex>(current->with(std::move(records)));
    std::lock_guard lock(mu);
    index = std::move(next);
    ++data_gen;
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
    {
      std::lock_guard lock(mu);
      if (fresh()) return cached;
    }
    // The generations are those of the snapshot evaluated: data arriving meanwhile makes the
    // next caller recompute.
    const Snapshot snap = snapshot();
    auto result = std::make_shared<const Evaluation>(
        evaluate(snap.config.targets, *snap.index, today, snap.config.settings->evaluation));
    std::lock_guard lock(mu);
    cached = result;
    cached_config_gen = snap.config_gen;
    cached_data_gen = snap.data_gen;
    cached_date = today;
    return result;
  }

  // Today's evaluation of the open years comes from the cache; anything else is computed for
  // the caller alone.
  std::shared_ptr<const Evaluation> evaluation_at(Date date, const Snapshot& snap,
                                                  std::optional<int> fiscal_year = std::nullopt) {
    if (date == clock.today() && !fiscal_year) return evaluation();
    return std::make_shared<const Evaluation>(evaluate(
        snap.config.targets, *snap.index, date, snap.config.settings->evaluation, fiscal_year));
  }

  DaemonConfig current_config() const {
    std::lock_guard lock(mu);
    return config;
  }

  // Every department a record may belong to: its own, else those having its project code.
  // A view into the record or the map: no copy per record.
  std::span<const std::string> departments_of(
      const ActualRecord& r,
      const std::unordered_map<std::string, std::vector<std::string>>& by_project) const {
    if (!r.department.empty()) return {&r.department, 1};
    auto it = by_project.find(r.project);
    return it == by_project.end() ? std::span<const std::string>{} : it->second;
  }

  Result<IngestReceipt, Failure> ingest(const IngestRequest& request, const Principal& principal) {
    std::size_t rows_read = 0;
    auto result = ingest_unlogged(request, principal, rows_read);
    if (result) {
      exporter->count_ingest_records("accepted", result->count);
    } else {
      // One rule (README "Metrics"): the records of a batch not stored, as far as they could be
      // read; a body that could not be read at all counts as one.
      exporter->count_ingest_records("rejected", std::max<std::size_t>(rows_read, 1));
      const Failure& f = result.error();
      const auto lines = problem_lines(f);
      logger->warning(
          "ingest from '" + request.source + "' rejected (" + std::string(to_string(f.kind)) +
          "): " + lines.front() +
          (lines.size() > 1 ? " (+" + std::to_string(lines.size() - 1) + " more)" : ""));
    }
    return result;
  }

  Result<IngestReceipt, Failure> ingest_unlogged(const IngestRequest& request,
                                                 const Principal& principal,
                                                 std::size_t& rows_read) {
    if (!principal.may_write) {
      return Failure{FailureKind::kForbidden, "'" + principal.name + "' may not write"};
    }
    DaemonConfig cfg;
    std::shared_ptr<const std::unordered_map<std::string, std::vector<std::string>>> by_project;
    std::shared_ptr<const TargetsIndex> targets_index;
    {
      std::lock_guard lock(mu);
      cfg = config;
      by_project = departments_by;
      targets_index = this->targets_index;
    }
    // Plausibility compares with what is stored: the index of the last snapshot.
    const std::shared_ptr<const ActualsIndex> stored = snapshot().index;
    ValidationOptions options;
    options.allowed_departments = principal.departments;
    // "After today" means after the real calendar day: --today fixes the evaluation date (a demo,
    // a backfill), and figures dated after it but before the real date are not impossible. A day
    // of slack covers time zones east of UTC.
    options.today = std::max(
        clock.today(), Date::from_days(static_cast<std::int32_t>(clock.now_unix() / 86400 + 1)));
    options.previous = [&stored](std::string_view department, std::string_view project,
                                 std::string_view indicator, FundSource fund,
                                 Date before) -> std::optional<PreviousFigure> {
      const SeriesPoint* p =
          stored->latest(department, project, indicator, before.plus_days(-1), fund);
      if (p == nullptr) return std::nullopt;
      return PreviousFigure{p->level, p->as_of};
    };
    const InputFormat format = request.format == BodyFormat::kCsv    ? InputFormat::kCsv
                               : request.format == BodyFormat::kXlsx ? InputFormat::kXlsx
                                                                     : InputFormat::kJson;
    IngestResult read =
        read_actuals(request.body, format, parse_charset(request.charset), *targets_index, options);
    std::vector<ActualRecord>& batch = read.batch.records;
    rows_read = std::max(batch.size(), read.batch.rows.size());
    // Records outside the sender's departments are refused as such (403), before anything else.
    IngestErrors scope_errors;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto departments = departments_of(batch[i], *by_project);
      if (departments.empty()) continue;  // unknown project: validation reports it
      if (std::any_of(departments.begin(), departments.end(),
                      [&](const auto& d) { return principal.covers(d); })) {
        continue;
      }
      IngestError e(i < read.batch.rows.size() ? read.batch.rows[i] : i,
                    batch[i].department.empty() ? "project" : "department",
                    "department " + departments.front() + " is outside the scope of '" +
                        principal.name + "'");
      e.reason_zh =
          "部门 " + departments.front() + " 不在“" + principal.name + "”的报送范围内，整批未保存";
      scope_errors.push_back(std::move(e));
    }
    if (!scope_errors.empty()) {
      return ingest_failure(FailureKind::kForbidden, "records outside the sender's departments",
                            scope_errors);
    }
    if (!read.ok()) {
      // Nothing could be read as a record at all: the body itself is unreadable.
      const bool unreadable = batch.empty() && read.batch.rows.empty();
      return ingest_failure(
          unreadable ? FailureKind::kUnreadable : FailureKind::kInvalid,
          unreadable ? "the body could not be read" : "the batch has errors; nothing was stored",
          read.errors);
    }
    const std::size_t limit = cfg.settings->limits.max_records_per_batch;
    if (batch.size() > limit) {
      const std::string message = "batch of " + std::to_string(batch.size()) +
                                  " records exceeds the limit of " + std::to_string(limit);
      IngestError e(0, "", message);
      e.reason_zh = "一次最多报送 " + std::to_string(limit) + " 条，本次 " +
                    std::to_string(batch.size()) + " 条：请分批报送";
      return ingest_failure(FailureKind::kTooLarge, message, {e});
    }
    IngestReceipt receipt_out;
    receipt_out.skipped_rows = read.batch.skipped_rows;
    for (const IngestWarning& w : read.batch.warnings) {
      receipt_out.warnings.push_back(Problem{w.row, w.field, w.reason, w.location, w.reason_zh});
    }
    if (batch.empty()) return receipt_out;
    auto receipt = store->append(batch, request.source);
    if (!receipt) {
      const StoreError& error = receipt.error();
      exporter->count_store_error(to_string(error.kind));
      logger->error("store append failed for '" + request.source + "' (" +
                    std::string(to_string(error.kind)) + "): " + error.message);
      if (is_retryable(error.kind)) {
        exporter->set_store_up(false);
        {
          std::lock_guard lock(mu);
          store_writable = false;
        }
        Problem p{0, "", "the store cannot write now; nothing was stored, try again later", "",
                  "数据库暂时无法写入，本批未保存，请稍后重试"};
        return Failure{FailureKind::kStoreUnavailable, p.reason, {p}, kStoreRetrySeconds};
      }
      Problem p{0, "", "the store refused the batch; nothing was stored", "",
                "数据库拒绝保存本批数据，未保存任何数据，请联系管理员"};
      return Failure{FailureKind::kInternal, p.reason, {p}};
    }
    exporter->set_store_up(true);
    {
      std::lock_guard lock(mu);
      store_writable = true;
    }
    const std::int64_t last =
        receipt->first_revision + static_cast<std::int64_t>(receipt->count) - 1;
    {
      // Remembered before the index has them, so that a catch-up in between skips them.
      std::lock_guard lock(mu);
      if (following) {
        for (std::int64_t r = receipt->first_revision; r <= last; ++r) {
          if (r > caught_up) own_pending.insert(r);
        }
      }
    }
    apply(stored_copies(std::move(batch), *receipt, request.source));
    logger->info("stored " + std::to_string(receipt->count) + " record(s) from '" + request.source +
                 "' as revisions " + std::to_string(receipt->first_revision) + ".." +
                 std::to_string(last));
    receipt_out.count = receipt->count;
    receipt_out.first_revision = receipt->first_revision;
    receipt_out.last_revision = last;
    return receipt_out;
  }

  // The records of a batch as the store keeps them: the store assigned revisions (in batch order)
  // and the receipt time, and set the source. Without the time in the receipt they are read
  // back; when that fails too, the receipt time is the clock's.
  std::vector<ActualRecord> stored_copies(std::vector<ActualRecord> batch,
                                          const AppendReceipt& receipt, const std::string& source) {
    std::int64_t received = receipt.received_unix;
    if (received == 0) {
      ActualsQuery since;
      since.after_revision = receipt.first_revision - 1;
      auto copies = store->read(since);
      const std::int64_t last =
          receipt.first_revision + static_cast<std::int64_t>(receipt.count) - 1;
      if (copies) {
        std::erase_if(*copies, [&](const ActualRecord& r) { return r.revision > last; });
        if (copies->size() == receipt.count) return std::move(*copies);
      }
      received = clock.now_unix();
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i].revision = receipt.first_revision + static_cast<std::int64_t>(i);
      batch[i].source = source;
      batch[i].received_unix = received;
    }
    return batch;
  }

  // Reads what other daemons committed since the last catch-up (revisions in order, see
  // open_postgres_store), skipping our own appends.
  void catch_up() {
    std::int64_t after = 0;
    {
      std::lock_guard lock(mu);
      after = caught_up;
    }
    ActualsQuery since;
    since.after_revision = after;
    auto rows = store->read(since);
    if (!rows) {
      logger->warning("catching up with the store failed (" +
                      std::string(to_string(rows.error().kind)) + "): " + rows.error().message);
      return;
    }
    std::vector<ActualRecord> added;
    {
      std::lock_guard lock(mu);
      for (ActualRecord& r : *rows) {
        if (r.revision <= caught_up) continue;
        caught_up = r.revision;
        if (own_pending.erase(r.revision) != 0) continue;
        added.push_back(std::move(r));
      }
      own_pending.erase(own_pending.begin(), own_pending.upper_bound(caught_up));
    }
    if (!added.empty()) {
      const std::size_t n = added.size();
      apply(std::move(added));
      logger->info("read " + std::to_string(n) + " record(s) stored by other daemons");
    }
  }

  void follow() {
    bool failing = false;
    while (!stopping) {
      auto notice = feed->wait(std::chrono::milliseconds(500));
      if (!notice) {
        if (!failing) logger->warning("store change feed: " + notice.error().message);
        failing = true;
        continue;
      }
      if (failing) logger->info("store change feed is back");
      failing = false;
      if (notice->changed) catch_up();
    }
  }

  ~Impl() {
    stopping = true;
    if (follower.joinable()) follower.join();
  }

  Result<Ok, Failure> reload(ConfigErrors* errors_out) {
    std::lock_guard serial(reload_mu);  // SIGHUP and POST /-/reload may coincide
    auto loaded = load_daemon_config(source);
    if (!loaded) {
      logger->error("reload failed; keeping the previous configuration (" +
                    std::to_string(loaded.error().size()) + " problem(s))");
      for (const std::string& e : loaded.error()) logger->error("reload: " + e);
      exporter->set_reload_result(false, clock.now_unix());
      if (errors_out) *errors_out = loaded.error();
      Failure failure{FailureKind::kInternal,
                      "the configuration is invalid; kept the previous one"};
      for (const std::string& e : loaded.error()) failure.problems.push_back(Problem{0, "", e});
      return failure;
    }
    for (const std::string& w : loaded->warnings) logger->warning("config: " + w);
    DaemonConfig fresh = std::move(loaded).value();
    std::size_t departments = fresh.targets->departments.size();
    {
      std::lock_guard lock(mu);
      const Settings& old = *config.settings;
      const Settings& now = *fresh.settings;
      if (old.listen != now.listen || old.store_path != now.store_path ||
          old.threads != now.threads || old.inbox_dir != now.inbox_dir) {
        logger->warning(
            "reload: listen, store, threads and inbox changes take effect at the next restart");
      }
      install(std::move(fresh));
      exporter->set_warning_policy(config.settings->warnings);
    }
    exporter->set_reload_result(true, clock.now_unix());
    logger->info("configuration reloaded: " + std::to_string(departments) + " department(s)");
    return Ok{};
  }
};

Application::Application(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Application::~Application() = default;

Result<std::unique_ptr<Application>> Application::create(ConfigSource source, DaemonConfig config,
                                                         std::unique_ptr<ActualsStore> store,
                                                         Clock clock, std::string version,
                                                         Logger& logger,
                                                         bool follow_other_writers) {
  auto impl = std::make_unique<Impl>();
  // Subscribed before the first read, so that nothing committed in between is missed.
  if (follow_other_writers) impl->feed = store->subscribe();
  // The records that can still win (the store's latest revisions and what came after them)
  // straight into one index build, a chunk at a time: the history is never held as records.
  constexpr std::size_t kStartUpChunk = 65536;
  ActualsIndex::Builder builder;
  std::int64_t last = 0;
  std::int64_t given = 0;
  auto stored = store->read_latest(kStartUpChunk, [&](std::vector<ActualRecord>&& chunk) {
    for (const ActualRecord& r : chunk) last = std::max(last, r.revision);
    given += static_cast<std::int64_t>(chunk.size());
    builder.add(std::move(chunk));
  });
  if (!stored) return Error{"cannot read the store: " + stored.error().message};
  builder.count_superseded(static_cast<std::size_t>(std::max<std::int64_t>(0, *stored - given)));
  impl->source = std::move(source);
  impl->clock = std::move(clock);
  impl->logger = &logger;
  impl->store = std::move(store);
  impl->install(std::move(config));
  impl->caught_up = last;
  impl->index = std::make_shared<const ActualsIndex>(std::move(builder).build());
  Impl* raw = impl.get();
  impl->exporter =
      std::make_unique<metrics::Exporter>(std::move(version), [raw] { return raw->evaluation(); });
  impl->exporter->set_reload_result(true, impl->clock.now_unix());
  impl->exporter->set_warning_policy(impl->config.settings->warnings);
  if (impl->feed) {
    impl->following = true;
    impl->follower = std::thread([raw] { raw->follow(); });
  }
  return std::unique_ptr<Application>(new Application(std::move(impl)));
}

Result<Principal, Failure> Application::authenticate(Access access,
                                                     std::optional<std::string_view> authorization,
                                                     std::string_view remote) {
  const std::string_view address = peer_address(remote);
  const std::int64_t now = impl_->clock.now_unix();
  if (int wait = impl_->auth_guard.blocked_for(address, now); wait > 0) {
    impl_->exporter->count_auth_failure("rate_limited");
    return Failure{FailureKind::kRateLimited,
                   "too many failed authentications from this address; try again later",
                   {},
                   wait};
  }
  const auto policy = this->access();
  auto principal = access == Access::kRead     ? policy->reader(authorization)
                   : access == Access::kScrape ? policy->scraper(authorization, address)
                                               : policy->writer(authorization);
  if (principal || principal.error().kind != FailureKind::kUnauthenticated) return principal;
  const char* reason = authorization ? "invalid_token" : "missing_token";
  impl_->exporter->count_auth_failure(reason);
  impl_->logger->warning("authentication failed from " + std::string(address) + " (" + reason +
                         ")");
  if (impl_->auth_guard.record_failure(address, now)) {
    impl_->logger->warning("blocking " + std::string(address) + " for " +
                           std::to_string(detail::AuthGuard::kBlockSeconds) + " s after " +
                           std::to_string(detail::AuthGuard::kMaxFailures) +
                           " failed authentications within a minute");
  }
  return principal;
}

std::shared_ptr<const AccessPolicy> Application::access() const {
  std::lock_guard lock(impl_->mu);
  return impl_->access;
}

Result<IngestReceipt, Failure> Application::ingest(const IngestRequest& request,
                                                   const Principal& principal) {
  return impl_->ingest(request, principal);
}

Result<Document, Failure> Application::status(const StatusQuery& query,
                                              const Principal& principal) {
  const View v = view(query.as_of, principal, query.fiscal_year);
  return Document{std::string(kJson), snapshot_to_json(*v.evaluation, *v.lamps), ""};
}

View Application::view(std::optional<Date> as_of, const Principal& principal,
                       std::optional<int> fiscal_year) {
  Impl::Snapshot snap = impl_->snapshot();
  View v;
  v.settings = snap.config.settings;
  v.targets = snap.config.targets;
  v.actuals = snap.index;
  v.evaluation = scoped(
      impl_->evaluation_at(as_of.value_or(impl_->clock.today()), snap, fiscal_year), principal);
  // The lamps point into v.evaluation, which the View keeps alive beside them.
  v.lamps = std::make_shared<const EvaluationLamps>(
      compute_lamps(*v.evaluation, snap.config.settings->warnings));
  return v;
}

Result<Document, Failure> Application::actuals(const ActualsFilter& filter,
                                               const Principal& principal) {
  ActualsQuery query;
  query.department = filter.department;
  query.project = filter.project;
  query.indicator = filter.indicator;
  // The scope filters in the query, so that a page is full of what the principal may see.
  if (!principal.covers_all()) query.departments = principal.departments;
  query.after_revision = filter.after;
  query.limit = filter.limit + 1;  // one more than the page says whether another follows
  auto rows = impl_->store->read(query);
  if (!rows) {
    impl_->logger->error("store read failed: " + rows.error().message);
    return Failure{FailureKind::kStoreUnavailable, "store read failed", {}, 30};
  }
  const bool more = rows->size() > filter.limit;
  if (more) rows->resize(filter.limit);
  return Document{std::string(kJson),
                  actuals_json(*rows, ActualsPage{filter.limit, filter.after, more}), ""};
}

Result<Document, Failure> Application::fill_in_template(const TemplateQuery& query,
                                                        const Principal& principal) {
  const auto format = reporting::parse_template_format(query.format);
  if (!format) {
    return Failure{FailureKind::kBadRequest,
                   "format must be xlsx or csv, got '" + query.format + "'"};
  }
  Impl::Snapshot snap = impl_->snapshot();
  if (snap.config.targets->find_department(query.department) == nullptr) {
    return Failure{FailureKind::kNotFound, "no department '" + query.department + "'"};
  }
  if (!principal.covers(query.department)) {
    return Failure{
        FailureKind::kForbidden,
        "department " + query.department + " is outside the scope of '" + principal.name + "'"};
  }
  const Date as_of = query.as_of.value_or(reporting::default_template_date(impl_->clock.today()));
  auto evaluation = impl_->evaluation_at(as_of, snap);
  auto rendered =
      reporting::render_template(*evaluation, *snap.index, query.department, as_of, *format);
  if (!rendered) return Failure{FailureKind::kInternal, rendered.error().message};
  Document doc{std::move(rendered->media_type), std::move(rendered->bytes),
               std::move(rendered->ascii_file_name)};
  doc.content_disposition = std::move(rendered->content_disposition);
  return doc;
}

Result<Document, Failure> Application::report(const ReportQuery& query,
                                              const Principal& principal) {
  const auto format = parse_review_format(query.format);
  if (!format) {
    return Failure{FailureKind::kBadRequest,
                   "format must be html, md, csv or xlsx, got '" + query.format + "'"};
  }
  Impl::Snapshot snap = impl_->snapshot();
  ReviewOptions options;
  options.warnings = snap.config.settings->warnings;
  if (query.department) {
    if (snap.config.targets->find_department(*query.department) == nullptr) {
      return Failure{FailureKind::kNotFound, "no department '" + *query.department + "'"};
    }
    if (!principal.covers(*query.department)) {
      return Failure{
          FailureKind::kForbidden,
          "department " + *query.department + " is outside the scope of '" + principal.name + "'"};
    }
    options.department = query.department;
  }
  // The review of a month is read after it ended: the default is the end of the last month.
  const Date as_of = query.as_of ? *query.as_of : previous_month_end(impl_->clock.today());
  const auto headers = parse_csv_headers(query.csv_headers);
  if (!headers) {
    return Failure{FailureKind::kBadRequest,
                   "csv_headers must be zh or en, got '" + query.csv_headers + "'"};
  }
  options.fiscal_year = query.fiscal_year;
  auto current = scoped(impl_->evaluation_at(as_of, snap, query.fiscal_year), principal);
  auto previous =
      scoped(impl_->evaluation_at(previous_month_end(as_of), snap, query.fiscal_year), principal);
  auto body = render_review(*current, previous.get(), snap.index.get(), options, *format, *headers);
  if (!body) return Failure{FailureKind::kInternal, body.error().message};
  Document doc{std::string(media_type(*format)), std::move(body).value(), ""};
  if (*format == ReviewFormat::kXlsx || *format == ReviewFormat::kCsv) {
    doc.filename = "targetwatch-review-" + as_of.iso() + std::string(file_extension(*format));
  }
  return doc;
}

Document Application::metrics(const MetricsQuery& query, const Principal& principal) {
  metrics::ScrapeFilter filter;
  filter.health = query.health;
  if (query.departments) {
    filter.departments = std::vector<std::string>{};
    for (const std::string& code : *query.departments) {
      if (principal.covers(code)) filter.departments->push_back(code);
    }
  } else if (!principal.covers_all()) {
    filter.departments = principal.departments;  // a scoped token sees its departments only
  }
  // Pieces of the exporter's cache, not one string: the body is not copied on its way out.
  metrics::ScrapePieces pieces = impl_->exporter->scrape_pieces(
      filter, query.gzip ? metrics::ContentEncoding::kGzip : metrics::ContentEncoding::kIdentity);
  Document doc{std::string(metrics::kExpositionContentType), "", ""};
  if (pieces.encoding == metrics::ContentEncoding::kGzip) doc.content_encoding = "gzip";
  doc.body_pieces = std::move(pieces.pieces);
  doc.body_owner = std::move(pieces.keep_alive);
  return doc;
}

Result<Ok, Failure> Application::readiness() const {
  std::lock_guard lock(impl_->mu);
  if (!impl_->ready) return Failure{FailureKind::kStoreUnavailable, "not ready: shutting down"};
  if (!impl_->config.targets || !impl_->store) {
    return Failure{FailureKind::kStoreUnavailable, "not ready"};
  }
  if (!impl_->store_writable) {
    return Failure{FailureKind::kStoreUnavailable,
                   "not ready: the store could not write the last batch (disk full, I/O error); "
                   "ready again after a write succeeds"};
  }
  // Is the store reachable (a database server may be down)? One round trip per second at most,
  // so that frequent health checks do not load it.
  const std::int64_t now = impl_->clock.now_unix();
  if (now != impl_->last_ping_unix) {
    impl_->last_ping_unix = now;
    auto ping = impl_->store->ping();
    impl_->store_reachable = ping.ok();
    if (!ping) {
      impl_->store_unreachable_reason = ping.error().message;
      impl_->exporter->set_store_up(false);
    }
  }
  if (!impl_->store_reachable) {
    return Failure{FailureKind::kStoreUnavailable,
                   "not ready: the store cannot be reached: " + impl_->store_unreachable_reason};
  }
  return Ok{};
}

void Application::set_ready(bool ready) {
  std::lock_guard lock(impl_->mu);
  impl_->ready = ready;
}

Result<Ok, Failure> Application::reload(const Principal& principal) {
  if (!principal.may_reload) {
    return Failure{FailureKind::kForbidden, "token '" + principal.name + "' may not reload"};
  }
  impl_->logger->info("reload requested by '" + principal.name + "'");
  return impl_->reload(nullptr);
}

bool Application::reload() { return impl_->reload(nullptr).ok(); }

std::shared_ptr<const Evaluation> Application::evaluation() { return impl_->evaluation(); }

std::shared_ptr<const Settings> Application::settings() const {
  return impl_->current_config().settings;
}

std::shared_ptr<const Targets> Application::targets() const {
  return impl_->current_config().targets;
}

std::shared_ptr<const ActualsIndex> Application::actuals_index() { return impl_->snapshot().index; }

std::size_t Application::record_count() const { return impl_->snapshot().index->record_count(); }

void Application::count_ingest_request(int status) {
  impl_->exporter->count_ingest_request(status);
}

}  // namespace targetwatch::core
