"""Transports: HTTP (a Starlette ASGI app under uvicorn) and Socket Mode.

HTTP serves `POST /slack/events` (Events API, slash commands and interactivity on one URL) and
`GET /healthz`. Bolt's dispatch is synchronous (signature check, middleware, waiting for the
listener's ack), so it runs in a thread pool, never on the event loop: one slow request can then
not hold up the acks of others. The pool's threads are started with the app (`bot.slack.threads`),
so a burst of requests is not kept waiting while threads start. Socket Mode needs no public URL, which suits public-sector
networks; it is chosen when `SLACK_APP_TOKEN` is set.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.services import Services
from bot.slack.listeners.home import index_status
from bot.slack.middleware import check_shape, log_response
from bot.slack.threads import warm_pool

log = logging.getLogger("tilsynsbot.slack.server")


def build_asgi(app: App, services: Services) -> Starlette:
    verifier = SignatureVerifier(services.settings.slack_signing_secret or "-")
    dispatchers = warm_pool(services.settings.slack_threads, "slack-dispatch")

    async def slack_events(request: Request) -> Response:
        started = time.perf_counter()
        body = await request.body()
        rejected = unreadable_request(body, request.headers, verifier)
        if rejected is not None:
            return rejected
        # Only a signed request, read in full, counts as one Slack waits for: a client that stalls its
        # upload, or floods unsigned junk, cannot hold answers back (bot.priority).
        with services.acks.acking():
            return await acknowledge(request, body, started)

    async def acknowledge(request: Request, body: bytes, started: float) -> Response:
        try:
            bolt_request = to_bolt_request(request, body)
        except Exception as error:  # noqa: BLE001 - a signed body bolt cannot parse is the sender's fault
            log.warning("malformed request body error=%s", type(error).__name__)
            return Response(status_code=400)
        bolt_response = check_shape(bolt_request)
        if bolt_response is None:
            bolt_response = await asyncio.get_running_loop().run_in_executor(dispatchers, app.dispatch, bolt_request)
        log_response(bolt_request, bolt_response, started)
        return to_starlette_response(bolt_response)

    async def healthz(_request: Request) -> Response:
        """The process answers (200, for liveness checks); `status` is "ok" only when answers can use the
        full index, "degraded" with the reason otherwise (for monitoring). `answer_workers.ready` below
        `processes` means workers are loading or being replaced."""
        status = await run_in_threadpool(index_status, services)
        probe = services.store_health
        store = await run_in_threadpool(probe.check) if probe is not None else None
        available = status.available and (store is None or store.ok)
        workers = services.answer_workers.status() if services.answer_workers is not None else None
        return JSONResponse(
            {
                "status": "ok" if available else "degraded",
                "index": {
                    "available": available,
                    "built_at": status.built_at,
                    "sources": len(status.sources),
                    "chunks": status.chunk_count,
                    "age_hours": index_age_hours(status.built_at),
                },
                "vector_store": None if store is None else {
                    "ok": store.ok, "chunks": store.chunks, "reason": store.reason,
                },
                # None when answers are computed in the serving process (ANSWER_PROCESSES=0)
                "answer_workers": None if workers is None else {"processes": workers.processes, "ready": workers.ready},
            },
        )

    return Starlette(
        routes=[
            Route("/slack/events", slack_events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


def unreadable_request(body: bytes, headers: Any, verifier: SignatureVerifier) -> Response | None:
    """400 for a body that is not UTF-8, 401 for a missing or non-numeric timestamp or a bad signature;
    None when bolt can take the request. Bolt checks the signature again (cheap); checking it
    here first means unsigned junk is refused before anything parses or logs it, and a timestamp
    like "abc" gets a 401 instead of a ValueError deep in the verifier (a 500)."""
    try:
        body.decode("utf-8")  # Slack sends UTF-8; the SDK's verifier would fail on anything else
    except UnicodeDecodeError:
        log.warning("malformed request body error=UnicodeDecodeError")
        return Response(status_code=400)
    timestamp = headers.get("x-slack-request-timestamp", "")
    if not timestamp.isdigit() or not verifier.is_valid(body, timestamp, headers.get("x-slack-signature", "")):
        log.warning("rejected request: bad signature or timestamp header")
        return Response(status_code=401)
    return None


def index_age_hours(built_at: str) -> float | None:
    """Hours since the index was built (for monitoring freshness); None when unknown."""
    try:
        built = datetime.fromisoformat(built_at)
    except ValueError:
        return None
    if built.tzinfo is None:
        built = built.replace(tzinfo=UTC)
    return round((datetime.now(UTC) - built).total_seconds() / 3600, 1)


def serve_http(app: App, services: Services, *, host: str, port: int) -> None:
    """Run the ASGI app under uvicorn (production server; bolt's `app.start()` is for development)."""
    import uvicorn

    log.info("HTTP mode on %s:%d (POST /slack/events, GET /healthz)", host, port)
    uvicorn.run(build_asgi(app, services), host=host, port=port, log_level="info", access_log=False)


def serve_socket_mode(app: App, services: Services, app_token: str) -> None:
    """Connect out to Slack over a WebSocket; no inbound port is opened."""
    from bot.slack.socket_mode import socket_mode_handler

    log.info("Socket Mode: connecting to Slack")
    socket_mode_handler(app, app_token, services.acks, concurrency=services.settings.slack_threads).start()  # type: ignore[no-untyped-call]  # slack_bolt leaves it unannotated
