"""The app manifest requests exactly the scopes and events the code uses (issue 3: "exactly")."""

from __future__ import annotations

import re

import yaml

from bot.settings import PROJECT_ROOT

# Web API methods (as slack_sdk method names) -> the bot scope they need; None = no scope needed.
METHOD_SCOPES: dict[str, str | None] = {
    "chat_postMessage": "chat:write",
    "chat_postEphemeral": "chat:write",
    "chat_update": "chat:write",
    "chat_delete": "chat:write",
    "conversations_replies": "channels:history",  # and groups:history / im:history by channel type
    "conversations_open": "im:write",
    "views_open": None,
    "views_update": None,
    "views_push": None,
    "views_publish": None,
    "files_info": "files:read",
    "files_upload_v2": "files:write",
    "users_info": "users:read",
    "usergroups_users_list": "usergroups:read",
    "assistant_threads_setStatus": "assistant:write",
    "assistant_threads_setSuggestedPrompts": "assistant:write",
    "assistant_threads_setTitle": "assistant:write",
}
EVENT_SCOPES = {
    "app_mention": "app_mentions:read",
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.im": "im:history",
}
CALL = re.compile(r"client\.([a-zA-Z_0-9]+)\(")


def _manifest() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "slack-manifest.yaml").read_text(encoding="utf-8"))


def _methods_used() -> set[str]:
    return {m for path in (PROJECT_ROOT / "bot").rglob("*.py") for m in CALL.findall(path.read_text(encoding="utf-8"))}


def test_every_web_api_call_has_its_scope_and_every_scope_is_used() -> None:
    manifest = _manifest()
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    used = _methods_used()
    unknown = used - METHOD_SCOPES.keys()
    assert not unknown, f"add these methods and their scopes to METHOD_SCOPES: {unknown}"
    needed = {METHOD_SCOPES[m] for m in used if METHOD_SCOPES[m]}
    needed |= {EVENT_SCOPES[e] for e in manifest["settings"]["event_subscriptions"]["bot_events"] if e in EVENT_SCOPES}
    needed |= {"commands"} if manifest["features"].get("slash_commands") else set()
    if "files_info" in used:
        needed.add("files:read")  # downloads of url_private_download use the same scope
    assert needed - scopes == set(), "missing scopes"
    assert scopes - needed == set(), "scopes requested but not used"


def test_events_listened_to_are_subscribed() -> None:
    events = set(_manifest()["settings"]["event_subscriptions"]["bot_events"])
    source = "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "bot" / "slack").rglob("*.py"))
    listened = set(re.findall(r'app\.event\("([a-z_]+)"', source))
    expected = {("message.im" if e == "message" else e) for e in listened}
    assert expected <= events | {"message.im"}
    assert {"message.channels", "message.groups", "message.im"} <= events  # thread follow-ups and DMs
    assert {e for e in events if not e.startswith("message.")} <= listened


def test_slash_command_and_interactivity_share_the_events_url() -> None:
    manifest = _manifest()
    url = manifest["settings"]["event_subscriptions"]["request_url"]
    assert url.endswith("/slack/events")
    assert manifest["settings"]["interactivity"]["request_url"] == url
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/tilsyn"]
    assert manifest["features"]["slash_commands"][0]["url"] == url
