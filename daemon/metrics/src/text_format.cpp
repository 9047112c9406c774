// Renders samples straight into one preallocated string: std::to_chars for numbers, bulk appends
// for label values that need no escaping (nearly all), no temporary string per series.
#include "text_format.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace targetwatch::metrics::detail {

void append_escaped(std::string& out, std::string_view value) {
  // One pass over the bytes (find_first_of would call memchr on the set for every byte); nearly
  // every value has nothing to escape and goes out in one append.
  std::size_t start = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c != '\\' && c != '"' && c != '\n') [[likely]] {
      continue;
    }
    out.append(value.data() + start, i - start);
    out += '\\';
    out += c == '\n' ? 'n' : c;
    start = i + 1;
  }
  out.append(value.data() + start, value.size() - start);
}

void append_number(std::string& out, double value) {
  char buf[32];
  char* end = buf;
  if (std::isnan(value)) {
    out += "Nan";
    return;
  }
  if (std::isinf(value)) {
    out += value < 0 ? "-Inf" : "+Inf";
    return;
  }
  // Whole numbers (counts, flags, lamp levels, timestamps, most budgets) print as integers: the
  // same digits as "%.16g" below 1e15 (no exponent, no point), several times faster. -0 keeps
  // its sign through the general path.
  const double whole = std::trunc(value);
  if (whole == value && std::fabs(value) < 1e15 && !(value == 0 && std::signbit(value))) {
    end = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(value)).ptr;
  } else {
    // to_chars with a precision is specified as printf's "%.16g".
    end = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 16).ptr;
  }
  out.append(buf, static_cast<std::size_t>(end - buf));
}

std::string family_header(const Family& family) {
  std::string out = "# HELP ";
  out += family.name;
  out += ' ';
  out += family.help;
  out += "\n# TYPE ";
  out += family.name;
  out += ' ';
  out += to_string(family.type);
  out += '\n';
  return out;
}

namespace {

class TextVisitor final : public SampleVisitor {
 public:
  explicit TextVisitor(DepartmentText& out) : out_(out) {}

  void begin_family(std::size_t /*index*/, const Family& family) override {
    out_.offsets.push_back(out_.text.size());
    name_ = family.name;
    keys_ = &keys_by_scope_[static_cast<std::size_t>(family.scope)];
  }

  void sample(std::size_t subject, std::span<const Label> keys, std::span<const Label> extra,
              double value) override {
    // A subject's key labels are the same in every family of its scope (some 40 families):
    // written and escaped once, then copied.
    if (subject >= keys_->size()) keys_->resize(subject + 1);
    std::string& rendered_keys = (*keys_)[subject];
    if (rendered_keys.empty()) append_labels(rendered_keys, '{', keys);
    std::string& s = out_.text;
    s += name_;
    s += rendered_keys;
    const char last = append_labels(s, rendered_keys.empty() ? '{' : ',', extra);
    if (last == ',') s += '}';
    s += ' ';
    append_number(s, value);
    s += '\n';
  }

 private:
  // Appends `labels` as sep key="value",key="value"...; returns the separator for what follows
  // (',' once anything was written).
  static char append_labels(std::string& s, char sep, std::span<const Label> labels) {
    for (const auto& [key, label_value] : labels) {
      s += sep;
      sep = ',';
      s += key;
      s += "=\"";
      append_escaped(s, label_value);
      s += '"';
    }
    return sep;
  }

  DepartmentText& out_;
  std::string_view name_;
  std::array<std::vector<std::string>, 3> keys_by_scope_;  // by Scope, then subject ordinal
  std::vector<std::string>* keys_ = nullptr;
};

}  // namespace

DepartmentText render_department(const DepartmentEvaluation& department,
                                 const DepartmentLamps& lamps, std::size_t size_hint,
                                 std::string buffer) {
  DepartmentText out;
  buffer.clear();
  out.text = std::move(buffer);
  out.offsets.reserve(compliance_families().size() + 1);
  // One allocation up front (none when the buffer is large enough already): the size of the
  // department's previous text when there was one, else ~1.7 kB per indicator and project (measured
  // with short names) with room for longer names, so that the text rarely outgrows it (a
  // reallocation copies megabytes).
  std::size_t reserve = size_hint + size_hint / 8;
  if (size_hint == 0) {
    std::size_t subjects = department.indicators.size() + department.projects.size();
    for (const ProjectEvaluation& p : department.projects) subjects += p.indicators.size();
    reserve = 4096 + 2000 * subjects;
  }
  out.text.reserve(reserve);
  TextVisitor visitor(out);
  visit_department(department, lamps, visitor);
  out.offsets.push_back(out.text.size());
  // The text stays cached: give back a large unused reserve (a copy, but rare).
  if (out.text.capacity() > out.text.size() + out.text.size() / 4) out.text.shrink_to_fit();
  return out;
}

}  // namespace targetwatch::metrics::detail
