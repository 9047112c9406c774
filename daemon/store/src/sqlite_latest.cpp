// The latest-revisions snapshot of the SQLite store (sqlite_latest.h).
#include "sqlite_latest.h"

#include <algorithm>
#include <unordered_map>

namespace targetwatch::detail {
namespace {

constexpr char kFormat = 1;

// One identity as one string: each field after its length, so no text can fake a boundary.
std::string identity_key(const Statement& s, int first_column) {
  std::string key;
  for (int c = first_column; c < first_column + 5; ++c) {
    const std::string_view field = s.view(c);
    key += std::to_string(field.size());
    key += ':';
    key += field;
  }
  return key;
}

constexpr const char* kIdentityColumns = "department, project, indicator, as_of, fund";

}  // namespace

namespace {

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

std::optional<std::uint64_t> get_varint(std::string_view bytes, std::size_t& at) {
  std::uint64_t v = 0;
  for (int shift = 0; shift <= 63; shift += 7) {
    if (at >= bytes.size()) return std::nullopt;
    const auto byte = static_cast<unsigned char>(bytes[at++]);
    v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return v;
  }
  return std::nullopt;
}

// FNV-1a over the encoded list: a damaged blob must not read as another valid list (a lost
// revision would silently drop a figure from every evaluation).
std::uint64_t checksum(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

constexpr std::size_t kChecksumBytes = 8;

}  // namespace

std::string encode_revisions(std::span<const std::int64_t> ascending) {
  std::string out(1, kFormat);
  out.reserve(16 + ascending.size() * 2);
  put_varint(out, ascending.size());
  std::int64_t previous = 0;
  for (std::int64_t r : ascending) {
    put_varint(out, static_cast<std::uint64_t>(r - previous));
    previous = r;
  }
  std::uint64_t sum = checksum(out);
  for (std::size_t i = 0; i < kChecksumBytes; ++i, sum >>= 8) out += static_cast<char>(sum & 0xff);
  return out;
}

std::optional<std::vector<std::int64_t>> decode_revisions(std::string_view bytes) {
  if (bytes.size() < 2 + kChecksumBytes || bytes.front() != kFormat) return std::nullopt;
  const std::string_view body = bytes.substr(0, bytes.size() - kChecksumBytes);
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < kChecksumBytes; ++i) {
    sum |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[body.size() + i]))
           << (8 * i);
  }
  if (sum != checksum(body)) return std::nullopt;
  std::size_t at = 1;
  const auto count = get_varint(body, at);
  // Every revision takes at least one byte: a larger count is damage, not a reason to allocate.
  if (!count || *count > body.size() - at) return std::nullopt;
  std::vector<std::int64_t> out;
  out.reserve(*count);
  std::int64_t previous = 0;
  while (at < body.size()) {
    const auto delta = get_varint(body, at);
    // Revisions are positive and strictly ascending: a zero or overflowing delta is damage.
    if (!delta || *delta == 0 || *delta > static_cast<std::uint64_t>(INT64_MAX - previous)) {
      return std::nullopt;
    }
    previous += static_cast<std::int64_t>(*delta);
    out.push_back(previous);
  }
  if (out.size() != *count) return std::nullopt;
  return out;
}

StoreResult<LatestSnapshot> load_latest_snapshot(Connection& db) {
  auto stmt =
      db.prepare("SELECT up_to_revision, revisions, edits FROM latest_snapshot WHERE id = 1");
  if (!stmt) return stmt.error();
  const int rc = stmt->step();
  if (rc == SQLITE_DONE) return LatestSnapshot{};
  if (rc != SQLITE_ROW) return db.error("read the latest-revisions snapshot", rc);
  LatestSnapshot out;
  out.edits = stmt->integer(2);
  out.saved_up_to = stmt->integer(0);
  // An empty blob is the reset state (nothing kept: read everything); a malformed one reads
  // the same way, so damage costs a slower start-up, never a missing figure.
  auto revisions = decode_revisions(stmt->view(1));
  const std::int64_t up_to = stmt->integer(0);
  if (!revisions || up_to < 0 || (!revisions->empty() && revisions->back() > up_to)) return out;
  out.up_to_revision = up_to;
  out.revisions = std::move(*revisions);
  return out;
}

StoreResult<Ok> refresh_latest_snapshot(Connection& db) {
  if (auto r = db.exec("BEGIN"); !r) return r;
  auto computed = [&]() -> StoreResult<std::optional<LatestSnapshot>> {
    auto saved = load_latest_snapshot(db);
    if (!saved) return saved.error();
    auto top = db.query_int("SELECT coalesce(max(revision), 0) FROM actuals");
    if (!top) return top.error();
    // Nothing new (an unreadable snapshot is computed again whatever its bound).
    if (*top <= saved->up_to_revision) return std::optional<LatestSnapshot>();
    std::unordered_map<std::string, std::int64_t> latest;
    latest.reserve(saved->revisions.size() +
                   static_cast<std::size_t>(*top - saved->up_to_revision));
    std::int64_t from = saved->up_to_revision;
    auto lookup =
        db.prepare(std::string("SELECT ") + kIdentityColumns + " FROM actuals WHERE revision = ?1");
    if (!lookup) return lookup.error();
    for (std::int64_t r : saved->revisions) {
      lookup->bind(1, r);
      const int rc = lookup->step();
      if (rc == SQLITE_DONE) {  // not stored (an edit the triggers did not see): start over
        latest.clear();
        from = 0;
        break;
      }
      if (rc != SQLITE_ROW) return db.error("read the latest-revisions snapshot", rc);
      latest[identity_key(*lookup, 0)] = r;
      lookup->reset();
    }
    auto tail =
        db.prepare(std::string("SELECT revision, ") + kIdentityColumns +
                   " FROM actuals WHERE revision > ?1 AND revision <= ?2 ORDER BY revision");
    if (!tail) return tail.error();
    tail->bind(1, from);
    tail->bind(2, *top);
    int rc = SQLITE_OK;
    while ((rc = tail->step()) == SQLITE_ROW) latest[identity_key(*tail, 1)] = tail->integer(0);
    if (rc != SQLITE_DONE) return db.error("read the latest-revisions snapshot", rc);
    // edits and saved_up_to stay those read: the write saves only over an unchanged row.
    LatestSnapshot next{*top, {}, saved->edits, saved->saved_up_to};
    next.revisions.reserve(latest.size());
    for (const auto& [key, revision] : latest) next.revisions.push_back(revision);
    std::sort(next.revisions.begin(), next.revisions.end());
    return std::optional<LatestSnapshot>(std::move(next));
  };
  auto next = computed();
  if (auto r = db.exec("COMMIT"); !r) return r;
  if (!next) return next.error();
  if (!*next) return Ok{};
  const LatestSnapshot& snapshot = **next;
  // Saved only over the row this was computed from: an edit (the triggers count them) or another
  // refresh saved meanwhile means this one is stale or redundant.
  auto save = db.prepare(
      "UPDATE latest_snapshot SET up_to_revision = ?1, revisions = ?2 "
      "WHERE id = 1 AND edits = ?3 AND up_to_revision = ?4");
  if (!save) return save.error();
  const std::string bytes = encode_revisions(snapshot.revisions);
  save->bind(1, snapshot.up_to_revision);
  sqlite3_bind_blob(save->get(), 2, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  save->bind(3, snapshot.edits);
  save->bind(4, snapshot.saved_up_to);
  const int rc = save->step();
  if (rc != SQLITE_DONE) return db.error("save the latest-revisions snapshot", rc);
  return Ok{};
}

LatestSnapshotKeeper::LatestSnapshotKeeper(Opener open, std::size_t every,
                                           std::chrono::milliseconds quiet)
    : open_(std::move(open)), every_(std::max<std::size_t>(1, every)), quiet_(quiet) {
  thread_ = std::thread([this] { run(); });
}

LatestSnapshotKeeper::~LatestSnapshotKeeper() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void LatestSnapshotKeeper::appended(std::size_t records) {
  bool due = false;
  {
    std::lock_guard lock(mu_);
    ++appends_;
    due = pending_ < every_ && pending_ + records >= every_;
    pending_ += records;
  }
  if (due) cv_.notify_all();
}

void LatestSnapshotKeeper::run() {
  std::optional<Connection> db;
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stop_ || pending_ >= every_; });
    // A refresh competes with the appends for the CPU and the disk: it waits for a pause.
    for (std::uint64_t seen = appends_ + 1; !stop_ && seen != appends_;) {
      seen = appends_;
      cv_.wait_for(lock, quiet_, [this] { return stop_; });
    }
    if (stop_) return;
    pending_ = 0;
    lock.unlock();
    if (!db) {
      if (auto opened = open_()) db.emplace(std::move(*opened));
    }
    // A failure (a busy lock, a full disk) waits for the next round or the close.
    if (db) (void)refresh_latest_snapshot(*db);
    lock.lock();
  }
}

}  // namespace targetwatch::detail
