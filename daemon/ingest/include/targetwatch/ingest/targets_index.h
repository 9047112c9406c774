// Hash indexes over one targets snapshot, so that validating a batch resolves each record's
// department, project and indicator (by code/id or by name) without scanning the targets.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/model/targets.h"

namespace targetwatch {

/// Built once per targets snapshot (O(indicators)); `targets` must outlive the index and not
/// change while it is used. Immutable after construction: any number of threads may use one
/// index at the same time. Names are compared by name_key().
class TargetsIndex {
 public:
  explicit TargetsIndex(const Targets& targets);
  ~TargetsIndex();
  TargetsIndex(TargetsIndex&&) noexcept;
  TargetsIndex& operator=(TargetsIndex&&) noexcept;
  TargetsIndex(const TargetsIndex&) = delete;
  TargetsIndex& operator=(const TargetsIndex&) = delete;

  const Targets& targets() const;

  /// Every file (fiscal year) of a department code; empty when unknown.
  const std::vector<const Department*>& departments(std::string_view code) const;
  /// The distinct department codes, in targets order.
  const std::vector<std::string>& department_codes() const;

  struct ProjectMatch {
    const Department* department;
    const Project* project;
  };
  /// Projects with this code, in any department file.
  const std::vector<ProjectMatch>& projects_by_code(std::string_view code) const;
  /// Projects whose name has the name_key of `name`, in any department file.
  const std::vector<ProjectMatch>& projects_by_name(std::string_view name) const;

  /// The indicator of a project (or, with project nullptr, the department-wide one) with this
  /// id; nullptr when unknown.
  const Indicator* indicator_by_id(const Department& department, const Project* project,
                                   std::string_view id) const;
  /// Indicators of that block whose name has this name_key (several: the name is ambiguous).
  const std::vector<const Indicator*>& indicators_by_name(const Department& department,
                                                          const Project* project,
                                                          std::string_view name) const;

 private:
  struct Impl;
  std::unique_ptr<const Impl> impl_;
};

/// The comparison form of a header or a name: whitespace (ASCII, U+00A0, U+3000) removed,
/// full-width ASCII forms folded to half-width, ASCII letters lower-cased.
std::string name_key(std::string_view text);

}  // namespace targetwatch
