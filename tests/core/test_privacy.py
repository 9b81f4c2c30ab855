"""Identity-number detection: the mod-11 rules decide, not the digit count."""

from __future__ import annotations

import pytest

from bot.privacy import MASK, contains_identity_number, find_identity_numbers, is_identity_number, redact

# Synthetic numbers that pass both control digits (01.01.1990; a D-number for 01.01.1990).
VALID_FNR = "01019012480"
VALID_DNR = "41019012555"


@pytest.mark.parametrize("number", [VALID_FNR, VALID_DNR])
def test_valid_numbers_are_recognised(number: str) -> None:
    assert is_identity_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "01019012481",  # wrong second control digit
        "01019012470",  # wrong first control digit
        "12345678901",  # arbitrary 11 digits
        "32019012480",  # impossible day
        "0101901248",  # 10 digits
    ],
)
def test_invalid_numbers_are_not(number: str) -> None:
    assert not is_identity_number(number)


def test_found_with_separators_inside_text() -> None:
    text = f"Beboer med fnr {VALID_FNR[:6]} {VALID_FNR[6:]} flyttet, tlf 22334455, orgnr 974760673."
    assert find_identity_numbers(text) == [VALID_FNR]
    assert contains_identity_number(text)


def test_redact_masks_only_identity_numbers() -> None:
    text = f"fnr {VALID_FNR} og saksnummer 12345678901 og d-nr {VALID_DNR}"
    cleaned = redact(text)
    assert VALID_FNR not in cleaned and VALID_DNR not in cleaned
    assert "12345678901" in cleaned
    assert cleaned.count(MASK) == 2


def test_longer_digit_runs_are_not_split_into_a_number() -> None:
    assert not contains_identity_number("kontonummer 9" + VALID_FNR + "9")
