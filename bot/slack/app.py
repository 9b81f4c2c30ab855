"""The Slack app factory: one bolt `App` for both transports (HTTP and Socket Mode).

Which features exist, and where each registers, is `FEATURES` below: each is a
`register(app, services, registry)` that adds its listeners to the bolt app and its message
handlers, `/tilsyn` subcommands and help lines to this app's `SlackRegistry`, and its background
jobs to `services.scheduler` (started here once every feature has registered).

Why a factory with injectable client and services: production, tests and the load benchmark
build the same app; tests point the `WebClient` at a local fake of the Web API (the base URL is
a setting, which GovSlack-style deployments need too) and hand in services built over a fixture
index. Listeners run in a thread pool after the ack (`process_before_response=False`), and the
pool is wide (`settings.slack_workers`) and started with the app, so a burst of slow answers never
delays an ack; the
CPU-bound answering itself runs in answer worker processes (`bot.answering.workers`), so the
threads that ack never compete with it for the GIL.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.errors import TilsynsbotError
from bot.feedback import FeedbackStore
from bot.services import Services, build_services
from bot.settings import Settings
from bot.slack.dedupe import EventLedger, ThreadMemory
from bot.slack.errors import install_privacy_filter
from bot.slack.event_claims import install_event_claims
from bot.slack.groups import GroupCache
from bot.slack.listeners import actions, commands, findings, home, intake, lifecycle, messages, officers
from bot.slack.listeners.messages.pipeline import QuestionFlow
from bot.slack.middleware import build_middleware
from bot.slack.registry import Feature, SlackRegistry
from bot.slack.threads import warm_pool

log = logging.getLogger("tilsynsbot.slack")

# Loggers that may see message text at DEBUG (request/response bodies). Filters act only on records
# logged on the logger itself, so the emitting modules are named one by one.
PRIVACY_FILTERED_LOGGERS = (
    "tilsynsbot.slack",
    "tilsynsbot.slack.bolt",
    "slack_bolt",
    "slack_sdk.web.base_client",
    "slack_sdk.webhook.client",
    "slack_sdk.socket_mode.builtin.client",
    "slack_sdk.socket_mode.builtin.connection",
)


FEATURES: tuple[Feature, ...] = (
    messages.register,  # mentions, DMs, thread follow-ups, assistant threads (issue 3)
    commands.register,  # /tilsyn: questions, help, and dispatch to the subcommands below (issue 3)
    actions.register,  # feedback buttons, "send to Statsforvalteren" (issue 3)
    home.register,  # the App Home tab (issue 3)
    intake.register,  # `/tilsyn intake`, the DM dialog, its buttons and modals, reminders (issue 4; off without intake)
    findings.register,  # `/tilsyn funn`, officer modals, weekly digest, indexing submissions (issue 5; off without findings)
    officers.register,  # escalations with a reply path, standard answers, `/tilsyn standardsvar` (issue 10)
    lifecycle.register,  # `/tilsyn oversikt`, `/tilsyn forløp`, stage buttons and modals, plan review (issue 11)
)


def build_web_client(settings: Settings) -> WebClient:
    """A WebClient on `settings.slack_api_url` that retries 429 (Retry-After), 5xx and connection errors."""
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=15)
    client.retry_handlers = [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ]
    return client


def create_app(
    settings: Settings, client: WebClient | None = None, services: Services | None = None,
    *, features: Sequence[Feature] = FEATURES,
) -> App:
    """Build the bolt app with middleware and every feature in `features` registered.

    Raises `TilsynsbotError` when Slack is not configured (no bot token), since bolt would
    otherwise fail with an English message the operator cannot act on.
    """
    if not settings.slack_bot_token:
        raise TilsynsbotError("SLACK_BOT_TOKEN mangler. Sett den i .env (se docs/slack.md).")
    if not settings.socket_mode and not settings.slack_signing_secret:
        raise TilsynsbotError(
            "SLACK_SIGNING_SECRET mangler. Sett den i .env, eller bruk Socket Mode med SLACK_APP_TOKEN (se docs/slack.md)."
        )
    services = services or build_services(settings)
    client = client or build_web_client(settings)
    bolt_logger = logging.getLogger("tilsynsbot.slack.bolt")
    install_privacy_filter((logging.getLogger(name) for name in PRIVACY_FILTERED_LOGGERS),
                           allow_message_text=settings.log_message_text)
    # bolt reads SLACK_BOT_TOKEN from the environment and warns at every start that it is unused when
    # a client is given; the client carries the same token, so that warning says nothing.
    bolt_logger.addFilter(_drop_token_skipped)
    try:
        app = App(  # calls auth.test: the token and the API URL are checked here
            client=client,
            signing_secret=settings.slack_signing_secret or None,
            process_before_response=False,
            listener_executor=warm_pool(settings.slack_threads, "slack"),
            logger=bolt_logger,
            request_verification_enabled=not settings.socket_mode,
        )
    except (BoltError, OSError) as error:
        raise TilsynsbotError(
            f"Fikk ikke kontakt med Slack på {settings.slack_api_url}. Sjekk SLACK_BOT_TOKEN og SLACK_API_URL, "
            "og at maskinen når Slack (se docs/slack.md).",
            detail=f"{type(error).__name__}: {error}",
        ) from error
    ledger = EventLedger(services.sessions, services.clock)
    app.middleware(build_middleware())
    install_event_claims(app, ledger)
    groups = GroupCache()
    flow = QuestionFlow(services, feedback=FeedbackStore(services.sessions, services.clock),
                        threads=ThreadMemory(services.sessions, services.clock), groups=groups)
    registry = SlackRegistry(questions=flow, groups=groups)
    for register in features:
        register(app, services, registry)
    services.scheduler.start()  # does nothing when INTAKE_SCHEDULER_INTERVAL_S is 0 (tests run jobs by hand)
    _housekeeping(services, ledger)
    return app


def _drop_token_skipped(record: logging.LogRecord) -> bool:
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _housekeeping(services: Services, ledger: EventLedger) -> None:
    """Forget old event ids and unrated answers at start-up (retention, not correctness)."""
    purged_events = ledger.purge(timedelta(days=7))
    purged_answers = FeedbackStore(services.sessions, services.clock).purge_unrated(
        timedelta(days=services.settings.answer_retention_days)
    )
    log.info("housekeeping purged_events=%d purged_answers=%d", purged_events, purged_answers)

