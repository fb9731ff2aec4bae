#!/usr/bin/env python3
"""kith import of a 30,000-row LinkedIn export into a config of 1,000 people (issue 11).

Usage: python3 Benchmarks/import.py [--rows N] [--people N] [--runs N]
Builds the release binary, writes a 1,000-person config (generate-config.py) and a
Connections.csv of N rows (a "Notes:" preamble, a BOM, quoted fields with commas; one row in ten
is someone already in the config, by address or name, one in twenty has no address), then times
process start to exit, median of N runs: the dry run, and --apply into a fresh copy of the config.
Target: both <= 2 s; peak RSS is recorded.
"""
import argparse, json, os, random, shutil, statistics, sys, tempfile

from benchlib import ROOT, generated_config, measure, release_binary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    kith = release_binary()
    data = os.path.join(ROOT, "Benchmarks", "data")
    os.makedirs(data, exist_ok=True)
    config = generated_config(args.people, os.path.join(data, f"people-{args.people}.json"))
    text = open(config, encoding="utf-8").read()
    people = json.loads(text[text.index("{"):])["people"]
    rng = random.Random(11)
    work = tempfile.mkdtemp(prefix="kith-import-bench-")
    csv = os.path.join(work, "Connections.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("\ufeffNotes:\n\"When exporting your connection data, some addresses may be missing.\"\n\n")
        f.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
        for i in range(args.rows):
            if i % 10 == 0:
                known = people[rng.randrange(len(people))]
                first, _, last = known["name"].partition(" ")
                email = known.get("email", "")
            else:
                surname = rng.choice(["Ng", "Müller", "O'Brien", "Søren"])
                first, last = f"First{i}", f"Last{i} {surname}"
                email = "" if i % 20 == 1 else f"person{i}@example.org"
            f.write(f'{first},{last},https://example.org/in/{i},{email},"Company {i % 97}, Inc.",'
                    f'"Engineer, level {i % 5}",{rng.randrange(1, 28)} Mar {2010 + i % 15}\n')
    state = os.path.join(work, "state")
    figures = {}
    for label, extra in (("dry run", []), ("--apply", ["--apply"])):
        times, peaks = [], []
        for _ in range(args.runs + 1):
            target = os.path.join(work, "config.json")
            shutil.copy(config, target)
            shutil.rmtree(state, ignore_errors=True)
            elapsed, peak, out = measure([kith, "import", csv, "--config", target, "--state", state] + extra)
            times.append(elapsed)
            peaks.append(peak)
        times, peaks = times[1:], peaks[1:]  # the first run warms the page cache
        figures[label] = (statistics.median(times), max(peaks))
    shutil.rmtree(work)
    ok = True
    for label, (median, peak) in figures.items():
        met = median <= 2.0
        ok = ok and met
        print(f"kith import {label:<8} {args.rows:,} rows into {args.people:,} people: median {median * 1000:7.1f} ms, "
              f"peak RSS {peak:6.1f} MB (target <= 2 s: {'met' if met else 'MISSED'})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
