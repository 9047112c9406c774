// The GET /report handler: parameters in, review_at + render_review out.
#include "report_route.h"

#include "targetwatch/http/daemon_config.h"
#include "targetwatch/report/review.h"

namespace targetwatch {

http::ReportRenderer make_report_renderer() {
  return [](const http::ReportContext& context) {
    const Date as_of =
        context.request.query_param("as_of") ? context.as_of : previous_month_end(context.as_of);
    const std::string format_name(context.request.query_param("format").value_or("html"));
    const auto format = parse_review_format(format_name);
    if (!format) {
      return http::HttpResponse::json_error(
          400, "format must be html, md, csv or xlsx, got '" + format_name + "'");
    }
    ReviewOptions options;
    options.warnings = context.settings->warnings;
    if (auto department = context.request.query_param("department")) {
      if (context.targets->find_department(*department) == nullptr) {
        return http::HttpResponse::json_error(404,
                                              "no department '" + std::string(*department) + "'");
      }
      options.department = std::string(*department);
    }
    const ReviewReport report =
        review_at(context.targets, *context.actuals, as_of, context.settings->evaluation, options);
    auto body = render_review(report, *format);
    if (!body) return http::HttpResponse::json_error(500, body.error().message);
    http::HttpResponse response;
    response.status = 200;
    response.content_type = std::string(media_type(*format));
    response.body = std::move(body).value();
    if (*format == ReviewFormat::kXlsx || *format == ReviewFormat::kCsv) {
      response.headers.emplace_back("Content-Disposition",
                                    "attachment; filename=\"targetwatch-review-" + as_of.iso() +
                                        std::string(file_extension(*format)) + "\"");
    }
    return response;
  };
}

}  // namespace targetwatch
