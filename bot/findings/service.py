"""Placeholder until the findings registry lands (issue 5)."""

from __future__ import annotations

from typing import Any


def build_findings_service(settings: Any, sessions: Any, *, answering: Any = None, clock: Any = None) -> Any:  # noqa: ARG001
    return None
