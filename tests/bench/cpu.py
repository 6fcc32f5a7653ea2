"""CPU time used so far, in clock ticks (1/100 s), read from /proc: a noise-robust cost per request when taken before and
after a run (other people's work on this shared machine slows a run down, but does not add to these counters).

  python3 cpu.py group PGID         every process of that process group (the app or the bare endpoint as run.sh starts them)
  python3 cpu.py postgres PIDFILE   the cluster: the postmaster, its live children, and the children it has already reaped
                                    (cutime/cstime), so backends that exit during the run still count
"""
import os
import sys


def stat(pid):
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    # fields[0] is state (field 3 of stat); utime, stime, cutime, cstime are fields 14–17.
    return {"ppid": int(fields[1]), "pgrp": int(fields[2]), "utime": int(fields[11]), "stime": int(fields[12]),
            "cutime": int(fields[13]), "cstime": int(fields[14])}


def pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


mode, arg = sys.argv[1], sys.argv[2]
ticks = 0
if mode == "group":
    group = int(arg)
    for pid in pids():
        s = stat(pid)
        if s and s["pgrp"] == group:
            ticks += s["utime"] + s["stime"]
elif mode == "postgres":
    with open(arg, encoding="ascii") as f:
        postmaster = int(f.readline())
    s = stat(postmaster)
    ticks = s["utime"] + s["stime"] + s["cutime"] + s["cstime"]
    for pid in pids():
        c = stat(pid)
        if c and c["ppid"] == postmaster:
            ticks += c["utime"] + c["stime"]
else:
    sys.exit(f"unknown mode {mode}")
print(ticks)
