#!/usr/bin/env python3
"""bench/thread-cpu.py snap PID FILE | bench/thread-cpu.py diff BEFORE AFTER [PAYOUTS]

snap writes the CPU ticks (utime+stime, /proc/PID/task/*/stat) of every thread of a JVM with its name; diff shows
where the CPU between two snapshots went, by thread group (digits in names folded: "C2 CompilerThread0" and
"C2 CompilerThread1" are one group), in ms and, with PAYOUTS, in ms per payout. Threads that ended between the
snapshots are missing from the second one: their CPU shows as "(ended threads)", from the process totals.
"""
import collections
import os
import re
import sys


def snap(pid, out):
    tick = os.sysconf("SC_CLK_TCK")
    rows = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        rows.append((tid, name, (int(fields[11]) + int(fields[12])) * 1000 // tick))
    stat = open(f"/proc/{pid}/stat").read()
    fields = stat[stat.rindex(")") + 2:].split()
    total = (int(fields[11]) + int(fields[12])) * 1000 // tick
    with open(out, "w") as f:
        f.write(f"TOTAL\t-\t{total}\n")
        for tid, name, ms in rows:
            f.write(f"{tid}\t{name}\t{ms}\n")


def read(path):
    rows = {}
    for line in open(path):
        tid, name, ms = line.rstrip("\n").split("\t")
        rows[tid] = (name, int(ms))
    return rows


def diff(before, after, payouts):
    b, a = read(before), read(after)
    groups = collections.Counter()
    for tid, (name, ms) in a.items():
        if tid == "TOTAL":
            continue
        groups[re.sub(r"\d+", "#", name).strip()] += ms - b.get(tid, (name, 0))[1]
    total = a["TOTAL"][1] - b["TOTAL"][1]
    ended = total - sum(groups.values())
    if ended > 0:
        groups["(ended threads)"] += ended
    print(f"gateway CPU {total} ms" + (f", {total / payouts:.3f} ms per payout" if payouts else "") + ", by thread:")
    for name, ms in groups.most_common(12):
        if ms <= 0:
            break
        per = f"  {ms / payouts:.3f} ms/payout" if payouts else ""
        print(f"  {100 * ms / max(total, 1):5.1f}%  {ms:7d} ms{per}  {name}")


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        snap(sys.argv[2], sys.argv[3])
    else:
        diff(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 0)
