// render_template: the template of one department at one date as bytes with its media type and
// file names (what the CLI saves and GET /api/v1/template sends).
#include "targetwatch/template/fill_in_template.h"

namespace targetwatch::reporting {

std::optional<TemplateFormat> parse_template_format(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower == "xlsx") return TemplateFormat::kXlsx;
  if (lower == "csv") return TemplateFormat::kCsv;
  return std::nullopt;
}

std::string_view to_string(TemplateFormat format) {
  return format == TemplateFormat::kXlsx ? "xlsx" : "csv";
}

std::string_view media_type(TemplateFormat format) {
  return format == TemplateFormat::kXlsx
             ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
             : "text/csv; charset=utf-8";
}

std::string_view file_extension(TemplateFormat format) {
  return format == TemplateFormat::kXlsx ? ".xlsx" : ".csv";
}

namespace {

bool is_ascii_safe(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

// RFC 5987 attr-char: everything else is percent-encoded (UTF-8 bytes).
std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    const bool attr_char = is_ascii_safe(c) || c == '!' || c == '#' || c == '$' || c == '&' ||
                           c == '+' || c == '^' || c == '`' || c == '|' || c == '~';
    if (attr_char) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

}  // namespace

Result<RenderedTemplate> render_template(const Evaluation& evaluation, const ActualsIndex& actuals,
                                         std::string_view department, Date as_of,
                                         TemplateFormat format) {
  if (evaluation.as_of != as_of) {
    return Error{"the evaluation is at " + evaluation.as_of.iso() + ", the template asks for " +
                 as_of.iso()};
  }
  auto sheet = build_template(evaluation, actuals, department);
  if (!sheet) return sheet.error();
  RenderedTemplate out;
  if (format == TemplateFormat::kXlsx) {
    auto bytes = render_template_xlsx(*sheet);
    if (!bytes) return bytes.error();
    out.bytes = std::move(bytes).value();
  } else {
    out.bytes = render_template_csv(*sheet);
  }
  out.media_type = std::string(media_type(format));
  const std::string suffix = "-" + as_of.iso() + std::string(file_extension(format));
  // The code comes from the targets file: keep it out of paths and headers as it is.
  std::string safe_code;
  std::string ascii_code;
  for (char c : sheet->department_code) {
    safe_code += (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
    ascii_code += is_ascii_safe(c) ? c : '_';
  }
  out.file_name = "报送模板-" + safe_code + suffix;
  out.ascii_file_name = "targetwatch-template-" + ascii_code + suffix;
  out.content_disposition = "attachment; filename=\"" + out.ascii_file_name +
                            "\"; filename*=UTF-8''" + percent_encode(out.file_name);
  return out;
}

}  // namespace targetwatch::reporting
