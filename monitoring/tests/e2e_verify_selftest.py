#!/usr/bin/env python3
"""Proves that scripts/e2e-verification.sh (monitoring/tools/e2e_verify.py) can fail: runs it against a
fake Prometheus on a free 127.0.0.1 port, healthy first, then with one fault at a time, and expects
exit 0 for the healthy stack and exit 1 (with the fault named in the table) for each fault."""
import contextlib
import io
import json
import os
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import e2e_verify  # noqa: E402

JOBS = {"prometheus": "127.0.0.1:9090", "pybase-api": "127.0.0.1:8000", "extraction-worker": "127.0.0.1:9091",
        "search-worker": "127.0.0.1:9092", "alertmanager": "127.0.0.1:9093"}
BUCKETS = e2e_verify.configured_buckets(e2e_verify.dq.MONITORING_DIR)
WATCHDOG = {"state": "firing", "labels": {"alertname": "Watchdog", "severity": "none"}}


def healthy_state():
    return {
        "targets": [{"labels": {"job": j, "instance": i}, "health": "up", "scrapeUrl": "http://%s/metrics" % i,
                     "lastError": ""} for j, i in JOBS.items()],
        "alerts": [dict(WATCHDOG)],
        "empty": set(),
        "rules": {n: "ok" for n in e2e_verify.alert_names(e2e_verify.dq.MONITORING_DIR)},
        "records": {n: "ok" for n in e2e_verify.record_names(e2e_verify.dq.MONITORING_DIR)},
        # Prometheus 3 writes le="1.0" where 2.x kept "1": both must pass.
        "le": {m: [("%.1f" % b if b == int(b) else repr(b)) for b in bounds] + ["+Inf"] for m, bounds in BUCKETS.items()},
        "am_receivers": ["watchdog"],
    }


class FakePrometheus(BaseHTTPRequestHandler):
    state = None

    def log_message(self, *args):
        pass

    def reply(self, data, raw=None):
        body = raw if raw is not None else json.dumps({"status": "success", "data": data})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(url.query)
        s = FakePrometheus.state
        if url.path == "/-/ready":
            self.reply(None, raw="Prometheus Server is Ready.")
        elif url.path == "/api/v1/targets":
            self.reply({"activeTargets": s["targets"], "droppedTargets": []})
        elif url.path == "/api/v1/rules":
            self.reply({"groups": [{"name": "g", "rules": [
                {"type": "alerting", "name": n, "health": h, "lastError": "boom" if h == "err" else ""}
                for n, h in s["rules"].items()] + [
                {"type": "recording", "name": n, "health": h, "lastError": "boom" if h == "err" else ""}
                for n, h in s["records"].items()]}]})
        elif url.path == "/api/v2/alerts":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps([{"labels": {"alertname": "Watchdog"},
                                          "receivers": [{"name": r} for r in s["am_receivers"]]}]
                                        if s["am_receivers"] else []).encode())
        elif url.path == "/api/v1/alerts":
            self.reply({"alerts": s["alerts"]})
        elif url.path == "/api/v1/query":
            expr = q["query"][0]
            by_le = re.fullmatch(r"count by \(le\) \((\w+)_bucket\)", expr)
            if any(m in expr for m in s["empty"]):
                self.reply({"resultType": "vector", "result": []})
            elif by_le:
                self.reply({"resultType": "vector", "result": [{"metric": {"le": le}, "value": [0, "1"]}
                                                               for le in s["le"].get(by_le.group(1), [])]})
            else:
                self.reply({"resultType": "vector", "result": [{"metric": {"job": "pybase-api"},
                                                                "value": [0, "1"]}]})
        else:
            self.send_response(404)
            self.end_headers()


def run(state, *args):
    FakePrometheus.state = state
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = e2e_verify.main(["--prometheus-url", URL, "--alertmanager-url", URL] + list(args))
    return rc, out.getvalue()


def main():
    global URL
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePrometheus)
    URL = "http://127.0.0.1:%d" % server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    failures = 0

    def expect(label, want_rc, needle, state, *args):
        nonlocal failures
        rc, out = run(state, *args)
        ok = rc == want_rc and (needle is None or needle in out)
        print("%s  %s (exit %d)" % ("ok  " if ok else "FAIL", label, rc))
        if not ok:
            failures += 1
            print(out)

    expect("healthy local stack passes, exporter panels shown as SKIP", 0, "SKIP", healthy_state(), "--local")
    expect("--strict turns the exporter SKIPs into failures", 1, "--strict: no node-exporter", healthy_state(),
           "--local", "--strict")
    s = healthy_state()
    s["targets"][2]["health"] = "down"
    s["targets"][2]["lastError"] = "connection refused"
    expect("a down target fails", 1, "connection refused", s, "--local")
    s = healthy_state()
    s["targets"] = [t for t in s["targets"] if t["labels"]["job"] != "search-worker"]
    expect("a job without targets fails", 1, "targets of job search-worker", s, "--local")
    s = healthy_state()
    s["alerts"] = [dict(WATCHDOG), {"state": "firing", "labels": {"alertname": "HighAPIErrorRate", "severity": "warning"}}]
    expect("a firing alert fails", 1, "alert HighAPIErrorRate firing", s, "--local")
    s = healthy_state()
    s["alerts"] = [dict(WATCHDOG), {"state": "pending", "labels": {"alertname": "HighAPIErrorRate", "severity": "warning"}}]
    expect("a pending alert is reported, not failed", 0, "alert HighAPIErrorRate pending", s, "--local")
    s = healthy_state()
    s["empty"] = {"celery_task_retries_total"}
    expect("a contract metric without series fails", 1, "metric celery_task_retries_total", s, "--local")
    s = healthy_state()
    s["empty"] = {"api_latency_histogram_bucket"}
    expect("a panel query without data fails", 1, "pybase-api-performance / Latency heatmap", s, "--local")
    s = healthy_state()
    del s["rules"]["SlowAPILatency"]
    s["rules"]["HighAPIErrorRate"] = "err"
    expect("a missing or broken rule fails", 1, "rule SlowAPILatency loaded", s, "--local")
    expect("compose mode needs the exporter jobs", 1, "targets of job node-exporter", healthy_state())
    s = healthy_state()
    s["alerts"] = []
    expect("no Watchdog firing fails", 1, "Watchdog firing (dead-man's switch)", s, "--local")
    s = healthy_state()
    s["am_receivers"] = []
    expect("an Alertmanager without the Watchdog fails", 1, "Alertmanager holds the Watchdog", s, "--local")
    s = healthy_state()
    s["records"]["job:http_requests:increase5m"] = "err"
    expect("a broken recording rule fails", 1, "recording rule job:http_requests:increase5m loaded", s, "--local")
    s = healthy_state()
    s["le"]["celery_task_queue_wait_seconds"] = s["le"]["celery_task_queue_wait_seconds"][:-2] + ["+Inf"]
    expect("a histogram with other bucket bounds fails", 1, "bucket bounds of celery_task_queue_wait_seconds", s,
           "--local")
    s = healthy_state()
    s["empty"] = {"celery_task_queue_wait_seconds"}
    expect("no queue-wait series fails", 1, 'metric celery_task_queue_wait_seconds_bucket{job="search-worker"}', s,
           "--local")
    server.shutdown()
    print("e2e-verification self-test: %d failure(s)" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
