"""The Slack pools' threads are running before the first request (bot/slack/threads.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

from bot.settings import PROJECT_ROOT
from bot.slack.threads import warm_pool


def _running(prefix: str) -> int:
    return sum(1 for thread in threading.enumerate() if thread.name.startswith(prefix) and thread.is_alive())


def test_every_thread_of_a_warm_pool_runs_before_any_work_is_submitted() -> None:
    pool = warm_pool(6, "warm-test")
    try:
        assert _running("warm-test") == 6
        # and every one is idle again: six tasks that can only finish together all run at once
        together = threading.Barrier(6, timeout=30)
        assert sorted(f.result(timeout=30) for f in [pool.submit(together.wait) for _ in range(6)]) == list(range(6))
    finally:
        pool.shutdown(wait=True)
    assert _running("warm-test") == 0


def test_a_pool_whose_threads_cannot_all_start_fails_at_once_instead_of_hanging() -> None:
    """Address space for far fewer thread stacks than asked for: the error is raised and the process
    exits, where the threads already started used to wait on the barrier forever (and hang the exit)."""
    script = textwrap.dedent("""
        import resource, threading
        threading.stack_size(64 * 1024 * 1024)
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        used = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (used + 512 * 1024 * 1024, hard))
        from bot.slack.threads import warm_pool
        warm_pool(64, "doomed")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "can't start new thread" in done.stderr
