// ActualsIndex: reported figures resolved into per-series timelines (revisions, increments).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/model/actual.h"
#include "targetwatch/model/date.h"

namespace targetwatch {

/// One resolved point of a series: the cumulative level as of a date, after revisions and
/// increments are applied, with the annotations of the record that set it.
struct SeriesPoint {
  Date as_of;
  RecordMode mode = RecordMode::kCumulative;  ///< next to as_of: 32 bytes instead of 40
  double level = 0;     ///< cumulative value as of this date (spending: in amount_unit)
  double reported = 0;  ///< the value as reported (the increment for increment records)
  /// The winning revision (for a derived total: the split record that set it); owned by the
  /// index version and alive as long as it is.
  const ActualRecord* record = nullptr;
};

/// Identity of a series.
struct SeriesKey {
  std::string department;
  std::string project;  ///< "" for department-wide indicators
  std::string indicator;
  FundSource fund = FundSource::kTotal;
  friend bool operator==(const SeriesKey&, const SeriesKey&) = default;
};

/// Immutable index of actual records, in versions: `with(batch)` makes the next version and
/// shares every series the batch does not touch with this one (copy-on-write per series), so a
/// batch costs O(batch + touched series), not O(all records). Lookups are cheap and thread-safe
/// (const); a reader keeps its version alive as long as it holds it. Rules: for the same (key,
/// as_of) the highest revision wins (ties: the later record in input order, a batch applied
/// later counting as later input); points are ordered by as_of; a cumulative record sets the
/// level, an increment adds to the level of the preceding point (0 before any).
/// Only the winning revision of each (key, as_of) is kept: superseded revisions are dropped
/// (the store keeps history; record_count() still counts every record given).
/// Levels are year-to-date figures (fiscal year = calendar year), so an increment that is the
/// first point of its calendar year adds to 0, not to last year's total. Records whose value is
/// not finite (NaN, inf; ingest rejects them) are ignored rather than poisoning the levels.
/// Retractions: when the winning revision of an identity is `retracted`, that (key, as_of, fund)
/// has no point at all (the level carries on from the point before it).
/// Fund sources: records of each FundSource form their own series (the identity includes the
/// fund). The kTotal series of a key is its explicit total records; when a key has only split
/// records (kFiscal / kOther), a kTotal series is derived from them: at each of their dates,
/// fiscal + other levels of that calendar year. Explicit totals win whenever any exists.
class ActualsIndex {
 public:
  ActualsIndex();
  /// The index of `records` (input order breaks revision ties): the empty index `with` them.
  explicit ActualsIndex(std::vector<ActualRecord> records);
  ActualsIndex(const ActualsIndex&);  ///< cheap: versions are immutable and shared
  ActualsIndex& operator=(const ActualsIndex&);
  ActualsIndex(ActualsIndex&&) noexcept;
  ActualsIndex& operator=(ActualsIndex&&) noexcept;
  ~ActualsIndex();

  /// The next version: this one plus `batch`, whose records count as input after every record
  /// already indexed. This version is left unchanged (readers may keep using it).
  ActualsIndex with(std::vector<ActualRecord> batch) const;

  /// The whole series, ascending by as_of; empty when nothing was reported.
  std::span<const SeriesPoint> series(std::string_view department, std::string_view project,
                                      std::string_view indicator,
                                      FundSource fund = FundSource::kTotal) const;
  /// The latest point with as_of <= date, if any.
  const SeriesPoint* latest(std::string_view department, std::string_view project,
                            std::string_view indicator, Date date,
                            FundSource fund = FundSource::kTotal) const;
  /// Level at `date` (latest point with as_of <= date), 0 when none.
  double level_at(std::string_view department, std::string_view project, std::string_view indicator,
                  Date date, FundSource fund = FundSource::kTotal) const;

  std::size_t record_count() const;  ///< every record given, superseded or not
  std::size_t series_count() const;  ///< series with any finite record, derived totals included

  class Builder;

 private:
  struct Impl;
  explicit ActualsIndex(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

/// One index from many records given chunk by chunk in input order, with no versions in
/// between: what a start-up scan of the whole store needs. A superseded revision is overwritten in
/// place as soon as it loses, so memory follows the winners, not the records read.
/// `std::move(builder).build()` equals `ActualsIndex(every record added, in order)`.
class ActualsIndex::Builder {
 public:
  Builder();
  Builder(Builder&&) noexcept;
  Builder& operator=(Builder&&) noexcept;
  ~Builder();

  /// Adds records that count as input after everything added before (the chunk is consumed).
  void add(std::vector<ActualRecord>&& records);
  /// Counts `n` records in record_count() without giving them: revisions a store knows to be
  /// superseded and did not read.
  void count_superseded(std::size_t n);
  ActualsIndex build() &&;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace targetwatch
