"""Run a parser in a separate process with memory, CPU and wall-clock limits.

Why: a hostile or merely broken document (a PDF with a pathological content stream, a deeply
nested structure) can make a parser run for minutes or allocate gigabytes. In our process that
would stall everybody's answers and keep the memory. In a child process with `RLIMIT_AS` and
`RLIMIT_CPU`, killed at a deadline, the worst case is a clear "could not read" for that one file,
and the memory goes back to the system when the child exits.

The child is a fresh interpreter (`python -m bot.sandbox`), not a fork: forking a process with
running threads (bolt's pool) can deadlock, and multiprocessing's "spawn" re-imports the caller's
main module, which breaks scripts. Function and arguments travel pickled over stdin/stdout between
this process and its own child. `func` must be a module-level function; arguments and result must
pickle.
"""

from __future__ import annotations

import importlib
import os
import pickle
import resource
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SandboxLimits:
    timeout_s: float = 20.0  # wall clock, start-up of the child included
    cpu_s: int = 15
    memory_mb: int = 1_024  # address space of the child


class SandboxError(Exception):
    """The function did not finish within the limits; `reason` is "timeout", "memory" or "crashed"."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


def run_limited(func: Callable[..., Any], *args: Any, limits: SandboxLimits = SandboxLimits()) -> Any:
    """`func(*args)` in a child process; raises `SandboxError` when it breaks a limit or raises."""
    payload = pickle.dumps((func.__module__, func.__qualname__, args))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    command = [sys.executable, "-m", "bot.sandbox", str(limits.memory_mb), str(limits.cpu_s)]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          env=env) as process:
        try:
            out, _ = process.communicate(payload, timeout=limits.timeout_s)
        except subprocess.TimeoutExpired as error:
            process.kill()
            process.communicate()
            raise SandboxError("timeout", f"no result within {limits.timeout_s:.0f} s") from error
    try:
        status, value = pickle.loads(out)  # noqa: S301 - written by our own child process
    except (pickle.UnpicklingError, EOFError, ValueError) as error:  # killed by RLIMIT_CPU or the kernel
        raise SandboxError("crashed", f"child ended without a result (exit {process.returncode})") from error
    if status == "ok":
        return value
    raise SandboxError("memory" if status == "memory" else "crashed", str(value))


def _main(memory_mb: int, cpu_s: int) -> None:
    memory = memory_mb * 1_048_576
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    module, name, args = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - from our parent
    try:
        result: tuple[str, Any] = ("ok", getattr(importlib.import_module(module), name)(*args))
    except MemoryError:
        result = ("memory", "MemoryError")
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which decides
        result = ("raised", f"{type(error).__name__}: {error}"[:500])
    sys.stdout.buffer.write(pickle.dumps(result))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _main(int(sys.argv[1]), int(sys.argv[2]))
