#!/usr/bin/env python3
"""The clerk's round trip against the real daemon: download the department's fill-in template
(xlsx and CSV), fill it as Excel would save it (the xlsx cell typed in; the CSV saved as GBK with
its Chinese headers and an indicator named by its printed name), upload it, and see the figures in
the status JSON.

Usage: reporting_test.py --daemon PATH/targetwatchd --fixtures DIR [unittest args]
"""
import argparse
import csv
import io
import json
import os
import re
import shutil
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from targetwatch_testing import Daemon  # noqa: E402

ARGS = None
TOKENS = {"writer900": ("writer-900-secret", ["900"], False)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RoundTrip(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tw-report-")
        self.d = Daemon(self.tmp, ARGS.daemon, os.path.join(ARGS.fixtures, "integration",
                                                            "targets"), "2025-06-30", TOKENS)
        self.d.start()

    def tearDown(self):
        self.d.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def download(self, fmt):
        import urllib.request
        url = "http://127.0.0.1:%d/api/v1/template?department=900&as_of=2025-06-30&format=%s" % (
            self.d.port, fmt)
        req = urllib.request.Request(url, headers={"Authorization": "Bearer writer-900-secret"})
        with urllib.request.urlopen(req, timeout=30) as res:
            self.assertEqual(res.status, 200)
            return res.read()

    def upload(self, body, content_type):
        return self.d.request("POST", "/api/v1/actuals", body, {"Content-Type": content_type},
                              "writer-900-secret")

    def spent_yuan(self, project):
        status, body, _ = self.d.get("/api/v1/status")
        self.assertEqual(status, 200, body)
        for dep in json.loads(body)["departments"]:
            for p in dep["projects"]:
                if p["code"] == project:
                    return p["spent_yuan"], p
        raise AssertionError("no project " + project)

    def test_the_xlsx_template_filled_in_a_cell_is_stored(self):
        data = self.download("xlsx")
        rows = list(csv.reader(io.StringIO(self.download("csv").decode("utf-8-sig"))))
        header = rows[0]
        spending = next(i for i, r in enumerate(rows)
                        if r[header.index("项目编码")] == "P900-1" and
                        r[header.index("指标编号")] == "spending")
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        strings = re.findall(rb"<si>(.*?)</si>", parts["xl/sharedStrings.xml"], re.S)
        texts = [b"".join(re.findall(rb"<t[^>]*>(.*?)</t>", s)).decode() for s in strings]
        sheet_name = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
        sheet = parts[sheet_name].decode()
        value_index = texts.index("本期实际值")
        head = re.search(r'<c r="([A-Z]+)(\d+)"[^>]*t="s"[^>]*><v>%d</v></c>' % value_index, sheet)
        self.assertIsNotNone(head, "the 本期实际值 header cell")
        column, header_row = head.group(1), int(head.group(2))
        cell = "%s%d" % (column, header_row + spending)
        # What Excel writes when a clerk types 45.5 into the empty, unlocked cell.
        filled, n = re.subn(r'<c r="%s"( s="\d+")?\s*/>' % cell,
                            lambda m: '<c r="%s"%s><v>45.5</v></c>' % (cell, m.group(1) or ""),
                            sheet)
        self.assertEqual(n, 1, "the empty cell " + cell)
        parts[sheet_name] = filled.encode()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, content in parts.items():
                z.writestr(name, content)
        status, body, _ = self.upload(out.getvalue(), XLSX)
        self.assertEqual(status, 200, body)
        answer = json.loads(body)
        self.assertEqual(answer["count"], 1)
        self.assertGreater(answer["skipped_rows"], 0)  # every other template row is empty
        self.assertEqual(self.spent_yuan("P900-1")[0], 455000)  # 45.5 万元

    def test_a_gbk_csv_with_chinese_headers_and_names_is_stored(self):
        rows = list(csv.reader(io.StringIO(self.download("csv").decode("utf-8-sig"))))
        header = rows[0]
        self.assertIn("本期实际值", header)
        # The clerk's own columns: code, the indicator by its printed name, a value with a unit.
        status, body, _ = self.d.get("/api/v1/status")
        indicator = json.loads(body)["departments"][0]["projects"][0]["indicators"][0]
        lines = ["项目编码,指标名称,本期实际值,截至日期,偏差原因,备注",
                 "P900-1,%s,%s,2025/6/28,,按计划" % (indicator["name"], "120"),
                 "P900-1,资金支出,55.8万元,2025年6月29日,经费保障,"]
        status, body, _ = self.upload("\r\n".join(lines).encode("gb18030"),
                                      "text/csv; charset=gbk")
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["count"], 2)
        spent, project = self.spent_yuan("P900-1")
        self.assertEqual(spent, 558000)
        self.assertEqual(next(i for i in project["indicators"]
                              if i["id"] == indicator["id"])["actual"], 120)
        # A row with an unknown indicator name is refused with its place and a Chinese reason.
        bad = "项目编码,指标名称,本期实际值,截至日期\r\nP900-1,不存在的指标,1,2025-06-29\r\n"
        status, body, _ = self.upload(bad.encode("gb18030"), "text/csv")
        self.assertEqual(status, 422, body)
        error = json.loads(body)["errors"][0]
        self.assertIn("第2行", error["location"])
        self.assertTrue(error["reason_zh"])


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--fixtures", required=True)
    ARGS, rest = parser.parse_known_args()
    ARGS.daemon = os.path.abspath(ARGS.daemon)
    ARGS.fixtures = os.path.abspath(ARGS.fixtures)
    unittest.main(argv=[sys.argv[0]] + rest)


if __name__ == "__main__":
    main()
