"""Where answering runs: in a pool of worker processes (default), or in this process, limited.

Why processes: answering is CPU-bound (query embedding, keyword scoring over every unit,
composing). In the process that serves Slack it held the GIL for most of each answer, and acks,
which Slack wants within 3 s, waited for it: with 50 questions at once ack p95 was 0.5–0.9 s on two
cores. In worker processes at a lower OS priority the acking process gets the CPU first, and its
threads only wait on pipes (figures in BENCHMARKS.md).

`AnswerWorkerPool` starts `settings.answer_processes` workers (`bot.answering.worker_process`); each
builds the answering service once with `factory(settings)` and loads model and index before it
takes questions. `answer()` hands a question to an idle worker and returns its `Answer` to the
calling thread. A worker that dies, or has no answer within `answer_timeout_s`, is killed and
replaced, and the caller gets `AnswerInterruptedError` (a Norwegian "try again"); a question that
finds no free worker within `answer_timeout_s` gets one too, so nobody waits without end.

`LimitedAnswering` is the in-process mode (`ANSWER_PROCESSES=0`, and tests that hand in fakes):
at most `slack_answer_concurrency` questions at once, so a burst does not starve the acks entirely.
"""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Self

from bot.assistant import AnsweringPort, ReloadableIndex
from bot.domain import Answer, Audience
from bot.errors import AnswerInterruptedError, TilsynsbotError
from bot.settings import Settings, usable_cpus
from bot.texts import answers as texts

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from bot.services import AnsweringSurface

log = logging.getLogger("tilsynsbot.answering.workers")

AnsweringFactory = Callable[[Settings], AnsweringPort]
START_TIMEOUT_S = 300.0  # loading the model and the index, on a busy machine
MAX_RESTART_DELAY_S = 60.0
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class AnswerWorkerFailure(RuntimeError):
    """An unexpected error inside an answer worker (logged there with its traceback); a bug."""


class WorkerLost(Exception):
    """The worker process died, or did not answer in time; `reason` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class WorkerStatus:
    """For /healthz: how many answer workers there should be and how many have loaded and live."""

    processes: int
    ready: int


class _Worker:
    """The parent's end of one worker process."""

    def __init__(self, process: subprocess.Popen[bytes], to_child: Connection, from_child: Connection) -> None:
        self.process = process
        self.to_child = to_child
        self.from_child = from_child

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def request(self, message: tuple[object, ...], timeout: float) -> tuple[str, object]:
        try:
            self.to_child.send(message)
            if not self.from_child.poll(timeout):
                raise WorkerLost("timeout")
            kind, value = self.from_child.recv()
        except (EOFError, OSError) as error:
            raise WorkerLost("died") from error
        return str(kind), value

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()
        self.to_child.close()
        self.from_child.close()


def compute_threads(processes: int) -> int:
    """Threads each worker's numeric libraries may use: the CPUs shared out among the workers.

    The embedding engine (OpenMP) and BLAS start one busy-waiting thread per CPU by default; two
    workers on two CPUs then spun against each other and 50 answers took 20 s instead of 2.5 s.
    """
    return max(1, usable_cpus() // max(1, processes))


def spawn_worker(settings: Settings, factory: AnsweringFactory, *, start_timeout_s: float = START_TIMEOUT_S,
                 threads: int = 1) -> _Worker:
    """Start one worker and wait until it has loaded the service; `WorkerLost` when it cannot.

    `threads` caps the worker's OpenMP/BLAS threads, unless the operator set those variables."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    for variable in THREAD_VARIABLES:
        env.setdefault(variable, str(threads))
    process = subprocess.Popen([sys.executable, "-m", "bot.answering.worker_process"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                               start_new_session=True)  # Ctrl-C is the bot's to handle; workers end at EOF
    assert process.stdin is not None and process.stdout is not None  # both are pipes
    worker = _Worker(process, Connection(os.dup(process.stdin.fileno()), readable=False),
                     Connection(os.dup(process.stdout.fileno()), writable=False))
    process.stdin.close()
    process.stdout.close()
    try:
        kind, _pid = worker.request(("init", factory.__module__, factory.__qualname__, settings), start_timeout_s)
    except WorkerLost:
        worker.stop()
        raise
    if kind != "ready":
        worker.stop()
        raise WorkerLost(f"unexpected start-up reply {kind!r}")
    return worker


def _default_factory(settings: Settings) -> AnsweringPort:
    from bot.answering.service import build_answering_service

    return build_answering_service(settings)


class AnswerWorkerPool:
    """Answers in worker processes; stands in for the answering service (`AnsweringSurface`).

    `local` is the service of this process, used only for what needs no model or index in memory:
    `index_info()` (App Home, /healthz) and the `embedder` that indexes submitted documents.
    """

    def __init__(
        self, settings: Settings, local: AnsweringSurface, factory: AnsweringFactory = _default_factory, *,
        processes: int | None = None, timeout_s: float | None = None, start_timeout_s: float = START_TIMEOUT_S,
    ) -> None:
        self.settings = settings
        self.local = local
        self.factory = factory
        self.processes = max(1, processes if processes is not None else settings.answer_processes)
        self.timeout_s = timeout_s if timeout_s is not None else settings.answer_timeout_s
        self.start_timeout_s = start_timeout_s
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._generation = 0

    # --- life cycle ---------------------------------------------------------------------------
    def start(self) -> Self:
        """Start every worker in the background (questions wait for the first that is ready)."""
        for _ in range(self.processes):
            self._fill_slot()
        return self

    def close(self) -> None:
        """Stop every worker (questions still waiting get `AnswerInterruptedError`)."""
        self._closed.set()
        with self._lock:
            live, self._live = list(self._live), set()
        for worker in live:
            worker.stop()

    def status(self) -> WorkerStatus:
        with self._lock:
            return WorkerStatus(processes=self.processes, ready=len(self._live))

    def wait_ready(self, timeout: float) -> bool:
        """True once every worker has loaded (for start-up checks and benchmarks)."""
        deadline = time.monotonic() + timeout
        while self.status().ready < self.processes:
            if time.monotonic() > deadline or self._closed.wait(0.05):
                return False
        return True

    def _fill_slot(self) -> None:
        threading.Thread(target=self._start_worker, name="answer-worker-start", daemon=True).start()

    def _start_worker(self) -> None:
        delay = 0.0
        while not self._closed.wait(delay):
            try:
                worker = spawn_worker(self.settings, self.factory, start_timeout_s=self.start_timeout_s,
                                      threads=compute_threads(self.processes))
            except (WorkerLost, OSError) as error:
                delay = min(MAX_RESTART_DELAY_S, max(1.0, delay * 2))
                log.error("answer worker did not start (%s); next try in %.0f s", error, delay)
                continue
            with self._lock:
                if not self._closed.is_set():
                    self._live.add(worker)
                    self._idle.put(worker)
                    log.info("answer worker ready pid=%d", worker.pid)
                    return
            worker.stop()
            return

    def _replace(self, worker: _Worker, reason: str) -> None:
        log.warning("answer worker lost pid=%d reason=%s; starting a new one", worker.pid, reason)
        with self._lock:
            self._live.discard(worker)
        worker.stop()
        if not self._closed.is_set():
            self._fill_slot()

    # --- answering ----------------------------------------------------------------------------
    def answer(self, question: str, *, context: Sequence[str] = (), audience: Audience = Audience.PUBLIC) -> Answer:
        worker = self._checkout(time.monotonic() + self.timeout_s)
        message = ("answer", self._generation, question, list(context), audience)
        try:
            kind, value = worker.request(message, self.timeout_s)
        except WorkerLost as lost:
            self._replace(worker, lost.reason)
            raise AnswerInterruptedError(texts.ANSWER_INTERRUPTED, detail=f"answer worker {lost.reason}") from lost
        self._idle.put(worker)
        if kind == "answer" and isinstance(value, Answer):
            return value
        if kind == "error" and isinstance(value, TilsynsbotError):
            raise value
        raise AnswerWorkerFailure(f"answer worker pid={worker.pid}: {value}")

    def _checkout(self, deadline: float) -> _Worker:
        while not self._closed.is_set():
            try:
                worker = self._idle.get(timeout=max(0.0, min(1.0, deadline - time.monotonic())))
            except queue.Empty:
                if time.monotonic() >= deadline:
                    break
                continue
            if worker.alive():
                return worker
            self._replace(worker, "died")  # while idle (killed from outside)
        reason = "pool closed" if self._closed.is_set() else f"no answer worker free within {self.timeout_s:.0f} s"
        raise AnswerInterruptedError(texts.ANSWER_BUSY, detail=reason)

    # --- what the surfaces ask besides answers ---------------------------------------------------
    def index_info(self) -> Mapping[str, object]:
        return self.local.index_info()

    @property
    def embedder(self) -> Embeddings | None:
        """The local service's embedder; None when it has none (a fake that caches no index)."""
        return self.local.embedder if isinstance(self.local, ReloadableIndex) else None

    def reload(self) -> None:
        """Have every worker re-read the index before its next question (after documents were indexed)."""
        with self._lock:
            self._generation += 1


class LimitedAnswering:
    """In-process answering with at most `slots` questions at once (the rest wait their turn)."""

    def __init__(self, answering: AnsweringPort, slots: int) -> None:
        self.answering = answering
        self._slots = threading.BoundedSemaphore(max(1, slots))

    def answer(self, question: str, *, context: Sequence[str] = (), audience: Audience = Audience.PUBLIC) -> Answer:
        with self._slots:
            return self.answering.answer(question, context=context, audience=audience)
