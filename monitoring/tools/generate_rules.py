"""Alert rules, recording rules and the Alertmanager configuration of the PyBase monitoring mixin, generated
from monitoring/config.yml (see mixin_config.py). Run through generate.py:

    python3 monitoring/tools/generate.py            # writes every generated file
    python3 monitoring/tools/generate.py --check    # compares them with the committed ones

Conventions (kubernetes-mixin style):
  * every alert carries severity (warning = ticket, critical = page; Watchdog: none), summary, description,
    runbook_url (a section of monitoring/runbooks.md) and dashboard (Grafana, with the alert's job filled in);
  * an alert with both severities has ONE name; Alertmanager's critical silences the warning of the same alert
    only (inhibit_rules equal: alertname + the alert's identifying labels), and the critical's `for` is never
    shorter than the warning's;
  * ratio and quantile alerts need a minimum number of events in their window;
  * gauges are read through last_over_time (one failed scrape changes nothing), counters through an increase
    that counts a series born inside the window from zero (mixin_config.Config.increase);
  * recording rules follow level:metric:operations.
"""
import mixin_config as mc
from mixin_config import fmt_number, human_seconds, last, pct, seconds
from yaml_emit import dump

FS = 'fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs"'


class Rules:
    """Collects rule groups per output file, plus the identifying labels of alerts with two severities."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.files = {}            # relative path -> (comment, [groups])
        self.inhibit_labels = set()
        self.alert_severities = {}

    def group(self, path, name, rules, comment=None):
        self.files.setdefault(path, {"comment": comment, "groups": []})
        if comment:
            self.files[path]["comment"] = comment
        self.files[path]["groups"].append({"name": name, "rules": rules})

    def alert(self, name, severity, expr, for_, summary, description, dashboard, job_label=True, labels=None,
              ident=(), comment=None):
        """One alerting rule. `ident`: labels that tell two alerts of this name apart (added to Alertmanager's
        inhibition `equal` when the name has two severities)."""
        rule = {}
        if comment:
            rule["__comment__"] = comment
        rule["alert"] = name
        rule["expr"] = expr.strip() + "\n"
        if for_ is not None:
            rule["for"] = for_
        rule["labels"] = dict({"severity": severity}, **(labels or {}))
        rule["annotations"] = {
            "summary": summary,
            "description": description,
            "runbook_url": self.cfg.runbook_url(name),
            "dashboard": self.cfg.dashboard_url(dashboard, job_label),
        }
        sev = self.alert_severities.setdefault(name, {"severities": set(), "ident": set()})
        sev["severities"].add(severity)
        sev["ident"].update(ident)
        return rule

    def record(self, name, expr, comment=None):
        rule = {}
        if comment:
            rule["__comment__"] = comment
        rule["record"] = name
        rule["expr"] = expr.strip() + "\n"
        return rule

    def finish(self):
        for name, s in self.alert_severities.items():
            if len(s["severities"]) > 1:
                self.inhibit_labels.update(s["ident"])


def indent(text, n):
    pad = " " * n
    return "\n".join(pad + line if line else line for line in text.strip("\n").split("\n"))


def sum_increase(cfg, by, metric, selector, window):
    """sum by (<by>) of cfg.increase() (a series born inside the window counted from zero), one term a line."""
    return "sum by (%s) (\n%s\n)" % (by, indent(cfg.increase(metric, selector, window), 2))


# --------------------------------------------------------------------------------------------------------------
# Recording rules
# --------------------------------------------------------------------------------------------------------------
def recording_rules(r):
    cfg = r.cfg
    api = cfg.sel("api")
    api5xx = cfg.sel("api", 'status=~"5.."')
    slo_rules = []
    for w in cfg.slo_windows():
        slo_rules.append(r.record(
            "job:http_requests:increase%s" % w,
            sum_increase(cfg, "job", "http_requests_total", api, w),
            comment="Requests the API answered in the last %s (a series first seen in the window counts from 0)." % w
            if w == cfg.slo_windows()[0] else None))
        slo_rules.append(r.record(
            "job:http_request_failures:increase%s" % w,
            "%s\nor\n0 * job:http_requests:increase%s" % (
                sum_increase(cfg, "job", "http_requests_total", api5xx, w), w),
            comment="... of them 5xx; 0 (not absent) while there is traffic and no 5xx." if w == cfg.slo_windows()[0]
            else None))
        slo_rules.append(r.record(
            "job:http_request_failures_per_requests:ratio_rate%s" % w,
            "job:http_request_failures:increase%s\n/\njob:http_requests:increase%s" % (w, w)))
    r.group("rules/pybase.yml", "pybase-api-slo.rules", slo_rules, comment=(
        "Recording rules of the PyBase monitoring mixin (naming: level:metric:operations).\n"
        "The SLO windows of the API availability burn-rate alerts (%s), the task, queue and replica\n"
        "aggregates the alerts and the dashboards read." % ", ".join(cfg.slo_windows())))

    workers = cfg.sel("workers")
    wf = cfg.alerts["worker_failure_ratio"]["window"]
    xf = cfg.alerts["extraction_failure_ratio"]["window"]
    nd = cfg.alerts["queue_not_draining"]["window"]
    finished = 'status=~"success|failure"'
    task_rules = [
        r.record("job_task_name:celery_task_finished:increase%s" % wf,
                 sum_increase(cfg, "job, task_name", "celery_task_total", cfg.sel("workers", finished), wf),
                 comment="Finished tasks (success or failure; a retry is an attempt, not a finished task)."),
        r.record("job_task_name:celery_task_failed:increase%s" % wf,
                 "%s\nor\n0 * job_task_name:celery_task_finished:increase%s" % (sum_increase(
                     cfg, "job, task_name", "celery_task_total", cfg.sel("workers", 'status="failure"'), wf), wf)),
        r.record("job_task_type:extraction_task_finished:increase%s" % xf,
                 sum_increase(cfg, "job, task_type", "extraction_task_total", cfg.sel("workers", finished), xf)),
        r.record("job_task_type:extraction_task_failed:increase%s" % xf,
                 "%s\nor\n0 * job_task_type:extraction_task_finished:increase%s" % (sum_increase(
                     cfg, "job, task_type", "extraction_task_total", cfg.sel("workers", 'status="failure"'), xf),
                     xf)),
    ]
    # Queue depth per queue: the broker's own count (redis_exporter --check-single-keys; there while no worker
    # runs) and the workers' celery_queue_length, whichever is larger; each gap-tolerant.
    depth_terms = []
    for q in cfg.queues:
        depth_terms.append(
            'label_replace(label_replace(\n  %s,\n  "worker_name", "%s", "", ""), "job", "%s", "", "")' % (
                cfg.gauge("redis_key_size", cfg.sel("redis", 'key="%s"' % q["broker_key"])),
                q["worker_name"], q["job"]))
    depth_terms.append(cfg.gauge("celery_queue_length", workers))
    attempt_terms = []
    for q in cfg.queues:
        attempt_terms.append('label_replace(\n  sum by (job) (\n%s\n  ),\n  "worker_name", "%s", "", "")' % (
            indent(cfg.increase("celery_task_total", cfg.sel_job(q["job"]), nd), 4), q["worker_name"]))
    task_rules += [
        r.record("job_worker_name:celery_queue_length:max",
                 "max by (job, worker_name) (\n%s\n)" % indent("\nor\n".join(depth_terms), 2),
                 comment="Tasks waiting per queue: the broker's length of the queue key (visible while no worker\n"
                         "runs) or the workers' celery_queue_length, whichever is larger; a missed scrape changes "
                         "nothing."),
        r.record("job_worker_name:celery_task_attempts:increase%s" % nd,
                 "sum by (job, worker_name) (\n%s\n)" % indent("\nor\n".join(attempt_terms), 2),
                 comment="Attempts that ended (success, failure or retry) per queue."),
    ]
    r.group("rules/pybase.yml", "pybase-workers.rules", task_rules)

    rl = cfg.alerts["replicas_lost"]
    r.group("rules/pybase.yml", "pybase-replicas.rules", [
        r.record("job:up:count", "count by (job) (up%s)" % cfg.sel("apps"),
                 comment="Replicas Prometheus discovers per application job (down ones included: TargetDown "
                         "covers them)."),
        r.record("job:up:count_min%s" % rl["settle"], "min_over_time(job:up:count[%s])" % rl["settle"],
                 comment="... held for at least %s (a replica count seen only during a rolling update's overlap\n"
                         "does not count)." % rl["settle"]),
    ])


# --------------------------------------------------------------------------------------------------------------
# Alerts
# --------------------------------------------------------------------------------------------------------------
def availability(r):
    cfg, a = r.cfg, r.cfg.alerts
    rl, rs = a["replicas_lost"], a["restarts"]
    settle = "job:up:count_min%s" % rl["settle"]
    rules = [
        r.alert("TargetDown", "critical", "up%s == 0" % cfg.sel("monitored"), a["target_down"]["for"],
                "{{ $labels.job }} target {{ $labels.instance }} is down",
                "Prometheus failed to scrape {{ $labels.instance }} of job {{ $labels.job }} for %s: the process "
                "is down, or its metrics endpoint is unreachable." % human_seconds(seconds(a["target_down"]["for"])),
                "overview", ident=("job", "instance")),
        r.alert("ReplicasLost", "warning",
                "max_over_time(%s[%s]) - job:up:count > 0" % (settle, rl["lookback"]), rl["for"],
                "{{ $labels.job }} lost {{ $value }} replica(s)",
                "{{ $labels.job }} has {{ $value }} replica(s) fewer than it had for at least %s during %s "
                "(replicas that vanished from service discovery are not `up == 0`, so TargetDown cannot see them)."
                % (human_seconds(seconds(rl["settle"])), last(rl["lookback"])),
                "overview", ident=("job",),
                comment="Lost capacity: fewer replicas discovered than were held for %s within the last %s.\n"
                        "A job never seen (e.g. workers not started) fires nothing." % (rl["settle"], rl["lookback"])),
        r.alert("ReplicasLost", "critical",
                "max_over_time(%s[%s]) unless job:up:count" % (settle, rl["lookback"]), rl["for"],
                "No {{ $labels.job }} replica is left",
                "{{ $labels.job }} had {{ $value }} replica(s) during %s and Prometheus discovers none "
                "now: nothing serves this job." % last(rl["lookback"]),
                "overview", ident=("job",)),
        r.alert("ProcessRestarting", "warning",
                "changes(process_start_time_seconds%s[%s]) >= %s" % (
                    cfg.sel("apps"), rs["warning_window"], rs["warning"]), rs["for"],
                "{{ $labels.job }} at {{ $labels.instance }} restarted {{ $value }} times",
                "The process of {{ $labels.job }} at {{ $labels.instance }} restarted {{ $value }} times in "
                "%s (process_start_time_seconds changed)." % last(rs["warning_window"]),
                "overview", ident=("job", "instance")),
        r.alert("ProcessRestarting", "critical",
                "changes(process_start_time_seconds%s[%s]) >= %s" % (
                    cfg.sel("apps"), rs["critical_window"], rs["critical"]), rs["for"],
                "{{ $labels.job }} at {{ $labels.instance }} is crash-looping",
                "The process of {{ $labels.job }} at {{ $labels.instance }} restarted {{ $value }} times in "
                "%s: it crashes and is restarted (a scrape now and then fails, so TargetDown stays quiet)."
                % last(rs["critical_window"]),
                "overview", ident=("job", "instance")),
        r.alert("RedisDown", "critical", "%s == 0" % cfg.gauge("redis_up", cfg.sel("redis")),
                a["backing_service_down"]["for"],
                "Redis is unreachable from {{ $labels.instance }}",
                "redis_exporter at {{ $labels.instance }} cannot reach Redis for %s: the task queue and the cache "
                "are down." % human_seconds(seconds(a["backing_service_down"]["for"])), "data"),
        r.alert("PostgresDown", "critical", "%s == 0" % cfg.gauge("pg_up", cfg.sel("postgres")),
                a["backing_service_down"]["for"],
                "PostgreSQL is unreachable from {{ $labels.instance }}",
                "postgres_exporter at {{ $labels.instance }} cannot reach PostgreSQL for %s."
                % human_seconds(seconds(a["backing_service_down"]["for"])), "data"),
    ]
    r.group("alerts/availability.yml", "pybase-availability", rules,
            comment="Availability: scrape targets, lost replicas, restarts and the backing services.")


def error_rates(r):
    cfg, a = r.cfg, r.cfg.alerts
    e = a["api_error_ratio"]
    w = e["window"]
    r.group("alerts/high-error-rate.yml", "pybase-api-errors", [
        r.alert("HighAPIErrorRate", "warning",
                "job:http_request_failures_per_requests:ratio_rate%s > %s\nand\njob:http_requests:increase%s >= %s"
                % (w, fmt_number(e["warning"]), w, e["min_events"]), e["for"],
                "API 5xx ratio above %s on {{ $labels.job }}" % pct(e["warning"]),
                "{{ $value | humanizePercentage }} of the requests served by {{ $labels.job }} answered 5xx over "
                "%s (threshold %s, at least %s requests). Pages come from APIErrorBudgetBurnFast."
                % (last(w), pct(e["warning"]), e["min_events"]), "api",
                comment="A ticket: the API's pages are the error-budget burn alerts (slo.yml), so one outage\n"
                        "raises one page."),
    ], comment=("Error-rate alerts. Ratios aggregate numerator and denominator (sum by) before dividing, and\n"
                "need a minimum number of events in their window."))

    wr = a["worker_failure_ratio"]
    ww = wr["window"]
    xr = a["extraction_failure_ratio"]
    xw = xr["window"]
    qe = a["queue_length_read_errors"]
    worker_rules = []
    for sev in ("warning", "critical"):
        worker_rules.append(r.alert(
            "HighWorkerTaskFailureRate", sev,
            "job_task_name:celery_task_failed:increase%s / job_task_name:celery_task_finished:increase%s > %s\n"
            "and\njob_task_name:celery_task_finished:increase%s >= %s" % (
                ww, ww, fmt_number(wr[sev]), ww, wr["min_events"]), wr["for"],
            "Task {{ $labels.task_name }} fails more than %s of the time" % pct(wr[sev]),
            "{{ $value | humanizePercentage }} of the {{ $labels.task_name }} tasks finished by {{ $labels.job }} "
            "failed over %s (threshold %s; retries are attempts, not finished tasks)."
            % (last(ww), pct(wr[sev])), "workers", ident=("job", "task_name"),
            comment="Failed tasks among finished ones (success or failure)." if sev == "warning" else None))
    worker_rules += [
        r.alert("HighExtractionFailureRatio", "warning",
                "job_task_type:extraction_task_failed:increase%s / job_task_type:extraction_task_finished:increase%s"
                " > %s\nand\njob_task_type:extraction_task_finished:increase%s >= %s" % (
                    xw, xw, fmt_number(xr["warning"]), xw, xr["min_events"]), xr["for"],
                "More than %s of {{ $labels.task_type }} extractions fail" % pct(xr["warning"]),
                "{{ $value | humanizePercentage }} of the {{ $labels.task_type }} extractions finished by "
                "{{ $labels.job }} failed over %s (threshold %s; retried attempts are not in the "
                "denominator)." % (last(xw), pct(xr["warning"])), "workers",
                comment="Business view: extractions by file type, failures among finished extractions."),
        r.alert("QueueLengthReadErrors", "warning",
                "%s > 0" % sum_increase(cfg, "job, worker_name", "celery_queue_length_read_errors_total",
                                        cfg.sel("workers"), qe["window"]),
                qe["for"],
                "Worker {{ $labels.worker_name }} cannot read its queue length",
                "{{ $labels.job }} failed {{ $value }} times in %s to read the length of the {{ $labels.worker_name }}"
                " queue: celery_queue_length is stale (the broker's own depth from redis_exporter still counts)."
                % last(qe["window"]), "workers"),
    ]
    r.group("alerts/high-error-rate.yml", "pybase-worker-errors", worker_rules)

    d = a["db_query_error_ratio"]
    dw = d["window"]
    errors = sum_increase(cfg, "job, query_type", "db_query_errors_total", cfg.sel("apps"), dw)
    queries = sum_increase(cfg, "job, query_type", "db_query_duration_seconds_count", cfg.sel("apps"), dw)
    r.group("alerts/high-error-rate.yml", "pybase-database-errors", [
        r.alert("DatabaseQueryErrors", "warning",
                "%s\n/\n%s\n> %s\nand\n%s\n>= %s" % (errors, queries, fmt_number(d["warning"]), queries,
                                                     d["min_events"]), d["for"],
                "More than %s of {{ $labels.query_type }} queries fail" % pct(d["warning"]),
                "{{ $value | humanizePercentage }} of the {{ $labels.query_type }} database queries of "
                "{{ $labels.job }} failed over %s (threshold %s)." % (last(dw),
                                                                               pct(d["warning"])), "data"),
    ])


def slo(r):
    cfg = r.cfg
    budget = cfg.error_budget
    window_days = seconds(cfg.slo["window"]) / 86400
    rules = {"critical": [], "warning": []}
    for b in cfg.slo["burn_rates"]:
        name = "APIErrorBudgetBurnFast" if b["severity"] == "critical" else "APIErrorBudgetBurnSlow"
        threshold = "(%s * %s)" % (fmt_number(b["factor"]), fmt_number(budget))
        lasts = window_days / float(b["factor"])
        expr = ("job:http_request_failures_per_requests:ratio_rate%s > %s\n"
                "and\njob:http_request_failures_per_requests:ratio_rate%s > %s\n"
                "and\njob:http_requests:increase%s >= %s") % (
            b["long"], threshold, b["short"], threshold, b["long"], cfg.slo["min_requests"])
        rules[b["severity"]].append(r.alert(
            name, b["severity"], expr, b["for"],
            "{{ $labels.job }} burns its error budget %sx as fast as the SLO allows" % fmt_number(b["factor"]),
            "{{ $value | humanizePercentage }} of the requests of {{ $labels.job }} answered 5xx over %s "
            "(and over %s): %sx the rate the %s SLO allows; at this rate the %s-day budget lasts %s days."
            % (last(b["long"]), last(b["short"]), fmt_number(b["factor"]),
               pct(cfg.slo["target"]), fmt_number(window_days), fmt_number(round(lasts, 1))),
            "api", labels={"long_window": b["long"], "short_window": b["short"]}, ident=("job",),
            comment="%sx budget over %s and %s (%s of the %s budget gone in %s)." % (
                fmt_number(b["factor"]), b["long"], b["short"],
                pct(round(float(b["factor"]) * seconds(b["long"]) / seconds(cfg.slo["window"]), 4)),
                cfg.slo["window"], b["long"])))
    r.group("alerts/slo.yml", "pybase-api-slo", rules["critical"] + rules["warning"], comment=(
        "Multi-window, multi-burn-rate alerts on the API availability SLO (Google SRE workbook, ch. 5):\n"
        "%s of requests answer without a 5xx over %s, error budget %s. Both windows of a pair must burn;\n"
        "the short one makes the alert stop soon after the burn stops. critical pages, warning opens a ticket.\n"
        "A pair needs at least %s requests in its long window." % (
            pct(cfg.slo["target"]), cfg.slo["window"], pct(budget), cfg.slo["min_requests"])))


def quantile(metric, by, selector, window):
    return "histogram_quantile(0.95, sum by (le, %s) (rate(%s_bucket%s[%s])))" % (by, metric, selector, window)


def count(metric, by, selector, window):
    return "sum by (%s) (increase(%s_count%s[%s]))" % (by, metric, selector, window)


def latency(r):
    cfg, a = r.cfg, r.cfg.alerts
    l = a["api_latency_p95"]
    api_rules = []
    for sev in ("warning", "critical"):
        api_rules.append(r.alert(
            "SlowAPILatency", sev,
            "%s > %s\nand\n%s >= %s" % (quantile("api_latency_histogram", "job", cfg.sel("api"), l["window"]),
                                        fmt_number(l[sev]),
                                        count("api_latency_histogram", "job", cfg.sel("api"), l["window"]),
                                        l["min_events"]), l["for"],
            "API p95 latency above %s on {{ $labels.job }}" % human_seconds(l[sev]),
            "The 95th percentile of request latency on {{ $labels.job }} is {{ $value | humanizeDuration }} over "
            "%s (threshold %s, a bucket bound; at least %s requests)." % (
                last(l["window"]), human_seconds(l[sev]), l["min_events"]),
            "api", ident=("job",),
            comment=("Quantiles come from the classic buckets; thresholds sit on bucket bounds, so p95 > threshold\n"
                     "is exact (more than 5% of the requests above that bound).") if sev == "warning" else None))
    r.group("alerts/slow-tasks.yml", "pybase-api-latency", api_rules, comment=(
        "Latency, queue-wait and backlog alerts. histogram_quantile reads sum by (le, ...) (rate(<name>_bucket))\n"
        "and never matches `le` by string (Prometheus 3 normalises its values)."))

    d = a["db_query_p95"]
    r.group("alerts/slow-tasks.yml", "pybase-database-latency", [
        r.alert("SlowDatabaseQueries", "warning",
                "%s > %s\nand\n%s >= %s" % (
                    quantile("db_query_duration_seconds", "job, query_type", cfg.sel("apps"), d["window"]),
                    fmt_number(d["warning"]),
                    count("db_query_duration_seconds", "job, query_type", cfg.sel("apps"), d["window"]),
                    d["min_events"]), d["for"],
                "{{ $labels.query_type }} queries p95 above %s" % human_seconds(d["warning"]),
                "The 95th percentile of {{ $labels.query_type }} query duration on {{ $labels.job }} is "
                "{{ $value | humanizeDuration }} over %s (threshold %s)." % (
                    last(d["window"]), human_seconds(d["warning"])), "data"),
    ])
    x, t = a["extraction_p95"], a["task_duration_p95"]
    r.group("alerts/slow-tasks.yml", "pybase-task-latency", [
        r.alert("SlowExtractionTasks", "warning",
                "%s > %s\nand\n%s >= %s" % (
                    quantile("extraction_task_duration_seconds", "job, task_type", cfg.sel("workers"), x["window"]),
                    fmt_number(x["warning"]),
                    count("extraction_task_duration_seconds", "job, task_type", cfg.sel("workers"), x["window"]),
                    x["min_events"]), x["for"],
                "{{ $labels.task_type }} extractions p95 above %s" % human_seconds(x["warning"]),
                "The 95th percentile of {{ $labels.task_type }} extraction duration on {{ $labels.job }} is "
                "{{ $value | humanizeDuration }} over %s (threshold %s)." % (
                    last(x["window"]), human_seconds(x["warning"])), "workers"),
        r.alert("SlowCeleryTasks", "warning",
                "%s > %s\nand\n%s >= %s" % (
                    quantile("celery_task_duration_seconds", "job, task_name", cfg.sel("workers"), t["window"]),
                    fmt_number(t["warning"]),
                    count("celery_task_duration_seconds", "job, task_name", cfg.sel("workers"), t["window"]),
                    t["min_events"]), t["for"],
                "Task {{ $labels.task_name }} p95 above %s" % human_seconds(t["warning"]),
                "The 95th percentile of {{ $labels.task_name }} duration on {{ $labels.job }} is "
                "{{ $value | humanizeDuration }} over %s (threshold %s)." % (
                    last(t["window"]), human_seconds(t["warning"])), "workers"),
    ])

    qw, bl, nd = a["queue_wait_p95"], a["queue_backlog"], a["queue_not_draining"]
    queue_rules = []
    for sev in ("warning", "critical"):
        queue_rules.append(r.alert(
            "CeleryTaskQueueWaitHigh", sev,
            "%s > %s\nand\n%s >= %s" % (
                quantile("celery_task_queue_wait_seconds", "job, task_name", cfg.sel("workers"), qw["window"]),
                fmt_number(qw[sev]),
                count("celery_task_queue_wait_seconds", "job, task_name", cfg.sel("workers"), qw["window"]),
                qw["min_events"]), qw["for"],
            "{{ $labels.task_name }} tasks wait more than %s in the queue" % human_seconds(qw[sev]),
            "The 95th percentile of the time {{ $labels.task_name }} attempts waited between enqueue and start on "
            "{{ $labels.job }} is {{ $value | humanizeDuration }} over %s (threshold %s, a bucket bound)."
            % (last(qw["window"]), human_seconds(qw[sev])), "workers", ident=("job", "task_name"),
            comment="Stuck pipelines: enqueue-to-start wait of the attempts that did start." if sev == "warning"
            else None))
    for sev in ("warning", "critical"):
        queue_rules.append(r.alert(
            "CeleryQueueBacklog", sev, "job_worker_name:celery_queue_length:max > %s" % bl[sev], bl["for"],
            "More than %s tasks wait in the {{ $labels.worker_name }} queue" % bl[sev],
            "The {{ $labels.worker_name }} queue has held more than %s tasks for %s (now {{ $value }}); counted by "
            "the broker, so this holds with no worker running." % (bl[sev], human_seconds(seconds(bl["for"]))),
            "workers", ident=("job", "worker_name")))
    queue_rules.append(r.alert(
        "CeleryQueueNotDraining", "critical",
        "min_over_time(job_worker_name:celery_queue_length:max[%s]) > 0\n"
        "unless on (job, worker_name)\njob_worker_name:celery_task_attempts:increase%s > 0" % (
            nd["window"], nd["window"]), nd["for"],
        "The {{ $labels.worker_name }} queue is not draining",
        "The {{ $labels.worker_name }} queue has not been empty for %s (at least {{ $value }} tasks) and no "
        "attempt finished in that time: no worker consumes it, or every worker is stuck." %
        human_seconds(seconds(nd["window"])), "workers",
        comment="Non-empty for the whole window and no attempt (success, failure or retry) finished."))
    r.group("alerts/slow-tasks.yml", "pybase-queues", queue_rules)


def resources(r):
    cfg, a = r.cfg, r.cfg.alerts
    apps = cfg.sel("apps")
    h = a["jvm_heap"]
    heap = ("sum by (job, instance) (%s)\n/\nsum by (job, instance) (%s > 0)" % (
        cfg.gauge("jvm_memory_used_bytes", cfg.sel("apps", 'area="heap"')),
        cfg.gauge("jvm_memory_max_bytes", cfg.sel("apps", 'area="heap"'))))
    jvm = []
    for sev in ("warning", "critical"):
        jvm.append(r.alert(
            "JvmHeapHigh", sev, "%s\n> %s" % (heap, fmt_number(h[sev])), h["for"],
            "JVM heap above %s on {{ $labels.instance }}" % pct(h[sev]),
            "{{ $labels.job }} at {{ $labels.instance }} uses {{ $value | humanizePercentage }} of its maximum heap "
            "for %s%s" % (human_seconds(seconds(h["for"])),
                          "; an OutOfMemoryError is near." if sev == "critical" else "."),
            "overview", ident=("job", "instance")))
    fd = a["file_descriptors"]
    jvm.append(r.alert(
        "FileDescriptorsExhaustion", "warning",
        "%s\n/\n%s\n> %s" % (cfg.gauge("process_open_fds", apps), cfg.gauge("process_max_fds", apps),
                             fmt_number(fd["warning"])), fd["for"],
        "{{ $labels.instance }} uses more than %s of its file descriptors" % pct(fd["warning"]),
        "{{ $labels.job }} at {{ $labels.instance }} has {{ $value | humanizePercentage }} of its file descriptor "
        "limit open.", "overview"))
    r.group("alerts/resource-exhaustion.yml", "pybase-jvm-process", jvm, comment=(
        "Resource exhaustion: JVM heap, file descriptors, host CPU, memory, disk space and inodes, connection and\n"
        "worker pools, label cardinality. Gauges are read through last_over_time (one failed scrape changes\n"
        "nothing)."))

    node = cfg.sel("node")
    node_fs = cfg.sel("node", FS)
    cpu, mem = a["host_cpu"], a["host_memory_available"]
    ds, ino, fill = a["disk_space_available"], a["inodes_available"], a["disk_fill_prediction"]
    avail = "%s\n/\n%s" % (cfg.gauge("node_filesystem_avail_bytes", node_fs),
                           cfg.gauge("node_filesystem_size_bytes", node_fs))
    writable = "%s == 0" % cfg.gauge("node_filesystem_readonly", node_fs)
    fs_ident = ("job", "instance", "device", "mountpoint")
    host = [
        r.alert("HostHighCpuUsage", "warning",
                "1 - avg by (job, instance) (rate(node_cpu_seconds_total%s[5m])) > %s" % (
                    cfg.sel("node", 'mode="idle"'), fmt_number(cpu["warning"])), cpu["for"],
                "Host CPU above %s on {{ $labels.instance }}" % pct(cpu["warning"]),
                "All CPUs of {{ $labels.instance }} together are {{ $value | humanizePercentage }} busy for %s."
                % human_seconds(seconds(cpu["for"])), "overview"),
        r.alert("HostMemoryLow", "warning",
                "%s\n/\n%s\n< %s" % (cfg.gauge("node_memory_MemAvailable_bytes", node),
                                     cfg.gauge("node_memory_MemTotal_bytes", node), fmt_number(mem["warning"])),
                mem["for"],
                "Less than %s memory available on {{ $labels.instance }}" % pct(mem["warning"]),
                "Only {{ $value | humanizePercentage }} of the memory of {{ $labels.instance }} is available.",
                "overview"),
    ]
    for sev in ("warning", "critical"):
        host.append(r.alert(
            "HostDiskSpaceLow", sev, "(\n%s\n) < %s\nand\n%s" % (indent(avail, 2), fmt_number(ds[sev]), writable),
            ds["for"],
            "Less than %s space left on {{ $labels.mountpoint }} of {{ $labels.instance }}" % pct(ds[sev]),
            "{{ $labels.mountpoint }} ({{ $labels.device }}) has {{ $value | humanizePercentage }} space left "
            "(threshold %s), whether or not it is still filling." % pct(ds[sev]), "overview", ident=fs_ident,
            comment="Static: a full disk that no longer grows still breaks writes." if sev == "warning" else None))
    for sev in ("warning", "critical"):
        host.append(r.alert(
            "HostInodesLow", sev,
            "(\n  %s\n  /\n  %s\n) < %s\nand\n%s" % (
                cfg.gauge("node_filesystem_files_free", node_fs), cfg.gauge("node_filesystem_files", node_fs),
                fmt_number(ino[sev]), writable), ino["for"],
            "Less than %s inodes left on {{ $labels.mountpoint }} of {{ $labels.instance }}" % pct(ino[sev]),
            "{{ $labels.mountpoint }} ({{ $labels.device }}) has {{ $value | humanizePercentage }} of its inodes "
            "free (threshold %s): file creation fails before the space runs out." % pct(ino[sev]), "overview",
            ident=fs_ident))
    for sev in ("warning", "critical"):
        hours = fill["%s_hours" % sev]
        host.append(r.alert(
            "HostDiskWillFill", sev,
            "(\n%s\n) < %s\nand\npredict_linear(node_filesystem_avail_bytes%s[%s], %s * 3600) < 0\nand\n%s" % (
                indent(avail, 2), fmt_number(fill["%s_available" % sev]), node_fs, fill["prediction_window"], hours,
                writable), fill["for"],
            "Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} fills within %s hours" % hours,
            "{{ $labels.mountpoint }} ({{ $labels.device }}) has {{ $value | humanizePercentage }} space left and, "
            "at the rate of %s, will be full within %s hours." % (
                last(fill["prediction_window"]), hours), "overview", ident=fs_ident,
            comment=("Growth: predict_linear over %s (a shorter window extrapolates bursts)." % fill["prediction_window"]
                     if sev == "warning" else None)))
    r.group("alerts/resource-exhaustion.yml", "pybase-host", host)

    ps, pw, wp = a["db_pool_saturated"], a["db_pool_waiting"], a["worker_pool_saturated"]
    r.group("alerts/resource-exhaustion.yml", "pybase-pools", [
        r.alert("DatabasePoolSaturated", "warning",
                "sum by (job, instance, pool) (%s)\n/\nsum by (job, instance, pool) (%s > 0)\n>= %s" % (
                    cfg.gauge("db_pool_connections", cfg.sel("apps", 'state="active"')),
                    cfg.gauge("db_pool_connections_max", apps), fmt_number(ps["warning"])), ps["for"],
                "Connection pool {{ $labels.pool }} is {{ $value | humanizePercentage }} busy",
                "{{ $labels.job }} at {{ $labels.instance }} uses {{ $value | humanizePercentage }} of the "
                "connections of pool {{ $labels.pool }} for %s." % human_seconds(seconds(ps["for"])), "data"),
        r.alert("DatabasePoolWaiting", "warning",
                "sum by (job, instance, pool) (%s) > 0" % cfg.gauge(
                    "db_pool_connections", cfg.sel("apps", 'state="pending"')), pw["for"],
                "Requests wait for a connection of pool {{ $labels.pool }}",
                "{{ $value }} callers of {{ $labels.job }} at {{ $labels.instance }} have been waiting for a "
                "connection of pool {{ $labels.pool }} for %s." % human_seconds(seconds(pw["for"])), "data"),
        r.alert("CeleryWorkerPoolSaturated", "warning",
                "sum by (job, worker_name) (%s)\n/\nsum by (job, worker_name) (%s > 0)\n>= %s" % (
                    cfg.gauge("celery_active_workers", cfg.sel("workers")),
                    cfg.gauge("celery_worker_pool_size", cfg.sel("workers")), fmt_number(wp["warning"])), wp["for"],
                "All {{ $labels.worker_name }} worker slots are busy",
                "Every slot of the {{ $labels.worker_name }} worker pool ({{ $labels.job }}) has been busy for %s; "
                "new tasks wait in the queue." % human_seconds(seconds(wp["for"])), "workers"),
    ])
    lo = a["label_overflow"]
    r.group("alerts/resource-exhaustion.yml", "pybase-cardinality", [
        r.alert("MetricLabelOverflow", "warning",
                "%s > 0" % sum_increase(cfg, "job, metric, label", "pybase_metrics_label_overflow_total", apps,
                                        lo["window"]), lo["for"],
                "Label {{ $labels.label }} of {{ $labels.metric }} overflows its cardinality cap",
                "{{ $labels.job }} recorded {{ printf `%%.0f` $value }} values of label {{ $labels.label }} of "
                "{{ $labels.metric }} as __overflow__ in %s: an unbounded value (a raw path, an id) reaches the "
                "label, or the cap is too low." % human_seconds(seconds(lo["window"])), "overview",
                comment="The overflow counter of a (metric, label) pair is born at its first overflow: counted "
                        "from zero."),
    ])


def self_monitoring(r):
    cfg, a = r.cfg, r.cfg.alerts
    prom, am = cfg.sel("prometheus"), cfg.sel("alertmanager")
    r.group("alerts/self-monitoring.yml", "pybase-watchdog", [
        r.alert("Watchdog", "none", "vector(1)", None,
                "The alerting pipeline works (always firing)",
                "Always firing, routed to its own receiver every %s: a dead-man's switch outside this stack "
                "(Healthchecks.io, Dead Man's Snitch, PagerDuty's heartbeat) raises an alarm when it stops "
                "arriving, i.e. when Prometheus, Alertmanager or the path between them is down."
                % human_seconds(seconds(cfg.alertmanager["watchdog_repeat_interval"])), "overview", job_label=False,
                comment="Dead-man's switch: fires from the first evaluation, by design without `for`."),
    ], comment=("The monitoring stack watches itself: Prometheus (rules, notifications, Alertmanager\n"
                "discovery, configuration, TSDB, service discovery), Alertmanager (sends, configuration) and the\n"
                "instrumentation library inside the applications (faults while recording, failed scrape-time\n"
                "reads). Thresholds of the first two after the prometheus and alertmanager mixins."))
    rf, me = a["prometheus_rule_failures"], a["prometheus_missed_evaluations"]
    ne, na = a["prometheus_notification_errors"], a["prometheus_no_alertmanager"]
    cr, tc, sd = a["prometheus_config_reload"], a["prometheus_tsdb_compactions"], a["prometheus_sd_failures"]
    by = "job, instance, alertmanager"
    nerr = "sum by (%s) (increase(prometheus_notifications_errors_total%s[%s]))" % (by, prom, ne["window"])
    nsent = "sum by (%s) (increase(prometheus_notifications_sent_total%s[%s]))" % (by, prom, ne["window"])
    r.group("alerts/self-monitoring.yml", "pybase-prometheus", [
        r.alert("PrometheusRuleFailures", "critical",
                "sum by (job, instance, rule_group) (increase(prometheus_rule_evaluation_failures_total%s[%s])) > 0"
                % (prom, rf["window"]), rf["for"],
                "Prometheus fails to evaluate rules",
                "{{ $labels.instance }} failed {{ printf `%%.0f` $value }} rule evaluations of group "
                "{{ $labels.rule_group }} in %s: the alerts of that group may be blind." % human_seconds(
                    seconds(rf["window"])), "overview"),
        r.alert("PrometheusMissingRuleEvaluations", "warning",
                "sum by (job, instance, rule_group) (increase(prometheus_rule_group_iterations_missed_total%s[%s]))"
                " > 0" % (prom, me["window"]), me["for"],
                "Prometheus skips evaluations of {{ $labels.rule_group }}",
                "{{ $labels.instance }} missed {{ printf `%%.0f` $value }} evaluations of rule group "
                "{{ $labels.rule_group }} in %s: the group takes longer than its interval." % human_seconds(
                    seconds(me["window"])), "overview"),
        r.alert("PrometheusNotificationErrors", "warning",
                "%s\n/\n%s\n> %s\nand\n%s >= %s" % (nerr, nsent, fmt_number(ne["warning"]), nerr, ne["min_events"]),
                ne["for"],
                "Prometheus fails to send alerts to {{ $labels.alertmanager }}",
                "{{ $value | humanizePercentage }} of the alerts {{ $labels.instance }} sent to Alertmanager "
                "{{ $labels.alertmanager }} failed over %s." % last(ne["window"]),
                "overview"),
        r.alert("PrometheusNotConnectedToAlertmanager", "warning",
                "max_over_time(prometheus_notifications_alertmanagers_discovered%s[5m]) < 1" % prom, na["for"],
                "Prometheus has no Alertmanager",
                "{{ $labels.instance }} has discovered no Alertmanager for %s: alerts fire but notify nobody "
                "(only the Watchdog's silence tells)." % human_seconds(seconds(na["for"])), "overview"),
        r.alert("PrometheusConfigReloadFailed", "warning",
                "max_over_time(prometheus_config_last_reload_successful%s[5m]) == 0" % prom, cr["for"],
                "Prometheus failed to reload its configuration",
                "The last configuration reload of {{ $labels.instance }} failed; it still runs the previous "
                "configuration (see its log).", "overview"),
        r.alert("PrometheusTSDBCompactionsFailing", "warning",
                "increase(prometheus_tsdb_compactions_failed_total%s[%s]) > 0" % (prom, tc["window"]), tc["for"],
                "Prometheus fails to compact its TSDB",
                "{{ $labels.instance }} had {{ printf `%%.0f` $value }} compaction failures in %s: blocks pile up "
                "and the disk fills." % human_seconds(seconds(tc["window"])), "overview"),
        r.alert("PrometheusSDRefreshFailure", "warning",
                "increase(prometheus_sd_refresh_failures_total%s[%s]) > 0" % (prom, sd["window"]), sd["for"],
                "Prometheus fails to refresh {{ $labels.mechanism }} service discovery",
                "{{ $labels.instance }} failed {{ printf `%%.0f` $value }} refreshes of {{ $labels.mechanism }} "
                "service discovery in %s: new replicas are not scraped and vanished ones linger." % human_seconds(
                    seconds(sd["window"])), "overview"),
    ])
    fs, acr = a["alertmanager_failed_sends"], a["alertmanager_config_reload"]
    aby = "job, instance, integration"
    failed = "sum by (%s) (increase(alertmanager_notifications_failed_total%s[%s]))" % (aby, am, fs["window"])
    total = "sum by (%s) (increase(alertmanager_notifications_total%s[%s]))" % (aby, am, fs["window"])
    r.group("alerts/self-monitoring.yml", "pybase-alertmanager", [
        r.alert("AlertmanagerFailedSends", "warning",
                "%s\n/\n%s\n> %s\nand\n%s >= %s" % (failed, total, fmt_number(fs["warning"]), failed,
                                                    fs["min_events"]), fs["for"],
                "Alertmanager fails to send {{ $labels.integration }} notifications",
                "{{ $value | humanizePercentage }} of the {{ $labels.integration }} notifications of "
                "{{ $labels.instance }} failed over %s: check the receiver's URL and credentials."
                % last(fs["window"]), "overview"),
        r.alert("AlertmanagerConfigReloadFailed", "warning",
                "max_over_time(alertmanager_config_last_reload_successful%s[5m]) == 0" % am, acr["for"],
                "Alertmanager failed to reload its configuration",
                "The last configuration reload of {{ $labels.instance }} failed; it still runs the previous "
                "configuration.", "overview"),
    ])
    instrumentation(r)


def instrumentation(r):
    """The library's own health: what it counts when it fails, so that lost metrics are not silent. Both
    counters are created by their first fault (a series born at a non-zero value): counted from zero."""
    cfg, a = r.cfg, r.cfg.alerts
    apps = cfg.sel("apps")
    re_, ce = a["recording_errors"], a["collect_errors"]
    r.group("alerts/self-monitoring.yml", "pybase-instrumentation", [
        r.alert("MetricRecordingErrors", "warning",
                "%s >= %s" % (sum_increase(cfg, "job, instance", "pybase_metrics_recording_errors_total", apps,
                                           re_["window"]), fmt_number(re_["warning"])), re_["for"],
                "{{ $labels.instance }} loses metrics: recording fails inside the library",
                "{{ $labels.job }} at {{ $labels.instance }} counted {{ printf `%%.0f` $value }} faults inside "
                "metrics recording in %s (pybase_metrics_recording_errors_total). The requests and tasks were not "
                "affected, but their observations were not recorded: counters, latencies and the alerts reading "
                "them under-count. The process logged the first fault at WARNING with its stack trace."
                % last(re_["window"]), "overview",
                comment="A ticket, not a page: the application is unaffected, its metrics are incomplete. Every "
                        "fault is a\nlost observation and a bug (of the library or of the classpath), so one "
                        "is enough."),
        r.alert("MetricCollectErrors", "warning",
                "%s >= %s" % (sum_increase(cfg, "job, instance, metric", "pybase_metrics_collect_errors_total",
                                           apps, ce["window"]), fmt_number(ce["warning"])), ce["for"],
                "Scrape-time reads of {{ $labels.metric }} keep failing on {{ $labels.instance }}",
                "{{ $labels.job }} at {{ $labels.instance }} failed {{ printf `%%.0f` $value }} scrape-time reads "
                "of {{ $labels.metric }} in %s, and has kept failing for %s: its series are left out of the "
                "scrapes (every other series is served), so its panels are empty and the alerts reading it are "
                "blind." % (last(ce["window"]), human_seconds(seconds(ce["for"]))), "overview",
                comment="One failed read is a one-scrape gap that the gauge alerts tolerate; reads that keep "
                        "failing are\na metric gone."),
    ])


# --------------------------------------------------------------------------------------------------------------
# Alertmanager
# --------------------------------------------------------------------------------------------------------------
WEBHOOK_PLACEHOLDER = "http://%s.webhook.invalid/"
RECEIVERS = [
    # name, environment variable, what it gets
    ("oncall", "ALERTMANAGER_ONCALL_WEBHOOK_URL", "critical alerts (pages)"),
    ("tickets", "ALERTMANAGER_TICKETS_WEBHOOK_URL", "warning alerts (tickets) and anything unrouted"),
    ("watchdog", "ALERTMANAGER_WATCHDOG_WEBHOOK_URL",
     "the Watchdog, every %s: point it at a dead-man's switch"),
]


def alertmanager(r):
    cfg = r.cfg
    amc = cfg.alertmanager
    equal = list(amc["inhibit_equal"]) + sorted(r.inhibit_labels - set(amc["inhibit_equal"]))
    lines = [
        "#",
        "# Alertmanager configuration of the PyBase stack; the inhibition's labels come from the alert rules (the",
        "# identifying labels of every alert with both severities). Checked with `amtool check-config`.",
        "#",
        "# Receivers are webhooks whose URLs come from the environment: monitoring/render-alertmanager-config.sh",
        "# (the Compose service's entrypoint, and scripts/run-local.sh) replaces each placeholder URL by its",
        "# variable, or turns the receiver into a null receiver (webhook_configs: []) when the variable is unset,",
        "# so an unset receiver never produces failed sends. Alerts are always visible in the Alertmanager UI.",
    ]
    for name, var, what in RECEIVERS:
        lines.append("#   %-9s %-36s %s" % (name, var, what % cfg.alertmanager["watchdog_repeat_interval"]
                                            if "%s" in what else what))
    lines += [
        "# Slack, PagerDuty, Opsgenie, e-mail: add their *_configs to a receiver and keep secrets in files",
        "# (api_url_file, routing_key_file, auth_password_file), never in this file.",
        "global:",
        "  resolve_timeout: 5m",
        "",
        "route:",
        "  receiver: tickets",
        "  group_by: [%s]" % ", ".join(amc["group_by"]),
        "  group_wait: 30s",
        "  group_interval: 5m",
        "  repeat_interval: %s" % amc["repeat_interval"]["warning"],
        "  routes:",
        "    # The dead-man's switch: its own receiver, sent often; an outside service alarms when it stops.",
        "    - matchers: ['alertname=\"Watchdog\"']",
        "      receiver: watchdog",
        "      group_by: [alertname]",
        "      group_wait: 0s",
        "      group_interval: %s" % amc["watchdog_repeat_interval"],
        "      repeat_interval: %s" % amc["watchdog_repeat_interval"],
        "    - matchers: ['severity=\"critical\"']",
        "      receiver: oncall",
        "      repeat_interval: %s" % amc["repeat_interval"]["critical"],
        "    - matchers: ['severity=\"warning\"']",
        "      receiver: tickets",
        "",
        "# A critical alert silences the warning of the SAME alert only (same alertname and identifying labels,",
        "# e.g. JvmHeapHigh critical silences JvmHeapHigh warning of that instance), never another alert.",
        "inhibit_rules:",
        "  - source_matchers: ['severity=\"critical\"']",
        "    target_matchers: ['severity=\"warning\"']",
        "    equal: [%s]" % ", ".join(equal),
        "",
        "receivers:",
    ]
    for name, var, _ in RECEIVERS:
        lines += [
            "  - name: %s" % name,
            "    # %s" % var,
            "    webhook_configs: [{url: '%s', send_resolved: %s}]" % (
                WEBHOOK_PLACEHOLDER % name, "false" if name == "watchdog" else "true"),
        ]
    return "\n".join(lines) + "\n"


def render_all(cfg=None):
    """{relative path under monitoring/: file text} of every generated rule file and alertmanager.yml."""
    cfg = cfg or mc.load()
    r = Rules(cfg)
    recording_rules(r)
    availability(r)
    error_rates(r)
    slo(r)
    latency(r)
    resources(r)
    self_monitoring(r)
    r.finish()
    out = {}
    for path, f in r.files.items():
        header = mc.GENERATED_HEADER
        if f["comment"]:
            header += "#\n" + "".join("# %s\n" % l if l else "#\n" for l in f["comment"].split("\n"))
        out[path] = dump({"groups": f["groups"]}, header)
    out["alertmanager.yml"] = mc.GENERATED_HEADER + alertmanager(r)
    return out
