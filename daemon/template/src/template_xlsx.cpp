// The template as a workbook (libxlsxwriter): sheet 报送 with locked reference columns and
// validated fill-in cells, and sheet 说明 with the instructions in Chinese.
#include "targetwatch/template/fill_in_template.h"
#include "template_text.h"

#if TARGETWATCH_HAVE_XLSXWRITER
#include <xlsxwriter.h>

#include "targetwatch/report/xlsx_file.h"
#endif

namespace targetwatch::reporting {

#if TARGETWATCH_HAVE_XLSXWRITER
namespace {

constexpr char kDataSheet[] = "报送";
constexpr char kHelpSheet[] = "说明";

struct Formats {
  lxw_format* head_ref = nullptr;   // header of a reference column
  lxw_format* head_fill = nullptr;  // header of a fill-in column
  lxw_format* ref = nullptr;        // locked reference cell
  lxw_format* ref_date = nullptr;
  lxw_format* fill = nullptr;  // unlocked fill-in cell
  lxw_format* fill_date = nullptr;
  lxw_format* title = nullptr;
  lxw_format* help = nullptr;
};

lxw_format* base_format(lxw_workbook* wb) {
  lxw_format* f = workbook_add_format(wb);
  format_set_font_name(f, "Microsoft YaHei");
  format_set_font_size(f, 10);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_border_color(f, 0xBFBFBF);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  return f;
}

Formats make_formats(lxw_workbook* wb) {
  Formats f;
  f.head_ref = base_format(wb);
  format_set_bold(f.head_ref);
  format_set_bg_color(f.head_ref, 0xD9D9D9);
  format_set_text_wrap(f.head_ref);
  format_set_align(f.head_ref, LXW_ALIGN_CENTER);
  f.head_fill = base_format(wb);
  format_set_bold(f.head_fill);
  format_set_bg_color(f.head_fill, 0xFFD966);
  format_set_text_wrap(f.head_fill);
  format_set_align(f.head_fill, LXW_ALIGN_CENTER);
  f.ref = base_format(wb);
  format_set_bg_color(f.ref, 0xF2F2F2);
  format_set_font_color(f.ref, 0x404040);
  f.ref_date = base_format(wb);
  format_set_bg_color(f.ref_date, 0xF2F2F2);
  format_set_font_color(f.ref_date, 0x404040);
  format_set_num_format(f.ref_date, "yyyy-mm-dd");
  f.fill = base_format(wb);
  format_set_unlocked(f.fill);
  f.fill_date = base_format(wb);
  format_set_unlocked(f.fill_date);
  format_set_num_format(f.fill_date, "yyyy-mm-dd");
  f.title = workbook_add_format(wb);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  format_set_font_name(f.title, "Microsoft YaHei");
  f.help = workbook_add_format(wb);
  format_set_font_name(f.help, "Microsoft YaHei");
  format_set_font_size(f.help, 11);
  format_set_text_wrap(f.help);
  format_set_align(f.help, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

lxw_datetime to_datetime(Date d) {
  lxw_datetime t{};
  t.year = d.year();
  t.month = d.month();
  t.day = d.day();
  return t;
}

lxw_col_t col(Column c) { return static_cast<lxw_col_t>(c); }

// Text always as a string cell: a name like "=1+1" stays text, never a formula.
void text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f) {
  if (s.empty()) {
    worksheet_write_blank(ws, r, c, f);
  } else {
    worksheet_write_string(ws, r, c, s.c_str(), f);
  }
}

// A drop-down over rows [first, last] of a column. libxlsxwriter copies the strings.
void list_validation(lxw_worksheet* ws, lxw_row_t first, lxw_row_t last, Column c,
                     const auto& choices, const char* prompt) {
  std::vector<std::string> owned(choices.begin(), choices.end());
  std::vector<char*> list;
  list.reserve(owned.size() + 1);
  for (std::string& s : owned) list.push_back(s.data());
  list.push_back(nullptr);
  lxw_data_validation dv{};
  dv.validate = LXW_VALIDATION_TYPE_LIST;
  dv.value_list = list.data();
  dv.input_message = const_cast<char*>(prompt);
  dv.error_title = const_cast<char*>("请从下拉列表中选择");
  dv.error_message = const_cast<char*>(prompt);
  worksheet_data_validation_range(ws, first, col(c), last, col(c), &dv);
}

void decimal_validation(lxw_worksheet* ws, lxw_row_t first, lxw_row_t last, Column c,
                        const char* prompt) {
  lxw_data_validation dv{};
  dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
  dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
  dv.minimum_number = -1e15;
  dv.maximum_number = 1e15;
  dv.input_message = const_cast<char*>(prompt);
  dv.error_title = const_cast<char*>("请填数字");
  dv.error_message = const_cast<char*>(prompt);
  worksheet_data_validation_range(ws, first, col(c), last, col(c), &dv);
}

void date_validation(lxw_worksheet* ws, lxw_row_t first, lxw_row_t last, int fiscal_year) {
  lxw_data_validation dv{};
  dv.validate = LXW_VALIDATION_TYPE_DATE;
  dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
  dv.minimum_datetime = to_datetime(Date::first_of_year(fiscal_year));
  dv.maximum_datetime = to_datetime(Date::last_of_year(fiscal_year));
  static constexpr char kPrompt[] = "数据截至的日期（本年度内），如 2025-08-31";
  dv.input_message = const_cast<char*>(kPrompt);
  dv.error_title = const_cast<char*>("请填本年度内的日期");
  dv.error_message = const_cast<char*>(kPrompt);
  worksheet_data_validation_range(ws, first, col(Column::kAsOf), last, col(Column::kAsOf), &dv);
}

// Each run of consecutive rows for which `pred` holds, as sheet rows [first, last] (the header
// is row 0), passed to `apply`.
template <typename Pred, typename Apply>
void runs(const std::vector<TemplateRow>& rows, Pred pred, Apply apply) {
  std::size_t i = 0;
  while (i < rows.size()) {
    if (!pred(rows[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j + 1 < rows.size() && pred(rows[j + 1])) ++j;
    apply(static_cast<lxw_row_t>(i + 1), static_cast<lxw_row_t>(j + 1));
    i = j + 1;
  }
}

void data_sheet(lxw_workbook* wb, const Formats& f, const TemplateSheet& sheet) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, kDataSheet);
  const auto& columns = template_columns();
  for (std::size_t c = 0; c < kColumnCount; ++c) {
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), columns[c].width,
                         nullptr);
    text(ws, 0, static_cast<lxw_col_t>(c), std::string(columns[c].header),
         columns[c].fill_in ? f.head_fill : f.head_ref);
  }
  worksheet_set_row(ws, 0, 30, nullptr);
  worksheet_freeze_panes(ws, 1, 0);

  for (std::size_t i = 0; i < sheet.rows.size(); ++i) {
    const TemplateRow& row = sheet.rows[i];
    const auto r = static_cast<lxw_row_t>(i + 1);
    const auto texts = row_texts(sheet, row);
    for (std::size_t c = 0; c < kColumnCount; ++c) {
      const auto column = static_cast<Column>(c);
      const auto x = static_cast<lxw_col_t>(c);
      lxw_format* cell = columns[c].fill_in ? f.fill : f.ref;
      // 来源 only means something for spending: locked on indicator rows.
      if (column == Column::kFund && row.kind != RowKind::kSpending) cell = f.ref;
      if (column == Column::kLastValue && row.last_value) {
        worksheet_write_number(ws, r, x, *row.last_value, cell);
      } else if (column == Column::kLastDate && row.last_date) {
        lxw_datetime d = to_datetime(*row.last_date);
        worksheet_write_datetime(ws, r, x, &d, f.ref_date);
      } else if (column == Column::kAsOf) {
        lxw_datetime d = to_datetime(sheet.as_of);
        worksheet_write_datetime(ws, r, x, &d, f.fill_date);
      } else {
        text(ws, r, x, texts[c], cell);
      }
    }
  }

  if (!sheet.rows.empty()) {
    const auto last = static_cast<lxw_row_t>(sheet.rows.size());
    const std::vector<TemplateRow>& rows = sheet.rows;
    runs(
        rows, [](const TemplateRow& r) { return r.value_kind == ValueKind::kNumber; },
        [&](lxw_row_t a, lxw_row_t b) {
          decimal_validation(ws, a, b, Column::kValue,
                             "截至日期的累计数（方式选“增量”时填本期增加数），只填数字，"
                             "单位见“单位”列；百分比填 96 表示 96%");
        });
    runs(
        rows, [](const TemplateRow& r) { return r.value_kind == ValueKind::kQualitative; },
        [&](lxw_row_t a, lxw_row_t b) {
          list_validation(ws, a, b, Column::kValue, kQualitativeChoices,
                          "定性指标：选 达成、部分达成 或 未达成");
        });
    runs(
        rows, [](const TemplateRow& r) { return r.value_kind == ValueKind::kDeadline; },
        [&](lxw_row_t a, lxw_row_t b) {
          list_validation(ws, a, b, Column::kValue, kDeadlineChoices,
                          "时限指标：选 完成 或 未完成");
        });
    runs(
        rows, [](const TemplateRow& r) { return r.kind == RowKind::kSpending; },
        [&](lxw_row_t a, lxw_row_t b) {
          list_validation(ws, a, b, Column::kFund, kFundChoices,
                          "留空表示全部资金（合计）；分别报送时选 财政拨款 或 其他资金");
        });
    date_validation(ws, 1, last, sheet.fiscal_year);
    list_validation(ws, 1, last, Column::kMode, kModeChoices,
                    "累计：填年初至截至日期的累计数（默认）；增量：填本期新增数");
    list_validation(ws, 1, last, Column::kCause, kCauseChoices, "未达进度时选择偏差原因");
    list_validation(ws, 1, last, Column::kLikelihood, kLikelihoodChoices,
                    "全年目标能否完成：确定能、有可能、完全不可能");
    decimal_validation(ws, 1, last, Column::kForecast, "预计全年完成值，只填数字");
    list_validation(ws, 1, last, Column::kRetract, kRetractChoices,
                    "填“是”撤回此前按同一项目、指标、截至日期报送的数据；一般留空");
  }

  // Protected without a password: a guard against overwriting the reference columns, not a
  // lock. Column widths and row heights stay adjustable.
  lxw_protection protection{};
  protection.format_columns = 1;
  protection.format_rows = 1;
  worksheet_protect(ws, nullptr, &protection);
}

void help_sheet(lxw_workbook* wb, const Formats& f, const TemplateSheet& sheet) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, kHelpSheet);
  worksheet_set_column(ws, 0, 0, 100, nullptr);
  const std::string code = sheet.department_code;
  const std::string as_of = sheet.as_of.iso();
  const std::vector<std::string> lines{
      "绩效运行监控数据报送模板 · 填写说明",
      "部门：" + code + " " + sheet.department_name + "　年度：" +
          std::to_string(sheet.fiscal_year) + "　数据截至：" + as_of + "　金额单位：" +
          sheet.amount_unit,
      "",
      "一、在“报送”工作表填写。每行是一个指标；每个项目另有一行“资金支出”。",
      "二、灰色列是参考信息（部门编码至应达进度），已锁定，不用填写；黄色表头的列由您填写。",
      "三、本期实际值：填截至“截至日期”的数值。数量和资金填年初以来的累计数（不是当月数），"
      "比率填当前值；只填数字，单位见“单位”列（资金支出为" +
          sheet.amount_unit +
          "），百分比指标填 96 表示 96%。定性指标选 达成、部分达成 或 未达成；时限指标选 完成 或 "
          "未完成。",
      "四、截至日期已预填为 " + as_of +
          "；数据截至其他日期时请修改。方式默认“累计”，填本期新增数时改为“增量”。",
      "五、资金支出行的“来源”留空表示全部资金（合计）；只报财政拨款或其他资金时，选择相应来源。",
      "六、进度落后的指标，请选择偏差原因和完成可能性，填写预计全年值和整改措施；备注可写佐证。",
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one paragraph in two literals
      "七、没有新数据的行留空即可，上传时自动跳过。报错了的数据：在该行“撤回”选“是”，"
      "即撤回此前按同一项目、指标和截至日期报送的数据。",
      "八、请不要修改表头、工作表名“报送”和灰色列；可以调整列宽。",
      "",
      "报送方式（任选一种）：",
      "1. 打开监控系统的报送页面 /upload（例如 http://服务器地址/upload），上传本文件；",
      "2. 把本文件放入共享文件夹 inbox/" + code +
          "/，系统会自动读取：读入的文件移到 done 文件夹；有问题的文件移到 rejected 文件夹，"
          "旁边的同名 .errors.txt 文件写明原因；",
      "3. 交给本单位财务科（绩效监控联系人）统一报送。",
      "",
      "上传后系统会逐行检查；有问题的行会注明位置（如 报送!M12）和原因，改正后重新上传即可。",
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    text(ws, static_cast<lxw_row_t>(i), 0, lines[i], i == 0 ? f.title : f.help);
  }
}

}  // namespace

Result<std::string> render_template_xlsx(const TemplateSheet& sheet) {
  return xlsx_bytes("template", [&sheet](lxw_workbook* wb) {
    const Formats f = make_formats(wb);
    data_sheet(wb, f, sheet);
    help_sheet(wb, f, sheet);
  });
}

#else

Result<std::string> render_template_xlsx(const TemplateSheet&) {
  return Error{"this build has no XLSX support (libxlsxwriter was not found)"};
}

#endif

}  // namespace targetwatch::reporting
