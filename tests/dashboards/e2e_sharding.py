#!/usr/bin/env python3
"""End-to-end test of dashboards/prometheus/sharding/prometheus-shard.yml with two real Prometheus
servers.

    e2e_sharding.py [--prometheus prometheus] [--timeout 120] [--keep]

1. starts a stand-in for targetwatchd on a free loopback port: `/metrics?department=CODE`
   serves a few series of that department, `/metrics?health=only` the health families (what
   targetwatchd serves for a shard; the daemon's own rendering is tested in tests/metrics);
2. starts two Prometheus servers from the example config, rewritten only where a deployment
   rewrites it (the daemon's address, shard K of 2, a 1s interval);
3. checks that each server holds exactly the departments whose hashmod (md5, as Prometheus
   computes it) selects its shard, that together they hold every department's series exactly
   once, that both scrape the health target, and that the alert rules evaluate without error.
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import json
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import e2e_prometheus as e2e  # noqa: E402
import yaml  # noqa: E402  (Debian package python3-yaml; checked by check_dashboards)

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "dashboards" / "prometheus" / "sharding" / "prometheus-shard.yml"
RULES = REPO / "dashboards" / "prometheus" / "rules" / "targetwatch.rules.yml"
SHARDS = 2


def departments_of(config) -> list[str]:
    job = next(j for j in config["scrape_configs"] if j["job_name"] == "targetwatch_departments")
    return [t for group in job["static_configs"] for t in group["targets"]]


def shard_of(code: str, modulus: int) -> int:
    """Prometheus's hashmod: the md5 of the value, its last 8 bytes big-endian, modulo."""
    return int.from_bytes(hashlib.md5(code.encode()).digest()[8:], "big") % modulus


def exposition(department: str) -> str:
    return (
        "# HELP targetwatch_department_info Department of a targets file (1).\n"
        "# TYPE targetwatch_department_info gauge\n"
        f'targetwatch_department_info{{department="{department}",department_name="部门{department}",'
        'fiscal_year="2025"} 1\n'
        "# HELP targetwatch_project_spent_ratio Spent share of the budget.\n"
        "# TYPE targetwatch_project_spent_ratio gauge\n"
        f'targetwatch_project_spent_ratio{{department="{department}",project="{department}-P1"}} 0.5\n'
        f'targetwatch_project_spent_ratio{{department="{department}",project="{department}-P2"}} 0.25\n')


HEALTH = ("# HELP targetwatch_build_info Version of targetwatchd (1).\n"
          "# TYPE targetwatch_build_info gauge\n"
          'targetwatch_build_info{version="stand-in"} 1\n')


def serve(departments):
    """The stand-in daemon: returns (server, "127.0.0.1:port")."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            body = None
            if url.path == "/metrics" and query.get("health") == ["only"]:
                body = HEALTH
            elif url.path == "/metrics" and query.get("department"):
                codes = query["department"]
                if all(c in departments for c in codes):
                    body = "".join(exposition(c) for c in codes)
            if body is None:
                self.send_error(404)
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"127.0.0.1:{server.server_address[1]}"


def shard_config(text: str, shard: int, daemon: str, rules: Path) -> str:
    """The example as the server of shard `shard` gets it: only the documented edits."""
    edits = [
        (r"scrape_interval: 30s", "scrape_interval: 1s"),
        (r"evaluation_interval: 30s", "evaluation_interval: 1s"),
        (r"shard: '0'", f"shard: '{shard}'"),
        (r"modulus: 2", f"modulus: {SHARDS}"),
        (r"regex: '0'", f"regex: '{shard}'"),
        (r"127\.0\.0\.1:9464", daemon),
        (r"- \.\./rules/targetwatch\.rules\.yml", f"- {rules}"),
        (r"- targets: \['127\.0\.0\.1:9093'\]", "- targets: []"),
    ]
    for pattern, replacement in edits:
        text, n = re.subn(pattern, replacement, text)
        if n == 0:
            raise e2e.Failure(f"{CONFIG.name}: expected to find {pattern!r}")
    return text


class Shard:
    def __init__(self, procs, tmp: Path, k: int, config_text: str):
        self.port = e2e.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cfg = tmp / f"shard-{k}.yml"
        cfg.write_text(config_text, encoding="utf-8")
        procs.start(f"prometheus-{k}", [
            ARGS.prometheus, f"--config.file={cfg}", f"--storage.tsdb.path={tmp / f'tsdb-{k}'}",
            f"--web.listen-address=127.0.0.1:{self.port}", "--log.level=warn"])

    def query(self, expr):
        code, body = e2e.http("POST", self.url + "/api/v1/query",
                              urllib.parse.urlencode({"query": expr}).encode(),
                              {"Content-Type": "application/x-www-form-urlencoded"})
        data = json.loads(body)
        if code != 200 or data.get("status") != "success":
            raise e2e.Failure(f"query failed on {self.url} ({code}): {data.get('error')}\n  {expr}")
        return data["data"]["result"]


def run(tmp: Path) -> None:
    text = CONFIG.read_text(encoding="utf-8")
    departments = departments_of(yaml.safe_load(text))
    expected = {k: {d for d in departments if shard_of(d, SHARDS) == k} for k in range(SHARDS)}
    server, daemon = serve(set(departments))
    rules_dir = tmp / "rules"
    rules_dir.mkdir()
    shutil.copy(RULES, rules_dir / RULES.name)
    procs = e2e.Procs(tmp)
    try:
        shards = [Shard(procs, tmp, k, shard_config(text, k, daemon, rules_dir / RULES.name))
                  for k in range(SHARDS)]
        up_targets = len(departments) + SHARDS  # department targets + one health target each

        def all_up():
            procs.check_alive()
            n = sum(len(s.query("up == 1")) for s in shards)
            return n == up_targets, n
        e2e.poll(f"{up_targets} targets up", all_up, ARGS.timeout)

        seen: dict[tuple, int] = {}
        for k, s in enumerate(shards):
            got = {r["metric"]["department"]
                   for r in s.query("targetwatch_department_info")}
            if got != expected[k]:
                raise e2e.Failure(f"shard {k} holds departments {sorted(got)}, "
                                  f"expected {sorted(expected[k])}")
            for r in s.query('{__name__=~"targetwatch_(department|project)_.*"}'):
                m = r["metric"]
                key = (m["__name__"], m["department"], m.get("project", ""))
                seen[key] = seen.get(key, 0) + 1
                if "exported_department" in m:
                    raise e2e.Failure(f"a target label clashed with the series' own: {m}")
            if len(s.query('targetwatch_build_info{job="targetwatch"}')) != 1:
                raise e2e.Failure(f"shard {k} does not scrape the health target")
        twice = [k for k, n in seen.items() if n != 1]
        if twice:
            raise e2e.Failure(f"series held by more than one shard: {twice[:5]}")
        if len(seen) != 3 * len(departments):
            raise e2e.Failure(f"{len(seen)} series in all shards, expected {3 * len(departments)}")

        def rules_healthy():
            procs.check_alive()
            bad = []
            for s in shards:
                code, body = e2e.http("GET", s.url + "/api/v1/rules")
                for g in json.loads(body)["data"]["groups"]:
                    for r in g["rules"]:
                        if r.get("health") != "ok":
                            bad.append((s.url, r["name"], r.get("health"), r.get("lastError")))
            return not bad, bad
        e2e.poll("every rule evaluated without error on both shards", rules_healthy, ARGS.timeout)
        print(f"sharding: {len(departments)} departments over {SHARDS} shards "
              f"({', '.join(f'{k}: {sorted(v)}' for k, v in expected.items())}), "
              f"{len(seen)} series, each exactly once")
    finally:
        procs.stop()
        server.shutdown()


def main(argv=None) -> int:
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prometheus", default="prometheus")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ARGS = ap.parse_args(argv)
    if not shutil.which(ARGS.prometheus):
        print(f"sharding: not an executable: {ARGS.prometheus}", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="targetwatch-sharding-"))
    try:
        run(tmp)
        return 0
    except e2e.Failure as e:
        print(f"sharding: FAILED: {e}", file=sys.stderr)
        for log in sorted(tmp.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}", file=sys.stderr)
        return 1
    finally:
        if ARGS.keep:
            print(f"sharding: kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


ARGS = argparse.Namespace()

if __name__ == "__main__":
    sys.exit(main())
