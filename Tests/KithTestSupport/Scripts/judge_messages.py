#!/usr/bin/env python3
"""Judges every *.eml in a folder with Python's email package (policy.default):
prints one JSON line per message with its defects, longest line, whether it is 7-bit, and the
decoded Subject (for messages that have a matching .subject file, whether it decodes exactly)."""
import email, email.policy, json, os, sys


def judge(name: str) -> str:
    raw = open(os.path.join(folder, name), "rb").read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    defects = [f"{type(d).__name__}" for part in message.walk() for d in part.defects]
    for header in ("From", "To", "Subject"):
        value = message[header]
        if value is not None:
            defects += [f"{header}: {type(d).__name__}" for d in value.defects]
            if header != "Subject":
                _ = [a.addr_spec for a in value.addresses]
    expected_path = os.path.join(folder, name[:-4] + ".subject")
    subject_ok = None
    if os.path.exists(expected_path):
        expected = " ".join(open(expected_path, encoding="utf-8").read().split())
        subject_ok = " ".join(str(message["Subject"]).split()) == expected
    return json.dumps({
        "name": name, "defects": defects, "max_line": max(len(l) for l in raw.split(b"\r\n")),
        "seven_bit": all(b < 128 for b in raw), "subject_ok": subject_ok,
    })


folder = sys.argv[1]
# Optional "K N": judge only every N-th message starting at the K-th, so N judges can share the work.
share, shares = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (0, 1)
for name in sorted(n for n in os.listdir(folder) if n.endswith(".eml"))[share::shares]:
    print(judge(name), flush=False)
