"""Market cadence: test the market at least every `target_days`, even when
content, and carry the tests through to the offer stage.

An opportunity's *deepest stage* is the furthest progress stage it reached
(lead < applied < screen < interview < offer; `accepted` and `declined` count
as offer).  It is a *market test* when that stage is `screen` or further — a
two-way conversation with an employer; a cold application that went nowhere
is not one.  Its *test date* is the day it got that far: the earliest date of
a stage at its deepest rank.  Outcome stages (`rejected`, `ghosted`, ...)
never move a test date, so marking an old lead ghosted resets no clock.

The *market events* are the test dates of market tests, plus the pay entries
with reason `counter-offer` and the `hire` entries other than the first (a
move recorded only in the pay history still tested the market and reached an
offer).  The clock counts the days since the latest market event: ok up to
three quarters of the target, warn up to the target, alert beyond it or when
there has been none; the next test is due `target_days` after the last event.
The days since the last offer count from the latest offer date (an `offer`,
`accepted` or `declined` stage) or pay market event: only an offer tells you
what you are worth.

An opportunity is *decided* when it reached an offer, has an outcome stage,
or has been silent for more than `ghost_days` (people rarely mark dead
applications, so silence counts as ghosted).  The offer rate by source counts
only decided opportunities that got as far as `applied`: open ones are still
running and leads were never tried.  The career is read as it stood on the
report date: stages and pay entries dated after it are ignored, and so are
opportunities with no stage on or before it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from careerkit_plugins import market_cadence_page as page
from careerkit_plugins.market_cadence_page import until

from careerkit import Analysis, Config, Finding, Metric, Opportunity, Records, display, facts, hookimpl, worst

NAME = "market_cadence"
TITLE = "Market cadence"
DEFAULTS = {"target_days": 730, "ghost_days": facts.GHOST_DAYS, "stale_pipeline_days": 30}
WARN_SHARE = 0.75  # ok up to this share of target_days, warn up to the target
FUNNEL_STAGES = ("applied", "screen", "interview", "offer")


@dataclass(frozen=True)
class Event:
    """A market event: its date, the record it comes from and what it was
    (plain text, shown in public builds too: companies and stages, not pay)."""

    day: date
    ref: str
    what: str


# --- the SPEC's metrics, one small function each ---------------------------------


def market_tests(opps: list[Opportunity], progress: page.Progress) -> list[Opportunity]:
    """The market tests (deepest stage `screen` or further), by test date
    (ties: shallower first, then id)."""
    tests = [o for o in opps if progress.test[o.id] is not None]
    return sorted(tests, key=lambda o: (progress.test[o.id], progress.rank[o.id], o.id))


def market_events(records: Records, tests: list[Opportunity], progress: page.Progress, as_of: date) -> list[Event]:
    """Every market event by as_of, oldest first (ties: by record)."""
    events = [Event(progress.test[o.id], o.ref, f"{o.company} — {o.role}, reached {progress.deepest[o.id]}")
              for o in tests]
    for entry in facts.compensation_market_events(records, as_of):
        what = "counter-offer at" if entry.reason == "counter-offer" else "move to"
        events.append(Event(entry.date, entry.ref, f"{what} {entry.employer}"))
    return sorted(events, key=lambda e: (e.day, e.ref))


def days_since(day: date | None, as_of: date) -> int | None:
    return None if day is None else (as_of - day).days


def cadence_status(days: int | None, target: int) -> str:
    """ok <= 0.75 x target, warn <= target, alert beyond it or with none."""
    if days is None or days > target:
        return "alert"
    return "ok" if days <= WARN_SHARE * target else "warn"


def latest_offer_date(records: Records, opps: list[Opportunity], as_of: date) -> date | None:
    """The latest of the offer dates and the pay history's market events."""
    dates = [d for o in opps if (d := facts.offer_date(o, as_of))]
    dates += [c.date for c in facts.compensation_market_events(records, as_of)]
    return max(dates, default=None)


def funnel(opps: list[Opportunity], progress: page.Progress) -> dict[str, int]:
    """How many opportunities got at least as far as each stage."""
    ranks = [progress.rank[o.id] for o in opps]
    return {stage: sum(rank >= facts.STAGE_RANK[stage] for rank in ranks) for stage in FUNNEL_STAGES}


def rated(opps: list[Opportunity], progress: page.Progress) -> list[Opportunity]:
    """The opportunities an offer rate counts: decided, and `applied` or further."""
    return [o for o in opps if progress.decided[o.id] and progress.rank[o.id] >= facts.STAGE_RANK["applied"]]


def offer_counts(opps: list[Opportunity], progress: page.Progress) -> dict[str, Any]:
    """{decided, offers, rate} over the opportunities an offer rate counts."""
    mine = rated(opps, progress)
    offers = sum(progress.deepest[o.id] == "offer" for o in mine)
    return {"decided": len(mine), "offers": offers, "rate": facts.ratio(offers, len(mine))}


def offer_rate_by_source(opps: list[Opportunity], progress: page.Progress) -> dict[str, dict[str, Any]]:
    """source -> {decided, offers, rate}; sources with no decided opportunity are left out."""
    by_source: dict[str, list[Opportunity]] = {}
    for o in rated(opps, progress):
        by_source.setdefault(o.source, []).append(o)
    return {source: offer_counts(mine, progress) for source, mine in sorted(by_source.items())}


def tenure_days(records: Records, as_of: date) -> int | None:
    """Days since the first entry of the current unbroken run at the current employer."""
    run = facts.current_run(records, as_of)
    return days_since(run[0].date, as_of) if run else None


def compute_metrics(records: Records, opps: list[Opportunity], tests: list[Opportunity], events: list[Event],
                    progress: page.Progress, settings: Mapping[str, Any], as_of: date) -> dict[str, Metric]:
    target = settings["target_days"]
    since_test = days_since(events[-1].day, as_of) if events else None
    since_offer = days_since(latest_offer_date(records, opps, as_of), as_of)
    any_opps = bool(opps)
    in_window = sum(facts.within(progress.test[o.id], as_of, target) for o in tests)
    return {
        "days_since_market_test": Metric(
            since_test, "days", "Days since the last market test", cadence_status(since_test, target)
        ),
        "days_until_test_due": Metric(
            None if since_test is None else target - since_test, "days", "Days until the next market test is due"
        ),
        "days_since_offer": Metric(
            since_offer, "days", "Days since the last offer", cadence_status(since_offer, target)
        ),
        "market_tests_in_target_window": Metric(
            in_window if any_opps else None, "count", f"Market tests in the last {target} days"
        ),
        "funnel": Metric(funnel(opps, progress) if any_opps else None, "map", "Opportunities reaching each stage"),
        "offer_rate_by_source": Metric(
            offer_rate_by_source(opps, progress) if any_opps else None, "map",
            "Offer rate by source (decided opportunities)"
        ),
        "tenure_days": Metric(tenure_days(records, as_of), "days", "Days at the current employer"),
    }


# --- findings and verdict ------------------------------------------------------------


def cadence_findings(opps, tests, events, progress, metrics, settings, as_of) -> list[Finding]:
    target = settings["target_days"]
    every = f"every {target} days ({display.days(target)})"
    since = metrics["days_since_market_test"]
    if not events:
        what = "No market test on record" if opps else "No opportunities recorded"
        refs = tuple(o.ref for o in sorted(opps, key=lambda o: o.id))
        return [Finding("alert", f"{what}: talk to recruiters, apply and interview until you reach "
                        f"the offer stage — at least {every}.", refs, as_of)]
    last = events[-1]
    due = last.day + timedelta(days=target)
    found = []
    if since.status == "alert":
        found.append(Finding("alert", f"Market test overdue by {display.days((as_of - due).days)}: "
                             f"the last one ({display.md_text(last.what)}, {display.day(last.day)}) was "
                             f"{display.days(since.value)} ago — start one now and aim to reach the offer stage.",
                             (last.ref,), as_of))
    else:
        severity, lead = ("warn", "plan it now") if since.status == "warn" else ("info", "plan it in time")
        found.append(Finding(severity, f"Next market test due by {display.day(due)}: {lead} "
                             f"(last one: {display.md_text(last.what)}, {display.day(last.day)}, "
                             f"{display.days(since.value)} ago).",
                             (last.ref,), due))
    offer_days = metrics["days_since_offer"].value
    if offer_days is None or offer_days > target:
        recent = [o for o in tests if facts.within(progress.test[o.id], as_of, target)]
        if recent:
            found.append(Finding("warn", f"No offer in the last {target} days although {len(recent)} market "
                                 f"test(s) ran: only an offer tells you reliably what you are worth — carry the "
                                 f"next process through to the offer stage.", tuple(o.ref for o in recent)))
    return found


def pipeline_findings(opps, progress, settings, as_of) -> list[Finding]:
    """Open opportunities (no outcome, no offer yet): follow up once quiet for
    `stale_pipeline_days`; silent for more than `ghost_days`, one counts as
    ghosted (decided) whether it is marked or not."""
    quiet_days, ghost_days = settings["stale_pipeline_days"], settings["ghost_days"]
    found = []
    for opp, last in page.open_pipeline(opps, progress):
        quiet = (as_of - last).days
        if quiet > ghost_days:
            found.append(Finding("info", f"{label(opp)} has been silent for {display.days(quiet)} "
                                 f"(since {display.day(last)}): it counts as ghosted — mark it so, or follow up "
                                 f"if it is still alive.", (opp.ref,)))
        elif quiet > quiet_days:
            found.append(Finding("warn", f"{label(opp)} has had no activity for {display.days(quiet)} "
                                 f"(since {display.day(last)}): follow up now; after {ghost_days} days of silence "
                                 f"it counts as ghosted.", (opp.ref,), as_of))
        else:
            due = last + timedelta(days=quiet_days)
            found.append(Finding("info", f"Follow up on {label(opp)} by {display.day(due)} if you have not "
                                 f"heard back.", (opp.ref,), due))
    return found


def source_findings(opps, progress) -> list[Finding]:
    """Does networking convert better than cold applications in this person's data
    (decided opportunities only, counts beside the rates)?"""
    mine = rated(opps, progress)
    net = [o for o in mine if o.source in facts.NETWORK_SOURCES]
    cold = [o for o in mine if o.source == "application"]
    if not net or not cold:
        return []
    counts = {"net": offer_counts(net, progress), "cold": offer_counts(cold, progress)}
    rate = {key: c["rate"] for key, c in counts.items()}
    better = "better" if rate["net"] > rate["cold"] else "no better" if rate["net"] == rate["cold"] else "worse"
    offers = tuple(o.ref for o in sorted(net + cold, key=lambda o: o.id) if progress.deepest[o.id] == "offer")
    return [Finding("info", f"Network-sourced opportunities convert to offer {better} than cold applications: "
                    f"{page.rate_text(counts['net'])} vs {page.rate_text(counts['cold'])} decided — "
                    f"put your time where the offers come from.", offers)]


def label(opp: Opportunity) -> str:
    """'Acme — Staff Engineer' for Markdown text (company and role are record
    fields, shown in public builds too)."""
    return display.md_text(f"{opp.company} — {opp.role}")


def verdict(events, metrics, settings, as_of) -> str:
    target = settings["target_days"]
    if not events:
        return (f"**No market test on record.** Test the market at least every {display.days(target)}: "
                f"talk to recruiters, apply, and reach the offer stage.")
    last = events[-1]
    since = metrics["days_since_market_test"].value
    due = last.day + timedelta(days=target)
    if as_of > due:
        return (f"**Overdue by {display.days((as_of - due).days)}:** the last market test ({display.md_text(last.what)}, "
                f"{display.day(last.day)}) was {display.days(since)} ago — aim for one every {display.days(target)}.")
    return (f"Last market test {display.days(since)} ago ({display.md_text(last.what)}, {display.day(last.day)}); "
            f"the next one is **due by {display.day(due)}**, in {until(due, as_of)}.")


def compute_market_cadence(records: Records, settings: Mapping[str, Any], as_of: date,
                           config: Config) -> Analysis:
    settings = {**DEFAULTS, **settings}
    opps = sorted(facts.opportunities_as_of(records, as_of), key=lambda o: o.id)
    progress = page.Progress.of(opps, as_of, settings["ghost_days"])
    tests = market_tests(opps, progress)
    events = market_events(records, tests, progress, as_of)
    metrics = compute_metrics(records, opps, tests, events, progress, settings, as_of)
    findings = (cadence_findings(opps, tests, events, progress, metrics, settings, as_of)
                + pipeline_findings(opps, progress, settings, as_of) + source_findings(opps, progress))
    # no opportunities: nothing to judge the cadence by ("no data yet")
    status = worst([m.status for m in metrics.values()] + [f.severity for f in findings]) if opps else "none"
    return Analysis(
        name=NAME,
        title=TITLE,
        status=status,
        metrics=metrics,
        findings=tuple(findings),
        summary=verdict(events, metrics, settings, as_of),
        sections=page.sections(records, opps, events, progress, settings, config, as_of),
        methodology=page.methodology(__doc__, settings, WARN_SHARE),
        headline=("days_since_market_test", "days_until_test_due", "days_since_offer", "market_tests_in_target_window"),
    )


# --- the plugin ------------------------------------------------------------------------


@hookimpl
def careerkit_settings():
    return {NAME: DEFAULTS}


@hookimpl
def careerkit_analyze(records, settings, config, as_of):
    return compute_market_cadence(records, settings, as_of, config)
