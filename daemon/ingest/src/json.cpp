// JSON actuals: {"actuals":[...]} or a bare array of record objects, parsed with Boost.JSON.
#include <boost/json.hpp>
#include <string>

#include "fields.h"
#include "targetwatch/ingest/ingest.h"

namespace targetwatch {
namespace {

using detail::Field;

std::string kind_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "a number";
    case boost::json::kind::string:
      return "a string";
    case boost::json::kind::array:
      return "an array";
    case boost::json::kind::object:
      return "an object";
  }
  return "a value";
}

bool is_provenance_key(std::string_view key) {
  return key == "revision" || key == "source" || key == "received_unix";
}

void parse_record(const boost::json::value& item, std::size_t index, ParsedActuals& parsed,
                  IngestErrors& errors) {
  if (!item.is_object()) {
    errors.push_back({index, "", "expected an object, found " + kind_name(item)});
    return;
  }
  detail::RecordBuilder builder(index);
  bool failed = false;
  for (const auto& [key_sv, v] : item.as_object()) {
    const std::string_view key(key_sv.data(), key_sv.size());
    auto f = detail::field_from_name(detail::ascii_lower(key));
    if (!f) {
      if (is_provenance_key(key)) continue;
      errors.push_back(
          {index, std::string(key), detail::cat({"unknown key ", detail::quoted(key)})});
      failed = true;
      continue;
    }
    const bool numeric = *f == Field::kValue || *f == Field::kForecast;
    if (v.is_null()) continue;  // as if absent; required fields are reported by finish()
    if (v.is_string()) {
      const auto& s = v.get_string();
      builder.set_text(*f, std::string_view(s.data(), s.size()), errors);
    } else if (numeric && v.is_number()) {
      builder.set_number(*f, v.to_number<double>(), errors);
    } else if (*f == Field::kDepartment && (v.is_int64() || v.is_uint64())) {
      // Department codes are digits, and clients send them as numbers.
      builder.set_text(*f, boost::json::serialize(v), errors);
    } else {
      builder.fail(*f,
                   detail::cat({"expected ", numeric ? "a number or a numeric string" : "a string",
                                ", found ", kind_name(v)}),
                   errors);
    }
  }
  auto record = builder.finish(errors);
  if (record && !failed) {
    parsed.records.push_back(std::move(*record));
    parsed.rows.push_back(index);
  }
}

}  // namespace

Result<ParsedActuals, IngestErrors> parse_actuals_json(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  boost::json::parser parser;
  boost::system::error_code ec;
  const std::size_t n = parser.write_some(text.data(), text.size(), ec);
  if (!ec && text.substr(n).find_first_not_of(" \t\r\n") != std::string_view::npos) {
    return IngestErrors{
        {0, "", "unexpected data after the JSON value at byte offset " + std::to_string(n)}};
  }
  if (ec) {
    return IngestErrors{
        {0, "", "invalid JSON at byte offset " + std::to_string(n) + ": " + ec.message()}};
  }
  const boost::json::value root = parser.release();
  const boost::json::array* items = nullptr;
  if (root.is_array()) {
    items = &root.get_array();
  } else if (root.is_object()) {
    const auto& obj = root.get_object();
    for (const auto& [key, v] : obj) {
      if (key != "actuals") {
        return IngestErrors{{0, std::string(key.data(), key.size()),
                             "unknown key \"" + std::string(key.data(), key.size()) +
                                 "\" (the body is {\"actuals\": [...]})"}};
      }
    }
    const auto* actuals = obj.if_contains("actuals");
    if (!actuals) return IngestErrors{{0, "actuals", "missing key \"actuals\""}};
    if (!actuals->is_array()) {
      return IngestErrors{{0, "actuals", "expected an array, found " + kind_name(*actuals)}};
    }
    items = &actuals->get_array();
  } else {
    return IngestErrors{
        {0, "", "expected {\"actuals\": [...]} or an array, found " + kind_name(root)}};
  }
  ParsedActuals parsed;
  IngestErrors errors;
  for (std::size_t i = 0; i < items->size(); ++i) parse_record((*items)[i], i, parsed, errors);
  if (!errors.empty()) return errors;
  return parsed;
}

}  // namespace targetwatch
