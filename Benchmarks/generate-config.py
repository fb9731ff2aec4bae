#!/usr/bin/env python3
"""Writes a kith config with N people, for benchmarks: python3 generate-config.py N OUT.json"""
import json, random, sys

def main() -> None:
    count, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(42)
    circles = ["inner", "friends", "network"]
    people = []
    for i in range(count):
        person = {
            "name": f"Person {i:06d} {rng.choice(['Lovelace', 'Hopper', 'Johnson', 'Pauling', 'Hamilton', 'Zoë Ñúñez'])}",
            "email": f"person{i}@example.org",
            "circle": rng.choice(circles),
            "field": rng.choice(["software", "mathematics", "music", "medicine"]),
        }
        roll = rng.random()
        if roll < 0.8:
            person["lastContact"] = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
        elif roll < 0.9:
            person["met"] = f"2026-11-{rng.randint(1, 22):02d}"
            person["metAt"] = "a conference"
        if rng.random() < 0.3:
            person["birthday"] = f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.2:
            person["every"] = rng.choice(["10d", "6w", "2m", "1y"])
        if rng.random() < 0.2:
            person["needs"] = ["a reviewer"]
            person["notes"] = "Met through the reading group; likes long walks."
        people.append(person)
    config = {
        "owner": {"name": "Sam Rivera", "email": "sam@example.org", "field": "software"},
        "timezone": "Europe/Berlin",
        "digest": {"at": "07:30", "maxPeople": 5},
        "smtp": {"url": "smtps://localhost:465", "from": "kith <kith@example.org>"},
        "circles": {"inner": {"every": "2w"}, "friends": {"every": "1m"}, "network": {"every": "3m"}},
        "people": people,
    }
    # One person a line, as a long hand-kept file would be: 100k people stay under the 16 MiB
    # kith reads.
    people_json = ",\n  ".join(json.dumps(p, ensure_ascii=False, separators=(",", ": ")) for p in config.pop("people"))
    head = json.dumps(config, ensure_ascii=False, indent=1)
    with open(out, "w", encoding="utf-8") as f:
        f.write(head[:-2] + ',\n "people": [\n  ' + people_json + "\n ]\n}\n")

if __name__ == "__main__":
    main()
