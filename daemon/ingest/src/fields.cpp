// The field table (English and Chinese names) and parsing of the record fields common to every
// input format.
#include "fields.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "targetwatch/ingest/field_aliases.h"
#include "targetwatch/ingest/targets_index.h"
#include "targetwatch/model/units.h"

namespace targetwatch {
namespace detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

const std::unordered_map<std::string, Field>& header_map() {
  static const std::unordered_map<std::string, Field> kMap = [] {
    std::unordered_map<std::string, Field> m;
    const auto& aliases = field_aliases();
    for (std::size_t i = 0; i < aliases.size(); ++i) {
      m.emplace(name_key(aliases[i].field), static_cast<Field>(i));
      for (auto n : aliases[i].names) m.emplace(name_key(n), static_cast<Field>(i));
    }
    return m;
  }();
  return kMap;
}

// Digits only, no sign: the grouped form "1,234,567" checked and with the commas removed.
std::optional<std::string> ungroup(std::string_view digits) {
  std::string out;
  std::size_t group = 0;
  bool first = true;
  for (std::size_t i = 0; i <= digits.size(); ++i) {
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
  if (s.size() == 8 && std::all_of(s.begin(), s.end(), is_digit)) {  // 20250630
    auto num = [&](std::size_t from, std::size_t n) {
      int v = 0;
      for (std::size_t i = from; i < from + n; ++i) v = v * 10 + (s[i] - '0');
      return v;
    };
    return ymd_date(num(0, 4), num(4, 2), num(6, 2));
  }
  std::size_t pos = 0;
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

// The assessment words of qualitative and deadline indicators, and their values.
constexpr std::array<std::pair<std::string_view, double>, 9> kWords{{{"是", 1},
                                                                     {"否", 0},
                                                                     {"完成", 1},
                                                                     {"已完成", 1},
                                                                     {"未完成", 0},
                                                                     {"达成", 1},
                                                                     {"已达成", 1},
                                                                     {"未达成", 0},
                                                                     {"部分达成", 0.5}}};

Reason not_a_number(std::string_view s, std::string_view why_en = "",
                    std::string_view why_zh = "") {
  return {cat({quoted(s), " is not a number", why_en}), cat({quoted_zh(s), " 不是数字", why_zh})};
}

// The length of the numeric prefix of `s`: sign, digits, commas, dots, and an exponent only
// when digits follow it (so "1e" leaves "e" as the rest, which is then refused).
std::size_t numeric_prefix(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  while (i < s.size() && (is_digit(s[i]) || s[i] == ',' || s[i] == '.')) ++i;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && is_digit(s[j])) {
      while (j < s.size() && is_digit(s[j])) ++j;
      i = j;
    }
  }
  return i;
}

}  // namespace

std::string_view field_name(Field f) { return field_aliases()[static_cast<std::size_t>(f)].field; }

std::optional<Field> field_from_header(std::string_view header) {
  const auto& m = header_map();
  auto it = m.find(name_key(header));
  if (it == m.end()) return std::nullopt;
  return it->second;
}

bool is_reference(Field f) {
  return field_aliases()[static_cast<std::size_t>(f)].role == FieldRole::kReference;
}

bool is_fill_in(Field f) {
  switch (f) {
    case Field::kValue:
    case Field::kRetract:
    case Field::kNote:
    case Field::kCause:
    case Field::kLikelihood:
    case Field::kForecast:
    case Field::kMeasure:
      return true;
    default:
      return false;
  }
}

Result<double, Reason> parse_number(std::string_view text) {
  const std::string folded = fold_width(trim(text));
  const std::string_view s = trim(folded);
  if (s.empty()) return Reason{"empty number", "数字为空"};
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
    if (!digits) return not_a_number(s, " (bad digit grouping)", "（千分位分隔不对）");
    normalized += *digits;
    normalized += body.substr(end);
  } else {
    normalized += body;
  }
  // from_chars would accept "inf"/"nan"; require a leading digit or dot so words never parse.
  const std::size_t lead = normalized.starts_with('-') ? 1 : 0;
  if (lead >= normalized.size() || !(is_digit(normalized[lead]) || normalized[lead] == '.')) {
    return not_a_number(s);
  }
  double v = 0;
  const char* first = normalized.data();
  const char* last = first + normalized.size();
  auto [ptr, ec] = std::from_chars(first, last, v, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) {
    return Reason{cat({quoted(s), " is out of range"}), cat({quoted_zh(s), " 超出数值范围"})};
  }
  if (ec != std::errc() || ptr != last) return not_a_number(s);
  if (!std::isfinite(v)) {
    return Reason{cat({quoted(s), " is not finite"}), cat({quoted_zh(s), " 不是有限数"})};
  }
  return v;
}

Result<ReportedValue, Reason> parse_reported_value(std::string_view text) {
  const std::string folded = fold_width(trim(text));
  const std::string_view s = trim(folded);
  for (const auto& [word, value] : kWords) {
    if (s == word) return ReportedValue{value, "", true};
  }
  const std::size_t n = numeric_prefix(s);
  const std::string_view unit = trim(s.substr(n));
  if (!unit.empty()) {
    // A unit never holds digits or starts like a number: "1 000", "0x10", "1.2.3" and "1e"
    // are typos, not units.
    const bool bad = std::any_of(unit.begin(), unit.end(), is_digit) || unit.front() == 'e' ||
                     unit.front() == 'E' || unit.front() == '.' || unit.front() == ',' ||
                     unit.front() == '+' || unit.front() == '-';
    if (bad || n == 0) return not_a_number(s);
  }
  auto number = parse_number(s.substr(0, n));
  if (!number) return std::move(number).error();
  return ReportedValue{*number, std::string(unit), false};
}

Result<Date, Reason> parse_date(std::string_view text) {
  const std::string folded = fold_width(trim(text));
  const std::string_view s = trim(folded);
  if (s.empty()) return Reason{"empty date", "日期为空"};
  if (auto d = try_parse_date(s)) return *d;
  return Reason{
      cat({quoted(s),
           " is not a valid date (use YYYY-MM-DD; YYYY/M/D and YYYY年M月D日 also work)"}),
      cat({quoted_zh(s), " 不是有效日期（请写成 2025-06-30、2025/6/30 或 2025年6月30日）"})};
}

Result<RecordMode, Reason> parse_mode(std::string_view text) {
  const std::string s = ascii_lower(trim(text));
  if (s.empty() || s == "cumulative" || s == "累计") return RecordMode::kCumulative;
  if (s == "increment" || s == "增量") return RecordMode::kIncrement;
  return Reason{cat({quoted(trim(text)), " is not a mode (cumulative or increment)"}),
                cat({quoted_zh(trim(text)), " 不是报送方式（请填 累计 或 增量）"})};
}

Result<bool, Reason> parse_flag(std::string_view text) {
  const std::string s = ascii_lower(fold_width(trim(text)));
  if (s.empty() || s == "否" || s == "false" || s == "no" || s == "0") return false;
  if (s == "是" || s == "true" || s == "yes" || s == "1") return true;
  return Reason{cat({quoted(trim(text)), " is not yes or no (是/否, true/false, 1/0)"}),
                cat({quoted_zh(trim(text)), " 不是“是”或“否”"})};
}

Result<FundSource, Reason> parse_fund(std::string_view text) {
  const std::string s = ascii_lower(trim(text));
  if (s.empty() || s == "total" || s == "合计") return FundSource::kTotal;
  if (s == "fiscal" || s == "财政拨款") return FundSource::kFiscal;
  if (s == "other" || s == "其他资金") return FundSource::kOther;
  return Reason{cat({quoted(trim(text)), " is not a fund source (total, fiscal or other)"}),
                cat({quoted_zh(trim(text)), " 不是资金来源（请填 合计、财政拨款 或 其他资金）"})};
}

IngestError make_error(const InputLayout& layout, std::size_t row, std::string_view field,
                       Reason reason) {
  return IngestError{row, std::string(field), std::move(reason.en), layout.locate(row, field),
                     std::move(reason.zh)};
}

void RecordBuilder::fail(Field f, Reason reason, IngestErrors& errors) {
  failed_ = true;
  bad_[static_cast<std::size_t>(f)] = true;
  errors.push_back(make_error(layout_, row_, field_name(f), std::move(reason)));
}

void RecordBuilder::set_value(Field f, const ReportedValue& v, IngestErrors& errors) {
  if (f == Field::kForecast && v.word) {
    return fail(f, {"a forecast is a number", "预计全年值应填数字"}, errors);
  }
  set_number(f, v.number, errors);
  if (f == Field::kValue) {
    value_unit_ = v.unit;
    form_ = v.word ? ValueForm::kWord
                   : (v.unit.empty() ? ValueForm::kNumber : ValueForm::kNumberWithUnit);
  } else {
    forecast_unit_ = v.unit;
  }
}

void RecordBuilder::set_text(Field f, std::string_view raw, IngestErrors& errors) {
  const std::string_view text = (f == Field::kNote || f == Field::kMeasure) ? raw : trim(raw);
  if (text.empty() && f != Field::kNote && f != Field::kMeasure) return;
  switch (f) {
    case Field::kValue:
    case Field::kForecast: {
      auto v = parse_reported_value(text);
      if (!v) return fail(f, std::move(v).error(), errors);
      return set_value(f, *v, errors);
    }
    case Field::kAsOf: {
      auto d = parse_date(text);
      if (!d) return fail(f, std::move(d).error(), errors);
      return set_date(f, *d);
    }
    case Field::kMode: {
      auto m = parse_mode(text);
      if (!m) return fail(f, std::move(m).error(), errors);
      record_.mode = *m;
      break;
    }
    case Field::kRetract: {
      auto b = parse_flag(text);
      if (!b) return fail(f, std::move(b).error(), errors);
      return set_flag(f, *b);
    }
    case Field::kFund: {
      auto s = parse_fund(text);
      if (!s) return fail(f, std::move(s).error(), errors);
      record_.fund = *s;
      break;
    }
    case Field::kDepartment:
      record_.department.assign(text);
      break;
    case Field::kProject:
      record_.project.assign(text);
      break;
    case Field::kIndicator:
      record_.indicator.assign(text);
      break;
    case Field::kProjectName:
      project_name_.assign(text);
      break;
    case Field::kIndicatorName:
      indicator_name_.assign(text);
      break;
    case Field::kUnit:
      record_.unit.assign(text);
      break;
    case Field::kNote:
      record_.note.assign(text);
      break;
    case Field::kCause:
      record_.cause.assign(text);
      break;
    case Field::kLikelihood:
      record_.likelihood.assign(text);
      break;
    case Field::kMeasure:
      record_.measure.assign(text);
      break;
    default:  // reference columns
      return;
  }
  if (!text.empty()) present_[static_cast<std::size_t>(f)] = true;
}

void RecordBuilder::set_number(Field f, double value, IngestErrors& errors) {
  if (!std::isfinite(value)) return fail(f, {"not finite", "不是有限数"}, errors);
  if (f == Field::kValue) {
    record_.value = value;
  } else if (f == Field::kForecast) {
    record_.forecast = value;
  } else {
    return;
  }
  present_[static_cast<std::size_t>(f)] = true;
}

void RecordBuilder::set_date(Field f, Date date) {
  if (f != Field::kAsOf) return;
  record_.as_of = date;
  present_[static_cast<std::size_t>(f)] = true;
}

void RecordBuilder::set_flag(Field f, bool flag) {
  if (f != Field::kRetract) return;
  record_.retracted = flag;
  present_[static_cast<std::size_t>(f)] = true;
}

std::optional<ValueForm> RecordBuilder::finish(IngestErrors& errors) {
  auto given = [&](Field f) { return present_[static_cast<std::size_t>(f)]; };
  auto bad = [&](Field f) { return bad_[static_cast<std::size_t>(f)]; };
  if (!given(Field::kProject) && given(Field::kProjectName)) record_.project = project_name_;
  if (!given(Field::kIndicator) && given(Field::kIndicatorName)) {
    record_.indicator = indicator_name_;
    present_[static_cast<std::size_t>(Field::kIndicator)] = true;
  }
  if (!given(Field::kIndicator) && !bad(Field::kIndicator) && !bad(Field::kIndicatorName)) {
    fail(Field::kIndicator, {"missing indicator", "缺少指标（指标编号或指标名称）"}, errors);
  }
  if (!given(Field::kValue) && !bad(Field::kValue) && !bad(Field::kRetract) && !record_.retracted) {
    fail(Field::kValue, {"missing value", "缺少本期实际值"}, errors);
  }
  if (!given(Field::kAsOf) && !bad(Field::kAsOf)) {
    fail(Field::kAsOf, {"missing as_of", "缺少截至日期"}, errors);
  }
  // The unit written after the number wins over the unit column, which a template fills with
  // the indicator's unit for reference; a forecast's unit must agree with the value's.
  if (!value_unit_.empty()) record_.unit = value_unit_;
  if (!forecast_unit_.empty() && record_.forecast) {
    if (record_.unit.empty()) {
      record_.unit = forecast_unit_;
    } else if (auto from = yuan_per(forecast_unit_), to = yuan_per(record_.unit); from && to) {
      *record_.forecast *= *from / *to;  // "300000元" with a forecast of "95万元"
    } else if (forecast_unit_ != record_.unit) {
      fail(Field::kForecast,
           {cat({"forecast unit ", quoted(forecast_unit_), " differs from the value's unit ",
                 quoted(record_.unit)}),
            cat({"预计全年值的单位 ", quoted_zh(forecast_unit_), " 与本期实际值的单位 ",
                 quoted_zh(record_.unit), " 不一致"})},
           errors);
    }
  }
  if (failed_) return std::nullopt;
  return given(Field::kValue) ? form_ : ValueForm::kAbsent;
}

}  // namespace detail

const std::vector<FieldAlias>& field_aliases() {
  static const std::vector<FieldAlias> kAliases{
      {"department", FieldRole::kRecord, {"部门编码", "部门代码", "单位编码"}, "部门编码"},
      {"project", FieldRole::kRecord, {"项目编码", "项目代码"}, "项目编码（或项目名称）"},
      {"indicator", FieldRole::kRecord, {"指标编号", "指标"}, "指标编号（或指标名称）"},
      {"value",
       FieldRole::kRecord,
       {"本期实际值", "实际值", "实际完成值", "完成值", "数值", "本月实际值"},
       "截至日期的累计值（或增量），可带单位：96%、262件、55.8万元；定性指标可填 是/否/完成/"
       "未完成/达成/部分达成"},
      {"as_of",
       FieldRole::kRecord,
       {"截至日期", "日期", "截止日期", "统计截止日期", "数据截至日期", "as-of", "asof"},
       "数据截至日期"},
      {"mode", FieldRole::kRecord, {"方式"}, "累计（默认）或 增量"},
      {"unit", FieldRole::kRecord, {"单位", "计量单位"}, "单位；数值后写的单位优先"},
      {"note", FieldRole::kRecord, {"备注", "说明"}, "备注、佐证"},
      {"cause",
       FieldRole::kRecord,
       {"偏差原因", "原因", "偏差原因分析"},
       "经费保障、制度保障、人员保障、硬件保障、其他"},
      {"likelihood", FieldRole::kRecord, {"完成可能性"}, "确定能、有可能、完全不可能"},
      {"forecast", FieldRole::kRecord, {"预计全年值"}, "预计全年完成值"},
      {"measure", FieldRole::kRecord, {"整改措施", "措施", "改进措施"}, "整改措施"},
      {"retract", FieldRole::kRecord, {"撤回"}, "是：撤回此前按同一项报送的数据"},
      {"fund",
       FieldRole::kRecord,
       {"来源", "资金来源"},
       "资金支出的来源：合计（默认）、财政拨款、其他资金"},
      {"project_name", FieldRole::kRecord, {"项目名称"}, "项目名称，没有项目编码时使用"},
      {"indicator_name",
       FieldRole::kRecord,
       {"指标名称", "三级指标"},
       "指标名称，没有指标编号时使用"},
      {"department_name", FieldRole::kReference, {"部门名称", "单位名称"}, "参考列，不读取"},
      {"row_number", FieldRole::kReference, {"序号"}, "参考列，不读取"},
      {"level1", FieldRole::kReference, {"一级指标"}, "参考列，不读取"},
      {"level2", FieldRole::kReference, {"二级指标"}, "参考列，不读取"},
      {"target", FieldRole::kReference, {"指标值"}, "参考列，不读取"},
      {"previous_value", FieldRole::kReference, {"上次报送值"}, "参考列，不读取"},
      {"previous_as_of", FieldRole::kReference, {"上次报送日期"}, "参考列，不读取"},
      {"expected_progress", FieldRole::kReference, {"应达进度"}, "参考列，不读取"},
  };
  return kAliases;
}

}  // namespace targetwatch
