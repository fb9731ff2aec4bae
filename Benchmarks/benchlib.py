"""What the benchmark scripts share: the build they measure, and one way to time a command."""
import os, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_binary() -> str:
    """Builds kith as scripts/install does (release, Swift runtime linked statically); its path."""
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "kith"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, ".build", "release", "kith")


def generated_config(people: int, path: str) -> str:
    """A config of `people` people from generate-config.py, written once to `path`."""
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "generate-config.py"), str(people), path],
                       check=True)
    return path


def measure(command: list[str]) -> tuple[float, float, str]:
    """Runs `command`: seconds from start to exit, peak resident MB, and what it printed.
    Exits the benchmark with the command's output when it fails.

    The peak is GNU time's (`/usr/bin/time`, Debian's `time`): a process forked from this Python
    inherits Python's own peak as its starting figure, which wait4 here would report instead of a
    smaller command's. The few milliseconds time adds fall on every build alike."""
    if not os.path.exists("/usr/bin/time"):
        sys.exit("the benchmarks need GNU time for peak memory: apt-get install time")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as peak:
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", peak.name] + command, stdout=out, stderr=out)
        _, status, _ = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode(errors="replace")
        kilobytes = int(peak.read().strip().splitlines()[-1])
    if status != 0:
        sys.exit(f"{' '.join(command)} failed ({status}): {text[-2000:]}")
    return elapsed, kilobytes / 1024, text
