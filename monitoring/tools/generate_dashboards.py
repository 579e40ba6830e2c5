#!/usr/bin/env python3
"""Writes the four Grafana dashboards of monitoring/grafana-dashboards/ (dashboards as code).

    python3 monitoring/tools/generate_dashboards.py           # rewrite the JSON files
    python3 monitoring/tools/generate_dashboards.py --check   # exit 1 if a JSON file differs

The JSON files are what Grafana provisions and what users import by hand; this script is the single
place where panels are defined, so the shared conventions (datasource variable, job and instance
variables, $__rate_interval, units, descriptions, links, stable uids) cannot drift between files.
monitoring/tests/check-static.sh runs it with --check and then lints the JSON.
"""
import json
import os
import sys

DASHBOARD_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grafana-dashboards")
DS = {"type": "prometheus", "uid": "${datasource}"}
SEL = 'job=~"$job", instance=~"$instance"'
RI = "$__rate_interval"
TAG = "pybase"


def sel(extra=""):
    """Label matchers every panel query carries, plus optional extra matchers."""
    return "{" + SEL + (", " + extra if extra else "") + "}"


def rate(metric, extra=""):
    return "rate(%s%s[%s])" % (metric, sel(extra), RI)


def quantile(q, metric, by=""):
    by_clause = "le" + (", " + by if by else "")
    return "histogram_quantile(%s, sum by (%s) (%s))" % (q, by_clause, rate(metric + "_bucket"))


def target(expr, legend="", ref="A", fmt=None):
    t = {"datasource": DS, "expr": expr, "legendFormat": legend or "__auto", "range": True, "refId": ref}
    if fmt:
        t["format"] = fmt
    return t


def targets(*pairs):
    return [target(expr, legend, chr(ord("A") + i)) for i, (expr, legend) in enumerate(pairs)]


class Board:
    def __init__(self, uid, title, description, job_query):
        self.uid, self.title, self.description, self.job_query = uid, title, description, job_query
        self.panels = []
        self.x = self.y = self.row_h = 0

    def _place(self, w, h):
        if self.x + w > 24:
            self.x, self.y, self.row_h = 0, self.y + self.row_h, 0
        pos = {"h": h, "w": w, "x": self.x, "y": self.y}
        self.x += w
        self.row_h = max(self.row_h, h)
        return pos

    def newline(self):
        if self.x:
            self.x, self.y, self.row_h = 0, self.y + self.row_h, 0

    def _panel(self, kind, title, description, unit, tgts, w, h, extra=None):
        panel = {
            "id": len(self.panels) + 1,
            "type": kind,
            "title": title,
            "description": description,
            "datasource": DS,
            "gridPos": self._place(w, h),
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "targets": tgts,
        }
        panel.update(extra or {})
        self.panels.append(panel)
        return panel

    def stat(self, title, description, unit, expr, w=4, h=4, legend=""):
        return self._panel("stat", title, description, unit, [target(expr, legend)], w, h, {
            "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "value", "graphMode": "area", "textMode": "auto"},
        })

    def timeseries(self, title, description, unit, tgts, w=12, h=8, stack=False):
        custom = {"drawStyle": "line", "fillOpacity": 10, "lineWidth": 1, "showPoints": "never"}
        if stack:
            custom["stacking"] = {"mode": "normal", "group": "A"}
        panel = self._panel("timeseries", title, description, unit, tgts, w, h, {
            "options": {"legend": {"displayMode": "table", "placement": "bottom", "showLegend": True,
                                   "calcs": ["mean", "max", "lastNotNull"]},
                        "tooltip": {"mode": "multi", "sort": "desc"}},
        })
        panel["fieldConfig"]["defaults"]["custom"] = custom
        return panel

    def heatmap(self, title, description, metric, w=12, h=8):
        expr = "sum by (le) (%s)" % rate(metric + "_bucket")
        return self._panel("heatmap", title, description, "s", [target(expr, "{{le}}", fmt="heatmap")], w, h, {
            "options": {"calculate": False, "cellGap": 1, "color": {"mode": "scheme", "scheme": "Oranges",
                                                                    "steps": 64},
                        "yAxis": {"unit": "s", "axisPlacement": "left"},
                        "rowsFrame": {"layout": "le"}, "tooltip": {"show": True, "yHistogram": True}},
        })

    def variable(self, name, query):
        return {
            "name": name, "label": name.capitalize(), "type": "query", "datasource": DS,
            "definition": query, "query": {"query": query, "refId": "PrometheusVariableQueryEditor-VariableQuery"},
            "multi": True, "includeAll": True, "allValue": ".+",
            "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
            "refresh": 2, "regex": "", "sort": 1, "hide": 0, "options": [],
        }

    def to_json(self):
        return {
            "uid": self.uid,
            "title": self.title,
            "description": self.description,
            "tags": [TAG],
            "editable": False,
            "graphTooltip": 1,
            "schemaVersion": 39,
            "version": 1,
            "refresh": "30s",
            "time": {"from": "now-1h", "to": "now"},
            "timepicker": {},
            "timezone": "browser",
            "fiscalYearStartMonth": 0,
            "liveNow": False,
            "weekStart": "",
            "annotations": {"list": [{
                "builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": True,
                "hide": True, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts",
                "type": "dashboard"}]},
            "links": [{
                "title": "PyBase dashboards", "type": "dashboards", "tags": [TAG], "asDropdown": False,
                "includeVars": True, "keepTime": True, "targetBlank": False, "icon": "external link",
                "tooltip": "", "url": ""}],
            "templating": {"list": [
                {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
                 "current": {}, "hide": 0, "includeAll": False, "multi": False, "options": [], "refresh": 1,
                 "regex": ""},
                self.variable("job", self.job_query),
                self.variable("instance", 'label_values(up{job=~"$job"}, instance)'),
            ]},
            "panels": self.panels,
        }


def error_ratio(status_regex, extra=""):
    """Share of requests whose status matches; 0 (not "no data") while there are none."""
    num = "sum(%s)" % rate("http_requests_total", 'status=~"%s"%s' % (status_regex, extra))
    den = "sum(%s)" % rate("http_requests_total", extra.lstrip(", "))
    return "(%s or vector(0)) / %s" % (num, den)


def overview():
    b = Board("pybase-overview", "PyBase / Overview",
              "System-wide health of PyBase: targets, API traffic and errors, workers, JVM and host resources.",
              "label_values(up, job)")
    b.stat("Targets up", "Scrape targets answering right now (up == 1), out of every target of the selected jobs.",
           "none", "sum(up%s)" % sel())
    b.stat("Request rate", "HTTP requests per second served by the API, all endpoints.", "reqps",
           "sum(%s)" % rate("http_requests_total"))
    b.stat("5xx ratio", "Share of API requests answered with a 5xx status. HighAPIErrorRate fires above 5%.",
           "percentunit", error_ratio("5.."))
    b.stat("API p95 latency", "95th percentile of API request latency from the api_latency_histogram buckets.",
           "s", quantile(0.95, "api_latency_histogram"))
    b.stat("In-flight requests", "HTTP requests being served right now.", "none",
           "sum(http_requests_in_flight%s)" % sel())
    b.stat("Firing alerts", "Prometheus alerts firing now, all jobs (details on http://localhost:9090/alerts).",
           "none", 'count(ALERTS{alertstate="firing"}) or vector(0)')
    b.newline()
    b.timeseries("Requests by status", "API requests per second by HTTP status code.", "reqps", targets(
        ("sum by (status) (%s)" % rate("http_requests_total"), "{{status}}")))
    b.timeseries("API latency quantiles", "p50, p95 and p99 of API request latency, all endpoints.", "s", targets(
        (quantile(0.5, "api_latency_histogram"), "p50"),
        (quantile(0.95, "api_latency_histogram"), "p95"),
        (quantile(0.99, "api_latency_histogram"), "p99")))
    b.timeseries("Tasks by status", "Worker tasks finished per second by outcome (success, failure, retry).", "ops",
                 targets(("sum by (status) (%s)" % rate("celery_task_total"), "{{status}}")))
    b.timeseries("Queue length", "Tasks waiting in each worker queue (the largest value any replica reports).",
                 "none", targets(("max by (worker_name) (celery_queue_length%s)" % sel(), "{{worker_name}}")))
    b.timeseries("JVM heap used", "Heap used as a share of the maximum heap, per process. JvmHeapHigh fires above 90%.",
                 "percentunit", targets((
                     'sum by (job, instance) (jvm_memory_used_bytes%s) / sum by (job, instance) '
                     '(jvm_memory_max_bytes%s > 0)' % (sel('area="heap"'), sel('area="heap"')),
                     "{{job}} {{instance}}")))
    b.timeseries("Process CPU", "CPU time used per second by each process (1 = one full core).", "percentunit",
                 targets(("sum by (job, instance) (%s)" % rate("process_cpu_seconds_total"),
                          "{{job}} {{instance}}")))
    b.timeseries("File descriptors used", "Open file descriptors as a share of the process limit.", "percentunit",
                 targets(("process_open_fds%s / process_max_fds%s" % (sel(), sel()), "{{job}} {{instance}}")))
    b.timeseries("Host CPU busy", "Share of host CPU time not idle, averaged over all CPUs (node-exporter).",
                 "percentunit", targets((
                     "1 - avg by (instance) (%s)" % rate("node_cpu_seconds_total", 'mode="idle"'), "{{instance}}")))
    fs = 'fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs"'
    b.timeseries("Host disk available", "Free space per filesystem as a share of its size (node-exporter).",
                 "percentunit", targets(("node_filesystem_avail_bytes%s / node_filesystem_size_bytes%s"
                                         % (sel(fs), sel(fs)), "{{instance}} {{mountpoint}}")))
    b.timeseries("Label overflow and recording errors",
                 "Label values folded into __overflow__ by the cardinality guard, and recording calls that failed "
                 "inside the library. Both should stay at 0.", "ops", targets(
                     ("sum by (metric, label) (%s)" % rate("pybase_metrics_label_overflow_total"),
                      "overflow {{metric}}/{{label}}"),
                     ("sum(%s)" % rate("pybase_metrics_recording_errors_total"), "recording errors")))
    return b


def api_performance():
    b = Board("pybase-api-performance", "PyBase / API Performance",
              "PyBase API: request rate, errors and latency by route template, from http_requests_total and "
              "api_latency_histogram.", "label_values(http_requests_total, job)")
    b.stat("Request rate", "HTTP requests per second, all endpoints.", "reqps",
           "sum(%s)" % rate("http_requests_total"))
    b.stat("5xx ratio", "Share of requests answered 5xx. HighAPIErrorRate fires above 5% for 5m, "
           "CriticalAPIErrorRate above 20% for 2m.", "percentunit", error_ratio("5.."))
    b.stat("4xx ratio", "Share of requests answered 4xx (client errors; no alert).", "percentunit",
           error_ratio("4.."))
    b.stat("p95 latency", "95th percentile of request latency. SlowAPILatency fires above 1s for 10m, "
           "CriticalAPILatency above 5s for 2m.", "s", quantile(0.95, "api_latency_histogram"))
    b.stat("In-flight requests", "HTTP requests being served right now.", "none",
           "sum(http_requests_in_flight%s)" % sel())
    b.stat("WebSocket connections", "WebSocket connections open right now.", "none",
           "sum(websocket_connections_current%s)" % sel())
    b.newline()
    b.timeseries("Requests by endpoint", "Requests per second by method and route template.", "reqps", targets(
        ("sum by (method, endpoint) (%s)" % rate("http_requests_total"), "{{method}} {{endpoint}}")))
    b.timeseries("Requests by status", "Requests per second by HTTP status code.", "reqps", targets(
        ("sum by (status) (%s)" % rate("http_requests_total"), "{{status}}")), stack=True)
    b.timeseries("Error ratio", "Share of requests answered 5xx and 4xx.", "percentunit", targets(
        (error_ratio("5.."), "5xx"), (error_ratio("4.."), "4xx")))
    b.timeseries("Latency quantiles", "p50, p90, p95 and p99 of request latency, all endpoints.", "s", targets(
        (quantile(0.5, "api_latency_histogram"), "p50"),
        (quantile(0.9, "api_latency_histogram"), "p90"),
        (quantile(0.95, "api_latency_histogram"), "p95"),
        (quantile(0.99, "api_latency_histogram"), "p99")))
    b.timeseries("p95 latency by endpoint", "95th percentile of latency per method and route template.", "s",
                 targets((quantile(0.95, "api_latency_histogram", "method, endpoint"), "{{method}} {{endpoint}}")))
    b.heatmap("Latency heatmap", "Distribution of request latency over the api_latency_histogram buckets "
              "(requests per second in each bucket).", "api_latency_histogram")
    b.timeseries("Average latency by endpoint", "Mean request latency (sum / count) per route template.", "s",
                 targets(("sum by (endpoint) (%s) / sum by (endpoint) (%s)" % (
                     rate("api_latency_histogram_sum"), rate("api_latency_histogram_count")), "{{endpoint}}")))
    b.timeseries("In-flight requests and WebSockets", "Concurrent HTTP requests and open WebSocket connections.",
                 "none", targets(("sum(http_requests_in_flight%s)" % sel(), "in-flight requests"),
                                 ("sum(websocket_connections_current%s)" % sel(), "WebSocket connections")))
    return b


def celery_workers():
    b = Board("pybase-celery-workers", "PyBase / Celery Workers",
              "Extraction and search workers: task throughput, failures, retries, duration, queue backlog and "
              "pool saturation.", "label_values(celery_task_total, job)")
    b.stat("Worker replicas up", "Worker processes Prometheus scrapes successfully (every replica found by DNS).",
           "none", "sum(up%s)" % sel('job=~".+-worker"'))
    b.stat("Task rate", "Tasks finished per second, all workers.", "ops", "sum(%s)" % rate("celery_task_total"))
    b.stat("Failure ratio", "Failed tasks among finished ones (retries excluded). HighWorkerTaskFailureRate fires "
           "above 10%.", "percentunit",
           "(sum(%s) or vector(0)) / sum(%s)" % (rate("celery_task_total", 'status="failure"'),
                                                 rate("celery_task_total", 'status=~"success|failure"')))
    b.stat("Queued tasks", "Tasks waiting in all queues.", "none",
           "sum(max by (worker_name) (celery_queue_length%s))" % sel())
    b.stat("Busy slots", "Tasks executing now as a share of the worker pool capacity.", "percentunit",
           "sum(celery_active_workers%s) / sum(celery_worker_pool_size%s)" % (sel(), sel()))
    b.stat("Retry rate", "Task retries per second.", "ops", "sum(%s)" % rate("celery_task_retries_total"))
    b.newline()
    b.timeseries("Tasks by name and status", "Tasks finished per second by task name and outcome.", "ops", targets(
        ("sum by (task_name, status) (%s)" % rate("celery_task_total"), "{{task_name}} {{status}}")))
    b.timeseries("Failure ratio by task", "Failed tasks among finished ones, per task name.", "percentunit",
                 targets(("sum by (task_name) (%s) / sum by (task_name) (%s)" % (
                     rate("celery_task_total", 'status="failure"'),
                     rate("celery_task_total", 'status=~"success|failure"')), "{{task_name}}")))
    b.timeseries("Task duration quantiles", "p50 and p95 of task duration per task name.", "s", targets(
        (quantile(0.5, "celery_task_duration_seconds", "task_name"), "p50 {{task_name}}"),
        (quantile(0.95, "celery_task_duration_seconds", "task_name"), "p95 {{task_name}}")))
    b.heatmap("Task duration heatmap", "Distribution of task duration over the celery_task_duration_seconds "
              "buckets.", "celery_task_duration_seconds")
    b.timeseries("Retries by task", "Task retries per second per task name.", "ops", targets(
        ("sum by (task_name) (%s)" % rate("celery_task_retries_total"), "{{task_name}}")))
    b.timeseries("Queue length", "Tasks waiting in each worker queue. CeleryQueueBacklogGrowing fires above 100 "
                 "while growing.", "none",
                 targets(("max by (worker_name) (celery_queue_length%s)" % sel(), "{{worker_name}}")))
    b.timeseries("Pool saturation", "Tasks executing now divided by pool capacity, per worker type "
                 "(1 = every slot busy).", "percentunit", targets((
                     "sum by (worker_name) (celery_active_workers%s) / sum by (worker_name) "
                     "(celery_worker_pool_size%s)" % (sel(), sel()), "{{worker_name}}")))
    b.timeseries("Active tasks per replica", "Tasks executing now in each worker process.", "none", targets(
        ("sum by (worker_name, instance) (celery_active_workers%s)" % sel(), "{{worker_name}} {{instance}}")))
    b.timeseries("Extractions by type and status", "Extraction tasks per second by file type and outcome.",
                 "ops", targets(("sum by (task_type, status) (%s)" % rate("extraction_task_total"),
                                 "{{task_type}} {{status}}")))
    b.timeseries("Extraction duration p95", "95th percentile of extraction duration per file type.", "s",
                 targets((quantile(0.95, "extraction_task_duration_seconds", "task_type"), "{{task_type}}")))
    b.timeseries("Queue length read errors", "Failed reads of the queue length at scrape time; while non-zero "
                 "the queue length is stale.", "ops", targets(
                     ("sum by (worker_name) (%s)" % rate("celery_queue_length_read_errors_total"),
                      "{{worker_name}}")))
    b.timeseries("Worker JVM heap", "Heap used per worker process.", "bytes", targets(
        ("sum by (instance) (jvm_memory_used_bytes%s)" % sel('area="heap"'), "{{instance}}")))
    return b


def database_redis():
    b = Board("pybase-database-redis", "PyBase / Database & Redis",
              "Database queries and connection pools of the PyBase processes, the cache, and the Redis and "
              "PostgreSQL servers through their exporters.", "label_values(up, job)")
    b.stat("Redis up", "1 when redis_exporter reaches Redis.", "none", "min(redis_up%s)" % sel())
    b.stat("PostgreSQL up", "1 when postgres_exporter reaches PostgreSQL.", "none", "min(pg_up%s)" % sel())
    b.stat("Query rate", "Database queries per second from the PyBase processes.", "ops",
           "sum(%s)" % rate("db_query_duration_seconds_count"))
    b.stat("Query p95", "95th percentile of database query duration. SlowDatabaseQueries fires above 1s.", "s",
           quantile(0.95, "db_query_duration_seconds"))
    b.stat("Cache hit ratio", "Cache gets that hit, among gets that hit or missed.", "percentunit",
           "sum(%s) / sum(%s)" % (rate("cache_operations_total", 'operation="get", status="hit"'),
                                  rate("cache_operations_total", 'operation="get", status=~"hit|miss"')))
    b.stat("Pool usage", "Active connections as a share of the pool maximum, all pools.", "percentunit",
           'sum(db_pool_connections%s) / sum(db_pool_connections_max%s)' % (sel('state="active"'), sel()))
    b.newline()
    b.timeseries("Queries by type", "Database queries per second by query type.", "ops", targets(
        ("sum by (query_type) (%s)" % rate("db_query_duration_seconds_count"), "{{query_type}}")))
    b.timeseries("Query duration p95 by type", "95th percentile of query duration per query type.", "s", targets(
        (quantile(0.95, "db_query_duration_seconds", "query_type"), "{{query_type}}")))
    b.heatmap("Query duration heatmap", "Distribution of query duration over the db_query_duration_seconds "
              "buckets.", "db_query_duration_seconds")
    b.timeseries("Query errors by type", "Queries that threw, per second, by query type.", "ops", targets(
        ("sum by (query_type) (%s)" % rate("db_query_errors_total"), "{{query_type}}")))
    b.timeseries("Pool connections by state", "Connections of each pool by state (active, idle, pending) and the "
                 "pool maximum.", "none", targets(
                     ("sum by (pool, state) (db_pool_connections%s)" % sel(), "{{pool}} {{state}}"),
                     ("sum by (pool) (db_pool_connections_max%s)" % sel(), "{{pool}} max")))
    b.timeseries("Cache operations", "Cache operations per second by operation and outcome.", "ops", targets(
        ("sum by (operation, status) (%s)" % rate("cache_operations_total"), "{{operation}} {{status}}")))
    b.timeseries("Redis commands", "Commands Redis processes per second.", "ops", targets(
        ("sum by (instance) (%s)" % rate("redis_commands_processed_total"), "{{instance}}")))
    b.timeseries("Redis memory", "Memory Redis uses (used_memory).", "bytes", targets(
        ("sum by (instance) (redis_memory_used_bytes%s)" % sel(), "{{instance}} used")))
    b.timeseries("Redis connected clients", "Client connections open on Redis.", "none", targets(
        ("sum by (instance) (redis_connected_clients%s)" % sel(), "{{instance}}")))
    b.timeseries("Redis keyspace hits and misses", "Key lookups per second that found or missed a key.", "ops",
                 targets(("sum(%s)" % rate("redis_keyspace_hits_total"), "hits"),
                         ("sum(%s)" % rate("redis_keyspace_misses_total"), "misses")))
    b.timeseries("PostgreSQL backends", "Server processes connected to each database.", "none", targets(
        ("sum by (datname) (pg_stat_database_numbackends%s)" % sel(), "{{datname}}")))
    b.timeseries("PostgreSQL transactions", "Commits and rollbacks per second, all databases.", "ops", targets(
        ("sum(%s)" % rate("pg_stat_database_xact_commit"), "commits"),
        ("sum(%s)" % rate("pg_stat_database_xact_rollback"), "rollbacks")))
    b.timeseries("PostgreSQL database size", "On-disk size of each database.", "bytes", targets(
        ("sum by (datname) (pg_database_size_bytes%s)" % sel(), "{{datname}}")))
    return b


BOARDS = {"overview.json": overview, "api-performance.json": api_performance,
          "celery-workers.json": celery_workers, "database-redis.json": database_redis}


def render(factory):
    return json.dumps(factory().to_json(), indent=2, ensure_ascii=False) + "\n"


def main(argv):
    check = "--check" in argv
    stale = []
    for name, factory in BOARDS.items():
        path = os.path.join(DASHBOARD_DIR, name)
        text = render(factory)
        if check:
            current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
            if current != text:
                stale.append(name)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print("wrote", os.path.relpath(path))
    if stale:
        print("dashboards differ from monitoring/tools/generate_dashboards.py: %s "
              "(run it without --check and commit)" % ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
