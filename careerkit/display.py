"""How values are shown to a person, with the privacy rules applied.

Analyzers format names and money through these helpers so that a public
build (`privacy.public` or `build --public`) shows initials instead of names
and money bands instead of amounts.  Output never depends on the locale.
"""

from __future__ import annotations

import re
from datetime import date

from .models import Config, Contact

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$"}
PERIOD_SUFFIX = {"hour": "/h", "day": "/day", "week": "/wk", "month": "/mo", "year": "/yr"}


def md_text(text: str | None) -> str:
    """A value escaped for a Markdown block (a summary, a finding, a Text):
    a company called `*Acme*` or `[x](y)` shows as written.  Not for table
    cells, which are plain text."""
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", text or "")


def initials(name: str) -> str:
    """'Jane van Doe' -> 'J. V. D.'"""
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    return " ".join(p[0].upper() + "." for p in parts) or "?"


def person(contact: Contact | None, config: Config) -> str:
    """A contact's name, or initials in a public build."""
    if contact is None:
        return "—"
    return initials(contact.name) if config.public else contact.name


def amount(value: float, currency: str, decimals: int = 0) -> str:
    """'$1,234' — grouping with commas whatever the locale."""
    symbol = SYMBOLS.get(currency)
    text = f"{abs(value):,.{decimals}f}"
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"


def band(value: float, currency: str) -> str:
    """A money range hiding the exact figure: '$90k–$100k'."""
    step = 10_000 if value < 200_000 else 25_000 if value < 500_000 else 100_000
    low = int(value // step) * step
    return f"{short(low, currency)}–{short(low + step, currency)}"


def short(value: float, currency: str) -> str:
    symbol = SYMBOLS.get(currency, currency + " ")
    if abs(value) >= 1000:
        return f"{symbol}{value / 1000:,.0f}k"
    return f"{symbol}{value:,.0f}"


def money(value: float | None, config: Config) -> str:
    """An annual amount in the base currency, banded in a public build."""
    if value is None:
        return "—"
    if config.public:
        return band(value, config.currency)
    return amount(value, config.currency)


def rate(value: float, period: str, currency: str, config: Config) -> str:
    """An amount as written with its period ('$52/h'); a band in public builds."""
    if config.public:
        return "(hidden)"
    decimals = 2 if period in ("hour", "day") and value != int(value) else 0
    return amount(value, currency, decimals) + PERIOD_SUFFIX.get(period, "")


def pct(value: float | None, signed: bool = False, decimals: int = 1) -> str:
    """0.1234 -> '12.3 %' (or '+12.3 %')."""
    if value is None:
        return "—"
    sign = "+" if signed and value > 0 else ""
    return f"{sign}{value * 100:.{decimals}f} %"


def day(value: date | None) -> str:
    """'2026-03-14' -> '14 Mar 2026'."""
    if value is None:
        return "—"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month(value: date | None) -> str:
    """'2026-03-14' -> 'March 2026'-style short form: 'Mar 2026'."""
    if value is None:
        return "—"
    return f"{MONTHS[value.month - 1]} {value.year}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 contact', '2 contacts', '1,234 people' (``many`` for an irregular plural)."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def days(n: int | None) -> str:
    """A duration as a person says it: '45 days' under 60 days, '5 months'
    under a year, then years and months: '7 y 6 mo', '5 y' (months of 30.44
    days, rounded).  The exact days belong in a tooltip or a table."""
    if n is None:
        return "—"
    sign, n = ("−" if n < 0 else ""), abs(n)
    if n < 60:
        return sign + plural(n, "day")
    months = round(n / 30.44)
    if months < 12:
        return sign + plural(months, "month")
    years, months = divmod(months, 12)
    return f"{sign}{years} y {months} mo" if months else f"{sign}{years} y"


def overdue(n: int) -> str:
    """'90 days overdue' reads as '3 months overdue'; '1853' as '5 y 1 mo overdue'."""
    return f"{days(n)} overdue"


# --- figures derived from pay ---------------------------------------------------
# An exact ratio next to a banded amount gives the amount back, so a public
# build shows gaps, raises, percentiles and multiples as ranges too.


def pay_pct(value: float | None, config: Config, decimals: int = 1) -> str:
    """A fraction derived from pay, unsigned: '9.3 %', or '5–10 %' in a public build."""
    if value is None:
        return "—"
    if not config.public:
        return pct(value, decimals=decimals)
    points = int(abs(value) * 100 // 5) * 5
    return f"{'−' if value < 0 else ''}{points}–{points + 5} %"


def pay_gap_words(gap: float | None, config: Config, subject: str = "the market") -> str:
    """A gap (reference − pay) / pay in words: 'the market pays 9.3 % more than you'."""
    if gap is None:
        return f"{subject} gives no figure to compare with"
    if gap == 0:
        return f"{subject} pays what you earn"
    return f"{subject} pays {pay_pct(abs(gap), config)} {'more' if gap > 0 else 'less'} than you"


def pay_times(value: float | None, config: Config) -> str:
    """A multiple derived from pay: '3.0×', or '3–4×' in a public build."""
    if value is None:
        return "—"
    if not config.public:
        return f"{value:.1f}×"
    low = int(value // 1)
    return f"{low}–{low + 1}×"


def pay_percentile(value: float | None, config: Config) -> str:
    """A percentile of the owner's pay: '35.3', or '30–40' in a public build."""
    if value is None:
        return "—"
    if not config.public:
        return f"{value:.1f}"
    low = int(value // 10) * 10
    return f"{low}–{min(low + 10, 100)}"
