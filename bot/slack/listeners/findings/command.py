"""`/tilsyn funn [filter]`, `/tilsyn funn ny`, `/tilsyn funn status [id]`.

Modals are opened with the command's trigger_id right after the ack, before anything slow;
the list is built after the ack and sent privately through the response_url.
"""

from __future__ import annotations

from bot.access import Directory
from bot.domain import Audience
from bot.findings.service import FindingsService
from bot.slack.blocks.findings import funn_list_blocks, record_modal, status_modal
from bot.slack.registry import SubcommandHandler, SubcommandRequest
from bot.texts import findings as t

NEW_WORDS = frozenset({"ny", "nytt", "registrer"})
STATUS_WORDS = frozenset({"status", "endre"})


def make_funn_handler(findings: FindingsService, directory: Directory) -> SubcommandHandler:
    def handle_funn(req: SubcommandRequest) -> None:
        words = req.args.split()
        first = words[0].lower() if words else ""
        officer = directory.is_officer(req.user_id)
        if first in ("hjelp", "help", "?"):
            req.ack(text=t.FUNN_HELP, response_type="ephemeral")
            return
        if first in NEW_WORDS | STATUS_WORDS:
            if not officer:
                req.ack(text=t.NOT_OFFICER_SLACK, response_type="ephemeral")
                return
            if first in NEW_WORDS:
                view = record_modal([(x.id, x.title) for x in findings.registry(audience=Audience.OFFICERS)])
            else:
                selected = words[1] if len(words) > 1 else None
                view = status_modal(findings.lovbrudd_choices(), selected=selected)
            req.ack()
            req.client.views_open(trigger_id=req.trigger_id, view=view)
            return
        req.ack()
        audience = Audience.OFFICERS if officer else Audience.PUBLIC
        rows = findings.list_findings(req.args, audience=audience)
        explanation = ""
        if not rows and req.args.strip():
            # No record matches (e.g. a bydel the report does not name): say what the records do say.
            answer = findings.answer_question(req.args, audience=audience)
            explanation = "" if answer.abstained else answer.text
        blocks = funn_list_blocks(rows, officer=officer, filters=req.args.strip(), explanation=explanation)
        req.respond(text=t.LIST_COUNT.format(count=len(rows)), blocks=blocks, response_type="ephemeral",
                    replace_original=False)  # fmt: skip

    return handle_funn
