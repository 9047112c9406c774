// Rendering, fingerprinting and assembly of the per-department exposition.
#include "exposition.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <thread>

namespace targetwatch::metrics::detail {
namespace {

// 64x64->128 multiply folded to 64 bits (the "mum" mix of wyhash): every input bit reaches every
// output bit, at a few cycles per word.
class Hasher {
 public:
  void add(std::uint64_t word) {
    const unsigned __int128 m =
        static_cast<unsigned __int128>(state_ ^ word ^ 0xa0761d6478bd642fULL) *
        0xe7037ed1a0b428dbULL;
    state_ = static_cast<std::uint64_t>(m) ^ static_cast<std::uint64_t>(m >> 64);
  }
  std::uint64_t value() const { return state_; }

 private:
  std::uint64_t state_ = 0x8ebc6af09c88c6e3ULL;
};

class FingerprintVisitor final : public SampleVisitor {
 public:
  void begin_family(std::size_t index, const Family& /*family*/) override {
    hash_.add(0xfa000000 + index);
  }
  void sample(std::size_t /*subject*/, std::span<const Label> keys, std::span<const Label> extra,
              double value) override {
    for (const Label& k : keys) add_label(k.second);
    hash_.add(extra.size());
    for (const Label& e : extra) add_label(e.second);
    hash_.add(std::bit_cast<std::uint64_t>(value));
  }
  std::uint64_t value() const { return hash_.value(); }

 private:
  // Up to 8 bytes by content (the fiscal year is printed into a local buffer), longer ones by
  // address and length (strings of the Targets, which the cache entry keeps alive, or static
  // ones such as status names).
  void add_label(std::string_view v) {
    hash_.add(v.size());
    if (v.size() <= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, v.data(), v.size());
      hash_.add(word);
    } else {
      hash_.add(reinterpret_cast<std::uintptr_t>(v.data()));
    }
  }

  Hasher hash_;
};

std::string cache_key(const Department& d) {
  std::string key = d.code;
  key += '\x1f';
  key += std::to_string(d.fiscal_year);
  return key;
}

// Runs body(0..n-1) on up to hardware_concurrency() threads (at most 8), the caller being one of
// them; returns when all are done.
template <typename Body>
void parallel_for(std::size_t n, const Body& body) {
  const std::size_t threads =
      std::min<std::size_t>({n, std::max(1u, std::thread::hardware_concurrency()), 8});
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) body(i);
  };
  std::vector<std::jthread> helpers;
  helpers.reserve(threads > 0 ? threads - 1 : 0);
  for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
}  // the jthreads join here

}  // namespace

RenderedDepartment::RenderedDepartment(std::shared_ptr<const Targets> targets,
                                       const DepartmentEvaluation& department,
                                       const DepartmentLamps& lamps, std::uint64_t fingerprint,
                                       std::size_t size_hint, std::string buffer,
                                       std::shared_ptr<const DeflatedPieces> deflated)
    : targets_(std::move(targets)),
      department_(department.department),
      fingerprint_(fingerprint),
      text_requested_(deflated != nullptr),
      text_(render_department(department, lamps, size_hint, std::move(buffer))),
      deflated_(std::move(deflated)) {
  if (deflated_) deflated_ready_.store(true, std::memory_order_release);
}

RenderedDepartment::RenderedDepartment(CompressedOnly, const RenderedDepartment& rendered)
    : targets_(rendered.targets_),
      department_(rendered.department_),
      fingerprint_(rendered.fingerprint_),
      has_text_(false),
      deflated_(rendered.shared_deflated()) {
  deflated_ready_.store(true, std::memory_order_release);
}

std::shared_ptr<const RenderedDepartment> RenderedDepartment::compressed_only(
    const RenderedDepartment& rendered) {
  return std::shared_ptr<const RenderedDepartment>(
      new RenderedDepartment(CompressedOnly{}, rendered));
}

std::size_t RenderedDepartment::text_size() const {
  if (has_text_) return text_.text.size();
  std::size_t n = 0;
  for (const std::size_t length : deflated_->lengths) n += length;
  return n;
}

const DeflatedPieces& RenderedDepartment::deflated() const {
  std::call_once(deflate_once_, [this] {
    if (!deflated_) {
      deflated_ = std::make_shared<const DeflatedPieces>(deflate_pieces(text_.text, text_.offsets));
    }
    deflated_ready_.store(true, std::memory_order_release);
  });
  return *deflated_;
}

std::uint64_t fingerprint(const DepartmentEvaluation& department, const DepartmentLamps& lamps) {
  FingerprintVisitor visitor;
  visit_department(department, lamps, visitor);
  return visitor.value();
}

RenderedDepartments render_all(const Evaluation& evaluation, const WarningPolicy& policy) {
  RenderedDepartments out;
  out.reserve(evaluation.departments.size());
  for (const DepartmentEvaluation& de : evaluation.departments) {
    const DepartmentLamps lamps =
        department_lamps(de, evaluation.as_of, rules_for(policy, de.department->code));
    out.push_back(std::make_shared<RenderedDepartment>(evaluation.targets, de, lamps, 0));
  }
  return out;
}

RenderedDepartments ExpositionCache::update(const std::shared_ptr<const Evaluation>& evaluation,
                                            const WarningPolicy& policy, bool need_text) {
  if (evaluation == last_ && (last_all_text_ || !need_text)) return last_departments_;
  const std::vector<DepartmentEvaluation>& all = evaluation->departments;
  RenderedDepartments departments(all.size());
  std::vector<std::string> keys(all.size());
  // The previous rendering of each department, taken out of the cache so that a changed one is
  // freed before its replacement is rendered: when every department changes (new data for all,
  // a new day), the old and the new text are not held at once (unless a scrape still sends it).
  RenderedDepartments previous(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    keys[i] = cache_key(*all[i].department);
    if (const auto it = by_key_.find(keys[i]); it != by_key_.end()) {
      previous[i] = std::move(it->second);
    }
  }
  by_key_.clear();  // departments gone from the evaluation are dropped
  last_.reset();
  last_departments_.clear();
  std::vector<char> was_rendered(all.size(), 0);
  // Each department is independent (lamps, fingerprint, render read only the immutable
  // evaluation; each task touches only its own slots), so they are spread over a few threads: a
  // first render at province scale is CPU-bound.
  parallel_for(all.size(), [&](std::size_t i) {
    const DepartmentEvaluation& de = all[i];
    const Department& d = *de.department;
    const DepartmentLamps lamps =
        department_lamps(de, evaluation->as_of, rules_for(policy, d.code));
    const std::uint64_t print = fingerprint(de, lamps);
    std::shared_ptr<const RenderedDepartment>& old = previous[i];
    std::shared_ptr<const DeflatedPieces> deflated;
    if (old && old->same_targets(evaluation->targets) && &old->department() == &d &&
        old->fingerprint() == print) {
      if (old->has_text() || !need_text) {
        departments[i] = std::move(old);
        return;
      }
      deflated = old->shared_deflated();  // the same samples: only the text is rendered again
    }
    const std::size_t hint = old ? old->text_size() : 0;
    std::string buffer;
    if (old.use_count() == 1 && old->has_text()) {
      // Nothing else holds the old rendering (no scrape is sending it): the new text is written
      // into its memory rather than into fresh pages, which cost a first render as much time to
      // fault in as to fill. Renderings are made non-const (below), so the cast is sound.
      buffer = const_cast<RenderedDepartment&>(*old).release_text();
    }
    old.reset();
    departments[i] = std::make_shared<RenderedDepartment>(
        evaluation->targets, de, lamps, print, hint, std::move(buffer), std::move(deflated));
    was_rendered[i] = 1;
  });
  for (std::size_t i = 0; i < all.size(); ++i) {
    ++(was_rendered[i] ? rendered_ : reused_);
    by_key_.emplace(std::move(keys[i]), departments[i]);
  }
  last_ = evaluation;
  last_departments_ = departments;
  last_all_text_ = std::all_of(departments.begin(), departments.end(),
                               [](const auto& d) { return d->has_text(); });
  return departments;
}

void ExpositionCache::drop_compressed_text() {
  for (std::shared_ptr<const RenderedDepartment>& d : last_departments_) {
    if (!d->has_text() || d->text_requested() || !d->is_deflated()) continue;
    auto it = by_key_.find(cache_key(d->department()));
    d = RenderedDepartment::compressed_only(*d);
    if (it != by_key_.end()) it->second = d;
    last_all_text_ = false;
  }
}

void ExpositionCache::clear() {
  last_.reset();
  last_departments_.clear();
  last_all_text_ = false;
  by_key_.clear();
}

FamilyHeaders::FamilyHeaders() {
  const std::span<const Family> families = compliance_families();
  offsets.reserve(families.size() + 1);
  for (const Family& f : families) {
    offsets.push_back(text.size());
    text += family_header(f);
  }
  offsets.push_back(text.size());
  deflated = deflate_pieces(text, offsets);
}

void text_pieces(const FamilyHeaders& headers,
                 std::span<const RenderedDepartment* const> departments,
                 std::vector<std::string_view>& out) {
  out.reserve(out.size() + headers.size() * (1 + departments.size()));
  for (std::size_t f = 0; f < headers.size(); ++f) {
    out.push_back(headers.header(f));
    for (const RenderedDepartment* d : departments) {
      if (std::string_view piece = d->text().family(f); !piece.empty()) out.push_back(piece);
    }
  }
}

void gzip_pieces(const FamilyHeaders& headers,
                 std::span<const RenderedDepartment* const> departments, GzipPieces& gz) {
  // Compressing a department is independent of the others: the first gzip scrape after a change
  // compresses them in parallel.
  parallel_for(departments.size(), [&](std::size_t i) { departments[i]->deflated(); });
  for (std::size_t f = 0; f < headers.size(); ++f) {
    gz.add_piece(headers.deflated, f);
    for (const RenderedDepartment* d : departments) gz.add_piece(d->deflated(), f);
  }
}

}  // namespace targetwatch::metrics::detail
