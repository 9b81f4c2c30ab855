"""HTML pages (saved guidance from bufdir.no, regjeringen.no ...) via BeautifulSoup: h1–h3 sections.

Why leaf blocks: pages nest `p` in `li` in `div`; taking only the innermost text blocks, in
document order, gives each paragraph or list item once. Navigation, scripts and footers are dropped.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag

from bot.domain import BULLET, Passage
from ingest.chunking import collapse
from ingest.loaders.structure import Section
from ingest.loaders.text import read_text

_HEADINGS = ("h1", "h2", "h3")
_BLOCKS = ("p", "li", "pre", "blockquote", "dd", "dt", "td", "th", "h4", "h5", "h6", "figcaption")
_DROP = ("script", "style", "noscript", "nav", "header", "footer", "form", "template", "svg", "iframe")


def _soup(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(read_text(path), "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    return soup


def html_title(path: Path) -> str:
    soup = _soup(path)
    h1 = soup.find("h1")
    if h1 is not None and collapse(h1.get_text(" ")):
        return collapse(h1.get_text(" "))
    return collapse(soup.title.get_text(" ")) if soup.title is not None else ""


def _anchor(heading: Tag) -> str:
    """The id a link can jump to: the heading's own, an anchor inside it, or its section wrapper's."""
    if heading.get("id"):
        return str(heading["id"])
    inner = heading.find("a", attrs={"id": True}) or heading.find("a", attrs={"name": True})
    if isinstance(inner, Tag):
        return str(inner.get("id") or inner.get("name") or "")
    parent = heading.parent
    if isinstance(parent, Tag) and parent.get("id") and parent.find(_HEADINGS) is heading:
        return str(parent["id"])
    return ""


def html_sections(path: Path) -> list[Section]:
    soup = _soup(path)
    root = soup.body or soup
    sections: list[Section] = [Section(path=[])]
    stack: list[tuple[int, str]] = []
    for el in root.find_all((*_HEADINGS, *_BLOCKS)):
        if not isinstance(el, Tag):
            continue
        text = collapse(el.get_text(" "))
        if not text:
            continue
        if el.name in _HEADINGS:
            level = int(el.name[1])
            if level == 1 and not sections[-1].passages and not stack:
                stack = [(1, text)]  # the page title: kept in the path, not its own empty section
                sections.append(Section(path=[]))
                continue
            stack = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, text)]
            sections.append(Section(path=[t for lvl, t in stack if lvl > 1], anchor=_anchor(el)))
            continue
        if el.find(_BLOCKS) is not None:
            continue  # a container: its inner blocks come on their own
        bullet = el.name == "li"
        sections[-1].passages.append(Passage(text=BULLET + text if bullet else text))
    return [s for s in sections if s.passages]


def html_text(path: Path) -> str:
    return "\n".join(line for line in _soup(path).get_text("\n").splitlines() if line.strip())
