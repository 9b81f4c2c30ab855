"""What the fake Slack Web API records (`Call`) and how it answers each method by default.

Split from `tests.fakes.slack_api` to keep both modules small: this file is the "like Slack" part
(response shapes of chat.postMessage, conversations.replies, views.*, files.*, ...), the other the
HTTP server, failure injection and waiting helpers.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.fakes.slack_api import FakeSlackAPI


@dataclass
class Call:
    """One request the app made to the fake API."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    token: str
    at: float = field(default_factory=time.monotonic)

    def json_param(self, name: str) -> Any:
        """A parameter that Slack receives JSON-encoded in form bodies (blocks, view, files...)."""
        value = self.params.get(name)
        return json.loads(value) if isinstance(value, str) else value

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return self.json_param("blocks") or []

    @property
    def text_content(self) -> str:
        """`text` plus every text in the blocks, for assertions on what a user would read."""
        parts = [str(self.params.get("text") or "")]
        view = self.json_param("view")
        blocks = self.blocks + ((view or {}).get("blocks") or [])
        parts.extend(_texts(blocks))
        return "\n".join(p for p in parts if p)


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        out = [node["text"]] if isinstance(node.get("text"), str) else []
        for value in node.values():
            if isinstance(value, dict | list):
                out.extend(_texts(value))
        return out
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    return []


# --- default answers, per method ------------------------------------------------------------


def _post(fake: FakeSlackAPI, call: Call, *, ephemeral: bool = False) -> dict[str, Any]:
    p = call.params
    channel = p.get("channel", "")
    if not channel:
        return {"ok": False, "error": "channel_not_found"}
    ts = fake._next_ts()
    if ephemeral:
        return {"ok": True, "message_ts": ts}
    msg = {"type": "message", "user": fake.bot_user_id, "bot_id": fake.bot_id, "text": p.get("text", ""), "ts": ts,
           "blocks": call.json_param("blocks") or []}
    if p.get("thread_ts"):
        msg["thread_ts"] = p["thread_ts"]
    with fake._cond:
        fake.messages.setdefault(channel, []).append(msg)
    return {"ok": True, "channel": channel, "ts": ts, "message": msg}


def _update(fake: FakeSlackAPI, call: Call) -> dict[str, Any]:
    p = call.params
    return {"ok": True, "channel": p.get("channel"), "ts": p.get("ts"), "text": p.get("text", "")}


def _replies(fake: FakeSlackAPI, call: Call) -> dict[str, Any]:
    channel, ts = call.params.get("channel", ""), call.params.get("ts", "")
    with fake._cond:
        msgs = [m for m in fake.messages.get(channel, []) if m["ts"] == ts or m.get("thread_ts") == ts]
    return {"ok": True, "messages": sorted(msgs, key=lambda m: float(m["ts"])), "has_more": False}


def _view(fake: FakeSlackAPI, call: Call) -> dict[str, Any]:
    view = call.json_param("view") or {}
    view_id = call.params.get("view_id") or f"V{next(fake._ids):08d}"
    return {"ok": True, "view": {**view, "id": view_id, "hash": f"h{view_id}",
                                 "team_id": fake.team_id, "state": {"values": {}}}}


def _users_info(fake: FakeSlackAPI, call: Call) -> dict[str, Any]:
    user_id = call.params.get("user", "")
    user = fake.users.get(user_id) or {"id": user_id, "name": user_id.lower(), "is_bot": False,
                                        "team_id": fake.team_id, "profile": {"real_name": user_id}}
    return {"ok": True, "user": user}


def _usergroup_users(fake: FakeSlackAPI, call: Call) -> dict[str, Any]:
    group = call.params.get("usergroup", "")
    if group not in fake.usergroups:
        return {"ok": False, "error": "no_such_subteam"}
    return {"ok": True, "users": fake.usergroups[group]}


def _files_info(fake: FakeSlackAPI, call: Call) -> dict[str, Any]:
    file_obj = fake.files.get(call.params.get("file", ""))
    return {"ok": True, "file": file_obj} if file_obj else {"ok": False, "error": "file_not_found"}


def _upload_url(fake: FakeSlackAPI, call: Call) -> dict[str, Any]:
    file_id = f"F{next(fake._ids):08d}"
    name = call.params.get("filename", "file")
    fake.files[file_id] = {"id": file_id, "name": name, "title": name, "size": int(call.params.get("length", 0) or 0)}
    return {"ok": True, "upload_url": f"{fake.root_url}/upload/{file_id}", "file_id": file_id}


def _complete_upload(fake: FakeSlackAPI, call: Call) -> dict[str, Any]:
    files = call.json_param("files") or []
    out = []
    for f in files:
        obj = fake.files.get(f.get("id", ""))
        if obj is None or f.get("id") not in fake.file_bytes:
            return {"ok": False, "error": "file_not_found"}
        obj["title"] = f.get("title") or obj["name"]
        out.append(obj)
    return {"ok": True, "files": out}


METHODS: dict[str, Callable[[FakeSlackAPI, Call], dict[str, Any]]] = {
    "auth.test": lambda f, c: {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "tilsynsbot",
                               "team_id": f.team_id, "user_id": f.bot_user_id, "bot_id": f.bot_id},
    "chat.postMessage": _post,
    "chat.postEphemeral": lambda f, c: _post(f, c, ephemeral=True),
    "chat.update": _update,
    "chat.delete": lambda f, c: {"ok": True, "channel": c.params.get("channel"), "ts": c.params.get("ts")},
    "conversations.replies": _replies,
    "conversations.open": lambda f, c: {"ok": True, "channel": {"id": "D" + str(c.params.get("users", "U")).split(",")[0]}},
    "views.open": _view,
    "views.update": _view,
    "views.push": _view,
    "views.publish": _view,
    "users.info": _users_info,
    "usergroups.users.list": _usergroup_users,
    "files.info": _files_info,
    "files.getUploadURLExternal": _upload_url,
    "files.completeUploadExternal": _complete_upload,
    "assistant.threads.setStatus": lambda f, c: {"ok": True},
    "assistant.threads.setSuggestedPrompts": lambda f, c: {"ok": True},
    "assistant.threads.setTitle": lambda f, c: {"ok": True},
    "bots.info": lambda f, c: {"ok": True, "bot": {"id": c.params.get("bot", f.bot_id), "user_id": f.bot_user_id}},
}
