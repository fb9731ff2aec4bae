#!/usr/bin/env python3
"""kith-team with 10,000 members, all due at once, 3 instances on this machine (issue 13).

Usage: python3 Benchmarks/team.py [--members N] [--instances N]
Needs Debian's postgresql (scripts/test installs it) and aiosmtpd. Builds the release kith-team,
starts a throwaway PostgreSQL cluster (initdb and pg_ctl in a temporary directory, as the
postgres user when run as root, with pg_stat_statements to count statements), an aiosmtpd sink
on 127.0.0.1, writes N member files whose digest time has passed, starts the instances together
and prints: the time until the last digest is accepted, digests per second, database round
trips per digest (statements the server ran, from pg_stat_statements, over digests; each
statement is one round trip), and each instance's peak RSS (VmHWM).
"""
import argparse, glob, os, shutil, socket, subprocess, sys, tempfile, time

from benchlib import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(args: list[str], **kw) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    return subprocess.run(prefix + args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--instances", type=int, default=3)
    args = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "kith-team"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    team_bin = os.path.join(ROOT, ".build", "release", "kith-team")
    pg_bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))[-1]

    work = tempfile.mkdtemp(prefix="kith-team-bench-", dir="/tmp")
    os.chmod(work, 0o755)
    pg = os.path.join(work, "pg")
    os.makedirs(pg)
    with open(os.path.join(pg, "pwfile"), "w") as f:
        f.write("secret\n")
    if os.getuid() == 0:
        shutil.chown(pg, "postgres", "postgres")
        shutil.chown(os.path.join(pg, "pwfile"), "postgres", "postgres")
    port = free_port()
    as_postgres([f"{pg_bin}/initdb", "-D", f"{pg}/data", "-U", "kith", "--pwfile", f"{pg}/pwfile",
                 "-A", "scram-sha-256", "--no-sync"])
    as_postgres([f"{pg_bin}/pg_ctl", "-D", f"{pg}/data", "-l", f"{pg}/log", "-w", "-o",
                 f"-p {port} -k {pg} -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements "
                 "-c max_connections=50", "start"])
    env = dict(os.environ, PGPASSWORD="secret")
    psql = ["psql", "-h", pg, "-p", str(port), "-U", "kith", "-At", "-v", "ON_ERROR_STOP=1"]
    smtp = None
    instances = []
    try:
        as_postgres([f"{pg_bin}/createdb", "-h", pg, "-p", str(port), "-U", "kith", "kith"], env=env)
        subprocess.run(psql + ["-d", "kith", "-c", "CREATE EXTENSION pg_stat_statements"], env=env, check=True,
                       stdout=subprocess.DEVNULL)

        mail = os.path.join(work, "mail")
        smtp = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests/KithTestSupport/Scripts/smtp_server.py"),
                                 "--dir", mail, "--tls", "none"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = smtp.stdout.readline().decode()
        smtp_port = int(line.split()[1])

        members = os.path.join(work, "members")
        os.makedirs(members)
        for i in range(args.members):
            with open(os.path.join(members, f"m{i:05d}.json"), "w") as f:
                f.write(f'{{ "owner": {{ "name": "Member {i}", "email": "m{i}@example.org" }}, "timezone": "UTC",'
                        ' "digest": { "at": "00:00" }, "people": ['
                        f' {{ "name": "Ada Lovelace", "email": "ada{i % 50}@example.org", "every": "1w",'
                        ' "lastContact": "2025-01-01" },'
                        ' { "name": "Grace Hopper", "every": "1m", "lastContact": "2025-06-01", "needs": ["funding"] } ] }\n')
        with open(os.path.join(work, "database-password"), "w") as f:
            f.write("secret\n")
        os.chmod(os.path.join(work, "database-password"), 0o600)
        team_file = os.path.join(work, "team.json")
        with open(team_file, "w") as f:
            f.write(f'{{ "database": "host=127.0.0.1 port={port} dbname=kith user=kith",'
                    f' "databasePasswordFile": "{work}/database-password",'
                    f' "smtp": {{ "url": "smtp://127.0.0.1:{smtp_port}", "tls": "none", "from": "kith@example.org" }},'
                    ' "members": "members" }\n')
        subprocess.run([team_bin, "db", "migrate", "--config", team_file], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        subprocess.run(psql + ["-d", "kith", "-c", "SELECT pg_stat_statements_reset()"], env=env, check=True,
                       stdout=subprocess.DEVNULL)

        start = time.perf_counter()
        for n in range(args.instances):
            log = open(os.path.join(work, f"instance-{n}.log"), "w")
            instances.append(subprocess.Popen([team_bin, "run", "--config", team_file, "--instance", f"bench-{n}",
                                               "--poll-seconds", "1"], stdout=log, stderr=log))
        peaks = [0] * len(instances)
        last = time.perf_counter()
        while True:
            for i, proc in enumerate(instances):
                try:
                    with open(f"/proc/{proc.pid}/status") as f:
                        for line in f:
                            if line.startswith("VmHWM:"):
                                peaks[i] = max(peaks[i], int(line.split()[1]))
                except FileNotFoundError:
                    sys.exit(f"instance {i} ended early; see {work}/instance-{i}.log")
            count = len(glob.glob(os.path.join(mail, "msg-*.eml")))
            if count >= args.members:
                last = time.perf_counter()
                break
            if time.perf_counter() - start > 3600:
                sys.exit(f"only {count} digests after an hour")
            time.sleep(0.05)
        elapsed = last - start
        calls = int(subprocess.run(psql + ["-d", "kith", "-c",
                                           "SELECT sum(calls) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'"],
                                   env=env, check=True, capture_output=True).stdout.decode().strip() or 0)
        by_instance = subprocess.run(psql + ["-d", "kith", "-c",
                                             "SELECT claimed_by, count(*) FROM digest GROUP BY 1 ORDER BY 1"],
                                     env=env, check=True, capture_output=True).stdout.decode().split()
        print(f"members: {args.members}, instances: {args.instances}")
        print(f"time until the last digest was accepted: {elapsed:.1f} s")
        print(f"digests per second: {args.members / elapsed:.0f}")
        print(f"database round trips per digest: {calls / args.members:.1f} ({calls} statements)")
        print("peak RSS per instance: " + ", ".join(f"{kb / 1024:.1f} MB" for kb in peaks))
        print("digests per instance: " + ", ".join(by_instance))
    finally:
        for proc in instances:
            proc.kill()
            proc.wait()
        if smtp:
            smtp.stdin.close()
            smtp.kill()
        as_postgres([f"{pg_bin}/pg_ctl", "-D", f"{pg}/data", "-m", "immediate", "stop"])
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
