// Typed reads from toml++ tables with file:line:column diagnostics.
#include "toml_reader.h"

#include <cmath>

namespace targetwatch::config_detail {

Position position_of(const toml::source_region& region) {
  return {static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

Position position_of(const toml::node& node) { return position_of(node.source()); }

void Sink::error(Position at, std::string field, std::string message) {
  out_.push_back(Diagnostic{Diagnostic::Severity::kError, file_, at.line, at.column,
                            std::move(field), std::move(message)});
  ++errors_;
}

void Sink::warning(Position at, std::string field, std::string message) {
  out_.push_back(Diagnostic{Diagnostic::Severity::kWarning, file_, at.line, at.column,
                            std::move(field), std::move(message)});
}

std::string join(std::string_view path, std::string_view key) {
  std::string out(path);
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

std::string indexed(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

namespace {

void wrong_type(const toml::node& node, std::string_view field, std::string_view expected,
                Sink& sink) {
  sink.error(position_of(node), std::string(field),
             "expected " + std::string(expected) + ", found " + std::string(type_name(node)));
}

// "project[0].indicator" -> "project.indicator", the name a [[...]] header uses.
std::string header_name(std::string_view path) {
  std::string out;
  int depth = 0;
  for (char c : path) {
    if (c == '[') ++depth;
    if (depth == 0) out += c;
    if (c == ']') --depth;
  }
  return out;
}

}  // namespace

std::optional<double> read_number(const toml::node& node, std::string_view field, Sink& sink) {
  if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
  if (const auto* f = node.as_floating_point()) {
    if (!std::isfinite(f->get())) {
      sink.error(position_of(node), std::string(field), "must be a finite number");
      return std::nullopt;
    }
    return f->get();
  }
  if (node.is_string()) {
    sink.error(position_of(node), std::string(field),
               "expected a number, found a string (write the number without quotes)");
    return std::nullopt;
  }
  wrong_type(node, field, "a number", sink);
  return std::nullopt;
}

std::optional<std::int64_t> read_integer(const toml::node& node, std::string_view field,
                                         Sink& sink) {
  if (const auto* i = node.as_integer()) return i->get();
  if (const auto* f = node.as_floating_point()) {
    const double v = f->get();
    // 30.0 is an integer written as a float; 30.5 is not.
    if (std::isfinite(v) && v == std::trunc(v) && std::abs(v) < 9.0e15) {
      return static_cast<std::int64_t>(v);
    }
  }
  wrong_type(node, field, "an integer", sink);
  return std::nullopt;
}

std::optional<std::string> read_string(const toml::node& node, std::string_view field, Sink& sink) {
  if (const auto* s = node.as_string()) return s->get();
  wrong_type(node, field, "a string", sink);
  return std::nullopt;
}

std::optional<Date> read_date(const toml::node& node, std::string_view field, Sink& sink) {
  if (const auto* d = node.as_date()) {
    const toml::date v = d->get();
    if (!Date::is_valid_ymd(v.year, v.month, v.day)) {
      sink.error(position_of(node), std::string(field), "not a valid calendar date");
      return std::nullopt;
    }
    return Date::from_ymd(v.year, v.month, v.day);
  }
  if (const auto* s = node.as_string()) {
    const bool looks_like_date = Date::parse(s->get()).has_value();
    sink.error(position_of(node), std::string(field),
               looks_like_date
                   ? "expected a TOML date, found a string (write " + s->get() + " without quotes)"
                   : "expected a TOML date (YYYY-MM-DD), found a string");
    return std::nullopt;
  }
  if (node.is_date_time()) {
    sink.error(position_of(node), std::string(field),
               "expected a date (YYYY-MM-DD) without a time of day");
    return std::nullopt;
  }
  wrong_type(node, field, "a date (YYYY-MM-DD)", sink);
  return std::nullopt;
}

std::optional<toml::table> parse_document(std::string_view text, Sink& sink) {
  try {
    return toml::parse(text, std::string_view(sink.file()));
  } catch (const toml::parse_error& e) {
    sink.error(position_of(e.source()), "", "TOML syntax error: " + std::string(e.description()));
    return std::nullopt;
  }
}

Position TableReader::where(std::string_view key) const {
  if (const toml::node* n = table_.get(key)) return position_of(*n);
  return where();
}

const toml::node* TableReader::get(std::string_view key, Need need) {
  seen_.emplace(key);
  const toml::node* node = table_.get(key);
  if (node == nullptr && need == Need::kRequired) {
    sink_.error(where(), field(key), "missing required key `" + std::string(key) + "`");
  }
  return node;
}

std::optional<std::string> TableReader::string(std::string_view key, Need need) {
  const toml::node* n = get(key, need);
  if (n == nullptr) return std::nullopt;
  return read_string(*n, field(key), sink_);
}

std::optional<double> TableReader::number(std::string_view key, Need need) {
  const toml::node* n = get(key, need);
  if (n == nullptr) return std::nullopt;
  return read_number(*n, field(key), sink_);
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, Need need) {
  const toml::node* n = get(key, need);
  if (n == nullptr) return std::nullopt;
  return read_integer(*n, field(key), sink_);
}

std::optional<bool> TableReader::boolean(std::string_view key, Need need) {
  const toml::node* n = get(key, need);
  if (n == nullptr) return std::nullopt;
  if (const auto* b = n->as_boolean()) return b->get();
  wrong_type(*n, field(key), "a boolean (true or false)", sink_);
  return std::nullopt;
}

std::optional<Date> TableReader::date(std::string_view key, Need need) {
  const toml::node* n = get(key, need);
  if (n == nullptr) return std::nullopt;
  return read_date(*n, field(key), sink_);
}

std::optional<std::vector<std::string>> TableReader::string_array(std::string_view key, Need need) {
  const toml::node* n = get(key, need);
  if (n == nullptr) return std::nullopt;
  const toml::array* a = n->as_array();
  if (a == nullptr) {
    wrong_type(*n, field(key), "an array of strings", sink_);
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < a->size(); ++i) {
    auto s = read_string(*a->get(i), indexed(field(key), i), sink_);
    if (s) {
      out.push_back(std::move(*s));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

const toml::table* TableReader::subtable(std::string_view key, Need need) {
  const toml::node* n = get(key, need);
  if (n == nullptr) return nullptr;
  if (const auto* t = n->as_table()) return t;
  wrong_type(*n, field(key), "a table", sink_);
  return nullptr;
}

const toml::array* TableReader::array(std::string_view key, Need need) {
  const toml::node* n = get(key, need);
  if (n == nullptr) return nullptr;
  if (const auto* a = n->as_array()) return a;
  wrong_type(*n, field(key), "an array", sink_);
  return nullptr;
}

std::vector<const toml::table*> TableReader::tables(std::string_view key, Need need) {
  std::vector<const toml::table*> out;
  const toml::node* n = get(key, need);
  if (n == nullptr) return out;
  const toml::array* a = n->as_array();
  if (a == nullptr) {
    if (n->is_table()) {
      sink_.error(position_of(*n), field(key),
                  "expected an array of tables, found a table (write [[" + header_name(field(key)) +
                      "]] for each entry)");
    } else {
      wrong_type(*n, field(key), "an array of tables", sink_);
    }
    return out;
  }
  for (std::size_t i = 0; i < a->size(); ++i) {
    const toml::node* e = a->get(i);
    if (const auto* t = e->as_table()) {
      out.push_back(t);
    } else {
      wrong_type(*e, indexed(field(key), i), "a table", sink_);
      out.push_back(nullptr);  // keeps indices aligned with the file
    }
  }
  return out;
}

void TableReader::finish() {
  for (auto&& [key, node] : table_) {
    if (seen_.find(key.str()) != seen_.end()) continue;
    sink_.warning(position_of(key.source()), field(key.str()),
                  "unknown key `" + std::string(key.str()) + "` (ignored)");
  }
}

}  // namespace targetwatch::config_detail
