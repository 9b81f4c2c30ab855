"""Thread pools that are running before the first request arrives.

Why: `ThreadPoolExecutor` (and anyio's pool behind Starlette's `run_in_threadpool`) starts a thread
only when work arrives and none is idle. In a burst of Slack requests after a quiet spell, the
process then starts a hundred threads while the requests wait, each start taking about a
millisecond of the interpreter's time, and acks queued behind them (measured in BENCHMARKS.md,
issue 13: 50 questions at once, ack p95 ~550 ms with threads started on demand, ~330 ms with
threads started in advance). Idle threads cost only their stack's address space.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from bot.errors import TilsynsbotError
from bot.texts import slack as t

START_TIMEOUT_S = 60.0  # a machine that cannot start its threads in a minute fails at start-up, not later


def warm_pool(size: int, name: str) -> ThreadPoolExecutor:
    """A pool of `size` threads, every one of them started before this returns.

    Each of `size` submitted tasks waits until all have started, so the executor cannot hand two
    of them to one thread and must start `size` threads; then they all return to idle. When a
    thread cannot be started (a process or memory limit), the ones waiting are released and the
    pool shut down before a Norwegian error is raised, so start-up fails instead of hanging at exit.
    """
    pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix=name)
    everyone = threading.Barrier(size + 1, timeout=START_TIMEOUT_S)
    try:
        for _ in range(size):
            pool.submit(everyone.wait)
        everyone.wait()
    except BaseException as error:
        everyone.abort()
        pool.shutdown(wait=False, cancel_futures=True)
        if isinstance(error, (RuntimeError, threading.BrokenBarrierError)):  # the operator is told what to do
            raise TilsynsbotError(t.THREADS_NOT_STARTED.format(size=size),
                                  detail=f"{type(error).__name__}: {error}") from error
        raise
    return pool
