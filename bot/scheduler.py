"""A small job runner: every N seconds, run each registered job with `now = clock.now()`.

Why so simple: jobs (deadline reminders, overdue notices) decide everything from database state
and record what they did there, so the runner keeps no state of its own. A restart, a second
replica or a missed tick changes nothing: the next run sees the same rows and does the same
(idempotent) thing. Tests call `run_due(now)` directly under a fake clock instead of starting
the thread.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import datetime

from bot.clock import Clock, SystemClock

log = logging.getLogger(__name__)

Job = Callable[[datetime], object]


class Scheduler:
    def __init__(self, clock: Clock | None = None, interval_s: float = 60.0) -> None:
        self.clock = clock or SystemClock()
        self.interval_s = interval_s
        self.jobs: dict[str, Job] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def add_job(self, name: str, job: Job) -> None:
        """Register (or replace) a job under a unique name."""
        self.jobs[name] = job

    def run_due(self, now: datetime | None = None) -> dict[str, object]:
        """Run every job once. A failing job is logged with a correlation id; the others still run."""
        now = now or self.clock.now()
        results: dict[str, object] = {}
        for name, job in list(self.jobs.items()):
            try:
                results[name] = job(now)
            except Exception:  # the edge of a background thread: log with a reference, keep the others running
                ref = uuid.uuid4().hex[:8]
                log.exception("scheduled job %s failed (ref %s)", name, ref)
                results[name] = None
        return results

    def start(self) -> None:
        """Run in a daemon thread until `stop()`. Does nothing when the interval is 0 or it already runs."""
        if self.interval_s <= 0 or (self._thread and self._thread.is_alive()):
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="tilsynsbot-scheduler", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.run_due()
