#!/usr/bin/env python3
"""Reads a JMH JSON result file (run.sh ... -rf json -rff out.json) and prints the figures against the targets of
the benchmarks README: time and allocation per request, ratios to client_java and Micrometer, two-thread
scaling and the 10,000-series scrape.

    benchmarks/summarize.py out.json
    benchmarks/summarize.py --markdown out.json   # the results table of the README
"""
import json
import sys


def load(path):
    with open(path) as f:
        runs = json.load(f)
    results = {}
    for r in runs:
        name = r["benchmark"].rsplit(".", 1)[1]
        native = r.get("params", {}).get("nativeHistograms")
        key = name if native is None else f"{name}[native={native}]"
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        pm = r["primaryMetric"]
        results[key] = {
            "score": pm["score"], "error": pm["scoreError"], "unit": pm["scoreUnit"], "threads": r["threads"],
            "alloc": alloc,
        }
    return results


def fmt(v, digits=1):
    if v is None:
        return "n/a"
    try:
        return f"{float(v):.{digits}f}"  # JMH writes "NaN" as a string for one iteration
    except ValueError:
        return str(v)


def markdown(res):
    print("| benchmark | threads | score | error (99.9 %) | unit | B/op |")
    print("|---|---:|---:|---:|---|---:|")
    for key in sorted(res):
        r = res[key]
        print(f"| `{key}` | {r['threads']} | {fmt(r['score'], 1)} | ± {fmt(r['error'], 1)} | {r['unit']} | "
              f"{fmt(r['alloc'], 2)} |")


def main(path, as_markdown=False):
    res = load(path)
    if as_markdown:
        markdown(res)
        return
    print(f"{'benchmark':58} {'threads':>7} {'score':>12} {'error':>10} {'unit':>8} {'B/op':>10}")
    for key in sorted(res):
        r = res[key]
        print(f"{key:58} {r['threads']:>7} {fmt(r['score'], 2):>12} {fmt(r['error'], 2):>10} {r['unit']:>8} "
              f"{fmt(r['alloc'], 2):>10}")

    def get(key):
        return res.get(key)

    print("\ntargets")
    cj, mm = get("recordRequestClientJava"), get("recordRequestMicrometer")
    for native in ("false", "true"):
        pb = get(f"recordRequestPybase[native={native}]")
        if pb is None:
            continue
        label = "classic-only (default)" if native == "false" else "native histograms on"
        if cj:
            ratio = pb["score"] / cj["score"]
            print(f"  pybase {label}: {ratio:.2f} x client_java (target <= 0.50) "
                  f"{'ok' if ratio <= 0.5 else 'MISSED'}")
        if mm:
            ratio = pb["score"] / mm["score"]
            print(f"  pybase {label}: {ratio:.3f} x Micrometer (target <= 0.12) "
                  f"{'ok' if ratio <= 0.12 else 'MISSED'}")
        if pb["alloc"] is not None:
            if native == "false":
                print(f"  pybase {label}: {pb['alloc']:.3f} B/op (target 0) {'ok' if pb['alloc'] < 0.5 else 'MISSED'}")
            else:
                print(f"  pybase {label}: {pb['alloc']:.3f} B/op (reported beside the default)")

    clock = get("recordRequestClockRead")
    if clock and cj and mm:
        c = clock["score"]
        print(f"  every request benchmark includes one clock read: {c:.1f} ns here; without it (recording only):")
        for native in ("false", "true"):
            pb = get(f"recordRequestPybase[native={native}]")
            if pb:
                print(f"    pybase native={native}: {(pb['score'] - c) / (cj['score'] - c):.2f} x client_java, "
                      f"{(pb['score'] - c) / (mm['score'] - c):.3f} x Micrometer")

    resolved, core = get("recordRequestClientJavaResolved"), get("recordRequestPybaseCore[native=false]")
    if resolved and core:
        print(f"  client_java data points alone (resolved, classic-only): {resolved['score']:.1f} ns; PyBase's own "
              f"look-ups add {core['score'] - resolved['score']:.1f} ns (core), "
              f"the filter {get('recordRequestPybase[native=false]')['score'] - core['score']:.1f} ns more")

    for base in ("recordRequestPybase[native=false]", "recordRequestPybase[native=true]",
                 "recordRequestPybaseCore[native=false]", "recordRequestPybaseCore[native=true]", "recordRequestClientJava",
                 "recordRequestMicrometer", "recordRequestFloorLongAdders"):
        one = get(base)
        two_key = base.replace("[", "TwoThreads[", 1) if "[" in base else base + "TwoThreads"
        two = get(two_key)
        if one and two:
            # average time per operation per thread: throughput = threads / time
            scaling = (two["threads"] / two["score"]) / (1 / one["score"])
            verdict = ("ok" if scaling >= 1.3 else "MISSED") if base.startswith("recordRequestPybase[") else "reference"
            print(f"  {base}: 2-thread throughput {scaling:.2f} x 1 thread (target >= 1.30) {verdict}")

    one, two = get("recordRequestPybaseCore[native=false]"), get("recordRequestPybaseCoreTwoThreadsUnshared")
    if one and two:
        scaling = (two["threads"] / two["score"]) / (1 / one["score"])
        print(f"  recordRequestPybaseCore, each thread its own registry: 2-thread throughput {scaling:.2f} x 1 thread "
              f"(what the machine gives without shared cache lines)")

    pb, cjs, wo, ep = (get("scrapePybase"), get("scrapeClientJava"), get("scrapeWriterOnly"),
                       get("scrapePybaseEndpoint"))
    if pb and cjs:
        ratio = pb["score"] / cjs["score"]
        errors = [float(x["error"]) if x["error"] != "NaN" else 0.0 for x in (pb, cjs)]
        within = pb["score"] - errors[0] <= cjs["score"] + errors[1]
        print(f"  scrape 10,000 series: pybase {ratio:.2f} x client_java collect+write "
              f"(target <= 1, within error: {'ok' if ratio <= 1 or within else 'MISSED'})")
    if ep and wo:
        print(f"  scrape 10,000 series: endpoint path {ep['score'] / wo['score']:.2f} x the text writer alone")
    bare = get("taskBare")
    for key in sorted(k for k in res if k.startswith("task") and k != "taskBare"):
        extra = f" ({res[key]['score'] - bare['score']:.1f} ns over the bare task)" if bare else ""
        print(f"  {key}: {fmt(res[key]['score'], 1)} {res[key]['unit']}{extra}, {fmt(res[key]['alloc'], 2)} B/op")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--markdown"]
    if len(args) != 1:
        sys.exit("usage: summarize.py [--markdown] JMH_RESULT.json")
    main(args[0], as_markdown="--markdown" in sys.argv[1:])
