"""Every legal reference the project states as data (intake templates, findings) exists in the law.

Why: "never invent law" covers our own curated data too. A template that tells a bydel that a duty
lies in "§ 4 andre ledd" when the law puts it in første ledd presents an outdated or wrong
pinpoint as current. This test parses every `legal_basis` entry and checks the §, the ledd and
the bokstav against the parsed Lovdata corpus (the current wording, amending act applied).
"""

from __future__ import annotations

import re

import pytest

from bot.settings import PROJECT_ROOT
from ingest.loaders import load_source
from ingest.manifest import load_manifest
from tests.conftest import CORPUS_DIR

ORDINALS = {"første": 1, "andre": 2, "annet": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6, "sjuende": 7}
REFERENCE = re.compile(
    r"^(?P<law>[\w\- ]+?) § (?P<num>\d+(?:-\d+)?)(?: (?P<letter>[a-z]))?"
    r"(?: (?P<ledd>\w+) ledd)?(?: bokstav (?P<bokstav>[a-z]))?$"
)


def _structure() -> dict[tuple[str, str], set[tuple[int | None, str | None]]]:
    """(doc_id, section_key) -> {(ledd, bokstav)}, with the amending act's new wording taking over."""
    manifest = load_manifest(PROJECT_ROOT / "knowledge")
    found: dict[tuple[str, str], set[tuple[int | None, str | None]]] = {}
    for spec in manifest.sources:
        if spec.lovdata is None:
            continue
        for chunk in load_source(spec, CORPUS_DIR / spec.lovdata.file):
            doc = chunk.amends_doc_id or chunk.doc_id
            key = chunk.amends_section_key or chunk.section_key
            if not key:
                continue
            parts = found.setdefault((doc, key), set())
            for passage in chunk.passages:
                parts.add((passage.ledd, passage.bokstav))
    return found


def _aliases() -> dict[str, str]:
    manifest = load_manifest(PROJECT_ROOT / "knowledge")
    return {name.lower(): spec.doc_id for spec in manifest.sources for name in spec.short_names}


def _walk_legal_basis(node: object, where: str) -> list[tuple[str, str]]:
    """Every string under a `legal_basis` key, anywhere in a YAML tree."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "legal_basis" and isinstance(value, list):
                found += [(where, ref) for ref in value]
            else:
                label = f"{where}/{node.get('id', key)}" if "id" in node else where
                found += _walk_legal_basis(value, label)
    elif isinstance(node, list):
        for item in node:
            found += _walk_legal_basis(item, where)
    return found


def _data_references() -> list[tuple[str, str]]:
    """legal_basis entries of the intake templates and the findings records."""
    import yaml

    refs = []
    for folder in ("intake", "findings"):
        for path in sorted((PROJECT_ROOT / "knowledge" / folder).glob("*.yaml")):
            refs += _walk_legal_basis(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    return refs


@pytest.mark.corpus
def test_every_legal_basis_in_our_data_exists_in_the_law() -> None:
    structure, aliases = _structure(), _aliases()
    references = _data_references()
    assert {where.split(':')[0].split('/')[0] for where, _ in references} >= {
        "krisesenter-reetablering-bolig.yaml",
        "oslo-krisesenter-2022-2023.yaml",
    }
    problems = []
    for where, reference in references:
        match = REFERENCE.match(reference)
        if not match or match["law"].lower() not in aliases:
            problems.append(f"{where}: cannot read «{reference}»")
            continue
        key = f"§{match['num']}{match['letter'] or ''}"
        parts = structure.get((aliases[match["law"].lower()], key))
        if parts is None:
            problems.append(f"{where}: «{reference}»: no {key} in {aliases[match['law'].lower()]}")
            continue
        ledd = ORDINALS.get(match["ledd"]) if match["ledd"] else None
        if ledd is not None and not any(n == ledd for n, _ in parts):
            problems.append(f"{where}: «{reference}»: {key} has no ledd {ledd}")
        if match["bokstav"] and (ledd, match["bokstav"]) not in parts:
            problems.append(f"{where}: «{reference}»: no bokstav {match['bokstav']} in ledd {ledd}")
    assert not problems, "\n".join(problems)


@pytest.mark.corpus
def test_the_checker_catches_a_wrong_pinpoint() -> None:
    structure, aliases = _structure(), _aliases()
    assert (1, None) in structure[(aliases["krisesenterlova"], "§4")]
    assert not any(n == 9 for n, _ in structure[(aliases["krisesenterlova"], "§4")])
    assert (aliases["krisesenterlova"], "§42") not in structure
