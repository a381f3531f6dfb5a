"""Drawing charts on a date axis at one Frame (careerkit.charts.svg.WIDE or
NARROW): values over time and timelines.  careerkit.charts holds the public
API and calls these twice."""

from __future__ import annotations

from markupsafe import Markup

from .bars import label
from .svg import (
    FONT,
    Frame,
    LabelSpace,
    Scale,
    clip,
    colour,
    date_scale,
    el,
    legend,
    nice_ticks,
    num,
    text,
    tick_value,
    tip,
    width_of,
    year_axis,
    year_ticks,
)

PLOT_H = {True: 220.0, False: 200.0}  # the plot area's height, wide and narrow
MAX_LANES = 8  # a timeline draws the 8 lanes that end latest


def draw_timeseries(f: Frame, lines, bands, points, line_pts, group_pts, fmt) -> tuple[float, list[Markup]]:
    """Values over time (see careerkit.charts.timeseries).  Labels follow
    LabelSpace's rule: the latest first, at most ``f.max_labels``, never over
    another label, a dot or the edge."""
    series = [s for s in (*lines, *bands, *points) if s.points]
    days = [p[0] for s in series for p in s.points]
    values = [float(v) for s in series for p in s.points for v in p[1:]]
    colours = {id(s): colour(s.cls, i) for i, s in enumerate(series)}
    body, top = legend(8 if f.width < 400 else f.left, 16, [(colours[id(s)], s.label) for s in series], f.width - 8)
    wide = f.width > 400
    bottom = top + 8 + PLOT_H[wide]
    first, last, xticks = year_ticks(min(days), max(days), f.max_ticks)
    yticks = nice_ticks(min(values), max(values))
    tick_text = [fmt(tick_value(t)) for t in yticks]
    left = max(f.left, 8 + max(width_of(t) for t in tick_text) + 6)
    right = f.right
    xs = date_scale(first, last, left, right)
    ys = Scale(yticks[0], yticks[-1], bottom, top + 8)
    for t, shown in zip(yticks, tick_text, strict=True):
        body.append(el("line", {"x1": left, "y1": ys(t), "x2": right, "y2": ys(t), "class": "ck-grid"}))
        body.append(text(left - 6, ys(t) + 4, shown, "ck-label ck-muted", "end"))
    body.extend(year_axis(xticks, xs, top + 8, bottom))

    for band in (b for b in bands if b.points):
        cls, pts = colours[id(band)], sorted(band.points, key=lambda p: p[0])
        if len(pts) > 1:
            ring = [(xs(d), ys(hi)) for d, _, hi in pts] + [(xs(d), ys(lo)) for d, lo, _ in reversed(pts)]
            body.append(el("polygon", {"points": " ".join(f"{num(x)},{num(y)}" for x, y in ring), "class": f"ck-area {cls}"}))
        for day, low, high in pts:
            y0, y1 = sorted((ys(float(low)), ys(float(high))))
            attrs = {"x": xs(day) - 3, "y": y0, "width": 6, "height": max(y1 - y0, 1.0), "class": f"ck-range {cls}"}
            body.append(el("rect", attrs, tip(f"{band.label}, {day.isoformat()}: {fmt(low)}–{fmt(high)}")))

    space = LabelSpace((0.0, top, float(f.width), bottom + 2))
    wanted: list[tuple] = []  # (day, x, y, text, anchor, dy): the labels that may be drawn
    for line, pts in zip(lines, line_pts, strict=False):
        if not pts:
            continue
        cls = colours[id(line)]
        xy = [(xs(day), ys(float(value))) for day, value, _, _, _ in pts]
        path = [f"M{num(xy[0][0])} {num(xy[0][1])}"]
        for x, y in xy[1:]:
            path.append(f"H{num(x)}V{num(y)}" if line.step else f"L{num(x)} {num(y)}")
        if line.step:
            path.append(f"H{num(right)}")
        body.append(el("path", {"d": "".join(path), "class": f"ck-line {cls}"}))
        previous = None
        for (x, y), (day, _, iso, shown, mark) in zip(xy, pts, strict=False):
            note = f" ({mark})" if mark else ""
            attrs = {"cx": x, "cy": y, "r": 3, "class": f"ck-dot {cls}"}
            body.append(el("circle", attrs, tip(f"{line.label}, {iso}: {shown}{note}")))
            space.reserve(x, y, 3)
            if mark and mark != previous:  # a key event: a mark that repeats the one before ("cola", "cola") is not one
                wanted.append((day, x, y - 7, clip(str(mark), 18), "middle"))
            previous = mark or previous

    for group, pts in zip(points, group_pts, strict=False):
        cls = colours[id(group)]
        for day, value, iso, shown, name in pts:
            x, y = xs(day), ys(float(value))
            note = f" ({name})" if name else ""
            attrs = {"cx": x, "cy": y, "r": 5, "class": f"ck-dot ck-point {cls}"}
            body.append(el("circle", attrs, tip(f"{group.label}, {iso}: {shown}{note}")))
            space.reserve(x, y, 5)
            if name:
                anchor = "end" if x > right - 100 else "start"
                wanted.append((day, x - 8 if anchor == "end" else x + 8, y + 4, clip(str(name), 24 if wide else 16), anchor))
    placed = 0
    for _, x, y, shown, anchor in sorted(wanted, key=lambda w: (w[0], w[1]), reverse=True):  # the latest first
        if placed >= f.max_labels:
            break
        for dy in (0, 22):  # above its mark, else below it (a mark at the top of the plot)
            if space.fits(x, y + dy, shown, anchor):
                body.append(text(x, y + dy, shown, "ck-label ck-small", anchor))
                placed += 1
                break
    return bottom + 26, body


def draw_timeline(f: Frame, spans, events, start, end, today=None, windows=(), markers=(),
                  event_lanes=False) -> tuple[float, list[Markup]]:
    """Events as dots (one row, or one row per class with ``event_lanes``)
    above one lane per span label, with shaded ``windows``, a dashed
    ``today`` line and ``markers`` (vertical lines labelled above the plot,
    each label on the first of two lines where it overlaps nothing); see
    careerkit.charts.timeline."""
    first, last, xticks = year_ticks(start, end, f.max_ticks)
    left = f.lane_left
    xs = date_scale(first, last, left, f.right)
    events = [e for e in events if start <= e.date <= end]
    kinds = list(dict.fromkeys(e.cls for e in events))
    kind_colour = {k: colour(k, i) for i, k in enumerate(kinds)}
    entries = [(kind_colour[k], k.replace("-", " ") if k else "event") for k in kinds]
    body, top = legend(left if f.width > 400 else 8, 16, entries, f.width - 8)
    lines = [(today, "Today", "ck-today")] if today else []
    lines += [(m.date, m.label, "ck-ref") for m in markers]
    head = 2 * 15 if lines else 0  # two lines for the labels of today and the markers
    label_top, top = top, top + head
    y = top
    chars = int((left - 14) / (FONT * 0.6))
    rows = [(k, [e for e in events if e.cls == k]) for k in kinds] if event_lanes else [("Events", events)] if events else []
    for name, row in rows:
        shown = name if not event_lanes else (name.replace("-", " ") if name else "event")
        body.append(label(left - 10, y + 16, shown, chars, "end"))
        for e in sorted(row, key=lambda e: (e.date, e.label)):
            attrs = {"cx": xs(e.date), "cy": y + 12, "r": 5, "class": f"ck-dot {kind_colour[e.cls]}"}
            body.append(el("circle", attrs, tip(f"{e.date.isoformat()}: {e.label}")))
        y += 26
    lanes: dict[str, list] = {}  # label -> its spans, labels in order of first appearance
    for s in spans:
        lanes.setdefault(s.label, []).append(s)
    if len(lanes) > MAX_LANES:  # the latest lanes: the present stays in view; the data table has every span
        keep = set(sorted(lanes, key=lambda k: max(s.end for s in lanes[k]))[-MAX_LANES:])
        lanes = {k: v for k, v in lanes.items() if k in keep}
    for i, (lane, lane_spans) in enumerate(lanes.items()):
        body.append(label(left - 10, y + 16, lane, chars, "end"))
        for s in lane_spans:
            a, b = max(s.start, start, first), min(s.end, end, last)
            if b < a:
                continue
            x0, x1 = xs(a), xs(b)
            attrs = {"x": x0, "y": y + 4, "width": max(x1 - x0, 2.0), "height": 16, "class": f"ck-bar {colour(s.cls, i)}"}
            body.append(el("rect", attrs, tip(f"{s.label}: {s.start.isoformat()} – {s.end.isoformat()}")))
        y += 24
    bottom = max(y, top + 24) + 4
    behind = year_axis(xticks, xs, top, bottom)
    for w in windows:
        a, b = max(w.start, first), min(w.end, last)
        if b >= a:
            attrs = {"x": xs(a), "y": top, "width": max(xs(b) - xs(a), 1.0), "height": bottom - top,
                     "class": f"ck-window {colour(w.cls, 0)}"}
            behind.append(el("rect", attrs, tip(f"{w.label}: {w.start.isoformat()} – {w.end.isoformat()}")))
    space = LabelSpace((0.0, label_top - 2, float(f.width), top))
    for day, name, cls in lines:
        x = xs(day)
        body.append(el("line", {"x1": x, "y1": top, "x2": x, "y2": bottom, "class": cls}, tip(f"{name}: {day.isoformat()}")))
        half = width_of(name) / 2
        anchor = "end" if x + half > f.width - 4 else "start" if x - half < 4 else "middle"
        for row in range(2):
            y_label = label_top + 10 + row * 15
            if space.fits(x, y_label, name, anchor, FONT):
                body.append(text(x, y_label, name, "ck-label ck-strong" if cls == "ck-ref" else "ck-label", anchor))
                break
    return bottom + 26, behind + body
