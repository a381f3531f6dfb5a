"""The market_cadence page: the clock, a timeline of market tests against
employer tenures, the funnel overall and by source, stage timing and the open
pipeline.  Metrics are computed in :mod:`careerkit_plugins.market_cadence`;
this module only turns records into page blocks (no names of contacts, no
notes, no money: safe for public builds as it is).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from careerkit import Config, Opportunity, Records, Section, Table, Text, charts, display, facts
from careerkit.models import PROGRESS_STAGES

SOURCES = ("referral", "recruiter", "network", "inbound", "application", "other")


# --- small views over the records ------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Where each opportunity stood on the report date, by id, worked out once
    for the analyzer and its page."""

    deepest: Mapping[str, str | None]  # its deepest stage (None: only outcomes known)
    rank: Mapping[str, int]  # that stage's rank in PROGRESS_STAGES, -1 for None
    activity: Mapping[str, date]  # its latest stage date
    outcome: Mapping[str, str | None]  # its latest outcome stage
    test: Mapping[str, date | None]  # its test date (None: not a market test)
    decided: Mapping[str, bool]  # offer, outcome, or silent for more than ghost_days

    @classmethod
    def of(cls, opps: list[Opportunity], as_of: date, ghost_days: int = facts.GHOST_DAYS) -> Progress:
        deepest = {o.id: facts.deepest_stage(o, as_of) for o in opps}
        return cls(
            deepest=deepest,
            rank={key: -1 if stage is None else facts.STAGE_RANK[stage] for key, stage in deepest.items()},
            activity={o.id: facts.activity_date(o, as_of) for o in opps},
            outcome={o.id: facts.outcome(o, as_of) for o in opps},
            test={o.id: facts.market_test_date(o, as_of) for o in opps},
            decided={o.id: facts.is_decided(o, as_of, ghost_days) for o in opps},
        )


def open_pipeline(opps: list[Opportunity], progress: Progress) -> list[tuple[Opportunity, date]]:
    """Opportunities still waiting on an answer (no outcome stage and no
    offer yet) and their last activity, quietest first."""
    rows = [(o, progress.activity[o.id]) for o in opps
            if progress.outcome[o.id] is None and progress.deepest[o.id] != "offer"]
    return sorted(rows, key=lambda row: (row[1], row[0].id))


def until(due: date, as_of: date) -> str:
    """'136 days (4 months)': the exact count, and in words when it is long."""
    n = (due - as_of).days
    words = display.days(n)
    return f"{n} days ({words})" if not words.endswith(("day", "days")) else words


def of_text(part: int, whole: int) -> str:
    """'1 of 3 (33.3 %)': a rate never shown without its counts."""
    rate = facts.ratio(part, whole)
    return f"{part} of {whole}" + ("" if rate is None else f" ({display.pct(rate)})")


def rate_text(counts: Mapping[str, Any]) -> str:
    """An offer rate {decided, offers, rate} as '1 of 3 (33.3 %)'."""
    return of_text(counts["offers"], counts["decided"])


def employer_runs(records: Records, as_of: date) -> list[tuple[str, date, date]]:
    """(employer, first entry, end) for each unbroken run of pay entries; a run
    ends where the next one starts, the last at as_of."""
    runs: list[list] = []
    for entry in facts.pay_history(records, as_of):
        if runs and facts.same_company(runs[-1][0], entry.employer):
            continue
        runs.append([entry.employer, entry.date])
    ends = [start for _, start in runs[1:]] + [as_of]
    return [(employer, start, end) for (employer, start), end in zip(runs, ends, strict=False)]


def stage_dates(stages) -> dict[str, date]:
    """The first date each progress stage was reached (offer: offer/accepted/declined),
    from an opportunity's stages in date order."""
    dates: dict[str, date] = {}
    for stage in stages:
        name = "offer" if stage.stage in facts.OFFER_STAGES else stage.stage
        if name in facts.STAGE_RANK and name not in dates:
            dates[name] = stage.date
    return dates


def number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


# --- sections ---------------------------------------------------------------------


def clock_section(records, events, settings, as_of) -> Section:
    target = settings["target_days"]
    lines = [f"- **Target:** a market test at least every {target} days ({display.days(target)})."]
    if events:
        last = events[-1]
        due = last.day + timedelta(days=target)
        state = (f"overdue by {display.days((as_of - due).days)}: due now" if as_of > due
                 else f"due by {display.day(due)}, in {until(due, as_of)}")
        lines[:0] = [
            f"- **Last market test:** {display.md_text(last.what)}, {display.day(last.day)} "
            f"({display.days((as_of - last.day).days)} ago).",
            f"- **Next one:** {state}.",
        ]
    else:
        lines.insert(0, "- **Last market test:** none on record — the next one is due now.")
    run = facts.current_run(records, as_of)
    if run:
        lines.append(f"- **At {display.md_text(run[-1].employer)}** since {display.day(run[0].date)} "
                     f"({display.days((as_of - run[0].date).days)}).")
    return Section("The clock", (Text("\n".join(lines)),))


def events_section(events, as_of) -> Section:
    if not events:
        return Section("Market events", (Text("No market event yet: no opportunity reached a screen, and the pay "
                                              "history records no counter-offer or move."),))
    rows = tuple((display.day(e.day), e.what, e.ref.split("/")[0], (as_of - e.day).days)
                 for e in reversed(events))
    return Section("Market events", (Table(
        ("Date", "What", "From", "Days ago"), rows,
        caption="Market tests by test date, and counter-offers and moves from the pay history, latest first.",
        numeric=(3,)),))


def countdown(due: date, as_of: date) -> str:
    """'due in 4 months', 'due today', '1 y 2 mo overdue'."""
    n = (due - as_of).days
    return "due today" if n == 0 else f"due in {display.days(n)}" if n > 0 else display.overdue(-n)


def timeline_section(records, tests, progress, as_of, events=(), target: int | None = None) -> Section:
    """The cadence picture: market tests on one row per stage reached (and
    the pay history's market events), employer tenures below, the window of
    `target` days after the last market event shaded, its due date marked
    with a countdown, and a line at today."""
    runs = employer_runs(records, as_of)
    spans = [charts.Span(employer, start, end, cls="tenure") for employer, start, end in runs]
    dots = [charts.Event(progress.test[o.id], f"{o.company} ({progress.deepest[o.id]})", cls=progress.deepest[o.id])
            for o in sorted(tests, key=lambda o: (progress.rank[o.id], progress.test[o.id], o.id))]
    # events listed shallowest stage first so the chart's legend follows the stage order
    dots += [charts.Event(e.day, e.what, cls="counter-offer" if e.what.startswith("counter-offer") else "hire")
             for e in events if e.ref.startswith("compensation/")]
    if not spans and not dots:
        return Section("Timeline", (Text("No market tests and no pay history yet."),))
    windows, markers = [], []
    if events and target:
        last = max(e.day for e in events)
        due = last + timedelta(days=target)
        windows.append(charts.Span(f"Target window: {target} days after the last market event", last, due, cls="c1"))
        markers.append(charts.Event(due, countdown(due, as_of).capitalize(), cls="due"))
    start = min([s.start for s in spans] + [e.date for e in dots])
    chart = charts.timeline(
        "market-timeline", "Market tests, the target window and employer tenures", spans=spans, events=dots,
        start=start, end=as_of, today=as_of, windows=windows, markers=markers, event_lanes=True,
        desc="Each dot is a market event on its date, on the row of the deepest stage it reached (or a "
             "counter-offer or move in the pay history); the shaded band is the target window after the last "
             "one, ending at the due date; the dashed line is today; each bar is an unbroken run of pay "
             "entries at one employer.",
    )
    return Section("Timeline", (chart,))


def funnel_row(opps, progress) -> list[int]:
    """How many of `opps` got at least as far as each stage (`lead`: all of them)."""
    ranks = [progress.rank[o.id] for o in opps]
    return [sum(rank >= facts.STAGE_RANK[stage] for rank in ranks) if stage != "lead" else len(ranks)
            for stage in PROGRESS_STAGES]


def funnel_section(opps, progress) -> Section:
    if not opps:
        return Section("Funnel", (Text("No opportunities recorded yet."),))
    counts = funnel_row(opps, progress)
    chart = charts.funnel("market-funnel", "Opportunities reaching each stage",
                          list(zip(PROGRESS_STAGES, counts, strict=True)),
                          desc="How many opportunities got at least as far as each stage.")
    overall = Table(
        ("Stage", "Opportunities", "From previous stage", "From leads"),
        tuple((stage, n, of_text(n, counts[i - 1]) if i else "—", of_text(n, counts[0]))
              for i, (stage, n) in enumerate(zip(PROGRESS_STAGES, counts, strict=True))),
        caption="Conversion between stages, all opportunities (an opportunity that skipped a stage counts toward it).",
        numeric=(1,),
    )
    groups = [(s, [o for o in opps if o.source == s]) for s in SOURCES]
    groups = [(s, mine) for s, mine in groups if mine]
    groups.append(("network sources (referral, recruiter, network, inbound)",
                   [o for o in opps if o.source in facts.NETWORK_SOURCES]))
    groups.append(("all", opps))
    by_source = Table(
        ("Source",) + PROGRESS_STAGES + ("Offers of decided",),
        tuple((s, *funnel_row(mine, progress), decided_text(mine, progress)) for s, mine in groups if mine),
        caption="The funnel by source: does networking convert better than cold applications? "
                "The offer rate counts only decided opportunities that got as far as applied.",
        numeric=tuple(range(1, len(PROGRESS_STAGES) + 1)),
    )
    return Section("Funnel", (chart, overall, by_source))


def decided_text(opps, progress) -> str:
    """'1 of 2 (50.0 %)' over the decided opportunities that got as far as applied."""
    rated = [o for o in opps if progress.decided[o.id] and progress.rank[o.id] >= facts.STAGE_RANK["applied"]]
    return of_text(sum(progress.deepest[o.id] == "offer" for o in rated), len(rated))


def timing_section(opps, as_of) -> Section:
    dated = [(stage_dates(stages), stages[0].date) for stages in (facts.stages_as_of(o, as_of) for o in opps)]
    steps = [("first stage → offer", [(d["offer"] - first).days for d, first in dated if "offer" in d])]
    for a, b in zip(PROGRESS_STAGES, PROGRESS_STAGES[1:], strict=False):
        steps.append((f"{a} → {b}", [(d[b] - d[a]).days for d, _ in dated if a in d and b in d]))
    rows = tuple((step, len(gaps), number(facts.median(gaps))) for step, gaps in steps)
    table = Table(("Step", "Opportunities", "Median days"), rows,
                  caption="Only opportunities that recorded both stages count for a step.", numeric=(1, 2))
    return Section("Stage timing", (table,))


def pipeline_section(opps, progress, settings, as_of) -> Section:
    ghost = settings["ghost_days"]
    rows = tuple((o.company, o.role, o.source, progress.deepest[o.id] or "—", display.day(last),
                  "counts as ghosted" if (as_of - last).days > ghost else "open", (as_of - last).days)
                 for o, last in open_pipeline(opps, progress))
    if not rows:
        return Section("Open pipeline", (Text("No open opportunities: every one has an outcome or an offer."),))
    return Section("Open pipeline", (Table(
        ("Company", "Role", "Source", "Stage", "Last activity", "Status", "Days quiet"), rows,
        caption=f"Opportunities with no outcome and no offer yet; follow up after {settings['stale_pipeline_days']} "
                f"quiet days; silent for more than {ghost} days, one counts as ghosted.",
        numeric=(6,)),))


def sections(records: Records, opps: list[Opportunity], events, progress: Progress,
             settings: Mapping[str, Any], config: Config, as_of: date) -> tuple[Section, ...]:
    """The page, clock first.  `config` is accepted for privacy-aware additions;
    nothing shown here is private (no contact names, notes or money)."""
    tests = [o for o in opps if progress.test[o.id] is not None]
    return (
        clock_section(records, events, settings, as_of),
        events_section(events, as_of),
        timeline_section(records, tests, progress, as_of, events, settings["target_days"]),
        funnel_section(opps, progress),
        timing_section(opps, as_of),
        pipeline_section(opps, progress, settings, as_of),
    )


def methodology(rule: str, settings: Mapping[str, Any], warn_share: float) -> str:
    target, ghost, stale = settings["target_days"], settings["ghost_days"], settings["stale_pipeline_days"]
    return "\n\n".join([rule.strip(), f"""\
**Settings in effect:** `target_days` = {target}, `ghost_days` = {ghost}, `stale_pipeline_days` = {stale}.

- **Days since the last market test** — the report date minus the date of the latest market event: the test
  date of a market test (the day an opportunity that got to `screen` or further reached its deepest stage),
  a counter-offer in the pay history, or a `hire` entry other than the first. Status *ok* up to
  {warn_share:.0%} of the target ({warn_share * target:g} days), *warn* up to {target} days, *alert* beyond
  that or when there has been no market event at all.
- **Days until the next test is due** — {target} minus the days since the last market test: negative when
  overdue, empty when there has never been one. The plan dates the next test {target} days after the last
  event, or today when that day has passed.
- **Days since the last offer** — the report date minus the latest of the offer dates (the earliest
  `offer`, `accepted` or `declined` stage of an opportunity) and the pay history's counter-offers and
  moves. Same statuses as the market-test clock; *alert* when there has never been one.
- **Market tests in the target window** — market tests whose test date lies within {target} days of the
  report date (0 ≤ days ≤ {target}).
- **Funnel** — for `applied`, `screen`, `interview` and `offer`: how many opportunities have a deepest
  stage at least that far, so an opportunity that started at `screen` (a recruiter call) counts toward
  `applied`. On the page, `lead` counts every opportunity; every rate is shown with its counts.
- **Offer rate by source** — per source: how many decided opportunities that got as far as `applied`
  there are, how many of them reached an offer, and offers ÷ decided to 4 decimals. *Decided* means it
  reached an offer, has an outcome stage (accepted, declined, rejected, withdrawn, ghosted), or has been
  silent for more than {ghost} days. Open ones are still running and leads were never tried, so neither
  counts; a source with none is left out. "1 of 1" is not "100 %": read the counts.
- **Tenure** — days since the first pay entry of the current unbroken run at the current employer; a run
  broken by another employer and resumed counts from the return. The timeline draws each run as a bar
  ending where the next begins.
- **Stage timing** — the median days from an opportunity's first stage to its offer, and between each
  pair of consecutive progress stages, over the opportunities that recorded both dates (of an even count,
  the mean of the two middle values).
- **Open pipeline** — opportunities with no outcome stage and no offer yet. Each gets a follow-up dated
  {stale} days after its last activity (today when that has passed); silent for more than {ghost} days,
  it counts as ghosted whether you mark it or not.

With no opportunities at all the status is *none* ("no data yet") and every opportunity metric is empty
(null), including the funnel and the offer rates; tenure only needs the pay history. Company and role are
shown on the page, in public builds too; contact names, notes and money never appear here."""])
