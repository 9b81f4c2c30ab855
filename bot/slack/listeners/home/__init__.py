"""The App Home tab: what tilsynsbot can do, which sources it answers from, and how fresh they are.

Published on every `app_home_opened` (tab "home") so the index date is always current. The
index status comes from the answering service; when the index is missing the tab says so
instead of failing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import TilsynsbotError
from bot.services import Services
from bot.slack.blocks.home import IndexStatus, home_view
from bot.slack.errors import new_correlation_id, report_failure
from bot.slack.registry import SlackEvent, SlackRegistry

log = logging.getLogger("tilsynsbot.slack.home")


def index_status(services: Services) -> IndexStatus:
    """The answering service's `index_info()` as an `IndexStatus`; unavailable when it cannot tell."""
    try:
        info = services.answering.index_info() or {}
    except (TilsynsbotError, OSError) as error:
        log.warning("index info unavailable: %s", type(error).__name__)
        return IndexStatus(available=False)
    chunks = info.get("chunk_count", info.get("chunks"))
    listed = info.get("sources")
    sources = [
        {str(k): v for k, v in s.items()} if isinstance(s, Mapping) else {"id": str(s), "title": str(s)}
        for s in (listed if isinstance(listed, list | tuple) else [])
    ]
    built_at = str(info.get("built_at") or "")
    return IndexStatus(
        built_at=built_at, sources=sources, chunk_count=int(chunks) if isinstance(chunks, int) else None,
        available=bool(built_at or sources or chunks),
    )


def register(app: App, services: Services, registry: SlackRegistry) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: SlackEvent, client: WebClient) -> None:
        if event.get("tab") != "home":
            return
        user = event.get("user", "")
        try:
            extra = [block for home_section in registry.home_sections for block in home_section(client, user)]
            client.views_publish(user_id=user, view=home_view(index_status(services), registry.help, extra))
        except (SlackApiError, TilsynsbotError) as error:
            report_failure(error, cid=new_correlation_id(), where="home", user=user)
