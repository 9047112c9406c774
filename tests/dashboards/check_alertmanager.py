#!/usr/bin/env python3
"""Checks dashboards/alertmanager with amtool (Debian package prometheus-alertmanager):
the configuration is valid, alerts route to the intended receivers, and the Chinese digest
templates render the alerts of a group.

    check_alertmanager.py [--amtool amtool] [--root DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

# (labels, receivers in routing-tree order)
ROUTES = [
    ({"alertname": "TargetwatchCheckpointMissed", "severity": "critical", "department": "375",
      "project": "13100025P00011610003L"}, "pager,dept-375"),
    ({"alertname": "TargetwatchOverspending", "severity": "critical", "department": "401"}, "pager,finance-office"),
    ({"alertname": "TargetwatchSpendingLag", "severity": "warning", "department": "375"}, "dept-375"),
    ({"alertname": "TargetwatchIndicatorAtRisk", "severity": "warning", "department": "401"}, "finance-office"),
    ({"alertname": "TargetwatchDown", "severity": "critical", "job": "targetwatch"}, "ops"),
    ({"alertname": "TargetwatchReloadFailed", "severity": "warning", "job": "targetwatch",
      "instance": "127.0.0.1:9464"}, "ops"),
]


def alert(labels, annotations, status="firing"):
    return {"status": status, "labels": labels, "annotations": annotations,
            "startsAt": "2025-03-31T01:00:00Z",
            "endsAt": "0001-01-01T00:00:00Z" if status == "firing" else "2025-04-02T01:00:00Z",
            "generatorURL": "http://127.0.0.1:9090/graph", "fingerprint": labels.get("project", "x")}


def digest_data():
    """A digest group as Alertmanager builds it: two firing projects and a resolved one."""
    common = {"alertname": "TargetwatchCheckpointMissed", "severity": "critical",
              "department": "375", "fiscal_year": "2025", "department_name": "廊坊市司法局"}
    a1 = dict(common, project="13100025P00011610003L", project_name="戒毒所专项运转经费")
    a2 = dict(common, project="13100025P000109100042", project_name="公共法律服务工作经费")
    a3 = dict(common, project="13100025P00041210001X", project_name="法律援助工作中央资金（冀财政法〔2024〕50号）")
    ann = lambda name, text: {"summary": f"{name}：未完成支出计划节点", "description": text,
                              "runbook_url": "https://github.com/targetwatch/targetwatch/blob/main/README.md#runbook-targetwatchcheckpointmissed"}
    return {
        "receiver": "dept-375", "status": "firing",
        "alerts": [alert(a1, ann("戒毒所专项运转经费", "累计支出占预算 34.12%，低于已到期支出节点要求的 50%。")),
                   alert(a2, ann("公共法律服务工作经费", "累计支出占预算 20%，低于已到期支出节点要求的 25%。")),
                   alert(a3, ann("法律援助工作中央资金（冀财政法〔2024〕50号）", "已恢复"), status="resolved")],
        "groupLabels": {"alertname": "TargetwatchCheckpointMissed", "department": "375",
                        "fiscal_year": "2025"},
        "commonLabels": common, "commonAnnotations": {},
        "externalURL": "http://127.0.0.1:9093",
    }


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--amtool", default="amtool")
    ap.add_argument("--root", default=str(Path(__file__).resolve().parents[2]))
    args = ap.parse_args(argv)
    am_dir = Path(args.root) / "dashboards" / "alertmanager"
    cfg = am_dir / "alertmanager.yml"
    errors = []

    code, out, err = run([args.amtool, "check-config", str(cfg)])
    if code != 0:
        errors.append(f"amtool check-config failed:\n{out}{err}")
    elif "1 templates" not in out and "templates" not in out:
        errors.append(f"amtool check-config found no templates:\n{out}")

    for labels, receivers in ROUTES:
        cmd = [args.amtool, "config", "routes", "test", f"--config.file={cfg}",
               f"--verify.receivers={receivers}"] + [f"{k}={v}" for k, v in labels.items()]
        code, out, err = run(cmd)
        if code != 0:
            errors.append(f"route {labels} -> expected {receivers}, got {out.strip()} {err.strip()}")

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "digest.json"
        data.write_text(json.dumps(digest_data(), ensure_ascii=False), encoding="utf-8")
        glob = str(am_dir / "templates" / "*.tmpl")
        rendered = {}
        for name, kind in (("targetwatch.subject", "text"), ("targetwatch.text", "text"),
                           ("targetwatch.html", "html")):
            code, out, err = run([args.amtool, "template", "render", f"--template.glob={glob}",
                                  f"--template.text={{{{ template \"{name}\" . }}}}",
                                  f"--template.type={kind}", f"--template.data={data}"])
            if code != 0:
                errors.append(f"rendering {name} failed: {err}")
            rendered[name] = out.strip()
        subject = rendered.get("targetwatch.subject", "")
        want = "[targetwatch 紧急] 廊坊市司法局 2025 年度：未完成支出计划节点（2 项，已恢复 1 项）"
        if subject != want:
            errors.append(f"subject {subject!r}, expected {want!r}")
        text = rendered.get("targetwatch.text", "")
        for needle in ("戒毒所专项运转经费：未完成支出计划节点", "公共法律服务工作经费：未完成支出计划节点",
                       "累计支出占预算 34.12%", "处理指引：https://github.com/targetwatch/targetwatch/blob/main/README.md#runbook-targetwatchcheckpointmissed",
                       "已恢复：\n- 法律援助工作中央资金（冀财政法〔2024〕50号）：未完成支出计划节点"):
            if needle not in text:
                errors.append(f"digest text lacks {needle!r}:\n{text}")
        if text.count("处理指引") != 2:
            errors.append(f"digest text should list exactly the 2 firing alerts:\n{text}")
        html = rendered.get("targetwatch.html", "")
        if html.count("<tr><td>") != 2 or "公共法律服务工作经费" not in html or "charset=\"utf-8\"" not in html:
            errors.append(f"digest html does not list the 2 firing alerts:\n{html}")

    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    if errors:
        return 1
    print(f"ok: alertmanager.yml valid, {len(ROUTES)} routes, templates render")
    return 0


if __name__ == "__main__":
    sys.exit(main())
