#!/usr/bin/env python3
"""Tests of check_dashboards.py itself: the real files pass, and each kind of mistake the
checker exists for is reported (on a copy of the repository's dashboards/ tree)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import unittest
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_dashboards as cd  # noqa: E402

REPO = Path(os.environ.get("TARGETWATCH_SOURCE_DIR", Path(__file__).resolve().parents[2]))
PROMTOOL = shutil.which("promtool")


class CopyTree(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        shutil.copytree(REPO / "dashboards", self.root / "dashboards")
        shutil.copyfile(REPO / "README.md", self.root / "README.md")  # the runbooks
        self.grafana = self.root / "dashboards" / "grafana"

    def tearDown(self):
        self.tmp.cleanup()

    def dash(self, name="targetwatch-overview.json"):
        return json.loads((self.grafana / name).read_text(encoding="utf-8"))

    def save(self, d, name="targetwatch-overview.json"):
        (self.grafana / name).write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")

    def first_query_panel(self, d):
        return next(p for p in cd.iter_panels(d["panels"]) if p.get("targets"))

    def dashboard_errors(self):
        return cd.check_all_dashboards(self.root)

    def assertReported(self, errors, pattern):
        self.assertTrue(any(re.search(pattern, e) for e in errors),
                        f"no error matching {pattern!r} in {errors}")


class RealFiles(CopyTree):
    def test_repository_files_pass(self):
        self.assertEqual(cd.check_all_dashboards(REPO), [])
        self.assertEqual(cd.check_rules(REPO), [])

    def test_every_panel_expression_is_extracted(self):
        exprs = list(cd.iter_exprs(REPO))
        panel_targets = sum(len(p.get("targets") or []) for _, d, _ in cd.load_dashboards(REPO)
                            for p in cd.iter_panels(d["panels"]))
        self.assertEqual(sum(1 for e in exprs if e["source"] == "panel"), panel_targets)
        alerts = {e["name"] for e in exprs if e["source"] == "rule" and e["kind"] == "alert"}
        self.assertTrue(set(cd.REQUIRED_ALERTS) <= alerts)
        variables = {(e["dashboard"], e["name"]) for e in exprs if e["source"] == "variable"}
        self.assertIn(("targetwatch-project", "project"), variables)
        self.assertTrue(all(e["expr"].strip() for e in exprs))

    def test_print_exprs_is_json(self):
        import io
        from contextlib import redirect_stdout
        buf = io.StringIO()
        with redirect_stdout(buf):
            self.assertEqual(cd.main(["--root", str(REPO), "--print-exprs"]), 0)
        data = json.loads(buf.getvalue())
        self.assertGreater(len(data), 50)


class DashboardMistakes(CopyTree):
    def test_hard_coded_datasource_uid(self):
        d = self.dash()
        p = self.first_query_panel(d)
        p["targets"][0]["datasource"] = {"type": "prometheus", "uid": "P1809F7CD0C75ACF3"}
        self.save(d)
        self.assertReported(self.dashboard_errors(), r"datasource.*not the \$\{datasource\}")

    def test_uid_anywhere_else(self):
        d = self.dash()
        d["links"].append({"type": "link", "url": "/d/x", "uid": "abc"})
        self.save(d)
        self.assertReported(self.dashboard_errors(), r"hard-coded uid")

    def test_mixed_datasource(self):
        d = self.dash()
        p = self.first_query_panel(d)
        p["datasource"] = {"type": "datasource", "uid": "-- Mixed --"}
        self.save(d)
        self.assertReported(self.dashboard_errors(), r"forbidden datasource '-- Mixed --'")

    def test_panel_without_datasource(self):
        d = self.dash()
        del self.first_query_panel(d)["datasource"]
        self.save(d)
        self.assertReported(self.dashboard_errors(), r"panel datasource must be")

    def test_duplicate_panel_id(self):
        d = self.dash()
        ps = [p for p in cd.iter_panels(d["panels"])]
        ps[3]["id"] = ps[2]["id"]
        self.save(d)
        self.assertReported(self.dashboard_errors(), r"duplicate panel ids")

    def test_duplicate_dashboard_uid(self):
        d = self.dash("targetwatch-project.json")
        d["uid"] = self.dash()["uid"]
        self.save(d, "targetwatch-project.json")
        self.assertReported(self.dashboard_errors(), r"uid 'targetwatch-overview' also used")

    def test_missing_datasource_variable(self):
        d = self.dash()
        d["templating"]["list"] = [v for v in d["templating"]["list"] if v["name"] != "datasource"]
        self.save(d)
        self.assertReported(self.dashboard_errors(), r"variable 'datasource'")

    def test_missing_department_variable(self):
        d = self.dash()
        d["templating"]["list"] = [v for v in d["templating"]["list"] if v["name"] != "department"]
        self.save(d)
        errors = self.dashboard_errors()
        self.assertReported(errors, r"missing template variable 'department'")
        self.assertReported(errors, r"undefined variable \$department")

    def test_overlapping_panels(self):
        d = self.dash()
        ps = [p for p in d["panels"] if p["type"] == "stat"]
        ps[1]["gridPos"] = dict(ps[0]["gridPos"])
        self.save(d)
        self.assertReported(self.dashboard_errors(), r"overlap")

    def test_panel_outside_grid(self):
        d = self.dash()
        d["panels"][1]["gridPos"]["x"] = 22
        self.save(d)
        self.assertReported(self.dashboard_errors(), r"outside the 24-column grid")

    def test_unknown_metric(self):
        d = self.dash()
        p = self.first_query_panel(d)
        p["targets"][0]["expr"] = p["targets"][0]["expr"].replace(
            "targetwatch_project_budget_yuan", "targetwatch_project_budget")
        self.save(d)
        self.assertReported(self.dashboard_errors(), r"unknown metrics \['targetwatch_project_budget'\]")

    def test_time_series_without_last_over_time(self):
        d = self.dash("targetwatch-project.json")
        p = next(p for p in d["panels"] if p["type"] == "timeseries")
        p["targets"][0]["expr"] = 'max by (department, project) (targetwatch_project_spent_ratio{project="$project"})'
        self.save(d, "targetwatch-project.json")
        self.assertReported(self.dashboard_errors(), r"last_over_time")

    def test_table_without_merge(self):
        d = self.dash()
        p = next(p for p in d["panels"] if p["type"] == "table" and len(p["targets"]) > 1)
        p["transformations"] = [t for t in p["transformations"] if t["id"] != "merge"]
        self.save(d)
        self.assertReported(self.dashboard_errors(), r"no merge/joinByField")

    def test_sort_by_unknown_column(self):
        d = self.dash()
        p = next(p for p in d["panels"] if p.get("options", {}).get("sortBy"))
        p["options"]["sortBy"][0]["displayName"] = "no such column"
        self.save(d)
        self.assertReported(self.dashboard_errors(), r"sortBy 'no such column'")

    def test_invalid_json(self):
        (self.grafana / "targetwatch-overview.json").write_text("{ not json", encoding="utf-8")
        self.assertReported(self.dashboard_errors(), r"not valid JSON")

    def test_generated_files_out_of_date(self):
        d = self.dash()
        d["title"] = "edited by hand"
        self.save(d)
        self.assertReported(cd.check_generated(self.root), r"differs from generate.py")

    def test_promtool_rejects_broken_expression(self):
        self.assertIsNotNone(PROMTOOL, "promtool is not installed (Debian package prometheus)")
        d = self.dash()
        p = self.first_query_panel(d)
        p["targets"][0]["expr"] = "sum by (department (targetwatch_project_budget_yuan)"
        self.save(d)
        errors = cd.check_promql_syntax(self.root, PROMTOOL)
        self.assertReported(errors, r"promtool rejects")
        self.assertReported(errors, re.escape(p["title"]))


class RuleMistakes(CopyTree):
    rules_path = property(lambda self: self.root / "dashboards/prometheus/rules/targetwatch.rules.yml")

    def edit_rules(self, old, new):
        text = self.rules_path.read_text(encoding="utf-8")
        self.assertIn(old, text)
        self.rules_path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def test_missing_runbook_heading(self):
        readme = self.root / "README.md"
        text = readme.read_text(encoding="utf-8")
        readme.write_text(text.replace("#### Runbook: TargetwatchOverspending", "#### Overspending"),
                          encoding="utf-8")
        self.assertReported(cd.check_rules(self.root), r"TargetwatchOverspending: README.md has no heading for #runbook-targetwatchoverspending")

    def test_merged_readme_must_have_every_runbook(self):
        (self.root / "README.md").write_text("# x\n\n### Runbooks\n\n#### Runbook: TargetwatchDown\n",
                                             encoding="utf-8")
        errors = cd.check_rules(self.root)
        self.assertReported(errors, r"TargetwatchCheckpointMissed: README.md has no heading")
        self.assertFalse(any("TargetwatchDown: README.md" in e for e in errors))

    def test_missing_severity(self):
        self.edit_rules("          severity: critical\n", "          team: finance\n")
        self.assertReported(cd.check_rules(self.root), r"severity label")

    def test_missing_alert(self):
        text = self.rules_path.read_text(encoding="utf-8")
        self.rules_path.write_text(text.replace("alert: TargetwatchReloadFailed", "alert: TargetwatchReloadBroken"),
                                   encoding="utf-8")
        errors = cd.check_rules(self.root)
        self.assertReported(errors, r"missing alert TargetwatchReloadFailed")
        self.assertReported(errors, r"TargetwatchReloadBroken is never tested firing")

    def test_name_not_joined(self):
        self.edit_rules("(targetwatch_project_spent_ratio > 1)\n          * on (department, fiscal_year, project) group_left (department_name, project_name)\n            targetwatch:project_names:info",
                        "(targetwatch_project_spent_ratio > 1)")
        self.assertReported(cd.check_rules(self.root), r"TargetwatchOverspending: annotations use \$labels.project_name but the expr does not join it")

    def test_alert_without_not_firing_test(self):
        tests = self.root / "dashboards/prometheus/tests/health.test.yml"
        text = tests.read_text(encoding="utf-8")
        text = re.sub(r"      - eval_time: \w+\n        alertname: TargetwatchReloadFailed\n        exp_alerts: \[\]\n", "", text)
        tests.write_text(text, encoding="utf-8")
        self.assertReported(cd.check_rules(self.root), r"TargetwatchReloadFailed is never tested not firing")


if __name__ == "__main__":
    unittest.main()
