// The compliance exposition cached per department (private).
//
// Cache design: a department's text depends only on its DepartmentEvaluation, its lamps and the
// Targets its labels point into. A new Evaluation (new data, a reload, a new day) is a new
// object for every department, so identity alone cannot tell what changed. Instead each
// department gets a fingerprint: one walk of the family table (the same walk that renders, minus
// the formatting) hashing, per sample, its family, its label values (up to 8 bytes by content,
// such as the fiscal year; longer ones by the address and length of the string) and the bits of
// its value. Longer label values are codes, ids and names that live in the Targets, which the
// cache entry keeps alive, or static strings (status, rule and comparator names), so equal
// addresses under the same Targets mean equal labels. Same Targets + same department + same
// fingerprint => same text, and the department is not rendered again. A changed warning policy
// clears the cache. The same Evaluation object (the common case: scrapes between two changes) skips
// even the walk.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gzip.h"
#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/evaluate/warning.h"
#include "text_format.h"

namespace targetwatch::metrics::detail {

/// One department's rendered samples, immutable once made (the gzip form is made on first use).
/// A rendering may hold its text, its compressed form or both: once compressed, the cache keeps
/// only the compressed form (27x smaller) until an identity scrape asks for the text again.
class RenderedDepartment {
 public:
  /// `size_hint`: the length of the department's previous text (0 when new); `buffer`: memory
  /// to render into (render_department); `deflated`: the compressed form of the same samples
  /// when already made (a text rendered again for an identity scrape).
  RenderedDepartment(std::shared_ptr<const Targets> targets, const DepartmentEvaluation& department,
                     const DepartmentLamps& lamps, std::uint64_t fingerprint,
                     std::size_t size_hint = 0, std::string buffer = {},
                     std::shared_ptr<const DeflatedPieces> deflated = nullptr);
  /// The compressed form of `rendered` alone, without its text (which must be compressed).
  static std::shared_ptr<const RenderedDepartment> compressed_only(
      const RenderedDepartment& rendered);

  const Department& department() const { return *department_; }
  std::uint64_t fingerprint() const { return fingerprint_; }
  bool same_targets(const std::shared_ptr<const Targets>& t) const { return targets_ == t; }
  /// False for a compressed_only() rendering, whose text() is empty.
  bool has_text() const { return has_text_; }
  /// True when the text was rendered again for an identity scrape after being compressed: such
  /// a text is wanted by identity scrapers, so the cache keeps it beside the compressed form.
  bool text_requested() const { return text_requested_; }
  const DepartmentText& text() const { return text_; }
  /// The length of the text, also when only the compressed form is kept (a size hint).
  std::size_t text_size() const;
  /// The families of text(), each compressed on its own (thread-safe; made once).
  const DeflatedPieces& deflated() const;
  /// Whether deflated() has been made (then it is cheap and compressed_only() may be called).
  bool is_deflated() const { return deflated_ready_.load(std::memory_order_acquire); }
  /// The compressed form, shared (null before deflated() was first called).
  std::shared_ptr<const DeflatedPieces> shared_deflated() const {
    return is_deflated() ? deflated_ : nullptr;
  }
  /// Takes the text's memory away (for the next rendering of the department to write into);
  /// the object is spent afterwards. Only for the sole owner of a non-const object.
  std::string release_text() { return std::move(text_.text); }

 private:
  struct CompressedOnly {};
  RenderedDepartment(CompressedOnly, const RenderedDepartment& rendered);

  std::shared_ptr<const Targets> targets_;  // keeps the label strings the fingerprint names alive
  const Department* department_;
  std::uint64_t fingerprint_;
  bool has_text_ = true;
  bool text_requested_ = false;
  DepartmentText text_;
  mutable std::once_flag deflate_once_;
  mutable std::atomic<bool> deflated_ready_{false};
  mutable std::shared_ptr<const DeflatedPieces> deflated_;  // written once, under deflate_once_
};

/// The fingerprint described above.
std::uint64_t fingerprint(const DepartmentEvaluation& department, const DepartmentLamps& lamps);

using RenderedDepartments = std::vector<std::shared_ptr<const RenderedDepartment>>;

/// Renders every department of an evaluation (no cache).
RenderedDepartments render_all(const Evaluation& evaluation, const WarningPolicy& policy);

/// The per-department cache. Not thread-safe: the exporter guards it with a mutex.
class ExpositionCache {
 public:
  /// The departments of `evaluation` in its order, rendering only those that changed. With
  /// `need_text` (an identity scrape) every department has its text, rendered again where only
  /// the compressed form was kept; without it (a gzip scrape) a compressed-only one will do.
  RenderedDepartments update(const std::shared_ptr<const Evaluation>& evaluation,
                             const WarningPolicy& policy, bool need_text = true);
  /// Drops the text of the current departments that are compressed, unless an identity scrape
  /// asked for it since they were compressed (RenderedDepartment::text_requested): a deployment
  /// scraped only with gzip (Prometheus) keeps ~1/27 of the text's memory. Scrapes in flight
  /// keep what they send alive.
  void drop_compressed_text();
  /// Forget everything (the warning policy changed).
  void clear();

  std::uint64_t rendered() const { return rendered_; }  ///< departments rendered so far
  std::uint64_t reused() const { return reused_; }      ///< departments found unchanged so far

 private:
  std::shared_ptr<const Evaluation> last_;
  RenderedDepartments last_departments_;
  bool last_all_text_ = false;  // every one of last_departments_ has its text
  std::unordered_map<std::string, std::shared_ptr<const RenderedDepartment>> by_key_;
  std::uint64_t rendered_ = 0;
  std::uint64_t reused_ = 0;
};

/// The family headers in the text format and compressed (made once per exporter).
struct FamilyHeaders {
  FamilyHeaders();
  std::string text;                  ///< all headers back to back
  std::vector<std::size_t> offsets;  ///< header f is text[offsets[f], offsets[f + 1])
  DeflatedPieces deflated;
  std::size_t size() const { return offsets.size() - 1; }  ///< the number of families
  std::string_view header(std::size_t f) const {
    return std::string_view(text).substr(offsets[f], offsets[f + 1] - offsets[f]);
  }
};

/// For each family its header, then its samples in each department, in order, appended to `out`
/// as views of `headers` and of the departments' texts.
void text_pieces(const FamilyHeaders& headers,
                 std::span<const RenderedDepartment* const> departments,
                 std::vector<std::string_view>& out);
/// The same, compressed, added to `gz` as views of the cached compressed pieces (each department's
/// are made on first use).
void gzip_pieces(const FamilyHeaders& headers,
                 std::span<const RenderedDepartment* const> departments, GzipPieces& gz);

}  // namespace targetwatch::metrics::detail
