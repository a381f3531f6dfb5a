"""The negotiation brief on the pay page: what to ask for, the least to
accept, each figure with the records behind it, what the last counter-offer
revealed, and when to ask — plus the sentences that say where the evidence
sources agree or disagree.

Every amount goes through :mod:`careerkit.display` (bands in a public build)
and record ids are cited only in a private build (ids may carry names).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from careerkit import Finding, Section, Table, Text, display, facts

from .pay_gaps_context import Context, lookback_words
from .pay_gaps_page import offer_standing

LABELS = {"offer": "your best live offer", "benchmark": "benchmarks", "posted_range": "posted ranges"}


def evidence_sentences(metrics: dict, ctx: Context) -> list[str]:
    """Where the sources agree or disagree, and which offers were answered."""
    cfg = ctx.config
    gaps = {k: metrics[f"{k}_gap"].value for k in LABELS if metrics[f"{k}_gap"].value is not None}
    out = []
    if len(gaps) > 1:
        warn = ctx.settings["warn_threshold"]
        agree = len({v >= warn for v in gaps.values()}) == 1
        (first, value), *rest = gaps.items()
        says = "says" if first == "offer" else "say"
        parts = [f"{LABELS[first]} {says} {display.pay_gap_words(value, cfg)}"] + [
            f"{LABELS[k]} {display.pay_pct(abs(v), cfg)} {'more' if v > 0 else 'less' if v < 0 else 'the same'}"
            for k, v in rest]
        out.append(f"The evidence {'agrees' if agree else 'disagrees'}: {', '.join(parts)}.")
        if not agree and "offer" in gaps and "benchmark" in gaps and gaps["offer"] < gaps["benchmark"]:
            out.append("An offer proves the least the market pays, not the most: the larger gap counts.")
    answered = [(when, o) for when, o in ctx.offers if offer_standing(ctx, when, o).startswith("answered")]
    if answered:
        names = ", ".join(f"{display.md_text(ctx.name(o.company))} ({display.day(when)})" for when, o in answered)
        what = "offer" if len(answered) == 1 else "offers"
        out.append(f"Your {what} from {names} {'was' if len(answered) == 1 else 'were'} answered by "
                   f"{offer_standing(ctx, *answered[0])[len('answered by '):]}: history, not evidence about "
                   "today's pay.")
    return out


def cite(ctx: Context, text: str, ref: str) -> str:
    """A record cited by description, with its id in a private build."""
    return text if ctx.config.public else f"{text} ({ref})"


def benchmark_records(ctx: Context, benchmarks: Sequence[Any], point: str) -> str:
    return "; ".join(cite(ctx, f"{b.source}, {display.day(b.date)}: {point} "
                               f"{display.money(getattr(b, point).annual, ctx.config)}", b.ref)
                     for b in benchmarks)


def candidates(metrics: dict, ctx: Context) -> list[tuple[str, str, float | None, str]]:
    """(figure, candidate, amount, records) of every figure the ask and walk-away take the highest of."""
    s = ctx.settings
    current = ctx.history[-1]
    base = current.base.annual
    pay = cite(ctx, f"your pay at {ctx.name(current.employer)} since {display.day(current.date)}", current.ref)
    with_p50 = list(ctx.lookback_benchmarks)
    with_p75 = [b for b in ctx.lookback_benchmarks if b.p75 is not None]
    p50 = facts.median(b.p50.annual for b in with_p50)
    p75 = facts.median(b.p75.annual for b in with_p75)
    best = max(ctx.live, key=lambda p: (p[1].offer.base.annual, p[0], p[1].id), default=None)
    offer = best[1].offer.base.annual if best else None
    offer_records = (cite(ctx, f"{ctx.name(best[1].company)}, {display.day(best[0])}", best[1].ref)
                     if best else "no live offer")
    window = lookback_words(s["lookback_days"])
    return [
        ("Ask", f"your base + {display.pct(s['switch_raise'], decimals=0)} (a move's raise)",
         base * (1 + s["switch_raise"]), pay),
        ("Ask", f"median p75 of {len(with_p75)} benchmark{'s' * (len(with_p75) != 1)} of the last {window}", p75,
         benchmark_records(ctx, with_p75, "p75") or "no benchmark with a p75"),
        ("Ask", "best live offer", offer, offer_records),
        ("Ask", "the walk-away figure (the ask is never below it)", metrics["walk_away_annual_base"].value,
         "the walk-away rows below"),
        ("Walk away", f"your base + {display.pct(s['min_switch_raise'], decimals=0)} (the least a move is worth)",
         base * (1 + s["min_switch_raise"]), pay),
        ("Walk away", f"median p50 of {len(with_p50)} benchmark{'s' * (len(with_p50) != 1)} of the last {window}",
         p50, benchmark_records(ctx, with_p50, "p50") or "no benchmark"),
        ("Walk away", "best live offer (an offer in hand)", offer, offer_records),
    ]


def valuation_text(metrics: dict, ctx: Context) -> str | None:
    """What the latest counter-offer revealed about the employer's own valuation."""
    if ctx.counter is None:
        return None
    cfg = ctx.config
    entry, previous = ctx.counter
    premium = metrics["counter_offer_premium"].value
    text = (f"**Your employer's own valuation.** On {display.day(entry.date)} "
            f"{display.md_text(ctx.name(entry.employer))} raised your base {display.pay_pct(premium, cfg)} "
            f"({display.money(previous.base.annual, cfg)} → {display.money(entry.base.annual, cfg)} a year) "
            f"when you were about to leave — {cite(ctx, 'the counter-offer', entry.ref)}")
    if ctx.counter_outside is not None:
        when, opp = ctx.counter_outside
        over = facts.gap(opp.offer.base.annual, previous.base.annual)
        text += (f", answering {cite(ctx, display.md_text(ctx.name(opp.company)) + '’s offer', opp.ref)} of "
                 f"{display.day(when)} ({display.money(opp.offer.base.annual, cfg)}, "
                 f"{display.pay_pct(over, cfg)} over your pay then)")
        multiple = metrics["counter_offer_multiple"].value
        if multiple is not None:
            text += f": {display.pay_times(multiple, cfg)} the raise the outside offer gave"
    text += (". It shows what your employer pays once it believes you will leave; the raises it gave on its own "
             f"average {display.pay_pct(metrics['internal_raise_avg'].value, cfg)}, and without counter-offers "
             f"you would earn {display.money(metrics['pay_without_counter_offers'].value, cfg)} a year today.")
    return text


def brief_section(metrics: dict, ctx: Context, findings: Sequence[Finding]) -> Section:
    title = "Negotiation brief"
    if not ctx.history:
        return Section(title, (Text("No pay history: the brief needs your current pay."),))
    cfg = ctx.config
    ask, walk = metrics["ask_annual_base"].value, metrics["walk_away_annual_base"].value
    gap = metrics["market_gap"].value
    lead = (f"**Ask for {display.money(ask, cfg)} a year** in your next move or pay talk, and **walk away "
            f"below {display.money(walk, cfg)}**. Each is the highest of the figures below; the table names "
            "the records behind each one.")
    if gap is not None:
        lead += f" On the evidence, {display.pay_gap_words(gap, cfg)}."
    lead = " ".join([lead, *evidence_sentences(metrics, ctx)])
    rows = []
    chosen = {"Ask": ask, "Walk away": walk}
    used: set[str] = set()
    for figure, candidate, amount, records in candidates(metrics, ctx):
        mark = ""
        if amount is not None and figure not in used and round(amount, 2) == chosen[figure]:
            mark, _ = "← this one", used.add(figure)
        rows.append((figure, candidate, display.money(amount, cfg), mark, records))
    table = Table(("Figure", "Candidate", "Amount per year", "Used", "Records"), tuple(rows),
                  caption="Where the ask and walk-away figures come from", numeric=(2,))
    blocks: list[Any] = [Text(lead), table]
    valuation = valuation_text(metrics, ctx)
    if valuation:
        blocks.append(Text(valuation))
    due = sorted((f for f in findings if f.due is not None), key=lambda f: f.due)
    when = ("**When to ask.**\n\n" + "\n".join(f"- **{display.day(f.due)}** — {f.message}" for f in due)
            if due else "**When to ask.** Nothing is due: no open offer, no gap to close and no raise to "
            "prepare for.")
    blocks.append(Text(when))
    return Section(title, tuple(blocks))
