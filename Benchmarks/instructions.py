#!/usr/bin/env python3
"""Counts the instructions `kith` runs (valgrind's callgrind), a figure that does not move with
the machine's load the way wall times do on a shared VM: use it to compare two builds.

Usage: python3 Benchmarks/instructions.py [--binary PATH]
Builds the release binary (or takes PATH), copies it without its debug information (callgrind
cannot read the static binary's), and prints the instructions of `kith check` on the example
config (start-up: process, arguments, a 3-person config) and of `kith due --json` on 10,000
people. Needs valgrind (Debian: apt-get install valgrind).
"""
import argparse, os, re, subprocess, sys, tempfile

from benchlib import ROOT, generated_config, release_binary


def instructions(binary: str, arguments: list[str]) -> int:
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "callgrind.out")
        run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary] + arguments,
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        found = re.search(r"Collected : (\d+)", run.stderr)
        if not found:
            sys.exit(f"callgrind gave no count: {run.stderr[-1000:]}")
        return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", help="count this kith instead of building one (to compare two builds)")
    args = parser.parse_args()
    binary = args.binary or release_binary()
    config = generated_config(10_000, os.path.join(ROOT, "Benchmarks", "data", "people-10k.json"))
    with tempfile.TemporaryDirectory() as work:
        stripped = os.path.join(work, "kith")
        subprocess.run(["strip", "--strip-debug", "-o", stripped, binary], check=True)
        start = instructions(stripped, ["check", "--config", "config.example.json"])
        due = instructions(stripped, ["due", "--json", "--config", config, "--at", "2026-11-23T08:00"])
    print(f"kith check, 3 people:           {start / 1e6:8.1f} M instructions")
    print(f"kith due --json, 10,000 people: {due / 1e6:8.1f} M instructions ({due / 10_000:,.0f} a person)")


if __name__ == "__main__":
    main()
