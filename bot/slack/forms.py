"""Readers of Slack payloads every feature shares: ids of a click, modal values, ephemeral notices to the clicker
(also the one that reports a failure)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.slack.blocks.common import Block
from bot.slack.errors import new_correlation_id, report_failure


def ids(body: dict[str, Any]) -> tuple[str, str]:
    """(user, channel) of a click."""
    user = (body.get("user") or {}).get("id", "")
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id", "")
    return user, channel


def values(body: dict[str, Any]) -> dict[str, Any]:
    """block_id -> the submitted value of a modal: selected option value, list of option values
    (multi-select), user, date, or text/url."""
    result: dict[str, Any] = {}
    for block_id, elements in ((body.get("view") or {}).get("state", {}).get("values") or {}).items():
        for element in elements.values():
            if element.get("selected_option"):
                result[block_id] = element["selected_option"].get("value")
            elif "selected_options" in element:
                result[block_id] = [o.get("value") for o in element.get("selected_options") or []]
            elif "selected_user" in element:
                result[block_id] = element.get("selected_user")
            elif "selected_date" in element:
                result[block_id] = element.get("selected_date")
            else:
                result[block_id] = element.get("value")
    return result


def lines(text: str | None) -> list[str]:
    """Non-empty lines (also split at ";"), whitespace-normalised."""
    parts = (text or "").replace(";", "\n").splitlines()
    return [" ".join(p.split()) for p in parts if p.strip()]


def tell(respond: Respond, client: WebClient, body: dict[str, Any], text: str, blocks: list[Block] | None = None) -> None:
    """Ephemeral notice to the clicking user: response_url first, chat.postEphemeral second."""
    user, channel = ids(body)
    if body.get("response_url"):
        response = respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
        if response.status_code < 300:
            return
    client.chat_postEphemeral(channel=channel, user=user, text=text, blocks=blocks)


def tell_failure(respond: Respond, client: WebClient, body: dict[str, Any], error: BaseException, where: str) -> None:
    """A button's failure, never silent: logged with a correlation id (and the click's ids), and the
    clicking user told with the same id. When telling fails too, that is logged under the same id."""
    user, channel = ids(body)
    cid = new_correlation_id()
    message = report_failure(error, cid=cid, where=where, user=user, channel=channel)
    try:
        tell(respond, client, body, message)
    except Exception as notify_error:  # noqa: BLE001 - nothing more to do than log it
        report_failure(notify_error, cid=cid, where=f"{where}-notice", user=user, channel=channel)
