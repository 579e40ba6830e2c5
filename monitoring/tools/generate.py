#!/usr/bin/env python3
"""Generates every file of the PyBase monitoring mixin from monitoring/config.yml:

    monitoring/alerts/*.yml               alert rules           (generate_rules.py)
    monitoring/rules/*.yml                recording rules       (generate_rules.py)
    monitoring/alertmanager.yml           routing, inhibition   (generate_rules.py)
    monitoring/grafana-dashboards/*.json  dashboards            (generate_dashboards.py)

    python3 monitoring/tools/generate.py              # (re)write them in monitoring/
    python3 monitoring/tools/generate.py --out DIR    # write them under DIR instead (same layout)
    python3 monitoring/tools/generate.py --list       # the generated paths, relative to monitoring/
    python3 monitoring/tools/generate.py --check      # exit 1 when a committed file differs or is stale

The generated files are committed (Prometheus, Grafana and users read them as they are);
monitoring/tests/check-static.sh regenerates them into a temporary directory and diffs. Needs PyYAML.
"""
import difflib
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_dashboards  # noqa: E402
import generate_rules  # noqa: E402
import mixin_config as mc  # noqa: E402


def render_all():
    cfg = mc.load()
    out = generate_rules.render_all(cfg)
    out.update(generate_dashboards.render_all(cfg))
    return dict(sorted(out.items()))


def write(files, root):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def stale(files, root):
    """Committed files in generated places that the generator no longer produces."""
    found = set()
    for pattern in ("alerts/*.yml", "rules/*.yml", "grafana-dashboards/*.json"):
        found.update(os.path.relpath(p, root) for p in glob.glob(os.path.join(root, pattern)))
    return sorted(found - set(files))


def check(files, root):
    problems = 0
    for rel, text in files.items():
        path = os.path.join(root, rel)
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        if current != text:
            problems += 1
            diff = list(difflib.unified_diff(current.splitlines(), text.splitlines(), "committed/" + rel,
                                             "generated/" + rel, lineterm="", n=1))
            print("\n".join(diff[:40]) + ("\n... (%d more diff lines)" % (len(diff) - 40) if len(diff) > 40 else ""))
    for rel in stale(files, root):
        problems += 1
        print("%s is not produced by the generator (hand-written alert/rule/dashboard files are not allowed; "
              "add it to the generator or delete it)" % rel)
    if problems:
        print("%d generated file(s) differ: run `python3 monitoring/tools/generate.py` and commit" % problems,
              file=sys.stderr)
        return 1
    print("generated files match monitoring/config.yml: %d files" % len(files))
    return 0


def main(argv):
    files = render_all()
    if "--list" in argv:
        print("\n".join(files))
        return 0
    if "--check" in argv:
        return check(files, mc.MONITORING_DIR)
    root = mc.MONITORING_DIR
    if "--out" in argv:
        root = argv[argv.index("--out") + 1]
    write(files, root)
    for rel in files:
        print("wrote", os.path.join(root, rel))
    for rel in stale(files, root):
        print("warning: %s is no longer generated; delete it" % rel, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
