// Parsing of the record fields common to CSV and JSON input.
#include "fields.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

namespace targetwatch::detail {
namespace {

constexpr std::array<std::string_view, kFieldCount> kNames{
    "department", "project", "indicator", "value",      "as_of",    "mode",
    "unit",       "note",    "cause",     "likelihood", "forecast", "measure"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Digits only, no sign: the grouped form "1,234,567" checked and with the commas removed.
std::optional<std::string> ungroup(std::string_view digits) {
  std::string out;
  std::size_t group = 0;
  bool first = true;
  std::size_t i = 0;
  while (i <= digits.size()) {
    if (i == digits.size() || digits[i] == ',') {
      if (first ? (group < 1 || group > 3) : group != 3) return std::nullopt;
      first = false;
      group = 0;
    } else if (is_digit(digits[i])) {
      out += digits[i];
      ++group;
    } else {
      return std::nullopt;
    }
    ++i;
  }
  return out;
}

// Reads `n_min`..`n_max` digits at `pos`; advances `pos`.
std::optional<int> read_int(std::string_view s, std::size_t& pos, std::size_t n_min,
                            std::size_t n_max) {
  std::size_t start = pos;
  int v = 0;
  while (pos < s.size() && pos - start < n_max && is_digit(s[pos])) v = v * 10 + (s[pos++] - '0');
  if (pos - start < n_min) return std::nullopt;
  if (pos < s.size() && is_digit(s[pos])) return std::nullopt;  // too many digits
  return v;
}

bool consume(std::string_view s, std::size_t& pos, std::string_view token) {
  if (s.substr(pos, token.size()) != token) return false;
  pos += token.size();
  return true;
}

std::optional<Date> ymd_date(int y, int m, int d) {
  if (!Date::is_valid_ymd(y, m, d)) return std::nullopt;
  return Date::from_ymd(y, m, d);
}

std::optional<Date> try_parse_date(std::string_view s) {
  if (auto iso = Date::parse(s)) return iso;
  std::size_t pos = 0;
  if (s.size() == 8 && std::all_of(s.begin(), s.end(), is_digit)) {  // 20250630
    auto num = [&](std::size_t from, std::size_t n) {
      int v = 0;
      for (std::size_t i = from; i < from + n; ++i) v = v * 10 + (s[i] - '0');
      return v;
    };
    return ymd_date(num(0, 4), num(4, 2), num(6, 2));
  }
  pos = 0;
  auto y = read_int(s, pos, 4, 4);
  if (!y) return std::nullopt;
  if (consume(s, pos, "年")) {
    auto m = read_int(s, pos, 1, 2);
    if (!m || !consume(s, pos, "月")) return std::nullopt;
    auto d = read_int(s, pos, 1, 2);
    if (!d) return std::nullopt;
    consume(s, pos, "日") || consume(s, pos, "号");
    if (pos != s.size()) return std::nullopt;
    return ymd_date(*y, *m, *d);
  }
  if (pos >= s.size()) return std::nullopt;
  const char sep = s[pos];
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  ++pos;
  auto m = read_int(s, pos, 1, 2);
  if (!m || pos >= s.size() || s[pos] != sep) return std::nullopt;
  ++pos;
  auto d = read_int(s, pos, 1, 2);
  if (!d || pos != s.size()) return std::nullopt;
  return ymd_date(*y, *m, *d);
}

}  // namespace

std::string_view field_name(Field f) { return kNames[static_cast<std::size_t>(f)]; }

std::optional<Field> field_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Field>(i);
  }
  // "as-of" and "asof" are how people type it without looking at the docs.
  if (name == "as-of" || name == "asof" || name == "as of") return Field::kAsOf;
  return std::nullopt;
}

bool is_required_column(Field f) {
  return f == Field::kProject || f == Field::kIndicator || f == Field::kValue || f == Field::kAsOf;
}

std::string_view trim(std::string_view s) {
  static constexpr std::string_view kNbsp = "\xC2\xA0";
  static constexpr std::string_view kIdeographic = "\xE3\x80\x80";
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' ||
                       s.front() == '\n' || s.front() == '\v' || s.front() == '\f')) {
      s.remove_prefix(1);
    } else if (s.starts_with(kNbsp)) {
      s.remove_prefix(kNbsp.size());
    } else if (s.starts_with(kIdeographic)) {
      s.remove_prefix(kIdeographic.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                       s.back() == '\n' || s.back() == '\v' || s.back() == '\f')) {
      s.remove_suffix(1);
    } else if (s.ends_with(kNbsp)) {
      s.remove_suffix(kNbsp.size());
    } else if (s.ends_with(kIdeographic)) {
      s.remove_suffix(kIdeographic.size());
    } else {
      break;
    }
  }
  return s;
}

std::string cat(std::initializer_list<std::string_view> parts) {
  std::size_t n = 0;
  for (auto p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (auto p : parts) out += p;
  return out;
}

std::string quoted(std::string_view s) { return cat({"\"", s, "\""}); }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Result<double> parse_number(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return Error{"empty number"};
  std::string_view body = s;
  std::string normalized;
  if (body.front() == '+' || body.front() == '-') {
    if (body.front() == '-') normalized += '-';
    body.remove_prefix(1);
  }
  if (body.find(',') != std::string_view::npos) {
    // Thousands separators are only accepted in the integer part and in groups of three, so a
    // European "1,5" is an error rather than fifteen.
    const std::size_t end = std::min(body.find_first_of(".eE"), body.size());
    auto digits = ungroup(body.substr(0, end));
    if (!digits) return Error{cat({quoted(s), " is not a number (bad digit grouping)"})};
    normalized += *digits;
    normalized += body.substr(end);
  } else {
    normalized += body;
  }
  // from_chars would accept "inf"/"nan" and hex-free forms only; require a leading digit or dot
  // so words never parse.
  const std::size_t lead = normalized.starts_with('-') ? 1 : 0;
  if (lead >= normalized.size() || !(is_digit(normalized[lead]) || normalized[lead] == '.')) {
    return Error{cat({quoted(s), " is not a number"})};
  }
  double v = 0;
  const char* first = normalized.data();
  const char* last = first + normalized.size();
  auto [ptr, ec] = std::from_chars(first, last, v, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) {
    return Error{cat({quoted(s), " is out of range"})};
  }
  if (ec != std::errc() || ptr != last) return Error{cat({quoted(s), " is not a number"})};
  if (!std::isfinite(v)) return Error{cat({quoted(s), " is not finite"})};
  return v;
}

Result<Date> parse_date(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return Error{"empty date"};
  if (auto d = try_parse_date(s)) return *d;
  return Error{cat(
      {quoted(s), " is not a valid date (use YYYY-MM-DD; YYYY/M/D and YYYY年M月D日 also work)"})};
}

Result<RecordMode> parse_mode(std::string_view text) {
  const std::string s = ascii_lower(trim(text));
  if (s.empty() || s == "cumulative" || s == "累计") return RecordMode::kCumulative;
  if (s == "increment" || s == "增量") return RecordMode::kIncrement;
  return Error{cat({quoted(trim(text)), " is not a mode (cumulative or increment)"})};
}

void RecordBuilder::fail(Field f, std::string reason, IngestErrors& errors) {
  failed_ = true;
  bad_[static_cast<std::size_t>(f)] = true;
  errors.push_back({row_, std::string(field_name(f)), std::move(reason)});
}

void RecordBuilder::set_text(Field f, std::string_view raw, IngestErrors& errors) {
  const std::string_view text = (f == Field::kNote || f == Field::kMeasure) ? raw : trim(raw);
  switch (f) {
    case Field::kValue:
    case Field::kForecast: {
      if (text.empty()) return;  // missing: finish() reports a missing value; forecast optional
      auto v = parse_number(text);
      if (!v) return fail(f, v.error().message, errors);
      set_number(f, *v, errors);
      return;
    }
    case Field::kAsOf: {
      if (text.empty()) return;
      auto d = parse_date(text);
      if (!d) return fail(f, d.error().message, errors);
      record_.as_of = *d;
      break;
    }
    case Field::kMode: {
      auto m = parse_mode(text);
      if (!m) return fail(f, m.error().message, errors);
      record_.mode = *m;
      break;
    }
    case Field::kDepartment:
      record_.department = std::string(text);
      break;
    case Field::kProject:
      record_.project = std::string(text);
      break;
    case Field::kIndicator:
      record_.indicator = std::string(text);
      break;
    case Field::kUnit:
      record_.unit = std::string(text);
      break;
    case Field::kNote:
      record_.note = std::string(text);
      break;
    case Field::kCause:
      record_.cause = std::string(text);
      break;
    case Field::kLikelihood:
      record_.likelihood = std::string(text);
      break;
    case Field::kMeasure:
      record_.measure = std::string(text);
      break;
  }
  if (!text.empty()) present_[static_cast<std::size_t>(f)] = true;
}

void RecordBuilder::set_number(Field f, double value, IngestErrors& errors) {
  if (!std::isfinite(value)) return fail(f, "not finite", errors);
  if (f == Field::kValue) {
    record_.value = value;
  } else {
    record_.forecast = value;
  }
  present_[static_cast<std::size_t>(f)] = true;
}

std::optional<ActualRecord> RecordBuilder::finish(IngestErrors& errors) {
  for (Field f : {Field::kIndicator, Field::kValue, Field::kAsOf}) {
    const auto i = static_cast<std::size_t>(f);
    if (!present_[i] && !bad_[i]) {
      fail(f, cat({"missing ", field_name(f)}), errors);
    }
  }
  if (failed_) return std::nullopt;
  return std::move(record_);
}

}  // namespace targetwatch::detail
