"""Acks first: work done after an ack waits, briefly, while other requests still wait for theirs.

Why: Slack retries a request that is not acked within 3 s, and the serving process acks by running
Python, which holds one interpreter lock. In a burst (50 questions at once) every answered question
also runs Python in the same process after its ack (database rows, rendering, posting), and that work
competed with the acks still in the queue: ack p95 300–420 ms. Letting a question's own work start
once no request is waiting for its ack (or after `max_wait_s` at most, so a steady stream never
starves the answers) brought it to 160–280 ms, with answers no slower (BENCHMARKS.md, issue 13).

The transport marks each request with `acking()` until its response is handed back; the question flow
calls `wait_for_acks()` before its work. Waiting is on a condition, not polling.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

MAX_WAIT_S = 0.5  # well inside Slack's 3 s, and small beside an answer's 1–3 s


class AckPriority:
    """Counts requests that are waiting for their ack; lets other work wait until there are none."""

    def __init__(self, max_wait_s: float = MAX_WAIT_S) -> None:
        self.max_wait_s = max_wait_s
        self._pending = 0
        self._idle = threading.Condition()

    @contextmanager
    def acking(self) -> Iterator[None]:
        """Around the handling of one request, up to the moment its response (the ack) is returned."""
        with self._idle:
            self._pending += 1
        try:
            yield
        finally:
            with self._idle:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.notify_all()

    def wait_for_acks(self) -> bool:
        """Block until no request waits for its ack, at most `max_wait_s`; True when none waits."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=self.max_wait_s)

    @property
    def pending(self) -> int:
        return self._pending
