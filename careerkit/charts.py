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

from .models import Chart, Table
from .svg import (
    CSS,
    LabelSpace,
    Scale,
    clip,
    colour,
    date_scale,
    document,
    el,
    finite,
    legend,
    nice_ticks,
    no_data,
    num,
    text,
    tick_value,
    tip,
    year_axis,
    year_ticks,
)

Fmt = Callable[[float], str]
WIDTH = 640
STAGE_CLASSES = ("lead", "applied", "screen", "interview", "offer")


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


def _chart(name: str, title: str, desc: str, height: float, body: list[Markup], table: Table) -> Chart:
    """Wraps a drawn body into a Chart with its SVG document and table."""
    svg = document(name, title, desc, WIDTH, int(round(height)), body)
    return Chart(name=name, title=title, svg=svg, table=table)


def _empty(name: str, title: str, desc: str, table: Table) -> Chart:
    """A chart that says 'No data'."""
    return _chart(name, title, desc or "No data.", 80, no_data(WIDTH, 80), table)


# --- bars ---------------------------------------------------------------------

LABEL_W, BAR_X, BAR_END, ROW = 160.0, 170.0, 530.0, 26.0


def _row_label(y: float, label: str) -> Markup:
    """A category label right-aligned in the left column (clipped, with the
    full text as a tooltip)."""
    return _label(LABEL_W, y, label, 22, "end")


def _label(x: float, y: float, label: str, max_chars: int, anchor: str = "start") -> Markup:
    """A text label shortened to ``max_chars``; a clipped one keeps its full
    text in a ``<title>`` tooltip."""
    shown = clip(label, max_chars)
    if shown == label:
        return text(x, y, label, anchor=anchor)
    return el("text", {"x": float(x), "y": float(y), "class": "ck-label", "text-anchor": anchor}, tip(label), shown)


def bars(name: str, title: str, items, *, fmt: Fmt = str, desc: str = "") -> Chart:
    """Draws horizontal bars, one per (label, value): labels on the left, the
    formatted value at the end of each bar, a zero line (negative values go left)."""
    items = [(str(label), value) for label, value in items]
    table = Table(("Item", "Value"), tuple((label, fmt(value)) for label, value in items), title, (1,))
    desc = desc or f"Horizontal bar chart, {len(items)} items."
    if not items:
        return _empty(name, title, desc, table)
    values = [float(v) for _, v in items]
    lo, hi = min(0.0, *values), max(0.0, *values)
    scale = Scale(lo, hi if hi > lo else 1.0, BAR_X, BAR_END)
    zero = scale(0.0)
    body: list[Markup] = []
    for i, ((label, value), v) in enumerate(zip(items, values, strict=False)):
        top = 8 + i * ROW
        x0, x1 = sorted((zero, scale(v)))
        shown = fmt(value)
        body.append(_row_label(top + 15, label))
        body.append(el("rect", {"x": x0, "y": top + 3, "width": x1 - x0, "height": ROW - 8, "class": f"ck-bar {colour('', 0)}"}, tip(f"{label}: {shown}")))
        body.append(text(x1 + 4, top + 15, shown))
    height = 8 + len(items) * ROW + 6
    body.append(el("line", {"x1": zero, "y1": 6, "x2": zero, "y2": height - 4, "class": "ck-axis"}))
    return _chart(name, title, desc, height, body, table)


def stacked_bars(name: str, title: str, categories, series, *, fmt: Fmt = str, desc: str = "") -> Chart:
    """Draws one horizontal bar per category, split into a segment per series
    (colours ck-c1..c8, legend on top), with the formatted total at the end.
    Negative values count as zero."""
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
    totals = [sum(max(0.0, float(value(values, i))) for _, values in series) for i in range(len(categories))]
    scale = Scale(0.0, max(totals) or 1.0, BAR_X, BAR_END)
    body, top0 = legend(BAR_X, 16, [(colour("", k), label) for k, (label, _) in enumerate(series)], WIDTH - 8)
    for i, category in enumerate(categories):
        top = top0 + i * ROW
        body.append(_row_label(top + 15, category))
        acc = 0.0
        for k, (label, values) in enumerate(series):
            v = max(0.0, float(value(values, i)))
            if v > 0:
                body.append(el("rect", {"x": scale(acc), "y": top + 3, "width": scale(acc + v) - scale(acc), "height": ROW - 8, "class": f"ck-bar {colour('', k)}"}, tip(f"{category} — {label}: {fmt(value(values, i))}")))
            acc += v
        body.append(text(scale(acc) + 4, top + 15, rows[i][-1]))
    height = top0 + len(categories) * ROW + 6
    body.append(el("line", {"x1": BAR_X, "y1": top0 - 2, "x2": BAR_X, "y2": height - 4, "class": "ck-axis"}))
    return _chart(name, title, desc, height, body, table)


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
    top_count = max(max(count for _, count in stages), 1)
    centre, half = 300.0, 130.0
    body: list[Markup] = []
    for i, (label, count, rate) in enumerate(rows):
        top = 8 + i * 34
        w = max(2 * half * count / top_count, 2.0 if count else 0.0)
        cls = colour(label.lower() if label.lower() in STAGE_CLASSES else "", i)
        body.append(_label(150, top + 20, label, 20, "end"))
        body.append(el("rect", {"x": centre - w / 2, "y": top + 4, "width": float(w), "height": 26, "class": f"ck-bar {cls}"}, tip(f"{label}: {count}")))
        note = f"{count}" if rate == "—" else f"{count} · {rate} of previous"
        body.append(text(centre + half + 12, top + 20, note))
    return _chart(name, title, desc, 8 + len(stages) * 34 + 8, body, table)


# --- time axes ------------------------------------------------------------------

LEFT, RIGHT = 76.0, 616.0


def timeseries(name: str, title: str, *, lines=(), bands=(), points=(), fmt: Fmt = str, desc: str = "") -> Chart:
    """Draws values over time: a year axis, a y axis of 4–6 round ticks
    formatted with ``fmt``, bands as vertical low–high bars at each date (and a
    shaded area between them when there are several), lines (staircases when
    ``step``, the last value held to the right edge) with optional point
    labels, and markers with labels; a legend names every series."""
    lines, bands, points = ([finite(s) for s in group] for group in (lines, bands, points))
    # each point once as (day, value, ISO date, formatted value, mark or label), for the table and the drawing:
    # a line's points in date order, a group's as given
    line_pts = [_formatted(line.points, line.marks, None, fmt, by_date=True) for line in lines]
    group_pts = [_formatted(group.points, group.labels, "", fmt) for group in points]
    rows = []
    for line, pts in zip(lines, line_pts, strict=False):
        rows.extend((line.label, iso, shown, mark or "") for _, _, iso, shown, mark in pts)
    for band in bands:
        rows.extend((band.label, d.isoformat(), f"{fmt(lo)}–{fmt(hi)}", "") for d, lo, hi in sorted(band.points, key=lambda p: p[0]))
    for group, pts in zip(points, group_pts, strict=False):
        rows.extend((group.label, iso, shown, label or "") for _, _, iso, shown, label in sorted(pts, key=lambda p: p[0]))
    table = Table(("Series", "Date", "Value", "Note"), tuple(rows), title, (2,))
    series = [s for s in (*lines, *bands, *points) if s.points]
    desc = desc or "Time series: " + (", ".join(s.label for s in series) or "no data") + "."
    days = [p[0] for s in series for p in s.points]
    values = [float(v) for s in series for p in s.points for v in p[1:]]
    if not days:
        return _empty(name, title, desc, table)

    colours = {id(s): colour(s.cls, i) for i, s in enumerate(series)}
    body, top = legend(LEFT, 16, [(colours[id(s)], s.label) for s in series], RIGHT)
    bottom = top + 8 + 220
    first, last, xticks = year_ticks(min(days), max(days))
    xs = date_scale(first, last, LEFT, RIGHT)
    yticks = nice_ticks(min(values), max(values))
    ys = Scale(yticks[0], yticks[-1], bottom, top + 8)
    for t in yticks:
        body.append(el("line", {"x1": LEFT, "y1": ys(t), "x2": RIGHT, "y2": ys(t), "class": "ck-grid"}))
        body.append(text(LEFT - 6, ys(t) + 4, fmt(tick_value(t)), "ck-label ck-muted", "end"))
    body.extend(year_axis(xticks, xs, top + 8, bottom))

    for band in (b for b in bands if b.points):
        cls, pts = colours[id(band)], sorted(band.points, key=lambda p: p[0])
        if len(pts) > 1:
            ring = [(xs(d), ys(hi)) for d, _, hi in pts] + [(xs(d), ys(lo)) for d, lo, _ in reversed(pts)]
            body.append(el("polygon", {"points": " ".join(f"{num(x)},{num(y)}" for x, y in ring), "class": f"ck-area {cls}"}))
        for day, low, high in pts:
            y0, y1 = sorted((ys(float(low)), ys(float(high))))
            body.append(el("rect", {"x": xs(day) - 3, "y": y0, "width": 6, "height": max(y1 - y0, 1.0), "class": f"ck-range {cls}"},
                           tip(f"{band.label}, {day.isoformat()}: {fmt(low)}–{fmt(high)}")))

    space = LabelSpace()
    for line, pts in zip(lines, line_pts, strict=False):
        if not pts:
            continue
        cls = colours[id(line)]
        xy = [(xs(day), ys(float(value))) for day, value, _, _, _ in pts]
        path = [f"M{num(xy[0][0])} {num(xy[0][1])}"]
        for x, y in xy[1:]:
            path.append(f"H{num(x)}V{num(y)}" if line.step else f"L{num(x)} {num(y)}")
        if line.step:
            path.append(f"H{num(RIGHT)}")
        body.append(el("path", {"d": "".join(path), "class": f"ck-line {cls}"}))
        for (x, y), (_, _, iso, shown, mark) in zip(xy, pts, strict=False):
            note = f" ({mark})" if mark else ""
            body.append(el("circle", {"cx": x, "cy": y, "r": 3, "class": f"ck-dot {cls}"}, tip(f"{line.label}, {iso}: {shown}{note}")))
            if mark and space.fits(x, y - 7, clip(str(mark), 18), "middle"):
                body.append(text(x, y - 7, clip(str(mark), 18), "ck-label ck-small", "middle"))

    for group, pts in zip(points, group_pts, strict=False):
        cls = colours[id(group)]
        for day, value, iso, shown, label in pts:
            x, y = xs(day), ys(float(value))
            note = f" ({label})" if label else ""
            body.append(el("circle", {"cx": x, "cy": y, "r": 5, "class": f"ck-dot ck-point {cls}"}, tip(f"{group.label}, {iso}: {shown}{note}")))
            anchor = "end" if x > RIGHT - 100 else "start"
            lx = x - 8 if anchor == "end" else x + 8
            if label and space.fits(lx, y + 4, clip(str(label), 24), anchor):
                body.append(text(lx, y + 4, clip(str(label), 24), "ck-label ck-small", anchor))
    return _chart(name, title, desc, bottom + 26, body, table)


def _formatted(points, notes, missing, fmt: Fmt, by_date: bool = False) -> list[tuple]:
    """(day, value, ISO date, fmt(value), note) for each (day, value) point,
    with ``missing`` as the note of a point beyond ``notes``; in date order
    (a stable sort) when ``by_date``."""
    pairs = zip(points, list(notes) + [missing] * len(points), strict=False)
    if by_date:
        pairs = sorted(pairs, key=lambda p: p[0][0])
    return [(day, value, day.isoformat(), fmt(value), note) for (day, value), note in pairs]


def timeline(name: str, title: str, *, spans=(), events=(), start: date | None = None, end: date | None = None, desc: str = "") -> Chart:
    """Draws a timeline: an events row of dots (coloured ``ck-<cls>``, with a
    legend of the classes present) above one lane per distinct span label,
    each span a bar from its start to its end, and year ticks below.  The
    range is ``start``..``end`` (default: the data's); data outside is clipped."""
    rows = [(s.label, s.cls or "period", s.start.isoformat(), s.end.isoformat()) for s in spans]
    rows += [(e.label, e.cls or "event", e.date.isoformat(), "") for e in events]
    table = Table(("Item", "Kind", "From", "To"), tuple(rows), title)
    desc = desc or f"Timeline: {len(spans)} periods, {len(events)} events."
    days = [d for s in spans for d in (s.start, s.end)] + [e.date for e in events]
    if not days and (start is None or end is None):
        return _empty(name, title, desc, table)
    start, end = start or min(days), end or max(days)
    if end < start:
        start, end = end, start
    first, last, xticks = year_ticks(start, end)
    left = 160.0
    xs = date_scale(first, last, left, RIGHT)
    events = [e for e in events if start <= e.date <= end]
    kinds = list(dict.fromkeys(e.cls for e in events))
    kind_colour = {k: colour(k, i) for i, k in enumerate(kinds)}
    body, top = legend(left, 16, [(kind_colour[k], k.replace("-", " ") if k else "event") for k in kinds], RIGHT)
    y = top
    if events:
        body.append(text(left - 10, y + 16, "Events", anchor="end"))
        for e in sorted(events, key=lambda e: (e.date, e.label)):
            body.append(el("circle", {"cx": xs(e.date), "cy": y + 12, "r": 5, "class": f"ck-dot {kind_colour[e.cls]}"}, tip(f"{e.date.isoformat()}: {e.label}")))
        y += 26
    lanes: dict[str, list[Span]] = {}  # label -> its spans, labels in order of first appearance
    for s in spans:
        lanes.setdefault(s.label, []).append(s)
    for i, (lane, lane_spans) in enumerate(lanes.items()):
        body.append(_label(left - 10, y + 16, lane, 20, "end"))
        for s in lane_spans:
            a, b = max(s.start, start, first), min(s.end, end, last)
            if b < a:
                continue
            x0, x1 = xs(a), xs(b)
            body.append(el("rect", {"x": x0, "y": y + 4, "width": max(x1 - x0, 2.0), "height": 16, "class": f"ck-bar {colour(s.cls, i)}"},
                           tip(f"{s.label}: {s.start.isoformat()} – {s.end.isoformat()}")))
        y += 24
    bottom = max(y, top + 24) + 4
    body[:0] = year_axis(xticks, xs, top, bottom)
    return _chart(name, title, desc, bottom + 26, body, table)


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
