"""Inline SVG charts: a small component library for analyzers and plugins.

Every function returns a :class:`careerkit.Chart`: the SVG markup (no
JavaScript, no external references, deterministic), plus the same data as a
:class:`careerkit.Table` (the accessible alternative, also used by the
Markdown report and print).  Colours come from CSS classes (``ck-…``) that
the site stylesheet defines for light, dark and print; :func:`standalone`
wraps a chart into a self-contained ``.svg`` file with that stylesheet.

API CONTRACT:

    bars(name, title, items, *, fmt=str, desc="") -> Chart
        items: sequence of (label: str, value: float); horizontal bars.
    stacked_bars(name, title, categories, series, *, fmt=str, desc="") -> Chart
        categories: sequence of str (one bar each);
        series: sequence of (series label: str, values: sequence of float,
        one per category); horizontal stacked bars with a legend.
    funnel(name, title, stages, *, desc="") -> Chart
        stages: sequence of (label: str, count: int), widest first; shows
        the conversion from one stage to the next.
    timeseries(name, title, *, lines=(), bands=(), points=(), fmt=str, desc="") -> Chart
        lines: sequence of Line; bands: sequence of Band; points: sequence
        of Points; x is a date axis (years), y a number axis formatted with fmt.
    timeline(name, title, *, spans=(), events=(), start=None, end=None, desc="") -> Chart
        spans: sequence of Span (e.g. employer tenures, drawn as lanes);
        events: sequence of Event (e.g. market tests, dots coloured by cls).
    standalone(chart) -> str
        a complete SVG document (xmlns, embedded style for light/dark).
    CSS: str
        the chart stylesheet the site includes.

Every chart is drawn twice, at careerkit.charts.svg.WIDE (640 px: a desktop,
print, the ``charts/*.svg`` files) and NARROW (360 px: ``Chart.narrow``,
which the site shows below 40rem), so on a phone no chart scrolls sideways,
its text stays 12 px and the latest data is in view.  Stages are coloured
by one ramp everywhere (careerkit.charts.palette).

``name`` is a slug unique within the page (used for element ids and for the
``charts/<name>.svg`` file next to report.md).  ``cls`` values are short
slugs such as a stage name (``lead``, ``applied``, ``screen``,
``interview``, ``offer``) or a reason (``hire``, ``cola``...); they become
``ck-<cls>`` classes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from ..models import Chart, Table
from .bars import draw_bars, draw_funnel, draw_stacked
from .palette import STAGE_RAMP
from .position import draw_position
from .svg import CSS, NARROW, WIDE, Frame, document, finite, no_data
from .timeseries import draw_timeline, draw_timeseries

Fmt = Callable[[float], str]
WIDTH = WIDE.width
STAGE_CLASSES = STAGE_RAMP


@dataclass(frozen=True)
class Line:
    """A series of (date, value); ``step`` draws a staircase (pay over time);
    ``marks`` optionally labels each point (e.g. the reason of a raise)."""

    label: str
    points: Sequence[tuple[date, float]]
    step: bool = False
    marks: Sequence[str | None] = ()
    cls: str = ""


@dataclass(frozen=True)
class Band:
    """A range (low, high) at each date, e.g. benchmark p25–p75."""

    label: str
    points: Sequence[tuple[date, float, float]]
    cls: str = ""


@dataclass(frozen=True)
class Points:
    """Single markers at dates, e.g. offers; ``labels`` name each one."""

    label: str
    points: Sequence[tuple[date, float]]
    labels: Sequence[str] = ()
    cls: str = ""


@dataclass(frozen=True)
class Span:
    """A period on a lane of a timeline, e.g. a tenure at an employer."""

    label: str
    start: date
    end: date
    cls: str = ""


@dataclass(frozen=True)
class Event:
    """A dated dot on a timeline, e.g. a market test coloured by its depth."""

    date: date
    label: str
    cls: str = ""


@dataclass(frozen=True)
class PositionRow:
    """One evidence source on a position chart: a band from ``low`` to
    ``high`` (either may be None), a median tick at ``mid`` and dots at
    ``points`` (e.g. offers)."""

    label: str
    low: float | None = None
    high: float | None = None
    mid: float | None = None
    points: Sequence[float] = ()
    cls: str = ""


def _pair(name: str, title: str, desc: str, table: Table, draw: Callable[[Frame], tuple[float, list[Markup]]]) -> Chart:
    """The chart drawn at WIDE (``svg``) and NARROW (``narrow``) by
    ``draw(frame) -> (height, body)``."""
    drawn = {}
    for frame in (WIDE, NARROW):
        height, body = draw(frame)
        drawn[frame] = document(name, title, desc, frame.width, int(round(height)), body, frame.suffix)
    return Chart(name=name, title=title, svg=drawn[WIDE], table=table, narrow=drawn[NARROW])


def _empty(name: str, title: str, desc: str, table: Table) -> Chart:
    """A chart that says 'No data' (pages should show a 'No data yet' text instead)."""
    return _pair(name, title, desc or "No data.", table, lambda f: (80, no_data(f.width, 80)))


# --- bars ---------------------------------------------------------------------


def bars(name: str, title: str, items, *, fmt: Fmt = str, desc: str = "") -> Chart:
    """Draws horizontal bars, one per (label, value): labels on the left, the
    formatted value at the end of each bar, a zero line (negative values go left)."""
    items = [(str(label), value) for label, value in items]
    shown = [fmt(value) for _, value in items]
    table = Table(("Item", "Value"), tuple(zip([label for label, _ in items], shown, strict=True)), title, (1,))
    desc = desc or f"Horizontal bar chart, {len(items)} items."
    if not items:
        return _empty(name, title, desc, table)
    values = [float(v) for _, v in items]
    return _pair(name, title, desc, table, lambda f: draw_bars(f, items, values, shown))


def stacked_bars(name: str, title: str, categories, series, *, fmt: Fmt = str, desc: str = "") -> Chart:
    """Draws one horizontal bar per category, split into a segment per series
    (a series named after a stage takes the stage's colour, others ck-c1..c8;
    legend on top), with the formatted total at the end.  Negative values
    count as zero."""
    categories = [str(c) for c in categories]
    series = [(str(label), list(values)) for label, values in series]

    def value(values, i):
        return values[i] if i < len(values) and values[i] is not None else 0

    rows = []
    for i, category in enumerate(categories):
        parts = [value(values, i) for _, values in series]
        rows.append((category, *(fmt(p) for p in parts), fmt(sum(parts))))
    columns = ("Category", *(label for label, _ in series), "Total")
    table = Table(columns, tuple(rows), title, tuple(range(1, len(columns))))
    desc = desc or f"Stacked horizontal bar chart, {len(categories)} bars, {len(series)} series."
    if not categories or not series:
        return _empty(name, title, desc, table)
    numbers = [(label, [float(value(values, i)) for i in range(len(categories))]) for label, values in series]
    totals = [row[-1] for row in rows]
    return _pair(name, title, desc, table, lambda f: draw_stacked(f, categories, numbers, totals, lambda i, k: rows[i][k + 1]))


def funnel(name: str, title: str, stages, *, desc: str = "") -> Chart:
    """Draws a funnel: one centred bar per (stage, count), width proportional
    to the count, with the count and the conversion from the previous stage
    ("62 % of previous") to the right."""
    stages = [(str(label), count) for label, count in stages]
    rows, prev = [], None
    for label, count in stages:
        rate = f"{round(100 * count / prev)} %" if prev else "—"
        rows.append((label, count, rate))
        prev = count
    table = Table(("Stage", "Count", "% of previous"), tuple(rows), title, (1, 2))
    desc = desc or "Funnel: " + ", ".join(f"{label} {count}" for label, count in stages) + "."
    if not stages:
        return _empty(name, title, desc, table)
    return _pair(name, title, desc, table, lambda f: draw_funnel(f, rows))


# --- time axes ------------------------------------------------------------------


def timeseries(name: str, title: str, *, lines=(), bands=(), points=(), fmt: Fmt = str, desc: str = "") -> Chart:
    """Draws values over time: a year axis, a y axis of 4–6 round ticks
    formatted with ``fmt``, bands as vertical low–high bars at each date (and a
    shaded area between them when there are several), lines (staircases when
    ``step``, the last value held to the right edge) with optional point
    labels, and markers with labels; a legend names every series.  Labels
    never overlap: the latest are placed first, the rest left to the table."""
    lines, bands, points = ([finite(s) for s in group] for group in (lines, bands, points))
    # each point once as (day, value, ISO date, formatted value, mark or label), for the table and the drawing:
    # a line's points in date order, a group's as given
    line_pts = [_formatted(line.points, line.marks, None, fmt, by_date=True) for line in lines]
    group_pts = [_formatted(group.points, group.labels, "", fmt) for group in points]
    rows = []
    for line, pts in zip(lines, line_pts, strict=False):
        rows.extend((line.label, iso, shown, mark or "") for _, _, iso, shown, mark in pts)
    for band in bands:
        rows.extend((band.label, d.isoformat(), f"{fmt(lo)}–{fmt(hi)}", "")
                    for d, lo, hi in sorted(band.points, key=lambda p: p[0]))
    for group, pts in zip(points, group_pts, strict=False):
        rows.extend((group.label, iso, shown, label or "") for _, _, iso, shown, label in sorted(pts, key=lambda p: p[0]))
    table = Table(("Series", "Date", "Value", "Note"), tuple(rows), title, (2,))
    series = [s for s in (*lines, *bands, *points) if s.points]
    desc = desc or "Time series: " + (", ".join(s.label for s in series) or "no data") + "."
    if not series:
        return _empty(name, title, desc, table)
    return _pair(name, title, desc, table, lambda f: draw_timeseries(f, lines, bands, points, line_pts, group_pts, fmt))


def _formatted(points, notes, missing, fmt: Fmt, by_date: bool = False) -> list[tuple]:
    """(day, value, ISO date, fmt(value), note) for each (day, value) point,
    with ``missing`` as the note of a point beyond ``notes``; in date order
    (a stable sort) when ``by_date``."""
    pairs = zip(points, list(notes) + [missing] * len(points), strict=False)
    if by_date:
        pairs = sorted(pairs, key=lambda p: p[0][0])
    return [(day, value, day.isoformat(), fmt(value), note) for (day, value), note in pairs]


def timeline(name: str, title: str, *, spans=(), events=(), start: date | None = None, end: date | None = None, desc: str = "",
             today: date | None = None, windows=(), markers=(), event_lanes: bool = False) -> Chart:
    """Draws a timeline: a row of event dots (coloured ``ck-<cls>``, with a
    legend of the classes present; ``event_lanes``: one row per class, so
    dots of different kinds never hide one another) above one lane per
    distinct span label, each span a bar from its start to its end, and year
    ticks below.  ``windows`` (Span) are shaded across the plot (e.g. the
    target window of the next market test), ``today`` is a dashed line and
    each of ``markers`` (Event: a date and a label such as "due in 4
    months") a line labelled above the plot.  The range is ``start``..``end``
    (default: the data's), widened to show today, the windows and markers;
    data outside is clipped."""
    rows = [(s.label, s.cls or "period", s.start.isoformat(), s.end.isoformat()) for s in spans]
    rows += [(e.label, e.cls or "event", e.date.isoformat(), "") for e in events]
    rows += [(w.label, "window", w.start.isoformat(), w.end.isoformat()) for w in windows]
    rows += [(m.label, "marker", m.date.isoformat(), "") for m in markers]
    rows += [("Today", "today", today.isoformat(), "")] if today else []
    table = Table(("Item", "Kind", "From", "To"), tuple(rows), title)
    desc = desc or f"Timeline: {len(spans)} periods, {len(events)} events."
    days = [d for s in spans for d in (s.start, s.end)] + [e.date for e in events]
    if not days and (start is None or end is None):
        return _empty(name, title, desc, table)
    start, end = start or min(days), end or max(days)
    if end < start:
        start, end = end, start
    extra = [d for w in windows for d in (w.start, w.end)] + [m.date for m in markers] + ([today] if today else [])
    start, end = min([start, *extra]), max([end, *extra])
    return _pair(name, title, desc, table,
                 lambda f: draw_timeline(f, spans, events, start, end, today, windows, markers, event_lanes))


def position(name: str, title: str, rows, *, you: tuple[str, float] | None = None, marks=(), fmt: Fmt = str,
             desc: str = "") -> Chart:
    """Draws where a value sits among references: one row per PositionRow
    (a band, a median tick, dots) on a shared horizontal axis, a solid line
    for ``you`` (label, value) across every row and a dashed line per mark
    (label, value), e.g. the walk-away figure and the ask, labelled above."""
    rows = [r for r in rows if r.low is not None or r.high is not None or r.mid is not None or r.points]
    marks = [(str(n), float(v)) for n, v in marks if v is not None]
    you = (str(you[0]), float(you[1])) if you and you[1] is not None else None
    table_rows = [(r.label, fmt(r.low) if r.low is not None else "—", fmt(r.mid) if r.mid is not None else "—",
                   fmt(r.high) if r.high is not None else "—", ", ".join(fmt(v) for v in r.points) or "—") for r in rows]
    table_rows += [(n, "—", fmt(v), "—", "—") for n, v in ([you] if you else []) + marks]
    table = Table(("Source", "Low", "Median / value", "High", "Points"), tuple(table_rows), title, (1, 2, 3, 4))
    desc = desc or f"Position chart: {len(rows)} sources" + (f", you at {fmt(you[1])}" if you else "") + "."
    if not rows and not you:
        return _empty(name, title, desc, table)
    return _pair(name, title, desc, table, lambda f: draw_position(f, rows, you, marks, fmt))


# --- standalone files -----------------------------------------------------------


def standalone(chart: Chart) -> str:
    """A complete SVG file for ``chart``: XML declaration, explicit size, the
    chart stylesheet embedded and a background rectangle, so it reads the same
    on a light or dark page (GitHub's file view) and in print."""
    svg = chart.svg
    head, rest = svg.split(">", 1)
    width, height = head.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split()
    head = head.replace("<svg ", f'<svg width="{width}" height="{height}" ', 1)
    marker = "</desc>"
    before, after = rest.split(marker, 1)
    inner = f'{marker}\n<style>{CSS}</style>\n<rect class="ck-bg" width="100%" height="100%"/>'
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + head + ">" + before + inner + after + "\n"
