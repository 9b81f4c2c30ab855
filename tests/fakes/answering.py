"""A small answering port for Slack-layer tests: canned, cited answers; records what it was asked.

Why: the Slack tests check delivery, threading, feedback and failure handling; they need an
answering service that behaves like the real one at its interface (`answer`, `index_info`) and
that can be told to fail like a missing index would, without building an index.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.domain import Answer, Audience, Citation

LAW_URL = "https://lovdata.no/lov/2009-06-19-44"


@dataclass
class AskedQuestion:
    question: str
    context: list[str]
    audience: Audience


@dataclass
class FakeAnswering:
    built_at: str = "2026-11-20T08:00:00+00:00"
    fail_with: Exception | None = None
    long_answer: bool = False
    asked: list[AskedQuestion] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, question: str, *, context: Sequence[str] = (), audience: Audience = Audience.PUBLIC) -> Answer:
        with self._lock:
            self.asked.append(AskedQuestion(question, list(context), audience))
        if self.fail_with is not None:
            raise self.fail_with
        if "månen" in question.lower():
            return Answer(
                question=question, abstained=True, index_date=self.built_at,
                text="Jeg finner ikke grunnlag for å svare på dette i kildene jeg har.",
            )
        text = "Kommunen skal sørge for et krisesentertilbud og oppfølging i reetableringsfasen."
        if self.long_answer:
            text = "\n\n".join(f"Avsnitt {i}: " + "kommunen skal samordne tjenestene " * 40 for i in range(150))
        return Answer(
            question=question, text=text, abstained=False, index_date=self.built_at,
            citations=[Citation(
                chunk_id="LOV-2009-06-19-44|§4|0", doc_id="LOV-2009-06-19-44", title="Lov om kommunale krisesentertilbod",
                short_title="krisesenterlova", section="§ 4", label="krisesenterlova § 4", url=f"{LAW_URL}/§4",
                quote="Kommunen skal sørgje for at kvinner, menn og barn som er utsette for vald i nære relasjonar, "
                      "får eit heilskapleg tilbod ved å samordne tenester.",
            )],
            currency_notes=["§ 4 er endra ved lov 20. juni 2025 nr. 42 (i kraft 1.1.2026)."],
        )

    def index_info(self) -> dict:
        return {"built_at": self.built_at, "chunk_count": 42,
                "sources": [{"id": "krisesenterlova", "title": "Lov om kommunale krisesentertilbod", "chunks": 12}]}
