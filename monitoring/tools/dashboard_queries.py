"""Reads the PyBase Grafana dashboards and turns their panel queries into plain PromQL.

Shared by monitoring/tests/lint_dashboards.py (offline checks) and monitoring/tools/e2e_verify.py
(every panel query must return data from a live Prometheus). Python 3 standard library only.
"""
import glob
import json
import os
import re

MONITORING_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DASHBOARD_DIR = os.path.join(MONITORING_DIR, "grafana-dashboards")

# Values used in place of Grafana's variables when a query is sent to Prometheus directly.
# $job and $instance are multi-value variables whose "All" value is ".+".
DEFAULT_SUBSTITUTIONS = {
    "__rate_interval": "1m",
    "__interval": "1m",
    "__range": "1h",
    "job": ".+",
    "instance": ".+",
}


def load_dashboards(directory=DASHBOARD_DIR):
    """Returns [(path, dashboard dict)] for every *.json file of the directory, sorted by name."""
    result = []
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        with open(path, encoding="utf-8") as f:
            result.append((path, json.load(f)))
    return result


def panels(dashboard):
    """Every panel, including panels nested in collapsed rows."""
    for panel in dashboard.get("panels", []):
        yield panel
        for nested in panel.get("panels", []) or []:
            yield nested


def substitute(expr, values=None):
    """Replaces $name, ${name} and ${name:format} by the given values (defaults: DEFAULT_SUBSTITUTIONS)."""
    values = dict(DEFAULT_SUBSTITUTIONS, **(values or {}))

    def repl(match):
        name = match.group(1) or match.group(2)
        if name not in values:
            raise KeyError("unknown Grafana variable $%s in: %s" % (name, expr))
        return values[name]

    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)", repl, expr)


def panel_queries(dashboard):
    """Yields (panel title, refId, raw expr) for every Prometheus target of every panel."""
    for panel in panels(dashboard):
        for target in panel.get("targets", []) or []:
            expr = target.get("expr")
            if expr:
                yield panel.get("title", ""), target.get("refId", ""), expr


def variable_query(variable):
    """The PromQL inside a query variable's label_values(...)/query_result(...), or None."""
    query = variable.get("query")
    if isinstance(query, dict):
        query = query.get("query")
    if not isinstance(query, str):
        return None
    match = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\s*\)\s*", query, re.S)
    if match:
        return match.group(1)
    match = re.fullmatch(r"\s*query_result\((.*)\)\s*", query, re.S)
    if match:
        return match.group(1)
    return None
