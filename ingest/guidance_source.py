"""Where a guidance page comes from: a local folder, the cache, or its official URL (fetched once).

Why: preparatory works (regjeringen.no) and Bufdir's circular are web pages, not Lovdata files. A
site with internet fetches each page once into DATA_DIR/guidance (like the Lovdata cache); an
offline site points GUIDANCE_DIR at a folder of saved pages. With neither, the page is skipped with
a note (not a failure): these machines have no internet, and the law must still be indexed.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from pathlib import Path

from bot.atomic import atomic_writer
from bot.errors import SourceError
from bot.settings import Settings
from bot.texts import ingest_parsing as texts
from ingest.manifest import GuidancePage, SourceSpec

log = logging.getLogger(__name__)

DOWNLOAD_TIMEOUT_S = 30
MAX_PAGE_BYTES = 20 << 20  # a web page; anything bigger is not the page we asked for
USER_AGENT = "tilsynsbot/1 (+ingest of public guidance)"


def cache_dir(settings: Settings) -> Path:
    return settings.data_dir / "guidance"


def _fetch(spec: SourceSpec, page: GuidancePage, target: Path) -> None:
    """Download one page atomically (a broken download never looks like a cached page)."""
    request = urllib.request.Request(page.url, headers={"User-Agent": USER_AGENT})  # noqa: S310 - URL from the manifest
    fmt = {"source": spec.short_title, "file": page.file, "url": page.url}
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S) as response:  # noqa: S310
            body = response.read(MAX_PAGE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise SourceError(texts.GUIDANCE_DOWNLOAD_FAILED.format(**fmt, reason=f"HTTP {exc.code}"),
                          detail=f"{page.url}: {exc}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise SourceError(texts.GUIDANCE_DOWNLOAD_FAILED.format(**fmt, reason=f"nettverksfeil: {reason}"),
                          detail=f"{page.url}: {exc}") from exc
    if not body.strip() or len(body) > MAX_PAGE_BYTES:
        reason = "tom side" if not body.strip() else "siden er for stor"
        raise SourceError(texts.GUIDANCE_DOWNLOAD_FAILED.format(**fmt, reason=reason), detail=page.url)
    with atomic_writer(target) as out:
        out.write(body)


def resolve_guidance_page(spec: SourceSpec, page: GuidancePage, settings: Settings) -> Path | None:
    """The local path of a guidance page, fetching and caching it when allowed; None = skip it."""
    if settings.guidance_dir is not None:
        path = Path(settings.guidance_dir) / page.file
        if not path.is_file():
            raise SourceError(texts.GUIDANCE_FILE_MISSING.format(source=spec.short_title, file=page.file,
                                                                 folder=settings.guidance_dir))
        return path
    cached = cache_dir(settings) / spec.id / page.file
    if cached.is_file():
        return cached
    if not settings.guidance_download:
        return None
    log.info("Laster ned %s", page.url)
    _fetch(spec, page, cached)
    return cached


def skipped_note(spec: SourceSpec, page: GuidancePage) -> str:
    return texts.GUIDANCE_SKIPPED.format(source=spec.short_title, file=page.file)
