#!/usr/bin/env python3
"""Lints the PyBase Grafana dashboards after the rules of grafana/dashboard-linter, plus our own.

    python3 monitoring/tests/lint_dashboards.py [--emit-promql FILE]

dashboard-linter rules re-implemented here (same names, same meaning):
  template-datasource-rule, template-job-rule, template-instance-rule, template-on-time-change-reload,
  template-label-promql-rule (via --emit-promql), panel-datasource-rule, panel-title-description-rule,
  panel-units-rule, panel-no-targets-rule, target-promql-rule (via --emit-promql),
  target-rate-interval-rule, target-job-rule, target-instance-rule, target-counter-agg-rule,
  uneditable-dashboard.
PyBase rules: stable-uid (file name -> uid), dashboard-links (a link to each other dashboard that keeps the
  time range and the datasource but not the job and instance variables, whose values differ between
  dashboards), unique-panel-ids, histogram-quantile-buckets (histogram_quantile reads rate(<x>_bucket) summed
  by le), heatmap (api-performance has a heatmap of the latency buckets), variables-known (every $var is
  known), stat-thresholds (every stat has explicit thresholds, never Grafana's default green/red-at-80),
  stat-mappings (every stat maps NaN to a text and has a no-data text), alert-annotations (firing alerts are
  annotations), required-panels (the error budget on the API dashboard, the queue wait on the workers one).
  Recorded series (level:metric:operations) need the job/instance matchers their level has: a series
  aggregated by job has no instance label.

--emit-promql FILE writes a Prometheus rule file (JSON is YAML) with one recording rule per panel
query and per variable query, Grafana variables substituted; `promtool check rules FILE` then proves
that every expression parses. PromQL parsing itself is left to promtool.

Exclusions live in monitoring/tests/dashboard-lint-exclusions.json, each with a reason; an exclusion
that matches nothing is an error too.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import dashboard_queries as dq  # noqa: E402

EXPECTED_UIDS = {
    "overview.json": "pybase-overview",
    "api-performance.json": "pybase-api-performance",
    "celery-workers.json": "pybase-celery-workers",
    "database-redis.json": "pybase-database-redis",
}
DATASOURCE_REFS = ("$datasource", "${datasource}")
# Enumerated by dashboard-linter from grafana/packages/grafana-data/src/valueFormats/categories.ts;
# the subset that monitoring dashboards use.
VALID_UNITS = {
    "none", "short", "percent", "percentunit", "bytes", "decbytes", "bits", "kbytes", "mbytes", "gbytes",
    "Bps", "bps", "binBps", "pps", "ns", "µs", "ms", "s", "m", "h", "d", "dtdurations", "dtdurationms",
    "hertz", "cps", "ops", "reqps", "rps", "wps", "iops", "cpm", "opm", "rpm", "wpm", "bool",
    "dateTimeAsIso", "dateTimeFromNow",
}
REQUIRED_PANELS = {
    "pybase-api-performance": ["job:http_request_failures:increase5m", "job:http_request_failures_per_requests"],
    "pybase-overview": ["job:http_request_failures:increase5m"],
    "pybase-celery-workers": ["celery_task_queue_wait_seconds_bucket", "job_worker_name:celery_queue_length:max"],
}
UNIT_PANEL_TYPES = {"stat", "singlestat", "graph", "table", "timeseries", "gauge", "bargauge", "heatmap"}
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "offset",
            "bool", "atan2", "inf", "nan"}
AGGREGATORS = {"sum", "avg", "min", "max", "count", "group", "stddev", "stdvar", "topk", "bottomk", "quantile",
               "count_values"}
GROUPING = {"by", "without", "on", "ignoring", "group_left", "group_right"}


class Selector:
    def __init__(self, name, matchers, ranged, enclosing_call):
        self.name, self.matchers, self.ranged, self.enclosing_call = name, matchers, ranged, enclosing_call

    def __repr__(self):
        return "%s{%s}" % (self.name, ",".join("%s%s%r" % m for m in self.matchers))


def _matching(text, i, open_ch, close_ch):
    """Index of the bracket closing the one at text[i], skipping quoted strings."""
    depth, j = 0, i
    while j < len(text):
        c = text[j]
        if c in "\"'`":
            j = text.index(c, j + 1)
        elif c == open_ch:
            depth += 1
        elif c == close_ch:
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise ValueError("unbalanced %s in %s" % (open_ch, text))


def _parse_matchers(body):
    return [(m.group(1), m.group(2), m.group(4)) for m in
            re.finditer(r'\s*(\w+)\s*(=~|!~|!=|=)\s*("((?:[^"\\]|\\.)*)")\s*,?', body)]


def selectors(expr):
    """Vector selectors of a PromQL expression, with their matchers, whether they carry a range, and the
    innermost function call around them. A small scanner, enough for dashboard queries; promtool does
    the real parsing."""
    result, calls, i = [], [], 0
    while i < len(expr):
        c = expr[i]
        if c in "\"'`":
            i = expr.index(c, i + 1) + 1
            continue
        if c == "(":
            calls.append(None)
            i += 1
            continue
        if c == ")":
            if calls:
                calls.pop()
            i += 1
            continue
        if c == "[":
            i = _matching(expr, i, "[", "]") + 1
            continue
        if c.isdigit() or (c == "." and i + 1 < len(expr) and expr[i + 1].isdigit()):
            m = re.match(r"[0-9.eE+\-xXa-fA-F]+[smhdwy]?", expr[i:])
            i += len(m.group(0))
            continue
        if c.isalpha() or c in "_:" or c == "{":
            name = ""
            if c != "{":
                name = re.match(r"[A-Za-z_:][A-Za-z0-9_:]*", expr[i:]).group(0)
                i += len(name)
            j = i
            while j < len(expr) and expr[j].isspace():
                j += 1
            if name in AGGREGATORS:
                # sum by (a, b) (expr): skip the grouping clause to reach the call's parenthesis.
                g = re.match(r"(by|without)\s*\(", expr[j:])
                if g:
                    j = _matching(expr, j + g.end() - 1, "(", ")") + 1
                    while j < len(expr) and expr[j].isspace():
                        j += 1
            if name in GROUPING and j < len(expr) and expr[j] == "(":
                i = _matching(expr, j, "(", ")") + 1
                continue
            if name and j < len(expr) and expr[j] == "(":
                calls.append(name)
                i = j + 1
                continue
            if name.lower() in KEYWORDS:
                continue
            matchers = []
            if j < len(expr) and expr[j] == "{":
                end = _matching(expr, j, "{", "}")
                matchers = _parse_matchers(expr[j + 1:end])
                i = j = end + 1
            while j < len(expr) and expr[j].isspace():
                j += 1
            ranged = j < len(expr) and expr[j] == "["
            enclosing = next((f for f in reversed(calls) if f is not None), None) if calls else None
            innermost = calls[-1] if calls else None
            result.append(Selector(name, matchers, ranged, innermost if innermost else enclosing))
            continue
        i += 1
    return result


def rate_ranges(expr):
    """(function, range) of every rate()/irate() call."""
    found = []
    for m in re.finditer(r"\b(i?rate)\s*\(", expr):
        end = _matching(expr, m.end() - 1, "(", ")")
        arg = expr[m.end():end]
        rng = re.search(r"\[([^\]]*)\]\s*$", arg)
        found.append((m.group(1), rng.group(1) if rng else None))
    return found


class Linter:
    def __init__(self, exclusions):
        self.errors = []
        self.exclusions = exclusions
        self.used = set()

    def excluded(self, rule, uid, panel):
        for idx, ex in enumerate(self.exclusions.get(rule, [])):
            if ex["dashboard"] == uid and ex.get("panel") in (None, panel):
                self.used.add((rule, idx))
                return True
        return False

    def error(self, rule, uid, panel, message):
        if not self.excluded(rule, uid, panel):
            where = uid + (" / " + panel if panel else "")
            self.errors.append("%s: [%s] %s" % (rule, where, message))

    def lint(self, filename, d):
        uid = d.get("uid", "")
        title = d.get("title", filename)
        expected = EXPECTED_UIDS.get(filename)
        if expected is None:
            self.error("stable-uid", uid or filename, None, "unexpected dashboard file %s" % filename)
        elif uid != expected:
            self.error("stable-uid", uid or filename, None, "%s must have uid %s, has %r" % (filename, expected, uid))
        if d.get("editable") is not False:
            self.error("uneditable-dashboard", uid, None, "dashboard must not be editable (it is provisioned)")
        if "pybase" not in d.get("tags", []):
            self.error("dashboard-links", uid, None, "dashboard must carry the tag 'pybase'")
        others = set(EXPECTED_UIDS.values()) - {uid}
        linked = set()
        for link in d.get("links", []):
            m = re.match(r"^/d/([\w-]+)", link.get("url", ""))
            if link.get("type") != "link" or not m:
                self.error("dashboard-links", uid, None, "link %r must be of type 'link' to /d/<uid>" % link.get("title"))
                continue
            linked.add(m.group(1))
            if not link.get("keepTime"):
                self.error("dashboard-links", uid, None, "link to %s must keep the time range" % m.group(1))
            if link.get("includeVars") or re.search(r"\$\{?(job|instance)\b|var-(job|instance)", link["url"]):
                self.error("dashboard-links", uid, None, "link to %s must not carry the job and instance variables "
                           "(their values differ between dashboards)" % m.group(1))
        if linked != others:
            self.error("dashboard-links", uid, None, "must link to each other dashboard %s, links %s"
                       % (sorted(others), sorted(linked)))
        annotations = [a for a in d.get("annotations", {}).get("list", []) if "ALERTS" in str(a.get("expr", ""))]
        if not any('alertstate="firing"' in a["expr"] and a.get("enable") for a in annotations):
            self.error("alert-annotations", uid, None, "firing alerts (ALERTS{alertstate=\"firing\"}) must be an "
                       "enabled annotation")

        variables = {v.get("name"): v for v in d.get("templating", {}).get("list", [])}
        ds_vars = [v for v in variables.values() if v.get("type") == "datasource"]
        if not ds_vars:
            self.error("template-datasource-rule", uid, None, "no datasource template variable")
        for v in ds_vars:
            if v.get("name") not in ("datasource", "prometheus_datasource"):
                self.error("template-datasource-rule", uid, None, "datasource variable must be named 'datasource'")
            if v.get("query") != "prometheus":
                self.error("template-datasource-rule", uid, None, "datasource variable must query 'prometheus'")
            if v.get("label") != "Data source":
                self.error("template-datasource-rule", uid, None, "datasource variable must be labeled 'Data source'")
        for name in ("job", "instance"):
            rule = "template-%s-rule" % name
            v = variables.get(name)
            if v is None:
                self.error(rule, uid, None, "missing the %s template variable" % name)
                continue
            if (v.get("datasource") or {}).get("uid") not in DATASOURCE_REFS:
                self.error(rule, uid, None, "%s variable must use datasource $datasource" % name)
            if v.get("type") != "query":
                self.error(rule, uid, None, "%s variable must be a query variable" % name)
            if v.get("label") != name.capitalize():
                self.error(rule, uid, None, "%s variable must be labeled %s" % (name, name.capitalize()))
            if not v.get("multi"):
                self.error(rule, uid, None, "%s variable must be multi-select" % name)
            if not v.get("includeAll") or v.get("allValue") != ".+":
                self.error(rule, uid, None, "%s variable must include All with allValue '.+'" % name)
        for v in variables.values():
            if v.get("type") == "query":
                if v.get("refresh") != 2:
                    self.error("template-on-time-change-reload", uid, None,
                               "variable %s must refresh on time range change (2)" % v.get("name"))
                if dq.variable_query(v) is None:
                    self.error("template-label-promql-rule", uid, None,
                               "variable %s must be label_values(<promql>, <label>)" % v.get("name"))

        ids, heatmaps = set(), []
        known_vars = set(variables) | set(dq.DEFAULT_SUBSTITUTIONS)
        for p in dq.panels(d):
            ptitle = p.get("title", "")
            ptype = p.get("type")
            if ptype == "row":
                continue
            if p.get("id") in ids:
                self.error("unique-panel-ids", uid, ptitle, "duplicate panel id %s" % p.get("id"))
            ids.add(p.get("id"))
            if not ptitle.strip() or not (p.get("description") or "").strip():
                self.error("panel-title-description-rule", uid, ptitle or "?", "panel needs a title and a description")
            if (p.get("datasource") or {}).get("uid") not in DATASOURCE_REFS:
                self.error("panel-datasource-rule", uid, ptitle, "panel datasource must be $datasource")
            if ptype in UNIT_PANEL_TYPES:
                unit = (p.get("fieldConfig", {}).get("defaults", {}) or {}).get("unit")
                if ptype == "heatmap":
                    unit = (p.get("options", {}).get("yAxis", {}) or {}).get("unit") or unit
                if unit not in VALID_UNITS:
                    self.error("panel-units-rule", uid, ptitle, "no or invalid unit %r" % unit)
            targets = [t for t in p.get("targets", []) or [] if t.get("expr")]
            if not targets:
                self.error("panel-no-targets-rule", uid, ptitle, "panel has no query")
            if ptype == "heatmap":
                heatmaps.append(p)
            if ptype == "stat":
                self.lint_stat(uid, ptitle, p)
            for t in targets:
                self.lint_target(uid, ptitle, ptype, t, known_vars)
        if uid == "pybase-api-performance" and not any(
                "api_latency_histogram_bucket" in t.get("expr", "") for h in heatmaps for t in h.get("targets", [])):
            self.error("heatmap", uid, None, "needs a heatmap of api_latency_histogram_bucket")
        exprs = " ".join(e for _, _, e in dq.panel_queries(d))
        for needed in REQUIRED_PANELS.get(uid, []):
            if needed not in exprs:
                self.error("required-panels", uid, None, "needs a panel reading %s" % needed)
        return title

    def lint_stat(self, uid, ptitle, p):
        defaults = p.get("fieldConfig", {}).get("defaults", {}) or {}
        steps = (defaults.get("thresholds") or {}).get("steps") or []
        if not steps or (defaults.get("thresholds") or {}).get("mode") != "absolute":
            self.error("stat-thresholds", uid, ptitle, "stat needs explicit absolute thresholds")
        elif [(s.get("color"), s.get("value")) for s in steps] == [("green", None), ("red", 80)]:
            self.error("stat-thresholds", uid, ptitle, "stat keeps Grafana's default thresholds (red at 80)")
        elif steps[0].get("value") is not None:
            self.error("stat-thresholds", uid, ptitle, "the first threshold step is the base (value null)")
        mappings = defaults.get("mappings") or []
        if not any(m.get("type") == "special" and (m.get("options") or {}).get("match") == "nan" for m in mappings):
            self.error("stat-mappings", uid, ptitle, "stat must map NaN to a text (no 'NaN' on screen)")
        if not str(defaults.get("noValue", "")).strip():
            self.error("stat-mappings", uid, ptitle, "stat needs a no-data text (noValue)")

    def lint_target(self, uid, ptitle, ptype, t, known_vars):
        expr = t["expr"]
        for m in re.finditer(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)", expr):
            name = m.group(1) or m.group(2)
            if name not in known_vars:
                self.error("variables-known", uid, ptitle, "unknown variable $%s" % name)
        for (fn, rng) in rate_ranges(expr):
            if rng != "$__rate_interval":
                self.error("target-rate-interval-rule", uid, ptitle, "%s() must use [$__rate_interval], has [%s]"
                           % (fn, rng))
        try:
            sels = selectors(expr)
        except ValueError as e:
            self.error("target-promql-rule", uid, ptitle, str(e))
            return
        if not sels:
            self.error("target-promql-rule", uid, ptitle, "no selector in %s" % expr)
        for s in sels:
            level = s.name.split(":")[0].split("_") if ":" in s.name else ["job", "instance"]
            for label in ("job", "instance"):
                if label not in level:
                    continue
                if (label, "=~", "$" + label) not in s.matchers:
                    self.error("target-%s-rule" % label, uid, ptitle,
                               "selector %s lacks %s=~\"$%s\"" % (s, label, label))
            if s.name.endswith("_total") and not (s.ranged and s.enclosing_call in ("rate", "irate", "increase")):
                self.error("target-counter-agg-rule", uid, ptitle,
                           "counter %s must be inside rate, irate or increase" % s.name)
            if s.name.endswith("_bucket") and s.enclosing_call != "rate":
                self.error("histogram-quantile-buckets", uid, ptitle, "%s must be read through rate()" % s.name)
        for m in re.finditer(r"histogram_quantile\s*\(", expr):
            inner = expr[m.end():dq_close(expr, m.end() - 1)]
            if not re.search(r"sum\s+by\s*\([^)]*\ble\b", inner) or "_bucket" not in inner:
                self.error("histogram-quantile-buckets", uid, ptitle,
                           "histogram_quantile must read sum by (le, ...) (rate(<name>_bucket[...]))")
        if ptype == "heatmap" and t.get("format") != "heatmap":
            self.error("heatmap", uid, ptitle, "heatmap target must use format 'heatmap'")

    def unused_exclusions(self):
        return ["%s: exclusion #%d (%s) matches nothing" % (rule, idx, ex.get("reason", ""))
                for rule, lst in self.exclusions.items() if not rule.startswith("_")
                for idx, ex in enumerate(lst) if (rule, idx) not in self.used]


def dq_close(expr, i):
    return _matching(expr, i, "(", ")")


def emit_promql(dashboards, path):
    rules = []
    for _, d in dashboards:
        uid = d.get("uid", "unknown")
        for title, ref, expr in dq.panel_queries(d):
            rules.append({"record": "dashboard_query", "expr": dq.substitute(expr),
                          "labels": {"dashboard": uid, "panel": title, "ref": ref}})
        for v in d.get("templating", {}).get("list", []):
            q = dq.variable_query(v) if v.get("type") == "query" else None
            if q:
                rules.append({"record": "dashboard_variable_query", "expr": dq.substitute(q),
                              "labels": {"dashboard": uid, "variable": v.get("name")}})
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"groups": [{"name": "dashboard-queries", "rules": rules}]}, f, indent=1)
    return len(rules)


SELF_TEST_CASES = [
    # (rule that must fire, expression)
    ("target-rate-interval-rule", 'sum(rate(http_requests_total{job=~"$job", instance=~"$instance"}[5m]))'),
    ("target-job-rule", 'sum(rate(http_requests_total{instance=~"$instance"}[$__rate_interval]))'),
    ("target-instance-rule", 'sum by (le) (rate(x_bucket{job=~"$job"}[$__rate_interval]))'),
    ("target-counter-agg-rule", 'sum(http_requests_total{job=~"$job", instance=~"$instance"})'),
    ("histogram-quantile-buckets", 'histogram_quantile(0.95, api_latency_histogram{job=~"$job", instance=~"$instance"})'),
    ("histogram-quantile-buckets",
     'histogram_quantile(0.95, sum by (endpoint) (rate(x_bucket{job=~"$job", instance=~"$instance"}[$__rate_interval])))'),
    ("variables-known", 'sum(up{job=~"$job", instance=~"$instance", pod=~"$pod"})'),
    (None, 'histogram_quantile(0.9, sum by (le, job) (rate(x_bucket{job=~"$job", instance=~"$instance"}[$__rate_interval])))'),
    # A recorded series aggregated by job has no instance label: job is required, instance is not.
    (None, 'sum(job:http_requests:increase5m{job=~"$job"})'),
    ("target-job-rule", 'sum(job:http_requests:increase5m)'),
    ("target-instance-rule", 'sum(job_instance:x:rate5m{job=~"$job"})'),
    (None, '(sum(rate(a_total{job=~"$job", instance=~"$instance", s=~"5.."}[$__rate_interval])) or vector(0)) '
           '/ sum by (x) (rate(a_total{job=~"$job", instance=~"$instance"}[$__rate_interval]))'),
]


def self_test():
    """Proves the rules can fail: each bad expression must trip its rule, each good one none."""
    failures = 0
    for rule, expr in SELF_TEST_CASES:
        linter = Linter({})
        linter.lint_target("self-test", "p", "timeseries", {"expr": expr}, set(dq.DEFAULT_SUBSTITUTIONS))
        rules = {e.split(":", 1)[0] for e in linter.errors}
        ok = (rule in rules) if rule else not rules
        if not ok:
            failures += 1
            print("SELF-TEST FAIL expected %s for %s, got %s" % (rule or "no error", expr, sorted(rules)))
    # Stats: Grafana's default thresholds and a stat without a NaN mapping must trip their rules.
    for rule, defaults in (
            ("stat-thresholds", {"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None},
                                                                             {"color": "red", "value": 80}]},
                                 "mappings": [{"type": "special", "options": {"match": "nan"}}], "noValue": "x"}),
            ("stat-thresholds", {"mappings": [{"type": "special", "options": {"match": "nan"}}], "noValue": "x"}),
            ("stat-mappings", {"thresholds": {"mode": "absolute", "steps": [{"color": "text", "value": None}]},
                               "noValue": "x"}),
            (None, {"thresholds": {"mode": "absolute", "steps": [{"color": "text", "value": None}]},
                    "mappings": [{"type": "special", "options": {"match": "nan"}}], "noValue": "no data"})):
        linter = Linter({})
        linter.lint_stat("self-test", "p", {"fieldConfig": {"defaults": defaults}})
        rules = {e.split(":", 1)[0] for e in linter.errors}
        if not ((rule in rules) if rule else not rules):
            failures += 1
            print("SELF-TEST FAIL expected %s for stat defaults %s, got %s" % (rule or "no error", defaults,
                                                                                sorted(rules)))
    print("lint self-test: %d cases, %d failure(s)" % (len(SELF_TEST_CASES) + 4, failures))
    return failures == 0


def main(argv):
    if not self_test():
        return 1
    emit = None
    if "--emit-promql" in argv:
        emit = argv[argv.index("--emit-promql") + 1]
    exclusions_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dashboard-lint-exclusions.json")
    exclusions = json.load(open(exclusions_path, encoding="utf-8")) if os.path.exists(exclusions_path) else {}
    dashboards = dq.load_dashboards()
    linter = Linter(exclusions)
    names = {os.path.basename(p) for p, _ in dashboards}
    for missing in sorted(set(EXPECTED_UIDS) - names):
        linter.errors.append("stable-uid: dashboard file %s is missing" % missing)
    uids = [d.get("uid") for _, d in dashboards]
    if len(set(uids)) != len(uids):
        linter.errors.append("stable-uid: duplicate dashboard uids %s" % uids)
    panel_count = 0
    for path, d in dashboards:
        linter.lint(os.path.basename(path), d)
        panel_count += sum(1 for p in dq.panels(d) if p.get("type") != "row")
    linter.errors.extend(linter.unused_exclusions())
    if emit:
        n = emit_promql(dashboards, emit)
        print("wrote %d queries to %s" % (n, emit))
    for e in linter.errors:
        print("FAIL " + e)
    if linter.errors:
        print("%d dashboard lint error(s)" % len(linter.errors))
        return 1
    print("dashboards OK: %d dashboards, %d panels" % (len(dashboards), panel_count))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
