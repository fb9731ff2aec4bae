#!/usr/bin/env python3
"""Times `kith due` end to end (process start to exit) on generated 10k and 100k configs.

Usage: python3 Benchmarks/due.py [--runs N]
Builds the release binary, writes the configs under Benchmarks/data/ (not committed) and
prints, per size, the median and worst wall time and the peak resident memory over N runs.
"""
import argparse, os, statistics, sys

from benchlib import ROOT, generated_config, measure, release_binary

TARGETS = {10_000: (0.100, None), 100_000: (0.600, 200)}  # seconds, MB


def run_once(binary: str, config: str, extra: list[str]) -> tuple[float, float]:
    elapsed, peak, _ = measure([binary, "due", "--config", config, "--at", "2026-11-23T08:00"] + extra)
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    binary = release_binary()
    data = os.path.join(ROOT, "Benchmarks", "data")
    os.makedirs(data, exist_ok=True)
    ok = True
    for count, (seconds, megabytes) in TARGETS.items():
        config = generated_config(count, os.path.join(data, f"people-{count // 1000}k.json"))
        for extra in ([], ["--json"]):
            run_once(binary, config, extra)  # warm the page cache
            times, peaks = zip(*(run_once(binary, config, extra) for _ in range(args.runs)))
            median, worst, peak = statistics.median(times), max(times), max(peaks)
            met = median <= seconds and (megabytes is None or peak <= megabytes)
            ok = ok and met
            target = f"<= {seconds * 1000:.0f} ms" + (f", <= {megabytes} MB" if megabytes else "")
            label = "kith due" + (" --json" if extra else "")
            print(f"{label:<15} {count:>7,} people: median {median * 1000:6.1f} ms, worst {worst * 1000:6.1f} ms, "
                  f"peak RSS {peak:6.1f} MB  (target {target}: {'met' if met else 'MISSED'})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
