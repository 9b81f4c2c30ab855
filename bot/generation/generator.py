"""Placeholder until generated answers land (issue 6)."""

from __future__ import annotations

from typing import Any


def build_generator(settings: Any, *, chat_model: Any = None) -> Any:  # noqa: ARG001
    return None
