"""The scalar values people write in records -- dates, numbers, currency
codes, names that become ids -- read strictly, with a hint that fits the
mistake when one is wrong."""

from __future__ import annotations

import functools
import math
import re
from datetime import date

from ..schema import DATE

_SCALE = {"k": 1_000, "m": 1_000_000}
_WORDS = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million",
}


def number_hint(value: str | float, kind: str = "number") -> str:
    """What to write instead of ``value`` where a number was expected:
    ``120k`` -> write 120000, ``145,000`` -> write 145000, ``$145000``,
    ``1_000``, a number in words, a quoted number."""
    if isinstance(value, float):  # only reached for an int field
        return f"write a whole number, like {math.floor(value)}"
    text = value.strip()
    plain = text.lstrip("$€£¥").strip()
    sign = "" if plain == text else " (the currency goes in `currency:`, not in the number)"
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kKmM])", plain)
    if match:
        number = float(match.group(1)) * _SCALE[match.group(2).lower()]
        return f"write {number:.0f}{sign}"
    if re.fullmatch(r"\d{1,3}(?:[,_ ]\d{3})+(?:\.\d+)?|\d+(?:_\d+)+", plain):
        return f"write {re.sub(r'[,_ ]', '', plain)}, without separators{sign}"
    if re.fullmatch(r"-?\d+(?:\.\d+)?", plain):
        number = re.sub(r"\.0+$", "", plain) if kind == "int" else plain
        return f"write {number}{sign}" if sign else "write it without quotes"
    words = re.findall(r"[a-z]+", text.lower())
    if words and all(word in _WORDS or word == "and" for word in words):
        return "write the number in digits"
    return "write a number in digits, like 120000" if kind == "number" else "write a whole number in digits, like 90"


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def date_hint(text: str) -> str:
    """What is wrong with a date that is not a real YYYY-MM-DD day."""
    import calendar

    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        other = re.fullmatch(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})", text.strip())
        if other:
            return f"write dates as YYYY-MM-DD: {other.group(1)}-{int(other.group(2)):02d}-{int(other.group(3)):02d}"
        return "write dates as YYYY-MM-DD"
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}: months run from 01 to 12"
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        return "there is no day 00: days start at 01"
    if month == 2 and day == 29:
        return f"there is no 29 February in {year}: it is not a leap year"
    return f"there is no {day} {_MONTHS[month - 1]}: {_MONTHS[month - 1]} {year} has {days} days"


def currency_problem(code: str) -> str | None:
    """None for an ISO 4217 code; otherwise the hint to give ("" when no
    code is close)."""
    known = iso_currencies()
    if code in known:
        return None
    if code.upper() in known:
        return f"did you mean {code.upper()!r}? currency codes are upper case"
    upper = code.upper()
    near = sorted((k for k in known if len(upper) == 3 and sum(a != b for a, b in zip(k, upper, strict=True)) == 1),
                  key=lambda k: (k not in COMMON_CURRENCIES, k[0] != upper[0], k))
    return f"did you mean {near[0]!r}?" if near else ""


# preferred when a mistyped code is one letter away from several
COMMON_CURRENCIES = frozenset([
    "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "INR", "SEK",
    "NOK", "DKK", "PLN", "BRL", "MXN", "SGD", "HKD", "NZD", "ZAR", "KRW",
])


@functools.cache
def iso_currencies() -> frozenset[str]:
    """The ISO 4217 currency codes (from pycountry's copy of the standard)."""
    import pycountry

    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def parse_date(text: str) -> date | None:
    if not DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def slugify(text: str) -> str:
    """'Jane O'Neil — Acme' -> 'jane-o-neil-acme' (ASCII, at most 100 chars).
    Accents go (NFKD); a letter with no ASCII form in NFKD is transliterated
    (anyascii): 'Ørsted' -> 'orsted', 'Иван Петров' -> 'ivan-petrov', '王伟' ->
    'wang-wei' (a Chinese character is a syllable of its own)."""
    text = str(text)
    if not text.isascii():
        text = _to_ascii(text)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:100].strip("-") or "record"


def slugify_all(text: str) -> str:
    """slugify without the length limit (and "" for no letters)."""
    text = str(text)
    return re.sub(r"[^a-z0-9]+", "-", (text if text.isascii() else _to_ascii(text)).lower()).strip("-")


def _to_ascii(text: str) -> str:
    import unicodedata

    from anyascii import anyascii

    out = []
    for char in unicodedata.normalize("NFKD", text):
        if char.isascii():
            out.append(char)
        elif char.isalnum():
            spelled = anyascii(char)
            syllable = unicodedata.category(char) == "Lo" and spelled[:1].isupper()
            out.append(f" {spelled} " if syllable else spelled)
    return "".join(out)
