"""Mentions, direct messages and thread follow-ups: the ways people ask tilsynsbot in Slack.

- `app_mention` in a channel: answered in the thread (a new thread under the mention).
- `message` in a DM (`channel_type == "im"`): answered there (in the thread for assistant threads).
- `message` in a thread the bot has answered (recorded in the database): answered without a new
  mention, with the thread's earlier questions as context. Mentions are left to `app_mention`.
- `assistant_thread_started`: suggested prompts (best effort).

Other features that need message events (the intake dialog receives files in DMs) add a handler
to the app's `SlackRegistry.message_handlers` (see `bot.slack.registry`). Handlers run in order,
before the question flow; returning True means "handled, do not answer this as a question". A
handler that raises is reported to the user with a correlation id like any other failure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services import Services
from bot.slack.errors import new_correlation_id, report_failure
from bot.slack.listeners.messages.pipeline import ChannelDelivery, Question, QuestionFlow
from bot.slack.registry import MessageHandler, SlackEvent, SlackRegistry
from bot.texts import slack as t

log = logging.getLogger("tilsynsbot.slack.messages")
T = TypeVar("T")

# Message subtypes that carry a person's question; edits, joins, deletions etc. are ignored.
QUESTION_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})


def file_names(event: SlackEvent) -> list[str]:
    return [str(f.get("name") or f.get("title") or f.get("id")) for f in event.get("files") or []]


def register(app: App, services: Services, registry: SlackRegistry) -> None:
    del services  # the question flow (built by create_app) holds what answering needs
    flow = registry.questions

    @app.event("app_mention")
    def on_mention(event: SlackEvent, client: WebClient, context: BoltContext) -> None:
        _guarded("mention", event, client, lambda: _on_mention(flow, event, client, context), notify=True)

    @app.event("message")
    def on_message(event: SlackEvent, client: WebClient, context: BoltContext) -> None:
        if event.get("subtype") not in QUESTION_SUBTYPES:
            return
        for handler in registry.message_handlers:
            if _run_handler(handler, event, client, context):
                return
        is_dm = event.get("channel_type") == "im"
        _guarded("message", event, client, lambda: _on_message(flow, event, client, context), notify=is_dm)

    @app.event("assistant_thread_started")
    def on_assistant_thread(event: SlackEvent, client: WebClient) -> None:
        thread = event.get("assistant_thread") or {}
        prompts = [{"title": title, "message": message} for title, message in t.SUGGESTED_PROMPTS]
        try:
            client.assistant_threads_setSuggestedPrompts(
                channel_id=thread.get("channel_id", ""), thread_ts=thread.get("thread_ts", ""),
                title=t.SUGGESTED_PROMPTS_TITLE, prompts=prompts,
            )
        except SlackApiError as error:
            log.info("suggested prompts unavailable error=%s", error.response.get("error"))

    @app.event("assistant_thread_context_changed")
    def on_assistant_context(event: SlackEvent) -> None:  # noqa: ARG001 - nothing to do, but never "unhandled"
        return None


def _run_handler(handler: MessageHandler, event: SlackEvent, client: WebClient, context: BoltContext) -> bool:
    """True when `handler` took the message (or failed on it: a failure counts as handled)."""
    name = getattr(handler, "__name__", "message-handler")
    handled = _guarded(name, event, client, lambda: bool(handler(event, client, context)), notify=True)
    return handled is not False


def _on_mention(flow: QuestionFlow, event: SlackEvent, client: WebClient, context: BoltContext) -> None:
    channel, ts = event["channel"], event["ts"]
    thread_ts = event.get("thread_ts") or ts
    earlier = flow.thread_context(client, channel, thread_ts, ts, context.bot_user_id or "") if event.get("thread_ts") else []
    question = Question(
        text=event.get("text", ""), user=event.get("user", ""), channel=channel, surface="mention",
        thread_ts=thread_ts, event_ts=ts, file_names=file_names(event), context=earlier,
    )
    flow.handle(client, question, ChannelDelivery(client, channel, question.user, thread_ts))


def _on_message(flow: QuestionFlow, event: SlackEvent, client: WebClient, context: BoltContext) -> None:
    channel, ts = event.get("channel", ""), event.get("ts", "")
    user = event.get("user", "")
    thread_ts = event.get("thread_ts")
    if event.get("channel_type") == "im":
        flow.set_status(client, channel, thread_ts)
        earlier = flow.thread_context(client, channel, thread_ts, ts, context.bot_user_id or "") if thread_ts else []
        question = Question(event.get("text", ""), user, channel, "dm", thread_ts, ts, file_names(event), earlier)
        flow.handle(client, question, ChannelDelivery(client, channel, user, thread_ts))
        return
    bot_mention = f"<@{context.bot_user_id}>" if context.bot_user_id else None
    if bot_mention and bot_mention in (event.get("text") or ""):
        return  # answered through app_mention
    if not thread_ts or thread_ts == ts or not flow.threads.answered(channel, thread_ts):
        return  # ordinary channel chatter is none of our business
    earlier = flow.thread_context(client, channel, thread_ts, ts, context.bot_user_id or "")
    question = Question(event.get("text", ""), user, channel, "thread", thread_ts, ts, file_names(event), earlier)
    flow.handle(client, question, ChannelDelivery(client, channel, user, thread_ts))


def _guarded(where: str, event: SlackEvent, client: WebClient, work: Callable[[], T], *, notify: bool) -> T | None:
    """Run `work`; on failure log with a correlation id and, when the user was talking to us, tell them.

    Returns what `work` returned, or None after a failure (a failing message handler counts as
    having handled the message, so the question flow does not answer it as well).
    """
    try:
        return work()
    except Exception as error:  # noqa: BLE001 - the edge of every message listener
        cid = new_correlation_id()
        text = report_failure(error, cid=cid, where=where, channel=event.get("channel"), user=event.get("user"))
        if notify:
            delivery = ChannelDelivery(client, event.get("channel", ""), event.get("user", ""),
                                       event.get("thread_ts") or (event.get("ts") if where == "mention" else None))
            try:
                delivery.notify(text)
            except SlackApiError as notify_error:
                report_failure(notify_error, cid=cid, where=f"{where}-notice", channel=event.get("channel"))
        return None
