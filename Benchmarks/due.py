#!/usr/bin/env python3
"""Times `kith due` end to end (process start to exit) on generated 10k and 100k configs.

Usage: python3 Benchmarks/due.py [--runs N] [--binary PATH]
Builds the release binary (or measures PATH), writes the configs under Benchmarks/data/ (not
committed) and prints, per size, the median and worst wall time and the peak resident memory
over N runs. The output goes to a temporary file, as a script reading it would have it.
"""
import argparse, os, statistics, sys

from benchlib import ROOT, generated_config, measure, release_binary

# (people, --json): (seconds, MB). Issue 2 set the first three; issue 14 the last.
TARGETS = {
    (10_000, False): (0.100, None), (10_000, True): (0.100, None),
    (100_000, False): (0.600, 200), (100_000, True): (0.250, 100),
}


def run_once(binary: str, config: str, extra: list[str]) -> tuple[float, float]:
    elapsed, peak, _ = measure([binary, "due", "--config", config, "--at", "2026-11-23T08:00"] + extra)
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--binary", help="measure this kith instead of building one (to compare two builds)")
    args = parser.parse_args()
    binary = args.binary or release_binary()
    data = os.path.join(ROOT, "Benchmarks", "data")
    os.makedirs(data, exist_ok=True)
    ok = True
    for (count, json), (seconds, megabytes) in TARGETS.items():
        config = generated_config(count, os.path.join(data, f"people-{count // 1000}k.json"))
        for extra in (["--json"] if json else [],):
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
