// ActualsIndex: versions of per-series timelines, each batch copying only the series it touches.
#include "targetwatch/evaluate/actuals_index.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>

namespace targetwatch {
namespace {

// The fund is not part of the hash: the funds of one key live in one node, so that a derived
// total is recomputed together with the split series it comes from.
std::uint64_t hash_key(std::string_view department, std::string_view project,
                       std::string_view indicator) {
  const std::hash<std::string_view> h;
  std::uint64_t seed = h(department);
  seed ^= h(project) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  seed ^= h(indicator) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  // A final mix: the shard comes from the top bits, which std::hash leaves weak for short keys.
  seed ^= seed >> 33;
  seed *= 0xff51afd7ed558ccdULL;
  seed ^= seed >> 33;
  return seed;
}

// Series by key are spread over a fixed number of shards by hash. A new version copies the
// shard table (kShards pointers) and the shards its batch touches; everything else is shared.
// 1024 shards keep both small at a million series (about a thousand keys a shard).
constexpr int kShardBits = 10;
constexpr std::size_t kShards = std::size_t{1} << kShardBits;
std::size_t shard_of(std::uint64_t hash) {
  return static_cast<std::size_t>(hash >> (64 - kShardBits));
}

using RecordPtr = std::shared_ptr<const ActualRecord>;

// One series of one fund: the winning revision of each date and the points resolved from them.
struct Series {
  std::vector<RecordPtr> winners;  // one per as_of, ascending; retractions included
  std::vector<SeriesPoint> points;
  // A derived total points into its split series: it keeps them alive.
  std::array<std::shared_ptr<const Series>, 2> parts;
};

// Every fund of one (department, project, indicator).
struct Node {
  std::string department, project, indicator;
  std::uint64_t hash = 0;
  std::array<std::shared_ptr<const Series>, 3> funds;  // by FundSource; null: no finite record
  bool derived_total = false;  // funds[kTotal] is derived from the split series

  bool matches(std::string_view d, std::string_view p, std::string_view i) const {
    return indicator == i && project == p && department == d;
  }
  std::size_t series_count() const {
    return static_cast<std::size_t>(
        std::count_if(funds.begin(), funds.end(), [](const auto& s) { return s != nullptr; }));
  }
};

struct Entry {
  std::uint64_t hash;
  std::shared_ptr<const Node> node;
};
using Shard = std::vector<Entry>;  // ascending by hash

std::size_t fund_slot(FundSource fund) { return static_cast<std::size_t>(fund); }

// Whether two records belong to one node (the fund aside). Indicator first: it differs most.
bool same_key(const ActualRecord& a, const ActualRecord& b) {
  return a.indicator == b.indicator && a.project == b.project && a.department == b.department;
}

// Levels from the winners: cumulative figures set the level, increments add to the level of the
// preceding point of the same calendar year, retractions leave no point.
void resolve(Series& s) {
  s.points.clear();
  s.points.reserve(s.winners.size());
  double level = 0;
  int year = 0;
  for (const RecordPtr& w : s.winners) {
    const ActualRecord& r = *w;
    if (r.retracted) continue;
    const int y = r.as_of.year();
    const double base = !s.points.empty() && y == year ? level : 0.0;
    year = y;
    level = r.mode == RecordMode::kIncrement ? base + r.value : r.value;
    s.points.push_back(SeriesPoint{r.as_of, r.mode, level, r.value, &r});
  }
}

// Spending reported only split by fund source (财政拨款 / 其他资金) gets a total series: at each
// date of either, fiscal + other as of that date (levels of the same calendar year only, since
// levels are year-to-date).
std::shared_ptr<const Series> derive_total(const std::shared_ptr<const Series>& fiscal,
                                           const std::shared_ptr<const Series>& other) {
  auto total = std::make_shared<Series>();
  total->parts = {fiscal, other};
  static const std::vector<SeriesPoint> kNone;
  const std::vector<SeriesPoint>& f = fiscal ? fiscal->points : kNone;
  const std::vector<SeriesPoint>& o = other ? other->points : kNone;
  total->points.reserve(f.size() + o.size());
  std::size_t fi = 0, oi = 0;
  const SeriesPoint* last_fiscal = nullptr;
  const SeriesPoint* last_other = nullptr;
  while (fi < f.size() || oi < o.size()) {
    const Date at =
        oi >= o.size() || (fi < f.size() && f[fi].as_of <= o[oi].as_of) ? f[fi].as_of : o[oi].as_of;
    const SeriesPoint* setter = nullptr;
    if (fi < f.size() && f[fi].as_of == at) last_fiscal = setter = &f[fi++];
    if (oi < o.size() && o[oi].as_of == at) {
      last_other = &o[oi++];
      if (setter == nullptr) setter = last_other;
    }
    const int year = at.year();
    const auto same_year = [year](const SeriesPoint* p) {
      return p != nullptr && p->as_of.year() == year ? p->level : 0.0;
    };
    const double level = same_year(last_fiscal) + same_year(last_other);
    total->points.push_back(SeriesPoint{at, RecordMode::kCumulative, level, level, setter->record});
  }
  return total;
}

}  // namespace

struct ActualsIndex::Impl {
  std::vector<std::shared_ptr<const Shard>> shards =
      std::vector<std::shared_ptr<const Shard>>(kShards);
  std::size_t records = 0;
  std::size_t series = 0;

  const Node* find(std::string_view d, std::string_view p, std::string_view i) const {
    const std::uint64_t h = hash_key(d, p, i);
    const Shard* shard = shards[shard_of(h)].get();
    if (shard == nullptr) return nullptr;
    auto it = std::lower_bound(shard->begin(), shard->end(), h,
                               [](const Entry& e, std::uint64_t v) { return e.hash < v; });
    for (; it != shard->end() && it->hash == h; ++it) {
      if (it->node->matches(d, p, i)) return it->node.get();
    }
    return nullptr;
  }
};

namespace {

// A batch record waiting to be applied: its key hash and its place in the batch (input order).
struct Item {
  std::uint64_t hash;
  std::uint32_t index;
};

class Applier {
 public:
  // `capacity`: at most how many records of the batch can win (its finite ones).
  Applier(std::vector<ActualRecord>& batch, std::size_t capacity)
      : batch_(batch), arena_(std::make_shared<std::vector<ActualRecord>>()) {
    arena_->reserve(capacity);
  }

  // The next version of one shard: `items` (ascending hash, then input order) applied to `old`.
  std::shared_ptr<const Shard> shard(const Shard* old, std::span<const Item> items,
                                     std::ptrdiff_t& series_delta) {
    auto next = std::make_shared<Shard>();
    next->reserve((old ? old->size() : 0) + items.size());
    std::size_t kept = 0;  // old entries before this position are already in `next`
    std::vector<std::uint32_t> group;
    std::vector<bool> taken;
    for (std::size_t run = 0; run < items.size();) {
      const std::uint64_t h = items[run].hash;
      std::size_t end = run;
      while (end < items.size() && items[end].hash == h) ++end;
      // Old entries with a smaller hash come first, unchanged.
      while (old && kept < old->size() && (*old)[kept].hash < h) next->push_back((*old)[kept++]);
      const std::size_t old_first = kept;
      std::size_t old_end = kept;
      while (old && old_end < old->size() && (*old)[old_end].hash == h) ++old_end;
      std::vector<const Node*> replaced;
      // Keys colliding on one hash are rare: a quadratic split of the run is fine.
      taken.assign(end - run, false);
      for (std::size_t a = run; a < end; ++a) {
        if (taken[a - run]) continue;
        const ActualRecord& key = batch_[items[a].index];
        group.clear();
        for (std::size_t b = a; b < end; ++b) {
          const ActualRecord& r = batch_[items[b].index];
          if (!taken[b - run] && same_key(r, key)) {
            taken[b - run] = true;
            group.push_back(items[b].index);
          }
        }
        const Node* previous = nullptr;
        for (std::size_t o = old_first; o < old_end; ++o) {
          if ((*old)[o].node->matches(key.department, key.project, key.indicator)) {
            previous = (*old)[o].node.get();
          }
        }
        if (previous != nullptr) replaced.push_back(previous);
        auto node = apply(previous, h, group);
        series_delta += static_cast<std::ptrdiff_t>(node->series_count()) -
                        static_cast<std::ptrdiff_t>(previous ? previous->series_count() : 0);
        next->push_back(Entry{h, std::move(node)});
      }
      for (std::size_t o = old_first; o < old_end; ++o) {
        if (std::find(replaced.begin(), replaced.end(), (*old)[o].node.get()) == replaced.end()) {
          next->push_back((*old)[o]);
        }
      }
      kept = old_end;
      run = end;
    }
    while (old && kept < old->size()) next->push_back((*old)[kept++]);
    return next;
  }

 private:
  // The next version of one key's node: `indices` (input order) applied to `previous`.
  std::shared_ptr<const Node> apply(const Node* previous, std::uint64_t hash,
                                    const std::vector<std::uint32_t>& indices) {
    auto node = std::make_shared<Node>();
    if (previous != nullptr) {
      *node = *previous;
    } else {
      const ActualRecord& first = batch_[indices.front()];
      node->department = first.department;
      node->project = first.project;
      node->indicator = first.indicator;
      node->hash = hash;
    }
    auto& by_fund = by_fund_;
    for (auto& list : by_fund) list.clear();
    for (std::uint32_t i : indices) by_fund[fund_slot(batch_[i].fund)].push_back(i);
    const std::size_t total = fund_slot(FundSource::kTotal);
    if (!by_fund[total].empty() && node->derived_total) {
      node->funds[total] = nullptr;  // explicit totals replace a derived one
      node->derived_total = false;
    }
    bool split_touched = false;
    for (std::size_t f = 0; f < by_fund.size(); ++f) {
      if (by_fund[f].empty()) continue;
      node->funds[f] = merge(node->funds[f].get(), by_fund[f]);
      if (f != total) split_touched = true;
    }
    if (split_touched && (node->funds[total] == nullptr || node->derived_total)) {
      node->funds[total] = derive_total(node->funds[fund_slot(FundSource::kFiscal)],
                                        node->funds[fund_slot(FundSource::kOther)]);
      node->derived_total = true;
    }
    return node;
  }

  // A series with `indices` (input order, one fund) applied: per date, the highest revision
  // wins, and a later input wins a tie (so a new record beats an old one of equal revision).
  std::shared_ptr<const Series> merge(const Series* previous, std::vector<std::uint32_t>& indices) {
    // Indices are unique, so sorting by (as_of, revision, input order) is stable by itself.
    std::sort(indices.begin(), indices.end(), [this](std::uint32_t a, std::uint32_t b) {
      const ActualRecord& x = batch_[a];
      const ActualRecord& y = batch_[b];
      if (x.as_of != y.as_of) return x.as_of < y.as_of;
      if (x.revision != y.revision) return x.revision < y.revision;
      return a < b;
    });
    auto s = std::make_shared<Series>();
    static const std::vector<RecordPtr> kNone;
    const std::vector<RecordPtr>& old = previous ? previous->winners : kNone;
    s->winners.reserve(old.size() + indices.size());
    std::size_t o = 0;
    for (std::size_t n = 0; n < indices.size(); ++n) {
      // Of a run with the same date only the last (highest revision, latest input) counts.
      if (n + 1 < indices.size() && batch_[indices[n + 1]].as_of == batch_[indices[n]].as_of) {
        continue;
      }
      ActualRecord& r = batch_[indices[n]];
      while (o < old.size() && old[o]->as_of < r.as_of) s->winners.push_back(old[o++]);
      if (o < old.size() && old[o]->as_of == r.as_of) {
        if (old[o]->revision > r.revision) {
          s->winners.push_back(old[o++]);
          continue;
        }
        ++o;
      }
      // Winners of a batch live together in its arena (reserved up front, so the addresses
      // stay put); the arena goes when the last of them is superseded.
      arena_->push_back(std::move(r));
      s->winners.push_back(RecordPtr(arena_, &arena_->back()));
    }
    while (o < old.size()) s->winners.push_back(old[o++]);
    resolve(*s);
    return s;
  }

  std::vector<ActualRecord>& batch_;
  std::shared_ptr<std::vector<ActualRecord>> arena_;
  std::array<std::vector<std::uint32_t>, 3> by_fund_;  // reused from key to key
};

}  // namespace

ActualsIndex::ActualsIndex() : impl_(std::make_shared<const Impl>()) {}

ActualsIndex::ActualsIndex(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

ActualsIndex::ActualsIndex(std::vector<ActualRecord> records) {
  Builder builder;
  builder.add(std::move(records));
  *this = std::move(builder).build();
}

ActualsIndex::ActualsIndex(const ActualsIndex&) = default;
ActualsIndex& ActualsIndex::operator=(const ActualsIndex&) = default;
ActualsIndex::ActualsIndex(ActualsIndex&&) noexcept = default;
ActualsIndex& ActualsIndex::operator=(ActualsIndex&&) noexcept = default;
ActualsIndex::~ActualsIndex() = default;

ActualsIndex ActualsIndex::with(std::vector<ActualRecord> batch) const {
  auto next = impl_ ? std::make_shared<Impl>(*impl_) : std::make_shared<Impl>();
  next->records += batch.size();
  if (batch.empty()) return ActualsIndex(std::move(next));

  // Records bucketed by shard (a counting sort), then ordered by hash and input order inside
  // each bucket: every key's records end up together, in input order.
  std::vector<std::uint32_t> counts(kShards + 1, 0);
  std::vector<std::uint64_t> hashes(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const ActualRecord& r = batch[i];
    if (!std::isfinite(r.value)) continue;
    hashes[i] = hash_key(r.department, r.project, r.indicator);
    ++counts[shard_of(hashes[i]) + 1];
  }
  for (std::size_t s = 0; s < kShards; ++s) counts[s + 1] += counts[s];
  std::vector<Item> items(counts[kShards]);
  {
    std::vector<std::uint32_t> fill(counts.begin(), counts.end() - 1);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (!std::isfinite(batch[i].value)) continue;
      items[fill[shard_of(hashes[i])]++] = Item{hashes[i], static_cast<std::uint32_t>(i)};
    }
  }
  hashes = {};

  Applier applier(batch, items.size());
  std::ptrdiff_t series_delta = 0;
  for (std::size_t s = 0; s < kShards; ++s) {
    if (counts[s] == counts[s + 1]) continue;
    const auto first = items.begin() + counts[s];
    const auto last = items.begin() + counts[s + 1];
    std::sort(first, last, [](const Item& a, const Item& b) {
      return a.hash != b.hash ? a.hash < b.hash : a.index < b.index;
    });
    next->shards[s] =
        applier.shard(next->shards[s].get(),
                      std::span<const Item>(&*first, counts[s + 1] - counts[s]), series_delta);
  }
  next->series = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(next->series) + series_delta);
  return ActualsIndex(std::move(next));
}

namespace {

// Records in fixed-size blocks: growing never moves (or copies) the ones already held, and
// their addresses stay valid for the series that point into them.
class RecordBlocks {
 public:
  ActualRecord& operator[](std::size_t i) { return blocks_[i / kBlock][i % kBlock]; }
  const ActualRecord& operator[](std::size_t i) const { return blocks_[i / kBlock][i % kBlock]; }
  std::size_t size() const { return size_; }
  void push_back(ActualRecord&& r) {
    if (size_ % kBlock == 0) blocks_.push_back(std::make_unique<ActualRecord[]>(kBlock));
    (*this)[size_++] = std::move(r);
  }

 private:
  static constexpr std::size_t kBlock = 4096;
  std::vector<std::unique_ptr<ActualRecord[]>> blocks_;
  std::size_t size_ = 0;
};

}  // namespace

// The builder keeps every winner so far in one arena (a slot per key, fund and date) and the
// slots of each key's funds in date order; the nodes, series and shards are made once at the end.
struct ActualsIndex::Builder::State {
  struct Key {
    std::uint64_t hash = 0;
    std::uint32_t any_slot = 0;  // a winner of this key: where its names are read from
    std::array<std::vector<std::uint32_t>, 3> funds;  // slots by FundSource, ascending as_of
  };

  RecordBlocks winners;
  std::vector<Key> keys;
  std::vector<std::uint32_t> table = std::vector<std::uint32_t>(1024, 0);  // key index + 1
  std::size_t records = 0;

  // The key of `r` (hash `h`): its index, and whether it was just added.
  std::pair<std::uint32_t, bool> key_of(const ActualRecord& r, std::uint64_t h) {
    if ((keys.size() + 1) * 2 > table.size()) grow();
    const std::size_t mask = table.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      if (table[i] == 0) {
        table[i] = static_cast<std::uint32_t>(keys.size() + 1);
        keys.push_back(Key{h, 0, {}});
        return {static_cast<std::uint32_t>(keys.size() - 1), true};
      }
      const Key& k = keys[table[i] - 1];
      const ActualRecord& named = winners[k.any_slot];
      if (k.hash == h && same_key(named, r)) {
        return {table[i] - 1, false};
      }
    }
  }

  void grow() {
    std::vector<std::uint32_t> bigger(table.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      std::size_t i = keys[k].hash & mask;
      while (bigger[i] != 0) i = (i + 1) & mask;
      bigger[i] = static_cast<std::uint32_t>(k + 1);
    }
    table = std::move(bigger);
  }

  void add(ActualRecord&& r) {
    ++records;
    if (!std::isfinite(r.value)) return;
    const std::uint64_t h = hash_key(r.department, r.project, r.indicator);
    const auto [key, added] = key_of(r, h);
    std::vector<std::uint32_t>& slots = keys[key].funds[fund_slot(r.fund)];
    // Records mostly come in date order per series: search from the end.
    auto at = slots.end();
    while (at != slots.begin() && winners[*(at - 1)].as_of > r.as_of) --at;
    if (at != slots.begin() && winners[*(at - 1)].as_of == r.as_of) {
      ActualRecord& held = winners[*(at - 1)];
      if (r.revision >= held.revision) held = std::move(r);  // a tie goes to the later input
      return;
    }
    const auto slot = static_cast<std::uint32_t>(winners.size());
    winners.push_back(std::move(r));
    slots.insert(at, slot);
    if (added) keys[key].any_slot = slot;
  }
};

ActualsIndex::Builder::Builder() : state_(std::make_unique<State>()) {}
ActualsIndex::Builder::Builder(Builder&&) noexcept = default;
ActualsIndex::Builder& ActualsIndex::Builder::operator=(Builder&&) noexcept = default;
ActualsIndex::Builder::~Builder() = default;

void ActualsIndex::Builder::add(std::vector<ActualRecord>&& records) {
  for (ActualRecord& r : records) state_->add(std::move(r));
  records.clear();
}

void ActualsIndex::Builder::count_superseded(std::size_t n) { state_->records += n; }

ActualsIndex ActualsIndex::Builder::build() && {
  State& st = *state_;
  auto impl = std::make_shared<Impl>();
  impl->records = st.records;
  // The winners become the arena every series points into.
  const auto arena = std::make_shared<RecordBlocks>(std::move(st.winners));
  std::vector<std::vector<Entry>> shards(kShards);
  const std::size_t total = fund_slot(FundSource::kTotal);
  for (const State::Key& key : st.keys) {
    auto node = std::make_shared<Node>();
    const ActualRecord& named = (*arena)[key.any_slot];
    node->department = named.department;
    node->project = named.project;
    node->indicator = named.indicator;
    node->hash = key.hash;
    for (std::size_t f = 0; f < key.funds.size(); ++f) {
      if (key.funds[f].empty()) continue;
      auto series = std::make_shared<Series>();
      series->winners.reserve(key.funds[f].size());
      for (std::uint32_t slot : key.funds[f]) series->winners.emplace_back(arena, &(*arena)[slot]);
      resolve(*series);
      node->funds[f] = std::move(series);
    }
    if (node->funds[total] == nullptr) {
      node->funds[total] = derive_total(node->funds[fund_slot(FundSource::kFiscal)],
                                        node->funds[fund_slot(FundSource::kOther)]);
      node->derived_total = true;
    }
    impl->series += node->series_count();
    shards[shard_of(key.hash)].push_back(Entry{key.hash, std::move(node)});
  }
  for (std::size_t s = 0; s < kShards; ++s) {
    if (shards[s].empty()) continue;
    std::sort(shards[s].begin(), shards[s].end(),
              [](const Entry& a, const Entry& b) { return a.hash < b.hash; });
    impl->shards[s] = std::make_shared<const Shard>(std::move(shards[s]));
  }
  state_ = std::make_unique<State>();
  return ActualsIndex(std::move(impl));
}

std::span<const SeriesPoint> ActualsIndex::series(std::string_view department,
                                                  std::string_view project,
                                                  std::string_view indicator,
                                                  FundSource fund) const {
  if (!impl_) return {};
  const Node* node = impl_->find(department, project, indicator);
  if (node == nullptr) return {};
  const Series* s = node->funds[fund_slot(fund)].get();
  if (s == nullptr) return {};
  return s->points;
}

const SeriesPoint* ActualsIndex::latest(std::string_view department, std::string_view project,
                                        std::string_view indicator, Date date,
                                        FundSource fund) const {
  const auto s = series(department, project, indicator, fund);
  const auto it = std::upper_bound(s.begin(), s.end(), date,
                                   [](Date d, const SeriesPoint& p) { return d < p.as_of; });
  if (it == s.begin()) return nullptr;
  return &*(it - 1);
}

double ActualsIndex::level_at(std::string_view department, std::string_view project,
                              std::string_view indicator, Date date, FundSource fund) const {
  const SeriesPoint* p = latest(department, project, indicator, date, fund);
  return p ? p->level : 0.0;
}

std::size_t ActualsIndex::record_count() const { return impl_ ? impl_->records : 0; }
std::size_t ActualsIndex::series_count() const { return impl_ ? impl_->series : 0; }

}  // namespace targetwatch
