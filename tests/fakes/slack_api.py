"""A fake Slack Web API: a real HTTP server on 127.0.0.1 that answers like Slack and records every call.

Why a real server and not a patched SDK: the app's `WebClient` (retry handlers, JSON vs form
bodies, auth headers, file downloads with a bearer token) is exercised exactly as in production;
only `SLACK_API_URL` points here. bolt-python tests itself the same way.

Usage:

    with FakeSlackAPI() as slack:                      # starts on an ephemeral port
        settings = Settings(..., slack_api_url=slack.base_url, slack_bot_token=slack.bot_token)
        ...
        call = slack.wait_for("chat.postMessage")      # blocks until the app made that call
        assert call.params["thread_ts"] == "1700.1"
        slack.fail("chat.postMessage", "channel_not_found", times=1)
        slack.rate_limit("chat.postMessage", times=2, retry_after=0)
        f = slack.add_file("report.pdf", b"%PDF...", mimetype="application/pdf")
        # f["url_private_download"] is served here; the bot token is required (else an HTML login page).
        url = slack.response_url()                      # posts to it are recorded as method "response_url"
        slack.fail("response_url", "expired_url", status=404)   # ... and can fail like an expired URL

Every call is a `Call` with `method`, `params` (form, JSON and query merged; JSON-encoded string
fields such as `blocks` stay strings as Slack receives them - use `Call.json_param`), `headers`
and `token`. Responses can be overridden per method with `respond(method, payload_or_callable)`.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.slack_api_methods import METHODS, Call

__all__ = ["WAIT_S", "Call", "FakeSlackAPI"]

Responder = Callable[["Call"], dict[str, Any]]

# How long a test waits for the app's background work. Generous on purpose: a passing test returns
# as soon as the call arrives, and only a loaded 2-core CI machine ever needs more than a second;
# a short wait there fails a correct app.
WAIT_S = 60.0


@dataclass
class _Failure:
    error: str
    remaining: int | None  # None = forever
    status: int = 200
    retry_after: int | None = None


class FakeSlackAPI:
    """Threaded HTTP server standing in for `https://slack.com/api/`. Start/stop or use as a context manager."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-test-token",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        team_id: str = "T0001",
        extra_tokens: tuple[str, ...] = (),
    ) -> None:
        self.bot_token = bot_token
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.team_id = team_id
        self.tokens = {bot_token, *extra_tokens}
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.usergroups: dict[str, list[str]] = {}
        self.files: dict[str, dict[str, Any]] = {}  # file id -> Slack file object
        self.file_bytes: dict[str, bytes] = {}  # file id -> content (downloads and uploads)
        self.messages: dict[str, list[dict[str, Any]]] = {}  # channel -> messages (posted or seeded)
        self._failures: dict[str, list[_Failure]] = {}
        self._responders: dict[str, Responder] = {}
        self._cond = threading.Condition()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------
    def start(self) -> FakeSlackAPI:
        handler = type("_Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-slack-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlackAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        """What to give `WebClient(base_url=...)` / `SLACK_API_URL`."""
        return self.root_url + "/api/"

    def response_url(self, name: str = "") -> str:
        """A `response_url` for slash commands and actions; posts to it are recorded as method "response_url"."""
        return f"{self.root_url}/response/{name or next(self._ids)}"

    # --- configuration --------------------------------------------------------------------
    def fail(self, method: str, error: str = "internal_error", *, times: int | None = None, status: int = 200) -> None:
        """Answer `method` with `{"ok": false, "error": error}` for `times` calls (None = until `reset_failures`)."""
        with self._cond:
            self._failures.setdefault(method, []).append(_Failure(error, times, status))

    def rate_limit(self, method: str, *, times: int = 1, retry_after: int = 0) -> None:
        """Answer `method` with HTTP 429 and `Retry-After` for the next `times` calls."""
        with self._cond:
            self._failures.setdefault(method, []).append(_Failure("ratelimited", times, 429, retry_after))

    def reset_failures(self) -> None:
        with self._cond:
            self._failures.clear()

    def respond(self, method: str, responder: dict[str, Any] | Responder) -> None:
        """Override the answer to `method` with a fixed payload or a function of the `Call`."""
        self._responders[method] = responder if callable(responder) else (lambda _call, p=responder: p)

    def add_user(self, user_id: str, *, name: str = "", is_bot: bool = False, **profile: Any) -> dict[str, Any]:
        user = {"id": user_id, "name": name or user_id.lower(), "real_name": name or user_id, "is_bot": is_bot,
                "team_id": self.team_id, "profile": {"real_name": name or user_id, **profile}}
        self.users[user_id] = user
        return user

    def add_usergroup(self, group_id: str, users: list[str]) -> None:
        self.usergroups[group_id] = list(users)

    def add_file(
        self, name: str, content: bytes, *, mimetype: str = "application/octet-stream", filetype: str = "",
        user: str = "U0001", file_id: str = "",
    ) -> dict[str, Any]:
        """Register a file as if a user had uploaded it; returns the Slack file object (as in events)."""
        file_id = file_id or f"F{next(self._ids):08d}"
        url = f"{self.root_url}/files-pri/{self.team_id}-{file_id}/download/{name}"
        obj = {"id": file_id, "name": name, "title": name, "mimetype": mimetype,
               "filetype": filetype or name.rsplit(".", 1)[-1].lower(), "size": len(content), "user": user,
               "url_private": url.replace("/download/", "/"), "url_private_download": url, "mode": "hosted"}
        self.files[file_id] = obj
        self.file_bytes[file_id] = content
        return obj

    def add_message(self, channel: str, ts: str, text: str, *, user: str = "U0001",
                    thread_ts: str | None = None, **extra: Any) -> dict[str, Any]:
        """Seed a message (e.g. the user's question) so `conversations.replies` returns it."""
        msg = {"type": "message", "user": user, "text": text, "ts": ts, **extra}
        if thread_ts:
            msg["thread_ts"] = thread_ts
        with self._cond:
            self.messages.setdefault(channel, []).append(msg)
        return msg

    # --- inspection -----------------------------------------------------------------------
    def calls_to(self, method: str, **match: Any) -> list[Call]:
        """Recorded calls to `method` whose params contain every `match` item."""
        with self._cond:
            return [c for c in self.calls if c.method == method and all(c.params.get(k) == v for k, v in match.items())]

    def wait_for(self, method: str, *, count: int = 1, timeout: float = WAIT_S,
                 where: Callable[[Call], bool] | None = None) -> Call:
        """Block until `count` calls to `method` (matching `where`) were made; return the last of them."""
        found = self.wait_for_all(method, count=count, timeout=timeout, where=where)
        return found[count - 1]

    def wait_for_all(self, method: str, *, count: int = 1, timeout: float = WAIT_S,
                     where: Callable[[Call], bool] | None = None) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method and (where is None or where(c))]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise TimeoutError(f"{count} x {method} not called within {timeout}s; saw {len(found)}; methods: {seen}")
                self._cond.wait(left)

    def clear_calls(self) -> None:
        with self._cond:
            self.calls.clear()

    # --- request handling (called from the server threads) --------------------------------
    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def _take_failure(self, method: str) -> _Failure | None:
        with self._cond:
            queue = self._failures.get(method) or []
            while queue:
                failure = queue[0]
                if failure.remaining is None:
                    return failure
                if failure.remaining > 0:
                    failure.remaining -= 1
                    if failure.remaining == 0:
                        queue.pop(0)
                    return failure
                queue.pop(0)
            return None

    def _next_ts(self) -> str:
        return f"{1700000000 + next(self._ts)}.000100"

    def _answer(self, call: Call) -> dict[str, Any]:
        if call.method in self._responders:
            return self._responders[call.method](call)
        handler = METHODS.get(call.method)
        if handler is None:
            return {"ok": True}
        return handler(self, call)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSlackAPI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output quiet
        return None

    def _token(self) -> str:
        auth = self.headers.get("Authorization", "")
        return auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else ""

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json; charset=utf-8", headers)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        path = urlsplit(self.path).path
        if path.startswith("/files-pri/"):
            self._download(path)
        elif path.startswith("/api/"):
            self._api(path, b"")
        else:
            self._send(404, b"not found", "text/plain")

    def do_POST(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        body = self._body()
        if path.startswith("/response/"):
            params = json.loads(body.decode("utf-8")) if body else {}
            self.fake._record(Call("response_url", {**params, "_path": path}, dict(self.headers), ""))
            failure = self.fake._take_failure("response_url")  # e.g. fail("response_url", "expired_url", status=404)
            if failure is not None:
                self._send(failure.status, failure.error.encode(), "text/plain")
            else:
                self._send(200, b"ok", "text/plain")
        elif path.startswith("/upload/"):
            file_id = path.rsplit("/", 1)[-1]
            if file_id not in self.fake.files:
                self._send(404, b"unknown upload", "text/plain")
                return
            self.fake.file_bytes[file_id] = body
            self.fake.files[file_id]["size"] = len(body)
            self.fake._record(Call("upload", {"file_id": file_id, "size": len(body)}, dict(self.headers), ""))
            self._send(200, f"OK - {len(body)}".encode(), "text/plain")
        elif path.startswith("/api/"):
            self._api(path, body)
        else:
            self._send(404, b"not found", "text/plain")

    def _download(self, path: str) -> None:
        """Serve `url_private_download`; a wrong token gets Slack's HTML login page with status 200."""
        file_id = path.split("/")[2].split("-", 1)[-1]
        token = self._token()
        self.fake._record(Call("file.download", {"file_id": file_id}, dict(self.headers), token))
        if token not in self.fake.tokens:
            self._send(200, b"<!DOCTYPE html><html><body>Sign in to Slack</body></html>", "text/html; charset=utf-8")
            return
        if file_id not in self.fake.file_bytes:
            self._send(404, b"not found", "text/plain")
            return
        mimetype = self.fake.files[file_id].get("mimetype", "application/octet-stream")
        self._send(200, self.fake.file_bytes[file_id], mimetype)

    def _api(self, path: str, body: bytes) -> None:
        method = path.removeprefix("/api/").strip("/")
        params: dict[str, Any] = dict(parse_qsl(urlsplit(self.path).query))
        content_type = self.headers.get("Content-Type", "")
        if body and content_type.startswith("application/json"):
            params.update(json.loads(body.decode("utf-8")))
        elif body and content_type.startswith("application/x-www-form-urlencoded"):
            params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        elif body:
            params["_raw_body"] = body
        token = self._token() or str(params.get("token", ""))
        call = Call(method, params, dict(self.headers), token)
        self.fake._record(call)
        if token not in self.fake.tokens:
            self._json(200, {"ok": False, "error": "not_authed" if not token else "invalid_auth"})
            return
        failure = self.fake._take_failure(method)
        if failure is not None:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else None
            self._json(failure.status, {"ok": False, "error": failure.error}, headers)
            return
        self._json(200, self.fake._answer(call))
