"""Guidance pages end to end: a local HTTP server plays regjeringen.no and bufdir.no with the fixture
pages; ingest downloads, caches and indexes them incrementally, names a page that fails and goes on;
an everyday question is answered with the § first and the comment labelled, linked and dated."""

from __future__ import annotations

import io
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from bot.answering.service import AnsweringService
from bot.cli.ask import handle_eval
from bot.settings import Settings
from ingest.index.chroma_store import ChunkStore
from ingest.indexer import Indexer, index_is_stale
from tests.answering.conftest import AFTER_2026
from tests.fakes.clock import FakeClock
from tests.fakes.embedder import HashingEmbedder

pytestmark = pytest.mark.corpus

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "guidance"
KSL = "LOV-2009-06-19-44"
PAGES = {
    "/nn/dokumenter/otprp-96/?ch=12": "otprp-96-2008-2009-kap12.html",
    "/nn/dokumenter/prop-122-l/?ch=12": "prop-122-l-2024-2025-merknader.html",
    "/fagstotte/rundskriv-til-krisesenterlova": "bufdir-rundskriv-20-2026.html",
}


class _Publisher:
    """A stand-in for the publishers' web sites, serving the fixture pages; counts requests."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.missing: set[str] = set()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server API
                server.requests.append(self.path)
                name = PAGES.get(self.path)
                body = b"" if name is None or self.path in server.missing else (FIXTURES / name).read_bytes()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def publisher() -> Iterator[_Publisher]:
    server = _Publisher()
    yield server
    server.close()


def _knowledge(tmp_path: Path, base: str) -> Path:
    """The real manifest's krisesenterlova, its amending act and the three guidance sources (URLs local)."""
    real = yaml.safe_load((Path(__file__).resolve().parents[2] / "knowledge" / "sources.yaml").read_text("utf-8"))
    wanted = {"krisesenterlova", "krisesenterlova-endring-2025", "otprp-96-2008-2009", "prop-122-l-2024-2025",
              "bufdir-rundskriv-20-2026"}
    sources = [s for s in real["sources"] if s["id"] in wanted]
    by_file = {file: path for path, file in PAGES.items()}
    for source in sources:
        for page in source.get("pages", []):
            page["url"] = base + by_file[page["file"]]
    assert len(sources) == len(wanted)
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "sources.yaml").write_text(yaml.safe_dump({"attribution": real["attribution"], "sources": sources},
                                                        allow_unicode=True), encoding="utf-8")
    return folder


def _settings(settings: Settings, knowledge: Path, **extra: object) -> Settings:
    return settings.model_copy(update={"knowledge_dir": knowledge, "guidance_download": True, **extra})


def test_guidance_is_downloaded_cached_indexed_incrementally_and_answered(
    tmp_path: Path, settings: Settings, publisher: _Publisher
) -> None:
    settings = _settings(settings, _knowledge(tmp_path, publisher.url))
    embedder = HashingEmbedder()
    report = Indexer(settings, embedder).run(progress=False)

    assert report.failures == [] and report.skipped == []
    assert sorted(publisher.requests) == sorted(PAGES)  # each page fetched once
    cached = sorted(p.name for p in (settings.data_dir / "guidance").rglob("*.html"))
    assert cached == sorted(PAGES.values())
    store = ChunkStore(settings, embedder)
    comments = store.all_chunks({"doc_id": "OTPRP-96-2008-2009/otprp-96-2008-2009-kap12"})
    assert {c.explains_section_key for c in comments} >= {"§1", "§2", "§3"}

    # unchanged: nothing fetched again, nothing re-embedded, and the index is not stale
    again = Indexer(settings, HashingEmbedder()).run(progress=False)
    assert again.chunks_embedded == 0 and again.failures == [] and len(publisher.requests) == len(PAGES)
    assert not index_is_stale(settings, model_name=again.embedding_model)

    # an everyday question: the § first, then the comment, labelled by kind, linked, with the age warning
    service = AnsweringService(settings, store=ChunkStore(settings, embedder), embedder=embedder,
                               clock=FakeClock(AFTER_2026), law_names=[(KSL, ["krisesenterlova"])])
    answer = service.answer("Trenger jeg henvisning fra legen for å komme til krisesenteret?")
    assert not answer.abstained, answer.text
    labels = [c.label for c in answer.citations]
    assert labels[0].startswith("krisesenterlova § 2"), labels
    commentary = [c for c in answer.citations if c.label.startswith("Forarbeider: Ot.prp. nr. 96 (2008–2009)")]
    assert commentary and commentary[0].label.endswith("merknad til § 2"), answer.text
    assert f"{publisher.url}/nn/dokumenter/otprp-96/?ch=12#kap12-2" in answer.text
    assert "er fra 2009, eldre enn gjeldende ordlyd i krisesenterlova § 2" in answer.text

    # `tilsynsbot eval` reports the guidance cases as their own kind
    out = io.StringIO()

    class Args:
        file = FIXTURES / "eval.jsonl"
        json = True

    handle_eval(Args(), settings, service=service, stdout=out)  # type: ignore[arg-type]
    results = json.loads(out.getvalue())
    assert results["hybrid"]["guidance"]["n"] == 4 and results["hybrid"]["guidance"]["recall@5"] == 1.0
    assert {q["kind"] for q in results["questions"]} == {"guidance"}


def test_a_failed_page_is_named_and_the_rest_goes_on(
    tmp_path: Path, settings: Settings, publisher: _Publisher
) -> None:
    settings = _settings(settings, _knowledge(tmp_path, publisher.url))
    publisher.missing.add("/fagstotte/rundskriv-til-krisesenterlova")
    report = Indexer(settings, HashingEmbedder()).run(progress=False)

    [failure] = report.failures
    assert failure.name == "bufdir-rundskriv-20-2026.html" and "HTTP 404" in failure.reason
    assert "Bufdir rundskriv 20/2026" in failure.reason
    assert any("bufdir-rundskriv-20-2026.html" in line for line in report.summary_lines())
    indexed = {s.source_id for s in report.sources if s.status == "new"}
    assert {"krisesenterlova", "otprp-96-2008-2009/otprp-96-2008-2009-kap12"} <= indexed
    assert not (settings.data_dir / "guidance" / "bufdir-rundskriv-20-2026").exists()  # nothing half-cached


def test_offline_without_folder_skips_guidance_with_a_note(tmp_path: Path, settings: Settings) -> None:
    settings = _settings(settings, _knowledge(tmp_path, "http://127.0.0.1:9"), guidance_download=False)
    report = Indexer(settings, HashingEmbedder()).run(progress=False)
    assert report.failures == [] and len(report.skipped) == 3
    assert "GUIDANCE_DOWNLOAD" in report.skipped[0] and "Ot.prp. nr. 96 (2008–2009)" in report.skipped[0]
    assert any("Hoppet over" in line for line in report.summary_lines())
    assert not index_is_stale(settings, model_name=report.embedding_model)


def test_local_folder_setting_is_read_without_network(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "saved"
    shutil.copytree(FIXTURES, folder)
    settings = _settings(settings, _knowledge(tmp_path, "http://127.0.0.1:9"), guidance_download=False,
                         guidance_dir=folder)
    report = Indexer(settings, HashingEmbedder()).run(progress=False)
    assert report.failures == [] and report.skipped == []
    assert sum(1 for s in report.sources if s.source_id.startswith("bufdir")) == 1
