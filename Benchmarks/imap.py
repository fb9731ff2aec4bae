#!/usr/bin/env python3
"""kith scan on a Sent folder of 20,000 messages (issue 10): the first scan's time and peak RSS,
and an incremental scan with nothing new.

Usage: python3 Benchmarks/imap.py [--messages N] [--runs N]
Needs Debian's dovecot-imapd (scripts/test installs it). Starts Dovecot on 127.0.0.1 from a config in
a temporary directory, writes the messages straight into the user's maildir (each to 1 of 500
people in the config, dated within the last 60 days), builds the release binary, then times
`kith scan` from process start to exit and reads its peak RSS from wait4.
"""
import argparse, json, os, random, shutil, socket, statistics, subprocess, sys, tempfile, time


from benchlib import measure, release_binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    kith = release_binary()
    work = tempfile.mkdtemp(prefix="kith-imap-bench-")
    os.chmod(work, 0o755)
    for sub in ("run", "state", "mail"):
        os.makedirs(os.path.join(work, sub))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{work}/key.pem",
                    "-out", f"{work}/cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    with open(f"{work}/passwd", "w") as f:
        f.write(f"sam:{{PLAIN}}secret:65534:65534::{work}/mail/sam\n")
    port = free_port()
    with open(f"{work}/dovecot.conf", "w") as f:
        f.write(f"""base_dir = {work}/run
state_dir = {work}/state
log_path = {work}/log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{work}/cert.pem
ssl_key = <{work}/key.pem
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%n {work}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%n {work}/passwd
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \\Sent
  }}
}}
""")
    # The messages, straight into the maildir.
    sent = f"{work}/mail/sam/Maildir/.Sent"
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(sent, sub))
    rng = random.Random(3)
    now = time.time()
    for i in range(args.messages):
        when = now - rng.randrange(60 * 86400)
        person = rng.randrange(500)
        text = (f"From: Sam <sam@example.org>\r\nTo: Person {person} <person{person}@example.org>\r\n"
                f"Subject: Message {i}\r\nDate: {time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime(when))}\r\n"
                f"Message-ID: <bench.{i}@example.org>\r\n\r\nHello {i}.\r\n")
        path = os.path.join(sent, "cur", f"{int(when)}.{i}.bench:2,S")
        with open(path, "w") as f:
            f.write(text)
        os.utime(path, (when, when))
    subprocess.run(["chown", "-R", "65534:65534", f"{work}/mail"], check=True)
    dovecot = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", f"{work}/dovecot.conf"])
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        with open(f"{work}/pw", "w") as f:
            f.write("secret\n")
        os.chmod(f"{work}/pw", 0o600)
        people = [{"name": f"Person {i}", "email": f"person{i}@example.org", "every": "1m"} for i in range(500)]
        config = {"owner": {"name": "Sam"}, "timezone": "UTC",
                  "imap": {"url": f"imaps://127.0.0.1:{port}", "username": "sam", "passwordFile": f"{work}/pw",
                           "caFile": f"{work}/cert.pem", "sentFolder": "Sent", "backfillDays": 90},
                  "people": people}
        with open(f"{work}/config.json", "w") as f:
            json.dump(config, f)
        base = [kith, "scan", "--config", f"{work}/config.json"]
        first_times, first_peaks = [], []
        for run in range(3):
            state = f"{work}/kith-state-{run}"
            elapsed, peak, out = measure(base + ["--state", state])
            first_times.append(elapsed)
            first_peaks.append(peak)
        recorded = out.splitlines()[0]
        again = [measure(base + ["--state", f"{work}/kith-state-0"])[0] for _ in range(args.runs)]
        print(f"first scan of {args.messages:,} messages: median {statistics.median(first_times) * 1000:.0f} ms, "
              f"peak RSS {max(first_peaks):.1f} MB ({recorded})")
        print(f"incremental scan, nothing new: median {statistics.median(again) * 1000:.1f} ms, "
              f"worst {max(again) * 1000:.1f} ms over {args.runs} runs (process start to exit, TLS login included)")
    finally:
        dovecot.terminate()
        try:
            dovecot.wait(timeout=3)
        except subprocess.TimeoutExpired:
            dovecot.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
