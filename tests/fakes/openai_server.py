"""A local OpenAI-compatible HTTP server on 127.0.0.1 for tests: scripted replies, recorded requests.

Why a real server rather than a fake client: the generator is wired to the real `ChatOpenAI`
client, so this exercises the real HTTP path (timeouts, status codes, JSON parsing) and lets
tests read the exact request body a provider would receive.

    with OpenAIServer() as server:
        server.script(Reply(content="... [P1]"), Reply(status=429))
        settings = Settings(llm_provider="openai", llm_base_url=server.base_url, llm_model="fake")
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted response. `raw` replaces the JSON body (for malformed output); `delay_s` waits first.

    `respond` computes the content from the parsed request (e.g. to cite the id a passage was given).
    """

    content: str = ""
    status: int = 200
    delay_s: float = 0.0
    raw: str | None = None
    respond: Callable[[dict[str, Any]], str] | None = None


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output quiet
        return None

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        owner = self.server.owner
        reply = owner._record(self.path, body)
        if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
            self._send(404, json.dumps({"error": {"message": "not found"}}))
            return
        if reply.delay_s:
            owner._stop.wait(reply.delay_s)
        if reply.raw is not None:
            self._send(reply.status, reply.raw)
        elif reply.status != 200:
            error = {"error": {"message": f"scripted status {reply.status}", "type": "scripted", "code": None}}
            self._send(reply.status, json.dumps(error), retry_after=reply.status == 429)
        else:
            content = reply.respond(json.loads(body)) if reply.respond else reply.content
            self._send(200, json.dumps(_completion(body, content)))

    def _send(self, status: int, payload: str, *, retry_after: bool = False) -> None:
        data = payload.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if retry_after:
                self.send_header("Retry-After", "1")
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test): expected
            pass


def _completion(request_body: str, content: str) -> dict[str, Any]:
    try:
        model = json.loads(request_body).get("model", "fake")
    except json.JSONDecodeError:
        model = "fake"
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: OpenAIServer


class OpenAIServer:
    """Serves `/v1/chat/completions`; replies follow the script in order, the last one repeats."""

    def __init__(self) -> None:
        self._replies: list[Reply] = [Reply(content="")]
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.requests: list[dict[str, Any]] = []  # {"path": ..., "body": raw text}
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._replies = list(replies)

    def _record(self, path: str, body: str) -> Reply:
        with self._lock:
            self.requests.append({"path": path, "body": body})
            index = min(len(self.requests), len(self._replies)) - 1
            return self._replies[index]

    @property
    def bodies(self) -> list[str]:
        return [r["body"] for r in self.requests]

    def __enter__(self) -> OpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
