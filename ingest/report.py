"""What one ingest run did, for the CLI summary, `--json`, benchmarks and start-up logs.

Why a separate object: the indexer must not print. The CLI renders `summary_lines()` in Norwegian;
`ensure_index` logs it; tests and benchmarks read the counters.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bot.texts import ingest as texts


@dataclass
class SourceFailure:
    """A source that could not be read. `kept_chunks` > 0: its previous chunks stay in the index."""

    source_id: str
    name: str  # file name (or source id when there is no file)
    reason: str  # Norwegian, from SourceError.user_message
    kept_chunks: int = 0


@dataclass
class SourceResult:
    source_id: str
    title: str
    status: str  # unchanged | changed | new | failed | removed
    chunks: int = 0


@dataclass
class IngestReport:
    embedding_model: str = ""
    rebuild_reason: str = ""  # "" = incremental run
    sources: list[SourceResult] = field(default_factory=list)
    failures: list[SourceFailure] = field(default_factory=list)
    chunks_added: int = 0
    chunks_updated: int = 0
    chunks_removed: int = 0
    chunks_embedded: int = 0  # texts sent to the embedder (0 on an unchanged run)
    chunks_redacted: int = 0  # chunks where an identity number was masked before indexing
    chunks_repaired: int = 0  # chunks the state expected but the store lacked (embedded again)
    repaired: bool = False  # store and state were out of step (interrupted run, lost state file)
    chunks_total: int = 0  # chunks in the index after the run
    named_total: int = 0  # files and folders named on the command line this run (sources from them)
    named_failed: list[str] = field(default_factory=list)  # those that could not be indexed
    skipped: list[str] = field(default_factory=list)  # notes on sources not available here (guidance offline)
    probes_total: int = 0  # probe questions stored (`ingest.probes`)
    probes_embedded: int = 0  # ... embedded this run (0 when they and the index are unchanged)
    probe_problems: list[str] = field(default_factory=list)  # probe units not found, or a broken probe file
    # public documents with no probe question: the answer model weighs what a unit's curated questions
    # cover, so answers from such a document are declined more often until questions are written for it
    without_probes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def _count(self, status: str) -> int:
        return sum(1 for s in self.sources if s.status == status)

    @property
    def sources_total(self) -> int:
        return sum(1 for s in self.sources if s.status != "removed")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def changed(self) -> int:
        return self._count("changed")

    @property
    def new(self) -> int:
        return self._count("new")

    @property
    def removed(self) -> int:
        return self._count("removed")

    @property
    def failed(self) -> int:
        return self._count("failed")

    @property
    def all_named_failed(self) -> bool:
        """True when files were named on the command line and none of them could be indexed."""
        return self.named_total > 0 and len(self.named_failed) == self.named_total

    @property
    def nothing_indexed(self) -> bool:
        """True when no source is in the index: the CLI exits non-zero."""
        return self.chunks_total == 0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["counts"] = {
            "sources": self.sources_total,
            "unchanged": self.unchanged,
            "changed": self.changed,
            "new": self.new,
            "removed": self.removed,
            "failed": self.failed,
        }
        return data

    def summary_lines(self) -> list[str]:
        """The Norwegian summary printed by `tilsynsbot ingest`."""
        lines = [texts.SUMMARY_TITLE.format(seconds=self.seconds, model=self.embedding_model)]
        if self.rebuild_reason:
            lines.append(texts.SUMMARY_REBUILD.format(reason=self.rebuild_reason))
        if self.repaired:
            lines.append(texts.SUMMARY_REPAIRED)
        lines.append(
            texts.SUMMARY_SOURCES.format(
                total=self.sources_total, unchanged=self.unchanged, changed=self.changed, new=self.new,
                removed=self.removed, failed=self.failed,
            )
        )
        lines.append(
            texts.SUMMARY_CHUNKS.format(
                added=self.chunks_added, updated=self.chunks_updated, removed=self.chunks_removed,
                embedded=self.chunks_embedded, count=self.chunks_total,
            )
        )
        if self.probes_embedded:
            lines.append(texts.SUMMARY_PROBES.format(count=self.probes_total))
        if self.probe_problems:
            lines.append(texts.SUMMARY_PROBE_PROBLEMS.format(count=len(self.probe_problems)))
            lines.extend(f"  - {problem}" for problem in self.probe_problems)
        if self.without_probes:
            lines.append(texts.SUMMARY_WITHOUT_PROBES.format(documents="; ".join(self.without_probes)))
        if self.chunks_redacted:
            lines.append(texts.SUMMARY_REDACTED.format(count=self.chunks_redacted))
        if self.failures:
            lines.append(texts.SUMMARY_FAILURES)
            for failure in self.failures:
                kept = (
                    texts.FAILURE_KEPT.format(kept=failure.kept_chunks) if failure.kept_chunks else texts.FAILURE_NONE_KEPT
                )
                reason = failure.reason if failure.name in failure.reason else f"{failure.name}: {failure.reason}"
                lines.append(texts.FAILURE_LINE.format(reason=reason) + kept)
        if self.skipped:
            lines.append(texts.SUMMARY_SKIPPED)
            lines.extend(texts.SKIPPED_LINE.format(note=note) for note in self.skipped)
        if self.nothing_indexed:
            lines.append(texts.NOTHING_INDEXED)
        return lines
