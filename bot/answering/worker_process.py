"""One answer worker process: builds the answering service once, then answers its parent's questions.

Started by `bot.answering.workers.AnswerWorkerPool` as `python -m bot.answering.worker_process`, a
fresh interpreter (why not fork or multiprocessing: see `bot.sandbox`). The protocol is pickled
messages over stdin/stdout, framed by `multiprocessing.connection.Connection`:

    parent -> child  ("init", factory module, factory name, settings)      once
    child -> parent  ("ready", pid)                                        model and index loaded
    parent -> child  ("answer", generation, question, context, audience)   one at a time
    child -> parent  ("answer", Answer) | ("error", TilsynsbotError) | ("failed", error type name)

`generation` goes up when the bot asks for the index to be re-read (`AnswerWorkerPool.reload`).
The process lowers its own OS priority first (`NICE_INCREMENT`), so the process that acks Slack
gets the CPU before any answering. stdout is the protocol's; whatever a library prints goes to
stderr. It exits when the parent closes the pipe, so it never outlives the bot. Like the rest of
the bot it logs no message text: unexpected errors are logged with their type and traceback.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Protocol, runtime_checkable

from bot.assistant import AnsweringPort
from bot.domain import Audience
from bot.errors import TilsynsbotError
from bot.settings import Settings

log = logging.getLogger("tilsynsbot.answering.worker")

# The lowest priority: CPU weight 15 against 1024 for nice 0, so the acking process wins. Nice 10
# (weight 110) left the acks' p95 ~50 ms slower under 50 questions at once (BENCHMARKS.md); an idle
# machine gives the workers every core either way.
NICE_INCREMENT = 19

Reply = tuple[str, object]


@runtime_checkable
class WarmsUp(Protocol):
    def warm_up(self) -> None: ...


@runtime_checkable
class Reloads(Protocol):
    def reload(self) -> None: ...


def answer_one(answering: AnsweringPort, question: str, context: Sequence[str], audience: Audience) -> Reply:
    """The reply to one question: the answer, the service's own error, or the type of an unexpected one."""
    try:
        return "answer", answering.answer(question, context=context, audience=audience)
    except TilsynsbotError as error:
        return "error", error
    except Exception as error:
        log.error("answer failed in worker pid=%d error=%s", os.getpid(), type(error).__name__, exc_info=error)
        return "failed", type(error).__name__


def serve(inbox: Connection, outbox: Connection) -> None:
    """Build the service named in the first message, warm it up, report ready, answer until EOF."""
    _kind, module, name, settings = inbox.recv()
    assert isinstance(settings, Settings)
    logging.basicConfig(level=getattr(logging, settings.log_level.upper(), logging.INFO), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    answering: AnsweringPort = getattr(importlib.import_module(module), name)(settings)
    if isinstance(answering, WarmsUp):
        try:
            answering.warm_up()
        except Exception as error:  # noqa: BLE001 - the questions will meet (and report) the same problem
            log.warning("answer worker warm-up failed error=%s", type(error).__name__)
    generation = 0
    try:
        outbox.send(("ready", os.getpid()))
        while True:
            _kind, wanted, question, context, audience = inbox.recv()
            reply = _reload_failure(answering, wanted, generation)  # tried again at the next question
            if reply is None:
                generation = wanted
                reply = answer_one(answering, question, context, audience)
            outbox.send(reply)
    except (EOFError, BrokenPipeError):  # the bot closed the pipe, or exited
        return


def _reload_failure(answering: AnsweringPort, wanted: int, generation: int) -> Reply | None:
    """Re-read the index when the bot asked for it since the last question; the failure's reply, if any."""
    if wanted == generation or not isinstance(answering, Reloads):
        return None
    try:
        answering.reload()
    except Exception as error:
        log.error("index reload failed in worker error=%s", type(error).__name__, exc_info=error)
        return ("error", error) if isinstance(error, TilsynsbotError) else ("failed", type(error).__name__)
    return None


def main() -> None:
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)  # stray prints must not corrupt the protocol
    os.nice(NICE_INCREMENT)
    serve(inbox, outbox)


if __name__ == "__main__":
    main()
