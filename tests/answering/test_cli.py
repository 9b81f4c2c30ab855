"""CLI: ask/search JSON and JSONL batches (order kept, one process), eval, chat over the assistant."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from bot.answering.service import AnsweringService
from bot.assistant import Assistant
from bot.cli import ask as cli
from bot.cli.main import build_parser
from bot.errors import ValidationFailedError
from bot.settings import Settings


def parse(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


def test_ask_json(settings: Settings, service: AnsweringService) -> None:
    out = io.StringIO()
    assert cli.handle_ask(parse("ask", "hva sier krisesenterlova § 4?", "--json"), settings, service=service, stdout=out) == 0
    data = json.loads(out.getvalue())
    assert data["abstained"] is False and "samarbeider" in data["answer"]
    source = data["sources"][0]
    assert {"doc_id", "section", "title", "url", "score", "text"} <= set(source)
    assert source["doc_id"] == "LOV-2009-06-19-44" and source["section"] == "§ 4"


def test_ask_jsonl_batch_keeps_order(settings: Settings, service: AnsweringService) -> None:
    questions = ["hvor mange bydeler fikk lovbrudd?", "hva er åpningstidene i barnehagen?",
                 '{"question": "hva sier krisesenterlova § 4?"}', "", "kommuneloven § 30-4"]
    out = io.StringIO()
    cli.handle_ask(parse("ask", "--jsonl"), settings, service=service, stdin=io.StringIO("\n".join(questions) + "\n"),
                   stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == len(questions)
    assert [line["abstained"] for line in lines] == [False, True, False, True, False]
    assert lines[2]["question"] == "hva sier krisesenterlova § 4?"
    assert lines[4]["sources"][0]["section"] == "§ 30-4"


def test_search_jsonl(settings: Settings, service: AnsweringService) -> None:
    out = io.StringIO()
    cli.handle_search(parse("search", "--jsonl", "--k", "2"), settings, service=service,
                      stdin=io.StringIO("pbl § 25-1\nkrisesenterlova § 5\n"), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["results"][0]["doc_id"] for line in lines] == ["LOV-2008-06-27-71", "LOV-2009-06-19-44"]
    assert all(len(line["results"]) <= 2 for line in lines)


def test_ask_without_question_is_a_clear_error(settings: Settings, service: AnsweringService) -> None:
    with pytest.raises(ValidationFailedError) as error:
        cli.handle_ask(parse("ask"), settings, service=service)
    assert "--jsonl" in error.value.user_message


def test_eval_command(settings: Settings, service: AnsweringService, tmp_path: Path) -> None:
    file = tmp_path / "mini.jsonl"
    file.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"id": "a", "question": "hvor mange bydeler fikk lovbrudd?", "kind": "letter",
         "expected": [{"doc": "informasjonsskriv-2-2024", "contains": "lovbrudd i totalt tre bydeler"}],
         "key_facts": ["tre bydeler"]},
        {"id": "b", "question": "hva er åpningstidene i barnehagen?", "kind": "unanswerable", "expected": [],
         "key_facts": []},
    ]), encoding="utf-8")
    out = io.StringIO()
    cli.handle_eval(parse("eval", str(file), "--json"), settings, service=service, stdout=out)
    data = json.loads(out.getvalue())
    assert data["hybrid"]["overall"]["recall@5"] == 1.0
    assert data["hybrid"]["overall"]["abstention_accuracy"] == 1.0
    assert data["hybrid"]["letter"]["key_fact_coverage"] == 1.0
    assert set(data) >= {"hybrid", "bm25", "dense", "latency_ms"}


def test_eval_missing_file(settings: Settings, service: AnsweringService, tmp_path: Path) -> None:
    with pytest.raises(ValidationFailedError):
        cli.handle_eval(parse("eval", str(tmp_path / "nope.jsonl")), settings, service=service)


class _Services:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant


def test_chat_uses_the_assistant_and_passes_context(service: AnsweringService) -> None:
    out = io.StringIO()
    stdin = io.StringIO("hva sier kommuneloven § 25-1?\nog hva med § 30-4?\navslutt\n")
    assert cli.run_chat(_Services(Assistant(service)), stdin=stdin, stdout=out) == 0
    text = out.getvalue()
    assert "kommuneloven § 25-1" in text and "kommuneloven § 30-4" in text
    assert text.rstrip().endswith("Ha det!")


def test_jsonl_batch_declines_an_overlong_line_and_goes_on(settings: Settings, service: AnsweringService) -> None:
    out = io.StringIO()
    stdin = io.StringIO("x" * 20_000 + "\nhva sier krisesenterlova § 4?\n")
    assert cli.handle_ask(parse("ask", "--jsonl"), settings, service=service, stdin=stdin, stdout=out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 2
    assert lines[0]["abstained"] is True and lines[0]["error"] == "QuestionTooLongError"
    assert lines[1]["abstained"] is False


class BinaryStdin(io.TextIOWrapper):
    """stdin as the CLI gets it: text on top of bytes (`.buffer`)."""


def test_jsonl_batch_survives_bad_lines_and_null_questions(settings: Settings, service: AnsweringService) -> None:
    raw = b"\xff\xfe ikke utf-8\n" + b'{"question": null}\n' + b'{"sporsmal": "x"}\n' + \
        "hva sier krisesenterlova § 4?\n".encode()
    out = io.StringIO()
    stdin = BinaryStdin(io.BytesIO(raw), encoding="utf-8")
    assert cli.handle_ask(parse("ask", "--jsonl"), settings, service=service, stdin=stdin, stdout=out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 4
    assert [line.get("line") for line in lines[:3]] == [1, 2, 3]
    assert "UTF-8" in lines[0]["answer"] and "question" in lines[1]["answer"]
    assert all(line["abstained"] for line in lines[:3]) and "None" not in lines[1]["answer"]
    assert lines[3]["abstained"] is False


@pytest.mark.parametrize("k", ["-5", "0", "abc", "1000"])
def test_search_k_must_be_a_sensible_number(k: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse("search", "x", "--k", k)
    assert exit_info.value.code == 2
    assert "gyldig antall treff" in capsys.readouterr().err
