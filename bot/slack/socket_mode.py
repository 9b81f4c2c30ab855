"""Socket Mode: bolt's built-in handler with settings that notice a dead connection within seconds.

Why these settings: the SDK's client pings every `ping_interval` seconds and declares the
connection stale after four intervals without a pong; with bolt's default of 10 s an abruptly
lost connection (a dropped NAT entry, a peer gone without a FIN) was noticed after 40-60 s, and a
reset one logged a BrokenPipe error every 10 s until five checks had failed. With 1 s both end
within about five seconds (measured against a local WebSocket server: BENCHMARKS.md). A ping is a
few bytes per second.

`handle` also does what the HTTP transport does: a payload without the expected shape is refused
before dispatch, each request is marked as waiting for its ack until the ack is sent (answers already
acked let it go first, `bot.priority`), and the "acked" line is logged after the ack was really sent.
"""

from __future__ import annotations

import time

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import build_headers, send_response
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.priority import AckPriority
from bot.slack.middleware import check_shape, log_response

PING_INTERVAL_S = 1.0


class TilsynsbotSocketModeHandler(SocketModeHandler):
    def __init__(self, app: App, app_token: str, acks: AckPriority, *, ping_interval: float = PING_INTERVAL_S,
                 concurrency: int = 10) -> None:
        super().__init__(app, app_token, ping_interval=ping_interval, concurrency=concurrency)
        self.acks = acks

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        started, wall = time.perf_counter(), time.time()
        try:
            bolt_request = BoltRequest(mode="socket_mode", body=req.payload, headers=build_headers(req))
        except Exception:  # noqa: BLE001 - a payload bolt cannot read: not acked, logged without content
            client.logger.warning("malformed Socket Mode payload envelope=%s", req.envelope_id)
            return
        with self.acks.acking():
            response: BoltResponse = check_shape(bolt_request) or self.app.dispatch(bolt_request)
            send_response(client, req, response, wall)
        log_response(bolt_request, response, started)


def socket_mode_handler(app: App, app_token: str, acks: AckPriority, *, ping_interval: float = PING_INTERVAL_S,
                        concurrency: int = 10) -> TilsynsbotSocketModeHandler:
    """`acks`: the app's `Services.acks`, which the question flow waits on. `concurrency`: the handler's
    threads (`Settings.slack_threads` in the bot): with bolt's default of ten, a burst queued before
    its requests were even marked as waiting for an ack."""
    return TilsynsbotSocketModeHandler(app, app_token, acks, ping_interval=ping_interval, concurrency=concurrency)
