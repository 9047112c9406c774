#!/usr/bin/env python3
"""End-to-end test of dashboards/prometheus/sharding/prometheus-shard.yml with two real Prometheus
servers scraping the real targetwatchd.

    e2e_sharding.py --targetwatchd BIN [--prometheus prometheus] [--promtool promtool]
                    [--timeout 120] [--keep]

1. starts targetwatchd on a port it picks (listen 127.0.0.1:0, --port-file) with a temporary
   store and one targets file for each department the example config lists (made from
   tests/fixtures/integration/targets/900-water.toml), and posts figures for every department;
2. starts two Prometheus servers from the example config, rewritten only where a deployment
   rewrites it (the daemon's address, shard K of 2, a 1s interval), each checked by promtool;
3. checks that each server holds exactly the departments whose hashmod (md5, as Prometheus
   computes it) selects its shard, that together they hold every department series of the
   daemon's unsharded /metrics exactly once (nothing missing, nothing twice, nothing extra),
   that both scrape the health target, and that the alert rules evaluate without error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import e2e_prometheus as e2e  # noqa: E402
import yaml  # noqa: E402  (Debian package python3-yaml; checked by check_dashboards)
from targetwatch_testing import Daemon  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "integration" / "targets" / "900-water.toml"
TODAY = "2025-06-30"
WRITER = "sharding-writer-secret"
CONFIG = REPO / "dashboards" / "prometheus" / "sharding" / "prometheus-shard.yml"
RULES = REPO / "dashboards" / "prometheus" / "rules" / "targetwatch.rules.yml"
SHARDS = 2


def departments_of(config) -> list[str]:
    job = next(j for j in config["scrape_configs"] if j["job_name"] == "targetwatch_departments")
    return [t for group in job["static_configs"] for t in group["targets"]]


def shard_of(code: str, modulus: int) -> int:
    """Prometheus's hashmod: the md5 of the value, its last 8 bytes big-endian, modulo."""
    return int.from_bytes(hashlib.md5(code.encode()).digest()[8:], "big") % modulus


def department_targets(fixture: Path, code: str) -> str:
    """The fixture's targets file as department `code`'s (its own codes and names)."""
    text = fixture.read_text(encoding="utf-8")
    for old, new in (('code = "900"', f'code = "{code}"'), ("P900-", f"P{code}-"),
                     ("测试水务局", f"测试局{code}")):
        if old not in text:
            raise e2e.Failure(f"{fixture.name}: expected to find {old!r}")
        text = text.replace(old, new)
    return text


def figures(code: str) -> list[dict]:
    """A few figures of each department, so that its series carry actuals too."""
    return [
        {"department": code, "project": f"P{code}-1", "indicator": "spending",
         "value": 10 + int(code) % 7, "as_of": "2025-05-31"},
        {"department": code, "project": f"P{code}-1", "indicator": "quantity-1",
         "value": 100 + int(code) % 11, "as_of": "2025-06-15"},
    ]


def series_key(name: str, labels: dict) -> tuple:
    """A series as the daemon exposes it (Prometheus adds job and instance, and drops labels
    whose value is empty: project="" on a department's own indicators)."""
    return (name,) + tuple(sorted((k, v) for k, v in labels.items()
                                  if v and k not in ("job", "instance", "__name__")))


def start_daemon(tmp: Path, departments: list[str]):
    """targetwatchd with one targets file per department; returns (daemon, "127.0.0.1:port")."""
    workdir = tmp / "daemon"
    targets = tmp / "targets"
    targets.mkdir()
    for code in departments:
        (targets / f"{code}.toml").write_text(department_targets(FIXTURE, code),
                                              encoding="utf-8")
    workdir.mkdir()
    daemon = Daemon(str(workdir), ARGS.targetwatchd, str(targets), TODAY,
                    {"writer": (WRITER, ["*"], False)})
    daemon.start()
    batch = [f for code in departments for f in figures(code)]
    status, body, _ = daemon.post(json.dumps({"actuals": batch}, ensure_ascii=False),
                                  token=WRITER)
    if status != 200:
        raise e2e.Failure(f"posting the figures: {status} {body}")
    return daemon, f"127.0.0.1:{daemon.port}"


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
    def __init__(self, procs, tmp: Path, k: int, cfg: Path):
        self.port = e2e.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
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
    if any(not v for v in expected.values()):
        raise e2e.Failure(f"the example's departments leave a shard empty: {expected}")
    daemon, address = start_daemon(tmp, departments)
    rules_dir = tmp / "rules"
    rules_dir.mkdir()
    shutil.copy(RULES, rules_dir / RULES.name)
    procs = e2e.Procs(tmp)
    try:
        # What the shards must hold between them: the daemon's unsharded exposition without the
        # health families (those are the health target's, scraped by every shard).
        health_text = daemon.get("/metrics?health=only")[1]
        health = {name for name, _, _ in e2e.parse_exposition(health_text)}
        status, everything, _ = daemon.get("/metrics")
        if status != 200:
            raise e2e.Failure(f"/metrics answered {status}")
        wanted = {series_key(name, labels) for name, labels, _ in e2e.parse_exposition(everything)
                  if name not in health}
        wanted_departments = {dict(k[1:]).get("department") for k in wanted}
        if wanted_departments != set(departments):
            raise e2e.Failure(f"the daemon exports departments {sorted(wanted_departments)}, "
                              f"expected {departments}")

        configs = []
        for k in range(SHARDS):
            cfg = tmp / f"shard-{k}.yml"
            cfg.write_text(shard_config(text, k, address, rules_dir / RULES.name),
                           encoding="utf-8")
            configs.append(cfg)
            if ARGS.promtool:
                check = subprocess.run([ARGS.promtool, "check", "config", str(cfg)],
                                       capture_output=True, text=True, timeout=60)
                if check.returncode != 0:
                    raise e2e.Failure(f"promtool check config {cfg.name}:\n{check.stdout}"
                                      f"{check.stderr}")
        shards = [Shard(procs, tmp, k, configs[k]) for k in range(SHARDS)]
        up_targets = len(departments) + SHARDS  # department targets + one health target each

        def all_up():
            procs.check_alive()
            n = sum(len(s.query("up == 1")) for s in shards)
            return n == up_targets, n
        e2e.poll(f"{up_targets} targets up", all_up, ARGS.timeout)

        def scraped():
            procs.check_alive()
            held = [[series_key(r["metric"]["__name__"], r["metric"]) for r in s.query(
                '{__name__=~"targetwatch_.+",job="targetwatch_departments"}')] for s in shards]
            return sum(len(h) for h in held) >= len(wanted), held
        held = e2e.poll(f"{len(wanted)} department series scraped", scraped, ARGS.timeout)

        seen: dict[tuple, int] = {}
        for k, s in enumerate(shards):
            got = {dict(key[1:])["department"] for key in held[k]}
            if got != expected[k]:
                raise e2e.Failure(f"shard {k} holds departments {sorted(got)}, "
                                  f"expected {sorted(expected[k])}")
            for key in held[k]:
                seen[key] = seen.get(key, 0) + 1
                if "exported_department" in dict(key[1:]):
                    raise e2e.Failure(f"a target label clashed with the series' own: {key}")
            if len(s.query('targetwatch_build_info{job="targetwatch"}')) != 1:
                raise e2e.Failure(f"shard {k} does not scrape the health target")
        twice = [k for k, n in seen.items() if n != 1]
        if twice:
            raise e2e.Failure(f"{len(twice)} series held by more than one shard: {twice[:3]}")
        missing = wanted - set(seen)
        extra = set(seen) - wanted
        if missing or extra:
            raise e2e.Failure(f"{len(missing)} series of the daemon in no shard "
                              f"{sorted(missing)[:3]}; {len(extra)} in a shard but not in the "
                              f"daemon's /metrics {sorted(extra)[:3]}")

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
        print(f"sharding: targetwatchd on {address}, {len(departments)} departments over "
              f"{SHARDS} shards ({', '.join(f'{k}: {sorted(v)}' for k, v in expected.items())}), "
              f"{len(wanted)} department series, each in exactly one shard "
              f"({', '.join(str(len(h)) for h in held)})")
    finally:
        procs.stop()
        daemon.stop()


def main(argv=None) -> int:
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--targetwatchd", required=True)
    ap.add_argument("--prometheus", default="prometheus")
    ap.add_argument("--promtool", help="also check each shard's rewritten config")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ARGS = ap.parse_args(argv)
    if not shutil.which(ARGS.prometheus):
        print(f"sharding: not an executable: {ARGS.prometheus}", file=sys.stderr)
        return 2
    if ARGS.promtool and not shutil.which(ARGS.promtool):
        print(f"sharding: not an executable: {ARGS.promtool}", file=sys.stderr)
        return 2
    ARGS.targetwatchd = str(Path(ARGS.targetwatchd).resolve())
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
