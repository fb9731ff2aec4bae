#!/usr/bin/env python3
"""Times `kith due` end to end (process start to exit) on generated 10k and 100k configs.

Usage: python3 Benchmarks/due.py [--runs N]
Builds the release binary, writes the configs under Benchmarks/data/ (not committed) and
prints, per size, the median and worst wall time and the peak resident memory over N runs.
"""
import argparse, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = {10_000: (0.100, None), 100_000: (0.600, 200)}  # seconds, MB


def run_once(binary: str, config: str, extra: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(
            [binary, "due", "--config", config, "--at", "2026-11-23T08:00"] + extra, stdout=null)
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"kith due failed on {config} (status {status})")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    # The build scripts/install makes: release, Swift runtime linked statically.
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "kith"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, ".build", "release", "kith")
    data = os.path.join(ROOT, "Benchmarks", "data")
    os.makedirs(data, exist_ok=True)
    ok = True
    for count, (seconds, megabytes) in TARGETS.items():
        config = os.path.join(data, f"people-{count // 1000}k.json")
        if not os.path.exists(config):
            subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "generate-config.py"),
                            str(count), config], check=True)
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
