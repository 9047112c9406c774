#!/usr/bin/env python3
"""Generates the three targetwatch Grafana dashboards (the *.json files next to this script).

The JSON files are what Grafana provisions; this script is their source, so that the PromQL
fragments (name joins, de-duplication, state-set decoding) are written once and the layout is
computed rather than hand-edited. After changing it, run

    python3 dashboards/grafana/generate.py

and commit both. The ctest `dashboards.check` (check_dashboards.py --check-generated) fails when
they disagree.

Conventions used by every expression (see README.md, "Dashboards and alerts"):
- Chinese names come from the `_info` series by `group_left` joins; every side is first reduced
  with `max by (<key labels>)`, so two Prometheus jobs scraping the same daemon (HA pairs) do not
  break the joins, and tables have exactly one row per project / indicator.
- Time-series panels wrap each series in `last_over_time(...[1d])`: history backfilled with
  `promtool tsdb create-blocks-from openmetrics` has one sample per day and no staleness
  markers, so a plain selector would show it only for 5 minutes after each sample. Their legend
  names are joined from the info series at the end of the range (`@ end()`), so that the
  current names label the whole history.
- Instant panels show the state at the end of the dashboard's time range. The monthly review
  also wraps its selectors in `last_over_time(...[1d])`, because its default range (the previous
  month) ends at a time that may only be covered by backfilled daily samples.
- The lamp column is the daemon's own warning lamp: `targetwatch_project_warning_level{rule}`
  (0 green, 1 yellow, 2 red; one series per rule the department's [warnings] configure), reduced
  to the worst rule with `max by (department, project)`. It is not recomputed here, so the
  dashboards, the alerts and the monthly report show the same lamp. History backfilled with
  `targetwatch export` carries the lamps too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

DS = {"type": "prometheus", "uid": "${datasource}"}
SCHEMA_VERSION = 39
PLUGIN_VERSION = "10.4.0"
TIMEZONE = "Asia/Shanghai"  # see README: month ends align with the daemon's local dates

UID_OVERVIEW = "targetwatch-overview"
UID_PROJECT = "targetwatch-project"
UID_MONTHLY = "targetwatch-monthly-review"

# ---------------------------------------------------------------------------------------------
# PromQL building blocks
# ---------------------------------------------------------------------------------------------

# Every series carries department and fiscal_year (several years of a department side by side).
DKEY = "department, fiscal_year"
PKEY = "department, fiscal_year, project"
IKEY = "department, fiscal_year, project, indicator"
IND_INFO_LABELS = "name, level1, level2, comparator, unit"

# Indicator status codes used by the tables (ordered so that sorting puts problems first).
STATUS_CODES = [
    ("not_met", 1, "未完成", "red"),
    ("at_risk", 2, "有风险", "orange"),
    ("stale", 3, "数据过期", "purple"),
    ("no_data", 4, "无数据", "#8e8e8e"),
    ("pending", 5, "未到期", "blue"),
    ("on_track", 6, "正常", "green"),
    ("met", 7, "已完成", "dark-green"),
]
STATUS_LABELS = {s: (text, color) for s, _, text, color in STATUS_CODES}

# targetwatch_*_warning_level (warning.h: the level is the lamp's numeric value; the two lamps
# without a judgement are negative).
LAMPS = [("2", "红灯", "red"), ("1", "黄灯", "yellow"), ("0", "绿灯", "green"),
         ("-1", "灰灯（未报送）", "#8e8e8e"), ("-2", "数据过期", "purple")]
LAMP_MAPPINGS = [{"type": "value", "options": {
    level: {"text": text_, "color": color, "index": k}
    for k, (level, text_, color) in enumerate(LAMPS)}}]
COVERAGE_THRESHOLDS = [("red", None), ("orange", 0.5), ("yellow", 0.8), ("green", 0.95)]

GRADE_MAPPINGS = [
    {"type": "range", "options": {"from": 90, "to": 1000, "result": {"text": "优", "color": "green", "index": 0}}},
    {"type": "range", "options": {"from": 80, "to": 90, "result": {"text": "良", "color": "yellow", "index": 1}}},
    {"type": "range", "options": {"from": 60, "to": 80, "result": {"text": "中", "color": "orange", "index": 2}}},
    {"type": "range", "options": {"from": -1000, "to": 60, "result": {"text": "差", "color": "red", "index": 3}}},
]

SCORE_THRESHOLDS = [("red", None), ("orange", 60), ("yellow", 80), ("green", 90)]
LAG_THRESHOLDS = [("green", None), ("orange", 0.05), ("red", 0.15)]
# execution rate relative to plan / to 序时进度 (issue 6's time-progress lamp: red < 60, yellow < 80)
RELATIVE_THRESHOLDS = [("red", None), ("orange", 0.6), ("yellow", 0.8), ("green", 0.95)]
PACE_THRESHOLDS = [("red", None), ("orange", 0.8), ("green", 1.0)]


# Money: the metrics are in yuan; the dashboards show 万元 like the published budgets.
WAN = "suffix:万元"
YUAN_PER_DAY = "suffix:元/天"


def wan(expr: str) -> str:
    return f"({expr}) / 10000"


class Q:
    """Selector context: label matchers and whether selectors are wrapped in last_over_time."""

    def __init__(self, matchers: str, window: str | None = None):
        self.matchers = matchers
        self.window = window

    def m(self, metric: str, extra: str = "") -> str:
        parts = [p for p in (self.matchers, extra) if p]
        sel = f"{metric}{{{','.join(parts)}}}"
        return f"last_over_time({sel}[{self.window}])" if self.window else sel

    def p(self, metric: str) -> str:
        """A per-project series, de-duplicated."""
        return f"max by ({PKEY}) ({self.m(metric)})"

    def i(self, metric: str, extra: str = "") -> str:
        """A per-indicator series, de-duplicated."""
        return f"max by ({IKEY}) ({self.m(metric, extra)})"

    # --- derived per-project values --------------------------------------------------------
    def planned_yuan(self) -> str:
        return (f"max by ({PKEY}) ({self.m('targetwatch_project_planned_ratio')}"
                f" * {self.m('targetwatch_project_budget_yuan')})")

    def required_yuan(self) -> str:
        return (f"max by ({PKEY}) ({self.m('targetwatch_project_required_ratio')}"
                f" * {self.m('targetwatch_project_budget_yuan')})")

    def checkpoint_missed(self) -> str:
        """Projects whose spent share is below the share due now (1e-9 of rounding forgiven,
        like the daemon)."""
        return (f"({self.p('targetwatch_project_spent_ratio')}"
                f" < {self.p('targetwatch_project_required_ratio')} - 1e-9)")

    def lamp(self) -> str:
        """The project's warning lamp as the daemon computes it, over its department's rules:
        2 red, 1 yellow, 0 green, -1 grey (no spending reported), -2 stale. `max` is the worst
        rule: grey and stale come from checks common to every rule, so they never mix with a
        green rule."""
        return self.p("targetwatch_project_warning_level")

    def status_code(self, statuses=None) -> str:
        """One series per indicator whose value is the STATUS_CODES code of its status (the
        state set has 1 for the current status and 0 for the others, so max picks it)."""
        terms = []
        for s, code, _, _ in STATUS_CODES:
            if statuses is None or s in statuses:
                sel = self.m("targetwatch_indicator_status", f'status="{s}"')
                terms.append(f"{sel} * {code}")
        return f"max by ({IKEY}) (\n    " + "\n  or ".join(terms) + "\n)"

    # --- name joins --------------------------------------------------------------------------
    def info_window(self, metric: str, at_end: bool = False) -> str:
        if at_end:
            return f"{metric} @ end()"
        return f"last_over_time({metric}[{self.window}])" if self.window else metric

    def with_project_name(self, expr: str, at_end: bool = False) -> str:
        info = self.info_window("targetwatch_project_info", at_end)
        return (f"({expr})\n* on ({PKEY}) group_left (project_name)\n"
                f"  max by ({PKEY}, project_name) ({info})")

    def with_project_name_or_department(self, expr: str) -> str:
        """Like with_project_name, but department-wide indicators (no project label) are named
        （部门整体） instead of being dropped by the join."""
        pinfo = self.info_window("targetwatch_project_info")
        dinfo = self.info_window("targetwatch_department_info")
        return (f"({expr})\n* on ({PKEY}) group_left (project_name)\n"
                f"  (max by ({PKEY}, project_name) ({pinfo})\n"
                f"   or on ({PKEY}) label_replace(max by ({DKEY}) ({dinfo}),"
                f" \"project_name\", \"（部门整体）\", \"\", \"\"))")

    def with_indicator_info(self, expr: str, at_end: bool = False) -> str:
        info = self.info_window(f"targetwatch_indicator_info{{{self.matchers}}}", at_end)
        return (f"({expr})\n* on ({IKEY}) group_left ({IND_INFO_LABELS})\n"
                f"  max by ({IKEY}, {IND_INFO_LABELS}) ({info})")

    def with_department_name(self, expr: str, at_end: bool = False) -> str:
        info = self.info_window("targetwatch_department_info", at_end)
        return (f"({expr})\n* on ({DKEY}) group_left (department_name)\n"
                f"  max by ({DKEY}, department_name) ({info})")


# ---------------------------------------------------------------------------------------------
# Panel building blocks
# ---------------------------------------------------------------------------------------------

def thresholds(steps):
    return {"mode": "absolute", "steps": [{"color": c, "value": v} for c, v in steps]}


def target(ref, expr, *, instant, legend="", fmt=None):
    t = {"datasource": DS, "refId": ref, "expr": expr, "editorMode": "code",
         "instant": instant, "range": not instant, "legendFormat": legend or "__auto"}
    if fmt:
        t["format"] = fmt
    return t


class Layout:
    """Places panels left to right in rows of 24 columns; ids are assigned in order."""

    def __init__(self):
        self.panels = []
        self.x = 0
        self.y = 0
        self.row_h = 0

    def add(self, panel, w, h):
        if self.x + w > 24:
            self.newline()
        panel["id"] = len(self.panels) + 1
        panel["gridPos"] = {"h": h, "w": w, "x": self.x, "y": self.y}
        self.panels.append(panel)
        self.x += w
        self.row_h = max(self.row_h, h)
        return panel

    def newline(self):
        if self.x:
            self.y += self.row_h
        self.x = 0
        self.row_h = 0

    def row(self, title):
        self.newline()
        self.add({"type": "row", "title": title, "collapsed": False, "panels": []}, 24, 1)
        self.newline()


def stat(title, exprs, *, unit="none", decimals=None, steps=None, mappings=None, description="",
         overrides=None, color_mode="value"):
    defaults = {"unit": unit, "color": {"mode": "thresholds"},
                "thresholds": thresholds(steps or [("text", None)]), "mappings": mappings or []}
    if decimals is not None:
        defaults["decimals"] = decimals
    targets = [target(chr(ord("A") + k), e, instant=True, legend=leg)
               for k, (e, leg) in enumerate(exprs)]
    return {"type": "stat", "title": title, "description": description, "datasource": DS,
            "pluginVersion": PLUGIN_VERSION,
            "fieldConfig": {"defaults": defaults, "overrides": overrides or []},
            "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "orientation": "auto", "textMode": "auto", "colorMode": color_mode,
                        "graphMode": "none", "justifyMode": "auto", "wideLayout": True,
                        "showPercentChange": False},
            "targets": targets}


def timeseries(title, exprs, *, unit="percentunit", description="", overrides=None, soft_max=None):
    custom = {"drawStyle": "line", "lineInterpolation": "linear", "lineWidth": 2,
              "fillOpacity": 0, "showPoints": "never", "spanNulls": False,
              "axisPlacement": "auto", "axisSoftMin": 0}
    if soft_max is not None:
        custom["axisSoftMax"] = soft_max
    targets = [target(chr(ord("A") + k), e, instant=False, legend=leg)
               for k, (e, leg) in enumerate(exprs)]
    return {"type": "timeseries", "title": title, "description": description, "datasource": DS,
            "pluginVersion": PLUGIN_VERSION,
            "fieldConfig": {"defaults": {"unit": unit, "custom": custom,
                                         "color": {"mode": "palette-classic"}},
                            "overrides": overrides or []},
            "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                        "tooltip": {"mode": "multi", "sort": "desc"}},
            "targets": targets}


def bargauge(title, expr, legend, *, unit="none", description="", overrides=None, steps=None):
    return {"type": "bargauge", "title": title, "description": description, "datasource": DS,
            "pluginVersion": PLUGIN_VERSION,
            "fieldConfig": {"defaults": {"unit": unit, "min": 0, "color": {"mode": "thresholds"},
                                         "thresholds": thresholds(steps or [("blue", None)])},
                            "overrides": overrides or []},
            "options": {"orientation": "horizontal", "displayMode": "basic", "showUnfilled": True,
                        "valueMode": "color", "namePlacement": "auto", "minVizHeight": 16,
                        "minVizWidth": 8, "maxVizHeight": 300, "sizing": "auto",
                        "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}},
            "targets": [target("A", expr, instant=True, legend=legend)]}


def text(title, content):
    return {"type": "text", "title": title, "options": {"mode": "markdown", "content": content,
                                                        "code": {"language": "plaintext", "showLineNumbers": False, "showMiniMap": False}}}


def by_name(name, props):
    return {"matcher": {"id": "byName", "options": name}, "properties": props}


def prop(pid, value):
    return {"id": pid, "value": value}


class Column:
    """A value column of a table: one instant query, its header and its display."""

    def __init__(self, header, expr, *, unit="none", decimals=None, cell=None, steps=None,
                 mappings=None, width=None):
        self.header, self.expr, self.unit, self.decimals = header, expr, unit, decimals
        self.cell, self.steps, self.mappings, self.width = cell, steps, mappings, width


def table(title, key_columns, columns, *, description="", sort_by=None, sort_desc=True,
          hidden=(), links=None):
    """key_columns: [(label, header)] in display order; columns: [Column]. Each column is one
    instant query returning the key labels; `merge` joins them into one row per key."""
    targets, overrides, index = [], [], {}
    order = 0
    for label, header in key_columns:
        index[label] = order
        order += 1
        props = [prop("displayName", header)]
        if label in hidden:
            props.append(prop("custom.hidden", True))
        if links and label in links:
            props.append(prop("links", links[label]))
        overrides.append(by_name(label, props))
    for k, col in enumerate(columns):
        ref = chr(ord("A") + k)
        field = f"Value #{ref}"
        targets.append(target(ref, col.expr, instant=True, fmt="table"))
        index[field] = order
        order += 1
        props = [prop("displayName", col.header), prop("unit", col.unit)]
        if col.decimals is not None:
            props.append(prop("decimals", col.decimals))
        if col.steps:
            props.append(prop("thresholds", thresholds(col.steps)))
            props.append(prop("color", {"mode": "thresholds"}))
        if col.mappings:
            props.append(prop("mappings", col.mappings))
        if col.cell:
            props.append(prop("custom.cellOptions", {"type": col.cell}))
        if col.width:
            props.append(prop("custom.width", col.width))
        overrides.append(by_name(field, props))
    options = {"showHeader": True, "cellHeight": "sm",
               "footer": {"show": False, "reducer": ["sum"], "countRows": False, "fields": ""}}
    if sort_by:
        options["sortBy"] = [{"displayName": sort_by, "desc": sort_desc}]
    return {"type": "table", "title": title, "description": description, "datasource": DS,
            "pluginVersion": PLUGIN_VERSION,
            "fieldConfig": {"defaults": {"custom": {"align": "auto", "cellOptions": {"type": "auto"},
                                                    "inspect": False, "filterable": True},
                                         "color": {"mode": "fixed", "fixedColor": "text"},
                                         "mappings": [], "thresholds": thresholds([("text", None)])},
                            "overrides": overrides},
            "options": options,
            "transformations": [
                {"id": "merge", "options": {}},
                {"id": "organize", "options": {
                    "excludeByName": {"Time": True, "instance": True, "job": True},
                    "indexByName": index, "renameByName": {}, "includeByName": {}}},
            ],
            "targets": targets}


def status_mappings():
    return [{"type": "value", "options": {
        str(code): {"text": text_, "color": color, "index": k}
        for k, (_, code, text_, color) in enumerate(STATUS_CODES)}}]


def status_overrides():
    """Display names and colours of the `status` series of the state-set bar gauge."""
    return [by_name(s, [prop("displayName", t), prop("color", {"mode": "fixed", "fixedColor": c})])
            for s, _, t, c in STATUS_CODES]


def project_link():
    return [{"title": "项目详情",
             "url": (f"/d/{UID_PROJECT}/targetwatch-xiang-mu-xiang-qing?var-datasource=${{datasource}}"
                     "&var-department=${__data.fields.department}"
                     "&var-fiscal_year=${__data.fields.fiscal_year}"
                     "&var-project=${__data.fields.project}&${__url_time_range}")}]


# ---------------------------------------------------------------------------------------------
# Template variables
# ---------------------------------------------------------------------------------------------

def var_datasource():
    return {"name": "datasource", "label": "数据源", "type": "datasource", "query": "prometheus",
            "current": {}, "hide": 0, "includeAll": False, "multi": False, "options": [],
            "refresh": 1, "regex": "", "skipUrlSync": False}


def var_department(multi):
    q = "query_result(max by (department, department_name) (targetwatch_project_info))"
    v = {"name": "department", "label": "部门", "type": "query", "datasource": DS,
         "definition": q, "query": q,
         # query_result rows look like {department="375",department_name="廊坊市司法局"} 1 1700000000
         "regex": '/department="(?<value>[^"]*)".*department_name="(?<text>[^"]*)"/',
         "refresh": 2, "sort": 1, "hide": 0, "multi": multi, "includeAll": multi,
         "current": {}, "options": [], "skipUrlSync": False}
    if multi:
        v["allValue"] = ".*"
        v["current"] = {"selected": True, "text": ["All"], "value": ["$__all"]}
    return v


def var_fiscal_year(multi):
    """年度: the fiscal years the daemon evaluates for the chosen departments (open years, and a
    closed one only while nothing newer exists for the department)."""
    q = ('query_result(max by (fiscal_year) '
         '(targetwatch_department_info{department=~"$department"}))')
    v = {"name": "fiscal_year", "label": "年度", "type": "query", "datasource": DS,
         "definition": q, "query": q,
         "regex": '/fiscal_year="(?<value>[^"]*)"/',
         "refresh": 2, "sort": 4, "hide": 0, "multi": multi, "includeAll": multi,
         "current": {}, "options": [], "skipUrlSync": False}
    if multi:
        v["allValue"] = ".*"
        v["current"] = {"selected": True, "text": ["All"], "value": ["$__all"]}
    return v


def var_project():
    q = ('query_result(max by (project, project_name) '
         '(targetwatch_project_info{department="$department",fiscal_year="$fiscal_year"}))')
    return {"name": "project", "label": "项目", "type": "query", "datasource": DS,
            "definition": q, "query": q,
            "regex": '/project="(?<value>[^"]*)".*project_name="(?<text>[^"]*)"/',
            "refresh": 2, "sort": 1, "hide": 0, "multi": False, "includeAll": False,
            "current": {}, "options": [], "skipUrlSync": False}


def var_targetwatch_url():
    return {"name": "targetwatch_url", "label": "targetwatch 地址", "type": "textbox",
            "query": "http://127.0.0.1:9464", "current": {"text": "http://127.0.0.1:9464", "value": "http://127.0.0.1:9464"},
            "options": [{"selected": True, "text": "http://127.0.0.1:9464", "value": "http://127.0.0.1:9464"}],
            "hide": 0, "skipUrlSync": False,
            "description": "targetwatchd 的 HTTP 地址（浏览器可访问），用于打开月度监控报告"}


def dashboard(uid, title, description, panels, variables, *, time_from="now/y", time_to="now",
              refresh="5m", links_extra=()):
    links = [{"title": "targetwatch", "type": "dashboards", "tags": ["targetwatch"],
              "asDropdown": True, "includeVars": True, "keepTime": True, "icon": "external link",
              "targetBlank": False, "tooltip": "", "url": ""}]
    links.extend(links_extra)
    return {"annotations": {"list": []}, "description": description, "editable": True,
            "fiscalYearStartMonth": 0, "graphTooltip": 1, "id": None, "links": links,
            "liveNow": False, "panels": panels, "refresh": refresh,
            "schemaVersion": SCHEMA_VERSION, "tags": ["targetwatch"],
            "templating": {"list": variables}, "time": {"from": time_from, "to": time_to},
            "timepicker": {}, "timezone": TIMEZONE, "title": title, "uid": uid, "version": 1,
            "weekStart": ""}


# ---------------------------------------------------------------------------------------------
# Shared tables
# ---------------------------------------------------------------------------------------------

def indicator_columns(q: Q, name_join, statuses=None):
    """Target / actual / expected / attainment / status / last report of each indicator."""
    filt = None
    if statuses is not None:
        regex = "|".join(statuses)
        status_sel = q.m("targetwatch_indicator_status", f'status=~"{regex}"')
        filt = f"max by ({IKEY}) ({status_sel}) == 1"

    def wrap(expr):
        if filt:
            expr = f"({expr}) and on ({IKEY}) ({filt})"
        return name_join(q.with_indicator_info(expr))

    return [
        Column("目标值", wrap(q.i("targetwatch_indicator_target")), decimals=None),
        Column("实际值", wrap(q.i("targetwatch_indicator_actual"))),
        Column("序时应达", wrap(q.i("targetwatch_indicator_expected")), decimals=2),
        Column("完成率", wrap(q.i("targetwatch_indicator_attainment_ratio")), unit="percentunit",
               decimals=1, cell="color-text",
               steps=[("red", None), ("orange", 0.6), ("yellow", 0.8), ("green", 1.0)]),
        Column("状态", wrap(q.status_code(statuses)), cell="color-background",
               mappings=status_mappings()),
        Column("最近报告", wrap(f"{q.i('targetwatch_indicator_last_report_timestamp_seconds')} * 1000"),
               unit="time:YYYY-MM-DD"),
    ]


INDICATOR_KEYS = [("name", "指标"), ("level1", "一级指标"), ("level2", "二级指标"),
                  ("comparator", "比较"), ("unit", "单位"), ("indicator", "指标编码"),
                  ("department", "部门编码"), ("fiscal_year", "年度"), ("project", "项目编码")]


def project_columns(q: Q, join, *, full=True):
    """The spending columns of a project table; `join` adds the Chinese names."""
    cols = [
        Column("预算", join(wan(q.p("targetwatch_project_budget_yuan"))), unit=WAN, decimals=2),
        Column("已支出", join(wan(q.p("targetwatch_project_spent_yuan"))), unit=WAN, decimals=2),
        Column("执行率", join(q.p("targetwatch_project_spent_ratio")), unit="percentunit", decimals=1,
               cell="color-text", steps=[("text", None), ("red", 1.0000001)]),
        Column("计划进度", join(q.p("targetwatch_project_planned_ratio")), unit="percentunit", decimals=1),
        Column("应达节点", join(q.p("targetwatch_project_required_ratio")), unit="percentunit", decimals=1),
        Column("滞后", join(q.p("targetwatch_project_spending_lag_ratio")), unit="percentunit",
               decimals=1, cell="color-background", steps=LAG_THRESHOLDS),
        Column("预警", join(q.lamp()), cell="color-background", mappings=LAMP_MAPPINGS),
        Column("下一节点", join(f"{q.p('targetwatch_project_next_checkpoint_timestamp_seconds')} * 1000"),
               unit="time:YYYY-MM-DD"),
        Column("节点应达", join(q.p("targetwatch_project_next_checkpoint_ratio")), unit="percentunit",
               decimals=0),
        Column("所需日均支出", join(q.p("targetwatch_project_required_daily_spend_yuan")),
               unit=YUAN_PER_DAY, decimals=0),
        Column("近30天进度", join(q.p("targetwatch_project_recent_pace_ratio")), unit="percentunit",
               decimals=0, cell="color-text", steps=PACE_THRESHOLDS),
    ]
    if full:
        cols += [
            Column("预计年末执行率", join(q.p("targetwatch_project_projected_year_end_ratio")),
                   unit="percentunit", decimals=0),
            Column("预估得分", join(q.p("targetwatch_project_score")), decimals=1, cell="color-text",
                   steps=SCORE_THRESHOLDS),
            Column("得分覆盖", join(q.p("targetwatch_project_score_coverage_ratio")), unit="percentunit",
                   decimals=0, cell="color-text", steps=COVERAGE_THRESHOLDS),
            Column("等级", join(q.p("targetwatch_project_score")), cell="color-background",
                   mappings=GRADE_MAPPINGS),
            Column("过期项", join(q.p("targetwatch_project_stale_indicators")), decimals=0,
                   cell="color-text", steps=[("text", None), ("purple", 1)]),
        ]
    return cols


PROJECT_KEYS = [("project_name", "项目名称"), ("project", "项目编码"), ("fiscal_year", "年度"),
                ("department", "部门编码")]


# ---------------------------------------------------------------------------------------------
# 1. Department overview
# ---------------------------------------------------------------------------------------------

def overview():
    q = Q('department=~"$department",fiscal_year=~"$fiscal_year"')
    h = Q('department=~"$department",fiscal_year=~"$fiscal_year"', window="1d")  # history (time series)
    L = Layout()

    budget = f"sum({q.p('targetwatch_project_budget_yuan')})"
    spent = f"sum({q.p('targetwatch_project_spent_yuan')})"
    planned = f"sum({q.planned_yuan()})"
    elapsed = f"max({q.m('targetwatch_department_elapsed_ratio')})"

    L.row("预算执行（所选部门合计）")
    L.add(stat("预算总额", [(wan(budget), "预算")], unit=WAN, decimals=2,
               description="所选部门全部项目预算数之和。"), 3, 4)
    L.add(stat("累计支出", [(wan(spent), "已支出")], unit=WAN, decimals=2,
               description="已报送的累计支出之和。"), 3, 4)
    L.add(stat("计划应支出", [(wan(planned), "计划")], unit=WAN, decimals=2,
               description="按各项目资金支出计划（节点间线性）截至今日应支出的金额：Σ 计划进度 × 预算。"), 3, 4)
    L.add(stat("执行率", [(f"{spent} / {budget}", "执行率")], unit="percentunit", decimals=1,
               description="累计支出 ÷ 预算。"), 3, 4)
    L.add(stat("执行率 ÷ 计划进度", [(f"{spent} / {planned}", "对计划")], unit="percentunit",
               decimals=0, steps=RELATIVE_THRESHOLDS,
               description="累计支出 ÷ 计划应支出；100% 为按计划执行。"), 3, 4)
    L.add(stat("序时进度", [(elapsed, "序时进度")], unit="percentunit", decimals=1,
               description="财年已过天数 ÷ 全年天数（targetwatchd 的评估日期）。"), 3, 4)
    L.add(stat("执行率 ÷ 序时进度", [(f"({spent} / {budget}) / {elapsed}", "对序时")],
               unit="percentunit", decimals=0, steps=RELATIVE_THRESHOLDS,
               description="执行率 ÷ 序时进度（预算执行序时进度比）：低于 60% 红、低于 80% 黄。"), 3, 4)
    L.add(stat("落后 / 未达节点项目",
               [(f"count({q.p('targetwatch_project_behind_schedule')} == 1) or vector(0)", "落后"),
                (f"count({q.checkpoint_missed()}) or vector(0)", "未达节点")],
               decimals=0, steps=[("green", None), ("red", 1)],
               description="落后：未达节点或滞后超过容差；未达节点：执行率低于已到期节点的要求。"), 3, 4)

    L.row("报送情况（灰灯：未报送；数据过期：超过报送周期未更新）")
    ilamp = q.i("targetwatch_indicator_warning_level")
    L.add(stat("未报送指标（灰灯）", [(f"count({ilamp} == -1) or vector(0)", "灰灯")], decimals=0,
               steps=[("green", None), ("#8e8e8e", 1)],
               description="尚无任何实际值的指标：不判为绿灯，单独计数。"), 4, 4)
    L.add(stat("数据过期指标", [(f"count({ilamp} == -2) or vector(0)", "数据过期")], decimals=0,
               steps=[("green", None), ("purple", 1)],
               description="最近一次报送已超过其报送周期（月、季、半年、年）加宽限期、且尚未定论的指标。"), 4, 4)
    L.add(stat("有过期数据的项目", [
        (f"count({q.p('targetwatch_project_stale_indicators')} > 0) or vector(0)", "项目")],
        decimals=0, steps=[("green", None), ("purple", 1)],
        description="有数据过期（指标或支出）的项目数；告警按项目合并发送。"), 4, 4)
    L.add(stat("部门整体得分覆盖率", [
        (f"min({q.m('targetwatch_department_score_coverage_ratio')})", "覆盖率")],
        unit="percentunit", decimals=0, steps=COVERAGE_THRESHOLDS,
        description="部门整体预估得分中已有报送数据的权重占比（年内未报送的指标不计分，其权重分给已报送的）。"
                    "多个部门时取最低者。"), 4, 4)
    L.add(bargauge("指标预警灯分布",
                   f"count_values(\"level\", {ilamp})", "{{level}}",
                   overrides=[by_name(level, [prop("displayName", t),
                                              prop("color", {"mode": "fixed", "fixedColor": c})])
                              for level, t, c in LAMPS],
                   description="所选部门全部绩效指标按预警灯计数（红、黄、绿、灰灯未报送、数据过期）。"), 8, 4)

    L.row("进度趋势与指标")

    def dsum(expr):
        return f"sum by ({DKEY}) ({expr})"

    hb = h.p("targetwatch_project_budget_yuan")
    L.add(timeseries("执行率、计划进度、应达节点与序时进度", [
        (h.with_department_name(f"{dsum(h.p('targetwatch_project_spent_yuan'))} / {dsum(hb)}", True),
         "{{department_name}} {{fiscal_year}} 执行率"),
        (h.with_department_name(f"{dsum(h.planned_yuan())} / {dsum(hb)}", True),
         "{{department_name}} {{fiscal_year}} 计划进度"),
        (h.with_department_name(f"{dsum(h.required_yuan())} / {dsum(hb)}", True),
         "{{department_name}} {{fiscal_year}} 应达节点"),
        (h.with_department_name(f"max by ({DKEY}) ({h.m('targetwatch_department_elapsed_ratio')})", True),
         "{{department_name}} {{fiscal_year}} 序时进度"),
    ], soft_max=1, description="按预算加权的部门执行率与计划；应达节点为已到期支出节点的要求（阶梯线）。",
        overrides=[
            {"matcher": {"id": "byRegexp", "options": ".*应达节点"},
             "properties": [prop("custom.lineInterpolation", "stepAfter"),
                            prop("custom.lineStyle", {"fill": "dash", "dash": [10, 10]})]},
            {"matcher": {"id": "byRegexp", "options": ".*序时进度"},
             "properties": [prop("custom.lineStyle", {"fill": "dot", "dash": [0, 10]})]},
        ]), 12, 9)
    L.add(bargauge("指标状态分布",
                   f"sum by (status) (max by ({IKEY}, status) ({q.m('targetwatch_indicator_status')}))",
                   "{{status}}", overrides=status_overrides(),
                   description="所选部门全部绩效指标（含部门整体指标）按当前状态计数。"), 6, 9)
    def dept(metric):
        return q.with_department_name(f"max by ({DKEY}) ({q.m(metric)})")

    L.add(table("部门预估自评得分", [("department_name", "部门"), ("fiscal_year", "年度"),
                                  ("department", "部门编码")], [
        Column("部门整体", dept("targetwatch_department_score"),
               decimals=1, cell="color-text", steps=SCORE_THRESHOLDS),
        Column("等级", dept("targetwatch_department_score"),
               cell="color-background", mappings=GRADE_MAPPINGS),
        Column("整体覆盖", dept("targetwatch_department_score_coverage_ratio"), unit="percentunit",
               decimals=0, cell="color-text", steps=COVERAGE_THRESHOLDS),
        Column("项目加权", dept("targetwatch_department_projects_score"),
               decimals=1, cell="color-text", steps=SCORE_THRESHOLDS),
        Column("项目覆盖", dept("targetwatch_department_projects_score_coverage_ratio"),
               unit="percentunit", decimals=0, cell="color-text", steps=COVERAGE_THRESHOLDS),
    ], description="绩效自评口径（预算执行 10 分、产出 50、效益 30、满意度 10）的年内预估；"
                   "优 ≥ 90，良 80–90，中 60–80，差 < 60。部门整体：部门整体绩效指标与预算执行的得分；"
                   "项目加权：各项目得分按预算加权的平均。覆盖：已报送数据的权重占比"
                   "（年内未报送的指标不计分，其权重分给已报送的）。", hidden=("department",)), 6, 9)

    L.row("项目")
    L.add(table("项目执行进度（按滞后排序）", PROJECT_KEYS,
                project_columns(q, q.with_project_name),
                description="滞后 = 计划进度 − 执行率（超过 5% 黄、超过 15% 红）；预警：targetwatchd 按部门配置的预警规则"
                            "判定的红黄绿灯（多条规则取最严重者）。点击项目名称查看详情。",
                sort_by="滞后", hidden=("department",), links={"project_name": project_link()}), 24, 12)
    L.add(bargauge("项目预估得分",
                   f"sort({q.with_project_name(q.p('targetwatch_project_score'))})",
                   "{{project_name}}", steps=SCORE_THRESHOLDS,
                   description="各项目绩效自评预估得分（颜色：优 绿、良 黄、中 橙、差 红）。"), 24, 10)

    L.row("部门整体绩效指标")
    dq = Q('department=~"$department",fiscal_year=~"$fiscal_year",project=""')
    L.add(table("部门整体绩效指标", INDICATOR_KEYS,
                indicator_columns(dq, lambda e: e),
                description="部门整体支出绩效目标中的指标（不属于某个项目）。", sort_by="状态", sort_desc=False,
                hidden=("project", "department", "indicator")), 24, 9)

    return dashboard(UID_OVERVIEW, "targetwatch 部门总览",
                     "预算执行进度与绩效目标实现程度（双监控）：部门合计、项目排名、指标状态与预估得分。",
                     L.panels, [var_datasource(), var_department(multi=True), var_fiscal_year(multi=True)])


# ---------------------------------------------------------------------------------------------
# 2. Project detail
# ---------------------------------------------------------------------------------------------

def project_detail():
    sel = 'department="$department",fiscal_year="$fiscal_year",project="$project"'
    q = Q(sel)
    h = Q(sel, window="1d")
    L = Layout()
    L.row("支出进度")
    L.add(stat("预算", [(wan(q.p("targetwatch_project_budget_yuan")), "预算")], unit=WAN, decimals=2), 3, 4)
    L.add(stat("累计支出", [(wan(q.p("targetwatch_project_spent_yuan")), "已支出")], unit=WAN, decimals=2), 3, 4)
    L.add(stat("执行率", [(q.p("targetwatch_project_spent_ratio"), "执行率")], unit="percentunit", decimals=1,
               steps=[("text", None), ("red", 1.0000001)], description="累计支出 ÷ 预算；超过 100% 为超支。"), 3, 4)
    L.add(stat("计划进度", [(q.p("targetwatch_project_planned_ratio"), "计划")], unit="percentunit", decimals=1,
               description="资金支出计划在节点之间线性插值的今日应达比例。"), 3, 4)
    L.add(stat("应达节点", [(q.p("targetwatch_project_required_ratio"), "应达")], unit="percentunit", decimals=1,
               description="最近一个已到期支出节点要求的累计比例。"), 3, 4)
    L.add(stat("滞后", [(q.p("targetwatch_project_spending_lag_ratio"), "滞后")], unit="percentunit", decimals=1,
               steps=LAG_THRESHOLDS, description="计划进度 − 执行率。"), 3, 4)
    L.add(stat("预警", [(q.lamp(), "预警")], mappings=LAMP_MAPPINGS, steps=[("green", None)],
               color_mode="background",
               description="targetwatchd 按部门配置的预警规则（计划、序时进度、节点）判定的红黄绿灯，多条规则取最严重者；"
                           "与月度监控报告一致。"), 3, 4)
    L.add(stat("预估得分 / 等级", [(q.p("targetwatch_project_score"), "得分"),
                                  (q.p("targetwatch_project_score"), "等级")],
               decimals=1, steps=SCORE_THRESHOLDS,
               overrides=[{"matcher": {"id": "byFrameRefID", "options": "B"},
                           "properties": [prop("mappings", GRADE_MAPPINGS)]}],
               description="绩效自评预估得分（0–100）与等级。"), 3, 4)
    L.add(stat("得分覆盖率", [(q.p("targetwatch_project_score_coverage_ratio"), "覆盖")], unit="percentunit",
               decimals=0, steps=COVERAGE_THRESHOLDS,
               description="预估得分中已有报送数据的权重占比：年内未报送的指标不计分，其权重分给已报送的。"), 3, 4)
    L.add(stat("数据过期 / 未报送", [(q.p("targetwatch_project_stale_indicators"), "数据过期"),
                                   (q.p("targetwatch_project_no_data_indicators"), "未报送")],
               decimals=0, steps=[("green", None), ("purple", 1)],
               description="数据过期：超过报送周期未更新的指标（含支出数据）；未报送：尚无实际值的指标（灰灯）。"), 3, 4)
    L.add(stat("下一节点", [(f"{q.p('targetwatch_project_next_checkpoint_timestamp_seconds')} * 1000", "日期")],
               unit="time:YYYY-MM-DD", description="下一个支出计划节点的日期（12 月 31 日之后没有）。"), 3, 4)
    L.add(stat("节点应达", [(q.p("targetwatch_project_next_checkpoint_ratio"), "应达")], unit="percentunit",
               decimals=0), 3, 4)
    L.add(stat("所需日均支出", [(q.p("targetwatch_project_required_daily_spend_yuan"), "日均")],
               unit=YUAN_PER_DAY, decimals=0, description="从今日到下一节点，每天需支出的金额。"), 3, 4)
    L.add(stat("近30天进度", [(q.p("targetwatch_project_recent_pace_ratio"), "进度")], unit="percentunit",
               decimals=0, steps=PACE_THRESHOLDS,
               description="近 30 天实际支出 ÷ 同期计划支出；100% 为按计划速度。"), 3, 4)
    L.add(stat("预计年末执行率", [(q.p("targetwatch_project_projected_year_end_ratio"), "年末")],
               unit="percentunit", decimals=0,
               steps=[("red", None), ("orange", 0.9), ("green", 0.98)],
               description="按近 30 天的支出速度推算的年末执行率。"), 3, 4)
    dept_only = Q('department="$department",fiscal_year="$fiscal_year"')
    L.add(stat("序时进度", [(f"max({dept_only.m('targetwatch_department_elapsed_ratio')})", "序时")],
               unit="percentunit", decimals=1), 3, 4)
    L.add(stat("最近支出报告", [(f"{q.p('targetwatch_project_last_spending_report_timestamp_seconds')} * 1000", "日期")],
               unit="time:YYYY-MM-DD", description="最近一次累计支出数据的截止日期。"), 3, 4)
    at_risk = q.i("targetwatch_indicator_status", 'status="at_risk"')
    not_met = q.i("targetwatch_indicator_status", 'status="not_met"')
    L.add(stat("指标有风险 / 未完成",
               [(f"count({at_risk} == 1) or vector(0)", "有风险"),
                (f"count({not_met} == 1) or vector(0)", "未完成")],
               decimals=0, steps=[("green", None), ("orange", 1)]), 3, 4)

    L.row("进度曲线")
    dept_only_h = Q('department="$department",fiscal_year="$fiscal_year"', window="1d")
    elapsed_h = f"max({dept_only_h.m('targetwatch_department_elapsed_ratio')})"
    L.add(timeseries("执行率、计划进度、应达节点", [
        (h.p("targetwatch_project_spent_ratio"), "执行率"),
        (h.p("targetwatch_project_planned_ratio"), "计划进度"),
        (h.p("targetwatch_project_required_ratio"), "应达节点"),
        (elapsed_h, "序时进度"),
    ], soft_max=1, description="应达节点为阶梯线：每个支出计划节点到期时跳到该节点的比例。",
        overrides=[
            by_name("应达节点", [prop("custom.lineInterpolation", "stepAfter"),
                                prop("color", {"mode": "fixed", "fixedColor": "red"}),
                                prop("custom.fillOpacity", 8)]),
            by_name("执行率", [prop("color", {"mode": "fixed", "fixedColor": "green"}),
                              prop("custom.lineWidth", 3)]),
            by_name("计划进度", [prop("color", {"mode": "fixed", "fixedColor": "blue"}),
                                prop("custom.lineStyle", {"fill": "dash", "dash": [10, 10]})]),
            by_name("序时进度", [prop("color", {"mode": "fixed", "fixedColor": "#8e8e8e"}),
                                prop("custom.lineStyle", {"fill": "dot", "dash": [0, 10]})]),
        ]), 16, 9)
    L.add(timeseries("累计支出与计划支出", [
        (wan(h.p("targetwatch_project_spent_yuan")), "累计支出"),
        (wan(h.planned_yuan()), "计划支出"),
        (wan(h.p("targetwatch_project_budget_yuan")), "预算"),
    ], unit=WAN), 8, 9)

    L.row("绩效指标")
    L.add(table("绩效指标完成情况", INDICATOR_KEYS, indicator_columns(q, lambda e: e),
                description="目标、实际、序时应达（线性进度指标：目标 × 序时进度）、完成率、状态与最近报告日期。",
                sort_by="状态", sort_desc=False,
                hidden=("department", "fiscal_year", "project", "indicator")), 24, 10)
    L.add(timeseries("指标完成率趋势", [
        (h.with_indicator_info(h.i("targetwatch_indicator_attainment_ratio"), at_end=True), "{{name}}"),
    ], soft_max=1, description="各指标完成率（实际 ÷ 目标；≤ 型为 目标 ÷ 实际）随时间的变化。"), 24, 8)

    return dashboard(UID_PROJECT, "targetwatch 项目详情",
                     "单个项目的支出进度（执行率、计划、节点、近期速度、年末预测）与全部绩效指标。",
                     L.panels, [var_datasource(), var_department(multi=False), var_fiscal_year(multi=False), var_project()])


# ---------------------------------------------------------------------------------------------
# 3. Monthly review
# ---------------------------------------------------------------------------------------------

def monthly_review():
    q = Q('department=~"$department",fiscal_year=~"$fiscal_year"', window="1d")
    L = Layout()
    L.add(text("月度监控会议", (
        "本看板默认显示**上个月末**的状态（时间范围选“上个月”；表格取范围结束时刻的值）。"
        "切换时间范围即可查看其他月份。\n\n"
        "偏差原因、完成可能性和整改措施随实际值一起报送，见 targetwatch 月度监控报告："
        "[打开 ${__to:date:YYYY-MM-DD} 的报告](${targetwatch_url}/report?as_of=${__to:date:YYYY-MM-DD}&format=html)")),
        24, 3)

    behind = f"{q.p('targetwatch_project_behind_schedule')} == 1"
    overspent = f"{q.p('targetwatch_project_spent_ratio')} > 1"
    L.add(stat("支出落后项目", [(f"count({behind}) or vector(0)", "落后")], decimals=0,
               steps=[("green", None), ("orange", 1)]), 4, 4)
    L.add(stat("未达支出节点", [(f"count({q.checkpoint_missed()}) or vector(0)", "未达节点")], decimals=0,
               steps=[("green", None), ("red", 1)]), 4, 4)
    L.add(stat("超预算支出", [(f"count({overspent}) or vector(0)", "超支")], decimals=0,
               steps=[("green", None), ("red", 1)]), 4, 4)
    for title, st, color in (("有风险指标", "at_risk", "orange"), ("未完成指标", "not_met", "red"),
                             ("未报送指标（灰灯）", "no_data", "#8e8e8e"), ("数据过期指标", "stale", "purple")):
        sel = q.i("targetwatch_indicator_status", f'status=~"{st}"')
        L.add(stat(title, [(f"count({sel} == 1) or vector(0)", title)],
                   decimals=0, steps=[("green", None), (color, 1)]), 4, 4)
    stale_projects = f"{q.p('targetwatch_project_stale_indicators')} > 0"
    L.add(stat("有过期数据的项目", [(f"count({stale_projects}) or vector(0)", "项目")],
               decimals=0, steps=[("green", None), ("purple", 1)],
               description="有数据过期（指标或支出）的项目数；数据过期告警按项目合并发送。"), 4, 4)

    def problem_join(expr):
        return q.with_project_name(f"({expr}) and on ({PKEY}) ({behind} or {overspent})")

    L.add(table("支出进度落后或超支的项目", PROJECT_KEYS, project_columns(q, problem_join, full=False),
                description="月末执行率低于已到期节点（红）、滞后超过容差（黄）或超过预算的项目。",
                sort_by="滞后", hidden=("department",), links={"project_name": project_link()}), 24, 10)
    L.add(table("有风险或未完成的指标", [("project_name", "项目")] + INDICATOR_KEYS,
                indicator_columns(q, q.with_project_name_or_department, statuses=["at_risk", "not_met"]),
                description="月末状态为有风险（实际低于序时应达）或未完成的指标。", sort_by="状态", sort_desc=False,
                hidden=("department", "project", "indicator")), 24, 10)
    L.add(table("无数据或数据过期的指标", [("project_name", "项目")] + INDICATOR_KEYS,
                indicator_columns(q, q.with_project_name_or_department, statuses=["no_data", "stale"]),
                description="尚未报送（灰灯）或最近报告超过其报送周期加宽限期（默认 15 天）且尚未定论的指标：请督促报送。",
                sort_by="最近报告", sort_desc=False, hidden=("department", "project", "indicator")), 24, 10)
    def stale_join(expr):
        return q.with_project_name(f"({expr}) and on ({PKEY}) ({stale_projects})")

    L.add(table("数据过期的项目（按项目合并）", PROJECT_KEYS, [
        Column("数据过期", stale_join(q.p("targetwatch_project_stale_indicators")), decimals=0,
               cell="color-text", steps=[("text", None), ("purple", 1)]),
        Column("未报送指标", stale_join(q.p("targetwatch_project_no_data_indicators")), decimals=0),
        Column("预警", stale_join(q.lamp()), cell="color-background", mappings=LAMP_MAPPINGS),
        Column("最近支出报告",
               stale_join(f"{q.p('targetwatch_project_last_spending_report_timestamp_seconds')} * 1000"),
               unit="time:YYYY-MM-DD"),
    ], description="按项目合并的数据过期情况（与数据过期告警一致）：过期的指标与支出数据项数、尚未报送的指标数。",
        sort_by="数据过期", hidden=("department",), links={"project_name": project_link()}), 24, 8)
    L.add(table("项目预估得分（月末）", PROJECT_KEYS, [
        Column("执行率", q.with_project_name(q.p("targetwatch_project_spent_ratio")), unit="percentunit", decimals=1),
        Column("预估得分", q.with_project_name(q.p("targetwatch_project_score")), decimals=1,
               cell="color-text", steps=SCORE_THRESHOLDS),
        Column("得分覆盖", q.with_project_name(q.p("targetwatch_project_score_coverage_ratio")),
               unit="percentunit", decimals=0, cell="color-text", steps=COVERAGE_THRESHOLDS),
        Column("等级", q.with_project_name(q.p("targetwatch_project_score")), cell="color-background",
               mappings=GRADE_MAPPINGS),
    ], sort_by="预估得分", sort_desc=False, hidden=("department",),
        links={"project_name": project_link()}), 24, 10)

    report_link = {"title": "月度监控报告", "type": "link", "icon": "doc", "tooltip": "偏差原因与整改措施",
                   "url": "${targetwatch_url}/report?as_of=${__to:date:YYYY-MM-DD}&format=html",
                   "targetBlank": True, "asDropdown": False, "includeVars": False, "keepTime": False,
                   "tags": []}
    return dashboard(UID_MONTHLY, "targetwatch 月度监控",
                     "月度监控会议用：上月末支出落后、指标有风险、无数据或数据过期的项目与指标。",
                     L.panels, [var_datasource(), var_department(multi=True), var_fiscal_year(multi=True), var_targetwatch_url()],
                     time_from="now-1M/M", time_to="now-1M/M", refresh="", links_extra=[report_link])


DASHBOARDS = {
    "targetwatch-overview.json": overview,
    "targetwatch-project.json": project_detail,
    "targetwatch-monthly-review.json": monthly_review,
}


def render(build) -> str:
    return json.dumps(build(), ensure_ascii=False, indent=2) + "\n"


def main(argv):
    out = Path(argv[1]) if len(argv) > 1 else HERE
    out.mkdir(parents=True, exist_ok=True)
    for name, build in DASHBOARDS.items():
        (out / name).write_text(render(build), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
