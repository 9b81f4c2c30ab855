"""Answers computed in worker processes (`bot.answering.workers`), seen over real HTTP.

The answering services here run in real child processes (`tests.fakes.answer_workers`, steered
through files in DATA_DIR): an answer comes back from another process, at a lower OS priority; a
worker that crashes or hangs costs that one question a Norwegian "try again" and is replaced; and
while every worker is busy, Slack's requests are still acked (proved with a worker that blocks
until the test releases it, not with timings).
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from bot.answering.workers import AnsweringFactory, AnswerWorkerPool
from bot.errors import AnswerInterruptedError, IndexUnavailableError, QuestionTooLongError
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.server import build_asgi
from bot.texts import answers as answer_texts
from bot.texts import slack as slack_texts
from tests.fakes import answer_workers
from tests.fakes.answering import FakeAnswering
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import RunningApp, SlackSender
from tests.slack.conftest import SIGNING_SECRET, Harness, make_services

CANNED = "Kommunen skal sørge for et krisesentertilbud"


def dm(text: str, n: int) -> dict[str, str]:
    return {"type": "message", "channel_type": "im", "user": f"U{n:04d}", "channel": f"D{n:04d}",
            "ts": f"17000003{n:02d}.000100", "text": text}


def mention(text: str, n: int) -> dict[str, str]:
    return {"type": "app_mention", "user": f"U{n:04d}", "channel": f"C{n:04d}", "ts": f"17000004{n:02d}.000100",
            "text": f"<@UBOT> {text}"}


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


@contextmanager
def pooled_harness(settings: Settings, slack_api: FakeSlackAPI, factory: AnsweringFactory, *,
                   timeout_s: float = 60.0) -> Iterator[tuple[Harness, AnswerWorkerPool]]:
    cfg = settings.model_copy(update={"answer_processes": 1, "answer_timeout_s": timeout_s, "slack_workers": 32})
    pool = AnswerWorkerPool(cfg, FakeAnswering(), factory).start()
    services = make_services(cfg, pool, answer_workers=pool)
    try:
        assert pool.wait_ready(120), "the answer worker did not start"
        app = create_app(cfg, services=services)
        with RunningApp(build_asgi(app, services), app) as running:
            sender = SlackSender(running.url, SIGNING_SECRET)
            yield Harness(slack_api, sender, running, services, pool), pool
            sender.close()
    finally:
        pool.close()
        services.engine.dispose()


def test_answer_is_computed_in_a_lower_priority_worker_process(slack_settings: Settings, slack_api: FakeSlackAPI) -> None:
    with pooled_harness(slack_settings, slack_api, answer_workers.canned) as (harness, _pool):
        health = httpx.get(f"{harness.running.root}/healthz").json()
        assert health["answer_workers"] == {"processes": 1, "ready": 1}
        assert harness.sender.event(mention("Hva sier krisesenterlova § 4?", 1)).status_code == 200
        post = harness.slack.wait_for("chat.postMessage")
        assert post.params["channel"] == "C0001" and CANNED in post.text_content
        [marker] = answer_workers.asked(slack_settings.data_dir)
        pid = answer_workers.worker_pid(marker)
        assert pid != os.getpid()
        assert os.getpriority(os.PRIO_PROCESS, pid) > os.getpriority(os.PRIO_PROCESS, 0)


def test_the_real_answering_service_answers_from_a_worker(slack_settings: Settings, slack_api: FakeSlackAPI) -> None:
    from ingest.index.chroma_store import ChunkStore
    from tests.fakes.embedder import HashingEmbedder
    from tests.slack.test_end_to_end import CHUNKS

    embedder = HashingEmbedder()
    ChunkStore(slack_settings, embedder).upsert(CHUNKS, embedder.embed_documents([c.text for c in CHUNKS]))
    with pooled_harness(slack_settings, slack_api, answer_workers.hashing_index) as (harness, _pool):
        harness.sender.event(mention("Hva sier krisesenterlova § 4 om heilskapleg oppfølging?", 1))
        content = harness.slack.wait_for("chat.postMessage").text_content
        assert "<https://lovdata.no/lov/2009-06-19-44/§4|" in content and "krisesenterlova § 4" in content


def test_the_pool_hands_on_the_embedder_of_the_local_service(slack_settings: Settings) -> None:
    """Submitted documents are indexed in this process with the local service's embedder; a fake has none."""
    from bot.answering.service import build_answering_service
    from tests.fakes.embedder import HashingEmbedder

    embedder = HashingEmbedder()
    assert AnswerWorkerPool(slack_settings, build_answering_service(slack_settings, embedder=embedder)).embedder is embedder
    assert AnswerWorkerPool(slack_settings, FakeAnswering()).embedder is None


def test_a_crashing_worker_gives_the_user_the_error_and_is_replaced(slack_settings: Settings, slack_api: FakeSlackAPI) -> None:
    with pooled_harness(slack_settings, slack_api, answer_workers.canned) as (harness, pool):
        harness.sender.event(dm("krasj nå", 1))
        notice = harness.slack.wait_for("chat.postMessage")
        assert notice.params["channel"] == "D0001"
        assert answer_texts.ANSWER_INTERRUPTED.split(";")[0] in notice.text_content and "feilkode" in notice.text_content
        wait_until(lambda: pool.status().ready == 1)  # the replacement has loaded
        harness.sender.event(dm("Hva sier krisesenterlova § 4?", 2))
        answer = harness.slack.wait_for("chat.postMessage", count=2)
        assert answer.params["channel"] == "D0002" and CANNED in answer.text_content
        pids = {answer_workers.worker_pid(m) for m in answer_workers.asked(slack_settings.data_dir)}
        assert len(pids) == 2  # the second question was answered by the replacement


def test_a_hanging_worker_is_stopped_after_the_timeout_and_replaced(slack_settings: Settings, slack_api: FakeSlackAPI) -> None:
    with pooled_harness(slack_settings, slack_api, answer_workers.canned, timeout_s=2.0) as (harness, pool):
        harness.sender.event(dm("heng deg opp", 1))
        notice = harness.slack.wait_for("chat.postMessage")
        assert answer_texts.ANSWER_INTERRUPTED.split(";")[0] in notice.text_content
        [hung] = answer_workers.asked(slack_settings.data_dir)
        wait_until(lambda: not Path(f"/proc/{answer_workers.worker_pid(hung)}").exists())  # killed, not left behind
        wait_until(lambda: pool.status().ready == 1)  # the replacement has loaded
        harness.sender.event(dm("Hva sier krisesenterlova § 4?", 2))
        assert CANNED in harness.slack.wait_for("chat.postMessage", count=2).text_content


def test_the_services_own_error_reaches_the_user_from_the_worker(slack_settings: Settings, slack_api: FakeSlackAPI) -> None:
    with pooled_harness(slack_settings, slack_api, answer_workers.canned) as (harness, _pool):
        harness.sender.event(dm("tom kunnskapsbase?", 1))
        notice = harness.slack.wait_for("chat.postMessage")
        assert answer_texts.INDEX_MISSING.split(",")[0] in notice.text_content


def test_acks_return_while_every_answer_worker_is_busy(slack_settings: Settings, slack_api: FakeSlackAPI) -> None:
    data_dir = slack_settings.data_dir
    with pooled_harness(slack_settings, slack_api, answer_workers.blocking) as (harness, _pool):
        first = mention("Hva sier krisesenterlova § 4?", 0)
        assert harness.sender.event(first, event_id="Ev-busy-0").status_code == 200
        wait_until(lambda: len(answer_workers.asked(data_dir)) == 1)  # the only worker is now held
        statuses = [harness.sender.event(first, event_id="Ev-busy-0", retry_num=1).status_code]  # Slack's retry
        for n in range(1, 4):
            statuses.append(harness.sender.event(mention("Hva krever § 2?", n), event_id=f"Ev-busy-{n}").status_code)
            command = harness.sender.command("Hva krever kommuneloven § 25-1?", user_id=f"U9{n:03d}",
                                             response_url=slack_api.response_url(f"cmd{n}"))
            statuses.append(command.status_code)
            assert command.json()["text"] == slack_texts.THINKING  # acked by its listener, answer pending
        assert statuses == [200] * 7
        assert len(answer_workers.asked(data_dir)) == 1 and not slack_api.calls_to("chat.postMessage")

        (data_dir / answer_workers.RELEASE).touch()
        posts = slack_api.wait_for_all("chat.postMessage", count=4)
        replies = slack_api.wait_for_all("response_url", count=3)
        time.sleep(0.5)  # a duplicate would arrive now
        assert sorted(p.params["channel"] for p in slack_api.calls_to("chat.postMessage")) == [
            "C0000", "C0001", "C0002", "C0003"]
        assert len(slack_api.calls_to("response_url")) == 3
        assert all(CANNED in call.text_content for call in [*posts, *replies])
        assert len(answer_workers.asked(data_dir)) == 7  # the retry was not answered


def test_reload_reaches_the_workers_and_close_stops_them(settings: Settings) -> None:
    pool = AnswerWorkerPool(settings.model_copy(update={"answer_processes": 2}), FakeAnswering(),
                            answer_workers.canned).start()
    try:
        assert pool.wait_ready(120)
        assert pool.answer("Hva sier § 4?").text.startswith("Kommunen")
        pool.reload()
        for _ in range(2):  # whichever worker takes it re-reads first
            pool.answer("Hva sier § 2?")
        assert list(settings.data_dir.glob("reloaded-*"))
        pids = {answer_workers.worker_pid(m) for m in answer_workers.asked(settings.data_dir)}
    finally:
        pool.close()
    assert all(not Path(f"/proc/{pid}").exists() for pid in pids)
    with pytest.raises(AnswerInterruptedError):
        pool.answer("etter at boten er stoppet")


def test_a_question_gets_the_busy_message_in_bounded_time_when_no_worker_can_start(settings: Settings) -> None:
    pool = AnswerWorkerPool(settings.model_copy(update={"answer_processes": 1}), FakeAnswering(),
                            answer_workers.broken, timeout_s=1.0).start()
    try:
        with pytest.raises(AnswerInterruptedError) as raised:
            pool.answer("Hva sier § 4?")
        assert raised.value.user_message == answer_texts.ANSWER_BUSY
        assert pool.status().ready == 0
    finally:
        pool.close()


def test_a_worker_killed_while_idle_is_replaced_before_the_next_question(settings: Settings) -> None:
    import signal

    pool = AnswerWorkerPool(settings.model_copy(update={"answer_processes": 1}), FakeAnswering(),
                            answer_workers.canned).start()
    try:
        assert pool.wait_ready(120)
        pool.answer("Hva sier § 4?")
        [first] = answer_workers.asked(settings.data_dir)
        pid = answer_workers.worker_pid(first)
        os.kill(pid, signal.SIGKILL)  # e.g. the OOM killer
        wait_until(lambda: "State:\tZ" in Path(f"/proc/{pid}/status").read_text())  # dead, not yet reaped
        assert pool.answer("Hva sier § 2?").text.startswith("Kommunen")
        pids = [answer_workers.worker_pid(m) for m in answer_workers.asked(settings.data_dir)]
        assert len(set(pids)) == 2
    finally:
        pool.close()


def test_no_message_text_in_the_logs_of_the_pool_or_its_workers(
    settings: Settings, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str],
) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    pool = AnswerWorkerPool(settings.model_copy(update={"answer_processes": 1, "log_level": "DEBUG"}),
                            FakeAnswering(), answer_workers.canned).start()
    try:
        for question in ("tom Blåbærsyltetøy", "krasj Blåbærsyltetøy", "Blåbærsyltetøy?"):
            try:
                pool.answer(question)
            except (AnswerInterruptedError, IndexUnavailableError):
                pass
    finally:
        pool.close()
    assert len(answer_workers.asked(settings.data_dir)) == 3
    assert "answer worker lost" in caplog.text  # the pool did log, with ids only
    assert "Blåbærsyltetøy" not in caplog.text + capfd.readouterr().err  # the workers' stderr included


def test_service_errors_keep_their_message_across_processes() -> None:
    for error in (IndexUnavailableError(answer_texts.INDEX_MISSING, detail="no chunks"),
                  QuestionTooLongError("for langt", detail="2001 tegn", field="question")):
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert type(copy) is type(error)
        assert (copy.user_message, copy.detail, copy.field, str(copy)) == (
            error.user_message, error.detail, error.field, str(error))


def test_socket_mode_answers_from_a_worker_once_despite_a_retry(settings: Settings, slack_api: FakeSlackAPI) -> None:
    import json

    from slack_bolt.adapter.socket_mode.internals import run_bolt_app
    from slack_sdk.socket_mode.request import SocketModeRequest

    from tests.fakes.slack_requests import drain, event_body

    cfg = settings.model_copy(update={"slack_bot_token": slack_api.bot_token, "slack_app_token": "xapp-1-test",
                                      "slack_api_url": slack_api.base_url, "answer_processes": 1})
    pool = AnswerWorkerPool(cfg, FakeAnswering(), answer_workers.canned).start()
    services = make_services(cfg, pool, answer_workers=pool)
    try:
        app = create_app(cfg, services=services)
        payload = json.loads(event_body(dm("Hva er internkontroll?", 2), event_id="Ev-sock-pool"))
        first = run_bolt_app(app, SocketModeRequest(type="events_api", envelope_id="env1", payload=payload))
        retry = run_bolt_app(app, SocketModeRequest(type="events_api", envelope_id="env2", payload=payload,
                                                    retry_attempt=1, retry_reason="timeout"))
        assert first.status == retry.status == 200
        assert CANNED in slack_api.wait_for("chat.postMessage").text_content
        drain(app)  # every listener has finished: a second answer would be recorded by now
        assert len(slack_api.calls_to("chat.postMessage")) == 1
        [marker] = answer_workers.asked(settings.data_dir)
        assert answer_workers.worker_pid(marker) != os.getpid()
    finally:
        pool.close()
        services.engine.dispose()
