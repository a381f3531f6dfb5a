"""Drawing a position chart at one Frame: one horizontal band per evidence
source on a shared value axis, with "you" and reference markers across all
rows — the picture that answers "am I underpaid".  careerkit.charts holds
the public API (:func:`careerkit.charts.position`)."""

from __future__ import annotations

from markupsafe import Markup

from .bars import label
from .svg import FONT, Frame, LabelSpace, Scale, colour, el, nice_ticks, text, tip, width_of

ROW = 28.0


def draw_position(f: Frame, rows, you, marks, fmt) -> tuple[float, list[Markup]]:
    """``rows``: PositionRow; ``you``: (label, value) or None; ``marks``:
    (label, value) reference lines (dashed).  Marker labels sit above the
    rows, each on the first of three lines where it overlaps nothing."""
    values = [v for r in rows for v in (r.low, r.high, r.mid, *r.points) if v is not None]
    values += [v for _, v in marks] + ([you[1]] if you else [])
    ticks = nice_ticks(min(values), max(values))
    tick_text = [fmt(t) for t in ticks]
    stacked = f.width < 400  # a phone: each row's label on its own line above its band, in full
    row, band_y = (ROW + 14, 14.0) if stacked else (ROW, 0.0)
    left = 8 + width_of(tick_text[0]) / 2 if stacked else f.label_right + 8
    right = f.width - 8 - width_of(tick_text[-1]) / 2
    xs = Scale(ticks[0], ticks[-1], left, right)
    head = 3 * 15 + 6  # three lines for the marker labels
    top = 8 + head
    bottom = top + len(rows) * row + 4
    body: list[Markup] = []
    ticks_space = LabelSpace((0.0, bottom, float(f.width), bottom + 20))  # a tick label that would overlap another is left out
    for t, shown in zip(ticks, tick_text, strict=True):
        body.append(el("line", {"x1": xs(t), "y1": top - 4, "x2": xs(t), "y2": bottom, "class": "ck-grid"}))
        if ticks_space.fits(xs(t), bottom + 16, shown, "middle", FONT):
            body.append(text(xs(t), bottom + 16, shown, "ck-label ck-muted", "middle"))
    body.append(el("line", {"x1": left, "y1": bottom, "x2": right, "y2": bottom, "class": "ck-axis"}))
    for i, r in enumerate(rows):
        cls = colour(r.cls, i)
        if stacked:
            body.append(label(8, top + i * row + 12, r.label, int((f.width - 16) / (FONT * 0.6))))
        else:
            body.append(label(f.label_right, top + i * row + 18, r.label, f.label_chars, "end"))
        y = top + i * row + band_y
        if r.low is not None and r.high is not None:
            x0, x1 = sorted((xs(r.low), xs(r.high)))
            attrs = {"x": x0, "y": y + 7, "width": max(x1 - x0, 2.0), "height": 14, "class": f"ck-bar {cls}"}
            body.append(el("rect", attrs, tip(f"{r.label}: {fmt(r.low)}–{fmt(r.high)}")))
        if r.mid is not None:
            body.append(el("line", {"x1": xs(r.mid), "y1": y + 4, "x2": xs(r.mid), "y2": y + 24, "class": "ck-mid"},
                           tip(f"{r.label}: median {fmt(r.mid)}")))
        for v in r.points:
            dot = {"cx": xs(v), "cy": y + 14, "r": 5, "class": f"ck-dot {cls}"}
            body.append(el("circle", dot, tip(f"{r.label}: {fmt(v)}")))
    space = LabelSpace((0.0, 0.0, float(f.width), top))
    markers = [(name, v, "ck-ref") for name, v in marks] + ([(you[0], you[1], "ck-you-line")] if you else [])
    for name, v, cls in markers:
        x = xs(v)
        body.append(el("line", {"x1": x, "y1": top - 4, "x2": x, "y2": bottom, "class": cls}, tip(f"{name}: {fmt(v)}")))
    for name, v, kind in sorted(markers, key=lambda m: m[2] != "ck-you-line"):  # "you" first: it matters most
        x = xs(v)
        shown = f"{name} {fmt(v)}"
        half = width_of(shown, FONT) / 2
        anchor = "end" if x + half > f.width - 4 else "start" if x - half < 4 else "middle"
        cls = "ck-label ck-strong" if kind == "ck-you-line" else "ck-label"
        for line in range(3):
            y = 8 + 12 + line * 15
            if space.fits(x, y, shown, anchor, FONT):
                body.append(text(x, y, shown, cls, anchor))
                break
    return bottom + 26, body
