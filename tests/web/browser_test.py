#!/usr/bin/env python3
"""The web pages in a real browser: Debian's headless Chromium driven by chromium-driver through
python3-selenium, against the real targetwatchd on a free loopback port with the bundled example
(config/targets, config/examples pushed over HTTP).

Usage: browser_test.py --daemon PATH/targetwatchd --source REPO [unittest args]
Exits 77 (ctest: skipped) when chromium, chromedriver or selenium is missing.
TW_SCREENSHOTS=1 saves docs/web-overview.png and docs/web-upload.png.
"""
import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import unittest
import urllib.parse
import urllib.request

SKIP = 77


def find_selenium():
    try:
        import selenium  # noqa: F401
        return True
    except ImportError:
        pass
    # Debian's python3-selenium lives in /usr/bin/python3's dist-packages; another python3 on the
    # PATH (pyenv) does not see it: run this file again under the system interpreter.
    system = "/usr/bin/python3"
    if os.path.exists(system) and os.path.realpath(sys.executable) != os.path.realpath(system) \
            and not os.environ.get("TW_BROWSER_REEXEC"):
        os.environ["TW_BROWSER_REEXEC"] = "1"
        os.execv(system, [system] + sys.argv)
    return False


def tool(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


CHROMIUM = tool("chromium", "chromium-browser")
CHROMEDRIVER = tool("chromedriver")
if not find_selenium() or not CHROMIUM or not CHROMEDRIVER:
    print("SKIPPED: the browser tests need chromium, chromium-driver and python3-selenium "
          "(apt-get install chromium chromium-driver python3-selenium); found chromium=%s "
          "chromedriver=%s selenium=%s" % (CHROMIUM, CHROMEDRIVER, find_selenium()))
    sys.exit(SKIP)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from targetwatch_testing import Daemon  # noqa: E402

ARGS = None
TODAY = "2025-06-30"
DEPARTMENT = "375"
WRITER = "writer-375-secret"
TOKENS = {"writer375": (WRITER, [DEPARTMENT], False)}
PROJECT = "13100025P00041210001X"


def wan(yuan):
    """The pages' 万元 format (2 decimals, thousands separators)."""
    return "{:,.2f}".format(round(yuan, 2) / 10000)


def percent(ratio):
    return "{:.2f}%".format(round(ratio, 4) * 100)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class BrowserCase(unittest.TestCase):
    settings_extra = ""
    daemon_class = Daemon

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tw-web-")
        cls.daemon = cls.daemon_class(os.path.join(cls.tmp, "d"), ARGS.daemon,
                            os.path.join(ARGS.source, "config", "targets"), TODAY, TOKENS,
                            cls.settings_extra)
        os.makedirs(cls.daemon.dir, exist_ok=True)
        cls.daemon.start()
        for name in ("actuals-2025.csv", "actuals-2025-correction.csv"):
            body = read(os.path.join(ARGS.source, "config", "examples", name))
            status, answer, _ = cls.daemon.post(body, "text/csv; charset=utf-8", WRITER)
            assert status == 200, (name, status, answer)
        cls.base = "http://127.0.0.1:%d" % cls.daemon.port
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--window-size=1360,1000", "--lang=zh-CN",
                     "--user-data-dir=" + os.path.join(cls.tmp, "profile")):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        cls.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER),
                                      options=options)
        cls.driver.set_page_load_timeout(60)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.driver.quit()
        finally:
            cls.daemon.kill()
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        # Each test judges only its own console and requests.
        self.driver.get_log("browser")
        self.driver.get_log("performance")

    def open(self, path):
        self.driver.get(self.base + path)
        return self.driver

    def css(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def status_json(self, query=""):
        status, body, _ = self.daemon.get("/api/v1/status" + query)
        self.assertEqual(status, 200, body)
        return json.loads(body)

    def assert_clean(self, answered_with_error=()):
        """No console errors, and nothing requested from anywhere but the daemon. The browser logs
        an error status as a console error: `answered_with_error` lists the paths expected to."""
        expected = tuple("%s%s - Failed to load resource" % (self.base, p) for p in answered_with_error)
        errors = [e for e in self.driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")
                  and not e["message"].startswith(expected)]
        self.assertEqual(errors, [])
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] != "Network.requestWillBeSent":
                continue
            url = message["params"]["request"]["url"]
            # Only network schemes leave the browser (chrome:// is its own new-tab page).
            if urllib.parse.urlparse(url).scheme in ("http", "https", "ws", "wss", "ftp"):
                self.assertTrue(url.startswith(self.base + "/"), url)
        for element in self.css("[src], link[href]"):
            for attribute in ("src", "href"):
                value = element.get_attribute(attribute)
                if value:
                    self.assertTrue(value.startswith(self.base + "/"), value)

    def server_timing_ms(self, path):
        status, _, headers = self.daemon.get(path)
        self.assertEqual(status, 200, path)
        match = re.search(r"dur=([0-9.]+)", headers.get("Server-Timing", ""))
        self.assertIsNotNone(match, headers)
        return float(match.group(1))

    def screenshot(self, name):
        if os.environ.get("TW_SCREENSHOTS") != "1":
            return
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(1360, min(max(height + 120, 900), 2400))
        self.driver.save_screenshot(os.path.join(ARGS.source, "docs", name))
        self.driver.set_window_size(1360, 1000)


class OverviewTest(BrowserCase):
    def test_figures_match_the_status_json(self):
        status = self.status_json()
        self.open("/")
        self.assertEqual(self.driver.title, "总览 · 绩效运行监控")
        self.assertEqual(self.css("#as-of-date")[0].text, TODAY)
        for dep in status["departments"]:
            row = self.css('table.departments tr[data-department="%s"]' % dep["code"])[0]
            cell = lambda cls: row.find_element(By.CSS_SELECTOR, "td." + cls).text  # noqa: E731
            self.assertEqual(cell("budget"), wan(dep["budget_yuan"]))
            self.assertEqual(cell("spent"), wan(dep["spent_yuan"]))
            self.assertEqual(cell("spent-ratio"), percent(dep["spent_ratio"]))
            self.assertEqual(cell("elapsed-ratio"), percent(dep["elapsed_ratio"]))
            self.assertTrue(cell("score").startswith("{:.2f}（".format(dep["score"])))
        projects = [p for dep in status["departments"] for p in dep["projects"]]
        rows = self.css("table.problems tbody tr")
        self.assertEqual(len(rows), len(projects))
        # Problems first: no row is more severe than the one above it.
        rank = {"red": 4, "yellow": 3, "stale": 2, "grey": 1, "green": 0}
        ranks = [rank[r.get_attribute("data-lamp")] for r in rows]
        self.assertEqual(ranks, sorted(ranks, reverse=True))
        self.assert_clean()
        self.screenshot("web-overview.png")

    def test_lamp_filter_and_date_picker(self):
        self.open("/")
        links = self.css("p.filters a.filter")
        red = [a for a in links if "lamp=red" in a.get_attribute("href")]
        if red:
            expected = int(red[0].find_element(By.CSS_SELECTOR, ".n").text)
            red[0].click()
            rows = self.css("table.problems tbody tr")
            self.assertEqual(len(rows), expected)
            self.assertTrue(all(r.get_attribute("data-lamp") == "red" for r in rows))
            self.assertIn("lamp=red", self.driver.current_url)
        # The date picker: an earlier month end shows that date and the status JSON's figures.
        self.open("/")
        picker = self.css("#as-of")[0]
        self.driver.execute_script("arguments[0].value = '2025-03-31'", picker)
        picker.find_element(By.XPATH, "./ancestor::form//button").click()
        WebDriverWait(self.driver, 10).until(EC.url_contains("as_of=2025-03-31"))
        self.assertEqual(self.css("#as-of-date")[0].text, "2025-03-31")
        dep = self.status_json("?as_of=2025-03-31")["departments"][0]
        row = self.css('table.departments tr[data-department="%s"]' % dep["code"])[0]
        self.assertEqual(row.find_element(By.CSS_SELECTOR, "td.spent").text,
                         wan(dep["spent_yuan"]))
        self.assert_clean()

    def test_headers_and_render_time(self):
        for path in ("/", "/upload", "/departments/" + DEPARTMENT,
                     "/projects/%s?department=%s" % (PROJECT, DEPARTMENT)):
            status, body, headers = self.daemon.get(path)
            self.assertEqual(status, 200, path)
            self.assertEqual(headers.get("Content-Security-Policy"), "default-src 'self'")
            self.assertEqual(headers.get("X-Content-Type-Options"), "nosniff")
            self.assertEqual(headers.get("Referrer-Policy"), "no-referrer")
            self.assertNotIn(" style=", body)  # CSP would block inline styles
            self.assertNotIn("<style", body)
            self.assertIsNone(re.search(r"<script>|<script [^>]*>[^<]", body), path)
            times = sorted(self.server_timing_ms(path) for _ in range(5))
            print("render %s: median %.1f ms" % (path, times[2]))
            self.assertLess(times[2], 100, path)
        css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]+)"', self.daemon.get("/")[1])
        status, _, headers = self.daemon.get(css.group(1))
        self.assertEqual(status, 200)
        self.assertIn("max-age=31536000", headers.get("Cache-Control", ""))
        self.assertTrue(headers.get("Content-Type", "").startswith("text/css"))


class PagesTest(BrowserCase):
    def test_department_and_project_pages(self):
        dep = self.status_json()["departments"][0]
        self.open("/")
        self.css('table.departments tr[data-department="%s"] a' % dep["code"])[0].click()
        WebDriverWait(self.driver, 10).until(EC.url_contains("/departments/" + dep["code"]))
        self.assertEqual(self.css('.cards [data-field="spent_ratio"]')[0].text,
                         percent(dep["spent_ratio"]))
        rows = self.css("table.projects tbody tr")
        self.assertEqual(len(rows), len(dep["projects"]))
        by_code = {p["code"]: p for p in dep["projects"]}
        for row in rows:
            p = by_code[row.get_attribute("data-project")]
            self.assertEqual(row.find_element(By.CSS_SELECTOR, "td.spent-ratio").text,
                             percent(p["spent_ratio"]))
        self.assertEqual(len(self.css("table.projects svg.chart")), len(rows))
        self.assert_clean()

        row = next(r for r in rows if r.get_attribute("data-project") == PROJECT)
        row.find_element(By.CSS_SELECTOR, "a").click()
        WebDriverWait(self.driver, 10).until(EC.url_contains("/projects/" + PROJECT))
        p = by_code[PROJECT]
        self.assertEqual(self.css("table.spending td.spent-ratio")[0].text,
                         percent(p["spent_ratio"]))
        self.assertEqual(len(self.css("svg.chart")), 1)
        ids = [r.get_attribute("data-indicator") for r in self.css("table.indicators tbody tr")]
        self.assertEqual(ids, [i["id"] for i in p["indicators"]])
        # The corrected figure (actuals-2025-correction.csv) is the one shown for 2025-05-31.
        history = self.driver.find_element(By.XPATH, "//h4[contains(., 'quantity-1')]"
                                                     "/following-sibling::table[1]").text
        self.assertIn("2025-05-31 141", history)
        self.assertIn("writer375", history)
        self.assert_clean()

    def test_unknown_codes_are_404_pages(self):
        for path in ("/departments/nope", "/projects/nope"):
            status, body, headers = self.daemon.get(path)
            self.assertEqual(status, 404, path)
            self.assertIn("text/html", headers.get("Content-Type", ""))


class TokenDaemon(Daemon):
    """A daemon whose reads need a token: the launcher's readiness wait presents one. Reads are
    closed by metrics_require_token here, and by public_reads = false where the settings have it
    (the launcher may open them for the other tests)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with open(self.settings, encoding="utf-8") as f:
            text = f.read()
        with open(self.settings, "w", encoding="utf-8") as f:
            f.write(text.replace("public_reads = true", "public_reads = false"))

    def get(self, path, token=None):
        return super().get(path, token or WRITER)


class TokenPageTest(BrowserCase):
    settings_extra = "metrics_require_token = true"
    daemon_class = TokenDaemon

    def test_pages_say_a_token_is_needed(self):
        self.open("/")
        self.assertIn("需要访问令牌", self.css("h1")[0].text)
        self.css('a[href="/upload#token"]')[0].click()
        WebDriverWait(self.driver, 10).until(EC.url_contains("/upload"))
        self.assertTrue(self.css("#token")[0].is_displayed())
        # Without reads the department is typed, not chosen.
        self.assertEqual(self.css("#template-department")[0].tag_name, "input")
        self.assert_clean(answered_with_error=["/"])


class UploadTest(BrowserCase):
    def upload(self, content, token=WRITER, name="upload.csv"):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
        self.open("/upload")
        self.css("#token")[0].send_keys(token)
        self.css("#file")[0].send_keys(path)
        self.css("#upload-button")[0].click()
        WebDriverWait(self.driver, 20).until(
            EC.presence_of_element_located((By.ID, "upload-summary")))
        return self.css("#upload-summary")[0].text

    def assert_answer_is_chinese(self):
        """Every line the upload answer shows is Chinese (the tables keep an English-reason column
        beside the Chinese one; the answer's English "error" is for logs and scripts)."""
        lines = [p.text for p in self.css("#upload-result p")]
        self.assertTrue(lines)
        for line in lines:
            self.assertRegex(line, "[\u4e00-\u9fff]", lines)
            self.assertIsNone(re.search(r"[A-Za-z]{3,}[ ;:,]+[A-Za-z]{3,}", line), lines)

    def stored(self):
        return sum(len(a["value"]) if isinstance(a.get("value"), list) else 1
                   for a in self.daemon.actuals())

    def test_good_and_bad_files_through_the_form(self):
        before = self.stored()
        good = ("department,project,indicator,value,as_of,note\n"
                "375,%s,spending,30,2025-06-20,六月支出\n" % PROJECT)
        summary = self.upload(good)
        self.assertIn("已保存 1 条记录", summary)
        self.assertEqual(self.stored(), before + 1)
        self.assertEqual(self.css("table.upload-errors"), [])
        self.assert_clean()

        bad = ("department,project,indicator,value,as_of\n"
               "375,%s,spending,abc,2025-06-20\n"
               "375,NO-SUCH-PROJECT,spending,5,2025-06-20\n"
               "375,%s,spending,7,2025-13-40\n" % (PROJECT, PROJECT))
        summary = self.upload(bad)
        self.assertIn("未保存任何数据", summary)
        rows = self.css("table.upload-errors tbody tr")
        self.assertGreaterEqual(len(rows), 2)
        cells = [[td.text for td in r.find_elements(By.TAG_NAME, "td")] for r in rows]
        # Rows 2 (value) and 4 (date) cannot be read; row 3 (unknown project) is reported with
        # them once validation runs on readable rows too.
        self.assertTrue({"2", "4"} <= {c[0] for c in cells} <= {"2", "3", "4"}, cells)
        self.assertTrue(all(c[2] and c[2] != "—" for c in cells), cells)
        self.assertEqual(self.stored(), before + 1)  # nothing of the bad file was stored
        self.assert_answer_is_chinese()
        self.screenshot("web-upload.png")
        # The token never reached a cookie or the URL.
        self.assertEqual(self.driver.get_cookies(), [])
        self.assertNotIn(WRITER, self.driver.current_url)
        self.assert_clean(answered_with_error=["/api/v1/actuals"])

        summary = self.upload(good, token="wrong-token")
        self.assertIn("令牌无效", summary)
        self.assert_answer_is_chinese()
        self.assertEqual(self.stored(), before + 1)
        self.assert_clean(answered_with_error=["/api/v1/actuals"])

    def test_report_download_links(self):
        self.open("/upload")
        links = [a.get_attribute("href") for a in self.css("a.report-link")]
        self.assertEqual([urllib.parse.parse_qs(urllib.parse.urlparse(h).query)["format"][0]
                          for h in links], ["html", "xlsx", "md", "csv"])
        for href in links:
            with urllib.request.urlopen(href, timeout=30) as answer:  # xlsx is binary
                self.assertEqual(answer.status, 200, href)
                self.assertGreater(len(answer.read()), 100, href)
        templates = [a.get_attribute("href") for a in self.css("ul.templates a")]
        self.assertIn(self.base + "/api/v1/template?department=375&format=xlsx", templates)
        self.assert_clean()


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--source", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
