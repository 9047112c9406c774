// The fill-in template (报送模板): the sheet a department's clerk downloads, fills in Excel or WPS
// and uploads back, as xlsx or CSV. Pure: the date is a parameter, nothing is read or written.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targetwatch/evaluate/actuals_index.h"
#include "targetwatch/evaluate/evaluation.h"
#include "targetwatch/model/date.h"
#include "targetwatch/model/result.h"

namespace targetwatch::reporting {

enum class TemplateFormat { kXlsx, kCsv };
/// "xlsx" or "csv" (ASCII case ignored); nullopt for anything else.
std::optional<TemplateFormat> parse_template_format(std::string_view name);
std::string_view to_string(TemplateFormat format);       ///< "xlsx", "csv"
std::string_view media_type(TemplateFormat format);      ///< the HTTP Content-Type
std::string_view file_extension(TemplateFormat format);  ///< ".xlsx", ".csv"

/// The template's date when none is asked for: the last day of the month before `today`'s
/// month, i.e. the month a clerk reports on (in January: Dec 31 of the year before). The one
/// place of this rule; the CLI and GET /api/v1/template both call it.
Date default_template_date(Date today);

/// The columns of the 报送 sheet, in order. The headers are the ones ingest accepts
/// (field_aliases() on h-ingest: the first name of each field).
enum class Column : std::size_t {
  kDepartment,     ///< 部门编码
  kProjectCode,    ///< 项目编码
  kProjectName,    ///< 项目名称
  kIndicatorId,    ///< 指标编号
  kLevel1,         ///< 一级指标
  kLevel2,         ///< 二级指标
  kIndicatorName,  ///< 指标名称
  kTarget,         ///< 指标值
  kUnit,           ///< 单位
  kLastValue,      ///< 上次报送值
  kLastDate,       ///< 上次报送日期
  kExpected,       ///< 应达进度
  kValue,          ///< 本期实际值 (fill-in from here on)
  kAsOf,           ///< 截至日期
  kMode,           ///< 方式
  kFund,           ///< 来源 (spending rows only)
  kCause,          ///< 偏差原因
  kLikelihood,     ///< 完成可能性
  kForecast,       ///< 预计全年值
  kMeasure,        ///< 整改措施
  kNote,           ///< 备注
  kRetract,        ///< 撤回
};
inline constexpr std::size_t kColumnCount = 22;

struct TemplateColumn {
  std::string_view header;  ///< Chinese header, as ingest accepts it
  bool fill_in = false;     ///< a clerk's column (unlocked in xlsx); else a locked reference
  double width = 10;        ///< xlsx column width in characters
};
/// Every column, indexed by Column.
const std::array<TemplateColumn, kColumnCount>& template_columns();

/// The drop-down choices (ingest reads each of them).
inline constexpr std::array<std::string_view, 2> kModeChoices{"累计", "增量"};
inline constexpr std::array<std::string_view, 2> kFundChoices{"财政拨款", "其他资金"};
inline constexpr std::array<std::string_view, 5> kCauseChoices{"经费保障", "制度保障", "人员保障",
                                                               "硬件保障", "其他"};
inline constexpr std::array<std::string_view, 3> kLikelihoodChoices{"确定能", "有可能",
                                                                    "完全不可能"};
inline constexpr std::array<std::string_view, 2> kRetractChoices{"是", "否"};
/// 本期实际值 of a qualitative indicator, and of a deadline indicator.
inline constexpr std::array<std::string_view, 3> kQualitativeChoices{"达成", "部分达成", "未达成"};
inline constexpr std::array<std::string_view, 2> kDeadlineChoices{"完成", "未完成"};

enum class RowKind {
  kIndicator,  ///< a performance indicator (department-wide or a project's)
  kSpending,   ///< a project's cumulative spending (资金支出, indicator "spending")
};
/// What 本期实际值 holds: a number, or a word of kQualitativeChoices / kDeadlineChoices.
enum class ValueKind { kNumber, kQualitative, kDeadline };

/// One row of the 报送 sheet: its reference cells. The fill-in cells start empty, except
/// 截至日期 (the sheet's as_of) and 方式 (累计).
struct TemplateRow {
  RowKind kind = RowKind::kIndicator;
  ValueKind value_kind = ValueKind::kNumber;
  std::string project_code;  ///< "" for department-wide indicators
  std::string project_name;  ///< "" for department-wide indicators (ingest would resolve it)
  std::string indicator_id;  ///< "spending" for spending rows
  std::string level1, level2;
  std::string name;         ///< 指标名称; 资金支出 for spending rows
  std::string target_text;  ///< 指标值 as printed: "≥350件", "及时", "68万元" (the budget)
  std::string unit;         ///< the indicator's unit; spending: the department's amount_unit
  /// 上次报送值: the latest figure on record with as_of <= the sheet's as_of (the cumulative
  /// level; the text rounded to 6 decimals, so sums of increments print as reported). A number
  /// for numeric indicators and spending, else only a word (达成, 已完成).
  std::optional<double> last_value;
  std::string last_value_text;
  std::optional<Date> last_date;  ///< 上次报送日期
  std::string expected_text;      ///< 应达进度, see build_template
};

/// The 报送 sheet of one department at one date.
struct TemplateSheet {
  std::string department_code;
  std::string department_name;
  int fiscal_year = 0;
  std::string amount_unit;
  Date as_of;
  std::vector<TemplateRow> rows;
};

/// The rows of `department` from an evaluation at the template's date: its department-wide
/// indicators first, then per project (in targets order) its 资金支出 row and its indicators.
/// 指标值 is printed like the monthly review; 上次报送值/日期 come from `actuals`.
/// 应达进度: linear-pace indicators the expected-to-date value (target x elapsed share, 2
/// decimals, with the unit); point-in-time ones, qualitative and deadline their target as
/// printed; year-end ones "年底达到 " + the target; spending the planned share and amount
/// ("60.56%（41.18万元）"). Error when the department is not in the evaluation.
Result<TemplateSheet> build_template(const Evaluation& evaluation, const ActualsIndex& actuals,
                                     std::string_view department);

/// Each cell of a row as text, by Column (what the CSV writes and a preview shows).
std::array<std::string, kColumnCount> row_texts(const TemplateSheet& sheet, const TemplateRow& row);

/// UTF-8 with a BOM (so Excel on Chinese Windows reads it right), CRLF line ends, the Chinese
/// headers, one line per row.
std::string render_template_csv(const TemplateSheet& sheet);

/// The .xlsx bytes: sheet 报送 (frozen header, widths, drop-downs and number/date validation,
/// protected without a password with only the fill-in cells unlocked; every text a string,
/// never a formula) and sheet 说明 (how to fill it in, where to send it). Fails only when the
/// workbook cannot be written (libxlsxwriter needs a temporary file) or xlsx was not built.
Result<std::string> render_template_xlsx(const TemplateSheet& sheet);

/// A rendered template, ready to send or save.
struct RenderedTemplate {
  std::string bytes;
  std::string media_type;
  /// 报送模板-<部门编码>-<as_of>.xlsx (UTF-8), what the CLI saves by default.
  std::string file_name;
  /// targetwatch-template-<code>-<as_of>.xlsx, ASCII only (other characters of the code: '_').
  std::string ascii_file_name;
  /// The Content-Disposition header value: attachment; filename="<ascii>";
  /// filename*=UTF-8''<file_name percent-encoded> (RFC 6266 / RFC 5987).
  std::string content_disposition;
};

/// What GET /api/v1/template and `targetwatch template` call. `evaluation` must be at `as_of`
/// (else an error: the expected values would be of another date). Errors: unknown department,
/// evaluation date mismatch, xlsx not writable.
Result<RenderedTemplate> render_template(const Evaluation& evaluation, const ActualsIndex& actuals,
                                         std::string_view department, Date as_of,
                                         TemplateFormat format);

}  // namespace targetwatch::reporting
