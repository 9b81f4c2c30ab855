"""Lovdata amendment notes (`article.changesToParent`) and the pending changes they announce.

Why: the consolidated text in a dump can be older than the law in force (krisesenterlova §§ 2, 3,
5 a and 5 b change on 1 January 2026). Lovdata marks this in the note under the § with a future
verb ("Vert endra ved lov ...", "Endres ved lov ...") and/or an in-force date after the dump's
last change. Reading it generically lets every law's pending changes reach the answer.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from bot.dates import parse_text_date
from ingest.chunking import collapse
from ingest.loaders.lovdata_common import act_id_from_ref, classes

# A segment that starts with a future/pending verb announces a change not yet in the text.
_FUTURE = re.compile(
    r"^(?:\w+\s+)?(?:vert|blir|skal)\s+(?:endra|endret|tilføyd|tilføydd|oppheva|opphevet|føydd)\b"
    r"|^(?:\w+\s+)?(?:endres|tilføyes|oppheves|endrast|vert\s+oppheva)\b",
    re.IGNORECASE,
)
_IN_FORCE = re.compile(r"\((?:i\s+kraft|ikr\.)\s*(?:frå|fra)?\s*([^)]*)")
_RESOLUTION_BEFORE = re.compile(r"(?:res\.|iflg\.|jf\.)\s*$")


@dataclass
class ActMention:
    act_id: str
    in_force: str  # ISO or "" (e.g. "frå den tid Kongen bestemmer")
    in_force_known: bool  # False when the note gives no in-force wording at all


@dataclass
class NoteSegment:
    """One sentence-like part of a note, split where Lovdata starts a new bold verb."""

    text: str
    future: bool
    acts: list[ActMention]


@dataclass
class PendingChange:
    note: str
    act_id: str
    in_force: str


def _tokens(el: ET.Element) -> list[tuple[str, str, str]]:
    """Flatten a note into (kind, text, href) tokens: kind is text, strong or link."""
    out: list[tuple[str, str, str]] = [("text", el.text or "", "")]
    for child in el:
        if not isinstance(child.tag, str):
            out.append(("text", child.tail or "", ""))
            continue
        text = "".join(child.itertext())
        if child.tag == "strong":
            out.append(("strong", text, ""))
        elif child.tag == "a":
            out.append(("link", text, child.get("href", "")))
        elif "footnotereference" not in classes(child):
            out.append(("text", text, ""))
        out.append(("text", child.tail or "", ""))
    return out


def _split_segments(tokens: list[tuple[str, str, str]]) -> list[list[tuple[str, str, str]]]:
    """Start a new segment at each bold verb and after each sentence end followed by a capital."""
    segments: list[list[tuple[str, str, str]]] = [[]]
    for token in tokens:
        if token[0] == "strong" and any(t[1].strip() for t in segments[-1]):
            segments.append([])
        segments[-1].append(token)
    return [s for s in segments if any(t[1].strip() for t in s)]


def _segment(tokens: list[tuple[str, str, str]]) -> NoteSegment:
    text = collapse("".join(t[1] for t in tokens))
    acts: list[ActMention] = []
    preceding = ""
    for index, (kind, value, href) in enumerate(tokens):
        if kind == "link":
            act_id = act_id_from_ref(href)
            if act_id and not _RESOLUTION_BEFORE.search(preceding):
                after = ""
                for later in tokens[index + 1:]:
                    if later[0] == "link" and act_id_from_ref(later[2]) and not _RESOLUTION_BEFORE.search(after):
                        break
                    after += later[1]
                match = _IN_FORCE.search(after)
                in_force = parse_text_date(match.group(1)) if match else ""
                acts.append(ActMention(act_id, in_force, match is not None))
        preceding += value
    return NoteSegment(text=text, future=bool(_FUTURE.search(text)), acts=acts)


def parse_note(el: ET.Element) -> list[NoteSegment]:
    return [_segment(tokens) for tokens in _split_segments(_tokens(el))]


def note_text(el: ET.Element) -> str:
    return collapse("".join(t[1] for t in _tokens(el)))


def pending_change(notes: list[ET.Element], last_changed: str) -> PendingChange | None:
    """The first change a note announces that is not yet part of this consolidated text.

    Pending when the segment uses a future verb, or when an act's in-force date is after the
    date of the document's last change in force.
    """
    candidates: list[PendingChange] = []
    for note in notes:
        for segment in parse_note(note):
            for act in segment.acts:
                later = bool(act.in_force and last_changed and act.in_force > last_changed)
                if segment.future or later:
                    candidates.append(PendingChange(segment.text, act.act_id, act.in_force))
    if not candidates:
        return None
    # Prefer a change with a known date (the one an answer can state plainly), then the earliest.
    candidates.sort(key=lambda c: (c.in_force == "", c.in_force))
    return candidates[0]
