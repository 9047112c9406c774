// encode_parsed_file / decode_parsed_file: one overload pair per model type.
#include "targets_codec.h"

#include <type_traits>
#include <utility>

#include "byte_codec.h"

namespace targetwatch::config_detail {
namespace {

constexpr std::string_view kMagic = "TWPARSED";

// Every struct is taken apart with a structured binding, in the encoder and in the decoder: when
// a model struct gains a field, the binding no longer matches and this file stops compiling, so
// the cache cannot silently drop the new field. Encode it (and extend the round-trip test in
// tests/config/targets_codec_test.cpp), bump kTargetsCodecVersion, and fix the binding.

constexpr Comparator last_of(Comparator) { return Comparator::kDeadline; }
constexpr Pace last_of(Pace) { return Pace::kNone; }
constexpr Frequency last_of(Frequency) { return Frequency::kOnce; }

void put(ByteWriter& w, const std::string& v) { w.str(v); }
void put(ByteWriter& w, double v) { w.f64(v); }
void put(ByteWriter& w, int v) { w.i32(v); }
void put(ByteWriter& w, Date v) { w.i32(v.days_since_epoch()); }
template <typename E>
requires std::is_enum_v<E>
void put(ByteWriter& w, E v) { w.u8(static_cast<std::uint8_t>(v)); }

void get(ByteReader& r, std::string& v) { v = r.str(); }
void get(ByteReader& r, double& v) { v = r.f64(); }
void get(ByteReader& r, int& v) { v = r.i32(); }
void get(ByteReader& r, Date& v) { v = Date::from_days(r.i32()); }
template <typename E>
requires std::is_enum_v<E>
void get(ByteReader& r, E& v) { v = r.enumerator(last_of(E{})); }

void put(ByteWriter& w, const Indicator& v);
void put(ByteWriter& w, const Checkpoint& v);
void put(ByteWriter& w, const Project& v);
void put(ByteWriter& w, const BudgetLine& v);
void put(ByteWriter& w, const Department& v);
void put(ByteWriter& w, const Position& v);
void put(ByteWriter& w, const FilePositions& v);
void get(ByteReader& r, Indicator& v);
void get(ByteReader& r, Checkpoint& v);
void get(ByteReader& r, Project& v);
void get(ByteReader& r, BudgetLine& v);
void get(ByteReader& r, Department& v);
void get(ByteReader& r, Position& v);
void get(ByteReader& r, FilePositions& v);

template <typename A, typename B>
void put(ByteWriter& w, const std::pair<A, B>& v) {
  put(w, v.first);
  put(w, v.second);
}
template <typename A, typename B>
void get(ByteReader& r, std::pair<A, B>& v) {
  get(r, v.first);
  get(r, v.second);
}

template <typename T>
void put(ByteWriter& w, const std::optional<T>& v) {
  w.u8(v ? 1 : 0);
  if (v) put(w, *v);
}
template <typename T>
void get(ByteReader& r, std::optional<T>& v) {
  v.reset();
  if (!r.flag()) return;
  T value{};
  get(r, value);
  if (r.ok()) v = std::move(value);
}

template <typename T>
void put(ByteWriter& w, const std::vector<T>& v) {
  w.u64(v.size());
  for (const T& e : v) put(w, e);
}
// The fewest bytes an element of a vector takes: it bounds a count before anything is reserved.
// Strings and doubles take 8, and so does every struct so far (a struct of less, or a vector of
// int or Date, 4, would make its vectors fail to decode: always a miss, which the round-trip test
// shows; give it its own value here then).
template <typename T>
constexpr std::size_t kMinEncodedBytes = 8;
template <typename T>
requires std::is_enum_v<T>
constexpr std::size_t kMinEncodedBytes<T> = 1;
template <typename T>
constexpr std::size_t kMinEncodedBytes<std::optional<T>> = 1;

template <typename T>
void get(ByteReader& r, std::vector<T>& v) {
  v.clear();
  // A corrupted count fails here instead of reserving more than the bytes left could fill.
  const std::size_t n = r.count(kMinEncodedBytes<T>);
  v.reserve(n);
  for (std::size_t i = 0; i < n && r.ok(); ++i) get(r, v.emplace_back());
}

template <typename... T>
void put_all(ByteWriter& w, const T&... v) {
  (put(w, v), ...);
}
template <typename... T>
void get_all(ByteReader& r, T&... v) {
  (get(r, v), ...);
}

void put(ByteWriter& w, const Indicator& v) {
  const auto& [id, level1, level2, name, description, comparator, target, unit, expected, deadline,
               pace, frequency, tolerance, basis, remark] = v;
  put_all(w, id, level1, level2, name, description, comparator, target, unit, expected, deadline,
          pace, frequency, tolerance, basis);
  static_cast<void>(remark);  // a writer's comment, never read from files: never parsed
}
void get(ByteReader& r, Indicator& v) {
  auto& [id, level1, level2, name, description, comparator, target, unit, expected, deadline, pace,
         frequency, tolerance, basis, remark] = v;
  get_all(r, id, level1, level2, name, description, comparator, target, unit, expected, deadline,
          pace, frequency, tolerance, basis);
  remark.clear();
}

void put(ByteWriter& w, const Checkpoint& v) {
  const auto& [by, share] = v;
  put_all(w, by, share);
}
void get(ByteReader& r, Checkpoint& v) {
  auto& [by, share] = v;
  get_all(r, by, share);
}

void put(ByteWriter& w, const Project& v) {
  const auto& [code, name, budget, fiscal_funds, other_funds, purpose, goals, spending_plan,
               lag_tolerance, indicator_tolerance, frequency, indicators, remark] = v;
  put_all(w, code, name, budget, fiscal_funds, other_funds, purpose, goals, spending_plan,
          lag_tolerance, indicator_tolerance, frequency, indicators);
  static_cast<void>(remark);  // never read from files
}
void get(ByteReader& r, Project& v) {
  auto& [code, name, budget, fiscal_funds, other_funds, purpose, goals, spending_plan,
         lag_tolerance, indicator_tolerance, frequency, indicators, remark] = v;
  get_all(r, code, name, budget, fiscal_funds, other_funds, purpose, goals, spending_plan,
          lag_tolerance, indicator_tolerance, frequency, indicators);
  remark.clear();
}

void put(ByteWriter& w, const BudgetLine& v) {
  const auto& [table, code, name, amounts] = v;
  put_all(w, table, code, name, amounts);
}
void get(ByteReader& r, BudgetLine& v) {
  auto& [table, code, name, amounts] = v;
  get_all(r, table, code, name, amounts);
}

void put(ByteWriter& w, const Department& v) {
  const auto& [code, name, fiscal_year, amount_unit, lag_tolerance, indicator_tolerance, frequency,
               indicators, projects, budget_lines] = v;
  put_all(w, code, name, fiscal_year, amount_unit, lag_tolerance, indicator_tolerance, frequency,
          indicators, projects, budget_lines);
}
void get(ByteReader& r, Department& v) {
  auto& [code, name, fiscal_year, amount_unit, lag_tolerance, indicator_tolerance, frequency,
         indicators, projects, budget_lines] = v;
  get_all(r, code, name, fiscal_year, amount_unit, lag_tolerance, indicator_tolerance, frequency,
          indicators, projects, budget_lines);
}

void put(ByteWriter& w, const Position& v) {
  const auto& [line, column] = v;
  put_all(w, line, column);
}
void get(ByteReader& r, Position& v) {
  auto& [line, column] = v;
  get_all(r, line, column);
}

void put(ByteWriter& w, const FilePositions& v) {
  const auto& [fiscal_year, amount_unit, name, project_codes, indicator_ids] = v;
  put_all(w, fiscal_year, amount_unit, name, project_codes, indicator_ids);
}
void get(ByteReader& r, FilePositions& v) {
  auto& [fiscal_year, amount_unit, name, project_codes, indicator_ids] = v;
  get_all(r, fiscal_year, amount_unit, name, project_codes, indicator_ids);
}

// A warning without its file name (and its severity, which is always kWarning here).
void put_warning(ByteWriter& w, const Diagnostic& v) {
  const auto& [severity, file, line, column, field, message] = v;
  put_all(w, line, column, field, message);
  static_cast<void>(severity);
  static_cast<void>(file);
}
void get_warning(ByteReader& r, Diagnostic& v) {
  auto& [severity, file, line, column, field, message] = v;
  severity = Diagnostic::Severity::kWarning;
  file.clear();
  get_all(r, line, column, field, message);
}

}  // namespace

std::string encode_parsed_file(const ParsedFile& parsed, const std::vector<Diagnostic>& warnings) {
  ByteWriter w;
  w.bytes(kMagic);
  w.u32(kTargetsCodecVersion);
  const auto& [department, positions] = parsed;
  put_all(w, department, positions);
  w.u64(warnings.size());
  for (const Diagnostic& d : warnings) put_warning(w, d);
  return w.take();
}

std::optional<CachedParse> decode_parsed_file(std::string_view bytes) {
  ByteReader r(bytes);
  if (r.bytes(kMagic.size()) != kMagic || r.u32() != kTargetsCodecVersion) return std::nullopt;
  CachedParse out;
  auto& [department, positions] = out.parsed;
  get_all(r, department, positions);
  const std::size_t n = r.count(1);
  for (std::size_t i = 0; i < n && r.ok(); ++i) get_warning(r, out.warnings.emplace_back());
  // The positions run parallel to the department's lists; the merge indexes them blindly.
  if (department && (positions.project_codes.size() != department->projects.size() ||
                     positions.indicator_ids.size() != department->indicators.size())) {
    r.fail();
  }
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return out;
}

}  // namespace targetwatch::config_detail
