"""The Slack side of the officers' loop that listeners and scheduler jobs share: who is an officer,
a bydel and a name; posting, redrawing and delivering an escalation from its stored row.

Why one place: the click that replies and the scheduler job that retries must deliver and redraw the
same way, and every Slack failure must end in the row (never only in a log line).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.officers.escalations import EscalationService
from bot.officers.tables import EscalationRow
from bot.services import Services
from bot.slack.blocks.common import plain_summary
from bot.slack.blocks.officers import escalation_post, reply_message
from bot.slack.forms import tell
from bot.slack.groups import GroupCache
from bot.texts import officers as t

log = logging.getLogger("tilsynsbot.slack.officers")
# Errors after which the thread can never take the reply: the asker gets it in a DM instead.
UNREACHABLE = frozenset({"channel_not_found", "not_in_channel", "is_archived", "thread_not_found", "message_not_found"})


@dataclass
class OfficersIO:
    services: Services
    groups: GroupCache

    @property
    def escalations(self) -> EscalationService:
        return self.services.escalations

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.services.settings.timezone)

    def is_officer(self, client: WebClient, user: str) -> bool:
        settings = self.services.settings
        groups = self.groups.groups_of(client, user, settings.officer_usergroup_ids)
        return self.services.directory.is_officer(user, groups)

    def refused(self, client: WebClient, respond: Respond, body: dict[str, Any], user: str) -> bool:
        """True, with the user told, when `user` is not an officer (every officers' button starts so)."""
        if self.is_officer(client, user):
            return False
        tell(respond, client, body, t.NOT_OFFICER)
        return True

    def bydel_of(self, client: WebClient, user: str) -> str:
        """The asker's bydel from the directory (users or user groups); "" when unknown or ambiguous."""
        directory = self.services.directory
        configured = sorted({g for members in directory.bydeler.values() for g in members.usergroups})
        names = directory.bydeler_of(user, self.groups.groups_of(client, user, configured) if configured else ())
        return names[0] if len(names) == 1 else ""

    def name_of(self, client: WebClient, user: str) -> str:
        """The officer's name for the signature (best effort: "" when Slack does not say)."""
        try:
            info = client.users_info(user=user).get("user") or {}
        except SlackApiError as error:
            log.warning("users.info failed user=%s error=%s", user, error.response.get("error"))
            return ""
        profile = info.get("profile") or {}
        return str(info.get("real_name") or profile.get("real_name") or profile.get("display_name") or "")

    # --- the officers' post -------------------------------------------------------------------
    def post(self, client: WebClient, row: EscalationRow) -> bool:
        """Post the escalation in the officers' channel; on failure the row stays unposted for the job."""
        try:
            response = client.chat_postMessage(channel=row.officers_channel, text=plain_summary(t.POST_TITLE + ": " + row.question),
                                               blocks=escalation_post(row, self.tz), unfurl_links=False)
        except SlackApiError as error:
            log.warning("escalation post failed escalation=%s error=%s", row.id, error.response.get("error"))
            return False
        self.escalations.posted(row.id, str(response.get("ts") or ""))
        return True

    def redraw(self, client: WebClient, escalation_id: str) -> bool:
        """Show the stored state on the officers' post; a failure leaves it marked stale for the job."""
        row = self.escalations.get(escalation_id)
        if row is None or not row.officers_ts:
            return False
        try:
            client.chat_update(channel=row.officers_channel, ts=row.officers_ts, blocks=escalation_post(row, self.tz),
                               text=plain_summary(t.POST_TITLE + ": " + row.question))
        except SlackApiError as error:
            log.warning("escalation redraw failed escalation=%s error=%s", row.id, error.response.get("error"))
            return False
        self.escalations.post_redrawn(row.id)
        return True

    # --- delivery to the asker ----------------------------------------------------------------
    def deliver(self, client: WebClient, escalation_id: str) -> bool:
        """Deliver a stored reply where the question was asked (thread, DM; a DM for slash commands).

        Claimed first, so a click and a scheduler run never both deliver. A thread that can never take
        the reply (archived, bot removed) is replaced by a DM; any other failure is stored with its
        error and retried by the job, and the officers' post says so.
        """
        row = self.escalations.claim_delivery(escalation_id)
        if row is None:
            return False
        reply = reply_message(row, self.services.clock.now().astimezone(self.tz).date())
        in_thread = row.origin_surface != "command" and bool(row.origin_channel)
        channel = row.origin_channel if in_thread else row.asker
        thread = row.origin_thread_ts if in_thread else None
        try:
            try:
                client.chat_postMessage(channel=channel, thread_ts=thread, text=reply.text, blocks=reply.blocks,
                                        unfurl_links=False, unfurl_media=False)
            except SlackApiError as error:
                if not in_thread or error.response.get("error") not in UNREACHABLE:
                    raise
                client.chat_postMessage(channel=row.asker, text=reply.text, blocks=reply.blocks, unfurl_links=False)
        except SlackApiError as error:
            code = str(error.response.get("error") or "slack_error")
            log.warning("reply delivery failed escalation=%s attempt=%d error=%s", row.id, row.delivery_attempts, code)
            self.escalations.delivery_failed(row.id, code)
            self.redraw(client, row.id)
            return False
        self.escalations.delivered(row.id)
        log.info("reply delivered escalation=%s surface=%s", row.id, row.origin_surface)
        self.redraw(client, row.id)
        return True

    def run_due(self, client: WebClient) -> dict[str, int]:
        """The scheduler job: post what was never posted, retry deliveries, redraw stale posts."""
        posted = sum(self.post(client, row) for row in self.escalations.unposted())
        delivered = sum(self.deliver(client, eid) for eid in self.escalations.due_deliveries())
        redrawn = sum(self.redraw(client, row.id) for row in self.escalations.stale_posts())
        return {"posted": posted, "delivered": delivered, "redrawn": redrawn}
