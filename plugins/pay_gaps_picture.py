"""The pay position picture at the top of the pay page's negotiation brief:
one band per evidence source of the lookback (each benchmark's p25–p75 with
its p50, each posted range, the live offers as dots), a "you" line at the
current pay and dashed lines at the walk-away figure and the ask — the one
picture that answers "am I underpaid".

A public build draws an index (current pay = 100) rounded to 5 points, as
the pay timeline does: an exact ratio would give the banded amounts back.
"""

from __future__ import annotations

from careerkit import Chart, Section, charts, display

from .pay_gaps_context import Context
from .pay_gaps_page import indexer

PER_KIND = 5  # benchmarks and posted ranges drawn: the latest five of each (the brief's table names them all)


def position_chart(ctx: Context, metrics: dict) -> Chart | None:
    """The picture, or None without pay history or any evidence."""
    if not ctx.history:
        return None
    cfg, pay = ctx.config, ctx.history[-1].base.annual
    scale = indexer(pay, cfg)
    fmt = (lambda v: f"{v:.0f}") if cfg.public else (lambda v: display.short(v, cfg.currency))
    rows = []
    benchmarks = sorted(ctx.lookback_benchmarks, key=lambda b: (b.date, b.id))[-PER_KIND:]
    for b in benchmarks:
        low = b.p25.annual if b.p25 else None
        high = b.p75.annual if b.p75 else None
        rows.append(charts.PositionRow(f"{b.source} ({display.month(b.date)})", scale(low) if low else None,
                                       scale(high) if high else None, scale(b.p50.annual), cls="benchmark"))
    def latest(o):
        return max(s.date for s in o.stages if s.date <= ctx.as_of), o.id

    for o in sorted(ctx.ranges, key=latest)[-PER_KIND:]:
        r = o.posted_range
        rows.append(charts.PositionRow(f"{ctx.name(o.company)} range", scale(r.min.annual), scale(r.max.annual), cls="posted"))
    live = [o for _, o in ctx.live]
    if live:
        label = ctx.name(live[0].company) + " offer" if len(live) == 1 else f"{len(live)} live offers"
        rows.append(charts.PositionRow(label, points=[scale(o.offer.base.annual) for o in live], cls="offers"))
    if not rows:
        return None
    ask, walk = metrics["ask_annual_base"].value, metrics["walk_away_annual_base"].value
    marks = [("Walk away", scale(walk) if walk is not None else None), ("Ask", scale(ask) if ask is not None else None)]
    unit = "an index (your pay = 100)" if cfg.public else f"{cfg.currency} per year"
    return charts.position(
        "pay-position", "Your pay among the evidence", rows, you=("You", scale(pay)), marks=marks, fmt=fmt,
        desc=f"Each row is a source of the lookback (the {PER_KIND} latest benchmarks and posted ranges): "
             f"benchmarks (p25–p75, p50 tick), posted ranges, live offers "
             f"(dots); the solid line is your current base, the dashed ones the walk-away figure and the ask, in {unit}.")


def with_picture(brief: Section, chart: Chart | None) -> Section:
    """The brief with the picture first (when there is one)."""
    if chart is None:
        return brief
    return Section(brief.title, (chart, *brief.blocks))
