"""The standard answers' scheduler job: re-check their citations against the index, tell the owners.

Why a job and not only the ingest command: the index is rebuilt by `tilsynsbot ingest` in another
process (and by intake); the running bot notices a new index when it reads it, and the check is
cheap and idempotent, so every tick may run it. Marking and telling are separate steps: a DM that
fails is sent at the next tick, and an answer marked by the CLI's check is told here too.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import IndexUnavailableError
from bot.services import Services
from bot.slack.blocks.common import user_text
from bot.texts import officers as t

log = logging.getLogger("tilsynsbot.slack.officers")


def standard_answer_check(services: Services, client: WebClient) -> int:
    """Mark approved standard answers whose citations changed; DM each owner once. Returns DMs sent."""
    standard = services.standard_answers
    if standard is None:
        return 0
    try:
        standard.check()
    except IndexUnavailableError:
        log.info("standard answers not checked: no index")
        return 0
    sent = 0
    for row in standard.to_notify():
        text = t.REVIEW_DM.format(id=row.id, reason=row.review_reason, question=user_text(row.question))
        try:
            client.chat_postMessage(channel=row.owner, text=text)
        except SlackApiError as error:
            log.warning("review notice failed standard_answer=%s error=%s", row.id, error.response.get("error"))
            continue
        standard.notified(row.id)
        sent += 1
    return sent
