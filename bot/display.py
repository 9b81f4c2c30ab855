"""Text from users made safe to show to other people, on any surface (Slack, CLI, export summaries).

Why: names and texts people choose (file names, answers, display names) are shown to others. Unicode
bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and friends) make "rapport<U+202E>fdp.exe" display as
"rapportexe.pdf", and other control characters can break lines or logs. They carry no meaning in
a name or an answer, so they are removed before display. Surface-specific escaping (Slack's mrkdwn)
is done at that surface, on top of this.
"""

from __future__ import annotations

import re

# Bidi embeddings, overrides, isolates and marks, plus the Arabic letter mark.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# C0/C1 controls except tab and newline (kept in multi-line texts).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")


def strip_controls(text: str) -> str:
    """`text` without bidi controls and control characters (tab and newline kept)."""
    return _CONTROL.sub("", _BIDI.sub("", text or ""))


def display_name(name: str, limit: int = 120) -> str:
    """A name (file, person) on one line, without controls, cut in the middle so the end (the
    extension) stays visible."""
    name = _SPACE.sub(" ", strip_controls(name)).strip()
    if len(name) <= limit:
        return name
    keep = limit - 1
    return name[: keep - keep // 3] + "…" + name[-(keep // 3):]
