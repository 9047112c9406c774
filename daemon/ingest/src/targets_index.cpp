// Hash indexes over a targets snapshot: departments, projects and indicators by code and name.
#include "targetwatch/ingest/targets_index.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <unordered_map>

namespace targetwatch {
namespace {

// Lets look-ups take a std::string_view: no temporary std::string key per record.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};
template <typename V>
using TextMap = std::unordered_map<std::string, V, TextHash, std::equal_to<>>;

struct IndicatorBlock {
  TextMap<const Indicator*> by_id;
  TextMap<std::vector<const Indicator*>> by_name;
};

void fill(IndicatorBlock& block, const std::vector<Indicator>& indicators) {
  block.by_id.reserve(indicators.size());
  for (const auto& i : indicators) {
    block.by_id.emplace(i.id, &i);
    block.by_name[name_key(i.name)].push_back(&i);
  }
}

}  // namespace

struct TargetsIndex::Impl {
  const Targets* targets = nullptr;
  std::vector<std::string> codes;
  TextMap<std::vector<const Department*>> departments;
  TextMap<std::vector<ProjectMatch>> projects;
  TextMap<std::vector<ProjectMatch>> project_names;
  // Keyed by the Project (or, for department-wide indicators, the Department) that owns them.
  std::unordered_map<const void*, IndicatorBlock> blocks;
};

TargetsIndex::TargetsIndex(const Targets& targets) {
  auto impl = std::make_unique<Impl>();
  impl->targets = &targets;
  for (const auto& d : targets.departments) {
    auto& files = impl->departments[d.code];
    if (files.empty()) impl->codes.push_back(d.code);
    files.push_back(&d);
    fill(impl->blocks[&d], d.indicators);
    for (const auto& p : d.projects) {
      impl->projects[p.code].push_back({&d, &p});
      impl->project_names[name_key(p.name)].push_back({&d, &p});
      fill(impl->blocks[&p], p.indicators);
    }
  }
  impl_ = std::move(impl);
}

TargetsIndex::~TargetsIndex() = default;
TargetsIndex::TargetsIndex(TargetsIndex&&) noexcept = default;
TargetsIndex& TargetsIndex::operator=(TargetsIndex&&) noexcept = default;

const Targets& TargetsIndex::targets() const { return *impl_->targets; }

const std::vector<const Department*>& TargetsIndex::departments(std::string_view code) const {
  static const std::vector<const Department*> kNone;
  auto it = impl_->departments.find(code);
  return it == impl_->departments.end() ? kNone : it->second;
}

const std::vector<std::string>& TargetsIndex::department_codes() const { return impl_->codes; }

const std::vector<TargetsIndex::ProjectMatch>& TargetsIndex::projects_by_code(
    std::string_view code) const {
  static const std::vector<ProjectMatch> kNone;
  auto it = impl_->projects.find(code);
  return it == impl_->projects.end() ? kNone : it->second;
}

const std::vector<TargetsIndex::ProjectMatch>& TargetsIndex::projects_by_name(
    std::string_view name) const {
  static const std::vector<ProjectMatch> kNone;
  auto it = impl_->project_names.find(name_key(name));
  return it == impl_->project_names.end() ? kNone : it->second;
}

const Indicator* TargetsIndex::indicator_by_id(const Department& department, const Project* project,
                                               std::string_view id) const {
  auto b = impl_->blocks.find(project ? static_cast<const void*>(project) : &department);
  if (b == impl_->blocks.end()) return nullptr;
  auto it = b->second.by_id.find(id);
  return it == b->second.by_id.end() ? nullptr : it->second;
}

const std::vector<const Indicator*>& TargetsIndex::indicators_by_name(const Department& department,
                                                                      const Project* project,
                                                                      std::string_view name) const {
  static const std::vector<const Indicator*> kNone;
  auto b = impl_->blocks.find(project ? static_cast<const void*>(project) : &department);
  if (b == impl_->blocks.end()) return kNone;
  auto it = b->second.by_name.find(name_key(name));
  return it == b->second.by_name.end() ? kNone : it->second;
}

}  // namespace targetwatch
