"""Slack I/O for intake: who the actor is, posting to DMs and the officers' channel, downloading files.

Why separate: the intake service knows nothing about Slack, and the listeners stay thin; this is
the one place that turns Slack ids into an `Actor`, fetches a shared file with the bot token
(files.info -> url_private_download), and refuses Slack's HTML login page, which Slack serves
with status 200 when a token is missing or wrong.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.access import Directory
from bot.display import display_name
from bot.errors import TilsynsbotError, ValidationFailedError
from bot.intake.service import Actor, IntakeService
from bot.privacy import redact
from bot.settings import Settings
from bot.slack.blocks.common import Block
from bot.slack.errors import new_correlation_id
from bot.slack.groups import GroupCache
from bot.texts import intake as t

log = logging.getLogger("tilsynsbot.slack.intake")


class DownloadError(TilsynsbotError):
    """A shared file could not be fetched from Slack (nothing was stored)."""


@dataclass(frozen=True)
class Downloaded:
    file_id: str
    name: str
    data: bytes


@dataclass(frozen=True)
class IntakeSlack:
    """What the intake listeners use: the service, who is who, the settings, this app's group cache."""

    intake: IntakeService
    directory: Directory
    settings: Settings
    groups: GroupCache

    def actor(self, client: WebClient, user_id: str) -> Actor:
        """The user with the configured user groups (officers' and bydeler's) they belong to."""
        configured = set(self.directory.officer_usergroups)
        for members in self.directory.bydeler.values():
            configured.update(members.usergroups)
        return Actor(user_id, self.groups.groups_of(client, user_id, configured))


def post_dm(client: WebClient, user_id: str, text: str, blocks: list[Block] | None = None) -> None:
    """Post in the bot's DM with `user_id` (chat.postMessage accepts a user id as channel)."""
    client.chat_postMessage(channel=user_id, text=text, blocks=blocks or None, unfurl_links=False)


def notify_officers(client: WebClient, settings: Settings, text: str, blocks: list[Block] | None = None) -> bool:
    """Post in the officers' channel (with `blocks`, e.g. buttons); False, logged, when none is set."""
    channel = settings.officers_channel
    if not channel:
        log.warning("officers_channel is not set; officer notice not posted")
        return False
    client.chat_postMessage(channel=channel, text=text, blocks=blocks or None, unfurl_links=False)
    return True


def download(client: WebClient, settings: Settings, shared: dict[str, Any]) -> Downloaded:
    """Fetch one shared file. Size is checked before downloading (from files.info) and while reading."""
    file_id = str(shared.get("id") or "")
    name = display_name(redact(str(shared.get("name") or shared.get("title") or file_id)))  # only in messages
    max_bytes = settings.max_upload_mb * 1_048_576
    ref = new_correlation_id()
    try:
        info = client.files_info(file=file_id).get("file") or {}
    except SlackApiError as error:
        log.warning("cid=%s files.info failed file=%s error=%s", ref, file_id, error.response.get("error"))
        raise DownloadError(t.FILE_DOWNLOAD_FAILED.format(name=name, ref=ref), detail="files.info") from error
    real_name = str(info.get("name") or name)
    name = display_name(redact(real_name))
    size = int(info.get("size") or 0)
    if size > max_bytes:
        raise ValidationFailedError(
            t.FILE_TOO_LARGE.format(name=name, size_mb=size / 1_048_576, max_mb=settings.max_upload_mb),
            detail=f"size {size} (files.info)",
        )
    url = info.get("url_private_download") or info.get("url_private")
    if not url:
        raise DownloadError(t.FILE_DOWNLOAD_FAILED.format(name=name, ref=ref), detail="no download url")
    safe_url = urllib.parse.quote(str(url), safe=":/?&=%#+@")  # Slack encodes names; be safe if not
    request = urllib.request.Request(safe_url, headers={"Authorization": f"Bearer {client.token}"})  # noqa: S310 - Slack's own file URL
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - Slack's own file URL
            content_type = response.headers.get("Content-Type", "")
            data = response.read(max_bytes + 1)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        log.warning("cid=%s download failed file=%s error=%s", ref, file_id, type(error).__name__)
        raise DownloadError(t.FILE_DOWNLOAD_FAILED.format(name=name, ref=ref), detail=str(error)) from error
    if content_type.startswith("text/html") and not name.lower().endswith((".html", ".htm")):
        log.warning("cid=%s download got an HTML page (login?) file=%s", ref, file_id)
        raise DownloadError(t.FILE_DOWNLOAD_FAILED.format(name=name, ref=ref), detail="html login page")
    return Downloaded(file_id=file_id, name=real_name, data=data)
