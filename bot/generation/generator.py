"""Optional generated answers: a chat model rewrites the extractive answer from the same passages.

Why the shape: generation is a nicety on top of a safe extractive answer, never a replacement
for it. `Generator.generate` therefore always returns an `Answer`: the model's text only when
every citation in it checks out against the passages it was given, otherwise the extractive
`fallback`. Provider failures (timeouts, HTTP 429/5xx, malformed output) are expected here and
also end in the fallback, within `llm_timeout_s`, so the user gets an answer, not an error.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import httpx
import openai

from bot.answering.citations import citation as build_citation
from bot.answering.citations import label as citation_label
from bot.answering.citations import law_name
from bot.domain import Answer, Chunk, Citation, SearchHit
from bot.errors import ValidationFailedError
from bot.generation.citations import check_answer, replace_citations
from bot.generation.prompt import PromptPassage, build_messages, passages_for
from bot.settings import Settings
from bot.texts import generation as texts
from ingest.manifest import MANIFEST_FILE, load_manifest

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger("tilsynsbot.generation")

MAX_ANSWER_CHARS = 3000  # a Slack section holds at most 3,000 characters


def _provider_errors() -> tuple[type[BaseException], ...]:
    """What a provider call may raise when the provider, not our code, is at fault."""
    from langchain_core.exceptions import LangChainException

    errors: list[type[BaseException]] = [
        openai.OpenAIError,  # timeouts, 429, 5xx, connection, malformed responses
        httpx.HTTPError,
        OSError,  # includes TimeoutError and ConnectionError
        ValueError,  # JSON/pydantic validation of a malformed body
        LangChainException,
    ]
    try:
        import ollama

        errors += [ollama.ResponseError, ollama.RequestError]
    except ImportError:  # pragma: no cover - ollama is a dependency, but only needed for that provider
        pass
    return tuple(errors)


PROVIDER_ERRORS = _provider_errors()
MALFORMED_RESPONSE_ERRORS = (LookupError, TypeError, AttributeError)


def _amended_law(chunk: Chunk, passages: Sequence[PromptPassage]) -> str:
    """For an amending act's chunk: the name of the law it amends, from a passage of that law if given."""
    if not chunk.amends_doc_id:
        return ""
    return next((law_name(p.chunk) for p in passages if p.chunk.doc_id == chunk.amends_doc_id), "")


def chunk_label(chunk: Chunk, passages: Sequence[PromptPassage] = ()) -> str:
    """A readable source name built only from index metadata, as the extractive answer writes it."""
    return citation_label(chunk, None, amended_law=_amended_law(chunk, passages))


def clean_model_text(text: str) -> str:
    """Model text made Slack-safe: no <...> control sequences (mass mentions, disguised links), Slack bold."""
    text = text.strip().replace("<", "‹").replace(">", "›")
    text = re.sub(r"\*\*(.+?)\*\*", r"*\1*", text)
    return re.sub(r"(?m)^#{1,6}\s*", "", text)


class Generator:
    """Writes a fluent answer with a chat model and returns it only if its citations check out."""

    def __init__(
        self,
        chat_model: BaseChatModel,
        *,
        timeout_s: float = 8.0,
        law_names: Mapping[str, str] | None = None,
        max_workers: int = 8,
    ) -> None:
        self.chat_model = chat_model
        self.timeout_s = timeout_s
        self.law_names = dict(law_names or {})  # doc_id -> "krisesenterlova krisesenterloven ksl ..."
        # Calls run in worker threads so a provider that hangs cannot hold the user past the budget.
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="llm")

    def generate(
        self, question: str, *, context: Sequence[str], hits: Sequence[SearchHit], fallback: Answer
    ) -> Answer:
        """The generated answer if it passes the citation check, else `fallback` (the extractive answer)."""
        if fallback.abstained:  # nothing to rephrase: never let a model answer where the sources give no basis
            return fallback
        call_id = uuid.uuid4().hex[:8]
        passages = passages_for(hits or fallback.hits)
        if not passages:
            log.info("generation skipped [%s]: no passages", call_id)
            return fallback
        messages = build_messages(
            question, context=context, passages=passages, currency_notes=fallback.currency_notes
        )
        started = time.monotonic()
        raw = self._call(messages, call_id)
        elapsed = time.monotonic() - started
        if raw is None:
            return fallback

        text = clean_model_text(raw)
        by_id = {p.pid: p.chunk for p in passages}
        result = check_answer(text, by_id, self.law_names)
        if not result.ok:
            log.warning("generated answer rejected [%s]: %s (%.2fs)", call_id, result.reason, elapsed)
            return fallback
        shown = replace_citations(text, {p.pid: chunk_label(p.chunk, passages) for p in passages})
        # A pending change to the law must never disappear behind fluent wording: the notes follow the
        # text, as in the extractive answer, whatever the model chose to mention.
        missing_notes = [n for n in fallback.currency_notes if n not in shown]
        if missing_notes:
            shown = "\n\n".join([shown, *missing_notes])
        # so must the lines that open the extractive answer (the named § that is not where the answer stands)
        missing_leads = [n for n in fallback.lead_notes if n not in shown]
        if missing_leads:
            shown = "\n".join([*missing_leads, shown])
        if len(shown) > MAX_ANSWER_CHARS:
            log.warning("generated answer rejected [%s]: too long (%d chars)", call_id, len(shown))
            return fallback
        citations = self._citations(result.cited, passages, hits or fallback.hits, fallback)
        log.info("generated answer accepted [%s]: %d citation(s) (%.2fs)", call_id, len(citations), elapsed)
        return Answer(
            question=fallback.question,
            text=shown,
            abstained=False,
            citations=citations,
            currency_notes=list(fallback.currency_notes),
            hits=list(fallback.hits),
            index_date=fallback.index_date,
            generated=True,
            notes=list(fallback.notes),  # surfaces say "written by a language model" from `generated`
            lead_notes=list(fallback.lead_notes),
        )

    def _call(self, messages: list[BaseMessage], call_id: str) -> str | None:
        """The model's text, or None (logged with the failure's type, never the text) on any provider failure."""
        future = self._pool.submit(self.chat_model.invoke, messages)
        try:
            message = future.result(timeout=self.timeout_s)
        except TimeoutError:
            future.cancel()
            log.warning("generation fell back [%s]: no answer within %.1fs", call_id, self.timeout_s)
            return None
        except PROVIDER_ERRORS as error:
            status = getattr(error, "status_code", None) or getattr(error, "code", None) or ""
            log.warning("generation fell back [%s]: %s %s", call_id, type(error).__name__, status)
            return None
        except MALFORMED_RESPONSE_ERRORS:
            # A body of the wrong shape ({"choices": "x"}) surfaces from the client's parsing as one of
            # these. Only the provider call is covered, and the traceback is logged: a bug stays visible.
            log.error("generation fell back [%s]: provider response could not be parsed", call_id, exc_info=True)
            return None
        text = getattr(message, "text", None)
        if not isinstance(text, str) or not text.strip():
            log.warning("generation fell back [%s]: empty or malformed model output", call_id)
            return None
        return text

    @staticmethod
    def _citations(
        cited: Sequence[str], passages: Sequence[PromptPassage], hits: Sequence[SearchHit], fallback: Answer
    ) -> list[Citation]:
        """The fallback's own citations for each cited chunk (finer pinpoints), else one built from the hit."""
        chunk_of = {p.pid: p.chunk for p in passages}
        score_of = {h.chunk.chunk_id: h.score for h in hits}
        citations: list[Citation] = []
        for pid in cited:
            chunk = chunk_of[pid]
            known = [c for c in fallback.citations if c.chunk_id == chunk.chunk_id]
            built = build_citation(
                chunk, None, "", score_of.get(chunk.chunk_id, 0.0), amended_law=_amended_law(chunk, passages)
            )
            citations.extend(known or [built])
        return citations


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """The langchain chat model named by LLM_PROVIDER, or None when generation is off."""
    provider = settings.llm_provider.strip().lower()
    if not provider:
        return None
    if provider not in ("openai", "ollama"):
        raise ValidationFailedError(
            texts.UNKNOWN_PROVIDER.format(value=settings.llm_provider),
            detail=f"LLM_PROVIDER={settings.llm_provider!r} is not one of '', 'openai', 'ollama'",
        )
    if not settings.llm_model.strip():
        raise ValidationFailedError(texts.MISSING_MODEL.format(provider=provider), detail="LLM_MODEL is empty")
    if settings.llm_timeout_s <= 0:
        raise ValidationFailedError(texts.INVALID_TIMEOUT, detail=f"LLM_TIMEOUT_S={settings.llm_timeout_s}")

    if provider == "openai":
        if not settings.llm_api_key and not settings.llm_base_url:
            raise ValidationFailedError(texts.MISSING_API_KEY, detail="LLM_API_KEY and LLM_BASE_URL are empty")
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.llm_base_url or None,
            # Local OpenAI-compatible servers often need no key, but the client insists on one.
            api_key=settings.llm_api_key or "not-needed",
            timeout=settings.llm_timeout_s,
            max_retries=0,  # a retry would blow the time budget; the fallback answer is the retry
            temperature=settings.llm_temperature,
        )

    from langchain_ollama import ChatOllama

    return ChatOllama(
        model=settings.llm_model,
        base_url=settings.llm_base_url or None,
        temperature=settings.llm_temperature,
        client_kwargs={"timeout": settings.llm_timeout_s},
    )


def build_generator(settings: Settings, *, chat_model: BaseChatModel | None = None) -> Generator | None:
    """None when generation is off (LLM_PROVIDER empty, no chat_model given); raises on bad settings at start-up."""
    model = chat_model if chat_model is not None else build_chat_model(settings)
    if model is None:
        return None
    return Generator(model, timeout_s=settings.llm_timeout_s, law_names=manifest_law_names(settings))


def manifest_law_names(settings: Settings) -> dict[str, str]:
    """doc_id -> the short names the manifest gives each source ("a | b"), so "ksl § 4" or "pbl § 5-1" can be checked."""
    if not (settings.knowledge_dir / MANIFEST_FILE).exists():
        return {}  # no manifest, no extra names: the check still uses each chunk's own titles
    manifest = load_manifest(settings.knowledge_dir)
    return {spec.doc_id: " | ".join(spec.short_names).lower() for spec in manifest.sources}
