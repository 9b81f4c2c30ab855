"""ChunkStore and Indexer against a real Chroma server started from `.venv/bin/chroma run`."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.domain import Audience
from bot.errors import IndexUnavailableError
from bot.settings import Settings
from ingest.index.chroma_store import ChunkStore
from ingest.indexer import Indexer
from tests.fakes.embedder import HashingEmbedder
from tests.fakes.sources import FakeSources
from tests.index.conftest import make_chunk

pytestmark = pytest.mark.chroma_server

CHROMA = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen, int]]:
    binary = CHROMA if CHROMA.exists() else shutil.which("chroma")
    if binary is None:
        pytest.skip("the `chroma` CLI is not installed (pip install chromadb)")
    port = _free_port()
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [str(binary), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma server did not start: {(tmp_path / 'chroma.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield process, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_indexer_and_store_work_against_a_chroma_server(settings: Settings, chroma_server) -> None:
    process, port = chroma_server
    server = settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": port})
    sources = FakeSources({
        "krisesenterlova": [
            make_chunk("krisesenterlova", "§4", "§ 4 Samarbeid og samordning mellom tenestene."),
            make_chunk("krisesenterlova", "§3", "§ 3 Tilbodet skal vere gratis."),
        ],
        "innsendt": [
            make_chunk("innsendt", "rutine", "Rutine for samarbeid i bydelen.", audience=Audience.OFFICERS,
                       bydel="Alna", year=2024),
        ],
    })
    embedder = HashingEmbedder()
    report = Indexer(server, embedder, loader=sources).run(progress=False)
    assert report.chunks_total == 3 and embedder.calls == 3
    assert not server.chroma_dir.exists()  # nothing written to the embedded store

    store = ChunkStore(server, embedder)
    assert store.count() == 3
    public = store.query_text("samarbeid", k=5, where={"audience": "public"})
    assert {c.section_key for c, _ in public} == {"§4", "§3"}
    assert public[0][0].section_key == "§4"
    [officers] = store.all_chunks({"bydel": "Alna", "year": 2024})
    assert officers.audience == Audience.OFFICERS

    again = Indexer(server, HashingEmbedder(), loader=sources).run(progress=False)
    assert again.chunks_embedded == 0 and again.unchanged == 2

    process.terminate()
    process.wait(timeout=10)
    with pytest.raises(IndexUnavailableError) as info:
        store.count()
    assert "Chroma-serveren" in info.value.user_message
