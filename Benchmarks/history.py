#!/usr/bin/env python3
"""Does the cost of a morning depend on the years of history behind it? (issue 14)

Usage: python3 Benchmarks/history.py [--runs N] [--sizes 0,100000,1000000] [--binary PATH]
Builds the release binary (or measures PATH), writes a 2,000-person config and, per history size, a state store
whose interaction table holds that many rows spread over the people and the last three years.
The rows are written with Python's sqlite3 into a store kith created, and the store is marked
as not yet having its contact summary, so kith builds it (migration v4) on the next open: that
first open is timed too. Then, median of N runs, process start to exit, the runs of all sizes
interleaved so that the machine's slow spells fall on every size alike:
  kith due, kith preview (the digest the daemon prepares), kith history (one person), kith log.
Targets: due and preview within 1.2x of the empty-history time; log and history <= 20 ms at 1M.
"""
import argparse, os, random, sqlite3, statistics, subprocess, sys, time


from benchlib import ROOT, generated_config, measure, release_binary
PEOPLE = 2000


def timed(command: list[str]) -> float:
    return measure(command)[0]


def make_store(binary: str, config: str, names: list[str], state: str, size: int) -> float:
    subprocess.run(["rm", "-rf", state], check=True)
    subprocess.run([binary, "log", names[0], "--config", config, "--state", state], check=True,
                   stdout=subprocess.DEVNULL)
    db = sqlite3.connect(os.path.join(state, "kith.sqlite"))
    rng = random.Random(7)
    kinds = ["message", "message", "message", "call", "meet", "gave", "asked", "received", "met"]
    base = 20_424 - 3 * 365  # three years back from 2026-12-01
    batch = []
    for i in range(size):
        name = names[rng.randrange(len(names))]
        batch.append((name.lower(), name, base + rng.randrange(3 * 365), rng.choice(kinds),
                      "a note" if rng.random() < 0.2 else None, 1.7e9 + i, "log"))
        if len(batch) == 50_000:
            db.executemany("INSERT INTO interaction (personKey, personName, day, kind, note, loggedAt, source) "
                           "VALUES (?,?,?,?,?,?,?)", batch)
            batch = []
    if batch:
        db.executemany("INSERT INTO interaction (personKey, personName, day, kind, note, loggedAt, source) "
                       "VALUES (?,?,?,?,?,?,?)", batch)
    # As a store from before the summary: kith builds it when it next opens the store.
    db.executescript("""
        DELETE FROM grdb_migrations WHERE identifier = 'v4: contact summary';
        DROP TABLE contactSummary;
        DROP INDEX interaction_by_person_day; DROP INDEX interaction_by_person_kind;
        DROP INDEX interaction_by_logged;
        CREATE INDEX interaction_on_personKey ON interaction(personKey);
    """)
    db.commit()
    db.close()
    return timed([binary, "status", "--config", config, "--state", state])  # upgrades the store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", default="0,100000,1000000")
    parser.add_argument("--binary", help="measure this kith instead of building one (to compare two builds)")
    args = parser.parse_args()
    binary = args.binary or release_binary()
    data = os.path.join(ROOT, "Benchmarks", "data")
    os.makedirs(data, exist_ok=True)
    config = generated_config(PEOPLE, os.path.join(data, f"people-{PEOPLE}.json"))
    import json
    text = open(config, encoding="utf-8").read()
    names = [p["name"] for p in json.loads(text[text.index("{"):])["people"]]
    at = ["--at", "2026-12-01T08:00"]
    sizes = [int(s) for s in args.sizes.split(",")]
    upgrades, commands = {}, {}
    for size in sizes:
        state = os.path.join(data, f"state-{size}")
        upgrades[size] = make_store(binary, config, names, state, size)
        common = ["--config", config, "--state", state]
        commands[size] = {
            "due": [binary, "due"] + at + common,
            "preview": [binary, "preview"] + at + common,
            "history": [binary, "history", names[1]] + common,
            "log": [binary, "log", names[2], "--note", "benchmark"] + common,
        }
    labels = ("due", "preview", "history", "log")
    # Interleaved: each run times every command on every size in turn, so a slow spell of the
    # machine falls on all sizes alike instead of on whichever was measured then.
    samples = {size: {label: [] for label in labels} for size in sizes}
    for size in sizes:
        for label in labels:
            timed(commands[size][label])  # warm the page cache
    for _ in range(args.runs):
        for label in labels:
            for size in sizes:
                samples[size][label].append(timed(commands[size][label]))
    ok = True
    baseline = {label: statistics.median(samples[sizes[0]][label]) for label in labels}
    for size in sizes:
        figures = {label: statistics.median(samples[size][label]) for label in labels}
        line = f"{size:>9,} interactions: upgrade {upgrades[size] * 1000:7.1f} ms"
        for label in labels:
            line += f", {label} {figures[label] * 1000:6.1f} ms"
        if size != sizes[0]:
            for label in ("due", "preview"):
                ratio = figures[label] / baseline[label]
                met = ratio <= 1.2
                ok = ok and met
                line += f", {label} x{ratio:.2f} ({'met' if met else 'MISSED'})"
        if size >= 1_000_000:
            for label in ("history", "log"):
                met = figures[label] <= 0.020
                ok = ok and met
                line += f", {label} <= 20 ms {'met' if met else 'MISSED'}"
        print(line, flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
