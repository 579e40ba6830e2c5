#!/usr/bin/env python3
"""The four Grafana dashboards of monitoring/grafana-dashboards/ (dashboards as code), generated from
monitoring/config.yml like the alert and recording rules. Run through generate.py:

    python3 monitoring/tools/generate.py           # rewrite every generated file
    python3 monitoring/tools/generate.py --check   # exit 1 if a committed file differs

This module is the single place where panels are defined, so the shared conventions cannot drift between files:
a datasource variable, job and instance variables, $__rate_interval, a unit and a description on every panel,
stable uids; every stat has explicit thresholds (the alert thresholds of the configuration where an alert reads
the same value, a neutral colour where none does), value mappings and a no-data text instead of NaN; firing
alerts are annotations; dashboard links keep the time range and the datasource but not the job and instance
variables (their values differ between dashboards). monitoring/tests/lint_dashboards.py lints the JSON.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mixin_config as mc  # noqa: E402

DASHBOARD_DIR = os.path.join(mc.MONITORING_DIR, "grafana-dashboards")
DS = {"type": "prometheus", "uid": "${datasource}"}
SEL = 'job=~"$job", instance=~"$instance"'
RI = "$__rate_interval"
TAG = "pybase"
TITLES = {"pybase-overview": "Overview", "pybase-api-performance": "API Performance",
          "pybase-celery-workers": "Celery Workers", "pybase-database-redis": "Database & Redis"}
NEUTRAL = [(None, "text")]
NO_DATA = "no data"
NO_TRAFFIC = "no traffic"


def sel(extra=""):
    """Label matchers every panel query carries, plus optional extra matchers."""
    return "{" + SEL + (", " + extra if extra else "") + "}"


def job_sel(extra=""):
    """Matchers for recorded series aggregated by job (they have no instance label)."""
    return '{job=~"$job"' + (", " + extra if extra else "") + "}"


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


def steps(*pairs):
    """Threshold steps: (None, base colour), (value, colour), ... ascending."""
    return {"mode": "absolute", "steps": [{"color": c, "value": v} for v, c in pairs]}


def nan_text(text):
    return {"type": "special", "options": {"match": "nan", "result": {"text": text, "index": 0}}}


def null_text(text):
    return {"type": "special", "options": {"match": "null", "result": {"text": text, "index": 1}}}


def up_down():
    return [{"type": "value", "options": {
        "0": {"text": "DOWN", "color": "red", "index": 0},
        "1": {"text": "UP", "color": "green", "index": 1}}}]


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

    def stat(self, title, description, unit, expr, thresholds, w=4, h=4, legend="", mappings=None,
             no_value=NO_DATA, nan=NO_TRAFFIC, decimals=None):
        """A stat with explicit thresholds (never Grafana's default red-at-80), value mappings (NaN -> `nan`
        text, plus `mappings`) and a no-data text."""
        panel = self._panel("stat", title, description, unit, [target(expr, legend)], w, h, {
            "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "value", "graphMode": "area", "textMode": "auto", "justifyMode": "auto",
                        "orientation": "auto"},
        })
        defaults = panel["fieldConfig"]["defaults"]
        defaults["thresholds"] = steps(*thresholds)
        defaults["color"] = {"mode": "thresholds"}
        defaults["mappings"] = list(mappings or []) + [nan_text(nan)]
        defaults["noValue"] = no_value
        if decimals is not None:
            defaults["decimals"] = decimals
        return panel

    def timeseries(self, title, description, unit, tgts, w=12, h=8, stack=False, threshold_lines=None):
        custom = {"drawStyle": "line", "fillOpacity": 10, "lineWidth": 1, "showPoints": "never"}
        if stack:
            custom["stacking"] = {"mode": "normal", "group": "A"}
        panel = self._panel("timeseries", title, description, unit, tgts, w, h, {
            "options": {"legend": {"displayMode": "table", "placement": "bottom", "showLegend": True,
                                   "calcs": ["mean", "max", "lastNotNull"]},
                        "tooltip": {"mode": "multi", "sort": "desc"}},
        })
        defaults = panel["fieldConfig"]["defaults"]
        defaults["custom"] = custom
        defaults["noValue"] = NO_DATA
        if threshold_lines:
            custom["thresholdsStyle"] = {"mode": "line+area"}
            defaults["thresholds"] = steps(*threshold_lines)
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

    def links(self):
        """One link per other dashboard: keeps the time range and the datasource; the job and instance
        variables stay behind (a job of the API dashboard means nothing on the workers' one)."""
        return [{
            "title": TITLES[uid], "type": "link", "url": "/d/%s?${datasource:queryparam}" % uid,
            "keepTime": True, "includeVars": False, "asDropdown": False, "targetBlank": False,
            "icon": "dashboard", "tooltip": "PyBase / %s (same time range and data source)" % TITLES[uid],
            "tags": [],
        } for uid in TITLES if uid != self.uid]

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
            "annotations": {"list": [
                {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": True,
                 "hide": True, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts",
                 "type": "dashboard"},
                {"datasource": DS, "enable": True, "hide": False, "iconColor": "red", "name": "Firing alerts",
                 "expr": 'ALERTS{alertstate="firing", alertname!="Watchdog"}', "step": "30s",
                 "titleFormat": "{{alertname}} ({{severity}})", "textFormat": "{{job}} {{instance}}",
                 "tagKeys": "severity,job", "useValueForTime": False},
            ]},
            "links": self.links(),
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


class Panels:
    """Panels shared by several dashboards, with the thresholds of the configuration."""

    def __init__(self, cfg):
        self.cfg = cfg
        a = cfg.alerts
        self.a = a
        budget = cfg.error_budget
        fastest = max(b["factor"] for b in cfg.slo["burn_rates"])
        self.ratio_5xx = [(None, "green"), (budget, "yellow"), (a["api_error_ratio"]["warning"], "orange"),
                          (round(fastest * budget, 10), "red")]
        self.api_p95 = [(None, "green"), (a["api_latency_p95"]["warning"], "orange"),
                        (a["api_latency_p95"]["critical"], "red")]

    def error_budget_left(self, b):
        cfg = self.cfg
        w = cfg.slo["window"]
        expr = ("1 - (\n  sum(sum_over_time(job:http_request_failures:increase5m%s[%s]))\n  /\n"
                "  sum(sum_over_time(job:http_requests:increase5m%s[%s]))\n) / %s" % (
                    job_sel(), w, job_sel(), w, mc.fmt_number(cfg.error_budget)))
        return b.stat("Error budget left (%s)" % w,
                      "Share of the %s error budget of the %s availability SLO (requests without a 5xx) not yet "
                      "spent; below 0 the SLO is broken. From the recording rules job:http_request_failures:"
                      "increase5m and job:http_requests:increase5m (Prometheus keeps %s)." % (
                          w, mc.pct(cfg.slo["target"]), cfg.retention),
                      "percentunit", expr, [(None, "red"), (0, "orange"), (0.25, "green")], decimals=1)

    def burn_rates(self, b, w=12):
        cfg = self.cfg
        pairs = []
        for br in cfg.slo["burn_rates"]:
            pairs.append(("sum(job:http_request_failures_per_requests:ratio_rate%s%s) / %s" % (
                br["long"], job_sel(), mc.fmt_number(cfg.error_budget)),
                "%s (%s at %sx)" % (br["long"], "page" if br["severity"] == "critical" else "ticket",
                                    mc.fmt_number(br["factor"]))))
        factors = sorted({float(br["factor"]) for br in cfg.slo["burn_rates"]})
        colors = ["yellow", "orange", "red", "dark-red"]
        return b.timeseries(
            "Error budget burn rate",
            "How many times faster than the SLO allows the API spends its error budget, over each long window of "
            "the burn-rate alerts (1 = exactly on budget). APIErrorBudgetBurnFast pages above 14.4 (1h) and 6 (6h) "
            "while the short window burns too; APIErrorBudgetBurnSlow opens a ticket above 3 (1d) and 1 (3d).",
            "none", targets(*pairs), w=w,
            threshold_lines=[(None, "green")] + [(f, colors[min(i, 3)]) for i, f in enumerate(factors)])


def overview(cfg, P):
    a = cfg.alerts
    b = Board("pybase-overview", "PyBase / Overview",
              "System-wide health of PyBase: targets, API traffic, errors and error budget, workers and queues, "
              "JVM and host resources.", "label_values(up, job)")
    b.stat("Targets down", "Scrape targets of the selected jobs that failed their last scrape (up == 0). "
           "TargetDown pages after %s." % a["target_down"]["for"], "none",
           "count(up%s == 0) or vector(0)" % sel(), [(None, "green"), (1, "red")])
    b.stat("Request rate", "HTTP requests per second served by the API, all endpoints.", "reqps",
           "sum(%s)" % rate("http_requests_total"), NEUTRAL)
    b.stat("5xx ratio", "Share of API requests answered with a 5xx status. Yellow: above the %s error budget; "
           "orange: HighAPIErrorRate's %s; red: the %sx burn that pages." % (
               mc.pct(cfg.error_budget), mc.pct(a["api_error_ratio"]["warning"]),
               mc.fmt_number(max(x["factor"] for x in cfg.slo["burn_rates"]))),
           "percentunit", error_ratio("5.."), P.ratio_5xx)
    b.stat("API p95 latency", "95th percentile of API request latency from the api_latency_histogram buckets. "
           "SlowAPILatency: warning above %ss, critical above %ss." % (
               mc.fmt_number(a["api_latency_p95"]["warning"]), mc.fmt_number(a["api_latency_p95"]["critical"])),
           "s", quantile(0.95, "api_latency_histogram"), P.api_p95)
    P.error_budget_left(b)
    b.stat("Firing alerts", "Prometheus alerts firing now, all jobs, except the always-firing Watchdog "
           "(details on %s/alerts)." % cfg.prometheus_url, "none",
           'count(ALERTS{alertstate="firing", alertname!="Watchdog"}) or vector(0)', [(None, "green"), (1, "red")])
    b.newline()
    b.timeseries("Requests by status", "API requests per second by HTTP status code.", "reqps", targets(
        ("sum by (status) (%s)" % rate("http_requests_total"), "{{status}}")))
    b.timeseries("API latency quantiles", "p50, p95 and p99 of API request latency, all endpoints.", "s", targets(
        (quantile(0.5, "api_latency_histogram"), "p50"),
        (quantile(0.95, "api_latency_histogram"), "p95"),
        (quantile(0.99, "api_latency_histogram"), "p99")))
    b.timeseries("Task attempts by outcome", "Task attempts per second by outcome: success and failure finish a "
                 "task, retry does not (the task runs again).", "ops",
                 targets(("sum by (status) (%s)" % rate("celery_task_total"), "{{status}}")))
    b.timeseries("Queue length", "Tasks waiting in each queue: the broker's count (there while no worker runs) "
                 "or the workers' celery_queue_length, whichever is larger (recording rule "
                 "job_worker_name:celery_queue_length:max).", "none",
                 targets(("max by (worker_name) (job_worker_name:celery_queue_length:max%s)" % job_sel(),
                          "{{worker_name}}")),
                 threshold_lines=[(None, "green"), (a["queue_backlog"]["warning"], "orange"),
                                  (a["queue_backlog"]["critical"], "red")])
    b.timeseries("JVM heap used", "Heap used as a share of the maximum heap, per process. JvmHeapHigh: warning "
                 "above %s, critical above %s." % (mc.pct(a["jvm_heap"]["warning"]), mc.pct(a["jvm_heap"]["critical"])),
                 "percentunit", targets((
                     'sum by (job, instance) (jvm_memory_used_bytes%s) / sum by (job, instance) '
                     '(jvm_memory_max_bytes%s > 0)' % (sel('area="heap"'), sel('area="heap"')),
                     "{{job}} {{instance}}")))
    b.timeseries("Process restarts", "Process starts per job and instance over the last hour "
                 "(changes of process_start_time_seconds). ProcessRestarting: warning at %s in %s, critical "
                 "(crash loop) at %s in %s." % (a["restarts"]["warning"], a["restarts"]["warning_window"],
                                                a["restarts"]["critical"], a["restarts"]["critical_window"]),
                 "none", targets(("changes(process_start_time_seconds%s[1h])" % sel(), "{{job}} {{instance}}")))
    b.timeseries("Process CPU", "CPU time used per second by each process (1 = one full core).", "percentunit",
                 targets(("sum by (job, instance) (%s)" % rate("process_cpu_seconds_total"),
                          "{{job}} {{instance}}")))
    b.timeseries("File descriptors used", "Open file descriptors as a share of the process limit.", "percentunit",
                 targets(("process_open_fds%s / process_max_fds%s" % (sel(), sel()), "{{job}} {{instance}}")))
    b.timeseries("Host CPU busy", "Share of host CPU time not idle, averaged over all CPUs (node-exporter).",
                 "percentunit", targets((
                     "1 - avg by (instance) (%s)" % rate("node_cpu_seconds_total", 'mode="idle"'), "{{instance}}")))
    fs = 'fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs"'
    b.timeseries("Host disk and inodes available", "Free space and free inodes per filesystem as a share of its "
                 "size (node-exporter). HostDiskSpaceLow and HostInodesLow: warning below %s, critical below %s." % (
                     mc.pct(a["disk_space_available"]["warning"]), mc.pct(a["disk_space_available"]["critical"])),
                 "percentunit", targets(
                     ("node_filesystem_avail_bytes%s / node_filesystem_size_bytes%s" % (sel(fs), sel(fs)),
                      "space {{instance}} {{mountpoint}}"),
                     ("node_filesystem_files_free%s / node_filesystem_files%s" % (sel(fs), sel(fs)),
                      "inodes {{instance}} {{mountpoint}}")))
    b.timeseries("Label overflow and recording errors",
                 "Label values folded into __overflow__ by the cardinality guard, and recording calls that failed "
                 "inside the library. Both should stay at 0.", "ops", targets(
                     ("sum by (metric, label) (%s)" % rate("pybase_metrics_label_overflow_total"),
                      "overflow {{metric}}/{{label}}"),
                     ("sum(%s)" % rate("pybase_metrics_recording_errors_total"), "recording errors")))
    ce, re_ = a["collect_errors"], a["recording_errors"]
    b.stat("Scrape-time read failures",
           "Scrape-time reads (gauge callbacks, suppliers handed to the library, JVM metric groups) that failed in "
           "the last %s, all metrics (pybase_metrics_collect_errors_total): each left that metric's series out of "
           "a scrape. MetricCollectErrors opens a ticket when a metric's reads keep failing for %s (the alert names "
           "the metric; a metric's counter appears at its first failure, which this stat counts from the "
           "second)." % (mc.human_seconds(mc.seconds(ce["window"])), mc.human_seconds(mc.seconds(ce["for"]))),
           "none", "sum(increase(pybase_metrics_collect_errors_total%s[%s])) or vector(0)" % (sel(), ce["window"]),
           [(None, "green"), (ce["warning"], "orange")], w=6, h=8, decimals=0)
    b.stat("Recording errors",
           "Faults inside recording in the last %s (pybase_metrics_recording_errors_total): requests and tasks were "
           "unaffected, their observations lost. MetricRecordingErrors opens a ticket at %s." % (
               mc.human_seconds(mc.seconds(re_["window"])), mc.fmt_number(re_["warning"])),
           "none", "sum(increase(pybase_metrics_recording_errors_total%s[%s])) or vector(0)" % (sel(), re_["window"]),
           [(None, "green"), (re_["warning"], "orange")], w=6, h=8, decimals=0)
    return b


def api_performance(cfg, P):
    a = cfg.alerts
    b = Board("pybase-api-performance", "PyBase / API Performance",
              "PyBase API: request rate, errors, error budget and latency by route template, from "
              "http_requests_total and api_latency_histogram.", "label_values(http_requests_total, job)")
    b.stat("Request rate", "HTTP requests per second, all endpoints.", "reqps",
           "sum(%s)" % rate("http_requests_total"), NEUTRAL)
    b.stat("5xx ratio", "Share of requests answered 5xx. HighAPIErrorRate opens a ticket above %s for %s; "
           "pages come from the error-budget burn (APIErrorBudgetBurnFast)." % (
               mc.pct(a["api_error_ratio"]["warning"]), a["api_error_ratio"]["for"]),
           "percentunit", error_ratio("5.."), P.ratio_5xx)
    b.stat("4xx ratio", "Share of requests answered 4xx (client errors; no alert).", "percentunit",
           error_ratio("4.."), NEUTRAL)
    b.stat("p95 latency", "95th percentile of request latency. SlowAPILatency: warning above %ss, critical above "
           "%ss, for %s." % (mc.fmt_number(a["api_latency_p95"]["warning"]),
                             mc.fmt_number(a["api_latency_p95"]["critical"]), a["api_latency_p95"]["for"]),
           "s", quantile(0.95, "api_latency_histogram"), P.api_p95)
    b.stat("In-flight requests", "HTTP requests being served right now.", "none",
           "sum(http_requests_in_flight%s)" % sel(), NEUTRAL, nan=NO_DATA)
    b.stat("WebSocket connections", "WebSocket connections open right now.", "none",
           "sum(websocket_connections_current%s)" % sel(), NEUTRAL, nan=NO_DATA)
    b.newline()
    P.error_budget_left(b)
    P.burn_rates(b, w=20)
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


def celery_workers(cfg, P):
    a = cfg.alerts
    wr, qw, bl = a["worker_failure_ratio"], a["queue_wait_p95"], a["queue_backlog"]
    b = Board("pybase-celery-workers", "PyBase / Celery Workers",
              "Extraction and search workers: task throughput, failures, retries, duration, queue backlog, "
              "queue wait and pool saturation.", "label_values(celery_task_total, job)")
    b.stat("Worker replicas up", "Worker processes Prometheus scrapes successfully (every replica found by DNS). "
           "ReplicasLost fires when fewer are discovered than during the last %s." % a["replicas_lost"]["lookback"],
           "none", "sum(up%s)" % sel(cfg.job_matcher("workers")), [(None, "red"), (1, "green")])
    b.stat("Finished tasks", "Tasks finished per second (success or failure), all workers; retried attempts are "
           "not finished tasks.", "ops", "sum(%s)" % rate("celery_task_total", 'status=~"success|failure"'), NEUTRAL)
    b.stat("Failure ratio", "Failed tasks among finished ones (retries excluded). HighWorkerTaskFailureRate: "
           "warning above %s, critical above %s." % (mc.pct(wr["warning"]), mc.pct(wr["critical"])),
           "percentunit",
           "(sum(%s) or vector(0)) / sum(%s)" % (rate("celery_task_total", 'status="failure"'),
                                                 rate("celery_task_total", 'status=~"success|failure"')),
           [(None, "green"), (wr["warning"], "orange"), (wr["critical"], "red")])
    b.stat("Queued tasks", "Tasks waiting in all queues, counted by the broker (also while no worker runs) or by "
           "the workers. CeleryQueueBacklog: warning above %s, critical above %s." % (bl["warning"], bl["critical"]),
           "none", "sum(job_worker_name:celery_queue_length:max%s)" % job_sel(),
           [(None, "green"), (bl["warning"], "orange"), (bl["critical"], "red")], nan=NO_DATA)
    b.stat("Queue wait p95", "95th percentile of the time attempts waited between enqueue and start "
           "(celery_task_queue_wait_seconds). CeleryTaskQueueWaitHigh: warning above %s, critical above %s." % (
               mc.human_seconds(qw["warning"]), mc.human_seconds(qw["critical"])),
           "s", quantile(0.95, "celery_task_queue_wait_seconds"),
           [(None, "green"), (qw["warning"], "orange"), (qw["critical"], "red")])
    b.stat("Busy slots", "Tasks executing now as a share of the worker pool capacity. CeleryWorkerPoolSaturated "
           "fires at %s for %s." % (mc.pct(a["worker_pool_saturated"]["warning"]), a["worker_pool_saturated"]["for"]),
           "percentunit", "sum(celery_active_workers%s) / sum(celery_worker_pool_size%s)" % (sel(), sel()),
           [(None, "green"), (a["worker_pool_saturated"]["warning"], "orange")], nan=NO_DATA)
    b.newline()
    b.timeseries("Queue length by queue", "Tasks waiting per queue (recording rule "
                 "job_worker_name:celery_queue_length:max: the broker's count or the workers' gauge, whichever is "
                 "larger). CeleryQueueNotDraining pages when a queue stays non-empty for %s while no attempt "
                 "finishes." % a["queue_not_draining"]["window"], "none",
                 targets(("max by (worker_name) (job_worker_name:celery_queue_length:max%s)" % job_sel(),
                          "{{worker_name}}")),
                 threshold_lines=[(None, "green"), (bl["warning"], "orange"), (bl["critical"], "red")])
    b.timeseries("Queue wait quantiles", "p50 and p95 of the time attempts waited between enqueue and start, per "
                 "task name (celery_task_queue_wait_seconds).", "s", targets(
                     (quantile(0.5, "celery_task_queue_wait_seconds", "task_name"), "p50 {{task_name}}"),
                     (quantile(0.95, "celery_task_queue_wait_seconds", "task_name"), "p95 {{task_name}}")),
                 threshold_lines=[(None, "green"), (qw["warning"], "orange"), (qw["critical"], "red")])
    b.heatmap("Queue wait heatmap", "Distribution of the enqueue-to-start wait over the "
              "celery_task_queue_wait_seconds buckets.", "celery_task_queue_wait_seconds")
    b.timeseries("Task attempts by name and outcome", "Task attempts per second by task name and outcome (success "
                 "and failure finish a task, retry does not).", "ops", targets(
                     ("sum by (task_name, status) (%s)" % rate("celery_task_total"), "{{task_name}} {{status}}")))
    b.timeseries("Failure ratio by task", "Failed tasks among finished ones (success or failure), per task name.",
                 "percentunit",
                 targets(("sum by (task_name) (%s) / sum by (task_name) (%s)" % (
                     rate("celery_task_total", 'status="failure"'),
                     rate("celery_task_total", 'status=~"success|failure"')), "{{task_name}}")),
                 threshold_lines=[(None, "green"), (wr["warning"], "orange"), (wr["critical"], "red")])
    b.timeseries("Task duration quantiles", "p50 and p95 of task duration per task name.", "s", targets(
        (quantile(0.5, "celery_task_duration_seconds", "task_name"), "p50 {{task_name}}"),
        (quantile(0.95, "celery_task_duration_seconds", "task_name"), "p95 {{task_name}}")))
    b.heatmap("Task duration heatmap", "Distribution of task duration over the celery_task_duration_seconds "
              "buckets.", "celery_task_duration_seconds")
    b.timeseries("Retries by task", "Task retries per second per task name.", "ops", targets(
        ("sum by (task_name) (%s)" % rate("celery_task_retries_total"), "{{task_name}}")))
    b.timeseries("Pool saturation", "Tasks executing now divided by pool capacity, per worker type "
                 "(1 = every slot busy).", "percentunit", targets((
                     "sum by (worker_name) (celery_active_workers%s) / sum by (worker_name) "
                     "(celery_worker_pool_size%s)" % (sel(), sel()), "{{worker_name}}")))
    b.timeseries("Active tasks per replica", "Tasks executing now in each worker process.", "none", targets(
        ("sum by (worker_name, instance) (celery_active_workers%s)" % sel(), "{{worker_name}} {{instance}}")))
    b.timeseries("Extraction attempts by type and outcome", "Extraction attempts per second by file type and "
                 "outcome (retry: the attempt failed and the extraction runs again).",
                 "ops", targets(("sum by (task_type, status) (%s)" % rate("extraction_task_total"),
                                 "{{task_type}} {{status}}")))
    b.timeseries("Extraction duration p95", "95th percentile of extraction duration per file type.", "s",
                 targets((quantile(0.95, "extraction_task_duration_seconds", "task_type"), "{{task_type}}")))
    b.timeseries("Queue length read errors", "Failed reads of the queue length at scrape time; while non-zero "
                 "the workers' queue length is stale (the broker's count is not).", "ops", targets(
                     ("sum by (worker_name) (%s)" % rate("celery_queue_length_read_errors_total"),
                      "{{worker_name}}")))
    b.timeseries("Worker JVM heap", "Heap used per worker process.", "bytes", targets(
        ("sum by (instance) (jvm_memory_used_bytes%s)" % sel('area="heap"'), "{{instance}}")))
    return b


def database_redis(cfg, P):
    a = cfg.alerts
    b = Board("pybase-database-redis", "PyBase / Database & Redis",
              "Database queries and connection pools of the PyBase processes, the cache, and the Redis and "
              "PostgreSQL servers through their exporters.", "label_values(up, job)")
    b.stat("Redis up", "UP when redis_exporter reaches Redis. RedisDown pages after %s down." %
           a["backing_service_down"]["for"], "none", "min(redis_up%s)" % sel(), [(None, "red"), (1, "green")],
           mappings=up_down(), nan=NO_DATA)
    b.stat("PostgreSQL up", "UP when postgres_exporter reaches PostgreSQL. PostgresDown pages after %s down." %
           a["backing_service_down"]["for"], "none", "min(pg_up%s)" % sel(), [(None, "red"), (1, "green")],
           mappings=up_down(), nan=NO_DATA)
    b.stat("Query rate", "Database queries per second from the PyBase processes.", "ops",
           "sum(%s)" % rate("db_query_duration_seconds_count"), NEUTRAL)
    b.stat("Query p95", "95th percentile of database query duration. SlowDatabaseQueries fires above %ss." %
           mc.fmt_number(a["db_query_p95"]["warning"]), "s", quantile(0.95, "db_query_duration_seconds"),
           [(None, "green"), (a["db_query_p95"]["warning"], "orange")])
    b.stat("Cache hit ratio", "Cache gets that hit, among gets that hit or missed (no alert).", "percentunit",
           "sum(%s) / sum(%s)" % (rate("cache_operations_total", 'operation="get", status="hit"'),
                                  rate("cache_operations_total", 'operation="get", status=~"hit|miss"')), NEUTRAL)
    b.stat("Pool usage", "Active connections as a share of the pool maximum, all pools. DatabasePoolSaturated "
           "fires at %s." % mc.pct(a["db_pool_saturated"]["warning"]), "percentunit",
           'sum(db_pool_connections%s) / sum(db_pool_connections_max%s)' % (sel('state="active"'), sel()),
           [(None, "green"), (a["db_pool_saturated"]["warning"], "orange")], nan=NO_DATA)
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
    b.timeseries("Redis queue keys", "Length of each task queue's list in Redis (redis_exporter "
                 "--check-single-keys): the backlog as the broker counts it, there while no worker runs.", "none",
                 targets(("max by (key) (redis_key_size%s)" % sel('key=~"%s"' % "|".join(
                     q["broker_key"] for q in cfg.queues)), "{{key}}")))
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


def render_all(cfg=None):
    """{relative path under monitoring/: JSON text} of the four dashboards."""
    cfg = cfg or mc.load()
    panels = Panels(cfg)
    return {"grafana-dashboards/" + name: json.dumps(factory(cfg, panels).to_json(), indent=2, ensure_ascii=False)
            + "\n" for name, factory in BOARDS.items()}


if __name__ == "__main__":
    print("use monitoring/tools/generate.py (it writes the dashboards, the rules and alertmanager.yml)",
          file=sys.stderr)
    sys.exit(2)
