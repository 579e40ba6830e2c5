#!/usr/bin/env python3
"""End-to-end verification of a running PyBase monitoring stack (called by scripts/e2e-verification.sh
and scripts/e2e-verification.bat). Python 3 standard library only.

Checks, against Prometheus' HTTP API:
  1. Prometheus is ready.
  2. Every expected scrape job has targets and every target is up.
  3. Every metric of the contract is present (and the JVM/process metrics on every PyBase process); every
     histogram of monitoring/config.yml exposes exactly the configured bucket bounds (le parsed as numbers),
     celery_task_queue_wait_seconds included.
  4. Every alerting and recording rule of monitoring/alerts/*.yml and monitoring/rules/*.yml is loaded and
     evaluates without error.
  5. No alert is firing but the Watchdog, which must fire (the dead-man's switch); pending alerts are listed.
     Prometheus has discovered an Alertmanager, and Alertmanager holds the Watchdog (--alertmanager-url).
  6. Every query of every dashboard panel returns data, with $__rate_interval, $job, $instance
     substituted (see monitoring/tools/dashboard_queries.py) and ${datasource} ignored.
  7. Compose mode, when GRAFANA_ADMIN_PASSWORD is set: Grafana is healthy and has the provisioned
     datasource and the four dashboards.
Prints a PASS/FAIL/SKIP table; exits 1 if anything failed. SKIP rows are always printed with their reason;
--strict turns every SKIP into a FAIL.
"""
import argparse
import base64
import glob
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dashboard_queries as dq  # noqa: E402

APP_JOBS = ["pybase-api", "extraction-worker", "search-worker"]
WORKER_JOBS = ["extraction-worker", "search-worker"]
COMPOSE_JOBS = ["prometheus"] + APP_JOBS + ["node-exporter", "redis", "postgres", "alertmanager"]
LOCAL_JOBS = ["prometheus"] + APP_JOBS + ["alertmanager"]
EXPORTER_JOBS = ["node-exporter", "redis", "postgres"]
EXPORTER_METRIC = re.compile(r"\b(node|redis|pg)_\w+")

# The metric contract: series names as Prometheus stores them.
CONTRACT = [
    "http_requests_total",
    "api_latency_histogram_bucket", "api_latency_histogram_sum", "api_latency_histogram_count",
    "http_requests_in_flight",
    "extraction_task_total",
    "extraction_task_duration_seconds_bucket", "extraction_task_duration_seconds_sum",
    "extraction_task_duration_seconds_count",
    "websocket_connections_current",
    "db_query_duration_seconds_bucket", "db_query_duration_seconds_sum", "db_query_duration_seconds_count",
    "db_query_errors_total",
    "db_pool_connections", "db_pool_connections_max",
    "cache_operations_total",
    "celery_task_total",
    "celery_task_duration_seconds_bucket", "celery_task_duration_seconds_sum", "celery_task_duration_seconds_count",
    "celery_task_retries_total",
    "celery_queue_length", "celery_queue_length_read_errors_total",
    "celery_active_workers", "celery_worker_pool_size",
    "celery_task_queue_wait_seconds_bucket", "celery_task_queue_wait_seconds_sum",
    "celery_task_queue_wait_seconds_count",
    "pybase_metrics_label_overflow_total",
]
# On every worker job: the enqueue-to-start histogram (per task_name).
PER_WORKER_JOB = ["celery_task_queue_wait_seconds_bucket", "celery_task_queue_wait_seconds_count"]
# Per worker type: these gauges must exist for worker_name="extraction" and "search".
PER_WORKER = ["celery_queue_length", "celery_active_workers", "celery_worker_pool_size"]
# On every PyBase process (client_java's JVM and process metrics).
PER_PROCESS = ["jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_threads_current", "process_cpu_seconds_total",
               "process_open_fds", "process_max_fds", "process_resident_memory_bytes", "process_start_time_seconds"]


class Prometheus:
    def __init__(self, url, timeout=10):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def get(self, path, params=None, raw=False):
        url = self.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
        with urllib.request.urlopen(url, timeout=self.timeout) as resp:
            body = resp.read().decode("utf-8")
        if raw:
            return body
        doc = json.loads(body)
        if doc.get("status") != "success":
            raise RuntimeError("%s: %s" % (path, doc.get("error", doc)))
        return doc["data"]

    def query(self, expr):
        return self.get("/api/v1/query", {"query": expr})


class Report:
    def __init__(self):
        self.rows = []

    def add(self, status, check, detail=""):
        self.rows.append((status, check, detail))

    def failed(self):
        return [r for r in self.rows if r[0] == "FAIL"]

    def print(self, out=None):
        out = out or sys.stdout
        width = min(max([len(r[1]) for r in self.rows] + [5]), 90)
        print("%-6s %-*s %s" % ("RESULT", width, "CHECK", "DETAIL"), file=out)
        print("%s %s %s" % ("-" * 6, "-" * width, "-" * 40), file=out)
        for status, check, detail in self.rows:
            print("%-6s %-*s %s" % (status, width, check, detail), file=out)
        counts = {s: sum(1 for r in self.rows if r[0] == s) for s in ("PASS", "FAIL", "SKIP", "INFO")}
        print("\n%(PASS)d passed, %(FAIL)d failed, %(SKIP)d skipped" % counts, file=out)


def alert_names(monitoring_dir):
    names = []
    for path in sorted(glob.glob(os.path.join(monitoring_dir, "alerts", "*.yml"))):
        names += re.findall(r"^\s*-\s*alert:\s*([A-Za-z0-9_]+)\s*$", open(path, encoding="utf-8").read(), re.M)
    return sorted(set(names))


def record_names(monitoring_dir):
    names = []
    for path in sorted(glob.glob(os.path.join(monitoring_dir, "rules", "*.yml"))):
        names += re.findall(r"^\s*-\s*record:\s*([A-Za-z0-9_:]+)\s*$", open(path, encoding="utf-8").read(), re.M)
    return sorted(set(names))


def configured_buckets(monitoring_dir):
    """{histogram: [bounds]} of monitoring/config.yml's `buckets:` (read without PyYAML: one flow list a line)."""
    text = open(os.path.join(monitoring_dir, "config.yml"), encoding="utf-8").read()
    block = re.search(r"^buckets:\n((?:[ #].*\n|\n)+)", text, re.M)
    result = {}
    for m in re.finditer(r"^\s+(\w+):\s*\[([^\]]*)\]", block.group(1) if block else "", re.M):
        result[m.group(1)] = sorted(float(x) for x in m.group(2).split(","))
    return result


def le_value(text):
    """'1', '1.0', '+Inf' -> float (Prometheus 3 writes "1.0" where 2.x kept "1")."""
    return float("inf") if text in ("+Inf", "Inf") else float(text)


def has_data(result):
    """An instant query result has data when it holds at least one sample (NaN counts: the series exist)."""
    if result.get("resultType") in ("vector", "matrix"):
        return len(result.get("result", [])) > 0
    return result.get("result") is not None


def verify(args):
    r = Report()
    prom = Prometheus(args.prometheus_url)
    try:
        prom.get("/-/ready", raw=True)
        r.add("PASS", "prometheus ready", args.prometheus_url)
    except Exception as e:  # noqa: BLE001 - any failure to reach it is the finding
        r.add("FAIL", "prometheus ready", "%s: %s" % (args.prometheus_url, e))
        return r

    expected_jobs = list(LOCAL_JOBS if args.local else COMPOSE_JOBS)
    targets = prom.get("/api/v1/targets", {"state": "active"})["activeTargets"]
    by_job = {}
    for t in targets:
        by_job.setdefault(t["labels"].get("job") or t.get("scrapePool"), []).append(t)
    exporters_present = {j for j in EXPORTER_JOBS if j in by_job}
    if args.local:
        for job in EXPORTER_JOBS:
            if job in by_job:
                expected_jobs.append(job)
            elif args.strict:
                r.add("FAIL", "targets of job %s" % job, "--strict: no %s job configured" % job)
            else:
                r.add("SKIP", "targets of job %s" % job, "not configured in the local run (no exporter)")
    for job in expected_jobs:
        if not by_job.get(job):
            r.add("FAIL", "targets of job %s" % job, "no target discovered")
    for job in sorted(by_job):
        for t in by_job[job]:
            name = "target %s %s" % (job, t["labels"].get("instance", t.get("scrapeUrl")))
            if t.get("health") == "up":
                r.add("PASS", name, t.get("scrapeUrl", ""))
            else:
                r.add("FAIL", name, "%s: %s" % (t.get("health"), t.get("lastError", "")))

    for metric in CONTRACT:
        res = prom.query('count by (job) ({__name__="%s"})' % metric)
        jobs = sorted(s["metric"].get("job", "?") for s in res["result"])
        r.add("PASS" if jobs else "FAIL", "metric %s" % metric, ", ".join(jobs) if jobs else "no series")
    for metric in PER_WORKER_JOB:
        for job in WORKER_JOBS:
            res = prom.query('count(%s{job="%s"})' % (metric, job))
            ok = has_data(res)
            r.add("PASS" if ok else "FAIL", 'metric %s{job="%s"}' % (metric, job), "" if ok else "no series")
    for metric, bounds in sorted(configured_buckets(args.monitoring_dir).items()):
        res = prom.query('count by (le) (%s_bucket)' % metric)
        found = sorted(le_value(s["metric"].get("le", "")) for s in res["result"])
        expected = bounds + [float("inf")]
        name = "bucket bounds of %s" % metric
        if found == expected:
            r.add("PASS", name, "%d bounds as in monitoring/config.yml" % len(bounds))
        else:
            r.add("FAIL", name, "expected %s, found %s" % (
                ", ".join("%g" % b for b in expected), ", ".join("%g" % b for b in found) or "no series"))
    for metric in PER_WORKER:
        for worker in ("extraction", "search"):
            res = prom.query('count(%s{worker_name="%s"})' % (metric, worker))
            ok = has_data(res)
            r.add("PASS" if ok else "FAIL", 'metric %s{worker_name="%s"}' % (metric, worker),
                  "" if ok else "no series")
    for job in APP_JOBS:
        missing = [m for m in PER_PROCESS if not has_data(prom.query('%s{job="%s"}' % (m, job)))]
        r.add("FAIL" if missing else "PASS", "JVM/process metrics of %s" % job,
              ("missing " + ", ".join(missing)) if missing else ", ".join(PER_PROCESS[:3]) + ", ...")

    groups = prom.get("/api/v1/rules")["groups"]
    loaded = {}
    recorded = {}
    for g in groups:
        for rule in g["rules"]:
            if rule.get("type") == "alerting":
                loaded.setdefault(rule["name"], rule)
                if rule.get("health") == "err":   # one of several rules of that name failing
                    loaded[rule["name"]] = rule
            elif rule.get("type") == "recording":
                recorded[rule["name"]] = rule
    for kind, names, have in (("rule", alert_names(args.monitoring_dir), loaded),
                              ("recording rule", record_names(args.monitoring_dir), recorded)):
        for name in names:
            rule = have.get(name)
            if rule is None:
                r.add("FAIL", "%s %s loaded" % (kind, name), "not loaded (check rule_files)")
            elif rule.get("health") == "err":
                r.add("FAIL", "%s %s loaded" % (kind, name), "evaluation error: %s" % rule.get("lastError"))
            else:
                r.add("PASS", "%s %s loaded" % (kind, name), "health %s" % rule.get("health"))

    alerts = prom.get("/api/v1/alerts")["alerts"]
    firing = [a for a in alerts if a["state"] == "firing" and a["labels"]["alertname"] != "Watchdog"]
    pending = [a for a in alerts if a["state"] == "pending"]
    watchdog = [a for a in alerts if a["state"] == "firing" and a["labels"]["alertname"] == "Watchdog"]
    r.add("PASS" if watchdog else "FAIL", "Watchdog firing (dead-man's switch)",
          "" if watchdog else "the always-firing Watchdog is not firing: rules are not evaluated")
    for a in firing:
        r.add("FAIL", "alert %s firing" % a["labels"]["alertname"],
              ", ".join("%s=%s" % kv for kv in sorted(a["labels"].items()) if kv[0] != "alertname"))
    for a in pending:
        r.add("INFO", "alert %s pending" % a["labels"]["alertname"],
              ", ".join("%s=%s" % kv for kv in sorted(a["labels"].items()) if kv[0] != "alertname"))
    if not firing:
        r.add("PASS", "no alert firing but the Watchdog", "%d pending" % len(pending))
    res = prom.query("max(prometheus_notifications_alertmanagers_discovered)")
    discovered = res["result"][0]["value"][1] if res.get("result") else "0"
    r.add("PASS" if float(discovered) >= 1 else "FAIL", "Prometheus has discovered an Alertmanager",
          "prometheus_notifications_alertmanagers_discovered = %s" % discovered)
    if args.alertmanager_url:
        check_alertmanager(args, r)

    substitutions = dict(kv.split("=", 1) for kv in args.substitute)
    for path, d in dq.load_dashboards(os.path.join(args.monitoring_dir, "grafana-dashboards")):
        for title, ref, expr in dq.panel_queries(d):
            name = "panel %s / %s [%s]" % (d.get("uid"), title, ref)
            metrics = set(EXPORTER_METRIC.findall(expr))
            if args.local and metrics and not exporters_present and not args.strict:
                r.add("SKIP", name, "reads exporter metrics; no exporter in the local run")
                continue
            try:
                res = prom.query(dq.substitute(expr, substitutions))
            except Exception as e:  # noqa: BLE001
                r.add("FAIL", name, "query error: %s" % e)
                continue
            r.add("PASS" if has_data(res) else "FAIL", name, "" if has_data(res) else "no data")

    if not args.local:
        check_grafana(args, r)
    return r


def check_alertmanager(args, r):
    url = args.alertmanager_url.rstrip("/") + "/api/v2/alerts?filter=" + urllib.parse.quote('alertname="Watchdog"')
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            alerts = json.loads(resp.read().decode("utf-8"))
        ok = any(a.get("labels", {}).get("alertname") == "Watchdog" for a in alerts)
        receivers = sorted({rcv.get("name") for a in alerts for rcv in a.get("receivers", [])})
        r.add("PASS" if ok and receivers == ["watchdog"] else "FAIL", "Alertmanager holds the Watchdog",
              "receivers %s (expected watchdog)" % receivers if ok else "not received from Prometheus")
    except Exception as e:  # noqa: BLE001
        r.add("FAIL", "Alertmanager holds the Watchdog", "%s: %s" % (args.alertmanager_url, e))


def check_grafana(args, r):
    password = os.environ.get("GRAFANA_ADMIN_PASSWORD")
    if not password:
        r.add("SKIP" if not args.strict else "FAIL", "grafana provisioning",
              "set GRAFANA_ADMIN_PASSWORD to check Grafana's datasource and dashboards")
        return
    user = os.environ.get("GRAFANA_ADMIN_USER", "admin")
    token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()

    def get(path):
        req = urllib.request.Request(args.grafana_url.rstrip("/") + path, headers={"Authorization": "Basic " + token})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read().decode("utf-8"))

    try:
        health = get("/api/health")
        r.add("PASS" if health.get("database") == "ok" else "FAIL", "grafana health", json.dumps(health))
        ds = get("/api/datasources/uid/pybase-prometheus")
        r.add("PASS" if ds.get("url") == "http://prometheus:9090" else "FAIL", "grafana datasource pybase-prometheus",
              ds.get("url", ""))
        for uid in ("pybase-overview", "pybase-api-performance", "pybase-celery-workers", "pybase-database-redis"):
            try:
                dash = get("/api/dashboards/uid/" + uid)
                r.add("PASS", "grafana dashboard %s" % uid, dash["dashboard"].get("title", ""))
            except urllib.error.HTTPError as e:
                r.add("FAIL", "grafana dashboard %s" % uid, "HTTP %s" % e.code)
    except Exception as e:  # noqa: BLE001
        r.add("FAIL", "grafana", "%s: %s" % (args.grafana_url, e))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--local", action="store_true",
                   help="the embedded run (scripts/run-local.sh): jobs prometheus, pybase-api and both workers; "
                        "exporter jobs are checked when configured")
    p.add_argument("--prometheus-url", default=os.environ.get("PROMETHEUS_URL", "http://localhost:9090"))
    p.add_argument("--grafana-url", default=os.environ.get("GRAFANA_URL", "http://localhost:3000"))
    p.add_argument("--alertmanager-url", default=os.environ.get("ALERTMANAGER_URL", "http://localhost:9093"),
                   help="Alertmanager to ask whether it holds the Watchdog (empty: skip that check)")
    p.add_argument("--monitoring-dir", default=dq.MONITORING_DIR)
    p.add_argument("--strict", action="store_true", help="every SKIP is a FAIL")
    p.add_argument("--wait", type=float, default=0,
                   help="retry for up to this many seconds until every check passes (fresh stacks)")
    p.add_argument("--substitute", action="append", default=[], metavar="VAR=VALUE",
                   help="value of a Grafana variable in panel queries (default: __rate_interval=1m, job=.+, "
                        "instance=.+)")
    args = p.parse_args(argv)
    deadline = time.time() + args.wait
    while True:
        try:
            report = verify(args)
        except Exception as e:  # noqa: BLE001
            report = Report()
            report.add("FAIL", "verification", "%s: %s" % (type(e).__name__, e))
        if not report.failed() or time.time() >= deadline:
            break
        print("e2e-verification: %d check(s) failing, retrying (%.0f s left)"
              % (len(report.failed()), deadline - time.time()), file=sys.stderr)
        time.sleep(5)
    report.print()
    return 1 if report.failed() else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
