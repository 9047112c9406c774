#!/usr/bin/env python3
"""Integration tests: start the real targetwatchd on a free loopback port with a temporary store
and a temporary copy of tests/fixtures/integration/targets, and talk to it over HTTP.

Usage: daemon_test.py --daemon PATH/targetwatchd --fixtures DIR --unit FILE [unittest args]
Standard library only. Waits poll for a condition with a deadline; nothing sleeps blindly.
"""
import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from targetwatch_testing import Daemon, wait_for  # noqa: E402

ARGS = None
TODAY = "2025-06-30"
TOKENS = {  # name -> (secret, departments, may_reload)
    "writer900": ("writer-900-secret", ["900"], False),
    "admin": ("admin-secret", ["*"], True),
}


def make_daemon(workdir, settings_extra="", env=None, copy_targets=True):
    return Daemon(workdir, ARGS.daemon, os.path.join(ARGS.fixtures, "integration", "targets"),
                  TODAY, TOKENS, settings_extra, env, copy_targets)


P1 = 'department="900",fiscal_year="2025",project="P900-1"'
Q1 = 'department="900",fiscal_year="2025",project="P900-1",indicator="quantity-1"'

GOOD_JSON = json.dumps({"actuals": [
    {"project": "P900-1", "indicator": "quantity-1", "value": 150, "as_of": "2025-06-15",
     "note": "汛期巡查加密"},
    {"project": "P900-1", "indicator": "spending", "value": 40, "as_of": "2025-06-20"},
]}, ensure_ascii=False)


class DaemonCase(unittest.TestCase):
    settings_extra = ""
    env = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tw-it-")
        self.daemon = make_daemon(self.tmp, self.settings_extra, self.env)

    def tearDown(self):
        self.daemon.kill()
        if self._outcome_ok():
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            sys.stderr.write("daemon log kept in %s:\n%s\n" % (self.tmp, self.daemon.log_text()))

    def _outcome_ok(self):
        result = getattr(self._outcome, "result", None)
        if result is None:
            return True
        return not any(test is self for test, _ in result.failures + result.errors)


class IngestTest(DaemonCase):
    def test_ingest_validation_scopes_metrics_and_shutdown(self):
        d = self.daemon.start()

        # JSON batch, then the same figures are visible as records and as metrics.
        status, body, _ = d.post(GOOD_JSON)
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["count"], 2)
        samples, text = d.metrics()
        self.assertEqual(samples['targetwatch_project_budget_yuan{%s}' % P1], 1000000)
        self.assertEqual(samples['targetwatch_project_spent_yuan{%s}' % P1], 400000)
        self.assertAlmostEqual(samples['targetwatch_project_spent_ratio{%s}' % P1], 0.4)
        self.assertAlmostEqual(samples['targetwatch_project_planned_ratio{%s}' % P1], 0.5)
        self.assertAlmostEqual(samples['targetwatch_project_required_ratio{%s}' % P1], 0.5)
        self.assertEqual(samples['targetwatch_project_behind_schedule{%s}' % P1], 1)
        self.assertEqual(samples['targetwatch_indicator_actual{%s}' % Q1], 150)
        self.assertEqual(samples['targetwatch_indicator_target{%s}' % Q1], 400)
        self.assertAlmostEqual(samples['targetwatch_indicator_expected{%s}' % Q1], 400 * 181 / 365)
        self.assertEqual(samples['targetwatch_indicator_status{%s,status="at_risk"}' % Q1], 1)
        self.assertEqual(samples['targetwatch_indicator_status{%s,status="on_track"}' % Q1], 0)
        self.assertEqual(samples['targetwatch_ingest_records_total{outcome="accepted"}'], 2)

        # CSV in UTF-8 with BOM, GBK detected, GBK declared.
        csv_utf8 = "\ufeffproject,indicator,value,as_of,note\nP900-2,cost-1,480,2025-06-10,正常\n"
        status, body, _ = d.post(csv_utf8.encode("utf-8"), "text/csv")
        self.assertEqual(status, 200, body)
        csv_gbk = "project,indicator,value,as_of,note\nP900-1,quantity-1,170,2025-06-25,补报\n"
        status, body, _ = d.post(csv_gbk.encode("gbk"), "text/csv")
        self.assertEqual(status, 200, body)
        with open(os.path.join(ARGS.fixtures, "http", "actuals-gbk.csv"), "rb") as f:
            status, body, _ = d.post(f.read(), "text/csv; charset=gbk")
        self.assertEqual(status, 200, body)
        notes = [r.get("note", "") for r in d.actuals("?project=P900-1")]
        self.assertIn("补报", notes)
        self.assertIn("按计划支付", notes)
        cost = d.actuals("?project=P900-2&indicator=cost-1")
        self.assertEqual(cost[0]["note"], "正常")
        stored = sum(len(r["revisions"]) for r in d.actuals())
        self.assertEqual(stored, 6)

        # Revisions: the GBK fixture re-reported quantity-1 for 2025-06-15.
        q = [r for r in d.actuals("?indicator=quantity-1") if r["as_of"] == "2025-06-15"][0]
        self.assertEqual([v["value"] for v in q["revisions"]], [150, 150])
        self.assertEqual(q["revisions"][0]["source"], "writer900")

        # A bad batch is rejected whole: every error listed, nothing stored.
        bad = json.dumps({"actuals": [
            {"project": "P900-1", "indicator": "quantity-1", "value": 200, "as_of": "2025-06-28"},
            {"project": "P900-1", "indicator": "no-such", "value": 1, "as_of": "2025-06-28"},
            {"project": "P900-1", "indicator": "timeliness-1", "value": 0.7, "as_of": "2025-06-28"},
        ]})
        status, body, _ = d.post(bad)
        self.assertEqual(status, 422, body)
        rows = sorted({e["row"] for e in json.loads(body)["errors"]})
        self.assertEqual(rows, [1, 2])
        self.assertEqual(sum(len(r["revisions"]) for r in d.actuals()), stored)
        status, body, _ = d.post(b"project,indicator,value,as_of\nP900-1,quantity-1,x,2025-06-01\n",
                                 "text/csv")
        self.assertEqual(status, 400, body)
        self.assertEqual(json.loads(body)["errors"][0]["row"], 2)

        # Tokens: none / unknown -> 401 with a challenge; other department -> 403.
        status, _, headers = d.post(GOOD_JSON, token=None)
        self.assertEqual(status, 401)
        self.assertIn("Bearer", headers.get("WWW-Authenticate", ""))
        self.assertEqual(d.post(GOOD_JSON, token="not-a-token")[0], 401)
        other = json.dumps([{"project": "P901-1", "indicator": "quantity-1", "value": 10,
                             "as_of": "2025-06-01"}])
        self.assertEqual(d.post(other)[0], 403)
        self.assertEqual(sum(len(r["revisions"]) for r in d.actuals()), stored)
        self.assertEqual(d.post(other, token="admin-secret")[0], 200)

        # The live exposition passes promtool.
        _, text = d.metrics()
        check = subprocess.run(["promtool", "check", "metrics"], input=text.encode("utf-8"),
                               capture_output=True, timeout=30)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertEqual(check.stdout + check.stderr, b"")

        status, body, _ = d.get("/api/v1/status")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["as_of"], TODAY)

        self.assertEqual(d.stop(signal.SIGTERM), 0)
        log = d.log_text()
        self.assertIn("<6>", log)
        for name, (secret, _, _) in TOKENS.items():
            self.assertNotIn(secret, log)


class RestartTest(DaemonCase):
    def test_every_acknowledged_record_survives_a_restart(self):
        d = self.daemon.start()
        acknowledged = []
        for day in range(1, 21):
            body = json.dumps([{"project": "P900-1", "indicator": "quantity-1", "value": day * 5,
                                "as_of": "2025-06-%02d" % day}])
            status, text, _ = d.post(body)
            self.assertEqual(status, 200, text)
            acknowledged.append(json.loads(text)["first_revision"])
        before, _ = d.metrics()
        self.assertEqual(d.stop(signal.SIGINT), 0)

        d.start()
        revisions = {v["revision"] for r in d.actuals() for v in r["revisions"]}
        self.assertEqual(revisions, set(acknowledged))
        after, _ = d.metrics()
        self.assertEqual(after['targetwatch_indicator_actual{%s}' % Q1], 100)
        self.assertEqual(after['targetwatch_indicator_actual{%s}' % Q1],
                         before['targetwatch_indicator_actual{%s}' % Q1])
        self.assertEqual(d.stop(), 0)


def environ_of(pid):
    with open("/proc/%d/environ" % pid, "rb") as f:
        return [v.decode("utf-8", "replace") for v in f.read().split(b"\0") if v]


def kernel_offers_huge_pages():
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled") as f:
            return "[never]" not in f.read()
    except OSError:
        return False


class HugePagesTest(DaemonCase):
    """targetwatchd runs with glibc's malloc on transparent huge pages unless told otherwise."""

    env = {"GLIBC_TUNABLES": ""}

    def test_the_daemon_runs_itself_again_with_huge_pages(self):
        d = self.daemon.start()
        tunables = [v for v in environ_of(d.proc.pid) if v.startswith("GLIBC_TUNABLES=")]
        if kernel_offers_huge_pages():
            self.assertEqual(tunables, ["GLIBC_TUNABLES=glibc.malloc.hugetlb=1"])
        else:
            self.assertEqual(tunables, ["GLIBC_TUNABLES="])  # nothing to gain: left alone
        status, _, _ = d.get("/metrics")
        self.assertEqual(status, 200)
        self.assertEqual(d.stop(), 0)


class HugePagesOperatorChoiceTest(DaemonCase):
    env = {"GLIBC_TUNABLES": "glibc.malloc.arena_max=1:glibc.malloc.hugetlb=0"}

    def test_an_operators_setting_is_kept(self):
        d = self.daemon.start()
        # (glibc splits the variable at ':' in place while it reads it: look at the bytes.)
        with open("/proc/%d/environ" % d.proc.pid, "rb") as f:
            raw = f.read()
        self.assertIn(b"GLIBC_TUNABLES=glibc.malloc.arena_max=1", raw)
        self.assertIn(b"glibc.malloc.hugetlb=0", raw)
        self.assertNotIn(b"hugetlb=1", raw)
        self.assertEqual(d.stop(), 0)


class ReloadTest(DaemonCase):
    def test_sighup_and_post_reload_with_good_and_bad_files(self):
        d = self.daemon.start()
        samples, _ = d.metrics()
        self.assertEqual(samples["targetwatch_config_last_reload_success"], 1)
        self.assertIn('targetwatch_project_budget_yuan{department="901",fiscal_year="2025",project="P901-1"}', samples)
        targets = os.path.join(self.tmp, "targets")

        # Good change: the parks department is removed and a target is raised.
        os.remove(os.path.join(targets, "901-parks.toml"))
        path = os.path.join(targets, "900-water.toml")
        with open(path, encoding="utf-8") as f:
            original = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(original.replace("target = 400", "target = 800"))
        d.send_signal(signal.SIGHUP)
        wait_for(lambda: d.metrics()[0].get('targetwatch_indicator_target{%s}' % Q1) == 800,
                 "the reloaded target")
        samples, _ = d.metrics()
        self.assertNotIn('targetwatch_project_budget_yuan{department="901",fiscal_year="2025",project="P901-1"}',
                         samples)
        self.assertEqual(samples["targetwatch_config_last_reload_success"], 1)

        # Bad file: the old configuration stays, success drops to 0.
        with open(path, "w", encoding="utf-8") as f:
            f.write(original.replace('comparator = ">="', 'comparator = "about"', 1))
        d.send_signal(signal.SIGHUP)
        wait_for(lambda: d.metrics()[0]["targetwatch_config_last_reload_success"] == 0,
                 "the failed reload")
        samples, _ = d.metrics()
        self.assertEqual(samples['targetwatch_indicator_target{%s}' % Q1], 800)
        self.assertIn("<3>", d.log_text())
        self.assertEqual(d.post(GOOD_JSON)[0], 200)  # still serving with the old targets

        # POST /-/reload: needs a token that may reload; reports the outcome.
        self.assertEqual(d.request("POST", "/-/reload")[0], 401)
        self.assertEqual(d.request("POST", "/-/reload", token="writer-900-secret")[0], 403)
        status, body, _ = d.request("POST", "/-/reload", token="admin-secret")
        self.assertEqual(status, 500)
        self.assertFalse(json.loads(body)["reloaded"])
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        status, body, _ = d.request("POST", "/-/reload", token="admin-secret")
        self.assertEqual(status, 200, body)
        samples, _ = d.metrics()
        self.assertEqual(samples["targetwatch_config_last_reload_success"], 1)
        self.assertEqual(samples['targetwatch_indicator_target{%s}' % Q1], 400)
        self.assertEqual(d.stop(), 0)


class NotifyTest(DaemonCase):
    def setUp(self):
        self.sock_dir = tempfile.mkdtemp(prefix="tw-notify-")
        self.sock_path = os.path.join(self.sock_dir, "notify")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.sock_path)
        self.sock.settimeout(20)
        self.env = {"NOTIFY_SOCKET": self.sock_path, "WATCHDOG_USEC": "400000"}
        super().setUp()

    def tearDown(self):
        super().tearDown()
        self.sock.close()
        shutil.rmtree(self.sock_dir, ignore_errors=True)

    def receive_until(self, key):
        seen = []
        while True:
            message = self.sock.recv(4096).decode()
            seen.append(message)
            if key in message.split("\n"):
                return message, seen

    def test_ready_reloading_watchdog_stopping(self):
        d = self.daemon.start()
        self.receive_until("READY=1")
        self.receive_until("WATCHDOG=1")
        d.send_signal(signal.SIGHUP)
        message, _ = self.receive_until("RELOADING=1")
        self.assertTrue(any(line.startswith("MONOTONIC_USEC=") for line in message.split("\n")))
        self.receive_until("READY=1")
        d.proc.send_signal(signal.SIGTERM)
        self.receive_until("STOPPING=1")
        self.assertEqual(d.stop(), 0)


class InboxTest(DaemonCase):
    settings_extra = 'inbox_dir = "drop"\ninbox_poll_seconds = 1\ninbox_all_departments = true'

    def test_drop_folder_moves_files_to_done_or_rejected(self):
        d = self.daemon.start()
        drop = os.path.join(self.tmp, "drop")
        wait_for(lambda: os.path.isdir(os.path.join(drop, "inbox")), "the inbox folder")
        staging = os.path.join(self.tmp, "staging.csv")
        with open(staging, "wb") as f:
            f.write("project,indicator,value,as_of\nP900-1,spending,55,2025-06-29\n".encode("gbk"))
        os.rename(staging, os.path.join(drop, "inbox", "june.csv"))
        wait_for(lambda: os.path.exists(os.path.join(drop, "done", "june.csv")), "done/june.csv")
        self.assertEqual(d.metrics()[0]['targetwatch_project_spent_yuan{%s}' % P1], 550000)
        self.assertEqual(d.actuals("?indicator=spending")[0]["source"], "inbox:june.csv")

        staging_json = os.path.join(self.tmp, "staging.json")
        with open(staging_json, "w", encoding="utf-8") as f:
            json.dump({"actuals": [{"project": "P900-2", "indicator": "cost-1", "value": 450,
                                    "as_of": "2025-06-29"}]}, f)
        os.rename(staging_json, os.path.join(drop, "inbox", "cost.json"))
        wait_for(lambda: os.path.exists(os.path.join(drop, "done", "cost.json")), "done/cost.json")
        self.assertEqual(d.actuals("?indicator=cost-1")[0]["value"], 450)

        with open(staging, "w", encoding="utf-8") as f:
            f.write("project,indicator,value,as_of\nP900-1,spending,56,2025-06-30\n"
                    "P900-9,spending,1,2025-06-30\n")
        os.rename(staging, os.path.join(drop, "inbox", "bad.csv"))
        errors = os.path.join(drop, "rejected", "bad.csv.errors.txt")
        wait_for(lambda: os.path.exists(os.path.join(drop, "rejected", "bad.csv")), "rejected/")
        with open(errors, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("第3行", text)  # the Chinese location of the bad row
        self.assertIn("P900-9", text)
        self.assertEqual(d.metrics()[0]['targetwatch_project_spent_yuan{%s}' % P1], 550000)
        inbox = os.path.join(drop, "inbox")
        self.assertEqual(sorted(os.listdir(inbox)), ["900", "901"])  # one folder per department

        # A department's folder takes only that department's records.
        with open(staging, "w", encoding="utf-8") as f:
            f.write("project,indicator,value,as_of\nP900-1,spending,57,2025-06-30\n")
        os.rename(staging, os.path.join(inbox, "901", "wrong.csv"))
        wait_for(lambda: os.path.exists(os.path.join(drop, "rejected", "wrong.csv")), "wrong.csv")
        with open(os.path.join(drop, "rejected", "wrong.csv.errors.txt"), encoding="utf-8") as f:
            self.assertIn("不在“inbox:wrong.csv”的报送范围内", f.read())
        os.rename(os.path.join(drop, "rejected", "wrong.csv"), os.path.join(inbox, "900", "r.csv"))
        wait_for(lambda: os.path.exists(os.path.join(drop, "done", "r.csv")), "done/r.csv")
        self.assertEqual(d.metrics()[0]['targetwatch_project_spent_yuan{%s}' % P1], 570000)

        # An unsupported file is moved out with an explanation, not left in place.
        with open(os.path.join(inbox, "900", "notes.txt"), "w", encoding="utf-8") as f:
            f.write("hello")
        wait_for(lambda: os.path.exists(os.path.join(drop, "rejected", "notes.txt")), "notes.txt")
        with open(os.path.join(drop, "rejected", "notes.txt.errors.txt"), encoding="utf-8") as f:
            self.assertIn("不支持的文件类型", f.read())
        for folder in ("900", "901"):
            self.assertEqual(os.listdir(os.path.join(inbox, folder)), [])
        self.assertEqual(d.stop(), 0)


class ReportTest(DaemonCase):
    """GET /report and the warning lamps: /metrics, the status JSON and the report agree."""
    settings_extra = '[warnings."*"]\nrules = ["plan", "time-progress"]\n'

    def test_report_formats_and_lamps_agree_everywhere(self):
        d = self.daemon.start()
        status, body, _ = d.post(GOOD_JSON)
        self.assertEqual(status, 200, body)

        status, body, _ = d.get("/api/v1/status")
        self.assertEqual(status, 200, body)
        projects = [p for dep in json.loads(body)["departments"] for p in dep["projects"]]
        samples, _ = d.metrics()
        checked = 0
        for p in projects:
            self.assertEqual(set(p["warnings"]), {"plan", "time-progress"}, p["code"])
            for rule, level in p["warnings"].items():
                key = ('targetwatch_project_warning_level{department="%s",project="%s",rule="%s"}'
                       % (p["department"] if "department" in p else "900", p["code"], rule))
                matches = [v for k, v in samples.items()
                           if k.startswith("targetwatch_project_warning_level{")
                           and 'project="%s"' % p["code"] in k and 'rule="%s"' % rule in k]
                self.assertEqual(matches, [level], key)
                checked += 1
        self.assertGreater(checked, 0)
        # P900-1 spent 40 of its budget by 06-20: its plan lamp is what the evaluation says.
        p1 = next(p for p in projects if p["code"] == "P900-1")
        expected_plan = 2 if p1["spent_ratio"] < p1["required_ratio"] - 1e-9 else (
            1 if p1["behind_schedule"] else 0)
        self.assertEqual(p1["warnings"]["plan"], expected_plan)

        status, md, headers = d.get("/report?as_of=2025-06-30&format=md")
        self.assertEqual(status, 200, md)
        self.assertIn("text/markdown", headers.get("Content-Type", ""))
        self.assertIn("P900-1", md)
        self.assertIn("汛期巡查加密", md)  # the note reported with the figure
        status, html, headers = d.get("/report?as_of=2025-06-30")
        self.assertEqual(status, 200)
        self.assertIn("text/html", headers.get("Content-Type", ""))
        self.assertIn("<svg", html)
        status, csv_text, headers = d.get("/report?as_of=2025-06-30&format=csv")
        self.assertEqual(status, 200)
        self.assertIn("attachment", headers.get("Content-Disposition", ""))
        status, _, _ = d.get("/report?format=pdf")
        self.assertEqual(status, 400)
        status, _, _ = d.get("/report?as_of=2025-13-01&format=md")
        self.assertEqual(status, 400)
        status, _, _ = d.get("/report?department=nope&format=md")
        self.assertEqual(status, 404)
        # Without as_of the report is the state at the end of the previous month.
        status, md_default, _ = d.get("/report?format=md")
        self.assertEqual(status, 200)
        self.assertIn("2025-05-31", md_default)
        self.assertEqual(d.stop(), 0)


class CommandLineTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tw-cli-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_daemon(self, *args):
        return subprocess.run([ARGS.daemon] + list(args), cwd=self.tmp, capture_output=True,
                              timeout=30)

    def test_check_config_help_and_exit_codes(self):
        make_daemon(self.tmp)
        ok = self.run_daemon("--settings", "targetwatch.toml", "--check-config")
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertIn(b"2 department(s)", ok.stdout)
        self.assertEqual(self.run_daemon("--help").returncode, 0)
        self.assertEqual(self.run_daemon("--bogus").returncode, 64)
        self.assertEqual(self.run_daemon("--today", "2025-13-01").returncode, 64)
        missing = self.run_daemon("--settings", "nope.toml", "--check-config")
        self.assertEqual(missing.returncode, 78)
        self.assertIn(b"nope.toml", missing.stderr)
        with open(os.path.join(self.tmp, "targets", "900-water.toml"), "a", encoding="utf-8") as f:
            f.write("\n[[project]\n")
        bad = self.run_daemon("--settings", "targetwatch.toml", "--check-config")
        self.assertEqual(bad.returncode, 78)
        self.assertIn(b"900-water.toml", bad.stderr)
        self.assertTrue(all(line.startswith(b"<") for line in bad.stderr.splitlines()))

    def test_port_in_use_is_a_startup_failure(self):
        first = make_daemon(os.path.join(self.tmp))
        first.start()
        try:
            other = os.path.join(self.tmp, "second")
            os.makedirs(other)
            second = self.run_daemon("--settings", first.settings, "--listen",
                                     "127.0.0.1:%d" % first.port, "--store",
                                     os.path.join(other, "s.db"))
            self.assertEqual(second.returncode, 1, second.stderr)
            self.assertIn(b"cannot listen", second.stderr)
        finally:
            self.assertEqual(first.stop(), 0)


def non_loopback_address():
    """An IPv4 address of this machine other than loopback, or None: the source address of a
    route to a documentation address (a UDP socket's connect sends nothing), else one the host
    name resolves to."""
    candidates = []
    for destination in ("198.51.100.1", "203.0.113.1", "10.255.255.254"):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            try:
                s.connect((destination, 9))
                candidates.append(s.getsockname()[0])
            except OSError:
                pass
    try:
        candidates += socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        pass
    for address in candidates:
        if not address.startswith("127.") and address != "0.0.0.0":
            return address
    return None


def http_get(url, token=None):
    req = urllib.request.Request(url)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=20) as res:
            return res.status, res.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


class ScrapeFromNetworkTest(DaemonCase):
    """Without a token only loopback may scrape; a peer on the network needs the token."""
    settings_extra = "allow_plaintext_on_network = true"

    def test_network_peer_needs_a_token_loopback_does_not(self):
        address = non_loopback_address()
        if address is None:
            self.skipTest("this machine has no non-loopback IPv4 address")
        d = self.daemon.start("--listen", "0.0.0.0:0")
        self.assertEqual(d.get("/metrics")[0], 200)  # 127.0.0.1
        remote = "http://%s:%d" % (address, d.port)
        status, body = http_get(remote + "/metrics")
        self.assertEqual(status, 401, body)
        self.assertIn("metrics_open_to_network", body)
        # A load balancer's health checks need no token.
        for path, answer in (("/healthz", "ok\n"), ("/readyz", "ready\n")):
            self.assertEqual(http_get(remote + path), (200, answer))
        status, body = http_get(remote + "/metrics", token="admin-secret")
        self.assertEqual(status, 200, body)
        self.assertIn("targetwatch_", body)
        self.assertIn("authentication failed from " + address, d.log_text())


class ScrapeOpenToNetworkTest(DaemonCase):
    settings_extra = "allow_plaintext_on_network = true\nmetrics_open_to_network = true"

    def test_network_peer_scrapes_without_a_token_when_opened(self):
        address = non_loopback_address()
        if address is None:
            self.skipTest("this machine has no non-loopback IPv4 address")
        d = self.daemon.start("--listen", "0.0.0.0:0")
        status, body = http_get("http://%s:%d/metrics" % (address, d.port))
        self.assertEqual(status, 200, body)


class CredentialsDirectoryTest(DaemonCase):
    """The tokens file read from $CREDENTIALS_DIRECTORY (systemd's LoadCredential=)."""
    settings_extra = 'tokens_file = "${CREDENTIALS_DIRECTORY:-/nonexistent}/tokens.toml"'

    def setUp(self):
        super().setUp()
        creds = os.path.join(self.tmp, "credentials")
        os.makedirs(creds)
        with open(os.path.join(creds, "tokens.toml"), "w", encoding="utf-8") as f:
            f.write('[[token]]\nname = "from-credential"\nsha256 = "%s"\n'
                    'departments = ["900"]\nread_only = true\n'
                    % hashlib.sha256(b"credential-secret").hexdigest())
        self.daemon.env["CREDENTIALS_DIRECTORY"] = creds

    def test_a_token_of_the_credential_file_is_accepted(self):
        d = self.daemon.start()
        status, body, _ = d.get("/api/v1/status", token="credential-secret")
        self.assertEqual(status, 200, body)
        self.assertEqual(d.get("/api/v1/status", token="not-a-secret")[0], 401)
        d.stop()
        # Without the variable the fallback directory does not exist: no tokens file, no token.
        del self.daemon.env["CREDENTIALS_DIRECTORY"]
        d.start()
        self.assertEqual(d.get("/api/v1/status", token="credential-secret")[0], 401)


class SystemdUnitTest(unittest.TestCase):
    def test_unit_passes_systemd_analyze_verify(self):
        tmp = tempfile.mkdtemp(prefix="tw-unit-")
        try:
            with open(ARGS.unit, encoding="utf-8") as f:
                unit = f.read()
            self.assertIn("Type=notify", unit)
            unit = unit.replace("/usr/bin/targetwatchd", os.path.abspath(ARGS.daemon))
            path = os.path.join(tmp, "targetwatchd.service")
            with open(path, "w", encoding="utf-8") as f:
                f.write(unit)
            result = subprocess.run(["systemd-analyze", "verify", path], capture_output=True,
                                    timeout=60)
            output = (result.stdout + result.stderr).decode()
            # Lines about other units on the host are not ours to fix.
            ours = [l for l in output.splitlines() if "targetwatchd.service" in l]
            self.assertEqual(result.returncode, 0, output)
            self.assertEqual(ours, [], output)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--unit", required=True)
    ARGS, rest = parser.parse_known_args()
    ARGS.daemon = os.path.abspath(ARGS.daemon)
    ARGS.fixtures = os.path.abspath(ARGS.fixtures)
    ARGS.unit = os.path.abspath(ARGS.unit)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
