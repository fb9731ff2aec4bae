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
    """Runs `command`: seconds from start to exit, peak resident MB (wait4), and what it printed.
    Exits the benchmark with the command's output when it fails."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, stdout=out, stderr=out)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode(errors="replace")
    if status != 0:
        sys.exit(f"{' '.join(command)} failed ({status}): {text[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, text
