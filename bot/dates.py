"""How dates read in Norwegian, in one place: «4. mars 2024», «04.03.2024», «04.03.2024 kl. 09:05»,
and month names when a date written in words is parsed (Lovdata's «i kraft 1 jan 2026»).

Why Babel: month names and patterns come from CLDR's Norwegian bokmål locale instead of tables
copied into every module that shows a date (there were three, one for parsing).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, tzinfo

from babel.dates import format_date, format_datetime, get_month_names

LOCALE = "nb_NO"
MONTHS: tuple[str, ...] = tuple(str(get_month_names("wide", locale=LOCALE)[m]) for m in range(1, 13))


def long_date(value: date) -> str:
    """`date(2024, 3, 4)` -> «4. mars 2024»."""
    return str(format_date(value, "d. MMMM y", locale=LOCALE))


def short_date(value: date) -> str:
    """`date(2024, 3, 4)` -> «04.03.2024»."""
    return str(format_date(value, "dd.MM.y", locale=LOCALE))


def date_time(moment: datetime, tz: tzinfo) -> str:
    """A moment in `tz`: «04.03.2024 kl. 09:05»."""
    return str(format_datetime(moment, "dd.MM.y 'kl.' HH:mm", tzinfo=tz, locale=LOCALE))


def _from_iso(iso: str) -> date | None:
    try:
        return date.fromisoformat((iso or "")[:10])
    except ValueError:
        return None


def iso_long(iso: str) -> str:
    """«2026-01-01» (or a timestamp) -> «1. januar 2026»; anything unparsable is returned as it is."""
    value = _from_iso(iso)
    return long_date(value) if value else iso


def iso_short(iso: str) -> str:
    """«2026-11-28T09:30:00+00:00» -> «28.11.2026»; anything unparsable is returned as it is."""
    value = _from_iso(iso)
    return short_date(value) if value else iso


def month_number(word: str) -> int | None:
    """The month a word names: a full name («januar») or one cut short to three letters or more
    («jan», «jan.», «sept», «des»); None otherwise. (Babel's abbreviations are all such prefixes.)"""
    word = word.strip().rstrip(".").lower()
    if len(word) < 3:
        return None
    return next((m for m, name in enumerate(MONTHS, start=1) if name.startswith(word)), None)


# A date written in words, as Lovdata's notes write it: «1 jan 2026», «1. januar 2026», «1 juli 2009»
_TEXT_DATE = re.compile(r"(\d{1,2})\.?\s+([A-Za-zæøåÆØÅ]+)\.?\s+(\d{4})")


def text_dates(value: str) -> list[date]:
    """Every date written in words in `value`, in order (`_TEXT_DATE`; a word that names no month is skipped)."""
    found: list[date] = []
    for match in _TEXT_DATE.finditer(value or ""):
        month = month_number(match.group(2))
        if month is None:
            continue
        try:
            found.append(date(int(match.group(3)), month, int(match.group(1))))
        except ValueError:
            continue
    return found


def parse_text_date(value: str) -> str:
    """`1 jan 2026` / `1. januar 2026` → `2026-01-01`: the first date written in words; `` when there is none."""
    match = _TEXT_DATE.search(value or "")
    if not match:
        return ""
    month = month_number(match.group(2))
    if month is None:
        return ""
    return f"{int(match.group(3)):04d}-{month:02d}-{int(match.group(1)):02d}"


def add_months(value: date, months: int) -> date:
    """`value` moved `months` calendar months on (years are twelve), on the same day of the month or the
    month's last day when it has fewer days: 29 February 2024 plus twelve months is 28 February 2025."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    return value.replace(year=year, month=month + 1, day=min(value.day, calendar.monthrange(year, month + 1)[1]))
