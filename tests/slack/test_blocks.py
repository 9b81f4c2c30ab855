"""Pure Block Kit builders keep every answer within Slack's limits and show what users need."""

from __future__ import annotations

from bot.dates import iso_short as format_date
from bot.domain import Answer, Citation
from bot.slack.blocks.answer import answer_messages
from bot.slack.blocks.common import escape, paginate, split_text


def test_split_text_respects_limit_and_keeps_all_words() -> None:
    text = "\n\n".join("ord " * 500 for _ in range(5))
    pieces = split_text(text, 3000)
    assert all(len(p) <= 3000 for p in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())


def test_paginate_puts_tail_on_last_page_within_limit() -> None:
    blocks = [{"type": "divider"}] * 49
    pages = paginate(blocks, tail=[{"type": "actions"}, {"type": "context"}])
    assert [len(p) for p in pages] == [49, 2] and pages[-1][0]["type"] == "actions"


def test_escape_is_idempotent_for_slack_control_characters() -> None:
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert escape("R&amp;D") == "R&amp;D"


def test_many_sources_and_no_sources() -> None:
    citations = [Citation(chunk_id=str(i), doc_id="d", title="T", label=f"lov § {i}", quote="q" * 1000) for i in range(80)]
    rendered = answer_messages(Answer(question="q", text="svar", abstained=False, citations=citations), answer_id="a1")
    assert len(rendered.messages) == 2 and all(len(m) <= 50 for m in rendered.messages)
    assert all(len(b["text"]["text"]) <= 3000 for m in rendered.messages for b in m if b["type"] == "section")
    bare = answer_messages(Answer(question="q", text="svar", abstained=False))
    assert "Ingen kilder" in str(bare.messages) and "actions" not in str(bare.messages)


def test_format_date() -> None:
    assert format_date("2026-01-05T10:00:00+00:00") == "05.01.2026"
    assert format_date("") == ""


def test_escalate_button_only_for_abstentions_with_an_officers_channel() -> None:
    def action_ids(answer: Answer, can_escalate: bool) -> list[str]:
        blocks = answer_messages(answer, answer_id="a1", can_escalate=can_escalate).messages[-1]
        return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]

    abstained = Answer(question="q", text="Ingen grunnlag.", abstained=True)
    answered = Answer(question="q", text="Svar.", abstained=False)
    assert action_ids(abstained, True) == ["feedback_up", "feedback_down", "escalate_question"]
    assert action_ids(abstained, False) == ["feedback_up", "feedback_down"]
    assert action_ids(answered, True) == ["feedback_up", "feedback_down"]


def test_source_links_are_safe_for_slack_link_syntax() -> None:
    citation = Citation(chunk_id="c", doc_id="d", title="T", label="a|b > c", url="https://lovdata.no/lov/x/§4 a|b")
    text = answer_messages(Answer(question="q", text="svar", abstained=False, citations=[citation])).messages[0]
    link = next(b["text"]["text"] for b in text if b["type"] == "section" and "lovdata" in b["text"]["text"])
    assert link.startswith("*<https://lovdata.no/lov/x/§4%20a%7Cb|a|b &gt; c>*")


def test_currency_warning_and_source_links_are_shown_once() -> None:
    note = "Merk: krisesenterlova § 2 ble endret ved lov 20. juni 2025 nr. 42, i kraft 1. januar 2026."
    url = "https://lovdata.no/lov/2009-06-19-44/§2"
    answer = Answer(
        question="hva sier § 2?",
        text=f"«eit gratis dagtilbod» (krisesenterlova § 2 andre ledd bokstav b)\n{note}\n— krisesenterlova § 2 ({url})",
        abstained=False,
        citations=[Citation(chunk_id="c", doc_id="LOV-2009-06-19-44", title="Krisesenterlova",
                            label="krisesenterlova § 2 andre ledd bokstav b", url=url, quote="eit gratis dagtilbod")],
        currency_notes=[note],
    )
    rendered = str(answer_messages(answer, answer_id="A1").messages)
    assert rendered.count("ble endret ved lov 20. juni 2025 nr. 42") == 1
    assert rendered.count(f"— krisesenterlova § 2 ({url})") == 0  # the sources section links instead
    assert "eit gratis dagtilbod" in rendered and url in rendered


def test_user_text_neutralises_mentions_links_formatting_and_bidi() -> None:
    from bot.slack.blocks.common import WORD_JOINER, user_name, user_text

    text = user_text("<!channel> <https://x.example|se her> *fet* _kursiv_ ~borte~ `kode` a_b_c \u202eexe.pdf")
    assert "<" not in text and ">" not in text and "\u202e" not in text
    for marker in ("*fet*", "_kursiv_", "~borte~", "`kode`"):
        assert f"{WORD_JOINER}{marker}" in text
    assert "a_b_c" in text  # markers inside a word format nothing and are left alone
    assert user_text("&lt;ok&gt; & co") == "&lt;ok&gt; &amp; co"  # idempotent on Slack's own escapes
    long_name = "x" * 300 + ".docx"
    assert user_name(long_name).endswith(".docx") and len(user_name(long_name)) == 120
    assert user_name("a\nb\tc") == "a b c"
