"""A local webhook receiver (HTTP or HTTPS on 127.0.0.1) and a resolver patch, for every test that sends webhooks
(the ``receiver`` fixture of tests/conftest.py is a started ``Receiver``)."""

from __future__ import annotations

import json
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """Records every request; answers ``status`` (and ``location`` for a redirect)."""

    def __init__(self, tls: ssl.SSLContext | None = None, port: int = 0):
        self.received: list[tuple[str, str, dict, bytes]] = []  # method, path, headers, body
        self.status = 204
        self.location = ""
        self.server_names: list[str | None] = []
        self.on_request = None  # called with the receiver inside a request, before it answers
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.received.append((self.command, self.path, dict(self.headers), body))
                if receiver.on_request is not None:
                    receiver.on_request(receiver)
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_GET = _record

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)  # port 0: any free one
        self.server.daemon_threads = True
        if tls is not None:
            tls.sni_callback = lambda sock, name, ctx: self.server_names.append(name)
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def posts(self) -> list[tuple[str, str, dict, bytes]]:
        return [r for r in self.received if r[0] == "POST"]

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def events(self) -> list[dict]:
        """The JSON bodies of the POSTs received, in order."""
        return [json.loads(body) for _, _, _, body in self.posts()]

    def webhook_ids(self) -> list[str]:
        """The Standard Webhooks message id of each POST received (its ``webhook-id`` header without "msg_")."""
        return [next((value for name, value in headers.items() if name.lower() == "webhook-id"), "")
                .removeprefix("msg_") for _, _, headers, _ in self.posts()]


class FakeDNS:
    """Patches socket.getaddrinfo for chosen names (others resolve as usual) and counts the lookups of each."""

    def __init__(self, monkeypatch):
        self.answers: dict[str, list[str]] = {}
        self.lookups: dict[str, int] = {}
        real = socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kwargs):
            name = host.decode() if isinstance(host, bytes) else host
            if name not in self.answers:
                return real(host, port, *args, **kwargs)
            self.lookups[name] = self.lookups.get(name, 0) + 1
            if not self.answers[name]:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, int(port or 0), 0, 0) if ":" in a else (a, int(port or 0)))
                for a in self.answers[name]
            ]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    def set(self, name: str, *addresses: str) -> None:
        self.answers[name] = list(addresses)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
