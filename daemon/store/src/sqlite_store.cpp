// SqliteStore: WAL-mode SQLite with a group-committing writer and a pool of read connections.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "record_codec.h"
#include "schema.h"
#include "sqlite_db.h"
#include "sqlite_latest.h"
#include "targetwatch/store/actuals_store.h"

namespace targetwatch {
namespace {

using detail::Connection;
using detail::Statement;

constexpr const char* kInsertBatch =
    "INSERT INTO batches (source, received_unix, record_count) VALUES (?1, ?2, ?3)";
// Rows go in many at a time: one statement per row spends most of an append on the statement's
// own start and end (and the AUTOINCREMENT counter's update), not on the rows. A batch takes the
// largest statements that fit, then smaller ones for the rest (each size is prepared once).
constexpr int kColumns = 17;
constexpr std::array<std::size_t, 3> kRowsPerInsert{1024, 64, 1};  // 1024 x 17: below the limit

std::string insert_actuals_sql(std::size_t rows) {
  std::string sql =
      "INSERT INTO actuals (department, project, indicator, as_of, value, mode, unit, note, "
      "cause, likelihood, forecast, measure, source, received_unix, batch_id, retracted, fund) "
      "VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(?" : ", (?";
    for (int c = 1; c < kColumns; ++c) sql += ", ?";
    sql += ")";
  }
  return sql;
}
// Every column, in fill_record's order; the callers add the WHERE clause.
constexpr const char* kSelectActuals =
    "SELECT revision, department, project, indicator, as_of, value, mode, unit, note, cause, "
    "likelihood, forecast, measure, source, received_unix, retracted, fund FROM actuals";

using TakeChunk = std::function<void(std::vector<ActualRecord>&&)>;

// Hands records to `take` at most `limit` at a time through one reused buffer. A taker that
// only consumes the records leaves the buffer: reusing it spares mapping and faulting in a fresh
// one per chunk (most of a start-up scan's kernel time).
class ChunkedTake {
 public:
  ChunkedTake(std::size_t limit, std::size_t expected, const TakeChunk& take)
      : limit_(limit), take_(take) {
    buffer_.reserve(std::min(expected, limit));
  }
  // A new record at the end of the chunk (a full chunk is handed over first).
  ActualRecord& next() {
    if (buffer_.size() == limit_) {
      take_(std::move(buffer_));
      buffer_.clear();
      buffer_.reserve(limit_);
    }
    return buffer_.emplace_back();
  }
  // Hands over the last chunk; an empty one only when `even_empty`.
  void finish(bool even_empty) {
    if (!buffer_.empty() || even_empty) take_(std::move(buffer_));
  }

 private:
  const std::size_t limit_;
  const TakeChunk& take_;
  std::vector<ActualRecord> buffer_;
};

std::int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Settings every connection needs; journal_mode is the first statement that reads the file, so
// a file that is not SQLite fails here with SQLite's "file is not a database".
StoreResult<Connection> open_connection(const std::string& path, int busy_timeout_ms, bool writer) {
  auto db = Connection::open(path, busy_timeout_ms);
  if (!db) return db.error();
  // 16 KiB pages for a new file (a no-op for an existing one): an append writes its log a page
  // at a time, two system calls per page, and larger pages need a quarter of them. Must precede
  // journal_mode, which writes the first page.
  if (writer) {
    if (auto r = db->exec("PRAGMA page_size = 16384"); !r) return r.error();
  }
  auto mode = db->query_text("PRAGMA journal_mode = WAL");
  if (!mode) return mode.error();
  if (*mode != "wal") {
    return db->error(StoreErrorKind::kOther,
                     "cannot use write-ahead logging (journal_mode is " + *mode + ")");
  }
  if (auto r = db->exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON"); !r) {
    return r.error();
  }
  if (writer) {
    // Appends insert into two indexes at scattered places: a page cache that holds their
    // pages (16 MiB, filled only as used) spares re-reading and re-parsing them per batch.
    if (auto r = db->exec("PRAGMA cache_size = -16384"); !r) return r.error();
  } else {
    // Readers scan the whole table at start-up and on reload; a larger page cache keeps it hot.
    // (No mmap: an I/O error on a mapped page is a SIGBUS instead of an error message.)
    if (auto r = db->exec("PRAGMA query_only = ON; PRAGMA cache_size = -32768"); !r) {
      return r.error();
    }
  }
  return db;
}

// Commits of any connection to the file, seen as changes of PRAGMA data_version on a connection
// of the feed's own (which never writes): cheap enough to poll every few milliseconds, and it
// sees other processes as well as this one.
class SqliteChangeFeed final : public ChangeFeed {
 public:
  SqliteChangeFeed(std::string path, int busy_timeout_ms)
      : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms) {
    // Connect now so that the baseline predates the subscriber's first read.
    (void)connect();
    changed_ = false;
  }

  StoreResult<ChangeNotice> wait(std::chrono::milliseconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (!db_) {
      if (auto r = connect(); !r) return r.error();
    }
    for (;;) {
      const int rc = version_.step();
      if (rc != SQLITE_ROW) {
        auto e = db_->error("change feed", rc);
        version_ = Statement();
        db_.reset();
        return e;
      }
      const std::int64_t v = version_.integer(0);
      version_.reset();
      if (v != last_version_) changed_ = true;
      last_version_ = v;
      if (changed_) {
        changed_ = false;
        return ChangeNotice{true, 0};
      }
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return ChangeNotice{};
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
          deadline - now, std::chrono::milliseconds(kPollMs)));
    }
  }

 private:
  static constexpr int kPollMs = 20;

  StoreResult<Ok> connect() {
    auto db = open_connection(path_, busy_timeout_ms_, false);
    if (!db) return db.error();
    auto v = db->query_int("PRAGMA data_version");
    if (!v) return v.error();
    auto stmt = db->prepare("PRAGMA data_version");
    if (!stmt) return stmt.error();
    db_ = std::make_unique<Connection>(std::move(*db));
    version_ = std::move(*stmt);
    last_version_ = *v;
    changed_ = true;  // commits may have happened while there was no connection
    return Ok{};
  }

  const std::string path_;
  const int busy_timeout_ms_;
  std::unique_ptr<Connection> db_;
  Statement version_;  // declared after db_: finalized before the connection closes
  std::int64_t last_version_ = 0;
  bool changed_ = false;
};

// Copies the write-ahead log back into the database file on a thread and a connection of its
// own, so that no append waits for it. SQLite's automatic checkpoint would run inside the COMMIT
// of whichever append crosses its threshold (a few percent of ingest, all of it on one request).
// Durability does not depend on checkpoints: an append is acknowledged once its COMMIT has
// synced the log (synchronous = FULL); a checkpoint only moves committed frames into the main
// file (syncing it before the log is reused). A PASSIVE checkpoint takes no lock that appends
// or reads wait for; one that fails or stops short (newer frames, a reader still on old ones) is
// tried again when the appends pause or the log has grown by another kPages.
class Checkpointer {
 public:
  explicit Checkpointer(Connection db) : db_(std::move(db)), thread_([this] { run(); }) {}
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

  // Called by the writer after each commit with the pages in the log; cheap (no I/O) unless
  // the log has outgrown kMaxPages. A checkpoint is asked for per kPages new pages, not per
  // commit: small appends arriving while one runs would otherwise each start another (and its
  // fsync), slowing the appends themselves.
  void committed(sqlite3* writer, int pages) {
    commits_.fetch_add(1, std::memory_order_relaxed);
    if (pages < requested_at_) requested_at_ = 0;  // the log started over
    if (pages >= kMaxPages) {
      // Appends without a pause keep any checkpoint from finishing, so the log never starts
      // over: past this size the writer checkpoints itself, as SQLite would.
      (void)sqlite3_wal_checkpoint_v2(writer, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      return;
    }
    if (pages - requested_at_ < kPages) return;
    requested_at_ = pages;
    {
      std::lock_guard lock(mu_);
      requested_ = true;
    }
    cv_.notify_one();
  }

  // Log pages per checkpoint: SQLite's own default threshold.
  static constexpr int kPages = 1000;
  static constexpr int kMaxPages = 4 * kPages;

 private:
  void run() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return stop_ || requested_; });
      if (stop_) return;
      requested_ = false;
      lock.unlock();
      int log = 0;
      int copied = 0;
      const int rc =
          sqlite3_wal_checkpoint_v2(db_.get(), "main", SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
      lock.lock();
      // Frames committed meanwhile (or still read) stay in the log, and the log starts over only
      // once all are copied: when the appends pause, copy the rest, so that the next append can
      // start the log over. (While they go on, their own requests follow.)
      if (rc != SQLITE_OK || copied < log) {
        for (int i = 0; i < kRetries && !stop_ && !requested_; ++i) {
          const auto seen = commits_.load(std::memory_order_relaxed);
          cv_.wait_for(lock, kRetryAfter, [this] { return stop_ || requested_; });
          if (commits_.load(std::memory_order_relaxed) == seen) {
            requested_ = true;
            break;
          }
        }
      }
    }
  }

  static constexpr int kRetries = 10;
  static constexpr std::chrono::milliseconds kRetryAfter{200};

  Connection db_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool requested_ = false;
  bool stop_ = false;
  std::atomic<std::uint64_t> commits_{0};
  int requested_at_ = 0;  // log pages at the last request; the writer's own (one at a time)
  std::thread thread_;    // last: starts once everything it uses exists
};

// One caller's batch waiting in the writer queue; lives on the caller's stack.
struct Pending {
  std::span<const ActualRecord> batch;
  const std::string* source;
  std::optional<StoreResult<AppendReceipt>> result;
  bool done = false;
};

class SqliteStore final : public ActualsStore {
 public:
  SqliteStore(std::string path, SqliteStoreOptions options, Connection writer,
              Statement insert_batch, std::vector<Statement> insert_actuals, Connection checkpoint)
      : path_(std::move(path)),
        options_(std::move(options)),
        writer_(std::move(writer)),
        insert_batch_(std::move(insert_batch)),
        insert_actuals_(std::move(insert_actuals)),
        checkpointer_(std::make_unique<Checkpointer>(std::move(checkpoint))),
        snapshot_keeper_(std::make_unique<detail::LatestSnapshotKeeper>(
            [this] { return open_connection(path_, options_.busy_timeout_ms, true); },
            options_.snapshot_every_records,
            std::chrono::milliseconds(options_.snapshot_quiet_ms))) {
    // Replaces SQLite's automatic checkpoint on the writer (the same hook): the commit only
    // hands the work to the checkpointer.
    sqlite3_wal_hook(writer_.get(), &SqliteStore::on_commit, checkpointer_.get());
  }

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  ~SqliteStore() override {
    sqlite3_wal_hook(writer_.get(), nullptr, nullptr);
    snapshot_keeper_.reset();
    // The next start-up reads the latest revisions and what came after them: bring the
    // snapshot up to date now, while nothing is being appended. A failure only makes that
    // start-up read more.
    if (auto db = open_connection(path_, options_.busy_timeout_ms, true)) {
      (void)detail::refresh_latest_snapshot(*db);
    }
  }

  StoreResult<AppendReceipt> append(std::span<const ActualRecord> batch,
                                    const std::string& source) override {
    if (batch.empty()) return AppendReceipt{};
    Pending self{batch, &source, std::nullopt, false};
    std::unique_lock lock(mu_);
    queue_.push_back(&self);
    // A leader waiting out its window wants to know when companions arrive.
    if (options_.group_commit_window_us > 0) cv_.notify_all();
    cv_.wait(lock, [&] { return self.done || queue_.front() == &self; });
    if (self.done) return appended(std::move(*self.result), batch.size());

    // This caller leads: it commits itself and whoever queued behind it.
    if (options_.group_commit && options_.group_commit_window_us > 0) {
      const auto deadline = std::chrono::steady_clock::now() +
                            std::chrono::microseconds(options_.group_commit_window_us);
      cv_.wait_until(lock, deadline, [&] { return queue_.size() >= max_group(); });
    }
    const std::size_t n = std::min(queue_.size(), options_.group_commit ? max_group() : 1);
    std::vector<Pending*> group(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    lock.unlock();
    commit_group(group);
    lock.lock();
    for (std::size_t i = 0; i < n; ++i) {
      queue_.front()->done = true;
      queue_.pop_front();
    }
    cv_.notify_all();
    return appended(std::move(*self.result), batch.size());
  }

  StoreResult<std::vector<ActualRecord>> read(const ActualsQuery& query) const override {
    std::vector<ActualRecord> out;
    auto done =
        read_chunks(query, 0, [&out](std::vector<ActualRecord>&& all) { out = std::move(all); });
    if (!done) return done.error();
    return out;
  }

  StoreResult<Ok> read_chunks(
      const ActualsQuery& query, std::size_t chunk_size,
      const std::function<void(std::vector<ActualRecord>&&)>& take) const override {
    auto lease = acquire_reader();
    if (!lease) return lease.error();
    auto result = read_with(**lease, query, chunk_size, take);
    release(std::move(*lease));
    return result;
  }

  StoreResult<std::int64_t> read_latest(
      std::size_t chunk_size,
      const std::function<void(std::vector<ActualRecord>&&)>& take) const override {
    auto lease = acquire_reader();
    if (!lease) return lease.error();
    Connection& db = **lease;
    // One read transaction: the snapshot, the count and the records after it agree.
    if (auto r = db.exec("BEGIN"); !r) return r.error();
    auto result = read_latest_with(db, chunk_size, take);
    (void)db.exec(result ? "COMMIT" : "ROLLBACK");
    release(std::move(*lease));
    return result;
  }

  StoreResult<std::int64_t> count() const override {
    auto lease = acquire_reader();
    if (!lease) return lease.error();
    auto n = (*lease)->query_int("SELECT count(*) FROM actuals");
    release(std::move(*lease));
    return n;
  }

  StoreResult<Ok> ping() const override {
    // A read of the schema version touches the file (a deleted or unreadable disk fails here).
    auto lease = acquire_reader();
    if (!lease) return lease.error();
    auto v = (*lease)->query_int("PRAGMA user_version");
    release(std::move(*lease));
    if (!v) return v.error();
    return Ok{};
  }

  std::unique_ptr<ChangeFeed> subscribe() const override;

 private:
  static int on_commit(void* checkpointer, sqlite3* db, const char* /*schema*/, int pages) {
    static_cast<Checkpointer*>(checkpointer)->committed(db, pages);
    return SQLITE_OK;
  }

  StoreResult<AppendReceipt> appended(StoreResult<AppendReceipt> result, std::size_t records) {
    if (result) snapshot_keeper_->appended(records);
    return result;
  }

  std::size_t max_group() const { return std::max<std::size_t>(1, options_.max_group_batches); }

  std::int64_t now() const { return options_.now ? options_.now() : system_now(); }

  // One transaction for the whole group, a savepoint per batch: a failing batch rolls back
  // alone, and the group shares a single commit (one fsync).
  void commit_group(const std::vector<Pending*>& group) {
    try {
      const std::int64_t received = now();
      if (auto r = writer_.exec("BEGIN IMMEDIATE"); !r) {
        for (auto* p : group) p->result = r.error();
        return;
      }
      bool any_ok = false;
      for (auto* p : group) {
        if (auto r = writer_.exec("SAVEPOINT batch"); !r) return abort_group(group, r.error());
        auto receipt = insert_batch(*p, received);
        if (receipt) {
          if (auto r = writer_.exec("RELEASE batch"); !r) return abort_group(group, r.error());
          any_ok = true;
        } else if (auto r = writer_.exec("ROLLBACK TO batch; RELEASE batch"); !r) {
          return abort_group(group, r.error());
        }
        p->result = std::move(receipt);
      }
      if (!any_ok) {
        (void)writer_.exec("ROLLBACK");
        return;
      }
      if (auto r = writer_.exec("COMMIT"); !r) return abort_group(group, r.error());
    } catch (const std::exception& e) {
      abort_group(group, writer_.error(StoreErrorKind::kOther, e.what()));
    }
  }

  // Nothing of the group is stored: every caller gets the error (a batch that failed on its own
  // keeps its own, more precise, error).
  void abort_group(const std::vector<Pending*>& group, const StoreError& error) {
    if (sqlite3_get_autocommit(writer_.get()) == 0) (void)writer_.exec("ROLLBACK");
    for (auto* p : group) {
      if (!p->result || p->result->ok()) p->result = error;
    }
  }

  StoreResult<AppendReceipt> insert_batch(const Pending& p, std::int64_t received) {
    const auto& source = *p.source;
    insert_batch_.reset();
    insert_batch_.bind(1, std::string_view(source));
    insert_batch_.bind(2, received);
    insert_batch_.bind(3, static_cast<std::int64_t>(p.batch.size()));
    if (const int rc = insert_batch_.step(); rc != SQLITE_DONE) {
      auto e = writer_.error("append", rc);
      insert_batch_.reset();
      return e;
    }
    insert_batch_.reset();
    const std::int64_t batch_id = sqlite3_last_insert_rowid(writer_.get());
    AppendReceipt receipt;
    receipt.count = p.batch.size();
    receipt.received_unix = received;
    // The texts of as_of, bound without a copy; and whether every row meets the CHECKs.
    as_of_texts_.clear();
    as_of_texts_.reserve(p.batch.size());
    bool all_meet = true;
    for (std::size_t i = 0; i < p.batch.size(); ++i) {
      // SQLite stores a NaN as NULL, which would turn a garbage forecast into "no forecast".
      const ActualRecord& r = p.batch[i];
      if (r.forecast && std::isnan(*r.forecast)) {
        return writer_.error(
            StoreErrorKind::kInvalid,
            "append: record " + std::to_string(i + 1) + " of the batch: forecast is not a number");
      }
      as_of_texts_.push_back(r.as_of.iso());
      all_meet = all_meet && detail::meets_actuals_checks({r.indicator, as_of_texts_.back(),
                                                           r.value, to_string(r.mode), r.forecast,
                                                           r.retracted ? 1 : 0, to_string(r.fund)});
    }
    // SQLite's evaluation of the CHECKs is a third of an append's statement work, and redundant
    // when every row passed above; a batch with a row that did not has SQLite check (and name
    // the record at fault) as before.
    if (auto r = ignore_checks(all_meet); !r) return r.error();
    std::size_t i = 0;
    while (i < p.batch.size()) {
      const std::size_t left = p.batch.size() - i;
      std::size_t k = 0;
      while (kRowsPerInsert[k] > left) ++k;  // the last size is 1
      const std::size_t rows = kRowsPerInsert[k];
      auto& s = insert_actuals_[k];
      s.reset();
      for (std::size_t j = 0; j < rows; ++j) {
        bind_record(s, static_cast<int>(j) * kColumns, p.batch[i + j], as_of_texts_[i + j], source,
                    received, batch_id);
      }
      const int rc = s.step();
      s.reset();
      sqlite3_clear_bindings(s.get());  // the texts bound without a copy go with the batch
      if (rc != SQLITE_DONE) {
        // A failed statement leaves none of its rows: the rows are tried one by one to name
        // the record at fault.
        if (rows > 1)
          return locate_failure(p, i, rows, received, batch_id, writer_.error("append", rc));
        return writer_.error("append: record " + std::to_string(i + 1) + " of the batch", rc);
      }
      if (i == 0) {
        receipt.first_revision =
            sqlite3_last_insert_rowid(writer_.get()) - static_cast<std::int64_t>(rows) + 1;
      }
      i += rows;
    }
    return receipt;
  }

  // Turns SQLite's evaluation of CHECK constraints on the writer off or on. The setting is the
  // connection's (other connections, other tools, always check); changing it makes SQLite
  // recompile the writer's statements on their next use, which happens only after a batch that
  // failed the checks here.
  StoreResult<Ok> ignore_checks(bool ignore) {
    if (checks_ignored_ == ignore) return Ok{};
    auto r = writer_.exec(ignore ? "PRAGMA ignore_check_constraints = ON"
                                 : "PRAGMA ignore_check_constraints = OFF");
    if (r) checks_ignored_ = ignore;
    return r;
  }

  // Texts of the record and the source are bound without a copy: they outlive the step.
  void bind_record(Statement& s, int base, const ActualRecord& r, std::string_view as_of,
                   const std::string& source, std::int64_t received, std::int64_t batch_id) {
    s.bind_static(base + 1, r.department);
    s.bind_static(base + 2, r.project);
    s.bind_static(base + 3, r.indicator);
    s.bind_static(base + 4, as_of);
    s.bind(base + 5, r.value);
    s.bind_static(base + 6, to_string(r.mode));
    s.bind_static(base + 7, r.unit);
    s.bind_static(base + 8, r.note);
    s.bind_static(base + 9, r.cause);
    s.bind_static(base + 10, r.likelihood);
    if (r.forecast) {
      s.bind(base + 11, *r.forecast);
    } else {
      s.bind_null(base + 11);
    }
    s.bind_static(base + 12, r.measure);
    s.bind_static(base + 13, source);
    s.bind(base + 14, received);
    s.bind(base + 15, batch_id);
    s.bind(base + 16, std::int64_t{r.retracted ? 1 : 0});
    s.bind_static(base + 17, to_string(r.fund));
  }

  // The error of the first of `rows` records from `first` that fails alone (the caller rolls
  // the whole batch back); `fallback` when each goes in alone (then the statement as a whole
  // failed, e.g. for lack of disk).
  StoreError locate_failure(const Pending& p, std::size_t first, std::size_t rows,
                            std::int64_t received, std::int64_t batch_id, StoreError fallback) {
    for (std::size_t k = first; k < first + rows; ++k) {
      auto& s = insert_actuals_.back();
      s.reset();
      bind_record(s, 0, p.batch[k], as_of_texts_[k], *p.source, received, batch_id);
      const int rc = s.step();
      s.reset();
      sqlite3_clear_bindings(s.get());
      if (rc != SQLITE_DONE) {
        return writer_.error("append: record " + std::to_string(k + 1) + " of the batch", rc);
      }
    }
    return fallback;
  }

  // One scan in revision order; chunk_size 0: everything in one chunk. The scan runs in one
  // read transaction, so the chunks are one consistent snapshot.
  StoreResult<Ok> read_with(Connection& db, const ActualsQuery& query, std::size_t chunk_size,
                            const std::function<void(std::vector<ActualRecord>&&)>& take) const {
    if ((query.departments && query.departments->empty()) || query.limit == 0u) {
      if (chunk_size == 0) take({});
      return Ok{};
    }
    std::string sql = std::string(kSelectActuals) + " WHERE revision > ?1";
    if (query.department) sql += " AND department = ?2";
    if (query.project) sql += " AND project = ?3";
    if (query.indicator) sql += " AND indicator = ?4";
    // The scope is part of the query (one parameter per department, ?6 on), so LIMIT counts
    // only what the reader may see.
    constexpr int kFirstScopeParam = 6;
    if (query.departments) {
      sql += " AND department IN (";
      for (std::size_t i = 0; i < query.departments->size(); ++i) {
        sql += (i == 0 ? "?" : ", ?") + std::to_string(kFirstScopeParam + static_cast<int>(i));
      }
      sql += ")";
    }
    sql += " ORDER BY revision";
    if (query.limit) sql += " LIMIT ?5";
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, query.after_revision);
    if (query.department) stmt->bind(2, std::string_view(*query.department));
    if (query.project) stmt->bind(3, std::string_view(*query.project));
    if (query.indicator) stmt->bind(4, std::string_view(*query.indicator));
    if (query.limit) {
      // SQLite's LIMIT is a signed 64-bit number; anything above is "no limit" in practice.
      stmt->bind(5, static_cast<std::int64_t>(std::min<std::size_t>(
                        *query.limit, std::numeric_limits<std::int64_t>::max())));
    }
    if (query.departments) {
      for (std::size_t i = 0; i < query.departments->size(); ++i) {
        stmt->bind(kFirstScopeParam + static_cast<int>(i),
                   std::string_view((*query.departments)[i]));
      }
    }
    std::size_t expected = 0;
    if (!query.department && !query.project && !query.indicator && !query.departments) {
      // A scan returns at most every revision above after_revision (and at most the limit):
      // reserving that (the rowid's maximum is one index probe) spares the vector's regrowth.
      auto top = db.query_int("SELECT coalesce(max(revision), 0) FROM actuals");
      if (!top) return top.error();
      if (*top > query.after_revision) {
        expected = std::min(static_cast<std::size_t>(*top - query.after_revision),
                            query.limit.value_or(std::numeric_limits<std::size_t>::max()));
      }
    }
    ChunkedTake out(chunk_size == 0 ? SIZE_MAX : chunk_size, expected, take);
    int rc = SQLITE_OK;
    while ((rc = stmt->step()) == SQLITE_ROW) {
      if (auto ok = fill_record(*stmt, out.next()); !ok) return ok.error();
    }
    if (rc != SQLITE_DONE) return db.error("read", rc);
    out.finish(chunk_size == 0);
    return Ok{};
  }

  StoreResult<std::int64_t> read_latest_with(
      Connection& db, std::size_t chunk_size,
      const std::function<void(std::vector<ActualRecord>&&)>& take) const {
    auto stored = db.query_int("SELECT count(*) FROM actuals");
    if (!stored) return stored.error();
    auto snapshot = detail::load_latest_snapshot(db);
    if (!snapshot) return snapshot.error();
    // The snapshot's revisions, a chunk at a time through one reused buffer. The triggers reset
    // the snapshot on any deletion, so each is stored; if one is not (the triggers were
    // dropped), the store is refused rather than read without that figure's history.
    if (!snapshot->revisions.empty()) {
      auto stmt = db.prepare(std::string(kSelectActuals) + " WHERE revision = ?1");
      if (!stmt) return stmt.error();
      ChunkedTake chunks(chunk_size == 0 ? SIZE_MAX : chunk_size, snapshot->revisions.size(), take);
      for (std::int64_t revision : snapshot->revisions) {
        stmt->bind(1, revision);
        const int rc = stmt->step();
        if (rc == SQLITE_DONE) {
          return db.error(StoreErrorKind::kCorrupt,
                          "the latest-revisions snapshot names revision " +
                              std::to_string(revision) +
                              ", which is not stored (were rows deleted with the triggers "
                              "dropped?); reset it with: UPDATE latest_snapshot SET "
                              "up_to_revision = 0, revisions = x''");
        }
        if (rc != SQLITE_ROW) return db.error("read", rc);
        if (auto ok = fill_record(*stmt, chunks.next()); !ok) return ok.error();
        stmt->reset();
      }
      chunks.finish(false);
    }
    ActualsQuery rest;
    rest.after_revision = snapshot->up_to_revision;
    if (auto r = read_with(db, rest, chunk_size, take); !r) return r.error();
    return *stored;
  }

  // Fills `r` from the current row, copying each text once (straight into the record).
  StoreResult<Ok> fill_record(const Statement& s, ActualRecord& r) const {
    r.revision = s.integer(0);
    r.department = s.view(1);
    r.project = s.view(2);
    r.indicator = s.view(3);
    auto as_of = Date::parse(s.view(4));
    if (!as_of) {
      return detail::store_error(StoreErrorKind::kCorrupt, path_,
                                 "revision " + std::to_string(r.revision) +
                                     " has a malformed as_of \"" + std::string(s.view(4)) + "\"");
    }
    r.as_of = *as_of;
    r.value = s.real(5);
    r.mode = detail::stored_mode(s.view(6));
    r.unit = s.view(7);
    r.note = s.view(8);
    r.cause = s.view(9);
    r.likelihood = s.view(10);
    if (!s.is_null(11)) r.forecast = s.real(11);
    r.measure = s.view(12);
    r.source = s.view(13);
    r.received_unix = s.integer(14);
    r.retracted = s.integer(15) != 0;
    r.fund = detail::stored_fund(s.view(16));
    return Ok{};
  }

  // Readers: WAL lets them run beside the writer; each connection serves one thread at a time.
  using Lease = std::unique_ptr<Connection>;

  StoreResult<Lease> acquire_reader() const {
    {
      std::lock_guard lock(readers_mu_);
      if (!idle_readers_.empty()) {
        Lease lease = std::move(idle_readers_.back());
        idle_readers_.pop_back();
        return lease;
      }
    }
    auto db = open_connection(path_, options_.busy_timeout_ms, false);
    if (!db) return db.error();
    return std::make_unique<Connection>(std::move(*db));
  }

  void release(Lease lease) const {
    std::lock_guard lock(readers_mu_);
    if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(lease));
  }

  static constexpr std::size_t kMaxIdleReaders = 8;

  const std::string path_;
  const SqliteStoreOptions options_;

  std::mutex mu_;  // guards queue_; the queue's front owns writer_ and its statements
  std::condition_variable cv_;
  std::deque<Pending*> queue_;
  Connection writer_;
  Statement insert_batch_;
  std::vector<Statement> insert_actuals_;  // insert_actuals_[k]: kRowsPerInsert[k] rows
  std::vector<std::string> as_of_texts_;   // of the batch being inserted
  bool checks_ignored_ = false;            // PRAGMA ignore_check_constraints of the writer
  // After writer_: stopped (and its connection closed) first, so that the writer's connection is
  // the file's last and its close checkpoints and removes the log.
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<detail::LatestSnapshotKeeper> snapshot_keeper_;

  mutable std::mutex readers_mu_;
  mutable std::vector<Lease> idle_readers_;
};

}  // namespace

std::unique_ptr<ChangeFeed> SqliteStore::subscribe() const {
  return std::make_unique<SqliteChangeFeed>(path_, options_.busy_timeout_ms);
}

int sqlite_store_schema_version() { return detail::latest_schema_version(); }

StoreResult<std::unique_ptr<ActualsStore>> open_sqlite_store(const std::string& path,
                                                             const SqliteStoreOptions& options) {
  auto fail = [&](StoreErrorKind kind, const std::string& what) {
    return detail::store_error(kind, path, what);
  };
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
    return StoreError{
        StoreErrorKind::kOther,
        "store \"" + path + "\": needs a file path (use make_memory_store for a store in memory)"};
  }
  if (sqlite3_threadsafe() == 0)
    return fail(StoreErrorKind::kOther, "SQLite built without threads");
  std::error_code ec;
  const auto parent = std::filesystem::absolute(path, ec).parent_path();
  if (!ec && !std::filesystem::is_directory(parent, ec)) {
    if (!options.create_directories) {
      return fail(StoreErrorKind::kOther, "directory " + parent.string() + " does not exist");
    }
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return fail(StoreErrorKind::kOther, "cannot create " + parent.string() + ": " + ec.message());
    }
  }
  if (std::filesystem::is_directory(path, ec)) {
    return fail(StoreErrorKind::kOther, "is a directory, not a file");
  }
  auto writer = open_connection(path, options.busy_timeout_ms, true);
  if (!writer) return writer.error();
  // SQLite quietly falls back to read-only when the file is not writable; appends would then
  // fail one by one much later.
  if (sqlite3_db_readonly(writer->get(), "main") == 1) {
    return fail(StoreErrorKind::kOther, "the file is read-only");
  }
  const std::int64_t now = options.now ? options.now() : system_now();
  if (auto r = detail::migrate(*writer, now); !r) return r.error();
  auto insert_batch = writer->prepare(kInsertBatch);
  if (!insert_batch) return insert_batch.error();
  std::vector<Statement> insert_actuals;
  for (const std::size_t rows : kRowsPerInsert) {
    auto insert = writer->prepare(insert_actuals_sql(rows));
    if (!insert) return insert.error();
    insert_actuals.push_back(std::move(*insert));
  }
  auto checkpoint = open_connection(path, options.busy_timeout_ms, true);
  if (!checkpoint) return checkpoint.error();
  std::unique_ptr<ActualsStore> store =
      std::make_unique<SqliteStore>(path, options, std::move(*writer), std::move(*insert_batch),
                                    std::move(insert_actuals), std::move(*checkpoint));
  return store;
}

}  // namespace targetwatch
