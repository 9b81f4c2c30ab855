"""Where a Lovdata source's XML file comes from: a local folder, or Lovdata's public-data API.

Why both: offline machines (and CI) point LOVDATA_DIR at a folder of files; a normal install
downloads the public tarballs once (NLOD 2.0), extracts only the files the manifest names and
caches them under DATA_DIR/lovdata so later runs need no network.
"""

from __future__ import annotations

import logging
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

from bot.atomic import atomic_writer
from bot.errors import SourceError
from bot.settings import Settings
from bot.texts import ingest_parsing as texts
from ingest.manifest import SourceSpec

log = logging.getLogger(__name__)

DOWNLOAD_TIMEOUT_S = 60
_CHUNK = 1 << 20


def cache_dir(settings: Settings) -> Path:
    return settings.data_dir / "lovdata"


def _download(url: str, target: Path, dump: str) -> None:
    """Stream `url` to `target` atomically (a broken download never looks like a cached file)."""
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response, atomic_writer(target) as out:  # noqa: S310 - Lovdata's https URL from settings
            while block := response.read(_CHUNK):
                out.write(block)
    except urllib.error.HTTPError as exc:
        raise SourceError(
            texts.LOVDATA_DOWNLOAD_FAILED.format(dump=dump, reason=f"HTTP {exc.code}"), detail=f"{url}: {exc}"
        ) from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise SourceError(
            texts.LOVDATA_DOWNLOAD_FAILED.format(dump=dump, reason=f"nettverksfeil: {reason}"), detail=f"{url}: {exc}"
        ) from exc


def _extract(archive: Path, member: str, target: Path, dump: str) -> None:
    """Copy one member out of the tar.bz2 (read by name only: no path from the archive is trusted)."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            info: tarfile.TarInfo | None
            try:
                info = tar.getmember(member)
            except KeyError:
                info = next((m for m in tar.getmembers() if m.name.lstrip("./") == member.lstrip("./")), None)
            source = tar.extractfile(info) if info is not None and info.isfile() else None
            if source is None:
                raise SourceError(texts.LOVDATA_MEMBER_MISSING.format(dump=dump, member=member))
            with source, atomic_writer(target) as out:
                while block := source.read(_CHUNK):
                    out.write(block)
    except (tarfile.TarError, EOFError, OSError) as exc:
        archive.unlink(missing_ok=True)  # fetched afresh next time instead of failing forever
        raise SourceError(texts.LOVDATA_ARCHIVE_BROKEN.format(dump=dump, file=archive), detail=str(exc)) from exc


def resolve_lovdata_file(spec: SourceSpec, settings: Settings) -> Path:
    """The local path of the source's Lovdata XML, downloading and caching it when needed."""
    if spec.lovdata is None:
        raise SourceError(texts.LOVDATA_NO_DUMP.format(source=spec.id))
    ref = spec.lovdata
    if settings.lovdata_dir is not None:
        path = Path(settings.lovdata_dir) / ref.file
        if not path.is_file():
            raise SourceError(texts.LOVDATA_FILE_MISSING.format(file=ref.file, folder=settings.lovdata_dir))
        return path
    if not ref.dump or not ref.member:
        raise SourceError(texts.LOVDATA_NO_DUMP.format(source=spec.id))
    cached = cache_dir(settings) / "files" / ref.file
    if cached.is_file():
        return cached
    archive = cache_dir(settings) / ref.dump
    if not archive.is_file():
        url = f"{settings.lovdata_api_url.rstrip('/')}/v1/publicData/get/{ref.dump}"
        log.info("Laster ned %s", url)
        _download(url, archive, ref.dump)
    _extract(archive, ref.member, cached, ref.dump)
    return cached
