#!/usr/bin/env python3
"""Load script for `sflow serve` (standard library only; CI never runs it).

Superseded by the C# driver (`dotnet run -c Release --project bench/ServerlessFlow.Benchmarks -- serve-load`), which
needs no Python. Caveat: the throughput poll below lists up to 1000 executions per poll, and the Table store reads every
listed record, so on Azurite this script's own polling costs more storage requests than the events it measures
(see bench/results/durable-and-serve.md).

Measures, against a running server on the repository's example packs:
  1. webhook -> execution-started latency: POST /api/v1/webhooks/greet with a unique St2-Trace-Tag,
     then poll GET /api/v1/executions?trace_tag=... every 2 ms until the workflow execution exists
     (median and p95 over --samples sequential posts; includes the poll granularity);
  2. sustained events/s: --events posts from --threads threads; reports the accept rate (202s/s) and
     the rate at which rules turned them into executions (time until every trace tag has an execution,
     checked with one newest-first page of up to 1000 executions per poll; keep --events at most 1000).

Usage: python3 bench/serve/serve_load.py [--url http://127.0.0.1:7071] [--samples 50] [--events 500] [--threads 8]
"""
import argparse
import json
import statistics
import threading
import time
import urllib.parse
import urllib.request
import uuid


def post(url, hook, body, tag):
    req = urllib.request.Request(f"{url}/api/v1/webhooks/{hook}", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "St2-Trace-Tag": tag})
    with urllib.request.urlopen(req) as resp:
        assert resp.status == 202, resp.status


def executions(url, tag):
    q = urllib.parse.urlencode({"trace_tag": tag, "action": "examples.greet", "limit": 5})
    with urllib.request.urlopen(f"{url}/api/v1/executions?{q}") as resp:
        return json.loads(resp.read())


def latency(url, samples):
    results = []
    for _ in range(samples):
        tag = "lat-" + uuid.uuid4().hex
        start = time.perf_counter()
        post(url, "greet", {"name": "Bench"}, tag)
        while not executions(url, tag):
            time.sleep(0.002)
        results.append((time.perf_counter() - start) * 1000)
    results.sort()
    return statistics.median(results), results[int(len(results) * 0.95) - 1]


def throughput(url, events, threads):
    tags = ["load-" + uuid.uuid4().hex for _ in range(events)]
    chunks = [tags[i::threads] for i in range(threads)]
    start = time.perf_counter()
    workers = [threading.Thread(target=lambda c=c: [post(url, "greet", {"name": "Load"}, t) for t in c]) for c in chunks]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    accepted = time.perf_counter() - start
    pending = set(tags)
    while pending:
        # One newest-first page per poll (not one query per tag), so the measuring does not load the server.
        q = urllib.parse.urlencode({"action": "examples.greet", "limit": 1000})
        with urllib.request.urlopen(f"{url}/api/v1/executions?{q}") as resp:
            seen = {(e.get("context") or {}).get("trace_tag") for e in json.loads(resp.read())}
        pending -= seen
        if pending:
            time.sleep(0.2)
    started = time.perf_counter() - start
    return events / accepted, events / started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:7071")
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    median, p95 = latency(args.url, args.samples)
    print(f"webhook -> execution started: median {median:.1f} ms, p95 {p95:.1f} ms ({args.samples} samples)")
    accept_rate, start_rate = throughput(args.url, args.events, args.threads)
    print(f"sustained: {accept_rate:.0f} webhooks/s accepted, {start_rate:.0f} events/s through rules to started executions "
          f"({args.events} events, {args.threads} threads)")


if __name__ == "__main__":
    main()
