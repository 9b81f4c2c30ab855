"""The question flow shared by every Slack surface: privacy check, answer, render, deliver, report.

Why one flow: mentions, DMs, thread follow-ups and `/tilsyn` must behave the same: the same
identity-number rule, the same answer blocks with feedback buttons, and the same "never silent"
handling where every failure reaches the user with a correlation id. Surfaces differ only in
how a reply is delivered (`Delivery`): into a thread with `chat.postMessage`, or privately
through a slash command's `response_url`.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain import Audience
from bot.errors import TilsynsbotError, ValidationFailedError
from bot.feedback import FeedbackStore
from bot.privacy import contains_identity_number
from bot.slack.blocks.answer import answer_messages, notice_blocks
from bot.slack.blocks.common import plain_summary, user_names
from bot.slack.dedupe import ThreadMemory
from bot.slack.errors import new_correlation_id, report_failure
from bot.slack.groups import GroupCache
from bot.texts import slack as t

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger("tilsynsbot.slack.answers")
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
MAX_CONTEXT_QUESTIONS = 3


@dataclass
class Question:
    text: str  # raw text as the user wrote it (never logged unless settings.log_message_text)
    user: str
    channel: str
    surface: str  # mention | dm | thread | command
    thread_ts: str | None = None  # thread to reply in (None = top level / private)
    event_ts: str = ""
    file_names: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # earlier questions in the thread


class Delivery(Protocol):
    def post(self, text: str, blocks: list[dict[str, Any]]) -> None: ...

    def notify(self, text: str) -> None:
        """Best path for a short notice when `post` failed (ephemeral, then DM)."""
        ...


class DeliveryError(TilsynsbotError):
    """A reply could not be delivered through the surface's channel (e.g. an expired response_url)."""

    def __init__(self, detail: str) -> None:
        super().__init__(t.ERROR_DELIVERY, detail=detail)


@dataclass
class ChannelDelivery:
    """Replies as messages in a channel or DM, in `thread_ts` when given."""

    client: WebClient
    channel: str
    user: str
    thread_ts: str | None = None

    def post(self, text: str, blocks: list[dict[str, Any]]) -> None:
        self.client.chat_postMessage(
            channel=self.channel, thread_ts=self.thread_ts, text=text, blocks=blocks, unfurl_links=False, unfurl_media=False
        )

    def notify(self, text: str) -> None:
        try:
            self.client.chat_postEphemeral(channel=self.channel, user=self.user, thread_ts=self.thread_ts, text=text)
            return
        except SlackApiError:
            log.warning("ephemeral notice failed channel=%s user=%s; trying DM", self.channel, self.user)
        self.client.chat_postMessage(channel=self.user, text=text)


@dataclass
class ResponseUrlDelivery:
    """Private replies to a slash command through its `response_url` (works in any channel)."""

    respond: Respond
    client: WebClient
    user: str

    def post(self, text: str, blocks: list[dict[str, Any]]) -> None:
        response = self.respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
        if response.status_code >= 300:
            raise DeliveryError(f"response_url status {response.status_code}")

    def notify(self, text: str) -> None:
        response = self.respond(text=text, response_type="ephemeral", replace_original=False)
        if response.status_code >= 300:
            self.client.chat_postMessage(channel=self.user, text=text)


def strip_mentions(text: str) -> str:
    return " ".join(_MENTION.sub(" ", text or "").split())


class QuestionFlow:
    """Answers one question end to end; safe to call from bolt's worker threads."""

    def __init__(self, services: Services, *, feedback: FeedbackStore, threads: ThreadMemory, groups: GroupCache) -> None:
        self.services = services
        self.settings = services.settings
        self.feedback = feedback
        self.threads = threads
        self.groups = groups

    def audience(self, client: WebClient, question: Question) -> Audience:
        """Officers see officers-only sources, but only where no one else reads the answer.

        An answer in a channel or thread is read by everyone there, so it is built for the public
        unless the channel is the officers' own. DMs and `/tilsyn` answers (ephemeral) follow the
        asker. Group membership comes from the app's `GroupCache`.
        """
        private = question.surface in ("dm", "command") or question.channel == self.settings.officers_channel
        if not private:
            return Audience.PUBLIC
        user = question.user
        groups = self.groups.groups_of(client, user, self.settings.officer_usergroup_ids)
        return self.services.directory.audience_for(user, groups)

    def thread_context(self, client: WebClient, channel: str, thread_ts: str, current_ts: str, bot_user: str) -> list[str]:
        """Earlier questions (users' messages, mentions removed) in the thread; best effort."""
        try:
            messages = client.conversations_replies(channel=channel, ts=thread_ts, limit=50).get("messages") or []
        except SlackApiError as error:
            log.warning("thread context unavailable channel=%s thread=%s error=%s", channel, thread_ts, error.response.get("error"))
            return []
        earlier = [
            strip_mentions(m.get("text", ""))
            for m in messages
            if m.get("ts") != current_ts and not m.get("bot_id") and m.get("user") != bot_user
            and float(m.get("ts", 0)) < float(current_ts or "inf")
        ]
        return [q for q in earlier if q][-MAX_CONTEXT_QUESTIONS:]

    def set_status(self, client: WebClient, channel: str, thread_ts: str | None) -> None:
        """Slack's "thinking" indicator in assistant threads; failures never affect the answer."""
        if not thread_ts:
            return
        try:
            client.assistant_threads_setStatus(channel_id=channel, thread_ts=thread_ts, status=t.THINKING_STATUS)
        except SlackApiError as error:
            log.debug("setStatus unavailable channel=%s error=%s", channel, error.response.get("error"))

    def handle(self, client: WebClient, question: Question, delivery: Delivery) -> None:
        """Answer `question` and deliver it; every failure ends as a notice to the user."""
        started = time.perf_counter()
        self.services.acks.wait_for_acks()  # requests still waiting for their ack go first (bot.priority)
        ids = {"surface": question.surface, "channel": question.channel, "user": question.user, "ts": question.event_ts}
        if self.settings.log_message_text:
            log.debug("question text=%r", question.text)
        if question.thread_ts and question.surface != "command":
            # Before posting: a follow-up typed right after the reply appears must find the thread.
            self.threads.remember(question.channel, question.thread_ts)
        if contains_identity_number(question.text) or any(contains_identity_number(c) for c in question.context):
            log.warning("identity number in question; not answered %s", _ids(ids))
            self._deliver_notice(delivery, t.IDENTITY_NUMBER_WARNING, ids)
            return
        text = strip_mentions(question.text)
        if not text:
            names = user_names(question.file_names, more=t.MORE_FILES)
            self._deliver_notice(delivery, t.FILE_NOT_READ.format(names=names) if names else t.ERROR_EMPTY_QUESTION, ids)
            return
        cid = new_correlation_id()
        try:
            audience = self.audience(client, question)
            # CPU-bound: in an answer worker process (or limited in-process), see bot.answering.workers
            answer = self.services.assistant.ask(text, audience=audience, context=question.context)
            answer_id = self.feedback.record_answer(answer, surface=question.surface, asker=question.user,
                                                    channel=question.channel, thread_ts=question.thread_ts)
            rendered = answer_messages(answer, answer_id=answer_id, unread_files=question.file_names,
                                       can_escalate=bool(self.settings.officers_channel))
            for body_text, blocks in zip(rendered.texts, rendered.messages, strict=True):
                delivery.post(body_text, blocks)
        except ValidationFailedError as error:  # the question itself was declined (e.g. too long): no fault
            log.info("question declined %s reason=%s", _ids(ids), error.detail or type(error).__name__)
            self._deliver_notice(delivery, error.user_message, ids)
            return
        except Exception as error:  # noqa: BLE001 - the edge: render for the user, log with cid
            self._deliver_notice(delivery, report_failure(error, cid=cid, where="answer", **ids), ids)
            return
        log.info(
            "answered cid=%s %s abstained=%s sources=%d messages=%d ms=%.0f",
            cid, _ids(ids), answer.abstained, len(answer.citations), len(rendered.messages),
            (time.perf_counter() - started) * 1000,
        )

    def _deliver_notice(self, delivery: Delivery, text: str, ids: dict[str, str]) -> None:
        try:
            delivery.post(plain_summary(text, 3000), notice_blocks(text))
            return
        except (SlackApiError, DeliveryError) as error:
            report_failure(error, cid=new_correlation_id(), where="notice", **ids)
        try:
            delivery.notify(text)
        except (SlackApiError, DeliveryError) as error:
            report_failure(error, cid=new_correlation_id(), where="notice-fallback", **ids)


def _ids(ids: dict[str, str]) -> str:
    return " ".join(f"{k}={v}" for k, v in ids.items() if v)
