"""Slack I/O for intake: who the actor is, posting to DMs and the officers' channel, downloading files.

Why separate: the intake service knows nothing about Slack, and the listeners stay thin; this is
the one place that turns Slack ids into an `Actor`, fetches a shared file with the bot token
(files.info -> url_private_download), and refuses Slack's HTML login page, which Slack serves
with status 200 when a token is missing or wrong.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.display import display_name
from bot.errors import TilsynsbotError, ValidationFailedError
from bot.intake.service import Actor
from bot.privacy import redact
from bot.slack.errors import new_correlation_id
from bot.texts import intake as t

log = logging.getLogger("tilsynsbot.slack.intake")


class DownloadError(TilsynsbotError):
    """A shared file could not be fetched from Slack (nothing was stored)."""


@dataclass(frozen=True)
class Downloaded:
    file_id: str
    name: str
    data: bytes


_GROUP_TTL_S = 60.0
_group_cache: dict[str, tuple[float, frozenset[str]]] = {}
_group_lock = threading.Lock()


def _group_members(client: WebClient, group: str) -> frozenset[str]:
    """Members of a user group, cached for a minute (every click needs them; membership rarely changes)."""
    now = time.monotonic()
    with _group_lock:
        cached = _group_cache.get(group)
        if cached and cached[0] > now:
            return cached[1]
    try:
        members = frozenset(client.usergroups_users_list(usergroup=group).get("users") or [])
    except SlackApiError as error:  # treated as "not a member": access is refused, never widened
        log.warning("usergroup lookup failed group=%s error=%s", group, error.response.get("error"))
        return frozenset()
    with _group_lock:
        _group_cache[group] = (now + _GROUP_TTL_S, members)
    return members


def actor_for(client: WebClient, services: Any, user_id: str) -> Actor:
    """The user with the configured user groups (officers' and bydeler's) they belong to."""
    directory = services.directory
    configured = set(directory.officer_usergroups)
    for members in directory.bydeler.values():
        configured.update(members.usergroups)
    groups = {g for g in configured if user_id in _group_members(client, g)}
    return Actor(user_id, frozenset(groups))


def post_dm(client: WebClient, user_id: str, text: str, blocks: list[dict] | None = None) -> None:
    """Post in the bot's DM with `user_id` (chat.postMessage accepts a user id as channel)."""
    client.chat_postMessage(channel=user_id, text=text, blocks=blocks or None, unfurl_links=False)


def notify_officers(client: WebClient, services: Any, text: str) -> bool:
    channel = services.settings.officers_channel
    if not channel:
        log.warning("officers_channel is not set; officer notice not posted")
        return False
    client.chat_postMessage(channel=channel, text=text, unfurl_links=False)
    return True


def download(client: WebClient, services: Any, shared: dict[str, Any]) -> Downloaded:
    """Fetch one shared file. Size is checked before downloading (from files.info) and while reading."""
    file_id = str(shared.get("id") or "")
    name = display_name(redact(str(shared.get("name") or shared.get("title") or file_id)))  # only in messages
    max_bytes = services.settings.max_upload_mb * 1_048_576
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
            t.FILE_TOO_LARGE.format(name=name, size_mb=size / 1_048_576, max_mb=services.settings.max_upload_mb),
            detail=f"size {size} (files.info)",
        )
    url = info.get("url_private_download") or info.get("url_private")
    if not url:
        raise DownloadError(t.FILE_DOWNLOAD_FAILED.format(name=name, ref=ref), detail="no download url")
    safe_url = urllib.parse.quote(str(url), safe=":/?&=%#+@")  # Slack encodes names; be safe if not
    request = urllib.request.Request(safe_url, headers={"Authorization": f"Bearer {client.token}"})
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
