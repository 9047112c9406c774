// Typed, position-aware reads from toml++ tables that turn every problem into a Diagnostic.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "file_io.h"
#include "parsed_file.h"
#include "targetwatch/config/targets_file.h"
#include "targetwatch/model/date.h"

namespace targetwatch::config_detail {

Position position_of(const toml::source_region& region);
Position position_of(const toml::node& node);

/// Collects the diagnostics of one file.
class Sink {
 public:
  Sink(std::string file, std::vector<Diagnostic>& out) : file_(std::move(file)), out_(out) {}

  void error(Position at, std::string field, std::string message);
  void warning(Position at, std::string field, std::string message);
  const std::string& file() const { return file_; }
  std::size_t error_count() const { return errors_; }

 private:
  std::string file_;
  std::vector<Diagnostic>& out_;
  std::size_t errors_ = 0;
};

enum class Need { kOptional, kRequired };

/// Joins a dotted field path: join("project[0]", "code") == "project[0].code".
std::string join(std::string_view path, std::string_view key);
std::string indexed(std::string_view path, std::size_t index);

/// Human name of a node's TOML type ("a string", "an integer", ...).
std::string_view type_name(const toml::node& node);

// Value conversions shared by TableReader and array readers; nullopt after reporting a problem.
std::optional<double> read_number(const toml::node& node, std::string_view field, Sink& sink);
std::optional<std::int64_t> read_integer(const toml::node& node, std::string_view field,
                                         Sink& sink);
std::optional<std::string> read_string(const toml::node& node, std::string_view field, Sink& sink);
std::optional<Date> read_date(const toml::node& node, std::string_view field, Sink& sink);

/// Parses a whole document; a syntax error is reported (toml++ stops at the first one).
std::optional<toml::table> parse_document(std::string_view text, Sink& sink);

/// Reads the keys of one table; the keys never asked for are reported as unknown (a warning)
/// by finish(), so that typos like `targt` do not pass silently.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, Sink& sink)
      : table_(table), path_(std::move(path)), sink_(sink) {}

  const toml::table& table() const { return table_; }
  const std::string& path() const { return path_; }
  std::string field(std::string_view key) const { return join(path_, key); }
  Sink& sink() { return sink_; }
  Position where() const { return position_of(table_); }
  /// Position of the key's value, or of the table when the key is absent.
  Position where(std::string_view key) const;

  /// The node under `key` (nullptr when absent; reports it when required).
  const toml::node* get(std::string_view key, Need need);

  std::optional<std::string> string(std::string_view key, Need need);
  std::optional<double> number(std::string_view key, Need need);
  std::optional<std::int64_t> integer(std::string_view key, Need need);
  std::optional<bool> boolean(std::string_view key, Need need);
  std::optional<Date> date(std::string_view key, Need need);
  std::optional<std::vector<std::string>> string_array(std::string_view key, Need need);
  const toml::table* subtable(std::string_view key, Need need);
  const toml::array* array(std::string_view key, Need need);
  /// An array of tables (`[[key]]` or an array of inline tables); non-table elements are reported.
  std::vector<const toml::table*> tables(std::string_view key, Need need);

  /// Reports every key that was not read as unknown.
  void finish();

 private:
  const toml::table& table_;
  std::string path_;
  Sink& sink_;
  std::set<std::string, std::less<>> seen_;
};

}  // namespace targetwatch::config_detail
