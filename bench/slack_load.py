"""Load benchmark of the Slack HTTP endpoint: 50 concurrent questions against the fake Web API.

What it shows (issue 3, item 9): every request is acked within Slack's 3 s, and every question is
answered exactly once, also when Slack retries. Half the questions arrive as @-mentions (each
followed by a Slack retry with the same `event_id`), half as `/tilsyn` commands; all are sent at
the same moment. It prints ack p50/p95/max and time-to-answer p50/p95 (the lead records them in
BENCHMARKS.md).

    .venv/bin/python -m bench.slack_load                    # real answering service if an index exists
    .venv/bin/python -m bench.slack_load --answering fake   # Slack layer only (canned answers)
    .venv/bin/python -m bench.slack_load --json

The app runs in its own process, as in production (`tilsynsbot serve` for `real`), and is warmed
up with one question before timing, after its answer worker processes have loaded (`/healthz`);
`--answer-processes 0` answers in the app's own process instead, as before issue 13. `real` uses the index in DATA_DIR (or --data-dir; ingested
first when missing or stale) and the real embedding model, with questions from the dev set; `fake`
uses canned answers with no retrieval cost; `auto` (default) is `real` when DATA_DIR holds an
index. The app's own database is always a temporary one.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bot.settings import PROJECT_ROOT, Settings

DEV_SET = PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl"
SECRET = "bench-signing-secret"
FALLBACK_QUESTIONS = [
    "Hva sier krisesenterlova § 4 om oppfølging i reetableringsfasen?",
    "Hvilke plikter har kommunen etter krisesenterlova § 2?",
    "Hva krever kommuneloven § 25-1 om internkontroll?",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))] if ordered else float("nan")


def questions(n: int) -> list[str]:
    pool = FALLBACK_QUESTIONS
    if DEV_SET.exists():
        pool = [json.loads(line)["question"] for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [pool[i % len(pool)] for i in range(n)]


def run(n: int, mode: str, data_dir: Path | None = None, answer_processes: int | None = None) -> dict:
    from tests.fakes.slack_api import FakeSlackAPI

    base = Settings()
    if data_dir is not None:
        base = base.model_copy(update={"data_dir": data_dir})
    if mode == "auto":
        from ingest.indexer import index_info

        mode = "real" if (index_info(base) or {}).get("built_at") else "fake"
    tmp = Path(tempfile.mkdtemp(prefix="tilsynsbot-slack-bench-"))
    try:
        with FakeSlackAPI() as slack:
            env = {"SLACK_BOT_TOKEN": slack.bot_token, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.base_url,
                   "SLACK_APP_TOKEN": "", "LOG_LEVEL": "WARNING", "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
                   "DATA_DIR": str(tmp if mode == "fake" else base.data_dir)}
            if answer_processes is not None:
                env["ANSWER_PROCESSES"] = str(answer_processes)
            if mode == "real":
                from ingest.indexer import ensure_index

                ensure_index(base, progress=False)  # no-op when the index in data_dir is current
                command = ["-m", "bot.cli.main", "serve"]
            else:
                command = ["-m", "bench.slack_load", "--serve-fake"]
            return _against_server_process(slack, command, env, n, mode)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def serve_fake(host: str, port: int) -> None:
    """The app with canned answers (no retrieval cost), for measuring the Slack layer alone."""
    from bot.slack.app import create_app
    from bot.slack.server import serve_http
    from tests.fakes.answering import FakeAnswering
    from tests.slack.conftest import make_services

    settings = Settings()
    services = make_services(settings, FakeAnswering())
    serve_http(create_app(settings, services=services), services, host=host, port=port)


def _against_server_process(slack, command: list[str], env: dict[str, str], n: int, mode: str) -> dict:
    """Run the app in its own process (as in production), warm it up with one question of each kind, then measure."""
    import os
    import socket
    import subprocess

    import httpx

    from tests.fakes.slack_requests import SlackSender

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, *command, "--host", "127.0.0.1", "--port", str(port)],
                            env={**os.environ, **env}, cwd=PROJECT_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while True:  # up, and every answer worker process has loaded the model and the index
            try:
                workers = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).json().get("answer_workers")
                if workers is None or workers["ready"] >= workers["processes"]:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the app process did not start") from None
            time.sleep(0.2)
        url = f"http://127.0.0.1:{port}/slack/events"
        # One question of each kind measured below, answered before timing: the model and the index are
        # loaded, and the first use of each path (its database statements compiled, its modules imported)
        # is not counted, so the figures are the steady state a running bot is in.
        warm = SlackSender(url, SECRET)
        warm.event({"type": "app_mention", "user": "UWARM", "channel": "CWARM", "ts": "1699999999.000100",
                    "text": "<@UBOT> Hva sier krisesenterlova § 4?"})
        slack.wait_for("chat.postMessage", timeout=120)
        warm.command("Hva sier krisesenterlova § 4?", user_id="UWARM", response_url=slack.response_url("warm"))
        slack.wait_for("response_url", timeout=120)
        warm.close()
        slack.clear_calls()
        load_before = os.getloadavg()[0]
        result = _measure(slack, url, n, mode)
        return {**result, "answer_processes": env.get("ANSWER_PROCESSES", "default"),
                "load_1m_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)]}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _measure(slack, url: str, n: int, mode: str) -> dict:
    """Send the load from a separate client process and collect the answers the fake API received.

    Why a separate process: Slack's senders do not share a Python interpreter with the Web API the
    app calls. With the client's threads and the fake API's threads in one process, the client read
    its acks late whenever the fake API was busy taking the app's posts, and that wait was counted as
    ack time (see BENCHMARKS.md, issue 13). The client builds and signs every request before the
    start and sends them all at once on one event loop; a mention's retry follows its first ack.
    """
    import subprocess

    from tests.fakes.slack_requests import command_body, event_body

    qs = questions(n)
    plan = []
    for i in range(n):
        key = f"q{i}"
        if i % 2 == 0:
            event = {"type": "app_mention", "user": f"U{i:04d}", "channel": f"C{i:04d}", "ts": f"17000{i:05d}.000100",
                     "text": f"<@UBOT> {qs[i]}"}
            plan.append({"key": key, "body": event_body(event, event_id=f"Ev-bench-{i}"),
                         "content_type": "application/json", "retry": True})
        else:
            plan.append({"key": key, "body": command_body(qs[i], user_id=f"U{i:04d}", response_url=slack.response_url(key)),
                         "content_type": "application/x-www-form-urlencoded", "retry": False})
    client = subprocess.run([sys.executable, "-m", "bench.slack_load", "--client", "--host", url],
                            input=json.dumps(plan), capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=600)
    if client.returncode != 0:
        raise RuntimeError(f"the load client failed (exit {client.returncode}):\n{client.stderr}")
    sent = json.loads(client.stdout)
    sent_at = {key: row["sent_at"] for key, row in sent.items()}
    acks = [row["ack_s"] for row in sent.values()]
    mention_acks = [row["ack_s"] for key, row in sent.items() if int(key[1:]) % 2 == 0]
    command_acks = [row["ack_s"] for key, row in sent.items() if int(key[1:]) % 2 == 1]
    statuses = [code for row in sent.values() for code in row["codes"]]

    def answered() -> dict[str, list]:
        out: dict[str, list] = {f"q{i}": [] for i in range(n)}
        for call in slack.calls_to("chat.postMessage"):
            channel = call.params.get("channel", "")
            if channel.startswith("C") and channel[1:].isdigit():
                out[f"q{int(channel[1:])}"].append(call)
        for call in slack.calls_to("response_url"):
            out[call.params["_path"].rsplit("/", 1)[-1]].append(call)
        return out

    deadline = time.monotonic() + 300
    while any(not calls for calls in answered().values()) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # let any duplicate arrive before counting
    result = answered()
    answer_times = [min(c.at for c in calls) - sent_at[k] for k, calls in result.items() if calls]
    counts = [len(calls) for calls in result.values()]
    return {
        "answering": mode,
        "questions": n,
        "http_statuses": sorted(set(statuses)),
        "ack_p50_ms": round(percentile(acks, 0.5) * 1000, 1),
        "ack_p95_ms": round(percentile(acks, 0.95) * 1000, 1),
        "ack_max_ms": round(max(acks) * 1000, 1),
        "ack_p95_mentions_ms": round(percentile(mention_acks, 0.95) * 1000, 1),
        "ack_p95_commands_ms": round(percentile(command_acks, 0.95) * 1000, 1),
        "all_acked_within_3s": all(a < 3.0 for a in acks) and set(statuses) == {200},
        "answer_p50_ms": round(percentile(answer_times, 0.5) * 1000, 1),
        "answer_p95_ms": round(percentile(answer_times, 0.95) * 1000, 1),
        "answered_exactly_once": all(c == 1 for c in counts),
        "unanswered": sum(1 for c in counts if c == 0),
        "answered_more_than_once": sum(1 for c in counts if c > 1),
    }


def send_load(url: str, plan: list[dict]) -> dict[str, dict]:
    """The client process: sign every request, then send them all at once; per request its send time
    (time.monotonic, which the fake API's call records share), its ack time and the HTTP statuses."""
    import asyncio

    import httpx

    from tests.fakes.slack_requests import sign

    signed = [(row, {"Content-Type": row["content_type"], **sign(SECRET, row["body"])}) for row in plan]

    async def one(client: httpx.AsyncClient, row: dict, headers: dict[str, str], start: asyncio.Event) -> tuple[str, dict]:
        await start.wait()
        sent_at = time.monotonic()
        response = await client.post(url, content=row["body"].encode(), headers=headers)
        ack_s = time.monotonic() - sent_at
        codes = [response.status_code]
        if row["retry"]:  # Slack's retry of the same event, which must not be answered twice
            retry = {**headers, "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
            codes.append((await client.post(url, content=row["body"].encode(), headers=retry)).status_code)
        return row["key"], {"sent_at": sent_at, "ack_s": ack_s, "codes": codes}

    async def all_at_once() -> dict[str, dict]:
        limits = httpx.Limits(max_connections=len(plan) * 2, max_keepalive_connections=len(plan) * 2)
        async with httpx.AsyncClient(timeout=60.0, limits=limits) as client:
            start = asyncio.Event()
            tasks = [asyncio.create_task(one(client, row, headers, start)) for row, headers in signed]
            await asyncio.sleep(0.2)  # every task is waiting on the start signal
            start.set()
            return dict(await asyncio.gather(*tasks))

    return asyncio.run(all_at_once())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="concurrent questions (default 50)")
    parser.add_argument("--answering", choices=["auto", "real", "fake"], default="auto")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="index to answer from in real mode (ingested there first if missing or stale)")
    parser.add_argument("--answer-processes", type=int, default=None,
                        help="ANSWER_PROCESSES for the app (default: its own default; 0 = answer in the app's process)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)  # the app process of `fake`
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)  # the load client process
    parser.add_argument("--host", default="127.0.0.1", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_fake:
        serve_fake(args.host, args.port)
        return 0
    if args.client:  # --host carries the URL; the plan comes on stdin
        print(json.dumps(send_load(args.host, json.loads(sys.stdin.read()))))
        return 0
    result = run(args.n, args.answering, args.data_dir, args.answer_processes)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:24} {value}")
    return 0 if result["all_acked_within_3s"] and result["answered_exactly_once"] else 1


if __name__ == "__main__":
    sys.exit(main())
