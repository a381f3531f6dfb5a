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

    @classmethod
    def of(cls, opps: list[Opportunity], as_of: date) -> Progress:
        deepest = {o.id: facts.deepest_stage(o, as_of) for o in opps}
        return cls(
            deepest=deepest,
            rank={key: -1 if stage is None else facts.STAGE_RANK[stage] for key, stage in deepest.items()},
            activity={o.id: facts.activity_date(o, as_of) for o in opps},
            outcome={o.id: facts.outcome(o, as_of) for o in opps},
        )


def open_pipeline(opps: list[Opportunity], progress: Progress) -> list[tuple[Opportunity, date]]:
    """Opportunities with no outcome yet and their last activity, quietest first."""
    rows = [(o, progress.activity[o.id]) for o in opps if progress.outcome[o.id] is None]
    return sorted(rows, key=lambda row: (row[1], row[0].id))


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


def clock_section(records, tests, progress, settings, as_of) -> Section:
    target = settings["target_days"]
    lines = [f"- **Target:** a market test at least every {target} days ({display.days(target)})."]
    if tests:
        last = tests[-1]
        when = progress.activity[last.id]
        due = when + timedelta(days=target)
        state = (f"overdue by {display.days((as_of - due).days)}" if as_of > due
                 else f"due by {display.month(due)}")
        lines[:0] = [
            f"- **Last market test:** {last.company} — {last.role}, last activity {display.day(when)} "
            f"({display.days((as_of - when).days)} ago), reached `{progress.deepest[last.id]}`.",
            f"- **Next one:** {state} ({display.day(due)}).",
        ]
    else:
        lines.insert(0, "- **Last market test:** none on record — the next one is due now.")
    run = facts.current_run(records, as_of)
    if run:
        lines.append(f"- **At {run[-1].employer}** since {display.day(run[0].date)} "
                     f"({display.days((as_of - run[0].date).days)}).")
    return Section("The clock", (Text("\n".join(lines)),))


def timeline_section(records, tests, progress, as_of) -> Section:
    runs = employer_runs(records, as_of)
    spans = [charts.Span(employer, start, end, cls="tenure") for employer, start, end in runs]
    events = [charts.Event(progress.activity[o.id], f"{o.company} ({progress.deepest[o.id]})",
                           cls=progress.deepest[o.id])
              for o in sorted(tests, key=lambda o: (progress.rank[o.id], progress.activity[o.id], o.id))]
    # events listed shallowest stage first so the chart's legend follows the stage order
    if not spans and not events:
        return Section("Timeline", (Text("No market tests and no pay history yet."),))
    start = min([s.start for s in spans] + [e.date for e in events])
    chart = charts.timeline(
        "market-timeline", "Market tests and employer tenures", spans=spans, events=events,
        start=start, end=as_of,
        desc="Each dot is a market test, coloured by the deepest stage it reached; "
             "each bar is an unbroken run of pay entries at one employer.",
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
                          list(zip(PROGRESS_STAGES, counts, strict=False)),
                          desc="How many opportunities got at least as far as each stage.")
    overall = Table(
        ("Stage", "Opportunities", "From previous stage", "From leads"),
        tuple((stage, n, display.pct(facts.ratio(n, counts[i - 1])) if i else "—",
               display.pct(facts.ratio(n, counts[0])))
              for i, (stage, n) in enumerate(zip(PROGRESS_STAGES, counts, strict=False))),
        caption="Conversion between stages (an opportunity that skipped a stage counts toward it).",
        numeric=(1, 2, 3),
    )
    groups = [(s, [o for o in opps if o.source == s]) for s in SOURCES]
    groups = [(s, mine) for s, mine in groups if mine]
    groups.append(("network sources (referral, recruiter, network, inbound)",
                   [o for o in opps if o.source in facts.NETWORK_SOURCES]))
    groups.append(("all", opps))
    by_source = Table(
        ("Source",) + PROGRESS_STAGES + ("Lead → offer",),
        tuple((s, *row, display.pct(facts.ratio(row[-1], row[0])))
              for s, mine in groups for row in [funnel_row(mine, progress)] if mine),
        caption="The funnel by source: does networking convert better than cold applications?",
        numeric=tuple(range(1, len(PROGRESS_STAGES) + 2)),
    )
    return Section("Funnel", (chart, overall, by_source))


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
    rows = tuple((o.company, o.role, o.source, progress.deepest[o.id] or "—", display.day(last),
                  (as_of - last).days) for o, last in open_pipeline(opps, progress))
    if not rows:
        return Section("Open pipeline", (Text("No open opportunities: every one has an outcome."),))
    return Section("Open pipeline", (Table(
        ("Company", "Role", "Source", "Stage", "Last activity", "Days quiet"), rows,
        caption=f"Opportunities with no outcome yet; quiet for more than "
                f"{settings['stale_pipeline_days']} days is likely ghosted.",
        numeric=(5,)),))


def sections(records: Records, opps: list[Opportunity], tests: list[Opportunity], progress: Progress,
             settings: Mapping[str, Any], config: Config, as_of: date) -> tuple[Section, ...]:
    """The page, clock first.  `config` is accepted for privacy-aware additions;
    nothing shown here is private (no contact names, notes or money)."""
    return (
        clock_section(records, tests, progress, settings, as_of),
        timeline_section(records, tests, progress, as_of),
        funnel_section(opps, progress),
        timing_section(opps, as_of),
        pipeline_section(opps, progress, settings, as_of),
    )


def methodology(rule: str, settings: Mapping[str, Any], warn_share: float) -> str:
    target, stale = settings["target_days"], settings["stale_pipeline_days"]
    return "\n\n".join([rule.strip(), f"""\
**Settings in effect:** `target_days` = {target}, `stale_pipeline_days` = {stale}.

- **Days since the last market test** — the report date minus the latest activity date (latest stage date)
  of any market test. Status *ok* up to {warn_share:.0%} of the target ({warn_share * target:g} days), *warn*
  up to {target} days, *alert* beyond that or when there is no market test at all. The next test is due
  {target} days after the last one.
- **Days since the last offer** — the report date minus the latest date of an `offer`, `accepted` or
  `declined` stage (empty when there has never been one).
- **Market tests in the target window** — market tests whose activity date lies within {target} days
  of the report date.
- **Funnel** — for `applied`, `screen`, `interview` and `offer`: how many opportunities have a deepest
  stage at least that far, so an opportunity that started at `screen` (a recruiter call) counts toward
  `applied`. On the page, `lead` counts every opportunity. Conversion is each stage's count over the
  previous stage's.
- **Offer rate by source** — per source, the opportunities whose deepest stage is `offer` (accepted and
  declined included) over all opportunities of that source, to 4 decimals. Network sources are referral,
  recruiter, network and inbound.
- **Tenure** — days since the first pay entry of the current unbroken run at the current employer; a run
  broken by another employer and resumed counts from the return. The timeline draws each run as a bar
  ending where the next begins.
- **Stage timing** — the median days from an opportunity's first stage to its offer, and between each
  pair of consecutive progress stages, over the opportunities that recorded both dates (of an even count,
  the mean of the two middle values).
- **Open pipeline** — opportunities with no outcome stage (accepted, declined, rejected, withdrawn,
  ghosted) yet; one quiet for more than {stale} days gets a "likely ghosted" finding.

With no opportunities at all, every opportunity metric is empty (null), including the funnel and the
offer rates; tenure only needs the pay history. Company and role are shown on the page, in public builds
too; contact names, notes and money never appear here."""])
