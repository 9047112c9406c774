// One upload, one answer: parse and validate together, and pick the format of an upload.
#include <string>

#include "parsers.h"
#include "targetwatch/ingest/ingest.h"
#include "targetwatch/xlsx/workbook.h"
#include "text.h"

namespace targetwatch {

std::optional<InputFormat> guess_input_format(std::string_view content_type_or_file_name,
                                              std::string_view bytes) {
  const std::string s = detail::ascii_lower(detail::trim(content_type_or_file_name));
  if (s.find("spreadsheetml") != std::string::npos || s.ends_with(".xlsx")) {
    return InputFormat::kXlsx;
  }
  if (s.find("json") != std::string::npos) return InputFormat::kJson;
  if (s.find("csv") != std::string::npos || s.starts_with("text/plain") || s.ends_with(".txt")) {
    return InputFormat::kCsv;
  }
  if (xlsx::looks_like_xlsx(bytes)) return InputFormat::kXlsx;
  return std::nullopt;
}

IngestResult read_actuals(std::string_view bytes, InputFormat format, Charset charset,
                          const TargetsIndex& index, const ValidationOptions& options) {
  detail::ParseOutput parsed;
  switch (format) {
    case InputFormat::kCsv: {
      auto text = to_utf8(bytes, charset);
      if (!text) {
        IngestResult result;
        result.errors.push_back({0, "", text.error().message, "",
                                 "文件编码无法识别（请存为 UTF-8 或 GBK 编码的 CSV）"});
        return result;
      }
      parsed = detail::parse_csv(*text);
      break;
    }
    case InputFormat::kJson:
      parsed = detail::parse_json(bytes);
      break;
    case InputFormat::kXlsx:
      parsed = detail::parse_xlsx(bytes);
      break;
  }
  IngestResult result{std::move(parsed.batch), std::move(parsed.errors)};
  // The rows that parsed are validated even when others did not: one answer names everything.
  if (auto valid = validate_actuals(result.batch, index, options); !valid) {
    result.errors.insert(result.errors.end(), valid.error().begin(), valid.error().end());
  }
  detail::sort_by_row(result.errors);
  return result;
}

}  // namespace targetwatch
