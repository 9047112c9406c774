#!/usr/bin/env python3
"""Province-scale synthetic workload for tests/bench/versus-pushgateway.sh.

Writes into OUT:
  targets/dept-CODE.toml   one targets file per department (docs/targets-format.md)
  actuals-NNN.csv          the actual figures in batches of --batch records: one record per
                           indicator plus one spending record per project
  pgw-NNN.txt              the same figures, batch for batch, as Pushgateway samples (text format)
The default is the province of issue 13: 50 departments x 200 projects x 10 indicators
(100,000 indicators, 110,000 figures). 500 x 200 (or 50 x 2000) is the 1M-indicator scale.
Deterministic: the same arguments give the same files."""
import argparse
import os

# (level1, level2, id prefix, comparator, target, unit, pace): ten indicator shapes that cover
# the comparators and paces of the targets format; more indicators per project cycle through them.
KINDS = [
    ("产出指标", "数量指标", "quantity", ">=", 350, "件", "linear"),
    ("产出指标", "数量指标", "quantity", ">=", 12, "次", "none"),
    ("产出指标", "质量指标", "quality", ">=", 95, "%", "none"),
    ("产出指标", "质量指标", "quality", "=", 100, "%", "none"),
    ("产出指标", "时效指标", "timeliness", "qualitative", None, "", "none"),
    ("产出指标", "成本指标", "cost", "<=", 2000, "元", "none"),
    ("效益指标", "社会效益指标", "social", ">=", 90, "%", "none"),
    ("效益指标", "可持续影响指标", "sustainability", "qualitative", None, "", "none"),
    ("满意度指标", "服务对象满意度指标", "satisfaction", ">=", 95, "%", "none"),
    ("产出指标", "数量指标", "quantity", ">=", 20000, "件", "linear"),
]


def project_toml(code, d, p, indicators):
    """The [[project]] table of one project and the (indicator id, value) of its figures."""
    budget = 50 + p % 40
    out = [f'[[project]]\ncode = "{code}"\nname = "测试项目{d}-{p}"\nbudget = {budget}\n'
           "spending_plan = [{ by = 2025-03-31, share = 0.25 }, "
           "{ by = 2025-06-30, share = 0.6 }, { by = 2025-09-30, share = 0.9 }]\n"]
    figures = []
    counts = {}
    for i in range(indicators):
        l1, l2, prefix, cmp, target, unit, pace = KINDS[i % len(KINDS)]
        counts[prefix] = counts.get(prefix, 0) + 1
        iid = f"{prefix}-{counts[prefix]}"
        body = (f'target = {target}\nunit = "{unit}"\npace = "{pace}"\n' if target is not None
                else 'expected = "及时"\n')
        out.append(f'[[project.indicator]]\nid = "{iid}"\nlevel1 = "{l1}"\nlevel2 = "{l2}"\n'
                   f'name = "指标{i}"\ncomparator = "{cmp}"\n{body}')
        # Values spread between 40% and 85% of the target so that every status occurs.
        value = 1 if target is None else round(target * (0.4 + (p * 7 + i) % 10 / 20), 2)
        figures.append((iid, value, f"2025-06-{1 + (p + i) % 28:02d}"))
    figures.append(("spending", round(budget * (0.3 + p % 5 / 10), 2), "2025-06-20"))
    return "".join(out), figures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--departments", type=int, default=50)
    ap.add_argument("--projects", type=int, default=200, help="projects per department")
    ap.add_argument("--indicators", type=int, default=10, help="indicators per project")
    ap.add_argument("--batch", type=int, default=10000, help="records per upload")
    a = ap.parse_args()
    os.makedirs(os.path.join(a.out, "targets"), exist_ok=True)
    csv_rows, samples = [], []
    for d in range(a.departments):
        dept = str(100 + d)
        parts = [f'schema_version = 1\n\n[department]\ncode = "{dept}"\nname = "测试部门{d}"\n'
                 'fiscal_year = 2025\namount_unit = "万元"\n']
        for p in range(a.projects):
            code = f"P{dept}{p:05d}"
            toml, figures = project_toml(code, d, p, a.indicators)
            parts.append(toml)
            for iid, value, as_of in figures:
                csv_rows.append(f"{code},{iid},{value},{as_of}")
                samples.append(f'targetwatch_actual{{department="{dept}",project="{code}",'
                               f'indicator="{iid}"}} {value}')
        with open(os.path.join(a.out, "targets", f"dept-{dept}.toml"), "w", encoding="utf-8") as f:
            f.write("\n".join(parts))
    for n, k in enumerate(range(0, len(csv_rows), a.batch)):
        with open(os.path.join(a.out, f"actuals-{n:03d}.csv"), "w", encoding="utf-8") as f:
            f.write("project,indicator,value,as_of\n" + "\n".join(csv_rows[k:k + a.batch]) + "\n")
        with open(os.path.join(a.out, f"pgw-{n:03d}.txt"), "w", encoding="utf-8") as f:
            f.write("# TYPE targetwatch_actual gauge\n" + "\n".join(samples[k:k + a.batch]) + "\n")
    print(f"departments {a.departments}, projects {a.departments * a.projects}, "
          f"indicators {a.departments * a.projects * a.indicators}, records {len(csv_rows)}")


if __name__ == "__main__":
    main()
