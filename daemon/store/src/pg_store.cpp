// PostgresStore: the actuals store on a shared PostgreSQL database (a connection pool, one
// transaction per batch, NOTIFY on commit) and its LISTEN-based change feed.
#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "pg_conn.h"
#include "pg_schema.h"
#include "record_codec.h"
#include "targetwatch/store/actuals_store.h"

namespace targetwatch {
namespace {

using detail::PgConn;
using detail::PgResult;
using detail::PgTarget;
using Clock = std::chrono::steady_clock;

// Rows per page when reading: bounds the memory of one result.
constexpr int kReadPage = 50000;

constexpr const char* kSelect =
    "SELECT revision, department, project, indicator, to_char(as_of, 'YYYY-MM-DD'), value, mode, "
    "unit, note, cause, likelihood, forecast, measure, source, received_unix, retracted, fund "
    "FROM actuals WHERE revision > $1::bigint AND ($2::text IS NULL OR department = $2) "
    "AND ($3::text IS NULL OR project = $3) AND ($4::text IS NULL OR indicator = $4) "
    "AND ($6::text[] IS NULL OR department = ANY($6::text[])) "
    "ORDER BY revision LIMIT $5::int";

// A text[] literal of `items` ({"a","b"}): each element quoted, with `"` and `\` escaped, so any
// department code is one element.
std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string number(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("NaN");
}

template <typename T>
T parse_number(std::string_view text) {
  T v{};
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

constexpr const char* kCopyActuals =
    "COPY actuals (revision, department, project, indicator, as_of, value, mode, unit, note, "
    "cause, likelihood, forecast, measure, retracted, fund, source, received_unix, batch_id) "
    "FROM STDIN";

// Appends `text` as one field of COPY's text format: backslash escapes for the characters
// that delimit fields and rows. The rows are data, never SQL.
void copy_field(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

// The batch as COPY rows, revisions first..first+n-1.
std::string copy_rows(std::span<const ActualRecord> batch, std::int64_t first,
                      std::string_view source, std::int64_t received, std::int64_t batch_id) {
  std::string shared = "\t";
  copy_field(shared, source);
  shared += '\t';
  shared += std::to_string(received);
  shared += '\t';
  shared += std::to_string(batch_id);
  shared += '\n';
  std::string out;
  out.reserve(batch.size() * 160);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const ActualRecord& r = batch[i];
    out += std::to_string(first + static_cast<std::int64_t>(i));
    for (const std::string_view text : {std::string_view(r.department), std::string_view(r.project),
                                        std::string_view(r.indicator)}) {
      out += '\t';
      copy_field(out, text);
    }
    out += '\t';
    out += r.as_of.iso();
    out += '\t';
    out += number(r.value);
    out += '\t';
    out += to_string(r.mode);
    for (const std::string_view text :
         {std::string_view(r.unit), std::string_view(r.note), std::string_view(r.cause),
          std::string_view(r.likelihood)}) {
      out += '\t';
      copy_field(out, text);
    }
    out += '\t';
    out += r.forecast ? number(*r.forecast) : "\\N";
    out += '\t';
    copy_field(out, r.measure);
    out += r.retracted ? "\tt\t" : "\tf\t";
    out += to_string(r.fund);
    out += shared;
  }
  return out;
}

// Connections for appends and reads: at most `size`, made on demand; lost ones are dropped
// and replaced. After a failed attempt new attempts wait out a doubling backoff, during which
// callers fail at once (an upload gets its 503 instead of hanging).
class PgPool {
 public:
  PgPool(PgTarget target, const PostgresStoreOptions& options)
      : target_(std::move(target)), options_(options) {}

  StoreResult<std::unique_ptr<PgConn>> acquire() {
    std::unique_lock lock(mu_);
    const auto deadline = Clock::now() + std::chrono::milliseconds(target_.statement_timeout_ms);
    for (;;) {
      while (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        // A restarted server closed it: notice now rather than fail the caller's statement.
        if (conn->check_alive()) return conn;
        --open_;
      }
      if (open_ < std::max<std::size_t>(1, options_.pool_size)) break;
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
          open_ >= options_.pool_size) {
        return detail::store_error(
            StoreErrorKind::kUnavailable, target_.where,
            "all " + std::to_string(options_.pool_size) + " connections stayed busy");
      }
    }
    if (Clock::now() < retry_at_) {
      const auto wait =
          std::chrono::duration_cast<std::chrono::milliseconds>(retry_at_ - Clock::now());
      return StoreError{StoreErrorKind::kUnavailable, last_failure_ + " (next attempt in " +
                                                          std::to_string(wait.count()) + " ms)"};
    }
    ++open_;
    lock.unlock();
    auto conn = PgConn::connect(target_);
    lock.lock();
    if (!conn) {
      --open_;
      backoff_ms_ = backoff_ms_ == 0 ? options_.reconnect_backoff_initial_ms
                                     : std::min(backoff_ms_ * 2, options_.reconnect_backoff_max_ms);
      retry_at_ = Clock::now() + std::chrono::milliseconds(backoff_ms_);
      last_failure_ = conn.error().message;
      cv_.notify_one();
      return conn.error();
    }
    backoff_ms_ = 0;
    return conn;
  }

  void release(std::unique_ptr<PgConn> conn) {
    {
      std::lock_guard lock(mu_);
      if (conn->healthy()) {
        idle_.push_back(std::move(conn));
      } else {
        --open_;
      }
    }
    cv_.notify_one();
  }

  const PgTarget& target() const { return target_; }

 private:
  const PgTarget target_;
  const PostgresStoreOptions& options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConn>> idle_;
  std::size_t open_ = 0;  // idle plus leased
  int backoff_ms_ = 0;
  Clock::time_point retry_at_{};
  std::string last_failure_;
};

// Returns a leased connection to the pool however the caller leaves.
class Lease {
 public:
  Lease(PgPool& pool, std::unique_ptr<PgConn> conn) : pool_(pool), conn_(std::move(conn)) {}
  ~Lease() { pool_.release(std::move(conn_)); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  PgConn& operator*() const { return *conn_; }
  PgConn* operator->() const { return conn_.get(); }

 private:
  PgPool& pool_;
  std::unique_ptr<PgConn> conn_;
};

// LISTEN on a connection of its own. Payloads are "<first>-<last>"; the highest last wins.
class PgChangeFeed final : public ChangeFeed {
 public:
  explicit PgChangeFeed(PgTarget target, const PostgresStoreOptions& options)
      : target_(std::move(target)), options_(options) {
    (void)connect();  // now, so that LISTEN predates the subscriber's first read
  }

  StoreResult<ChangeNotice> wait(std::chrono::milliseconds timeout) override {
    const auto deadline = Clock::now() + timeout;
    if (!conn_ || !conn_->healthy()) {
      conn_.reset();
      if (Clock::now() < retry_at_) std::this_thread::sleep_until(std::min(deadline, retry_at_));
      if (auto r = connect(); !r) return r.error();
    }
    for (;;) {
      drain();
      if (changed_) {
        changed_ = false;
        return ChangeNotice{true, std::exchange(last_revision_, 0)};
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return ChangeNotice{};
      if (!conn_->wait_readable(left)) {
        conn_.reset();
        return detail::store_error(StoreErrorKind::kUnavailable, target_.where,
                                   "change feed: the connection was lost");
      }
    }
  }

 private:
  StoreResult<Ok> connect() {
    auto conn = PgConn::connect(target_);
    if (conn) {
      // A channel is an identifier, which cannot be a parameter; it is our constant.
      const std::string listen = "LISTEN " + std::string(kPostgresChangeChannel);
      if (auto r = (*conn)->exec("change feed", listen.c_str()); !r) {
        conn = r.error();
      }
    }
    if (!conn) {
      backoff_ms_ = backoff_ms_ == 0 ? options_.reconnect_backoff_initial_ms
                                     : std::min(backoff_ms_ * 2, options_.reconnect_backoff_max_ms);
      retry_at_ = Clock::now() + std::chrono::milliseconds(backoff_ms_);
      return conn.error();
    }
    conn_ = std::move(*conn);
    backoff_ms_ = 0;
    changed_ = true;  // commits may have happened while nobody listened
    return Ok{};
  }

  void drain() {
    while (PGnotify* n = PQnotifies(conn_->get())) {
      changed_ = true;
      const std::string_view payload = n->extra ? n->extra : "";
      const auto dash = payload.find('-');
      if (dash != std::string_view::npos) {
        last_revision_ =
            std::max(last_revision_, parse_number<std::int64_t>(payload.substr(dash + 1)));
      }
      PQfreemem(n);
    }
  }

  const PgTarget target_;
  const PostgresStoreOptions options_;
  std::unique_ptr<PgConn> conn_;
  bool changed_ = false;
  std::int64_t last_revision_ = 0;
  int backoff_ms_ = 0;
  Clock::time_point retry_at_{};
};

// One caller's batch waiting for the group commit; lives on the caller's stack.
struct PgPending {
  std::span<const ActualRecord> batch;
  const std::string* source;
  std::optional<StoreResult<AppendReceipt>> result;
  bool done = false;
};

// Bounds on one group: its latency for the first caller, and the size of its COPY.
constexpr std::size_t kMaxGroupBatches = 256;
constexpr std::size_t kMaxGroupRecords = 50000;

class PostgresStore final : public ActualsStore {
 public:
  PostgresStore(PgTarget target, PostgresStoreOptions options)
      : options_(std::move(options)), pool_(std::move(target), options_) {}

  // Appends queue up; the first in the queue commits itself and the batches queued behind it in
  // one transaction (one advisory lock, one COPY, one fsync). Revisions must become visible in
  // order across every daemon, so commits are serialized by the lock whatever happens here;
  // grouping makes each serialized commit carry every batch that arrived meanwhile.
  StoreResult<AppendReceipt> append(std::span<const ActualRecord> batch,
                                    const std::string& source) override {
    if (batch.empty()) return AppendReceipt{};
    // libpq passes text parameters as C strings: a NUL would silently cut the value short.
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& r = batch[i];
      for (const std::string* s : {&r.department, &r.project, &r.indicator, &r.unit, &r.note,
                                   &r.cause, &r.likelihood, &r.measure}) {
        if (s->find('\0') != std::string::npos) {
          return detail::store_error(StoreErrorKind::kInvalid, pool_.target().where,
                                     "append: record " + std::to_string(i + 1) +
                                         " of the batch: a text holds a NUL character");
        }
      }
    }
    PgPending self{batch, &source, std::nullopt, false};
    std::unique_lock lock(queue_mu_);
    queue_.push_back(&self);
    queue_cv_.wait(lock, [&] { return self.done || queue_.front() == &self; });
    if (self.done) return std::move(*self.result);

    // This caller leads: it commits itself and whoever queued behind it, up to the bounds.
    std::vector<PgPending*> group{&self};
    std::size_t records = batch.size();
    for (std::size_t i = 1; i < queue_.size() && group.size() < kMaxGroupBatches; ++i) {
      if (records + queue_[i]->batch.size() > kMaxGroupRecords) break;
      records += queue_[i]->batch.size();
      group.push_back(queue_[i]);
    }
    lock.unlock();
    commit_group(group);
    lock.lock();
    for (std::size_t i = 0; i < group.size(); ++i) {
      queue_.front()->done = true;
      queue_.pop_front();
    }
    queue_cv_.notify_all();
    return std::move(*self.result);
  }

  StoreResult<std::vector<ActualRecord>> read(const ActualsQuery& query) const override {
    auto conn = pool_.acquire();
    if (!conn) return conn.error();
    Lease lease(pool_, std::move(*conn));
    std::vector<ActualRecord> out;
    if ((query.departments && query.departments->empty()) || query.limit == 0u) return out;
    // The scope is a parameter of the query, so LIMIT counts only what the reader may see.
    const std::string scope = query.departments ? text_array(*query.departments) : std::string();
    // Pages by revision: commits become visible in revision order, so consecutive pages read
    // a consistent prefix without holding one snapshot (and one huge result) for the scan.
    std::int64_t after = query.after_revision;
    for (;;) {
      const std::size_t wanted = query.limit
                                     ? std::min<std::size_t>(kReadPage, *query.limit - out.size())
                                     : static_cast<std::size_t>(kReadPage);
      const std::string page = std::to_string(wanted);
      const std::string after_text = std::to_string(after);
      const char* params[] = {after_text.c_str(),
                              query.department ? query.department->c_str() : nullptr,
                              query.project ? query.project->c_str() : nullptr,
                              query.indicator ? query.indicator->c_str() : nullptr,
                              page.c_str(),
                              query.departments ? scope.c_str() : nullptr};
      auto rows = lease->exec("read", kSelect, params);
      if (!rows) return rows.error();
      const int n = rows->rows();
      out.reserve(out.size() + static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) {
        auto& r = out.emplace_back();
        if (auto ok = fill_record(*rows, i, r); !ok) return ok.error();
      }
      if (static_cast<std::size_t>(n) < wanted || (query.limit && out.size() >= *query.limit)) {
        break;
      }
      after = out.back().revision;
    }
    return out;
  }

  StoreResult<std::int64_t> count() const override {
    auto conn = pool_.acquire();
    if (!conn) return conn.error();
    Lease lease(pool_, std::move(*conn));
    auto r = lease->exec("count", "SELECT count(*) FROM actuals");
    if (!r) return r.error();
    return r->first_int();
  }

  StoreResult<Ok> ping() const override {
    auto conn = pool_.acquire();
    if (!conn) return conn.error();
    Lease lease(pool_, std::move(*conn));
    if (auto r = lease->exec("ping", "SELECT 1"); !r) return r.error();
    return Ok{};
  }

  std::unique_ptr<ChangeFeed> subscribe() const override {
    return std::make_unique<PgChangeFeed>(pool_.target(), options_);
  }

 private:
  // Every caller of the group gets its result. A batch breaking a constraint fails the whole
  // transaction: then each batch is tried alone, so that only the bad one fails.
  void commit_group(const std::vector<PgPending*>& group) {
    auto conn = pool_.acquire();
    if (!conn) {
      for (auto* p : group) p->result = conn.error();
      return;
    }
    Lease lease(pool_, std::move(*conn));
    auto receipts = append_group(*lease, group);
    if (receipts) {
      for (std::size_t i = 0; i < group.size(); ++i) group[i]->result = (*receipts)[i];
      return;
    }
    if (receipts.error().kind != StoreErrorKind::kInvalid || group.size() == 1) {
      for (auto* p : group) p->result = receipts.error();
      return;
    }
    for (auto* p : group) {
      auto alone = append_group(*lease, {p});
      if (alone) {
        p->result = alone->front();
      } else {
        p->result = alone.error();
      }
    }
  }

  // One transaction: the batches' rows, revisions first..last in group order, one NOTIFY.
  // Rolled back on failure (nothing of the group stored).
  StoreResult<std::vector<AppendReceipt>> append_group(PgConn& db,
                                                       const std::vector<PgPending*>& group) {
    auto receipts = append_group_in_transaction(db, group);
    if (!receipts && db.healthy()) (void)db.exec("append", "ROLLBACK");
    return receipts;
  }

  StoreResult<std::vector<AppendReceipt>> append_group_in_transaction(
      PgConn& db, const std::vector<PgPending*>& group) {
    const std::int64_t received = options_.now ? options_.now() : system_now();
    const std::string received_text = std::to_string(received);
    if (auto r = db.exec("append", "BEGIN"); !r) return r.error();
    // The batches' rows first: their ids need no order, so they are made before the lock.
    std::vector<std::int64_t> batch_ids;
    std::size_t total = 0;
    for (const PgPending* p : group) {
      const std::string n_text = std::to_string(p->batch.size());
      const char* batch_params[] = {p->source->c_str(), received_text.c_str(), n_text.c_str()};
      auto id = db.exec("append: batch",
                        "INSERT INTO batches (source, received_unix, record_count) "
                        "VALUES ($1, $2::bigint, $3::int) RETURNING id",
                        batch_params);
      if (!id) return id.error();
      batch_ids.push_back(id->first_int());
      total += p->batch.size();
    }
    // Held to COMMIT: revisions are taken and committed one transaction at a time across every
    // daemon, so no reader can see revision n+1 before n (readers catch up with "revision >
    // the last one seen" and would skip a lower revision committed later).
    const std::string space = std::to_string(detail::kPgLockSpace);
    const std::string key = std::to_string(detail::kPgAppendLock);
    const char* lock_params[] = {space.c_str(), key.c_str()};
    if (auto r =
            db.exec("append: lock", "SELECT pg_advisory_xact_lock($1::int, $2::int)", lock_params);
        !r) {
      return r.error();
    }
    const std::string total_text = std::to_string(total);
    const char* reserve_params[] = {total_text.c_str()};
    auto last = db.exec("append: revisions",
                        "SELECT setval('actuals_revision_seq', "
                        "nextval('actuals_revision_seq') + $1::bigint - 1)",
                        reserve_params);
    if (!last) return last.error();
    const std::int64_t first = last->first_int() - static_cast<std::int64_t>(total) + 1;

    // COPY: one round trip for every row of the group, no statement per record to plan.
    std::vector<AppendReceipt> receipts;
    std::string rows;
    std::int64_t next = first;
    for (std::size_t i = 0; i < group.size(); ++i) {
      const PgPending& p = *group[i];
      rows += copy_rows(p.batch, next, *p.source, received, batch_ids[i]);
      receipts.push_back(AppendReceipt{next, p.batch.size(), received});
      next += static_cast<std::int64_t>(p.batch.size());
    }
    if (auto r = db.copy_in("append: records", kCopyActuals, rows); !r) return r.error();
    const std::string payload = std::to_string(first) + "-" + std::to_string(next - 1);
    const std::string channel(kPostgresChangeChannel);
    const char* notify_params[] = {channel.c_str(), payload.c_str()};
    // Inside the transaction: PostgreSQL delivers it only if the COMMIT succeeds.
    if (auto r = db.exec("append: notify", "SELECT pg_notify($1, $2)", notify_params); !r) {
      return r.error();
    }
    if (auto r = db.exec("append: commit", "COMMIT"); !r) return r.error();
    return receipts;
  }

  StoreResult<Ok> fill_record(const PgResult& rows, int i, ActualRecord& r) const {
    r.revision = parse_number<std::int64_t>(rows.text(i, 0));
    r.department = rows.text(i, 1);
    r.project = rows.text(i, 2);
    r.indicator = rows.text(i, 3);
    auto as_of = Date::parse(rows.text(i, 4));
    if (!as_of) {
      return detail::store_error(StoreErrorKind::kCorrupt, pool_.target().where,
                                 "revision " + std::to_string(r.revision) +
                                     " has a malformed as_of \"" + std::string(rows.text(i, 4)) +
                                     "\"");
    }
    r.as_of = *as_of;
    r.value = parse_number<double>(rows.text(i, 5));
    r.mode = detail::stored_mode(rows.text(i, 6));
    r.unit = rows.text(i, 7);
    r.note = rows.text(i, 8);
    r.cause = rows.text(i, 9);
    r.likelihood = rows.text(i, 10);
    if (!rows.is_null(i, 11)) r.forecast = parse_number<double>(rows.text(i, 11));
    r.measure = rows.text(i, 12);
    r.source = rows.text(i, 13);
    r.received_unix = parse_number<std::int64_t>(rows.text(i, 14));
    r.retracted = rows.text(i, 15) == "t";
    r.fund = detail::stored_fund(rows.text(i, 16));
    return Ok{};
  }

  PostgresStoreOptions options_;  // before pool_, which keeps a reference to it
  mutable PgPool pool_;
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<PgPending*> queue_;  // waiting appends; the front one commits
};

}  // namespace

int postgres_store_schema_version() { return detail::latest_pg_schema_version(); }

StoreResult<std::unique_ptr<ActualsStore>> open_postgres_store(
    const std::string& url, const PostgresStoreOptions& options) {
  auto target =
      detail::parse_pg_target(url, options.connect_timeout_ms, options.statement_timeout_ms);
  if (!target) return target.error();
  // Migrate on a connection of its own, then let the pool make connections as needed.
  {
    auto conn = PgConn::connect(*target);
    if (!conn) return conn.error();
    if (auto r = detail::migrate_pg(**conn); !r) return r.error();
  }
  std::unique_ptr<ActualsStore> store =
      std::make_unique<PostgresStore>(std::move(*target), options);
  return store;
}

}  // namespace targetwatch
