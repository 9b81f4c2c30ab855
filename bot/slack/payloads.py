"""The shape of what Slack sends, checked before any listener: a malformed payload is a 400.

Why: Slack signs what it sends, but a signed body can still be broken (a client with the signing
secret, a proxy that mangles bodies, a future payload change). Listeners read `event["channel"]`,
`body["user"]["id"]`, `view["private_metadata"]` as Slack documents them; a string where an object
belongs made them fail with a 500 and a traceback. The envelope and the fields our listeners use
are checked here once, leniently (extra fields are fine, missing optional ones too), for every
transport; the HTTP transport answers bodies that cannot be parsed at all (`http_gate`).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="allow")


class _File(_Lenient):
    id: str | None = None
    name: str | None = None


class _Event(_Lenient):
    type: str
    user: str | None = None
    channel: str | None = None
    text: str | None = None
    ts: str | None = None
    thread_ts: str | None = None
    channel_type: str | None = None
    subtype: str | None = None
    files: list[_File] | None = None
    tab: str | None = None


class _AnyEvent(_Lenient):
    type: str


class _EventEnvelope(_Lenient):
    type: str
    event_id: str | None = None
    event: _AnyEvent


# Event types we listen to: their fields are checked as our listeners read them. Others (which no
# listener handles) only need to be an object with a type.
CHECKED_EVENTS = {"message", "app_mention", "app_home_opened"}


class _User(_Lenient):
    id: str


class _Action(_Lenient):
    action_id: str
    value: str | None = None


class _View(_Lenient):
    callback_id: str | None = None
    private_metadata: str | None = None
    state: dict[str, Any] | None = None

    @field_validator("private_metadata")
    @classmethod
    def _json_object(cls, value: str | None) -> str | None:
        """Every modal of ours stores a JSON object (or nothing) in private_metadata."""
        if value and not isinstance(json.loads(value), dict):
            raise ValueError("private_metadata is not a JSON object")
        return value


class _Interaction(_Lenient):
    type: str
    user: _User
    actions: list[_Action] | None = None
    view: _View | None = None


class _Command(_Lenient):
    command: str
    text: str = ""
    user_id: str
    channel_id: str = ""


def payload_problem(body: Any) -> str | None:
    """None when `body` has the shape our listeners rely on, else a short reason (for the log)."""
    if not isinstance(body, dict):
        return f"body is {type(body).__name__}, not an object"
    try:
        if body.get("type") == "event_callback" or "event" in body:
            envelope = _EventEnvelope.model_validate(body)
            if envelope.event.type in CHECKED_EVENTS:
                _Event.model_validate(body["event"])
        elif "command" in body:
            _Command.model_validate(body)
        elif body.get("type") in {"block_actions", "view_submission", "view_closed", "shortcut", "message_action"}:
            _Interaction.model_validate(body)
    except (ValidationError, ValueError) as error:
        first = error.errors()[0] if isinstance(error, ValidationError) else {"loc": (), "msg": str(error)}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"{where}: {first.get('msg')}"[:200]
    return None
