#!/usr/bin/env python3
"""The workload kith is sized for (issue 22): `kith check`, `due`, `due --json` and `preview` on
5,000 people (a big personal list) and 30,000 (a whole LinkedIn export), each with an empty
history and with one million logged interactions.

Usage: python3 Benchmarks/workload.py [--runs N] [--binary PATH ...] [--sizes 5000,30000]
Builds the release binary (or measures each PATH given; two or more are timed back to back, run
by run, so a slow spell of a shared machine falls on all of them alike). Configs and stores are
written under Benchmarks/data/ (not committed); the store of a million interactions is made once
per size, as history.py makes it. Prints, per binary, size, history and command, the median and
worst wall time (process start to exit) and the peak resident memory, against the targets:
  30,000 people: each command <= 150 ms and <= 60 MB; 5,000 people: <= 40 ms;
  with a million interactions: due and preview <= 1.25x the empty-history time.
"""
import argparse, os, statistics, subprocess, sys

from benchlib import ROOT, generated_config, measure, release_binary
from history import make_store

TIME_TARGET = {5_000: 0.040, 30_000: 0.150}
MEMORY_TARGET = {30_000: 60}
HISTORY_RATIO = 1.25
INTERACTIONS = 1_000_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--binary", action="append", help="measure this kith (repeat to compare builds)")
    parser.add_argument("--sizes", default="5000,30000")
    args = parser.parse_args()
    binaries = args.binary or [release_binary()]
    data = os.path.join(ROOT, "Benchmarks", "data")
    os.makedirs(data, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    at = ["--at", "2026-12-01T08:00"]
    commands = {}  # (size, history) -> {label: argv after the binary}
    for size in sizes:
        config = generated_config(size, os.path.join(data, f"people-{size}.json"))
        import json
        text = open(config, encoding="utf-8").read()
        names = [p["name"] for p in json.loads(text[text.index("{"):])["people"]]
        for history in (0, INTERACTIONS):
            state = os.path.join(data, f"workload-{size}-{history}")
            marker = os.path.join(state, "made")
            if not os.path.exists(marker):
                make_store(binaries[0], config, names, state, history)
                open(marker, "w").close()
            common = ["--config", config, "--state", state]
            commands[(size, history)] = {
                "check": ["check", "--config", config],
                "due": ["due"] + at + common,
                "due --json": ["due", "--json"] + at + common,
                "preview": ["preview"] + at + common,
            }
    samples = {(b, key, label): [] for b in binaries for key in commands for label in commands[key]}
    peaks = {k: 0.0 for k in samples}
    for binary in binaries:  # warm the page cache
        for key, labelled in commands.items():
            for argv in labelled.values():
                measure([binary] + argv)
    for _ in range(args.runs):
        for key, labelled in commands.items():
            for label, argv in labelled.items():
                for binary in binaries:
                    elapsed, peak, _ = measure([binary] + argv)
                    samples[(binary, key, label)].append(elapsed)
                    peaks[(binary, key, label)] = max(peaks[(binary, key, label)], peak)
    ok = True
    for binary in binaries:
        print(f"== {binary}")
        for (size, history), labelled in commands.items():
            for label in labelled:
                times = samples[(binary, (size, history), label)]
                median, worst, peak = statistics.median(times), max(times), peaks[(binary, (size, history), label)]
                line = (f"{size:>6,} people, {history:>9,} interactions, {label:<11} median {median * 1000:6.1f} ms, "
                        f"worst {worst * 1000:6.1f} ms, peak RSS {peak:5.1f} MB")
                verdicts = []
                if size in TIME_TARGET:
                    verdicts.append(("<= %.0f ms" % (TIME_TARGET[size] * 1000), median <= TIME_TARGET[size]))
                if size in MEMORY_TARGET:
                    verdicts.append((f"<= {MEMORY_TARGET[size]} MB", peak <= MEMORY_TARGET[size]))
                if history and label in ("due", "preview"):
                    empty = statistics.median(samples[(binary, (size, 0), label)])
                    ratio = median / empty
                    line += f", x{ratio:.2f} of empty history"
                    verdicts.append((f"<= x{HISTORY_RATIO}", ratio <= HISTORY_RATIO))
                for name, met in verdicts:
                    ok = ok and met
                line += "  (" + ", ".join(f"{n}: {'met' if m else 'MISSED'}" for n, m in verdicts) + ")"
                print(line, flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
