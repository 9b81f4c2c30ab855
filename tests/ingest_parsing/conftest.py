"""Fixtures for the parsing tests: paths of the hand-written Lovdata files and a manifest spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import SourceKind
from ingest.manifest import LovdataRef, SourceSpec

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LOVDATA_FIXTURES = FIXTURES / "lovdata"


@pytest.fixture
def law_file() -> Path:
    return LOVDATA_FIXTURES / "fixture-provelova.xml"


@pytest.fixture
def amending_file() -> Path:
    return LOVDATA_FIXTURES / "fixture-endringslov.xml"


@pytest.fixture
def law_spec() -> SourceSpec:
    return SourceSpec(
        id="provelova",
        doc_id="LOV-2015-03-20-9",
        kind=SourceKind.LAW,
        title="Lov om prøvedrift av krisesentertilbod (prøvelova)",
        short_names=["prøvelova", "prøveloven"],
        url="https://lovdata.no/lov/2015-03-20-9",
        lovdata=LovdataRef(file="fixture-provelova.xml", dump="gjeldende-lover.tar.bz2", member="nl/nl-20150320-009.xml"),
    )


@pytest.fixture
def amending_spec() -> SourceSpec:
    return SourceSpec(
        id="provelova-endring",
        doc_id="LOV-2025-06-20-99",
        kind=SourceKind.AMENDING_ACT,
        title="Lov om endringar i prøvelova",
        short_names=["endringslova til prøvelova"],
        url="https://lovdata.no/lov/2025-06-20-99",
        amends="LOV-2015-03-20-9",
        in_force="2026-01-01",
        lovdata=LovdataRef(file="fixture-endringslov.xml", dump="lovtidend-avd1-2025.tar.bz2", member="lti/2025/nl-20250620-099.xml"),
    )
