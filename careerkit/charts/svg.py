"""Small helpers for building SVG markup safely and deterministically.

Every element is built by :func:`el`, which escapes attribute values and text
with :func:`markupsafe.escape`; numbers are rounded to one decimal and written
without floating-point noise.  :mod:`careerkit.charts` draws with these.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from .palette import CSS as CSS  # the chart stylesheet, re-exported
from .palette import SEMANTIC

FONT = 12  # px, the label size the CSS sets; used to estimate text widths
PALETTE = 8  # ck-c1 .. ck-c8


@dataclass(frozen=True)
class Frame:
    """The geometry a chart is drawn at.  Every chart is drawn twice: WIDE
    (a desktop, print, the SVG files) and NARROW (a phone: shown below
    40rem by the stylesheet), so a phone never scrolls a chart sideways and
    its text stays 12 px."""

    width: int
    left: float  # a time axis's plot area, when the y tick labels are short
    right: float
    label_right: float  # the right edge of the category labels of bar charts
    bar_x: float
    bar_end: float
    label_chars: int  # category labels are clipped to this many characters
    lane_left: float  # a timeline's plot area starts here
    max_ticks: int  # year ticks at most
    max_labels: int  # point labels at most (the data table keeps the rest)
    suffix: str  # added to the element ids, so both drawings can be on one page


WIDE = Frame(640, 76, 616, 160, 170, 530, 20, 160, 12, 8, "")
NARROW = Frame(360, 50, 344, 112, 118, 282, 14, 120, 6, 4, "-n")


def num(value: float) -> str:
    """A coordinate rounded to 1 decimal: 12.0 -> '12', 3.14159 -> '3.1'."""
    text = f"{float(value):.1f}"  # correctly rounded, like round(value, 1)
    if text[-2:] != ".0":
        return text
    return "0" if text == "-0.0" else text[:-2]


def slug(value: str) -> str:
    """A safe class/id fragment: lower case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9_-]+", "-", str(value).lower()).strip("-")


def colour(cls: str, index: int) -> str:
    """The colour class of a series: ``ck-<cls>`` for a class the stylesheet
    colours (a stage, a reason, a status), else ck-c1..c8 by index — followed
    by ``ck-<cls>`` when given, so a plugin's own class still styles it."""
    name, palette = slug(cls) if cls else "", f"ck-c{index % PALETTE + 1}"
    if name in SEMANTIC:
        return f"ck-{name}"
    return f"{palette} ck-{name}" if name else palette


def el(tag: str, attrs: dict[str, Any] | None = None, *children: Any) -> Markup:
    """One element; attribute values and string children are escaped, floats
    rounded.  ``None`` attributes are left out."""
    head = f"<{tag}"
    if attrs:
        head += "".join([f' {key}="{_attr(value)}"' for key, value in attrs.items() if value is not None])
    if not children:
        return _markup(head + "/>")
    inner = "".join([_child(child) for child in children])
    return _markup(f"{head}>{inner}</{tag}>")


def _attr(value: Any) -> str:
    if isinstance(value, float):
        return num(value)
    if type(value) is int:  # an int's digits need no escaping
        return str(value)
    return _escape(str(value))


def _child(child: Any) -> str:
    if isinstance(child, Markup):
        return child
    return _escape(child) if type(child) is str else escape(child)


def _escape(text: str) -> str:
    """What :func:`markupsafe.escape` makes of a plain string, as a plain string."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")


def _markup(text: str) -> Markup:
    """``Markup(text)`` for text built from escaped parts, without Markup's
    check for an ``__html__`` method on a plain string (slow when missing)."""
    return str.__new__(Markup, text)


def text(x: float, y: float, value: str, cls: str = "ck-label", anchor: str = "start", **attrs) -> Markup:
    """A text label at (x, y) (baseline); ``anchor`` is start/middle/end."""
    base = {"x": float(x), "y": float(y), "class": cls}
    if anchor != "start":
        base["text-anchor"] = anchor
    base.update(attrs)
    return el("text", base, value)


def tip(value: str) -> Markup:
    """A ``<title>`` tooltip child for a mark."""
    return el("title", None, value)


def width_of(value: str, size: float = FONT) -> float:
    """An estimate of a label's width in px (no font metrics available)."""
    return len(value) * size * 0.6


def clip(value: str, max_chars: int) -> str:
    """A label shortened to ``max_chars`` with an ellipsis."""
    value = str(value)
    return value if len(value) <= max_chars else value[: max(1, max_chars - 1)] + "…"


def document(name: str, title: str, desc: str, width: int, height: int, body: list[Markup], suffix: str = "") -> str:
    """The ``<svg>`` element of a chart: title and desc first, then ``body``;
    ``suffix`` (NARROW's) keeps the ids of the phone drawing distinct."""
    ident = (slug(name) or "chart") + suffix
    kind = " ck-narrow" if suffix else ""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img"'
        f' aria-labelledby="ck-{ident}-t ck-{ident}-d" class="ck-chart{kind}">'
    )
    # the parts are str (Markup is one): joined as they are, no copy each
    return "\n".join([head, el("title", {"id": f"ck-{ident}-t"}, title), el("desc", {"id": f"ck-{ident}-d"}, desc),
                      *body, "</svg>"])


def no_data(width: int = 640, height: int = 80) -> list[Markup]:
    """The body of an empty chart: a centred 'No data'."""
    return [text(width / 2, height / 2 + 4, "No data", "ck-label ck-muted", "middle")]


def nice_ticks(low: float, high: float) -> list[float]:
    """4 to 6 round tick values covering [low, high] (steps 1, 2, 2.5, 5 × 10^k)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        low, high = 0.0, 1.0
    if high < low:
        low, high = high, low
    if high == low:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    span = high - low
    best: tuple[float, float, list[float]] | None = None
    base = 10.0 ** math.floor(math.log10(span / 5))
    for exp in (0.1, 1, 10):
        for mantissa in (1, 2, 2.5, 5):
            step = base * exp * mantissa
            first = math.floor(low / step + 1e-9) * step
            last = math.ceil(high / step - 1e-9) * step
            count = int(round((last - first) / step)) + 1
            ticks = [round(first + i * step, 10) for i in range(count)]
            score = (0 if 4 <= count <= 6 else 10 + abs(count - 5), abs(count - 5) - step * 1e-12)
            if best is None or score < best[:2]:
                best = (score[0], score[1], ticks)
    assert best is not None
    return [0.0 if t == 0 else t for t in best[2]]


def tick_value(value: float) -> float | int:
    """A tick as an int when whole (so fmt=str shows '100', not '100.0')."""
    return int(value) if float(value).is_integer() else value


def year_ticks(first: date, last: date, max_ticks: int = 12) -> tuple[date, date, list[date]]:
    """An axis from 1 Jan of ``first``'s year to 1 Jan after ``last``'s year,
    with a tick every 1, 2, 5 or 10 years (at most ~``max_ticks`` ticks)."""
    start_year, end_year = first.year, last.year + 1
    years = end_year - start_year
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100) if years / s <= max_ticks), 100)
    start_year -= start_year % step
    if (end_year - start_year) % step:
        end_year += step - (end_year - start_year) % step
    ticks = [date(y, 1, 1) for y in range(start_year, end_year + 1, step)]
    return ticks[0], ticks[-1], ticks


class Scale:
    """A linear map from a data domain to pixels."""

    def __init__(self, lo: float, hi: float, px_lo: float, px_hi: float):
        self.lo, self.hi, self.px_lo, self.px_hi = lo, hi, px_lo, px_hi

    def __call__(self, value: float) -> float:
        if self.hi == self.lo:
            return (self.px_lo + self.px_hi) / 2
        return self.px_lo + (value - self.lo) / (self.hi - self.lo) * (self.px_hi - self.px_lo)


def date_scale(lo: date, hi: date, px_lo: float, px_hi: float) -> Callable[[date], float]:
    """A map from dates to pixels."""
    scale = Scale(lo.toordinal(), hi.toordinal(), px_lo, px_hi)
    return lambda day: scale(day.toordinal())


def legend(x: float, y: float, entries: list[tuple[str, str]], max_x: float) -> tuple[list[Markup], float]:
    """Swatches with labels in a row, wrapping at ``max_x``; entries are
    (colour class, label).  Returns the parts and the y below the legend."""
    parts: list[Markup] = []
    cx, cy = x, y
    fit = max(8, int((max_x - x - 16) / (FONT * 0.6)))  # a label never runs past max_x: it wraps, then clips
    for cls, label in entries:
        label = clip(label, min(44, fit))
        w = 16 + width_of(label) + 14
        if cx + w > max_x and cx > x:
            cx, cy = x, cy + 18
        parts.append(el("rect", {"x": float(cx), "y": float(cy - 9), "width": 10, "height": 10, "class": f"ck-swatch {cls}"}))
        parts.append(text(cx + 14, cy, label))
        cx += w
    return parts, cy + 18


class LabelSpace:
    """The label-placement rule: a label is drawn only where it overlaps no
    label already placed, no reserved mark (a dot) and stays inside
    ``bounds`` (x0, y0, x1, y1); the rest are left out — the <title> tooltip
    and the data table still carry them.  Callers offer the key events
    first (the latest, the ones that changed something)."""

    def __init__(self, bounds: tuple[float, float, float, float] | None = None) -> None:
        self.boxes: list[tuple[float, float, float, float]] = []
        self.bounds = bounds

    def reserve(self, x: float, y: float, r: float) -> None:
        """A mark (a dot of radius ``r`` at x, y) no label may cover."""
        self.boxes.append((x - r, y - r, x + r, y + r))

    def fits(self, x: float, y: float, label: str, anchor: str = "start", size: float = 10) -> bool:
        w = width_of(label, size)
        x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
        box = (x0 - 2, y - size, x0 + w + 2, y + 2)
        if self.bounds:
            bx0, by0, bx1, by1 = self.bounds
            if not (bx0 <= box[0] and box[2] <= bx1 and by0 <= box[1] and box[3] <= by1):
                return False
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in self.boxes):
            return False
        self.boxes.append(box)
        return True


def year_axis(ticks: list[date], xs, top: float, bottom: float) -> list[Markup]:
    """Draws vertical grid lines at each year tick, the x axis line and the
    year labels below it."""
    parts = [el("line", {"x1": xs(t), "y1": top, "x2": xs(t), "y2": bottom, "class": "ck-grid"}) for t in ticks]
    parts.append(el("line", {"x1": xs(ticks[0]), "y1": bottom, "x2": xs(ticks[-1]), "y2": bottom, "class": "ck-axis"}))
    parts.extend(text(xs(t), bottom + 16, str(t.year), "ck-label ck-muted", "middle") for t in ticks)
    return parts


def finite(series):
    """The series without points whose values are None, NaN or infinite (so
    marks and labels stay with their points)."""
    keep = [all(v is not None and math.isfinite(float(v)) for v in p[1:]) for p in series.points]
    if all(keep):
        return series
    changes = {"points": [p for p, k in zip(series.points, keep, strict=False) if k]}
    for extra in ("marks", "labels"):
        if hasattr(series, extra):
            values = list(getattr(series, extra))
            changes[extra] = [v for i, v in enumerate(values) if i >= len(keep) or keep[i]][: len(changes["points"])]
    return replace(series, **changes)
