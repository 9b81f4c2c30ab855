"""`tilsynsbot ask | search | chat | eval`: the knowledge base from the terminal and for batch tools.

Why `--jsonl`: other tools (benchmarks, evaluation scripts) send many questions; starting a process
per question would reload the model and indexes each time. With `--jsonl` and no question, one
process reads one question per line on stdin and writes one JSON object per line, in order.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from bot.assistant import check_question_length
from bot.domain import Answer, Audience, SearchHit
from bot.errors import TilsynsbotError, ValidationFailedError
from bot.settings import Settings
from bot.texts import answers as texts

if TYPE_CHECKING:
    from bot.answering.service import AnsweringService
    from bot.assistant import AnsweringPort, Assistant


class ChatServices(Protocol):
    """What the terminal chat uses of `bot.services.Services`."""

    @property
    def assistant(self) -> Assistant: ...

CHAT_CONTEXT = 3  # earlier questions passed along for follow-ups ("og hva med § 5?")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ask = subparsers.add_parser("ask", help="still et spørsmål til kunnskapsbasen")
    ask.add_argument("question", nargs="?", help="spørsmålet (utelat med --jsonl)")
    _output_flags(ask)
    ask.add_argument("--audience", choices=[a.value for a in Audience], default=Audience.PUBLIC.value)
    ask.set_defaults(handler=handle_ask)

    search = subparsers.add_parser("search", help="vis de mest relevante tekstbitene")
    search.add_argument("question", nargs="?", help="søket (utelat med --jsonl)")
    search.add_argument("--k", type=_hits, default=8, help="antall treff (1–100)")
    _output_flags(search)
    search.add_argument("--audience", choices=[a.value for a in Audience], default=Audience.PUBLIC.value)
    search.set_defaults(handler=handle_search)

    chat = subparsers.add_parser("chat", help="samtale i terminalen (samme svar som i Slack)")
    chat.add_argument("--officer", action="store_true", help="svar som for Statsforvalterens saksbehandlere")
    chat.set_defaults(handler=handle_chat)

    evaluate = subparsers.add_parser("eval", help="mål treffsikkerhet på en JSONL-fil med spørsmål")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    evaluate.add_argument("--own-probes", action="store_true",
                          help="la filens egne spørsmål bli stående blant eksempelspørsmålene (tall for kjente spørsmål)")
    evaluate.set_defaults(handler=handle_eval)


def _hits(value: str) -> int:
    """`--k`: a whole number of hits from 1 to 100 (argparse reports anything else as a usage error)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(texts.BAD_K.format(value=value)) from None
    if not 1 <= number <= 100:
        raise argparse.ArgumentTypeError(texts.BAD_K.format(value=value))
    return number


def _output_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="skriv svaret som JSON")
    parser.add_argument("--jsonl", action="store_true", help="les spørsmål fra stdin, ett per linje; skriv JSON per linje")


# --- JSON shapes ----------------------------------------------------------------------------------
def hit_json(hit: SearchHit) -> dict[str, Any]:
    chunk = hit.chunk
    return {
        "doc_id": chunk.doc_id, "section": chunk.section, "title": chunk.title, "url": chunk.url,
        "score": hit.score, "text": chunk.text, "section_key": chunk.section_key, "chunk_id": chunk.chunk_id,
        "kind": chunk.kind.value, "exact_reference": hit.exact_reference,
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    """`{answer, abstained, sources}`: sources are the chunks the answer cites (none when it declines)."""
    by_id = {h.chunk.chunk_id: h for h in answer.hits}
    sources: list[dict[str, Any]] = []
    for citation in answer.citations:
        if any(s["chunk_id"] == citation.chunk_id for s in sources):
            continue
        hit = by_id.get(citation.chunk_id)
        source = hit_json(hit) if hit else {
            "doc_id": citation.doc_id, "section": citation.section, "title": citation.title, "url": citation.url,
            "score": citation.score, "text": citation.quote, "chunk_id": citation.chunk_id,
        }
        source["label"] = citation.label
        sources.append(source)
    return {
        "question": answer.question, "answer": answer.text, "abstained": answer.abstained, "sources": sources,
        "currency_notes": answer.currency_notes, "index_date": answer.index_date,
        "generated": answer.generated,
    }


def declined_json(question: str, error: ValidationFailedError) -> dict[str, Any]:
    """The `answer_json` shape for a question that was declined before answering (e.g. too long)."""
    return {
        "question": question[:200], "answer": error.user_message, "abstained": True, "sources": [],
        "currency_notes": [], "index_date": "", "generated": False, "error": type(error).__name__,
    }


class BadLine(ValidationFailedError):
    """One input line of a --jsonl batch that is no question; reported on its own output line."""


def _raw_lines(stream: TextIO) -> Iterable[bytes | str]:
    """Lines as bytes when the stream has them (stdin), so one badly encoded line cannot end the batch."""
    buffer = getattr(stream, "buffer", None)
    return iter(buffer.readline, b"") if buffer is not None else stream


def _lines(stream: TextIO) -> Iterable[tuple[int, str | BadLine]]:
    """(line number, question) per input line; a line that is no question gives a `BadLine` instead."""
    for number, raw in enumerate(_raw_lines(stream), start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, BadLine(texts.JSONL_BAD_LINE.format(line=number, reason=texts.JSONL_NOT_UTF8))
                continue
        line = raw.rstrip("\r\n")
        if line.lstrip().startswith("{"):
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                yield number, line  # not JSON after all: the line is the question itself
                continue
            question = data.get("question") if isinstance(data, dict) else None
            if not isinstance(question, str):
                yield number, BadLine(texts.JSONL_BAD_LINE.format(line=number, reason=texts.JSONL_NO_QUESTION))
                continue
            line = question
        yield number, line


def _emit(obj: dict[str, Any], stdout: TextIO) -> None:
    stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    stdout.flush()


# --- handlers -------------------------------------------------------------------------------------
def _service(settings: Settings) -> AnsweringService:
    from bot.answering.service import build_answering_service

    return build_answering_service(settings)


def _assistant(settings: Settings, service: AnsweringPort) -> Assistant:
    """`ask` goes through the Assistant, so the findings registry, the officers' approved standard answers
    and generation (LLM_PROVIDER, checked citations) apply as in Slack."""
    from bot.assistant import Assistant, ReloadableIndex
    from bot.clock import SystemClock
    from bot.db import make_engine, migrate, session_factory
    from bot.findings.service import build_findings_service
    from bot.generation.generator import build_generator
    from bot.officers.serving import build_standard_answers

    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    sessions = session_factory(engine)
    embedder = service.embedder if isinstance(service, ReloadableIndex) else None
    standard = build_standard_answers(settings, sessions, SystemClock(), service, embedder)
    return Assistant(service, findings=build_findings_service(settings, sessions), generator=build_generator(settings),
                     standard_answers=standard[1] if standard is not None else None)


def handle_ask(args: argparse.Namespace, settings: Settings, *, service: AnsweringPort | None = None,
               stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    if not args.jsonl and not args.question:
        raise ValidationFailedError(texts.NO_QUESTION)
    ask = _assistant(settings, service or _service(settings)).ask
    audience = Audience(args.audience)
    if args.jsonl and not args.question:
        for number, question in _lines(stdin):
            try:
                if isinstance(question, BadLine):
                    raise question
                _emit(answer_json(ask(question, audience=audience)), stdout)
            except ValidationFailedError as error:  # one declined line must not end the batch
                _emit({**declined_json("" if isinstance(question, BadLine) else question, error), "line": number}, stdout)
        return 0
    answer = ask(args.question, audience=audience)
    if args.json or args.jsonl:
        _emit(answer_json(answer), stdout)
    else:
        stdout.write(answer.text + "\n")
    return 0


def handle_search(args: argparse.Namespace, settings: Settings, *, service: AnsweringService | None = None,
                  stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    if not args.jsonl and not args.question:
        raise ValidationFailedError(texts.NO_QUESTION)
    searcher = service or _service(settings)
    audience = Audience(args.audience)

    def results(query: str) -> list[SearchHit]:
        check_question_length(query)
        return searcher.search(query, k=args.k, audience=audience) if query.strip() else []

    if args.jsonl and not args.question:
        for number, query in _lines(stdin):
            try:
                if isinstance(query, BadLine):
                    raise query
                _emit({"query": query, "results": [hit_json(h) for h in results(query)]}, stdout)
            except ValidationFailedError as error:
                shown = "" if isinstance(query, BadLine) else query[:200]
                _emit({"query": shown, "results": [], "error": error.user_message, "line": number}, stdout)
        return 0
    hits = results(args.question)
    if args.json or args.jsonl:
        _emit({"query": args.question, "results": [hit_json(h) for h in hits]}, stdout)
        return 0
    for rank, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        name = " ".join(p for p in (chunk.short_title or chunk.title, chunk.section) if p)
        stdout.write(f"{rank:2}. [{hit.score:.3f}] {name}  {chunk.url}\n    {' '.join(chunk.text.split())[:160]}\n")
    return 0


def run_chat(services: ChatServices, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
             *, audience: Audience = Audience.PUBLIC) -> int:
    """Interactive chat over `services.assistant` (findings routing and generation apply, as in Slack).

    INFO lines (index loaded, model loaded) would interleave with the prompt, so the chat shows
    warnings and errors only, unless `-v` asked for debug logging.
    """
    root = logging.getLogger()
    if not root.isEnabledFor(logging.DEBUG):
        root.setLevel(logging.WARNING)
    stdout.write(texts.CHAT_WELCOME + "\n")
    history: list[str] = []
    while True:
        stdout.write(texts.CHAT_PROMPT)
        stdout.flush()
        line = stdin.readline()
        question = line.strip()
        if not line or not question or question.lower() in texts.CHAT_EXIT_WORDS:
            stdout.write(texts.CHAT_BYE + "\n")
            return 0
        try:
            answer = services.assistant.ask(question, audience=audience, context=history[-CHAT_CONTEXT:])
            stdout.write(answer.text + "\n\n")
        except TilsynsbotError as error:  # the edge: show the Norwegian message, keep the chat going
            stdout.write(error.user_message + "\n\n")
        history.append(question)


def handle_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services import build_services

    services = build_services(in_process(settings))
    return run_chat(services, audience=Audience.OFFICERS if args.officer else Audience.PUBLIC)


def in_process(settings: Settings) -> Settings:
    """The terminal chat answers in its own process: it acks nothing, so worker processes would only
    add their start-up time and memory (see `bot.answering.workers`)."""
    return settings.model_copy(update={"answer_processes": 0})


def handle_eval(args: argparse.Namespace, settings: Settings, *, service: AnsweringService | None = None,
                stdout: TextIO = sys.stdout) -> int:
    from bot.eval.runner import format_table, load_items, run

    items = load_items(args.file)
    service = service or _service(settings)
    # the set's own questions are left out of the probe questions, as the calibration ranks a tuning set: a question
    # a tuning set asks word for word would otherwise be ranked as a known one (`--own-probes` keeps them)
    left_out = [] if getattr(args, "own_probes", False) else [item.question for item in items]
    with service.probes_left_out(left_out):
        results = run(service, items)
    if args.json:
        stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.write(format_table(results) + "\n")
    return 0
