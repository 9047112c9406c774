// ActualsIndex: buckets records by series, resolves revisions and accumulates levels.
#include "targetwatch/evaluate/actuals_index.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>

namespace targetwatch {
namespace {

std::uint64_t hash_key(std::string_view department, std::string_view project,
                       std::string_view indicator, FundSource fund) {
  const std::hash<std::string_view> h;
  std::uint64_t seed = h(department);
  seed ^= h(project) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  seed ^= h(indicator) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  seed ^= static_cast<std::uint64_t>(fund) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  return seed;
}

// One part of a series key as stored in the key table.
struct KeyParts {
  std::string_view department, project, indicator;
  FundSource fund = FundSource::kTotal;
};

// Open-addressing table from series key to series id. Keys live once in an arena, so a
// lookup hashes the three parts and compares against one contiguous string: no allocation.
class KeyTable {
 public:
  static constexpr std::uint32_t kNotFound = UINT32_MAX;

  std::uint32_t find(std::string_view d, std::string_view p, std::string_view i, FundSource f,
                     std::uint64_t hash) const {
    if (slots_.empty()) return kNotFound;
    const std::uint32_t tag = static_cast<std::uint32_t>(hash >> 32);
    for (std::size_t s = hash & mask_;; s = (s + 1) & mask_) {
      const Slot slot = slots_[s];
      if (slot.id == kNotFound) return kNotFound;
      if (slot.tag == tag && equals(slot.id, d, p, i, f)) return slot.id;
    }
  }

  /// Returns the id of the key, adding it (with the next id) when new.
  std::uint32_t insert(std::string_view d, std::string_view p, std::string_view i, FundSource f,
                       std::uint64_t hash) {
    if ((keys_.size() + 1) * 2 > slots_.size()) grow();
    const std::uint32_t tag = static_cast<std::uint32_t>(hash >> 32);
    std::size_t s = hash & mask_;
    for (;; s = (s + 1) & mask_) {
      const Slot slot = slots_[s];
      if (slot.id == kNotFound) break;
      if (slot.tag == tag && equals(slot.id, d, p, i, f)) return slot.id;
    }
    const auto id = static_cast<std::uint32_t>(keys_.size());
    keys_.push_back(Key{arena_.size(), static_cast<std::uint32_t>(d.size()),
                        static_cast<std::uint32_t>(p.size()), static_cast<std::uint32_t>(i.size()),
                        f, hash});
    arena_.append(d).append(p).append(i);
    slots_[s] = Slot{tag, id};
    return id;
  }

  /// Hints the cache about the slot a later insert/find of `hash` will probe first.
  void prefetch(std::uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }

  std::size_t size() const { return keys_.size(); }
  KeyParts parts(std::uint32_t id) const {
    const Key& k = keys_[id];
    const std::string_view all(arena_.data() + k.offset, k.d_len + k.p_len + k.i_len);
    return KeyParts{all.substr(0, k.d_len), all.substr(k.d_len, k.p_len),
                    all.substr(k.d_len + k.p_len), k.fund};
  }
  void reserve(std::size_t n) {
    keys_.reserve(n);
    while (slots_.size() < n * 2) grow();
  }

 private:
  struct Key {
    std::size_t offset;
    std::uint32_t d_len, p_len, i_len;
    FundSource fund;
    std::uint64_t hash;
  };
  struct Slot {
    std::uint32_t tag = 0;
    std::uint32_t id = kNotFound;
  };

  bool equals(std::uint32_t id, std::string_view d, std::string_view p, std::string_view i,
              FundSource f) const {
    const Key& k = keys_[id];
    if (k.fund != f || k.d_len != d.size() || k.p_len != p.size() || k.i_len != i.size()) {
      return false;
    }
    const char* base = arena_.data() + k.offset;
    return std::memcmp(base, d.data(), d.size()) == 0 &&
           std::memcmp(base + d.size(), p.data(), p.size()) == 0 &&
           std::memcmp(base + d.size() + p.size(), i.data(), i.size()) == 0;
  }

  void grow() {
    const std::size_t capacity = std::max<std::size_t>(16, slots_.size() * 2);
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    for (std::uint32_t id = 0; id < keys_.size(); ++id) {
      std::size_t s = keys_[id].hash & mask_;
      while (slots_[s].id != kNotFound) s = (s + 1) & mask_;
      slots_[s] = Slot{static_cast<std::uint32_t>(keys_[id].hash >> 32), id};
    }
  }

  std::string arena_;
  std::vector<Key> keys_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

struct SeriesRange {
  std::uint32_t offset = 0;
  std::uint32_t count = 0;
};

}  // namespace

struct ActualsIndex::Impl {
  std::vector<ActualRecord> records;
  std::vector<SeriesPoint> points;  // grouped by series id, ascending as_of within a series
  std::vector<SeriesRange> ranges;  // by series id
  KeyTable keys;

  void build();
  void derive_totals();
  std::span<const SeriesPoint> find(std::string_view d, std::string_view p, std::string_view i,
                                    FundSource f) const {
    const std::uint32_t id = keys.find(d, p, i, f, hash_key(d, p, i, f));
    if (id == KeyTable::kNotFound) return {};
    return std::span<const SeriesPoint>(points).subspan(ranges[id].offset, ranges[id].count);
  }
};

void ActualsIndex::Impl::build() {
  // Memory, not arithmetic, is the cost here (first-touch page faults, cache misses on the key
  // table), so the build makes one pass to number the series, then scatters the points straight
  // into their final array and resolves revisions in place.
  const std::size_t n = records.size();
  constexpr std::uint32_t kSkipped = UINT32_MAX;
  std::vector<std::uint32_t> series_of(n, kSkipped);
  std::vector<std::uint32_t> counts;

  // Hashes are computed a few records ahead so the key-table slot can be prefetched.
  constexpr std::size_t kAhead = 16;
  std::uint64_t ahead[kAhead];
  const auto hash_of = [this](std::size_t r) {
    const ActualRecord& rec = records[r];
    return hash_key(rec.department, rec.project, rec.indicator, rec.fund);
  };
  for (std::size_t r = 0; r < std::min(n, kAhead); ++r) ahead[r] = hash_of(r);
  const ActualRecord* previous = nullptr;
  std::uint32_t previous_id = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const std::uint64_t hash = ahead[r % kAhead];
    if (r + kAhead < n) {
      ahead[r % kAhead] = hash_of(r + kAhead);
      keys.prefetch(ahead[r % kAhead]);
    }
    const ActualRecord& rec = records[r];
    if (!std::isfinite(rec.value)) continue;
    std::uint32_t id;
    // Uploads often repeat a key in runs (one series' history): skip the table then.
    if (previous != nullptr && previous->fund == rec.fund && previous->indicator == rec.indicator &&
        previous->project == rec.project && previous->department == rec.department) {
      id = previous_id;
    } else {
      id = keys.insert(rec.department, rec.project, rec.indicator, rec.fund, hash);
      if (id == counts.size()) counts.push_back(0);
    }
    previous = &rec;
    previous_id = id;
    ++counts[id];
    series_of[r] = id;
  }

  // Counting sort by series keeps input order inside each bucket; the stable per-bucket sort
  // then leaves equal (as_of, revision) records in input order, so the last one wins ties.
  std::vector<std::uint32_t> fill(counts.size());
  std::uint32_t total = 0;
  for (std::size_t s = 0; s < counts.size(); ++s) {
    fill[s] = total;
    total += counts[s];
  }
  points.resize(total);
  for (std::size_t r = 0; r < n; ++r) {
    if (series_of[r] == kSkipped) continue;
    const ActualRecord& rec = records[r];
    // A retraction is marked by a NaN level (values are finite here; levels are recomputed
    // below), so resolving it needs no second look at the record.
    const double level = rec.retracted ? std::nan("") : rec.value;
    points[fill[series_of[r]]++] = SeriesPoint{rec.as_of, rec.mode, level, rec.value, &rec};
  }
  series_of = {};
  fill = {};

  const auto by_date_then_revision = [](const SeriesPoint& a, const SeriesPoint& b) {
    if (a.as_of != b.as_of) return a.as_of < b.as_of;
    return a.record->revision < b.record->revision;
  };

  ranges.resize(counts.size());
  std::size_t read = 0;
  std::size_t write = 0;
  for (std::size_t s = 0; s < counts.size(); ++s) {
    const auto first = points.begin() + static_cast<std::ptrdiff_t>(read);
    const auto last = first + counts[s];
    read += counts[s];
    if (!std::is_sorted(first, last, by_date_then_revision)) {
      std::stable_sort(first, last, by_date_then_revision);
    }
    const std::size_t offset = write;
    double level = 0;
    Date year_start;
    Date next_year_start;
    for (auto it = first; it != last; ++it) {
      // Only the last point of a run with the same as_of survives; a retraction that wins takes
      // the figure of that day out (the level carries on from the point before).
      if (it + 1 != last && (it + 1)->as_of == it->as_of) continue;
      if (std::isnan(it->level)) continue;  // the winning revision is a retraction
      SeriesPoint p = *it;
      const bool same_year = write > offset && p.as_of >= year_start && p.as_of < next_year_start;
      if (!same_year) {
        const int year = p.as_of.year();
        year_start = Date::first_of_year(year);
        next_year_start = Date::first_of_year(year + 1);
      }
      const double base = same_year ? level : 0.0;
      level = p.mode == RecordMode::kIncrement ? base + p.reported : p.reported;
      p.level = level;
      points[write++] = p;  // write <= read position: compaction in place is safe
    }
    ranges[s] =
        SeriesRange{static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(write - offset)};
  }
  points.resize(write);
  derive_totals();
}

// Spending reported only split by fund source (财政拨款 / 其他资金) gets a total series: at each
// date of either, fiscal + other as of that date (levels of the same calendar year only, since
// levels are year-to-date). Explicit total records win: a series with any total record is left
// as reported, split records then only feed the split series.
void ActualsIndex::Impl::derive_totals() {
  struct Split {
    std::uint32_t fiscal = KeyTable::kNotFound;
    std::uint32_t other = KeyTable::kNotFound;
  };
  std::map<std::uint32_t, Split> splits;
  const std::size_t n = ranges.size();
  for (std::uint32_t id = 0; id < n; ++id) {
    const KeyParts parts = keys.parts(id);
    if (parts.fund == FundSource::kTotal) continue;
    const FundSource fund = parts.fund;
    // Copies: the views point into the key arena, which an insert may reallocate.
    const std::string d(parts.department), p(parts.project), i(parts.indicator);
    const auto total_hash = hash_key(d, p, i, FundSource::kTotal);
    const std::uint32_t known = keys.find(d, p, i, FundSource::kTotal, total_hash);
    if (known != KeyTable::kNotFound && known < n) continue;  // explicit totals win
    const std::uint32_t total = keys.insert(d, p, i, FundSource::kTotal, total_hash);
    if (total >= ranges.size()) ranges.resize(total + 1);
    Split& split = splits[total];  // ordered: the derived series come out in key order
    (fund == FundSource::kFiscal ? split.fiscal : split.other) = id;
  }
  for (const auto& [total, split] : splits) {
    const auto range_of = [&](std::uint32_t id) {
      if (id == KeyTable::kNotFound) return std::pair<std::size_t, std::size_t>{0, 0};
      return std::pair<std::size_t, std::size_t>{ranges[id].offset,
                                                 ranges[id].offset + ranges[id].count};
    };
    auto [fi, fe] = range_of(split.fiscal);
    auto [oi, oe] = range_of(split.other);
    const std::size_t offset = points.size();
    const SeriesPoint* last_fiscal = nullptr;
    const SeriesPoint* last_other = nullptr;
    while (fi < fe || oi < oe) {
      Date at;
      if (oi >= oe || (fi < fe && points[fi].as_of <= points[oi].as_of)) {
        at = points[fi].as_of;
      } else {
        at = points[oi].as_of;
      }
      const SeriesPoint* setter = nullptr;
      if (fi < fe && points[fi].as_of == at) last_fiscal = setter = &points[fi++];
      if (oi < oe && points[oi].as_of == at) {
        last_other = &points[oi++];
        if (setter == nullptr) setter = last_other;
      }
      const int year = at.year();
      const auto same_year = [year](const SeriesPoint* p) {
        return p != nullptr && p->as_of.year() == year ? p->level : 0.0;
      };
      const double level = same_year(last_fiscal) + same_year(last_other);
      const ActualRecord* record = setter->record;
      // points may reallocate below: the pointers above are re-read from indices next round.
      const SeriesPoint made{at, RecordMode::kCumulative, level, level, record};
      const std::ptrdiff_t lf = last_fiscal ? last_fiscal - points.data() : -1;
      const std::ptrdiff_t lo = last_other ? last_other - points.data() : -1;
      points.push_back(made);
      last_fiscal = lf >= 0 ? points.data() + lf : nullptr;
      last_other = lo >= 0 ? points.data() + lo : nullptr;
    }
    ranges[total] = SeriesRange{static_cast<std::uint32_t>(offset),
                                static_cast<std::uint32_t>(points.size() - offset)};
  }
}

ActualsIndex::ActualsIndex() : impl_(std::make_unique<Impl>()) {}

ActualsIndex::ActualsIndex(std::vector<ActualRecord> records) : impl_(std::make_unique<Impl>()) {
  impl_->records = std::move(records);
  impl_->build();
}

ActualsIndex::ActualsIndex(ActualsIndex&&) noexcept = default;
ActualsIndex& ActualsIndex::operator=(ActualsIndex&&) noexcept = default;
ActualsIndex::~ActualsIndex() = default;

std::span<const SeriesPoint> ActualsIndex::series(std::string_view department,
                                                  std::string_view project,
                                                  std::string_view indicator,
                                                  FundSource fund) const {
  if (!impl_) return {};
  return impl_->find(department, project, indicator, fund);
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

std::size_t ActualsIndex::record_count() const { return impl_ ? impl_->records.size() : 0; }
std::size_t ActualsIndex::series_count() const { return impl_ ? impl_->keys.size() : 0; }

}  // namespace targetwatch
