#!/usr/bin/env python3
"""bench/jfr-hot.py FILE.jfr [N] [FILTER]: where a JFR recording (JFR=... bench/dispatch) spent the gateway's CPU.

Prints CPU seconds per thread group (jdk.ThreadCPULoad), then each method's inclusive share of the Java execution
samples (jdk.ExecutionSample: the share of samples with the method anywhere on the stack), the N largest, optionally
only those whose name contains FILTER. Needs the JDK's `jfr` tool on the PATH.
"""
import collections
import json
import os
import re
import subprocess
import sys


def events(path, kind, depth=128):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(depth), "--events", kind, path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    only = sys.argv[3] if len(sys.argv) > 3 else ""
    cores = os.cpu_count() or 1
    threads = collections.Counter()
    for e in events(path, "jdk.ThreadCPULoad", 1):
        v = e["values"]
        t = v.get("eventThread") or {}
        name = re.sub(r"\d+", "#", t.get("javaName") or t.get("osName") or "?")
        threads[name] += (v["user"] + v["system"]) * cores  # share of the machine in each period, in cores
    total = sum(threads.values()) or 1
    print("== CPU by thread group (share of the Java threads' CPU)")
    for name, cpu in threads.most_common(10):
        print(f"{100 * cpu / total:5.1f}%  {name}")
    samples = events(path, "jdk.ExecutionSample")
    inclusive = collections.Counter()
    for e in samples:
        seen = set()
        for frame in e["values"]["stackTrace"]["frames"]:
            m = frame["method"]
            key = m["type"]["name"].split("/")[-1] + "." + m["name"]
            if key not in seen:
                seen.add(key)
                inclusive[key] += 1
    print(f"== inclusive share of {len(samples)} execution samples")
    for key, n in inclusive.most_common():
        if only in key and not re.search(r"\$\$Lambda|^\d|Reactive|Redelivery|FutureTask|ThreadPoolExecutor|Thread\.run|"
                                         r"\.invoke$|MethodInfo|BeanProcessor|GeneratedMethodAccessor", key):
            print(f"{100 * n / len(samples):5.1f}%  {key}")
            top -= 1
            if top == 0:
                break


if __name__ == "__main__":
    main()
