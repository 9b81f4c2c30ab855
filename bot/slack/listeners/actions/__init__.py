"""Placeholder: the owning area replaces this with its listeners."""

from __future__ import annotations

from typing import Any


def register(app: Any, services: Any) -> None:  # noqa: ARG001
    return None
