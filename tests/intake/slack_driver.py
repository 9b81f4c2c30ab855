"""Drives the intake dialog over real HTTP: signed requests to the running app, answers read from the
fake Slack Web API. Keeps tests readable: `d.click(CONTACT, "next", s="item:…")`, `d.share(...)`.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from bot.services import Services
from tests.fakes.slack_api import WAIT_S, Call, FakeSlackAPI
from tests.fakes.slack_requests import SlackSender, block_action

_ts = itertools.count(1)


@dataclass
class Driver:
    slack: FakeSlackAPI
    sender: SlackSender
    services: Services
    seen: dict[str, int] = field(default_factory=dict)  # channel -> messages already consumed

    # --- what the bot said --------------------------------------------------------------------
    def posts(self, channel: str) -> list[Call]:
        return self.slack.calls_to("chat.postMessage", channel=channel)

    def next_post(self, channel: str, timeout: float = WAIT_S) -> Call:
        """The next message to `channel` not yet consumed by this driver."""
        index = self.seen.get(channel, 0)
        call = self.slack.wait_for("chat.postMessage", count=index + 1, timeout=timeout,
                                   where=lambda c: c.params.get("channel") == channel)
        self.seen[channel] = index + 1
        return call

    def settle(self, seconds: float = 0.3) -> None:
        time.sleep(seconds)

    # --- what the user does -------------------------------------------------------------------
    def click(self, user: str, action: str, **data: Any) -> Any:
        payload = block_action(f"intake:{action}", json.dumps(data), user_id=user, channel_id=f"D{user}",
                               response_url=self.slack.response_url())
        response = self.sender.action(payload)
        assert response.status_code == 200
        return response

    def command(self, user: str, text: str) -> str:
        """Run `/tilsyn <text>`; return what the user was told (ack text or the response_url reply)."""
        url = self.slack.response_url()
        response = self.sender.command(text, user_id=user, response_url=url)
        assert response.status_code == 200
        call = self.slack.wait_for("response_url", where=lambda c: c.params.get("_path", "").endswith(url.rsplit("/", 1)[-1]))
        return call.text_content

    def share(self, user: str, name: str, content: bytes, mimetype: str = "application/pdf") -> Any:
        obj = self.slack.add_file(name, content, mimetype=mimetype, user=user)
        event = {"type": "message", "subtype": "file_share", "channel_type": "im", "user": user, "channel": f"D{user}",
                 "ts": f"1700{next(_ts):06d}.000100", "text": "", "files": [{"id": obj["id"], "name": name}]}
        response = self.sender.event(event)
        assert response.status_code == 200
        return obj

    def say(self, user: str, text: str) -> None:
        event = {"type": "message", "channel_type": "im", "user": user, "channel": f"D{user}",
                 "ts": f"1700{next(_ts):06d}.000100", "text": text}
        assert self.sender.event(event).status_code == 200

    def open_modal(self, user: str, action: str, **data: Any) -> dict[str, Any]:
        before = len(self.slack.calls_to("views.open"))
        self.click(user, action, **data)
        return self.slack.wait_for("views.open", count=before + 1).json_param("view")

    def submit_modal(self, user: str, view: dict[str, Any], text: str) -> dict[str, Any]:
        payload = {
            "type": "view_submission", "team": {"id": "T0001"}, "user": {"id": user, "team_id": "T0001"},
            "api_app_id": "A0001", "trigger_id": f"{next(_ts)}.trigger",
            "view": {"id": "V1", "type": "modal", "callback_id": view["callback_id"],
                     "private_metadata": view["private_metadata"],
                     "state": {"values": {"text": {"text": {"type": "plain_text_input", "value": text}}}}},
        }
        response = self.sender.action(payload)
        assert response.status_code == 200
        return response.json() if response.content else {}

    def answer(self, user: str, case_id: str, question_id: str, text: str) -> dict[str, Any]:
        view = self.open_modal(user, "answer", c=case_id, q=question_id)
        return self.submit_modal(user, view, text)


def buttons(call: Call) -> dict[str, dict[str, Any]]:
    """action_id -> decoded value of every button in a posted message (last one wins)."""
    found: dict[str, dict[str, Any]] = {}
    for block in call.blocks:
        elements = block.get("elements", []) if block.get("type") == "actions" else [block.get("accessory") or {}]
        for element in elements:
            if element.get("type") == "button":
                found[element["action_id"].removeprefix("intake:")] = json.loads(element.get("value") or "{}")
    return found
