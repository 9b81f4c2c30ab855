"""The parsing sandbox: a child process that is stopped at its time and memory limits."""

from __future__ import annotations

import time

import pytest

from bot.sandbox import SandboxError, SandboxLimits, run_limited


def add(a: int, b: int) -> int:
    return a + b


def spin() -> None:
    while True:
        time.sleep(0.01)


def hog() -> int:
    return len(bytearray(2_000 * 1_048_576))


def test_result_comes_back() -> None:
    assert run_limited(add, 2, 3) == 5


def test_a_function_that_never_ends_is_killed_at_the_deadline() -> None:
    with pytest.raises(SandboxError) as error:
        run_limited(spin, limits=SandboxLimits(timeout_s=1.5))
    assert error.value.reason == "timeout"


def test_a_function_that_wants_too_much_memory_is_stopped() -> None:
    with pytest.raises(SandboxError) as error:
        run_limited(hog, limits=SandboxLimits(memory_mb=300))
    assert error.value.reason == "memory"
