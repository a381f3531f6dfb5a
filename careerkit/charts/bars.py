"""Drawing bar charts and funnels at one Frame (careerkit.charts.svg.WIDE or
NARROW); careerkit.charts calls these twice and holds the public API."""

from __future__ import annotations

from markupsafe import Markup

from .palette import STAGE_RAMP
from .svg import FONT, Frame, Scale, clip, colour, el, legend, text, tip, width_of

ROW = 26.0


def label(x: float, y: float, value: str, max_chars: int, anchor: str = "start") -> Markup:
    """A text label shortened to ``max_chars``; a clipped one keeps its full
    text in a ``<title>`` tooltip."""
    shown = clip(value, max_chars)
    if shown == value:
        return text(x, y, value, anchor=anchor)
    return el("text", {"x": float(x), "y": float(y), "class": "ck-label", "text-anchor": anchor}, tip(value), shown)


def _value_room(f: Frame, shown: list[str]) -> float:
    """The bar end that leaves room for the widest value label after it."""
    widest = max((width_of(s) for s in shown), default=0.0)
    return min(f.bar_end, f.width - 6 - widest - 4)


def draw_bars(f: Frame, items: list[tuple[str, object]], values: list[float], shown: list[str]) -> tuple[float, list[Markup]]:
    lo, hi = min(0.0, *values), max(0.0, *values)
    scale = Scale(lo, hi if hi > lo else 1.0, f.bar_x, _value_room(f, shown))
    zero = scale(0.0)
    body: list[Markup] = []
    for i, ((name, _), v, value_text) in enumerate(zip(items, values, shown, strict=True)):
        top = 8 + i * ROW
        x0, x1 = sorted((zero, scale(v)))
        body.append(label(f.label_right, top + 15, name, f.label_chars, "end"))
        attrs = {"x": x0, "y": top + 3, "width": x1 - x0, "height": ROW - 8, "class": f"ck-bar {colour('', 0)}"}
        body.append(el("rect", attrs, tip(f"{name}: {value_text}")))
        body.append(text(x1 + 4, top + 15, value_text))
    height = 8 + len(items) * ROW + 6
    body.append(el("line", {"x1": zero, "y1": 6, "x2": zero, "y2": height - 4, "class": "ck-axis"}))
    return height, body


def series_colour(name: str, index: int, cls: str = "") -> str:
    """A series' colour: its ``cls``, else a stage named by its label ("offer",
    "lead only": the stage ramp, as on every page), else the palette."""
    if not cls:
        first = name.strip().split(" ", 1)[0].lower() if name.strip() else ""
        cls = first if first in STAGE_RAMP else ""
    return colour(cls, index)


def draw_stacked(f: Frame, categories: list[str], series: list[tuple[str, list[float]]], totals_text: list[str],
                 cell_text) -> tuple[float, list[Markup]]:
    totals = [sum(max(0.0, values[i]) for _, values in series) for i in range(len(categories))]
    scale = Scale(0.0, max(totals) or 1.0, f.bar_x, _value_room(f, totals_text))
    colours = [series_colour(name, k) for k, (name, _) in enumerate(series)]
    entries = list(zip(colours, [n for n, _ in series], strict=True))
    body, top0 = legend(f.bar_x if f.width > 400 else 8, 16, entries, f.width - 8)
    for i, category in enumerate(categories):
        top = top0 + i * ROW
        body.append(label(f.label_right, top + 15, category, f.label_chars, "end"))
        acc = 0.0
        for k, (name, values) in enumerate(series):
            v = max(0.0, values[i])
            if v > 0:
                body.append(el("rect", {"x": scale(acc), "y": top + 3, "width": scale(acc + v) - scale(acc), "height": ROW - 8,
                                        "class": f"ck-bar {colours[k]}"}, tip(f"{category} — {name}: {cell_text(i, k)}")))
            acc += v
        body.append(text(scale(acc) + 4, top + 15, totals_text[i]))
    height = top0 + len(categories) * ROW + 6
    body.append(el("line", {"x1": f.bar_x, "y1": top0 - 2, "x2": f.bar_x, "y2": height - 4, "class": "ck-axis"}))
    return height, body


def draw_funnel(f: Frame, rows: list[tuple[str, int, str]]) -> tuple[float, list[Markup]]:
    """One centred bar per stage, the count and the conversion beside it
    ("12 · 62 % of previous"; on a phone "12 · 62 %")."""
    top_count = max(max(count for _, count, _ in rows), 1)
    wide = f.width > 400
    label_right = f.label_right - 10 if wide else max(width_of(name) for name, _, _ in rows) + 8
    half = 130.0 if wide else (f.width - label_right - 8 - 10 * FONT * 0.6) / 2 - 8
    centre = label_right + 20 + half if wide else label_right + 8 + half
    body: list[Markup] = []
    for i, (name, count, rate) in enumerate(rows):
        top = 8 + i * 34
        w = max(2 * half * count / top_count, 2.0 if count else 0.0)
        cls = colour(name.lower() if name.lower() in STAGE_RAMP else "", i)
        body.append(label(label_right, top + 20, name, 20, "end"))
        body.append(el("rect", {"x": centre - w / 2, "y": top + 4, "width": float(w), "height": 26, "class": f"ck-bar {cls}"},
                       tip(f"{name}: {count}")))
        note = f"{count}" if rate == "—" else f"{count} · {rate} of previous" if wide else f"{count} · {rate}"
        body.append(text(centre + half + 8, top + 20, note))
    return 8 + len(rows) * 34 + 8, body
