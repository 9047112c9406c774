// Renders samples straight into one preallocated string: std::to_chars for numbers, bulk appends
// for label values that need no escaping (nearly all), no temporary string per series.
#include "text_format.h"

#include <charconv>
#include <cmath>

namespace targetwatch::metrics::detail {

void append_escaped(std::string& out, std::string_view value) {
  std::size_t start = 0;
  while (start < value.size()) {
    const std::size_t special = value.find_first_of("\\\"\n", start);
    if (special == std::string_view::npos) break;
    out.append(value.data() + start, special - start);
    const char c = value[special];
    out += '\\';
    out += c == '\n' ? 'n' : c;
    start = special + 1;
  }
  out.append(value.data() + start, value.size() - start);
}

void append_number(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "Nan";
  } else if (std::isinf(value)) {
    out += value < 0 ? "-Inf" : "+Inf";
  } else {
    char buf[32];
    // to_chars with a precision is specified as printf's "%.16g".
    const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 16);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
  }
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
  }

  void sample(std::span<const Label> keys, std::span<const Label> extra, double value) override {
    std::string& s = out_.text;
    s += name_;
    char sep = '{';
    for (std::span<const Label> labels : {keys, extra}) {
      for (const auto& [key, label_value] : labels) {
        s += sep;
        sep = ',';
        s += key;
        s += "=\"";
        append_escaped(s, label_value);
        s += '"';
      }
    }
    if (sep == ',') s += '}';
    s += ' ';
    append_number(s, value);
    s += '\n';
  }

 private:
  DepartmentText& out_;
  std::string_view name_;
};

}  // namespace

DepartmentText render_department(const DepartmentEvaluation& department,
                                 const DepartmentLamps& lamps, std::size_t size_hint) {
  DepartmentText out;
  out.offsets.reserve(compliance_families().size() + 1);
  // One allocation up front: the size of the department's previous text when there was one,
  // else ~1.7 kB per indicator and project (measured with short names) with room for longer
  // names, so that the text rarely outgrows it (a reallocation copies megabytes).
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
