#!/usr/bin/env python3
"""End-to-end test of the dashboards and alert rules against a real targetwatchd and Prometheus.

    e2e_prometheus.py --targetwatchd BIN --targets DIR --actuals CSV [--today 2025-06-30]
                      [--prometheus prometheus] [--timeout 120] [--keep]

1. starts targetwatchd on a free loopback port (--listen 127.0.0.1:0 --port-file) with a
   temporary store and a settings file holding a fresh bearer token, and POSTs the actuals CSV;
2. starts Prometheus on a free loopback port with a temporary TSDB, scraping the daemon every
   second as job "targetwatch" and loading dashboards/prometheus/rules;
3. resolves every dashboard's template variables like Grafana does (variable query, regex with
   named groups `text`/`value`, "All" = allValue) and runs every expression of every panel,
   variable and rule through /api/v1/query (range panels also through /api/v1/query_range):
   each must succeed and return data, except the few listed in ALLOWED_EMPTY;
4. computes, independently from the scraped /metrics text, which alerts the sample data must
   raise, and requires exactly those to be pending or firing in /api/v1/alerts (with the
   Chinese project names of /api/v1/status), and every rule to evaluate without error;
5. stops both processes.

Only the Python standard library (and python3-yaml through check_dashboards) is used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_dashboards as cd  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "dashboards" / "prometheus" / "rules" / "targetwatch.rules.yml"

# Expressions that may legitimately return nothing for the bundled sample data at 2025-06-30,
# keyed by ("rule", name) or (dashboard uid, panel title, refId). Keep this list minimal: every
# entry must say why the sample data cannot produce a series.
ALLOWED_EMPTY = {
    # No project of the sample data spends more than its budget by 2025-06-30.
    ("rule", "TargetwatchOverspending"): "no overspent project in the sample data",
    # targetwatchd is up and its configuration loaded: the health alerts must stay silent.
    ("rule", "TargetwatchDown"): "the daemon is up",
    ("rule", "TargetwatchReloadFailed"): "the configuration loaded",
    # The sample actuals report every indicator and spending line at its default frequency
    # (scripts/make-sample-actuals.py): nothing is stale at 2025-06-30.
    ("rule", "TargetwatchActualsStale"): "nothing is stale in the sample data",
    ("targetwatch-monthly-review", "数据过期的项目（按项目合并）", "A"): "nothing is stale in the sample data",
    ("targetwatch-monthly-review", "数据过期的项目（按项目合并）", "B"): "nothing is stale in the sample data",
    ("targetwatch-monthly-review", "数据过期的项目（按项目合并）", "C"): "nothing is stale in the sample data",
    ("targetwatch-monthly-review", "数据过期的项目（按项目合并）", "D"): "nothing is stale in the sample data",
    # ... so that table lists only indicators without any report (grey), which have no actual,
    # attainment or last report date.
    ("targetwatch-monthly-review", "无数据或数据过期的指标", "B"): "grey indicators have no actual",
    ("targetwatch-monthly-review", "无数据或数据过期的指标", "D"): "grey indicators have no attainment",
    ("targetwatch-monthly-review", "无数据或数据过期的指标", "F"): "grey indicators have no report date",
}

# The project whose detail dashboard is examined (it has spending and indicator reports in the
# sample data; Grafana itself would preselect the first project by name).
PREFERRED = {"project": "13100025P00041210001X"}

# What the sample data (config/examples/actuals-2025.csv) must raise at 2025-06-30, worked out by
# hand from design.md's rules, so that the comparison below cannot pass by both sides being empty:
#  - 13100025P00011610003L: 73 500 元 of 215 400 = 34.1% < the 50% due by 6/30;
#  - 13100025P00010710004N quantity-1 (“12348”接受咨询量 ≥40000): 14 694 < 40 000 x 181/365
#    x (1 - 5% tolerance) = 18 843.8;
#  - department-wide social-4 (提升戒毒场所稳定性, qualitative): assessed 0.5 as of 6/30;
#  - 13100025P00011610003L quality-3 (供水保证率 ≥92%): 90.5; timeliness-1 (≤2天): 3.
# (13100025P00041210001X quantity-1, 171 against 173.6 expected, and department-wide quantity-3,
# 9 800 against 9 917.8, are within the 5% tolerance band: on track.)
SAMPLE_EXPECTED = {
    ("TargetwatchCheckpointMissed", "375", "13100025P00011610003L", ""),
    ("TargetwatchIndicatorAtRisk", "375", "13100025P00010710004N", "quantity-1"),
    ("TargetwatchIndicatorAtRisk", "375", "", "social-4"),
    ("TargetwatchIndicatorNotMet", "375", "13100025P00011610003L", "quality-3"),
    ("TargetwatchIndicatorNotMet", "375", "13100025P00011610003L", "timeliness-1"),
}

# Variables whose options are plain numbers (the fiscal year), not codes with Chinese names.
NUMERIC_VARIABLES = {"fiscal_year"}

BUILTIN_VALUES = {"__interval": "1m", "__rate_interval": "1m", "__range": "1d"}


class Failure(Exception):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=10):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def poll(what, fn, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            ok, last = fn()
            if ok:
                return last
        except (OSError, ValueError) as e:
            last = e
        time.sleep(interval)
    raise Failure(f"timed out after {timeout}s waiting for {what} (last: {last})")


class Procs:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.procs = []

    def start(self, name, argv):
        log = open(self.tmp / f"{name}.log", "wb")
        p = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.procs.append((name, p, log))
        return p

    def check_alive(self):
        for name, p, _ in self.procs:
            if p.poll() is not None:
                raise Failure(f"{name} exited with {p.returncode}:\n{self.log(name)}")

    def log(self, name):
        f = self.tmp / f"{name}.log"
        return f.read_text(errors="replace")[-4000:] if f.exists() else ""

    def stop(self):
        for name, p, log in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            log.close()


# ---------------------------------------------------------------------------------------------
# Exposition parsing and the expected alerts
# ---------------------------------------------------------------------------------------------

SAMPLE_RE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)')
LABEL_RE = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_exposition(text):
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE_RE.match(line)
        if not m:
            raise Failure(f"unparsable exposition line: {line!r}")
        labels = {k: bytes(v, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                  for k, v in LABEL_RE.findall(m.group(2) or "")}
        out.append((m.group(1), labels, float(m.group(3))))
    return out


def csv_batches(text):
    """The actuals CSV as a sequence of uploads: a batch may not name the same (department,
    project, indicator, as_of) twice, so a later correction of a figure (a revision) goes into a
    later batch, as it would be reported in practice. Comment lines are dropped."""
    import csv
    import io
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    header, rows = lines[0], lines[1:]
    cols = next(csv.reader([header]))
    key_idx = [cols.index(c) for c in ("department", "project", "indicator", "as_of") if c in cols]
    batches = []  # [(keys, rows)]
    for row in rows:
        fields = next(csv.reader(io.StringIO(row)))
        key = tuple(fields[i] if i < len(fields) else "" for i in key_idx)
        # the first batch after the last one holding this key
        last = max((n for n, (keys, _) in enumerate(batches) if key in keys), default=-1)
        if last + 1 == len(batches):
            batches.append((set(), []))
        keys, batch_rows = batches[last + 1]
        keys.add(key)
        batch_rows.append(row)
    return [header + "\n" + "\n".join(r) + "\n" for _, r in batches]


def expected_alerts(samples):
    """The alert conditions of targetwatch.rules.yml, computed in Python from /metrics."""
    proj = {}
    for name, labels, value in samples:
        if name.startswith("targetwatch_project_") and name != "targetwatch_project_info":
            key = (labels.get("department", ""), labels.get("project", ""))
            proj.setdefault(key, {})[name[len("targetwatch_project_"):]] = value
    exp = set()
    for (dep, pr), m in proj.items():
        spent, required = m.get("spent_ratio"), m.get("required_ratio")
        missed = spent is not None and required is not None and spent < required - 1e-9
        if missed:
            exp.add(("TargetwatchCheckpointMissed", dep, pr, ""))
        if spent is not None and spent > 1:
            exp.add(("TargetwatchOverspending", dep, pr, ""))
        if m.get("behind_schedule") == 1 and "spending_lag_ratio" in m and not missed \
                and required is not None:
            exp.add(("TargetwatchSpendingLag", dep, pr, ""))
        if all(k in m for k in ("spent_ratio", "recent_pace_ratio", "next_checkpoint_ratio",
                                "planned_ratio")):
            projected = m["spent_ratio"] + m["recent_pace_ratio"] * (
                m["next_checkpoint_ratio"] - m["planned_ratio"])
            if projected < m["next_checkpoint_ratio"] - 1e-9:
                exp.add(("TargetwatchPaceTooSlow", dep, pr, ""))
        # Staleness: one alert per project with any stale line (indicators and spending).
        if m.get("stale_indicators", 0) > 0:
            exp.add(("TargetwatchActualsStale", dep, pr, ""))
    status_alert = {"at_risk": "TargetwatchIndicatorAtRisk", "not_met": "TargetwatchIndicatorNotMet"}
    for name, labels, value in samples:
        if name == "targetwatch_indicator_status" and value == 1 and labels["status"] in status_alert:
            exp.add((status_alert[labels["status"]], labels.get("department", ""),
                     labels.get("project", ""), labels.get("indicator", "")))
        # ... and one per department for its stale department-wide indicators.
        if name == "targetwatch_indicator_status" and value == 1 and labels["status"] == "stale" \
                and not labels.get("project"):
            exp.add(("TargetwatchActualsStale", labels.get("department", ""), "", ""))
    return exp


# ---------------------------------------------------------------------------------------------
# The test
# ---------------------------------------------------------------------------------------------

class E2E:
    def __init__(self, args, tmp: Path):
        self.args = args
        self.tmp = tmp
        self.procs = Procs(tmp)
        self.failures = []

    def fail(self, msg):
        self.failures.append(msg)

    # --- targetwatchd ---------------------------------------------------------------------------
    def start_daemon(self):
        secret = secrets.token_hex(16)
        self.token = secret
        settings = self.tmp / "targetwatch.toml"
        settings.write_text(
            "# written by e2e_prometheus.py\n"
            f'listen = "127.0.0.1:0"\n'
            "[[token]]\n"
            'name = "e2e"\n'
            f'sha256 = "{hashlib.sha256(secret.encode()).hexdigest()}"\n'
            'departments = ["*"]\n', encoding="utf-8")
        port_file = self.tmp / "targetwatchd.port"
        self.procs.start("targetwatchd", [
            self.args.targetwatchd, "--settings", str(settings), "--listen", "127.0.0.1:0",
            "--port-file", str(port_file), "--today", self.args.today,
            "--store", str(self.tmp / "store.db"), "--targets", self.args.targets])

        def port():
            self.procs.check_alive()
            text = port_file.read_text().strip() if port_file.exists() else ""
            return (text.isdigit(), text)
        self.daemon = f"http://127.0.0.1:{poll('the port file', port, self.args.timeout)}"

        def ready():
            self.procs.check_alive()
            code, _ = http("GET", self.daemon + "/readyz")
            return code == 200, code
        poll("targetwatchd /readyz", ready, self.args.timeout)

        for batch in csv_batches(Path(self.args.actuals).read_text(encoding="utf-8")):
            code, resp = http("POST", self.daemon + "/api/v1/actuals", batch.encode("utf-8"),
                              {"Content-Type": "text/csv; charset=utf-8",
                               "Authorization": f"Bearer {self.token}"})
            if code != 200:
                raise Failure(f"POST /api/v1/actuals answered {code}: {resp[:2000].decode(errors='replace')}")

        code, text = http("GET", self.daemon + "/metrics")
        if code != 200:
            raise Failure(f"GET /metrics answered {code}")
        self.samples = parse_exposition(text.decode("utf-8"))
        # Reads need a token by default; this one covers every department.
        code, status = http("GET", self.daemon + "/api/v1/status", None,
                            {"Authorization": f"Bearer {self.token}"})
        if code != 200:
            raise Failure(f"GET /api/v1/status answered {code}")
        self.status = json.loads(status)

    # --- Prometheus -----------------------------------------------------------------------------
    def start_prometheus(self):
        port = free_port()
        self.prom = f"http://127.0.0.1:{port}"
        target = self.daemon.split("://", 1)[1]
        rules_dir = self.tmp / "rules"
        rules_dir.mkdir()
        shutil.copy(RULES, rules_dir / RULES.name)
        cfg = self.tmp / "prometheus.yml"
        cfg.write_text(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
            f"rule_files:\n  - {rules_dir / RULES.name}\n"
            "scrape_configs:\n  - job_name: targetwatch\n    static_configs:\n"
            f"      - targets: ['{target}']\n", encoding="utf-8")
        self.procs.start("prometheus", [
            self.args.prometheus, f"--config.file={cfg}",
            f"--storage.tsdb.path={self.tmp / 'tsdb'}", f"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn"])

        def has_data():
            self.procs.check_alive()
            r = self.query("count(targetwatch_project_info)")
            return bool(r), r
        poll("the first scrape in Prometheus", has_data, self.args.timeout)
        self.data_since = time.time()

        def rules_evaluated():
            self.procs.check_alive()
            code, body = http("GET", self.prom + "/api/v1/rules")
            groups = json.loads(body)["data"]["groups"]
            times = [g.get("lastEvaluation", "") for g in groups]
            # Evaluated at least twice after data arrived (recording rules feed the alerts).
            ok = groups and all(t and not t.startswith("0001") for t in times) and \
                time.time() - self.data_since > 3
            return ok, times
        poll("rule evaluation", rules_evaluated, self.args.timeout)

    def query(self, expr, at=None):
        params = {"query": expr}
        if at is not None:
            params["time"] = str(at)
        code, body = http("POST", self.prom + "/api/v1/query", urllib.parse.urlencode(params).encode(),
                          {"Content-Type": "application/x-www-form-urlencoded"})
        data = json.loads(body)
        if code != 200 or data.get("status") != "success":
            raise Failure(f"query failed ({code}): {data.get('error')}\n  {expr}")
        return data["data"]["result"]

    def query_range(self, expr):
        end = time.time()
        params = {"query": expr, "start": str(end - 20), "end": str(end), "step": "2"}
        code, body = http("POST", self.prom + "/api/v1/query_range", urllib.parse.urlencode(params).encode(),
                          {"Content-Type": "application/x-www-form-urlencoded"})
        data = json.loads(body)
        if code != 200 or data.get("status") != "success":
            raise Failure(f"range query failed ({code}): {data.get('error')}\n  {expr}")
        return data["data"]["result"]

    # --- dashboards and rules -------------------------------------------------------------------
    def resolve_variables(self, exprs):
        """{dashboard uid: {variable: value}} chosen the way Grafana does."""
        values = {}
        for e in exprs:
            if e["source"] != "variable":
                continue
            dash_vals = values.setdefault(e["dashboard"], dict(BUILTIN_VALUES))
            where = f"{e['dashboard']} variable {e['name']}"
            try:
                result = self.query(cd.substitute(e["expr"], dash_vals))
            except Failure as f:
                self.fail(f"{where}: {f}")
                continue
            rows = []
            for r in result:  # Grafana's query_result text: name{l="v",...} value timestamp
                labels = dict(r["metric"])
                name = labels.pop("__name__", "")
                rows.append(name + "{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "} "
                            + r["value"][1] + " " + str(int(r["value"][0] * 1000)))
            regex = e["regex"]
            body = regex[1:regex.rindex("/")] if regex.startswith("/") else regex
            pattern = re.compile(body.replace("(?<", "(?P<")) if body else None
            options = []
            for row in rows:
                m = pattern.search(row) if pattern else None
                if pattern and not m:
                    continue
                value = m.group("value") if m and "value" in m.groupdict() else row
                text = m.group("text") if m and "text" in m.groupdict() else value
                options.append((text, value))
            if not options:
                self.fail(f"{where}: no options (query returned {len(rows)} rows)")
                continue
            if e["name"] in NUMERIC_VARIABLES:
                if any(not re.fullmatch(r"\d+", value) for _, value in options):
                    self.fail(f"{where}: options are not numbers: {options[:3]}")
            elif any(text == value or not text for text, value in options):
                self.fail(f"{where}: options without a Chinese name: {options[:3]}")
            elif any(not re.search(r"[\u4e00-\u9fff]", text) for text, _ in options):
                self.fail(f"{where}: option texts are not names: {options[:3]}")
            if e["include_all"]:
                dash_vals[e["name"]] = ".*"
            else:
                chosen = sorted(options)[0][1]
                pref = PREFERRED.get(e["name"])
                if pref and pref in [v for _, v in options]:
                    chosen = pref
                dash_vals[e["name"]] = chosen
        return values

    def run_expressions(self):
        exprs = list(cd.iter_exprs(REPO))
        var_values = self.resolve_variables(exprs)
        counted = 0
        for e in exprs:
            if e["source"] == "variable":
                continue
            if e["source"] == "rule":
                key = ("rule", e["name"])
                where = f"rule {e['name']}"
                expr = e["expr"]
            else:
                key = (e["dashboard"], e.get("panel_title") or e.get("name"), e.get("ref"))
                where = f"{e['dashboard']} panel {e.get('panel_id')} {e.get('panel_title')!r} {e.get('ref')}"
                expr = cd.substitute(e["expr"], var_values.get(e["dashboard"], BUILTIN_VALUES))
                if cd.VAR_RE.search(expr):
                    self.fail(f"{where}: unresolved variable in {expr}")
                    continue
            counted += 1
            try:
                result = self.query(expr)
                if e["kind"] == "range" and not self.query_range(expr):
                    self.fail(f"{where}: range query returned nothing:\n  {expr}")
            except Failure as f:
                self.fail(f"{where}: {f}")
                continue
            if not result and key not in ALLOWED_EMPTY:
                self.fail(f"{where}: no data for the sample:\n  {expr}")
            if result and key in ALLOWED_EMPTY and e["source"] != "rule":
                self.fail(f"{where}: listed in ALLOWED_EMPTY but returns data; remove the entry")
        print(f"e2e: {counted} expressions queried")

    def check_rules_health(self):
        code, body = http("GET", self.prom + "/api/v1/rules")
        for g in json.loads(body)["data"]["groups"]:
            for r in g["rules"]:
                if r.get("health") != "ok":
                    self.fail(f"rule {r['name']}: health {r.get('health')}: {r.get('lastError')}")

    def check_alerts(self):
        expected = expected_alerts(self.samples)
        missing_sample = SAMPLE_EXPECTED - expected
        if missing_sample:
            self.fail("the daemon's /metrics do not show what the sample data must raise: "
                      f"{sorted(missing_sample)} (they raise {sorted(expected)})")
        for kind in ("TargetwatchCheckpointMissed", "TargetwatchPaceTooSlow",
                     "TargetwatchIndicatorAtRisk", "TargetwatchIndicatorNotMet"):
            if not any(a[0] == kind for a in expected):
                self.fail(f"expected at least one {kind} for the sample data")
        # Rule names that may be empty must be empty for the reason given.
        for key, why in ALLOWED_EMPTY.items():
            if key[0] == "rule" and any(a[0] == key[1] for a in expected):
                self.fail(f"ALLOWED_EMPTY says {key[1]} cannot fire ({why}) but /metrics says it must")

        names = {}
        for d in self.status.get("departments", []):
            for p in d.get("projects", []):
                names[(str(d["code"]), p["code"])] = p["name"]

        def active():
            code, body = http("GET", self.prom + "/api/v1/alerts")
            alerts = json.loads(body)["data"]["alerts"]
            got = {}
            for a in alerts:
                if a["state"] not in ("pending", "firing"):
                    continue
                lab = a["labels"]
                got[(lab["alertname"], lab.get("department", ""), lab.get("project", ""),
                     lab.get("indicator", ""))] = a
            return set(got) == expected, got
        try:
            got = poll("the expected alerts", active, self.args.timeout, interval=1)
        except Failure:
            _, got = active()
            extra = sorted(set(got) - expected)
            missing = sorted(expected - set(got))
            self.fail(f"alerts differ from the conditions computed from /metrics:\n"
                      f"  missing: {missing}\n  unexpected: {extra}")
            return
        for key, a in got.items():
            dep, pr = key[1], key[2]
            want = names.get((dep, pr))
            if pr and want is None:
                self.fail(f"{key}: project not in /api/v1/status")
            if want and a["labels"].get("project_name") != want:
                self.fail(f"{key}: project_name {a['labels'].get('project_name')!r}, status says {want!r}")
            for ann in ("summary", "description", "runbook_url"):
                if not a["annotations"].get(ann):
                    self.fail(f"{key}: empty annotation {ann}")
            if want and want not in a["annotations"].get("description", ""):
                self.fail(f"{key}: description does not name the project: {a['annotations'].get('description')}")
            if "<no value>" in json.dumps(a["annotations"], ensure_ascii=False):
                self.fail(f"{key}: template left <no value>: {a['annotations']}")
        print(f"e2e: {len(got)} alerts pending/firing as expected")

    def run(self):
        try:
            self.start_daemon()
            self.start_prometheus()
            self.run_expressions()
            self.check_rules_health()
            self.check_alerts()
        except Failure as f:
            self.fail(str(f))
        finally:
            self.procs.stop()
        if self.failures:
            for f in self.failures:
                print(f"FAIL: {f}", file=sys.stderr)
            for name in ("targetwatchd", "prometheus"):
                print(f"--- {name} log (tail) ---\n{self.procs.log(name)}", file=sys.stderr)
            return 1
        print("e2e: ok")
        return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--targetwatchd", required=True)
    ap.add_argument("--targets", default=str(REPO / "config" / "targets"))
    ap.add_argument("--actuals", default=str(REPO / "config" / "examples" / "actuals-2025.csv"))
    ap.add_argument("--today", default="2025-06-30")
    ap.add_argument("--prometheus", default=shutil.which("prometheus") or "/usr/bin/prometheus")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)
    for tool in (args.targetwatchd, args.prometheus):
        if not (os.path.isfile(tool) and os.access(tool, os.X_OK)):
            print(f"e2e: not an executable: {tool}", file=sys.stderr)
            return 1
    tmp = Path(tempfile.mkdtemp(prefix="targetwatch-e2e-"))
    try:
        return E2E(args, tmp).run()
    finally:
        if args.keep:
            print(f"e2e: kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
