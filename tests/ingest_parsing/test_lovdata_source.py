"""Where Lovdata files come from: LOVDATA_DIR, or a download from the public-data API (cached)."""

from __future__ import annotations

import io
import socket
import tarfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.errors import SourceError
from bot.settings import Settings
from ingest.lovdata_source import resolve_lovdata_file


class _Server:
    """A local stand-in for api.lovdata.no serving tarballs built in the test."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server API
                server.requests.append(self.path)
                body = server.files.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    yield srv
    srv.close()


def _tarball(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:bz2") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _settings(tmp_path: Path, **kwargs: object) -> Settings:
    """Explicit lovdata_dir=None by default: CI exports LOVDATA_DIR, which would win otherwise."""
    kwargs.setdefault("lovdata_dir", None)
    return Settings(_env_file=None, data_dir=tmp_path / "data", **kwargs)


def test_local_folder_is_used_when_set(tmp_path: Path, law_spec, law_file):
    settings = _settings(tmp_path, lovdata_dir=law_file.parent)
    assert resolve_lovdata_file(law_spec, settings) == law_file


def test_missing_local_file_names_file_and_setting(tmp_path: Path, law_spec):
    settings = _settings(tmp_path, lovdata_dir=tmp_path)
    with pytest.raises(SourceError) as info:
        resolve_lovdata_file(law_spec, settings)
    assert "fixture-provelova.xml" in info.value.user_message and "LOVDATA_DIR" in info.value.user_message


def test_download_extracts_member_and_caches(tmp_path: Path, server: _Server, law_spec, law_file):
    xml = law_file.read_bytes()
    server.files["/v1/publicData/get/gjeldende-lover.tar.bz2"] = _tarball(
        {"nl/nl-20090619-044.xml": b"<other/>", "nl/nl-20150320-009.xml": xml}
    )
    settings = _settings(tmp_path, lovdata_api_url=server.url)
    path = resolve_lovdata_file(law_spec, settings)
    assert path.read_bytes() == xml
    assert path.is_relative_to(settings.data_dir / "lovdata")
    assert server.requests == ["/v1/publicData/get/gjeldende-lover.tar.bz2"]
    # second run: served from the cache, no network
    server.close()
    assert resolve_lovdata_file(law_spec, settings).read_bytes() == xml


def test_one_download_serves_several_members(tmp_path: Path, server: _Server, law_spec):
    server.files["/v1/publicData/get/gjeldende-lover.tar.bz2"] = _tarball(
        {"nl/nl-20150320-009.xml": b"<a/>", "nl/nl-20200101-001.xml": b"<b/>"}
    )
    settings = _settings(tmp_path, lovdata_api_url=server.url + "/")
    other = law_spec.model_copy(update={"lovdata": law_spec.lovdata.model_copy(update={"file": "b.xml", "member": "nl/nl-20200101-001.xml"})})
    assert resolve_lovdata_file(law_spec, settings).read_bytes() == b"<a/>"
    assert resolve_lovdata_file(other, settings).read_bytes() == b"<b/>"
    assert len(server.requests) == 1


def test_member_missing_in_tarball(tmp_path: Path, server: _Server, law_spec):
    server.files["/v1/publicData/get/gjeldende-lover.tar.bz2"] = _tarball({"nl/annen.xml": b"<a/>"})
    with pytest.raises(SourceError) as info:
        resolve_lovdata_file(law_spec, _settings(tmp_path, lovdata_api_url=server.url))
    assert "nl/nl-20150320-009.xml" in info.value.user_message


def test_http_error_and_broken_archive(tmp_path: Path, server: _Server, law_spec):
    settings = _settings(tmp_path, lovdata_api_url=server.url)
    with pytest.raises(SourceError) as info:
        resolve_lovdata_file(law_spec, settings)
    assert "HTTP 404" in info.value.user_message and "LOVDATA_DIR" in info.value.user_message
    server.files["/v1/publicData/get/gjeldende-lover.tar.bz2"] = b"not bzip2"
    with pytest.raises(SourceError) as info:
        resolve_lovdata_file(law_spec, settings)
    assert "skadet" in info.value.user_message
    assert not (settings.data_dir / "lovdata" / "gjeldende-lover.tar.bz2").exists()  # re-fetched next time


def test_network_failure_says_what_to_do(tmp_path: Path, law_spec):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = _settings(tmp_path, lovdata_api_url=f"http://127.0.0.1:{port}")
    with pytest.raises(SourceError) as info:
        resolve_lovdata_file(law_spec, settings)
    message = info.value.user_message
    assert "gjeldende-lover.tar.bz2" in message and "nettverk" in message and "LOVDATA_DIR" in message
    assert not list((settings.data_dir / "lovdata").glob("*.part"))  # no half-written files left
