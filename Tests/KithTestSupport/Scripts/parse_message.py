#!/usr/bin/env python3
"""Parses a message with Python's email package (policy.default) and prints what a test
needs to judge it, as JSON: headers decoded, defects of every part, line facts, bodies."""
import email, email.policy, json, sys

raw = open(sys.argv[1], "rb").read()
message = email.message_from_bytes(raw, policy=email.policy.default)
defects = [f"{type(d).__name__}: {d}" for part in message.walk() for d in part.defects]
for name in ("From", "To", "Subject", "Date", "Message-ID"):
    header = message[name]
    if header is not None:
        defects += [f"{name}: {type(d).__name__}" for d in header.defects]
lines = raw.split(b"\r\n")
parts = []
for part in message.walk():
    if part.is_multipart():
        continue
    parts.append({"type": part.get_content_type(), "charset": part.get_content_charset(),
                  "cte": part["Content-Transfer-Encoding"], "content": part.get_content()})
print(json.dumps({
    "defects": defects,
    "subject": str(message["Subject"]),
    "from": [{"name": a.display_name, "address": a.addr_spec} for a in message["From"].addresses],
    "to": [{"name": a.display_name, "address": a.addr_spec} for a in message["To"].addresses],
    "date": str(message["Date"]) if message["Date"] else None,
    "message_id": str(message["Message-ID"]) if message["Message-ID"] else None,
    "mime_version": str(message["MIME-Version"]) if message["MIME-Version"] else None,
    "content_type": message.get_content_type(),
    "parts": parts,
    "max_line": max(len(l) for l in lines),
    "lines_over_78": sum(1 for l in lines if len(l) > 78),
    "seven_bit": all(b < 128 for b in raw),
    "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
    "bare_cr": b"\r" in raw.replace(b"\r\n", b""),
}, ensure_ascii=False))
