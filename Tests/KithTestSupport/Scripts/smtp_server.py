#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for kith's delivery tests (aiosmtpd).

Prints "PORT <n>" once it accepts connections, then serves until stdin closes or it is
terminated. Each accepted message is written to DIR/msg-<n>.eml with its envelope in
DIR/msg-<n>.json; every command verb the server saw is appended to DIR/commands.log.
"""
import argparse, asyncio, json, os, signal, socket, ssl, subprocess, sys, threading, time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(directory: str, host: str | None) -> tuple[str, str]:
    """A throwaway certificate for 127.0.0.1 and localhost, or for `host` alone."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subject, names = ("/CN=127.0.0.1", "IP:127.0.0.1,DNS:localhost") if host is None else (f"/CN={host}", f"DNS:{host}")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
         "-days", "2", "-subj", subject, "-addext", f"subjectAltName={names}"],
        check=True, capture_output=True)
    return cert, key


class Recorder:
    def __init__(self, directory: str, args: argparse.Namespace):
        self.directory, self.args, self.count = directory, args, 0

    def log(self, line: str) -> None:
        with open(os.path.join(self.directory, "commands.log"), "a") as f:
            f.write(line + "\n")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.args.delay_rcpt:
            await asyncio.sleep(self.args.delay_rcpt)
        if self.args.fail_rcpt:
            return self.args.fail_rcpt
        if address in (self.args.refuse_rcpt or []):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.log("DATA")
        if self.args.delay_data:
            await asyncio.sleep(self.args.delay_data)
        if self.args.fail_data:
            return self.args.fail_data
        self.count += 1
        base = os.path.join(self.directory, f"msg-{self.count}")
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "tls": session.ssl is not None, "authenticated": session.authenticated}, f)
        if self.args.close_after_message:
            asyncio.get_running_loop().call_later(0.1, server.transport.close)
        return "250 2.0.0 Message accepted"


def make_smtp_class(recorder: Recorder):
    class RecordingSMTP(SMTP):
        async def _call_handler_hook(self, command, *args):
            return await super()._call_handler_hook(command, *args)

        async def smtp_EHLO(self, hostname):
            recorder.log(f"EHLO {hostname}")
            return await super().smtp_EHLO(hostname)

        async def smtp_AUTH(self, arg):
            recorder.log("AUTH")
            if recorder.args.fail_auth:
                await self.push(recorder.args.fail_auth)
                return
            return await super().smtp_AUTH(arg)

        async def smtp_STARTTLS(self, arg):
            recorder.log("STARTTLS")
            if recorder.args.fail_starttls:
                await self.push(recorder.args.fail_starttls)
                return
            if recorder.args.drop_at_starttls:
                await self.push("220 Ready to start TLS")
                self.transport.close()
                return
            return await super().smtp_STARTTLS(arg)

        async def smtp_MAIL(self, arg):
            recorder.log("MAIL")
            return await super().smtp_MAIL(arg)

    return RecordingSMTP


class RecordingController(Controller):
    def __init__(self, smtp_class, *args, **kwargs):
        self.smtp_class = smtp_class
        super().__init__(*args, **kwargs)

    def factory(self):
        return self.smtp_class(self.handler, **self.SMTP_kwargs)


def silent_server(port: int) -> None:
    """Accepts connections and never says a word."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen()
    held = []
    def accept():
        while True:
            conn, _ = listener.accept()
            held.append(conn)
    threading.Thread(target=accept, daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--tls", choices=["starttls", "implicit", "none"], default="starttls")
    parser.add_argument("--auth", help="user:password the server accepts")
    parser.add_argument("--mechanisms", default="PLAIN,LOGIN", help="AUTH mechanisms to offer")
    parser.add_argument("--fail-rcpt", help="reply to RCPT with this line, e.g. '451 4.3.0 Try later'")
    parser.add_argument("--fail-data", help="reply after DATA with this line")
    parser.add_argument("--close-after-message", action="store_true")
    parser.add_argument("--silent", action="store_true", help="accept connections, never answer")
    parser.add_argument("--port", type=int, help="listen on this port (default: a free one)")
    parser.add_argument("--delay-data", type=float, help="wait this long before answering DATA")
    parser.add_argument("--delay-rcpt", type=float, help="wait this long before answering each RCPT")
    parser.add_argument("--refuse-rcpt", action="append", help="answer 550 to RCPT for this address")
    parser.add_argument("--fail-starttls", help="reply to STARTTLS with this line, e.g. '454 4.7.0 TLS not available'")
    parser.add_argument("--drop-at-starttls", action="store_true", help="say 220 to STARTTLS, then hang up")
    parser.add_argument("--fail-auth", help="reply to AUTH with this line, e.g. '454 4.7.0 Try later'")
    parser.add_argument("--cert-host", help="make the certificate for this host name only")
    parser.add_argument("--smtputf8", action="store_true", help="offer SMTPUTF8")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    port = args.port or free_port()

    if args.silent:
        silent_server(port)
    else:
        recorder = Recorder(args.dir, args)
        kwargs = {}
        cert, key = make_certificate(args.dir, args.cert_host)
        # aiosmtpd's Controller offers SMTPUTF8 unless told otherwise.
        kwargs.update(enable_SMTPUTF8=args.smtputf8)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        if args.tls == "starttls":
            kwargs.update(tls_context=context, require_starttls=True)
        elif args.tls == "implicit":
            kwargs.update(ssl_context=context)
        if args.auth:
            user, password = args.auth.split(":", 1)
            def authenticator(server, session, envelope, mechanism, auth_data):
                ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                    and auth_data.password.decode() == password
                recorder.log(f"AUTH-{mechanism}-{'OK' if ok else 'DENIED'}")
                return AuthResult(success=ok, handled=False)
            offered = set(args.mechanisms.split(","))
            excluded = [m for m in ("PLAIN", "LOGIN") if m not in offered]
            # aiosmtpd only counts STARTTLS as TLS; with implicit TLS the whole session is encrypted.
            kwargs.update(authenticator=authenticator, auth_required=True,
                          auth_require_tls=args.tls == "starttls", auth_exclude_mechanism=excluded)
        controller = RecordingController(make_smtp_class(recorder), recorder, hostname="127.0.0.1", port=port,
                                         **kwargs)
        controller.start()

    print(f"PORT {port}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    try:
        sys.stdin.read()  # until the test closes our stdin or ends
    finally:
        os._exit(0)


if __name__ == "__main__":
    main()
