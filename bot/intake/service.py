"""Placeholder until guided intake lands (issue 4)."""

from __future__ import annotations

from typing import Any


def build_intake_service(settings: Any, sessions: Any, *, directory: Any = None, clock: Any = None) -> Any:  # noqa: ARG001
    return None
