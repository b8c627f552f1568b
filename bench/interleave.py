#!/usr/bin/env python3
"""Time several commands on the same input in interleaved rounds, and print each one's median
wall and CPU time and its ratio to the first command.

hyperfine runs all rounds of one command, then all of the next. On a shared machine whose speed
drifts over minutes (this one's runs of one command spread by up to 0.1 s), a drift then reads
as a difference between the commands. Here every round runs each command once, in turn, so a
drift touches all of them alike.

    python3 bench/interleave.py [--rounds N] [--warmup N] [--json FILE] [--pairs] INPUT CMD [CMD ...]

Each CMD is split on blanks and run with INPUT as its last argument, output discarded.
Besides the ratio of medians, each command's ratio to the first is taken round by round (the two
runs of a round are a few seconds apart, so a slow minute of the machine touches both), and the
median of those paired ratios is printed with a 95 % bootstrap interval: a claim such as "within
1.1x" holds when the interval's top is below 1.1. Standard library only.
"""
import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time


def run(cmd, path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd.split() + [path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def bootstrap_median(xs, draws=2000):
    """A 95 % percentile bootstrap interval of the median of `xs` (fixed seed: the same runs
    print the same interval)."""
    rng = random.Random(7)
    meds = sorted(statistics.median(rng.choices(xs, k=len(xs))) for _ in range(draws))
    return meds[int(0.025 * draws)], meds[int(0.975 * draws) - 1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--json", help="write every run's times here")
    ap.add_argument("--pairs", action="store_true", help="commands are (baseline, candidate) pairs")
    ap.add_argument("input")
    ap.add_argument("cmds", nargs="+")
    a = ap.parse_args()
    for _ in range(a.warmup):
        for c in a.cmds:
            run(c, a.input)
    times = {c: [] for c in a.cmds}
    for _ in range(a.rounds):
        for c in a.cmds:
            times[c].append(run(c, a.input))
    first = None
    print(f"{a.rounds} interleaved rounds, medians; ratios to the first command")
    for c in a.cmds:
        wall = statistics.median(t[0] for t in times[c])
        cpu = statistics.median(t[1] for t in times[c])
        spread = statistics.pstdev(t[0] for t in times[c])
        first = first or (wall, cpu)
        print(f"{wall:7.3f} s wall (σ {spread:.3f}, {wall / first[0]:.3f}x)  {cpu:7.3f} s CPU ({cpu / first[1]:.3f}x)  {c}")
    # With --pairs the commands come as (baseline, candidate) pairs, each candidate taken
    # against its own baseline (two builds, each with and without an option); else every
    # command against the first.
    pairs = (
        [(a.cmds[i], a.cmds[i + 1]) for i in range(0, len(a.cmds) - 1, 2)]
        if a.pairs
        else [(a.cmds[0], c) for c in a.cmds[1:]]
    )
    for b0, c in pairs:
        base = times[b0]
        for k, what in ((0, "wall"), (1, "CPU")):
            paired = [t[k] / b[k] for t, b in zip(times[c], base)]
            lo, hi = bootstrap_median(paired)
            print(f"  paired {what} ratio {statistics.median(paired):.3f}x (95 % interval {lo:.3f} to {hi:.3f})  {c}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({c: [{"wall": w, "cpu": u} for w, u in t] for c, t in times.items()}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
