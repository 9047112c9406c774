#!/usr/bin/env python3
"""Writes config/examples/actuals-2025.csv: invented, plausible actuals for every project of the
bundled example targets, for the demo, the dashboards and the tests. Deterministic (seeded by
project code). Three projects follow a hand-written story (a missed March checkpoint with its
reason, an autumn exam, a facility reporting in 元 and by increments that stops reporting), and
the department-wide indicators are reported too.

Reporting frequencies follow the evaluation's defaults (docs/design.md): spending monthly,
satisfaction surveys once a year, deadlines once when done, everything else quarterly (at each
quarter end), so a demo at any month end shows what a well-run department would: few stale
lines, no false "not reported"."""
import calendar
import csv
import io
import pathlib
import random
import tomllib
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGETS = ROOT / "config" / "targets" / "langfang-justice-2025.toml"
OUT = ROOT / "config" / "examples" / "actuals-2025.csv"
YEAR = 2025
# A project between checkpoints that lags its plan without having missed one (its first
# checkpoint is in October): what the lag warning, rather than the checkpoint alert, is for.
PACE = {"13100024P00044010001R": 0.5}
STORY = {"13100025P00041210001X", "13100025P00010810004C", "13100025P00011610003L"}

rows = []


def add(project, indicator, value, as_of, mode="", unit="", note="", cause="", likelihood="",
        forecast="", measure="", department=""):
    rows.append([department, project, indicator, value, as_of, mode, unit, note, cause,
                 likelihood, forecast, measure])


def month_end(m):
    return f"{YEAR}-{m:02d}-{calendar.monthrange(YEAR, m)[1]:02d}"


def fmt(v):
    return f"{v:.2f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)


def planned_share(plan, m):
    """Planned cumulative share at the end of month m (piecewise linear by month)."""
    points = [(0, 0.0)] + [(int(c["by"].month), float(c["share"])) for c in plan]
    if points[-1][1] < 1.0:
        points.append((12, 1.0))
    for (m0, s0), (m1, s1) in zip(points, points[1:]):
        if m0 <= m <= m1:
            return s0 + (s1 - s0) * (m - m0) / max(1, m1 - m0)
    return 1.0


def story():
    p1 = "13100025P00041210001X"  # 68 万元, plan 30/60/90: misses March, catches up.
    spend = [3.2, 8.1, 17.5, 24.0, 31.6, 41.2, 46.0, 50.3, 55.8, 61.9, 64.5, 67.6]
    for m, v in enumerate(spend, 1):
        extra = {}
        if m == 3:
            extra = dict(note="一季度办案补贴集中在4月初结算", cause="制度保障", likelihood="确定能",
                         measure="4月10日前完成一季度补贴结算")
        add(p1, "spending", f"{v:.2f}", month_end(m), **extra)
    for m, v in enumerate([22, 51, 80, 108, 139, 171, 200, 231, 262, 296, 325, 358], 1):
        add(p1, "quantity-1", v, month_end(m))
    for q, m in enumerate((3, 6, 9, 12)):
        add(p1, "quality-1", 100, month_end(m))
        add(p1, "timeliness-1", 1, month_end(m))
        add(p1, "cost-1", [1850, 1920, 1960, 1985][q], month_end(m), unit="元")
        add(p1, "social-1", 1, month_end(m))
        add(p1, "sustainability-1", 1, month_end(m))
    # A yearly survey, done mid-year and repeated at year end.
    add(p1, "satisfaction-1", 96.5, "2025-06-30")
    add(p1, "satisfaction-1", 97.2, "2025-12-31")

    p2 = "13100025P00010810004C"  # 39 万元, plan 5% Jun / 20% Oct / 100% Dec: the exam is in autumn.
    for as_of, v in [("2025-04-30", 0.8), ("2025-06-30", 2.1), ("2025-08-31", 4.0),
                     ("2025-09-30", 6.5), ("2025-10-31", 8.4), ("2025-11-30", 30.2),
                     ("2025-12-31", 38.6)]:
        add(p2, "spending", f"{v:.2f}", as_of)
    add(p2, "quantity-1", 1086, "2025-09-21", note="客观题考试报名人数")
    # The accident rate and the timeliness are confirmed every quarter, the exam in October.
    for m in (3, 6, 9):
        add(p2, "quality-1", 0, month_end(m))
        add(p2, "timeliness-1", 1, month_end(m))
    add(p2, "quality-1", 0, "2025-10-19")
    add(p2, "timeliness-1", 1, "2025-12-31")
    add(p2, "cost-1", 38.6, "2025-12-31", unit="万元")
    add(p2, "satisfaction-1", 98.6, "2025-12-31")

    p3 = "13100025P00011610003L"  # 21.54 万元, reported in 元, partly by increments; stops in August.
    add(p3, "spending", "48000", "2025-01-31", unit="元")
    for m, inc in [(2, 4100), (3, 5200), (4, 4700), (5, 6100), (6, 5400)]:
        add(p3, "spending", str(inc), month_end(m), mode="increment", unit="元")
    add(p3, "spending", "131500", "2025-07-31", unit="元")
    add(p3, "spending", "150200", "2025-08-31", unit="元")
    for ind, v, d in [("quantity-1", 330, "2025-03-31"), ("quantity-2", 10, "2025-03-31"),
                      ("quantity-3", 16000, "2025-03-31"), ("quantity-4", 150, "2025-05-31"),
                      ("quantity-4", 243, "2025-08-31"), ("quality-1", 100, "2025-06-30"),
                      ("quality-2", 100, "2025-06-30"), ("quality-3", 90.5, "2025-06-30"),
                      ("timeliness-1", 3, "2025-06-30"), ("timeliness-2", 1, "2025-06-30"),
                      ("cost-1", 15.5, "2025-06-30"), ("cost-2", 21, "2025-06-30"),
                      ("cost-3", 2.85, "2025-06-30"), ("cost-4", 5.4, "2025-06-30"),
                      ("satisfaction-1", 96, "2025-06-30")]:
        extra = {}
        if ind == "quality-3":
            extra = dict(note="二季度停水检修两次", cause="硬件保障", likelihood="有可能",
                         forecast="93", measure="更换老化供水管线")
        if ind == "timeliness-1":
            extra = dict(note="服务器备件到货延迟", cause="经费保障", likelihood="有可能",
                         measure="与运维单位约定备件库存")
        add(p3, ind, v, d, **extra)


def generated(project):
    """A year of monthly spending and quarterly indicator reports for one project."""
    code = project["code"]
    rnd = random.Random(zlib.crc32(code.encode()))
    budget = float(project["budget"])
    plan = project.get("spending_plan", [])
    # Most projects keep close to plan; some run ahead, some lag behind.
    pace = PACE.get(code, rnd.choice([0.55, 0.8, 0.95, 1.0, 1.0, 1.03, 1.1]))
    for m in range(1, 13):
        share = min(1.0, planned_share(plan, m) * pace * rnd.uniform(0.97, 1.03))
        if m == 12:
            share = min(1.0, max(share, rnd.uniform(0.93, 1.0)))
        extra = {}
        if m == 6 and pace < 0.7:
            extra = dict(note="采购合同签订延后，资金尚未支付", cause="制度保障",
                         likelihood="有可能", measure="加快履行政府采购手续")
        add(code, "spending", f"{budget * share:.2f}", month_end(m), **extra)
    for ind in project.get("indicator", []):
        comparator, target = ind["comparator"], ind.get("target")
        satisfaction = "满意" in ind.get("level1", "") + ind.get("level2", "")
        for m in (3, 6, 9, 12):
            as_of = month_end(m)
            if satisfaction:
                # Surveyed once a year (the default frequency of satisfaction), in June.
                if m == 6 and target is not None:
                    add(code, ind["id"], fmt(round(target * rnd.uniform(1.0, 1.03), 1)), as_of)
                elif m == 6 and comparator == "qualitative":
                    add(code, ind["id"], 1, as_of)
            elif comparator == "qualitative":
                add(code, ind["id"], 1, as_of)
            elif comparator == "deadline":
                if m == 6:
                    add(code, ind["id"], 1, f"{YEAR}-06-15")
            elif target is None:
                continue
            elif comparator in (">=", ">") and ind["id"].startswith("quantity") \
                    and ind.get("unit") not in ("%",):
                value = target * m / 12 * rnd.uniform(0.9, 1.1) * (1.0 if pace > 0.7 else 0.8)
                add(code, ind["id"], fmt(round(value, 0 if target >= 10 else 2)), as_of)
            elif comparator in (">=", ">"):
                add(code, ind["id"], fmt(round(target * rnd.uniform(1.0, 1.03), 1)), as_of)
            elif comparator in ("<=", "<"):
                add(code, ind["id"], fmt(round(target * rnd.uniform(0.8, 0.99), 2)), as_of)
            else:  # "=": reported as planned
                add(code, ind["id"], fmt(target), as_of)


def department_wide():
    """The department-wide table (部门整体支出绩效指标): quarterly, surveys yearly."""
    def dept(ind, v, d, **extra):
        add("", ind, v, d, department="375", **extra)

    rnd = random.Random(375)
    dept("quantity-1", 1, "2025-05-20", note="5月20日组织全市普法考试")  # met: settled
    dept("quantity-5", 1, "2025-04-30", note="4月完成年度人员培训")
    dept("quantity-6", 1, "2025-03-15", note="3月宪法宣传周活动")
    for q, m in enumerate((3, 6, 9, 12), 1):
        d = month_end(m)
        dept("quantity-2", 100, d)
        dept("quantity-3", int(20000 * m / 12 * rnd.uniform(1.0, 1.05)), d)
        dept("quantity-4", fmt(round(rnd.uniform(95.5, 98.5), 1)), d)
        if m >= 6:
            dept("quantity-5", 1, d)
        dept("quantity-6", 1, d)
        dept("quality-1", 100, d)
        dept("quality-2", fmt(round(rnd.uniform(91, 96), 1)), d)
        dept("quality-3", 100, d)
        dept("quality-4", 0, d)
        dept("timeliness-1", 1, d)
        dept("timeliness-2", 1, d)
        dept("cost-1", fmt(round(rnd.uniform(90, 99), 1)), d)
        dept("cost-2", fmt(round(rnd.uniform(88, 98), 1)), d)
        dept("cost-3", 300, d)
        dept("cost-4", fmt(round(rnd.uniform(3.4, 3.9), 2)), d)
        dept("social-1", fmt(round(rnd.uniform(0.08, 0.18), 2)), d)
        dept("social-2", 1, d)
        dept("social-3", fmt(round(rnd.uniform(95.2, 97.5), 1)), d)
        if q == 2:
            dept("social-4", 0.5, d, note="二季度所内发生一起冲突事件", cause="人员保障",
                 likelihood="有可能", measure="增配夜班值守人员")
        else:
            dept("social-4", 1, d)
    # Surveys: once a year each (their default frequency).
    dept("satisfaction-1", 96.1, "2025-06-30")
    dept("satisfaction-3", 97.0, "2025-07-31")
    dept("satisfaction-2", 98.4, "2025-10-31", note="法律职业资格考试考生问卷")


def main():
    targets = tomllib.loads(TARGETS.read_text(encoding="utf-8"))
    story()
    for project in targets["project"]:
        if project["code"] not in STORY:
            generated(project)
    department_wide()
    out = io.StringIO()
    out.write("# SAMPLE DATA for the bundled example (config/targets/langfang-justice-2025.toml):\n")
    out.write("# invented figures for the demo and the tests, not published figures. Money in 万元\n")
    out.write("# unless `unit` says 元. Made by scripts/make-sample-actuals.py.\n")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["department", "project", "indicator", "value", "as_of", "mode", "unit", "note",
                "cause", "likelihood", "forecast", "measure"])
    w.writerows(rows)
    OUT.write_text(out.getvalue(), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} records")


if __name__ == "__main__":
    main()
