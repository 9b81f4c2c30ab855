"""Placeholder until retrieval and answering land (issue 2)."""

from __future__ import annotations

from typing import Any


def build_answering_service(settings: Any, *, embedder: Any = None) -> Any:  # noqa: ARG001
    raise NotImplementedError("answering service not built yet")
