"""What a public build may emit: the one place that decides.

A public build (``privacy.public: true`` or ``build --public``) never shows a
contact's name, a note, a record id that carries a name, or an exact figure
of the owner's pay.  The core applies these rules to everything it renders
(pages, ``report.json``, ``report.md``, and so ``careerkit diff`` of two public
reports); plugins that write their own files call the same functions.

- **Record ids** (``contacts/priya-nair``) become stable pseudonyms
  (``contacts/r-1f0c3a9b7d2e``: a 48-bit blake2b digest of the reference), so
  the same record keeps the same UID in ``reminders.ics`` and the same anchor
  from build to build.  A pseudonym hides the name from a reader; it does not
  stop someone who guesses the exact id from confirming the guess, so nothing
  else about the record is printed beside it.
- **Pay figures**: a money metric (unit ``<CUR>/year``) shows a band
  (``$90k–$100k``); a metric with ``from_pay=True`` — and every fraction of
  an analysis that reports money, since an exact gap next to a banded amount
  gives the amount back — shows a band of five percentage points
  (``10–15 %``, as ``display.pay_pct``) or, for any other unit, is withheld (``null`` in report.json).
- **Text** an analysis that reports money writes (its summary, findings and
  the Text and table cells of its sections) has every exact percentage
  banded the same way and every currency amount (``$123,456``, ``€1,234.50``,
  ``98,000 EUR``, ``$52/h``) replaced by its band; every plugin page has its
  currency amounts banded.  ``display.pay_pct`` (and ``pay_gap_words``,
  ``pay_times``) give analyzers the banded form directly.  A chart's SVG is
  not rewritten (its data table is): a plugin drawing pay draws an index or
  bands in a public build, as the pay analyzers do.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import replace
from typing import Any

from . import display
from .models import Analysis, Chart, Config, Finding, Metric, Page, Section, Table, Text

WITHHELD = "(hidden in a public build)"
_PSEUDONYM = re.compile(r"r-[0-9a-f]{12}")


# --- record ids -------------------------------------------------------------------


def pseudonym(ref: str) -> str:
    """``contacts/priya-nair`` -> ``contacts/r-<12 hex digits>`` (the kind stays)."""
    kind, _, ident = ref.rpartition("/")
    if _PSEUDONYM.fullmatch(ident):  # already one: the rule applies once, wherever it is called
        return ref
    digest = hashlib.blake2b(ref.encode("utf-8", "surrogatepass"), digest_size=6, person=b"careerkit-ref").hexdigest()
    return f"{kind}/r-{digest}" if kind else f"r-{digest}"


def ref(value: str, config: Config) -> str:
    """A record reference as a build may print it."""
    return pseudonym(value) if config.public else value


def refs(values, config: Config) -> list[str]:
    return [ref(v, config) for v in values]


# --- figures ----------------------------------------------------------------------


def fraction_band(value: float, signed: bool = False) -> str:
    """0.1234 -> '10–15 %' (five points, as display.pay_pct; 50 from 100 %)."""
    points = abs(value) * 100
    step = 5 if points < 100 else 50
    low = math.floor(points / step) * step
    sign = "−" if value < 0 else "+" if signed and value > 0 else ""
    return f"{sign}{low:.0f}–{low + step:.0f} %"


def is_pay_analysis(analysis: Analysis) -> bool:
    """Does this analysis report money (so its fractions are pay-derived)?"""
    return any(isinstance(m, Metric) and (m.is_money or m.from_pay) for m in analysis.metrics.values())


def sensitive(metric: Metric, pay_analysis: bool) -> bool:
    return metric.is_money or metric.from_pay or (pay_analysis and metric.unit == "fraction")


def metric(m: Metric, config: Config, pay_analysis: bool = False) -> Metric:
    """The metric as a public build shows it: a band (text) or withheld (None)."""
    if not config.public or not sensitive(m, pay_analysis) or m.value is None:
        return m
    value = m.value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        shown = None
    elif m.is_money:
        shown = display.band(value, config.currency)
    elif m.unit == "fraction":
        shown = display.pay_pct(value, config)  # "5–10 %", as the pay analyzers write it
    elif m.unit == "percentile":
        shown = display.pay_percentile(value, config)
    elif m.unit == "ratio":
        shown = display.pay_times(value, config)
    else:
        shown = None  # withheld: shown as "(hidden)"
    return replace(m, value=shown, from_pay=True)


# --- text -------------------------------------------------------------------------

_CODES = "|".join(sorted({*display.SYMBOLS, "CHF", "SEK", "NOK", "DKK", "INR", "CNY", "SGD", "NZD", "MXN", "BRL"}))
_SYMBOLS = "|".join(re.escape(s) for s in sorted(display.SYMBOLS.values(), key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_AMOUNT = re.compile(
    rf"(?P<sign>[-−]?)(?:(?P<symbol>{_SYMBOLS})(?P<n1>{_NUMBER})(?![\d,]*k\b)(?P<per>/(?:h|day|wk|mo|yr))?"
    rf"|(?<![\w.,])(?P<n2>{_NUMBER})\s?(?P<code>{_CODES})\b)"
)
_PERCENT = re.compile(r"(?P<sign>[+\-−]?)(?P<n>\d+(?:\.\d+)?)\s?%")


def _amount(match: re.Match, config: Config) -> str:
    number = float((match.group("n1") or match.group("n2")).replace(",", ""))
    return display.band(number, config.currency)


def _percent(match: re.Match) -> str:
    value = float(match.group("n")) / 100
    sign = match.group("sign")
    return ("−" if sign in ("-", "−") else "") + fraction_band(value, signed=sign == "+")


def scrub(text: str, config: Config, percents: bool = True) -> str:
    """``text`` with exact currency amounts (and percentages) banded."""
    if not config.public or not isinstance(text, str):
        return text
    text = _AMOUNT.sub(lambda m: _amount(m, config), text)
    return _PERCENT.sub(_percent, text) if percents else text


def _blocks(blocks, config: Config, percents: bool) -> tuple:
    out = []
    for block in blocks:
        if isinstance(block, Text):
            block = Text(scrub(block.markdown, config, percents))
        elif isinstance(block, Table):
            block = replace(block, rows=tuple(tuple(scrub(c, config, percents) for c in row) for row in block.rows))
        elif isinstance(block, Chart) and block.table is not None:
            block = replace(block, table=_blocks([block.table], config, percents)[0])
        out.append(block)
    return tuple(out)


def _sections(sections, config: Config, percents: bool) -> tuple:
    return tuple(replace(s, blocks=_blocks(s.blocks, config, percents)) if isinstance(s, Section) else s for s in sections)


def analysis(a: Analysis, config: Config) -> Analysis:
    """An analysis as a public build renders it (unchanged in a private one)."""
    if not config.public:
        return a
    pay = is_pay_analysis(a)
    metrics = {k: metric(m, config, pay) if isinstance(m, Metric) else m for k, m in a.metrics.items()}
    findings = tuple(
        replace(f, message=scrub(f.message, config, pay), records=tuple(refs(f.records, config)))
        if isinstance(f, Finding) else f for f in a.findings
    )
    return replace(a, metrics=metrics, findings=findings, summary=scrub(a.summary, config, pay),
                   sections=_sections(a.sections, config, pay))


def page(p: Page, config: Config) -> Page:
    """A plugin's page as a public build renders it: currency amounts banded."""
    if not config.public or not isinstance(p, Page):
        return p
    return replace(p, summary=scrub(p.summary, config, False), sections=_sections(p.sections, config, False))


def value(v: Any, config: Config) -> Any:
    """Any text value a public build prints outside an analysis (amounts banded)."""
    return scrub(v, config, False) if isinstance(v, str) else v
