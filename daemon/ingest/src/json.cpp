// JSON actuals: {"actuals":[...]} or a bare array of record objects, parsed with Boost.JSON.
#include <boost/json.hpp>
#include <string>

#include "fields.h"
#include "parsers.h"
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

IngestError json_error(std::size_t index, std::string field, std::string en, std::string zh) {
  std::string location = "actuals[" + std::to_string(index) + "]";
  if (!field.empty()) location += "." + field;
  return {index, std::move(field), std::move(en), std::move(location), std::move(zh)};
}

void parse_record(const boost::json::value& item, std::size_t index, IngestBatch& parsed,
                  IngestErrors& errors) {
  if (!item.is_object()) {
    errors.push_back(json_error(index, "", "expected an object, found " + kind_name(item),
                                "应为一条记录（JSON 对象）"));
    return;
  }
  ActualRecord& record = parsed.records.emplace_back();
  detail::RecordBuilder builder(index, parsed.layout, record);
  bool failed = false;
  for (const auto& [key_sv, v] : item.as_object()) {
    const std::string_view key(key_sv.data(), key_sv.size());
    auto f = detail::field_from_header(key);
    if (!f) {
      if (is_provenance_key(key)) continue;
      errors.push_back(json_error(index, std::string(key),
                                  detail::cat({"unknown key ", detail::quoted(key)}),
                                  detail::cat({"不认识的键 ", detail::quoted_zh(key)})));
      failed = true;
      continue;
    }
    const bool numeric = *f == Field::kValue || *f == Field::kForecast;
    if (v.is_null() || detail::is_reference(*f)) continue;  // null: as if absent
    if (v.is_string()) {
      const auto& s = v.get_string();
      builder.set_text(*f, std::string_view(s.data(), s.size()), errors);
    } else if (numeric && v.is_number()) {
      builder.set_number(*f, v.to_number<double>(), errors);
    } else if (*f == Field::kRetract && v.is_bool()) {
      builder.set_flag(*f, v.get_bool());
    } else if (*f == Field::kDepartment && (v.is_int64() || v.is_uint64())) {
      // Department codes are digits, and clients send them as numbers.
      builder.set_text(*f, boost::json::serialize(v), errors);
    } else {
      const bool flag = *f == Field::kRetract;
      builder.fail(*f,
                   {detail::cat({"expected ",
                                 numeric ? "a number or a numeric string"
                                         : (flag ? "a boolean or a string" : "a string"),
                                 ", found ", kind_name(v)}),
                    numeric ? "应为数字" : (flag ? "应为 true/false 或 是/否" : "应为文字")},
                   errors);
    }
  }
  const auto form = builder.finish(errors);
  if (form && !failed) {
    parsed.rows.push_back(index);
    parsed.value_forms.push_back(*form);
  } else {
    parsed.records.pop_back();
  }
}

}  // namespace

namespace detail {

ParseOutput parse_json(std::string_view text) {
  ParseOutput out;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  boost::json::parser parser;
  boost::system::error_code ec;
  const std::size_t n = parser.write_some(text.data(), text.size(), ec);
  if (!ec && text.substr(n).find_first_not_of(" \t\r\n") != std::string_view::npos) {
    out.errors.push_back(json_error(
        0, "", "unexpected data after the JSON value at byte offset " + std::to_string(n),
        "JSON 值后面还有多余内容（第 " + std::to_string(n) + " 字节处）"));
    return out;
  }
  if (ec) {
    out.errors.push_back(
        json_error(0, "", "invalid JSON at byte offset " + std::to_string(n) + ": " + ec.message(),
                   "JSON 格式错误（第 " + std::to_string(n) + " 字节处）"));
    return out;
  }
  const boost::json::value root = parser.release();
  const boost::json::array* items = nullptr;
  if (root.is_array()) {
    items = &root.get_array();
  } else if (root.is_object()) {
    const auto& obj = root.get_object();
    for (const auto& [key, v] : obj) {
      if (key != "actuals") {
        const std::string k(key.data(), key.size());
        out.errors.push_back(
            json_error(0, k, "unknown key \"" + k + "\" (the body is {\"actuals\": [...]})",
                       "不认识的键 “" + k + "”（正文应为 {\"actuals\": [...]}）"));
        return out;
      }
    }
    const auto* actuals = obj.if_contains("actuals");
    if (!actuals) {
      out.errors.push_back(json_error(0, "actuals", "missing key \"actuals\"", "缺少键 “actuals”"));
      return out;
    }
    if (!actuals->is_array()) {
      out.errors.push_back(json_error(
          0, "actuals", "expected an array, found " + kind_name(*actuals), "“actuals” 应为数组"));
      return out;
    }
    items = &actuals->get_array();
  } else {
    out.errors.push_back(
        json_error(0, "", "expected {\"actuals\": [...]} or an array, found " + kind_name(root),
                   "正文应为 {\"actuals\": [...]} 或数组"));
    return out;
  }
  out.batch.layout.kind = InputKind::kJson;
  for (std::size_t i = 0; i < items->size(); ++i) {
    parse_record((*items)[i], i, out.batch, out.errors);
  }
  return out;
}

}  // namespace detail

Result<IngestBatch, IngestErrors> parse_actuals_json(std::string_view text) {
  auto out = detail::parse_json(text);
  if (!out.errors.empty()) return std::move(out.errors);
  return std::move(out.batch);
}

}  // namespace targetwatch
