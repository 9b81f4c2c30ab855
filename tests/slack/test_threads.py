"""The Slack pools' threads are running before the first request (bot/slack/threads.py)."""

from __future__ import annotations

import threading

from bot.slack.threads import warm_pool


def _running(prefix: str) -> int:
    return sum(1 for thread in threading.enumerate() if thread.name.startswith(prefix) and thread.is_alive())


def test_every_thread_of_a_warm_pool_runs_before_any_work_is_submitted() -> None:
    pool = warm_pool(6, "warm-test")
    try:
        assert _running("warm-test") == 6
        # and they are idle: six tasks that wait for each other all run at once
        together = threading.Barrier(6, timeout=10)
        assert all(f.result(timeout=10) is not None for f in [pool.submit(together.wait) for _ in range(6)])
        assert _running("warm-test") == 6  # no thread started on demand
    finally:
        pool.shutdown(wait=True)
