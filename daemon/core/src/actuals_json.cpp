// The JSON of GET /api/v1/actuals: grouping by identity, revisions in order, readable numbers.
#include "actuals_json.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <tuple>

#include "targetwatch/report/readable_json.h"

namespace targetwatch::core {
namespace {

namespace json = boost::json;

std::string iso_utc(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
  std::int64_t secs = unix_seconds - days * 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return Date::from_days(static_cast<std::int32_t>(days)).iso() + buf;
}

json::object revision_json(const ActualRecord& r) {
  json::object o{{"revision", r.revision},
                 {"value", r.value},
                 {"mode", to_string(r.mode)},
                 {"source", r.source},
                 {"received", iso_utc(r.received_unix)}};
  if (!r.unit.empty()) o["unit"] = r.unit;
  if (!r.note.empty()) o["note"] = r.note;
  if (!r.cause.empty()) o["cause"] = r.cause;
  if (!r.likelihood.empty()) o["likelihood"] = r.likelihood;
  if (r.forecast) o["forecast"] = *r.forecast;
  if (!r.measure.empty()) o["measure"] = r.measure;
  if (r.retracted) o["retracted"] = true;
  if (r.fund != FundSource::kTotal) o["fund"] = to_string(r.fund);
  return o;
}

}  // namespace

std::string actuals_json(const std::vector<ActualRecord>& records, const ActualsPage& page) {
  using Key = std::tuple<std::string, std::string, std::string, Date, FundSource>;
  std::map<Key, std::vector<const ActualRecord*>> groups;
  for (const ActualRecord& r : records) {
    groups[Key{r.department, r.project, r.indicator, r.as_of, r.fund}].push_back(&r);
  }
  json::array list;
  for (auto& [key, revisions] : groups) {
    std::sort(revisions.begin(), revisions.end(), [](const ActualRecord* a, const ActualRecord* b) {
      return a->revision < b->revision;
    });
    json::object o = revision_json(*revisions.back());
    o["department"] = std::get<0>(key);
    o["project"] = std::get<1>(key);
    o["indicator"] = std::get<2>(key);
    o["as_of"] = std::get<3>(key).iso();
    json::array history;
    for (const ActualRecord* r : revisions) history.push_back(revision_json(*r));
    o["revisions"] = std::move(history);
    list.push_back(std::move(o));
  }
  // The next page starts after the last revision of this one; with no records, after the same
  // revision again (a client polling for new records keeps its place).
  const std::int64_t next_after = records.empty() ? page.after : records.back().revision;
  return serialize_readable(json::object{{"count", list.size()},
                                         {"records", records.size()},
                                         {"actuals", std::move(list)},
                                         {"limit", page.limit},
                                         {"after", page.after},
                                         {"next_after", next_after},
                                         {"more", page.more}});
}

}  // namespace targetwatch::core
