// parse_targets / load_targets: targets TOML -> model, validating everything and merging files.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>
#include <thread>
#include <tuple>

#include "targets_cache.h"
#include "targetwatch/config/targets_file.h"
#include "targetwatch/model/units.h"
#include "toml_emit.h"
#include "toml_reader.h"

namespace targetwatch {
namespace {

using config_detail::FilePositions;
using config_detail::indexed;
using config_detail::join;
using config_detail::Need;
using config_detail::ParsedFile;
using config_detail::Position;
using config_detail::position_of;
using config_detail::Sink;
using config_detail::TableReader;

constexpr std::int64_t kSchemaVersion = 1;
constexpr double kFundsTolerance = 0.005;

bool is_ascii_id(std::string_view id) {
  return std::all_of(id.begin(), id.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f;
  });
}

std::string number_text(double v) { return config_detail::format_number(v); }

// Reads `key` as a number that must lie in [lo, hi].
std::optional<double> bounded(TableReader& r, std::string_view key, Need need, double lo, double hi,
                              std::string_view what) {
  auto v = r.number(key, need);
  if (v && (*v < lo || *v > hi)) {
    r.sink().error(r.where(key), r.field(key),
                   std::string(what) + " must be between " + number_text(lo) + " and " +
                       number_text(hi) + ", found " + number_text(*v));
    return std::nullopt;
  }
  return v;
}

std::optional<double> non_negative(TableReader& r, std::string_view key, Need need) {
  auto v = r.number(key, need);
  if (v && *v < 0) {
    r.sink().error(r.where(key), r.field(key), "must not be negative, found " + number_text(*v));
  }
  return v;
}

// Ids that must be unique within a block; reports the second occurrence with the first's place.
class UniqueIds {
 public:
  explicit UniqueIds(std::string_view what) : what_(what) {}

  void add(const std::string& id, Position at, const std::string& field, Sink& sink) {
    auto [it, inserted] = seen_.emplace(id, First{at, sink.file()});
    if (inserted) return;
    // Within one file the parser has reported it already; across files only the merge can.
    if (across_files_only_ && it->second.file == sink.file()) return;
    std::string first = "line " + std::to_string(it->second.at.line);
    if (it->second.file != sink.file())
      first = it->second.file + ":" + std::to_string(it->second.at.line);
    sink.error(at, field, "duplicate " + what_ + " '" + id + "' (first defined at " + first + ")");
  }
  void across_files_only() { across_files_only_ = true; }

 private:
  struct First {
    Position at;
    std::string file;
  };
  std::string what_;
  bool across_files_only_ = false;
  std::map<std::string, First> seen_;
};

std::optional<Frequency> read_frequency(TableReader& r) {
  auto text = r.string("frequency", Need::kOptional);
  if (!text) return std::nullopt;
  auto f = parse_frequency(*text);
  if (!f) {
    r.sink().error(
        r.where("frequency"), r.field("frequency"),
        "unknown frequency '" + *text + "' (one of monthly, quarterly, half_yearly, yearly, once)");
  }
  return f;
}

bool needs_target(Comparator c) {
  return c != Comparator::kQualitative && c != Comparator::kDeadline;
}

Indicator read_indicator(TableReader& r, int fiscal_year) {
  Indicator ind;
  if (auto id = r.string("id", Need::kRequired)) {
    ind.id = *id;
    if (ind.id.empty()) {
      r.sink().error(r.where("id"), r.field("id"), "must not be empty");
    } else if (!is_ascii_id(ind.id)) {
      r.sink().error(
          r.where("id"), r.field("id"),
          "must be printable ASCII without spaces (e.g. quantity-1), found '" + ind.id + "'");
    } else if (ind.id == kSpendingIndicator) {
      r.sink().error(r.where("id"), r.field("id"),
                     "'spending' is reserved for a project's cumulative spending");
    }
  }
  ind.level1 = r.string("level1", Need::kOptional).value_or("");
  ind.level2 = r.string("level2", Need::kOptional).value_or("");
  ind.name = r.string("name", Need::kRequired).value_or("");
  ind.description = r.string("description", Need::kOptional).value_or("");
  std::optional<Comparator> comparator;
  if (auto text = r.string("comparator", Need::kRequired)) {
    comparator = parse_comparator(*text);
    if (!comparator) {
      r.sink().error(
          r.where("comparator"), r.field("comparator"),
          "unknown comparator '" + *text + "' (one of >=, <=, =, >, <, qualitative, deadline)");
    }
  }
  ind.comparator = comparator.value_or(Comparator::kQualitative);
  ind.target = r.number("target", Need::kOptional);
  ind.unit = r.string("unit", Need::kOptional).value_or("");
  ind.expected = r.string("expected", Need::kOptional).value_or("");
  ind.deadline = r.date("deadline", Need::kOptional);
  if (auto pace = r.string("pace", Need::kOptional)) {
    ind.pace = parse_pace(*pace);
    if (!ind.pace) {
      r.sink().error(r.where("pace"), r.field("pace"),
                     "unknown pace '" + *pace + "' (one of linear, year_end, none)");
    }
  }
  ind.frequency = read_frequency(r);
  ind.tolerance = bounded(r, "tolerance", Need::kOptional, 0, 1, "tolerance");
  ind.basis = r.string("basis", Need::kOptional).value_or("");

  if (comparator && needs_target(*comparator) && !ind.target &&
      r.table().get("target") == nullptr) {
    r.sink().error(
        r.where(), r.field("target"),
        "comparator '" + std::string(to_string(*comparator)) + "' needs a numeric `target`");
  }
  if (comparator == Comparator::kDeadline && !ind.deadline &&
      r.table().get("deadline") == nullptr) {
    r.sink().error(r.where(), r.field("deadline"),
                   "comparator 'deadline' needs a `deadline` date (e.g. deadline = " +
                       std::to_string(fiscal_year > 0 ? fiscal_year : 2025) + "-07-31)");
  }
  if (ind.deadline && fiscal_year > 0 && ind.deadline->year() != fiscal_year) {
    r.sink().warning(r.where("deadline"), r.field("deadline"),
                     "deadline " + ind.deadline->iso() + " is outside fiscal year " +
                         std::to_string(fiscal_year));
  }
  r.finish();
  return ind;
}

std::vector<Indicator> read_indicators(TableReader& parent, int fiscal_year,
                                       std::vector<Position>* id_positions) {
  std::vector<Indicator> out;
  UniqueIds ids("indicator id");
  const auto tables = parent.tables("indicator", Need::kOptional);
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (tables[i] == nullptr) continue;
    TableReader r(*tables[i], indexed(parent.field("indicator"), i), parent.sink());
    Indicator ind = read_indicator(r, fiscal_year);
    if (!ind.id.empty()) ids.add(ind.id, r.where("id"), r.field("id"), parent.sink());
    if (id_positions != nullptr) id_positions->push_back(r.where("id"));
    out.push_back(std::move(ind));
  }
  return out;
}

SpendingPlan read_plan(TableReader& project, int fiscal_year) {
  SpendingPlan plan;
  const toml::array* array = project.array("spending_plan", Need::kOptional);
  if (array == nullptr) return plan;
  const std::string field = project.field("spending_plan");
  Sink& sink = project.sink();
  std::optional<Checkpoint> previous;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& node = *array->get(i);
    const std::string item = indexed(field, i);
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      sink.error(
          position_of(node), item,
          "expected a table like { by = " + std::to_string(fiscal_year > 0 ? fiscal_year : 2025) +
              "-03-31, share = 0.25 }, found " + std::string(config_detail::type_name(node)));
      continue;
    }
    TableReader r(*t, item, sink);
    auto by = r.date("by", Need::kRequired);
    const auto read_share = r.number("share", Need::kRequired);
    r.finish();
    // A plain double (NaN = unusable) keeps GCC's maybe-uninitialized analysis quiet.
    double share = read_share.value_or(std::nan(""));
    if (read_share && (share < 0 || share > 1)) {
      sink.error(r.where("share"), r.field("share"),
                 "share must be between 0 and 1 (a cumulative share of the budget: 25% is 0.25), "
                 "found " +
                     number_text(share));
      share = std::nan("");
    }
    if (by && fiscal_year > 0 && by->year() != fiscal_year) {
      sink.error(
          r.where("by"), r.field("by"),
          "checkpoint " + by->iso() + " is outside fiscal year " + std::to_string(fiscal_year));
    }
    if (!by || std::isnan(share)) continue;
    const Checkpoint current{*by, share};
    if (previous && current.by <= previous->by) {
      sink.error(r.where("by"), r.field("by"),
                 "checkpoint dates must be strictly increasing: " + by->iso() + " follows " +
                     previous->by.iso());
    }
    if (previous && current.share < previous->share) {
      sink.error(r.where("share"), r.field("share"),
                 "cumulative shares must not decrease: " + number_text(current.share) +
                     " follows " + number_text(previous->share));
    }
    plan.push_back(current);
    previous = current;
  }
  return plan;
}

Project read_project(TableReader& r, int fiscal_year) {
  Project p;
  if (auto code = r.string("code", Need::kRequired)) {
    p.code = *code;
    if (p.code.empty()) r.sink().error(r.where("code"), r.field("code"), "must not be empty");
  }
  p.name = r.string("name", Need::kRequired).value_or("");
  auto budget = non_negative(r, "budget", Need::kRequired);
  auto fiscal = non_negative(r, "fiscal_funds", Need::kOptional);
  auto other = non_negative(r, "other_funds", Need::kOptional);
  p.budget = budget.value_or(0);
  p.fiscal_funds = fiscal.value_or(0);
  p.other_funds = other.value_or(0);
  // The split is optional; when given it should add up to the budget.
  if (budget && (fiscal || other) &&
      std::abs(p.fiscal_funds + p.other_funds - p.budget) > kFundsTolerance) {
    r.sink().warning(r.where(fiscal ? "fiscal_funds" : "other_funds"), r.field("fiscal_funds"),
                     "fiscal_funds + other_funds = " + number_text(p.fiscal_funds + p.other_funds) +
                         " differs from budget " + number_text(p.budget));
  }
  p.purpose = r.string("purpose", Need::kOptional).value_or("");
  p.goals = r.string_array("goals", Need::kOptional).value_or(std::vector<std::string>{});
  p.spending_plan = read_plan(r, fiscal_year);
  p.lag_tolerance = bounded(r, "lag_tolerance", Need::kOptional, 0, 1, "lag_tolerance");
  p.indicator_tolerance =
      bounded(r, "indicator_tolerance", Need::kOptional, 0, 1, "indicator_tolerance");
  p.frequency = read_frequency(r);
  p.indicators = read_indicators(r, fiscal_year, nullptr);
  r.finish();
  return p;
}

BudgetLine read_budget_line(TableReader& r) {
  BudgetLine line;
  line.table = r.string("table", Need::kRequired).value_or("");
  line.code = r.string("code", Need::kOptional).value_or("");
  line.name = r.string("name", Need::kRequired).value_or("");
  if (const toml::table* amounts = r.subtable("amounts", Need::kOptional)) {
    // toml++ keeps keys sorted; the printed column order is the order of the keys in the file.
    std::vector<std::tuple<int, int, std::string, const toml::node*>> cells;
    for (auto&& [key, node] : *amounts) {
      const Position at = position_of(key.source());
      cells.emplace_back(at.line, at.column, std::string(key.str()), &node);
    }
    std::sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) {
      return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
    });
    for (const auto& [line_no, column, key, node] : cells) {
      if (auto v = config_detail::read_number(*node, join(r.field("amounts"), key), r.sink())) {
        line.amounts.emplace_back(key, *v);
      }
    }
  }
  r.finish();
  return line;
}

ParsedFile parse_file(std::string_view text, Sink& sink) {
  ParsedFile out;
  const auto root = config_detail::parse_document(text, sink);
  if (!root) return out;
  TableReader top(*root, "", sink);

  if (auto version = top.integer("schema_version", Need::kOptional)) {
    if (*version != kSchemaVersion) {
      sink.error(top.where("schema_version"), "schema_version",
                 "unsupported schema_version " + std::to_string(*version) +
                     " (this version of targetwatch reads schema_version = 1)");
    }
  } else if (root->get("schema_version") == nullptr) {
    sink.error(Position{1, 1}, "schema_version",
               "missing schema_version (add `schema_version = 1` at the top of the file)");
  }

  const toml::table* dept_table = top.subtable("department", Need::kRequired);
  const auto project_tables = top.tables("project", Need::kOptional);
  top.finish();
  if (dept_table == nullptr) return out;

  Department d;
  TableReader dr(*dept_table, "department", sink);
  if (auto code = dr.string("code", Need::kRequired)) {
    d.code = *code;
    if (d.code.empty()) sink.error(dr.where("code"), dr.field("code"), "must not be empty");
  }
  d.name = dr.string("name", Need::kRequired).value_or("");
  out.positions.name = dr.where("name");
  int fiscal_year = 0;  // 0 = unknown: year checks are skipped
  if (auto year = dr.integer("fiscal_year", Need::kRequired)) {
    if (*year < 1900 || *year > 9998) {
      sink.error(dr.where("fiscal_year"), dr.field("fiscal_year"),
                 "not a plausible fiscal year: " + std::to_string(*year));
    } else {
      fiscal_year = static_cast<int>(*year);
    }
  }
  d.fiscal_year = fiscal_year;
  out.positions.fiscal_year = dr.where("fiscal_year");
  if (auto unit = dr.string("amount_unit", Need::kRequired)) {
    if (!yuan_per(*unit)) {
      sink.error(dr.where("amount_unit"), dr.field("amount_unit"),
                 "amount_unit must be one of 元, 万元, 亿元, found '" + *unit + "'");
    } else {
      d.amount_unit = *unit;
    }
  }
  out.positions.amount_unit = dr.where("amount_unit");
  d.lag_tolerance = bounded(dr, "lag_tolerance", Need::kOptional, 0, 1, "lag_tolerance");
  d.indicator_tolerance =
      bounded(dr, "indicator_tolerance", Need::kOptional, 0, 1, "indicator_tolerance");
  d.frequency = read_frequency(dr);
  d.indicators = read_indicators(dr, fiscal_year, &out.positions.indicator_ids);
  const auto budget_tables = dr.tables("budget", Need::kOptional);
  for (std::size_t i = 0; i < budget_tables.size(); ++i) {
    if (budget_tables[i] == nullptr) continue;
    TableReader br(*budget_tables[i], indexed("department.budget", i), sink);
    d.budget_lines.push_back(read_budget_line(br));
  }
  dr.finish();

  UniqueIds codes("project code");
  for (std::size_t i = 0; i < project_tables.size(); ++i) {
    if (project_tables[i] == nullptr) continue;
    TableReader pr(*project_tables[i], indexed("project", i), sink);
    Project p = read_project(pr, fiscal_year);
    if (!p.code.empty()) codes.add(p.code, pr.where("code"), pr.field("code"), sink);
    out.positions.project_codes.push_back(pr.where("code"));
    d.projects.push_back(std::move(p));
  }
  out.department = std::move(d);
  return out;
}

// Merges the departments of several files by code and fiscal year, checking what must agree
// between them. Files of one department for different fiscal years load side by side (January:
// closing one year while the next starts); they must still agree on the unit.
class Merger {
 public:
  explicit Merger(TargetsLoad& load) : load_(load) {}

  void add(ParsedFile parsed, Sink& sink) {
    if (!parsed.department) return;
    Department& d = *parsed.department;
    const FilePositions& pos = parsed.positions;
    check_unit_across_years(d, pos, sink);
    auto it = index_.find({d.code, d.fiscal_year});
    if (it == index_.end()) {
      Entry entry{load_.targets.departments.size(), sink.file(), UniqueIds("project code"),
                  UniqueIds("department indicator id")};
      entry.codes.across_files_only();
      entry.ids.across_files_only();
      register_ids(entry, d, pos, sink);
      check_codes_across_departments(d, pos, sink);
      index_.emplace(std::pair{d.code, d.fiscal_year}, std::move(entry));
      load_.targets.departments.push_back(std::move(d));
      return;
    }
    Entry& entry = it->second;
    Department& into = load_.targets.departments[entry.index];
    const std::string first = entry.file;
    if (d.name != into.name) {
      sink.warning(pos.name, "department.name",
                   "name '" + d.name + "' differs from '" + into.name + "' in " + first);
    }
    if (!into.lag_tolerance) into.lag_tolerance = d.lag_tolerance;
    if (!into.indicator_tolerance) into.indicator_tolerance = d.indicator_tolerance;
    if (!into.frequency) into.frequency = d.frequency;
    register_ids(entry, d, pos, sink);
    check_codes_across_departments(d, pos, sink);
    std::move(d.indicators.begin(), d.indicators.end(), std::back_inserter(into.indicators));
    std::move(d.projects.begin(), d.projects.end(), std::back_inserter(into.projects));
    std::move(d.budget_lines.begin(), d.budget_lines.end(), std::back_inserter(into.budget_lines));
  }

 private:
  struct Entry {
    std::size_t index;
    std::string file;
    UniqueIds codes;
    UniqueIds ids;
  };

  static void register_ids(Entry& entry, const Department& d, const FilePositions& pos,
                           Sink& sink) {
    for (std::size_t i = 0; i < d.indicators.size(); ++i) {
      if (d.indicators[i].id.empty()) continue;
      entry.ids.add(d.indicators[i].id, pos.indicator_ids[i],
                    indexed("department.indicator", i) + ".id", sink);
    }
    for (std::size_t i = 0; i < d.projects.size(); ++i) {
      if (d.projects[i].code.empty()) continue;
      entry.codes.add(d.projects[i].code, pos.project_codes[i], indexed("project", i) + ".code",
                      sink);
    }
  }

  // Spending figures are stored in the department's unit, whatever the year: one unit per code.
  void check_unit_across_years(const Department& d, const FilePositions& pos, Sink& sink) {
    auto [it, inserted] = unit_.emplace(d.code, std::pair{d.amount_unit, sink.file()});
    if (!inserted && it->second.first != d.amount_unit) {
      sink.error(pos.amount_unit, "department.amount_unit",
                 "amount_unit " + d.amount_unit + " differs from " + it->second.first + " in " +
                     it->second.second + " (files of one department must use the same unit)");
    }
  }

  // Actual records may name only the project, so a code in two departments is ambiguous.
  void check_codes_across_departments(const Department& d, const FilePositions& pos, Sink& sink) {
    for (std::size_t i = 0; i < d.projects.size(); ++i) {
      const std::string& code = d.projects[i].code;
      if (code.empty()) continue;
      auto [it, inserted] = project_owner_.emplace(code, d.code);
      if (!inserted && it->second != d.code) {
        sink.warning(pos.project_codes[i], indexed("project", i) + ".code",
                     "project code " + code + " also belongs to department " + it->second +
                         " (records that name only the project are ambiguous)");
      }
    }
  }

  TargetsLoad& load_;
  std::map<std::pair<std::string, int>, Entry> index_;
  std::map<std::string, std::pair<std::string, std::string>> unit_;  // code -> unit, file
  std::map<std::string, std::string> project_owner_;
};

// Puts one file's diagnostics in reading order (unknown keys are found only after a table is read).
void sort_by_position(std::vector<Diagnostic>& diagnostics, std::size_t from) {
  std::stable_sort(diagnostics.begin() + static_cast<std::ptrdiff_t>(from), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                   });
}

// One file read and parsed (or decoded from the cache) on its own, with no shared state: files
// are parsed in parallel, then merged in name order.
struct FileParse {
  std::string path;
  std::optional<ParsedFile> parsed;  // empty when the file could not be read
  std::vector<Diagnostic> diagnostics;
  std::string cache_key;  // "" without a cache or when the file could not be read
  bool cache_hit = false;
  bool cache_stored = false;
  std::string cache_problem;
};

// `writer` tells this call's cache writes apart from those of the calls running beside it.
FileParse parse_one_file(const std::string& path, const config_detail::TargetsCacheDir* cache,
                         std::size_t writer) {
  FileParse out{path, std::nullopt, {}, {}, false, false, {}};
  Sink sink(path, out.diagnostics);
  std::string error;
  auto text = config_detail::read_text_file(path, error);
  if (!text) {
    sink.error({}, "", error);
    return out;
  }
  if (cache != nullptr) {
    out.cache_key = cache->key_of(*text);
    if (auto hit = cache->load(out.cache_key)) {
      out.parsed = std::move(hit->parsed);
      out.diagnostics = std::move(hit->warnings);
      for (Diagnostic& d : out.diagnostics) d.file = path;
      out.cache_hit = true;
      return out;
    }
  }
  out.parsed = parse_file(*text, sink);
  // Errors are never cached: they are reported fresh by every load.
  if (cache != nullptr && sink.error_count() == 0) {
    auto stored = cache->store(out.cache_key, *out.parsed, out.diagnostics, writer);
    out.cache_stored = stored.ok();
    if (!stored) out.cache_problem = std::move(stored.error().message);
  }
  return out;
}

// The merge sees the files one by one in the order given, exactly as a sequential load would.
void merge_file(FileParse file, Merger& merger, TargetsLoad& load) {
  const std::size_t first = load.diagnostics.size();
  load.diagnostics.insert(load.diagnostics.end(), std::make_move_iterator(file.diagnostics.begin()),
                          std::make_move_iterator(file.diagnostics.end()));
  if (file.parsed) {
    Sink sink(file.path, load.diagnostics);
    merger.add(std::move(*file.parsed), sink);
  }
  sort_by_position(load.diagnostics, first);
}

// Parses `paths` on up to one thread per core: a province's targets are hundreds of files and
// parsing them dominates start-up.
std::vector<FileParse> parse_files(const std::vector<std::string>& paths,
                                   const config_detail::TargetsCacheDir* cache) {
  std::vector<FileParse> out(paths.size());
  const std::size_t threads =
      std::min<std::size_t>(paths.size(), std::max(1u, std::thread::hardware_concurrency()));
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < paths.size(); i = next++) {
      out[i] = parse_one_file(paths[i], cache, i);
    }
  };
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (std::thread& t : helpers) t.join();
  return out;
}

// The cache's side of one load: which entries it used, and what it did.
class CacheUse {
 public:
  CacheUse(const TargetsCacheOptions& options, TargetsCacheReport& report) : report_(report) {
    if (options.dir.empty()) return;
    std::string fingerprint = options.parser_fingerprint;
    if (fingerprint.empty()) {
      auto build_id = config_detail::program_build_id();
      if (!build_id) {
        report_.problem =
            "this build of targetwatch has no GNU build-id, so entries of another "
            "build could not be told apart: the targets cache is off";
        return;
      }
      fingerprint = std::move(*build_id);
    }
    auto opened = config_detail::TargetsCacheDir::open(options.dir, std::move(fingerprint));
    if (opened) {
      dir_ = std::move(*opened);
    } else {
      report_.problem = std::move(opened.error().message);
    }
  }

  const config_detail::TargetsCacheDir* dir() const { return dir_ ? &*dir_ : nullptr; }

  void count(const FileParse& file) {
    if (!dir_ || file.cache_key.empty()) return;
    used_.insert(file.cache_key);
    ++(file.cache_hit ? report_.hits : report_.misses);
    report_.stored += file.cache_stored ? 1 : 0;
    if (report_.problem.empty()) report_.problem = file.cache_problem;
  }

  // Keeps the directory the size of the current targets.
  void remove_unused() {
    if (!dir_) return;
    auto removed = dir_->remove_unused(used_);
    if (removed) {
      report_.removed = *removed;
    } else if (report_.problem.empty()) {
      report_.problem = std::move(removed.error().message);
    }
  }

 private:
  TargetsCacheReport& report_;
  std::optional<config_detail::TargetsCacheDir> dir_;
  std::set<std::string> used_;
};

}  // namespace

TargetsLoad parse_targets(std::string_view toml_text, std::string_view file_name) {
  TargetsLoad load;
  Sink sink(std::string(file_name), load.diagnostics);
  ParsedFile parsed = parse_file(toml_text, sink);
  sort_by_position(load.diagnostics, 0);
  if (parsed.department) load.targets.departments.push_back(std::move(*parsed.department));
  return load;
}

TargetsLoad load_targets(const std::vector<std::string>& paths,
                         const TargetsCacheOptions& cache_options) {
  namespace fs = std::filesystem;
  TargetsLoad load;
  Merger merger(load);
  CacheUse cache(cache_options, load.cache);
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      Sink(path, load.diagnostics).error({}, "", "no such file or directory");
      continue;
    }
    if (!fs::is_directory(status)) {
      FileParse file = parse_one_file(path, cache.dir(), 0);
      cache.count(file);
      merge_file(std::move(file), merger, load);
      continue;
    }
    std::vector<fs::path> files;
    fs::directory_iterator it(path, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const fs::path& p = it->path();
      const std::string name = p.filename().string();
      // Dot files are editor lock/backup files, not targets.
      if (p.extension() != ".toml" || name.front() == '.') continue;
      std::error_code file_ec;
      if (fs::is_directory(it->status(file_ec))) continue;
      files.push_back(p);
    }
    if (ec) {
      Sink(path, load.diagnostics).error({}, "", "cannot list directory: " + ec.message());
      continue;
    }
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
    std::vector<std::string> names;
    names.reserve(files.size());
    for (const fs::path& file : files) names.push_back(file.string());
    for (FileParse& parsed : parse_files(names, cache.dir())) {
      cache.count(parsed);
      merge_file(std::move(parsed), merger, load);
    }
  }
  cache.remove_unused();
  return load;
}

}  // namespace targetwatch
