#!/usr/bin/env python3
"""Static checks of targetwatch's Grafana dashboards and Prometheus rules (Python stdlib plus
Debian's python3-yaml).

    check_dashboards.py [--root DIR] [--promtool PATH] [--check-generated]
        Checks dashboards/grafana/*.json (what Grafana needs to load them and what our
        conventions require) and dashboards/prometheus/rules + tests + runbooks. With --promtool,
        also parses every dashboard expression with `promtool check rules` (as recording rules,
        the template variables replaced by sample values). Exit status 1 on any problem.
    check_dashboards.py [--root DIR] --print-exprs
        Prints every PromQL expression of every panel, template variable and rule as JSON
        (the input of e2e_prometheus.py).

Also importable: e2e_prometheus.py uses load_dashboards(), iter_exprs() and
load_rule_groups().
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

try:
    import yaml  # Debian package python3-yaml
except ImportError:  # pragma: no cover
    print("check_dashboards.py needs python3-yaml (apt-get install python3-yaml)", file=sys.stderr)
    sys.exit(2)

DS_REF = {"type": "prometheus", "uid": "${datasource}"}
FORBIDDEN_DATASOURCES = ("-- Mixed --", "-- Dashboard --", "-- Grafana --")

# The metric contract (docs/design.md), plus what the daemon exports beyond it.
DESIGN_METRICS = {
    "targetwatch_project_info", "targetwatch_project_budget_yuan", "targetwatch_project_spent_yuan",
    "targetwatch_project_spent_ratio", "targetwatch_project_planned_ratio",
    "targetwatch_project_required_ratio", "targetwatch_project_spending_lag_ratio",
    "targetwatch_project_behind_schedule", "targetwatch_project_next_checkpoint_timestamp_seconds",
    "targetwatch_project_next_checkpoint_ratio", "targetwatch_project_required_daily_spend_yuan",
    "targetwatch_project_recent_pace_ratio", "targetwatch_project_projected_year_end_ratio",
    "targetwatch_project_last_spending_report_timestamp_seconds", "targetwatch_project_score",
    "targetwatch_indicator_info", "targetwatch_indicator_target", "targetwatch_indicator_actual",
    "targetwatch_indicator_expected", "targetwatch_indicator_attainment_ratio",
    "targetwatch_indicator_status", "targetwatch_indicator_last_report_timestamp_seconds",
    "targetwatch_build_info", "targetwatch_config_last_reload_success",
    "targetwatch_config_last_reload_timestamp_seconds", "targetwatch_ingest_records_total",
    "targetwatch_ingest_requests_total",
}
# Exported by daemon/metrics beyond design.md's table (department totals and names, 序时进度,
# the warning lamps, store and authentication health).
DAEMON_EXTRA_METRICS = {
    "targetwatch_department_info", "targetwatch_department_elapsed_ratio",
    "targetwatch_department_budget_yuan", "targetwatch_department_spent_yuan",
    "targetwatch_department_score", "targetwatch_project_overspent",
    "targetwatch_project_warning_level", "targetwatch_indicator_warning_level",
    "targetwatch_store_up", "targetwatch_store_errors_total", "targetwatch_auth_failures_total",
    # issue 10: score coverage, stale / no-data counts, spending by fund source
    "targetwatch_department_score_coverage_ratio", "targetwatch_department_projects_score",
    "targetwatch_department_projects_score_coverage_ratio",
    "targetwatch_department_stale_indicators", "targetwatch_department_no_data_indicators",
    "targetwatch_project_score_coverage_ratio", "targetwatch_project_stale_indicators",
    "targetwatch_project_no_data_indicators", "targetwatch_project_spent_by_source_yuan",
    "targetwatch_project_spent_by_source_ratio",
}
KNOWN_METRICS = DESIGN_METRICS | DAEMON_EXTRA_METRICS | {"up"}

REQUIRED_ALERTS = [
    "TargetwatchCheckpointMissed", "TargetwatchSpendingLag", "TargetwatchPaceTooSlow",
    "TargetwatchOverspending", "TargetwatchIndicatorAtRisk", "TargetwatchIndicatorNotMet",
    "TargetwatchActualsStale", "TargetwatchDown", "TargetwatchReloadFailed",
]
SEVERITIES = {"critical", "warning"}

PANEL_TYPES = {"stat", "timeseries", "table", "bargauge", "text", "row", "gauge", "barchart",
               "piechart", "state-timeline", "status-history"}
NO_QUERY_PANELS = {"text", "row"}
INSTANT_PANELS = {"stat", "table", "bargauge", "gauge", "barchart", "piechart"}
RANGE_PANELS = {"timeseries", "state-timeline", "status-history"}

GRAFANA_BUILTIN_VARS = {"__from", "__to", "__interval", "__interval_ms", "__rate_interval",
                        "__range", "__range_s", "__range_ms", "__data", "__url_time_range",
                        "__value", "__field", "__series", "__dashboard", "__org", "__user",
                        "__all_variables", "__timezone", "__name", "__all"}
# Values for the template variables when expressions are parsed offline.
SAMPLE_VARIABLES = {"department": "375", "project": "13100025P00041210001X", "fiscal_year": "2025",
                    "__interval": "1m", "__rate_interval": "1m", "__range": "1d"}

VAR_RE = re.compile(r"\$(?:\{(\w+)(?::[^}]*)?\}|(\w+))")
METRIC_RE = re.compile(r"\b(targetwatch(?::|_)[a-zA-Z0-9_:]+|up)\b(?!\s*\()")


def repo_root(arg: str | None) -> Path:
    if arg:
        return Path(arg).resolve()
    return Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------------------------------
# Loading and walking
# ---------------------------------------------------------------------------------------------

def load_dashboards(root: Path):
    """[(path, dashboard dict or None, error)] for dashboards/grafana/*.json."""
    out = []
    for path in sorted((root / "dashboards" / "grafana").glob("*.json")):
        try:
            out.append((path, json.loads(path.read_text(encoding="utf-8")), None))
        except (OSError, ValueError) as e:
            out.append((path, None, f"{path.name}: not valid JSON: {e}"))
    return out


def iter_panels(panels):
    for p in panels or []:
        yield p
        yield from iter_panels(p.get("panels"))


def variables(dash):
    return {v.get("name"): v for v in dash.get("templating", {}).get("list", [])}


def variable_promql(var) -> str | None:
    """The PromQL inside a query variable (label_values(expr, label) or query_result(expr))."""
    q = var.get("query")
    if isinstance(q, dict):
        q = q.get("query", "")
    if not isinstance(q, str) or var.get("type") != "query":
        return None
    q = q.strip()
    m = re.fullmatch(r"query_result\((.*)\)", q, re.S)
    if m:
        return m.group(1).strip()
    m = re.fullmatch(r"label_values\((.*),\s*(\w+)\s*\)", q, re.S)
    if m:
        return m.group(1).strip()
    m = re.fullmatch(r"label_values\(\s*(\w+)\s*\)", q)
    if m:
        return None  # all series' label values: no expression
    return q


def load_rule_groups(root: Path):
    path = root / "dashboards" / "prometheus" / "rules" / "targetwatch.rules.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]


def iter_exprs(root: Path):
    """Every PromQL expression of the dashboards (targets, query variables, annotations) and of
    the rules, as dicts."""
    for path, dash, _ in load_dashboards(root):
        if dash is None:
            continue
        base = {"file": str(path.relative_to(root)), "dashboard": dash.get("uid"),
                "dashboard_title": dash.get("title")}
        for name, var in variables(dash).items():
            expr = variable_promql(var)
            if expr:
                yield dict(base, source="variable", name=name, kind="instant", expr=expr,
                           regex=var.get("regex", ""), multi=bool(var.get("multi")),
                           include_all=bool(var.get("includeAll")))
        for ann in dash.get("annotations", {}).get("list", []):
            if ann.get("expr"):
                yield dict(base, source="annotation", name=ann.get("name"), kind="range",
                           expr=ann["expr"])
        for p in iter_panels(dash.get("panels")):
            for t in p.get("targets", []) or []:
                if t.get("hide"):
                    continue
                yield dict(base, source="panel", panel_id=p.get("id"), panel_title=p.get("title"),
                           panel_type=p.get("type"), ref=t.get("refId"),
                           kind="instant" if t.get("instant") else "range",
                           expr=t.get("expr", ""))
    for group in load_rule_groups(root):
        for rule in group.get("rules", []):
            yield {"file": "dashboards/prometheus/rules/targetwatch.rules.yml", "source": "rule",
                   "group": group.get("name"),
                   "name": rule.get("alert") or rule.get("record"),
                   "kind": "alert" if "alert" in rule else "record", "expr": rule["expr"],
                   "for": rule.get("for", "0s")}


def substitute(expr: str, values: dict[str, str]) -> str:
    def rep(m):
        name = m.group(1) or m.group(2)
        return values.get(name, m.group(0))
    return VAR_RE.sub(rep, expr)


def referenced_metrics(expr: str):
    # strip string literals first: label values are not metric names
    stripped = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    return set(METRIC_RE.findall(stripped))


# ---------------------------------------------------------------------------------------------
# Dashboard checks
# ---------------------------------------------------------------------------------------------

def walk(node, path="$"):
    if isinstance(node, dict):
        for k, v in node.items():
            yield path, k, v, node
            yield from walk(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, f"{path}[{i}]")


def check_datasources(name, dash, errors):
    for path, key, value, parent in walk(dash):
        if isinstance(value, str) and value in FORBIDDEN_DATASOURCES:
            errors.append(f"{name}: {path}.{key}: forbidden datasource {value!r}")
        if key == "datasource" and value != DS_REF:
            errors.append(f"{name}: {path}.datasource is {json.dumps(value, ensure_ascii=False)}, "
                          f"not the ${{datasource}} variable")
        if key == "uid" and path != "$" and not (parent == DS_REF):
            errors.append(f"{name}: {path}.uid = {value!r}: hard-coded uid (only the dashboard's "
                          f"own uid and ${{datasource}} references are allowed)")
        if isinstance(value, str) and re.search(r"datasource=(?!\$\{?datasource)", value):
            errors.append(f"{name}: {path}.{key}: link names a datasource other than the variable")


def check_grid(name, panels, errors):
    boxes = []
    for p in panels:
        g = p.get("gridPos")
        if not isinstance(g, dict) or not all(isinstance(g.get(k), int) for k in "xywh"):
            errors.append(f"{name}: panel {p.get('id')} {p.get('title')!r}: gridPos missing or not integers")
            continue
        if g["x"] < 0 or g["y"] < 0 or g["w"] <= 0 or g["h"] <= 0 or g["x"] + g["w"] > 24:
            errors.append(f"{name}: panel {p.get('id')} {p.get('title')!r}: gridPos {g} outside the 24-column grid")
        for q, h in boxes:
            if (g["x"] < h["x"] + h["w"] and h["x"] < g["x"] + g["w"]
                    and g["y"] < h["y"] + h["h"] and h["y"] < g["y"] + g["h"]):
                errors.append(f"{name}: panels {q.get('id')} and {p.get('id')} overlap")
        boxes.append((p, g))


def check_dashboard(path: Path, dash: dict) -> list[str]:
    name = path.name
    errors: list[str] = []
    for key in ("uid", "title", "schemaVersion", "panels", "templating", "time"):
        if key not in dash:
            errors.append(f"{name}: missing {key!r}")
    if errors:
        return errors
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", str(dash["uid"])):
        errors.append(f"{name}: uid {dash['uid']!r} is not 1-40 characters of [A-Za-z0-9_-]")
    if not isinstance(dash["schemaVersion"], int) or dash["schemaVersion"] < 36:
        errors.append(f"{name}: schemaVersion {dash['schemaVersion']!r} is older than Grafana 9 (36)")
    if dash.get("id") is not None:
        errors.append(f"{name}: 'id' must be null for provisioning")

    vars_ = variables(dash)
    ds = vars_.get("datasource")
    if not ds or ds.get("type") != "datasource" or ds.get("query") != "prometheus":
        errors.append(f"{name}: needs a template variable 'datasource' of type datasource, query prometheus")
    for vname in ("department",):
        v = vars_.get(vname)
        if not v:
            errors.append(f"{name}: missing template variable {vname!r}")
        elif "targetwatch_project_info" not in json.dumps(v.get("query")):
            errors.append(f"{name}: variable {vname!r} must be filled from targetwatch_project_info")
    for vname, var in vars_.items():
        if var.get("type") == "query":
            expr = variable_promql(var) or ""
            if not expr:
                errors.append(f"{name}: variable {vname!r} has no query")
            regex = var.get("regex", "")
            if regex:
                body = regex[1:regex.rindex("/")] if regex.startswith("/") else regex
                try:
                    re.compile(body.replace("(?<", "(?P<"))
                except re.error as e:
                    errors.append(f"{name}: variable {vname!r}: bad regex {regex!r}: {e}")

    text_blob = json.dumps(dash, ensure_ascii=False)
    for m in VAR_RE.finditer(text_blob):
        vname = m.group(1) or m.group(2)
        if vname not in vars_ and vname not in GRAFANA_BUILTIN_VARS:
            errors.append(f"{name}: references undefined variable ${vname}")
            break
    if "$project" in text_blob and "project" not in vars_:
        errors.append(f"{name}: uses $project without a 'project' variable")

    check_datasources(name, dash, errors)

    panels = list(iter_panels(dash["panels"]))
    ids = [p.get("id") for p in panels]
    for i in ids:
        if not isinstance(i, int) or i <= 0:
            errors.append(f"{name}: panel id {i!r} is not a positive integer")
    dup = sorted({i for i in ids if ids.count(i) > 1 and isinstance(i, int)})
    if dup:
        errors.append(f"{name}: duplicate panel ids {dup}")
    check_grid(name, [p for p in dash["panels"]], errors)

    for p in panels:
        where = f"{name}: panel {p.get('id')} {p.get('title')!r}"
        ptype = p.get("type")
        if ptype not in PANEL_TYPES:
            errors.append(f"{where}: unknown panel type {ptype!r}")
        if not p.get("title") and ptype != "row":
            errors.append(f"{where}: no title")
        targets = p.get("targets") or []
        if ptype in NO_QUERY_PANELS:
            if targets:
                errors.append(f"{where}: a {ptype} panel with queries")
            continue
        if not targets:
            errors.append(f"{where}: no queries")
            continue
        if p.get("datasource") != DS_REF:
            errors.append(f"{where}: panel datasource must be ${{datasource}}")
        refs = [t.get("refId") for t in targets]
        if len(set(refs)) != len(refs) or not all(refs):
            errors.append(f"{where}: refIds missing or not unique: {refs}")
        for t in targets:
            tw = f"{where} {t.get('refId')}"
            if t.get("datasource") != DS_REF:
                errors.append(f"{tw}: query datasource must be ${{datasource}}")
            expr = t.get("expr", "")
            if not expr.strip():
                errors.append(f"{tw}: empty expr")
                continue
            if expr.count("(") != expr.count(")"):
                errors.append(f"{tw}: unbalanced parentheses")
            unknown = referenced_metrics(expr) - KNOWN_METRICS
            if unknown:
                errors.append(f"{tw}: unknown metrics {sorted(unknown)}")
            if ptype in INSTANT_PANELS and not (t.get("instant") and not t.get("range")):
                errors.append(f"{tw}: a {ptype} panel should run instant queries")
            if ptype in RANGE_PANELS:
                if not (t.get("range") and not t.get("instant")):
                    errors.append(f"{tw}: a {ptype} panel should run range queries")
                if "last_over_time(" not in expr:
                    errors.append(f"{tw}: time series must use last_over_time(...[1d]) so that "
                                  "backfilled daily samples show")
            if ptype == "table" and t.get("format") != "table":
                errors.append(f"{tw}: table queries need format 'table'")
        if ptype == "table" and len(targets) > 1:
            ids_ = [x.get("id") for x in p.get("transformations", [])]
            if "merge" not in ids_ and "joinByField" not in ids_:
                errors.append(f"{where}: several queries but no merge/joinByField transformation")
        for o in p.get("fieldConfig", {}).get("overrides", []):
            m = o.get("matcher", {})
            if m.get("id") == "byName":
                mm = re.fullmatch(r"Value #(\w+)", str(m.get("options")))
                if mm and mm.group(1) not in refs:
                    errors.append(f"{where}: override for {m.get('options')!r} but no query {mm.group(1)}")
            if m.get("id") == "byFrameRefID" and m.get("options") not in refs:
                errors.append(f"{where}: override for refId {m.get('options')!r} which does not exist")
        sort_by = p.get("options", {}).get("sortBy") or []
        if sort_by:
            shown = {prop["value"] for o in p.get("fieldConfig", {}).get("overrides", [])
                     for prop in o.get("properties", []) if prop.get("id") == "displayName"}
            for s in sort_by:
                if s.get("displayName") not in shown:
                    errors.append(f"{where}: sortBy {s.get('displayName')!r} is not a column")
    return errors


def check_all_dashboards(root: Path) -> list[str]:
    errors = []
    loaded = load_dashboards(root)
    if len(loaded) < 3:
        errors.append(f"expected the three dashboards in dashboards/grafana, found {len(loaded)}")
    uids, titles = {}, {}
    for path, dash, err in loaded:
        if err:
            errors.append(err)
            continue
        errors += check_dashboard(path, dash)
        for seen, key in ((uids, "uid"), (titles, "title")):
            val = dash.get(key)
            if val in seen:
                errors.append(f"{path.name}: {key} {val!r} also used by {seen[val]}")
            seen[val] = path.name
    return errors


# ---------------------------------------------------------------------------------------------
# Rules, rule tests, runbooks
# ---------------------------------------------------------------------------------------------

def github_anchor(heading: str) -> str:
    """GitHub's heading slug: lower case, punctuation dropped, spaces to dashes."""
    s = heading.strip().lower()
    s = "".join(ch for ch in s if ch in " -_" or unicodedata.category(ch)[0] in "LN")
    return s.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    return {github_anchor(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.*?)\s*#*\s*$", markdown, re.M)}


def check_rules(root: Path) -> list[str]:
    errors = []
    groups = load_rule_groups(root)
    alerts = {}
    for g in groups:
        for r in g.get("rules", []):
            if "alert" in r:
                if r["alert"] in alerts:
                    errors.append(f"rules: alert {r['alert']} defined twice")
                alerts[r["alert"]] = r
            unknown = referenced_metrics(r["expr"]) - KNOWN_METRICS - {
                x.get("record") for gg in groups for x in gg.get("rules", [])}
            if unknown:
                errors.append(f"rules: {r.get('alert') or r.get('record')}: unknown metrics {sorted(unknown)}")
    for a in REQUIRED_ALERTS:
        if a not in alerts:
            errors.append(f"rules: missing alert {a}")

    readme = root / "README.md"
    readme_text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    readme_anchors = anchors(readme_text)

    for name, r in alerts.items():
        labels, ann = r.get("labels", {}), r.get("annotations", {})
        if labels.get("severity") not in SEVERITIES:
            errors.append(f"rules: {name}: severity label must be one of {sorted(SEVERITIES)}")
        for key in ("summary", "description", "runbook_url"):
            if not ann.get(key):
                errors.append(f"rules: {name}: missing annotation {key}")
        url = ann.get("runbook_url", "")
        m = re.fullmatch(r"https://github\.com/[^/]+/[^/]+/blob/[^/]+/README\.md#(runbook-[a-z0-9-]+)", url)
        if not m:
            errors.append(f"rules: {name}: runbook_url {url!r} does not point at README.md#runbook-…")
        else:
            anchor = m.group(1)
            if anchor != "runbook-" + name.lower():
                errors.append(f"rules: {name}: runbook anchor should be runbook-{name.lower()}")
            if anchor not in readme_anchors:
                errors.append(f"rules: {name}: README.md has no heading for #{anchor}")
        text = " ".join(str(v) for v in ann.values())
        for label in ("project_name", "department_name", "name", "level2"):
            if f"$labels.{label}" in text and not re.search(
                    rf"group_left\s*\([^)]*\b{label}\b", r["expr"]):
                errors.append(f"rules: {name}: annotations use $labels.{label} but the expr does not join it")
        if "project_name" in text and labels.get("severity") and "department" not in r["expr"]:
            errors.append(f"rules: {name}: names a project but has no department/project labels")

    # Every alert is unit-tested both firing and not firing.
    fired, quiet = set(), set()
    tests_dir = root / "dashboards" / "prometheus" / "tests"
    for tf in sorted(tests_dir.glob("*.test.yml")):
        doc = yaml.safe_load(tf.read_text(encoding="utf-8"))
        for t in doc.get("tests", []):
            for a in t.get("alert_rule_test", []) or []:
                (fired if a.get("exp_alerts") else quiet).add(a.get("alertname"))
    for name in alerts:
        if name not in fired:
            errors.append(f"rule tests: {name} is never tested firing")
        if name not in quiet:
            errors.append(f"rule tests: {name} is never tested not firing")
    return errors


# ---------------------------------------------------------------------------------------------
# Offline parsing with promtool, generated files
# ---------------------------------------------------------------------------------------------

def check_promql_syntax(root: Path, promtool: str) -> list[str]:
    exprs = [e for e in iter_exprs(root) if e["source"] != "rule"]
    rules = [{"record": f"dashboard_expr_{i}", "expr": substitute(e["expr"], SAMPLE_VARIABLES)}
             for i, e in enumerate(exprs)]
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "dashboard_exprs.yml"
        f.write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]},
                                    allow_unicode=True), encoding="utf-8")
        proc = subprocess.run([promtool, "check", "rules", str(f)], capture_output=True, text=True)
    if proc.returncode != 0:
        out = proc.stdout + proc.stderr
        errs = [f"promtool rejects dashboard expressions:\n{out}"]
        for m in re.finditer(r"dashboard_expr_(\d+)", out):
            e = exprs[int(m.group(1))]
            errs.append(f"  {e['file']} {e.get('panel_title') or e.get('name')} {e.get('ref', '')}: {e['expr']}")
        return errs
    return []


def check_generated(root: Path) -> list[str]:
    gen = root / "dashboards" / "grafana" / "generate.py"
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([sys.executable, str(gen), tmp], capture_output=True, text=True)
        if proc.returncode != 0:
            return [f"generate.py failed: {proc.stderr}"]
        errors = []
        produced = sorted(Path(tmp).glob("*.json"))
        if not produced:
            return ["generate.py produced no dashboards"]
        for f in produced:
            committed = root / "dashboards" / "grafana" / f.name
            if not committed.exists() or committed.read_bytes() != f.read_bytes():
                errors.append(f"dashboards/grafana/{f.name} differs from generate.py's output: "
                              "run `python3 dashboards/grafana/generate.py`")
        return errors


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", help="repository root (default: two levels above this script)")
    ap.add_argument("--print-exprs", action="store_true", help="print all expressions as JSON")
    ap.add_argument("--promtool", help="parse dashboard expressions with this promtool")
    ap.add_argument("--check-generated", action="store_true",
                    help="also require the JSON to equal generate.py's output")
    ap.add_argument("--only", choices=["dashboards", "rules"], help="run one group of checks")
    args = ap.parse_args(argv)
    root = repo_root(args.root)

    if args.print_exprs:
        json.dump(list(iter_exprs(root)), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0

    errors = []
    if args.only in (None, "dashboards"):
        errors += check_all_dashboards(root)
        if args.promtool and not errors:
            errors += check_promql_syntax(root, args.promtool)
        if args.check_generated:
            errors += check_generated(root)
    if args.only in (None, "rules"):
        errors += check_rules(root)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} problem(s)", file=sys.stderr)
        return 1
    n = sum(1 for _ in iter_exprs(root))
    print(f"ok: {len(load_dashboards(root))} dashboards, {n} expressions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
