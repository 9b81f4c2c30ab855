"""Acks first (bot/priority.py): work after an ack waits while other requests wait for theirs."""

from __future__ import annotations

import threading

from bot.priority import AckPriority


def test_work_goes_ahead_at_once_when_no_request_waits_for_its_ack() -> None:
    assert AckPriority(max_wait_s=5.0).wait_for_acks() is True


def test_work_waits_until_the_last_pending_request_is_acked() -> None:
    acks = AckPriority(max_wait_s=30.0)
    order: list[str] = []
    first, second = acks.acking(), acks.acking()
    first.__enter__()
    second.__enter__()
    waiter = threading.Thread(target=lambda: (acks.wait_for_acks(), order.append("work")))
    waiter.start()
    order.append("ack 1")
    first.__exit__(None, None, None)
    waiter.join(timeout=0.2)
    assert waiter.is_alive() and order == ["ack 1"]  # one request still waits for its ack
    order.append("ack 2")
    second.__exit__(None, None, None)
    waiter.join(timeout=30)
    assert order == ["ack 1", "ack 2", "work"]
    assert acks.pending == 0


def test_a_request_that_is_never_acked_holds_work_back_only_for_the_longest_wait() -> None:
    acks = AckPriority(max_wait_s=0.05)
    with acks.acking():
        assert acks.wait_for_acks() is False  # gave up waiting; the work goes ahead
    assert acks.pending == 0


def test_a_failing_request_still_counts_as_done() -> None:
    acks = AckPriority(max_wait_s=5.0)
    try:
        with acks.acking():
            raise ValueError("malformed")
    except ValueError:
        pass
    assert acks.pending == 0 and acks.wait_for_acks() is True
