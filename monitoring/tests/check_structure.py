#!/usr/bin/env python3
"""Structural checks promtool and docker-compose do not make. Needs PyYAML (python3-yaml, which
Debian's docker-compose depends on).

    python3 monitoring/tests/check_structure.py alerts
        every alert: `for:`, severity warning|critical, summary, description, a dashboard link to one
        of our dashboard uids; every alert has a unit test where it fires and one where it must not.
    python3 monitoring/tests/check_structure.py compose RENDERED_CONFIG_YAML
        the rendered `docker-compose --profile worker config` against issue 6: services, published
        ports on 127.0.0.1 only, Prometheus flags, Grafana security settings, named volumes, network,
        healthchecks, DNS-discovered workers, mounted files that exist.
"""
import glob
import json
import os
import re
import sys

import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
MON = os.path.join(ROOT, "monitoring")
DASHBOARD_UIDS = {json.load(open(p, encoding="utf-8"))["uid"]
                  for p in glob.glob(os.path.join(MON, "grafana-dashboards", "*.json"))}
errors = []


def fail(msg):
    errors.append(msg)


def check_alerts():
    alerts = {}
    for path in sorted(glob.glob(os.path.join(MON, "alerts", "*.yml"))):
        doc = yaml.safe_load(open(path, encoding="utf-8"))
        for group in doc.get("groups", []):
            for rule in group.get("rules", []):
                if "alert" not in rule:
                    continue
                name = rule["alert"]
                where = "%s: %s" % (os.path.basename(path), name)
                if name in alerts:
                    fail("%s: duplicate alert name" % where)
                alerts[name] = rule
                if not rule.get("for"):
                    fail("%s: no `for:` (a single bad scrape would page)" % where)
                if (rule.get("labels") or {}).get("severity") not in ("warning", "critical"):
                    fail("%s: severity label must be warning or critical" % where)
                ann = rule.get("annotations") or {}
                for key in ("summary", "description", "dashboard"):
                    if not str(ann.get(key, "")).strip():
                        fail("%s: missing annotation %s" % (where, key))
                m = re.fullmatch(r"http://localhost:3000/d/([\w-]+)", str(ann.get("dashboard", "")))
                if not m or m.group(1) not in DASHBOARD_UIDS:
                    fail("%s: dashboard annotation must link to one of %s" % (where, sorted(DASHBOARD_UIDS)))
    fires, quiet = set(), set()
    for path in sorted(glob.glob(os.path.join(MON, "alerts", "tests", "*.yml"))):
        doc = yaml.safe_load(open(path, encoding="utf-8"))
        for test in doc.get("tests", []):
            for case in test.get("alert_rule_test", []) or []:
                (fires if case.get("exp_alerts") else quiet).add(case["alertname"])
    for name in sorted(alerts):
        if name not in fires:
            fail("alert %s has no unit test where it fires" % name)
        if name not in quiet:
            fail("alert %s has no unit test where it does not fire" % name)
    for name in sorted((fires | quiet) - set(alerts)):
        fail("unit tests name an unknown alert %s" % name)
    print("alerts: %d alerts, each with a firing and a quiet unit test case" % len(alerts)
          if not errors else "alerts: %d alerts" % len(alerts))


EXPECTED_SERVICES = {"api", "celery-extraction-worker", "celery-search-worker", "prometheus", "grafana",
                     "alertmanager", "node-exporter", "redis", "redis-exporter", "postgres", "postgres-exporter"}
PUBLISHED = {"prometheus": 9090, "grafana": 3000, "api": 8000}
NO_HEALTHCHECK = {"redis-exporter"}  # FROM scratch image: no shell or wget to run a check with


def mounts(svc):
    """Volumes of a rendered service as {source, target}, whether compose wrote them long or short."""
    result = []
    for vol in svc.get("volumes", []):
        if isinstance(vol, dict):
            result.append({"source": vol.get("source", ""), "target": vol.get("target", "")})
        else:
            parts = str(vol).split(":")
            if len(parts) >= 2:
                result.append({"source": parts[0], "target": parts[1]})
    return result


def check_compose(rendered_path, admin_password):
    cfg = yaml.safe_load(open(rendered_path, encoding="utf-8"))
    services = cfg.get("services", {})
    if set(services) != EXPECTED_SERVICES:
        fail("compose services %s, expected %s" % (sorted(services), sorted(EXPECTED_SERVICES)))
    for name, svc in services.items():
        ports = svc.get("ports", [])
        if name not in PUBLISHED and ports:
            fail("compose: %s must not publish ports (has %s)" % (name, ports))
        for p in ports:
            host_ip = p.get("host_ip") if isinstance(p, dict) else str(p).split(":")[0]
            if host_ip != "127.0.0.1":
                fail("compose: %s publishes %s beyond 127.0.0.1" % (name, p))
        if name in PUBLISHED:
            published = {int(p["published"]) if isinstance(p, dict) else int(str(p).split(":")[1]) for p in ports}
            if published != {PUBLISHED[name]}:
                fail("compose: %s must publish exactly port %d, has %s" % (name, PUBLISHED[name], ports))
        if name not in NO_HEALTHCHECK and not svc.get("healthcheck"):
            fail("compose: %s has no healthcheck" % name)
        if "networks" not in svc or "pybase-network" not in svc["networks"]:
            fail("compose: %s is not on pybase-network" % name)
        for vol in mounts(svc):
            src = vol["source"]
            if src.startswith(ROOT) and not os.path.exists(src):
                fail("compose: %s mounts missing file %s" % (name, src))
    prom = services.get("prometheus", {})
    cmd = prom.get("command", [])
    for flag in ("--storage.tsdb.retention.time=15d", "--web.enable-lifecycle",
                 "--config.file=/etc/prometheus/prometheus.yml"):
        if flag not in cmd:
            fail("compose: prometheus command lacks %s" % flag)
    if not re.fullmatch(r"prom/prometheus:v3\.\d+\.\d+", prom.get("image", "")):
        fail("compose: prometheus must run a pinned 3.x image, has %s" % prom.get("image"))
    if any("native-histograms" in c for c in cmd):
        fail("compose: native histogram ingestion is on; also set always_scrape_classic_histograms "
             "(a 3.x key) or the _bucket series the rules read disappear")
    env = services.get("grafana", {}).get("environment", {})
    if env.get("GF_SECURITY_ADMIN_PASSWORD") != admin_password:
        fail("compose: grafana admin password must come from GRAFANA_ADMIN_PASSWORD")
    if str(env.get("GF_AUTH_ANONYMOUS_ENABLED")).lower() != "false":
        fail("compose: grafana anonymous access must be off")
    if str(env.get("GF_USERS_ALLOW_SIGN_UP")).lower() != "false":
        fail("compose: grafana sign-up must be off")
    volumes = {v.get("name") for v in (cfg.get("volumes") or {}).values()}
    for vol in ("pybase-prometheus-data", "pybase-grafana-data"):
        if vol not in volumes:
            fail("compose: named volume %s missing" % vol)
    if "pybase-network" not in {n.get("name") for n in (cfg.get("networks") or {}).values()}:
        fail("compose: network pybase-network missing")
    for worker, name in (("celery-extraction-worker", "extraction"), ("celery-search-worker", "search")):
        svc = services.get(worker, {})
        if svc.get("profiles") != ["worker"]:
            fail("compose: %s must be in profile worker" % worker)
        wenv = svc.get("environment", {})
        if wenv.get("WORKER_NAME") != name or str(wenv.get("PROMETHEUS_METRICS_PORT")) != "9090":
            fail("compose: %s needs WORKER_NAME=%s and PROMETHEUS_METRICS_PORT=9090" % (worker, name))
        if svc.get("container_name"):
            fail("compose: %s must not set container_name (it could not scale)" % worker)
        if (svc.get("build") or {}).get("dockerfile") != "sample-workers/Dockerfile":
            fail("compose: %s must build sample-workers/Dockerfile" % worker)
    if (services.get("api", {}).get("build") or {}).get("dockerfile") != "sample-api/Dockerfile":
        fail("compose: api must build sample-api/Dockerfile")
    # Prometheus finds every worker replica through DNS on the container port.
    pcfg = yaml.safe_load(open(os.path.join(MON, "prometheus.yml"), encoding="utf-8"))
    jobs = {j["job_name"]: j for j in pcfg["scrape_configs"]}
    for job, svc in (("extraction-worker", "celery-extraction-worker"), ("search-worker", "celery-search-worker")):
        sd = (jobs.get(job, {}).get("dns_sd_configs") or [{}])[0]
        if sd.get("names") != [svc] or sd.get("type") != "A" or sd.get("port") != 9090:
            fail("prometheus.yml: job %s must use dns_sd_configs A %s port 9090" % (job, svc))
    for job in ("prometheus", "pybase-api", "node-exporter", "redis", "postgres", "alertmanager"):
        if job not in jobs:
            fail("prometheus.yml: job %s missing" % job)
    api = jobs.get("pybase-api", {})
    api_targets = [t for sc in api.get("static_configs", []) for t in sc.get("targets", [])]
    if api.get("metrics_path") != "/metrics" or api_targets != ["api:8001"]:
        fail("prometheus.yml: pybase-api must scrape the API's metrics port api:8001/metrics (API_METRICS_PORT)")
    if str(services.get("api", {}).get("environment", {}).get("API_METRICS_PORT")) != "8001":
        fail("compose: api needs API_METRICS_PORT=8001 (the port Prometheus scrapes)")
    ds = yaml.safe_load(open(os.path.join(MON, "grafana/provisioning/datasources/prometheus.yml"), encoding="utf-8"))
    d0 = ds["datasources"][0]
    if d0.get("uid") != "pybase-prometheus" or d0.get("url") != "http://prometheus:9090" or not d0.get("isDefault"):
        fail("grafana datasource must be the default, uid pybase-prometheus, url http://prometheus:9090")
    prov = yaml.safe_load(open(os.path.join(MON, "grafana/provisioning/dashboards/pybase.yml"), encoding="utf-8"))
    path = prov["providers"][0]["options"]["path"]
    if not any(v["target"] == path and v["source"].endswith("monitoring/grafana-dashboards")
               for v in mounts(services.get("grafana", {}))):
        fail("grafana: provider path %s is not where monitoring/grafana-dashboards is mounted" % path)
    print("compose: %d services checked" % len(services))


def main(argv):
    if argv[:1] == ["alerts"]:
        check_alerts()
    elif argv[:1] == ["compose"] and len(argv) == 3:
        check_compose(argv[1], argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for e in errors:
        print("FAIL " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
