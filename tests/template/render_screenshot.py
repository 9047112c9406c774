#!/usr/bin/env python3
"""Renders docs/template-example.png: the 报送 sheet of the bundled example as a spreadsheet-like
HTML page (from `targetwatch template --format csv`), screenshotted with headless Chromium.
LibreOffice is not packaged here, so the sheet's content is drawn, not the workbook itself.

usage: render_screenshot.py --cli build/dev/bin/targetwatch --source . [--wide 4] [--per-project 12]
"""
import argparse
import csv
import html
import io
import os
import subprocess
import tempfile

FILL_FROM = "本期实际值"  # the first fill-in column
WIDTHS = {"部门编码": 44, "项目编码": 92, "项目名称": 150, "指标编号": 78, "一级指标": 60,
          "二级指标": 44, "指标名称": 150, "指标值": 70, "单位": 36, "上次报送值": 58,
          "上次报送日期": 76, "应达进度": 110, "本期实际值": 62, "截至日期": 76, "方式": 36,
          "来源": 40, "偏差原因": 56, "完成可能性": 56, "预计全年值": 56, "整改措施": 60,
          "备注": 48, "撤回": 34}


def column_letter(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def pick(rows, wide, per_project):
    """A few department-wide rows, then the first project's block: (row number, cells)."""
    header, body = rows[0], rows[1:]
    project = header.index("项目编码")
    numbered = list(enumerate(body, start=2))
    dept = [r for r in numbered if not r[1][project]][:wide]
    first = next((r[1][project] for r in numbered if r[1][project]), None)
    proj = [r for r in numbered if r[1][project] == first][:per_project]
    return dept + proj


def page(rows, wide, per_project):
    header, body = rows[0], pick(rows, wide, per_project)
    fill_at = header.index(FILL_FROM)
    cols = "".join(f'<col style="width:{WIDTHS.get(h, 60)}px">' for h in header)
    letters = "".join(f"<th class=l>{column_letter(i)}</th>" for i in range(len(header)))
    heads = "".join(
        f'<th class="{"f" if i >= fill_at else "r"}">{html.escape(h)}</th>'
        for i, h in enumerate(header))
    lines = []
    for n, row in body:
        cells = []
        for i, v in enumerate(row):
            cls = "fc" if i >= fill_at else "rc"
            if header[i] == "来源" and row[header.index("指标编号")] != "spending":
                cls = "rc"
            v = v[1:] if v.startswith("'") else v
            cells.append(f'<td class="{cls}" title="{html.escape(v)}">{html.escape(v)}</td>')
        lines.append(f"<tr><th class=n>{n}</th>{''.join(cells)}</tr>")
    return f"""<!doctype html><meta charset=utf-8><style>
body{{margin:0;font:11px "Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;
background:#fff;color:#222}}
.bar{{padding:6px 10px;background:#217346;color:#fff;font-size:13px}}
.fx{{padding:4px 10px;border-bottom:1px solid #ccc;color:#555;background:#fafafa}}
table{{border-collapse:collapse;table-layout:fixed}}
th,td{{border:1px solid #c8c8c8;padding:2px 3px;white-space:nowrap;overflow:hidden;
text-overflow:ellipsis;height:17px}}
th.l,th.n{{background:#efefef;color:#666;font-weight:normal;text-align:center}}
th.n{{width:26px}}
th.r{{background:#d9d9d9;white-space:normal;height:30px}}
th.f{{background:#ffd966;white-space:normal;height:30px}}
td.rc{{background:#f2f2f2;color:#404040}}
td.fc{{background:#fff}}
.tabs{{margin-top:8px;padding:4px 10px;border-top:1px solid #ccc;background:#f3f3f3}}
.tabs span{{padding:3px 14px;margin-right:4px;border:1px solid #bbb;background:#e6e6e6}}
.tabs span.on{{background:#fff;border-top:2px solid #217346;font-weight:bold}}
</style>
<div class=bar>报送模板-375-2025-08-31.xlsx — 灰色列为参考信息（已锁定），黄色表头的列由填报人填写</div>
<div class=fx>截至日期已预填为 2025-08-31；方式默认“累计”；偏差原因、完成可能性、方式、来源、撤回为下拉选择</div>
<table><colgroup><col style="width:26px">{cols}</colgroup>
<tr><th class=n></th>{letters}</tr><tr><th class=n>1</th>{heads}</tr>{''.join(lines)}</table>
<div class=tabs><span class=on>报送</span><span>说明</span></div>
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--wide", type=int, default=4, help="department-wide rows shown")
    ap.add_argument("--per-project", type=int, default=12, help="rows of the first project")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    src = os.path.abspath(args.source)
    out = args.out or os.path.join(src, "docs", "template-example.png")
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "t.csv")
        subprocess.run([args.cli, "template", "--targets",
                        os.path.join(src, "config/targets/langfang-justice-2025.toml"),
                        "--actuals", os.path.join(src, "config/examples/actuals-2025.csv"),
                        "--department", "375", "--as-of", "2025-08-31", "--format", "csv",
                        "-o", csv_path], check=True)
        with open(csv_path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(io.StringIO(f.read())))
        html_path = os.path.join(tmp, "t.html")
        with open(html_path, "w", encoding="utf-8") as f:
            f.write(page(rows, args.wide, args.per_project))
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--hide-scrollbars", f"--screenshot={out}", "--window-size=1560,520",
                        "file://" + html_path], check=True, capture_output=True)
    print(out)


if __name__ == "__main__":
    main()
