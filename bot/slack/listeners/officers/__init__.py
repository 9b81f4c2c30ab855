"""The officers' loop in Slack (issue 10): escalations with a reply path, and standard answers.

`register(app, services, registry)` adds: the "send to Statsforvalteren" buttons (under an answer
without basis, and after a 👎), the officers' "Svar" / "Ikke vårt område" buttons and modals, the
"Lagre som standardsvar" buttons and modal, `/tilsyn standardsvar`, and two scheduler jobs (post,
deliver and redraw what a Slack failure left undone; re-check standard answers against the index
and tell their owners). Only officers answer escalations and manage standard answers; every
refusal says so.
"""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from bot.slack.listeners.officers.escalation import register_escalation
from bot.slack.listeners.officers.jobs import standard_answer_check
from bot.slack.listeners.officers.slack_io import OfficersIO
from bot.slack.listeners.officers.standard import make_standardsvar_handler, register_standard
from bot.slack.registry import SlackRegistry
from bot.texts import officers as t


def register(app: App, services: Services, registry: SlackRegistry) -> None:
    io = OfficersIO(services, registry.groups)
    register_escalation(app, io)
    services.scheduler.add_job("officers-escalations", lambda _now: io.run_due(app.client))
    if services.standard_answers is None:
        return
    register_standard(app, io, services.standard_answers)
    registry.add_subcommand("standardsvar", make_standardsvar_handler(io, services.standard_answers), t.SUBCOMMAND_HELP)
    services.scheduler.add_job("standard-answers-check", lambda _now: standard_answer_check(services, app.client))
