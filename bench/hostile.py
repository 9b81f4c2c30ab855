"""Hostile-input benchmark (issue 13): what one hostile message or file costs, and Socket Mode recovery.

    .venv/bin/python -m bench.hostile [--data-dir DIR] [--json] [--socket-default]

Measures, in this process (RSS from /proc/self/status, so growth is what stays):
- a 20,000-character one-word question through the assistant (declined before any text work) and
  straight into the answering service (bypassing the cap: the per-token limits in text analysis);
- a 2,000-character one-word question (the longest the assistant accepts);
- a DOCX zip bomb (a ~1 MB file inflating to 1 GB) and a large but legal DOCX (parsed in the sandbox);
- Socket Mode: seconds from an abrupt connection loss (black hole, reset) to the new connection,
  against a local WebSocket server; `--socket-default` also measures the SDK's default settings
  (takes about two minutes).
Measurements, not tests: nothing fails on a slow machine. Ack p95 under load: `bench.slack_load`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.run_all import machine
from bot.settings import Settings


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(work: Any) -> dict[str, Any]:
    """Seconds and RSS growth of `work()`; what it returned or raised, in short."""
    before = rss_mb()
    started = time.perf_counter()
    try:
        outcome = repr(work())[:80]
    except Exception as error:  # noqa: BLE001 - the outcome is part of the measurement
        outcome = f"{type(error).__name__}: {getattr(error, 'detail', '') or error}"[:120]
    return {"seconds": round(time.perf_counter() - started, 3), "rss_growth_mb": round(rss_mb() - before, 1),
            "outcome": outcome}


def questions(data_dir: Path | None) -> dict[str, Any]:
    from bot.services import build_services

    # in this process: the figures are the text work's own time and memory (no answer worker processes)
    settings = Settings(answer_processes=0) if data_dir is None else Settings(data_dir=data_dir, answer_processes=0)
    services = build_services(settings)
    services.assistant.ask("Hva sier krisesenterlova § 4?")  # warm: model and index loaded
    word = "krisesentertilbudsamarbeid" * 770  # 20,020 characters, no spaces
    return {
        "assistant_20000": timed(lambda: services.assistant.ask(word[:20_000])),
        "answering_20000_uncapped": timed(lambda: services.answering.answer(word[:20_000]).abstained),
        "assistant_2000": timed(lambda: services.assistant.ask(word[:2_000]).abstained),
    }


def documents() -> dict[str, Any]:
    from bot.intake.validation import check_upload
    from tests.intake.documents import docx_bomb

    bomb = docx_bomb(1_000)
    big = docx_bomb(20)  # 20 MB of text in word/document.xml: within the limits, really parsed
    return {
        "bomb_compressed_kb": round(len(bomb) / 1024),
        "docx_bomb_1gb": timed(lambda: check_upload("bombe.docx", bomb, accepted=["docx"], max_bytes=25 << 20)),
        "docx_20mb_text": timed(lambda: check_upload("stor.docx", big, accepted=["docx"], max_bytes=25 << 20)),
    }


def socket_reconnect(ping_interval: float, failure: str) -> float | None:
    from bot.slack.app import create_app
    from bot.slack.socket_mode import socket_mode_handler
    from tests.fakes.answering import FakeAnswering
    from tests.fakes.slack_api import FakeSlackAPI
    from tests.fakes.socket_mode_server import SocketModeServer
    from tests.slack.conftest import make_services

    with FakeSlackAPI(extra_tokens=("xapp-bench",)) as slack, SocketModeServer() as server:
        settings = Settings(_env_file=None, data_dir=Path(tempfile.mkdtemp(prefix="tilsynsbot-sock-")),
                            slack_bot_token=slack.bot_token, slack_app_token="xapp-bench", slack_api_url=slack.base_url)
        services = make_services(settings, FakeAnswering())
        app = create_app(settings, services=services)
        slack.respond("apps.connections.open", {"ok": True, "url": server.url})
        handler = socket_mode_handler(app, "xapp-bench", services.acks, ping_interval=ping_interval)
        try:
            handler.connect()
            server.wait_for_connections(1, timeout=30)
            time.sleep(max(1.5, ping_interval * 1.5))
            broken = time.monotonic()
            getattr(server, failure)()
            return round(server.wait_for_connections(2, timeout=180) - broken, 2)
        except TimeoutError:
            return None
        finally:
            handler.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="index to answer from (default DATA_DIR)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--socket-default", action="store_true", help="also measure the SDK's 10 s ping interval")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    result["documents"] = documents()
    result["questions"] = questions(args.data_dir)
    from bot.slack.socket_mode import PING_INTERVAL_S

    intervals = [PING_INTERVAL_S, 10.0] if args.socket_default else [PING_INTERVAL_S]
    result["socket_mode_reconnect_s"] = {f"ping {p:g} s, {f}": socket_reconnect(p, f) for p in intervals
                                         for f in ("freeze", "reset")}
    print(json.dumps(result, ensure_ascii=False, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
