"""A local fake of Zenziva's "SMS Reguler" HTTP API (real HTTP on 127.0.0.1, in a thread).

It checks the request like the gateway does (POST, form-encoded ``userkey``, ``passkey``, ``to``,
``message``) and answers with the gateway's JSON shapes:
``{"messageId", "to", "status": "1", "text": "Success"}`` or ``{"status": "0", "text": ...}``.
The number ``62800000500`` makes it answer HTTP 500 (to exercise retries).
"""

from __future__ import annotations

import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

USERKEY = "uk-test-123"
PASSKEY = "pk-test-456"
PATH = "/reguler/api/sendsms/"


class FakeZenziva:
    def __init__(self) -> None:
        self.received: list[dict[str, str]] = []
        self._ids = itertools.count(7000001)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def _reply(self, status: int, payload: object) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                self._reply(405, {"status": "0", "text": "Method Not Allowed"})

            def do_POST(self) -> None:
                if self.path != PATH:
                    self._reply(404, {"status": "0", "text": "Not Found"})
                    return
                ctype = self.headers.get("Content-Type", "")
                if not ctype.startswith("application/x-www-form-urlencoded"):
                    self._reply(400, {"status": "0", "text": "Bad Request"})
                    return
                length = int(self.headers.get("Content-Length", "0"))
                form = {
                    k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8")).items()
                }
                fake.received.append(form)
                missing = [k for k in ("userkey", "passkey", "to", "message") if not form.get(k)]
                if missing:
                    self._reply(200, {"status": "0", "text": "Parameter tidak lengkap"})
                    return
                if form["userkey"] != USERKEY or form["passkey"] != PASSKEY:
                    self._reply(200, {"status": "0", "text": "Userkey / Passkey Salah"})
                    return
                if form["to"] == "62800000500":
                    self._reply(500, {"status": "0", "text": "Internal Server Error"})
                    return
                if not form["to"].isdigit() or not form["to"].startswith("62"):
                    self._reply(200, {"status": "0", "text": "Nomor tujuan tidak valid"})
                    return
                self._reply(
                    200,
                    {
                        "messageId": str(next(fake._ids)),
                        "to": form["to"],
                        "status": "1",
                        "text": "Success",
                    },
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{PATH}"

    def __enter__(self) -> FakeZenziva:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
