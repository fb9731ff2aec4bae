#!/usr/bin/env python3
"""Puts messages into a test Dovecot and reads its state back, with Python's imaplib.

  imap_tool.py PORT append FOLDER FILE...   append each file as a message (flags none)
  imap_tool.py PORT snapshot FOLDER...      print every message's UID, flags and bytes (hex) as JSON
  imap_tool.py PORT recreate FOLDER         delete and create FOLDER (a new UIDVALIDITY)
The user is sam / secret; the connection is plain IMAP on 127.0.0.1 (tests only).
"""
import hashlib, imaplib, json, sys, time

port, command, *args = sys.argv[1:]
imap = imaplib.IMAP4("127.0.0.1", int(port))
imap.login("sam", "secret")
if command == "append":
    folder, *files = args
    for path in files:
        with open(path, "rb") as f:
            status, _ = imap.append(folder, None, imaplib.Time2Internaldate(time.time()), f.read())
        assert status == "OK", status
elif command == "snapshot":
    state = {}
    for folder in args:
        imap.select(folder, readonly=True)
        status, data = imap.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[])")
        messages = []
        for item in data:
            if isinstance(item, tuple):
                messages.append([item[0].decode(errors="replace"), hashlib.sha256(item[1]).hexdigest()])
        state[folder] = messages
    print(json.dumps(state, sort_keys=True))
elif command == "recreate":
    folder = args[0]
    imap.delete(folder)
    status, _ = imap.create(folder)
    assert status == "OK", status
imap.logout()
