"""The officers' weekly digest of open lovbrudd and coming deadlines (and standard answers that must
be reviewed because the law they cite changed), posted once per ISO week.

`weekly_digest(services, client, now)` is a scheduler job: it decides from the database whether
this week's digest is due, claims the week in `findings_digest` (so restarts and replicas never
post twice) and releases the claim if posting fails, so the next run tries again.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services import Services
from bot.slack.blocks.findings import digest_blocks
from bot.slack.blocks.lifecycle import digest_lines
from bot.slack.blocks.officers import review_digest_blocks
from bot.texts import findings as t

log = logging.getLogger("tilsynsbot.slack.findings")
DIGEST_HOUR = 8  # Monday 08:00 local time at the earliest
DEADLINE_DAYS = 14


def iso_week(now_local: datetime) -> str:
    year, week, _ = now_local.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_digest(services: Services, client: WebClient, now: datetime) -> bool:
    """Post this week's digest to `settings.officers_channel` unless already posted. True if posted."""
    channel = services.settings.officers_channel
    findings = services.findings
    if not channel or findings is None:
        return False
    local = now.astimezone(ZoneInfo(services.settings.timezone))
    if local.weekday() == 0 and local.hour < DIGEST_HOUR:
        return False
    week = iso_week(local)
    store = findings.store
    if not store.claim_digest(week, channel):
        return False
    open_rows, coming, overdue = findings.digest_rows(days=DEADLINE_DAYS, today=local.date())
    blocks = digest_blocks(week, open_rows, coming, overdue, days=DEADLINE_DAYS)
    if services.standard_answers is not None:  # standard answers whose law changed (issue 10)
        standard = services.standard_answers
        blocks += review_digest_blocks(standard.needing_review(), standard.review_due(local.date()))
    if services.lifecycle is not None:  # the same rows as `/tilsyn oversikt`: stages with a deadline near or passed
        blocks += digest_lines(services.lifecycle.overview_data(), local.date(), DEADLINE_DAYS)
    try:
        response = client.chat_postMessage(channel=channel, text=t.DIGEST_TITLE.format(week=week), blocks=blocks)
    except SlackApiError:
        store.release_digest(week)
        raise
    store.finish_digest(week, str(response.get("ts") or ""))
    log.info("findings digest posted week=%s open=%d coming=%d", week, len(open_rows), len(coming))
    return True
