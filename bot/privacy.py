"""Detect Norwegian national identity numbers (fødselsnummer) and D-numbers in free text.

Why: the subject is violence in close relationships and the bot never needs personal data about
residents. A message or document holding an 11-digit number that passes both mod-11 checks is
treated as containing an identity number: the user is warned, and the number is masked before
the text goes anywhere else (logs, database, index, a language model).
"""

from __future__ import annotations

import re

_CANDIDATE = re.compile(r"(?<!\d)(\d{6})[ .-]?(\d{5})(?!\d)")
_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
MASK = "[fødselsnummer fjernet]"


def _control(digits: list[int], weights: tuple[int, ...]) -> int | None:
    rest = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    check = 0 if rest == 0 else 11 - rest
    return None if check == 10 else check


def is_identity_number(number: str) -> bool:
    """True when `number` (11 digits) is a valid fødselsnummer or D-number by the mod-11 checks."""
    if len(number) != 11 or not number.isdigit():
        return False
    digits = [int(c) for c in number]
    day, month = int(number[0:2]), int(number[2:4])
    if day > 40:  # D-number: first digit + 4
        day -= 40
    if month > 40:  # H-number / synthetic test numbers: month + 40 or + 80
        month %= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    k1 = _control(digits[:9], _W1)
    k2 = _control(digits[:10], _W2)
    return k1 == digits[9] and k2 == digits[10]


def find_identity_numbers(text: str) -> list[str]:
    """All identity numbers in `text` (spaces, dots or a dash between date and personal part allowed)."""
    found = []
    for match in _CANDIDATE.finditer(text or ""):
        number = match.group(1) + match.group(2)
        if is_identity_number(number):
            found.append(number)
    return found


def contains_identity_number(text: str) -> bool:
    return bool(find_identity_numbers(text))


def redact(text: str) -> str:
    """`text` with every identity number replaced by a neutral mask; other digits untouched."""

    def _mask(match: re.Match[str]) -> str:
        number = match.group(1) + match.group(2)
        return MASK if is_identity_number(number) else match.group(0)

    return _CANDIDATE.sub(_mask, text or "")
