"""A small stand-in for the Akismet web service, on 127.0.0.1, for the real client library.

The `akismet` package builds every request URL from its private constant `akismet._common._API_URL`
("https://rest.akismet.com" + "/1.1/comment-check"), so pointing that constant here sends the real
client, with its real request and answer handling, to this server. No test reaches the internet.

Answers, like Akismet's (https://akismet.com/developers/):
- "ham": body "false"; "spam": body "true"; "discard": "true" with `X-akismet-pro-tip: discard`;
- "error": HTTP 500; "slow": the ham answer, but only after `slow_seconds` (longer than the
  client's timeout in the tests), "invalid": body "invalid", as for a wrong key.
/1.1/verify-key answers "valid" unless `key_valid` is False, and fails the same way for "error"
and "slow".
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import akismet._common

_CHECK_BODIES = {"ham": "false", "slow": "false", "invalid": "invalid"}


class FakeAkismet:
    def __init__(self) -> None:
        self.answer = "ham"
        # Answers chosen by the text checked: {"some words": "spam"} beats `answer` when the
        # comment contains "some words".
        self.answers_by_text: dict[str, str] = {}
        self.key_valid = True
        self.slow_seconds = 2.0
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._finish = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_port}"

    @property
    def comment_checks(self) -> list[dict[str, str]]:
        """The form data of every comment-check request received, oldest first."""
        return [data for path, data in self.requests if path == "/1.1/comment-check"]

    def _answer_for(self, data: dict[str, str]) -> str:
        content = data.get("comment_content", "")
        for text, answer in self.answers_by_text.items():
            if text in content:
                return answer
        return self.answer

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = dict(parse_qsl(self.rfile.read(length).decode()))
                fake.requests.append((self.path, data))
                if self.path == "/1.1/verify-key":
                    answer = fake.answer if fake.answer in {"error", "slow"} else "ham"
                    body = "valid" if fake.key_valid else "invalid"
                elif self.path == "/1.1/comment-check":
                    answer = fake._answer_for(data)
                    body = {"ham": "false", "slow": "false", "invalid": "invalid"}.get(
                        answer, "true"
                    )
                else:
                    self.send_error(404)
                    return
                if answer == "error":
                    self.send_error(500, "Internal Server Error")
                    return
                if answer == "slow" and fake._finish.wait(fake.slow_seconds):
                    return  # the test is over; the client gave up long ago
                payload = body.encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(payload)))
                    if answer == "discard":
                        self.send_header("X-akismet-pro-tip", "discard")
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # a slow answer the client no longer waits for

            def log_message(self, format: str, *args) -> None:  # noqa: A002
                pass

        return Handler

    def start(self) -> None:
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def stop(self) -> None:
        self._finish.set()
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def fake_akismet(settings, monkeypatch) -> Iterator[FakeAkismet]:
    """Run a FakeAkismet and point the real client at it, with a key set and a short timeout."""
    service = FakeAkismet()
    service.start()
    monkeypatch.setattr(akismet._common, "_API_URL", service.url)
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_TIMEOUT = 0.3
    settings.SITE_URL = "https://mmn.example.org"
    try:
        yield service
    finally:
        service.stop()
