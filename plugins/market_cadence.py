"""Market cadence: test the market at least every `target_days`, even when
content, and carry the tests through to the offer stage.

An opportunity's *deepest stage* is the furthest progress stage it reached
(lead < applied < screen < interview < offer; `accepted` and `declined` count
as offer).  It is a *market test* when that stage is `applied` or further, and
its *activity date* is its latest stage date.  The clock is the number of days
since the latest market test: ok up to three quarters of the target, warn up
to the target, alert beyond it or when there has never been a test.  Only
reaching the offer stage tells you reliably what you are worth, so the funnel
and the offer rate by source show which channels get you there — most good
opportunities come through recruiters and advocates rather than cold
applications.  The career is read as it stood on the report date: stages
dated after it are ignored, and so are opportunities with no stage on or
before it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from careerkit_plugins import market_cadence_page as page

from careerkit import Analysis, Config, Finding, Metric, Opportunity, Records, display, facts, hookimpl, worst

NAME = "market_cadence"
TITLE = "Market cadence"
DEFAULTS = {"target_days": 730, "stale_pipeline_days": 30}
WARN_SHARE = 0.75  # ok up to this share of target_days, warn up to the target
FUNNEL_STAGES = ("applied", "screen", "interview", "offer")


# --- the SPEC's metrics, one small function each ---------------------------------


def market_tests(opps: list[Opportunity], progress: page.Progress) -> list[Opportunity]:
    """The market tests (deepest stage `applied` or further), oldest activity
    first (ties: shallower first, then id)."""
    tests = [o for o in opps if progress.rank[o.id] >= facts.STAGE_RANK["applied"]]
    return sorted(tests, key=lambda o: (progress.activity[o.id], progress.rank[o.id], o.id))


def days_since(day: date | None, as_of: date) -> int | None:
    return None if day is None else (as_of - day).days


def cadence_status(days: int | None, target: int) -> str:
    """ok <= 0.75 x target, warn <= target, alert beyond it or with no test."""
    if days is None or days > target:
        return "alert"
    return "ok" if days <= WARN_SHARE * target else "warn"


def latest_offer_date(opps: list[Opportunity], as_of: date) -> date | None:
    """The latest date of an offer, accepted or declined stage."""
    dates = [s.date for o in opps for s in o.stages if s.date <= as_of and s.stage in facts.OFFER_STAGES]
    return max(dates, default=None)


def funnel(opps: list[Opportunity], progress: page.Progress) -> dict[str, int]:
    """How many opportunities got at least as far as each stage."""
    ranks = [progress.rank[o.id] for o in opps]
    return {stage: sum(rank >= facts.STAGE_RANK[stage] for rank in ranks) for stage in FUNNEL_STAGES}


def offer_rate_by_source(opps: list[Opportunity], progress: page.Progress) -> dict[str, float | None]:
    """source -> share of that source's opportunities whose deepest stage is offer."""
    by_source: dict[str, list[Opportunity]] = {}
    for o in opps:
        by_source.setdefault(o.source, []).append(o)
    return {source: facts.ratio(sum(progress.deepest[o.id] == "offer" for o in mine), len(mine))
            for source, mine in sorted(by_source.items())}


def tenure_days(records: Records, as_of: date) -> int | None:
    """Days since the first entry of the current unbroken run at the current employer."""
    run = facts.current_run(records, as_of)
    return days_since(run[0].date, as_of) if run else None


def compute_metrics(records: Records, opps: list[Opportunity], tests: list[Opportunity], progress: page.Progress,
                    settings: Mapping[str, Any], as_of: date) -> dict[str, Metric]:
    target = settings["target_days"]
    last = progress.activity[tests[-1].id] if tests else None
    since_test = days_since(last, as_of)
    any_opps = bool(opps)
    in_window = sum(facts.within(progress.activity[o.id], as_of, target) for o in tests)
    return {
        "days_since_market_test": Metric(
            since_test, "days", "Days since the last market test", cadence_status(since_test, target)
        ),
        "days_since_offer": Metric(
            days_since(latest_offer_date(opps, as_of), as_of), "days", "Days since the last offer"
        ),
        "market_tests_in_target_window": Metric(
            in_window if any_opps else None, "count", f"Market tests in the last {target} days"
        ),
        "funnel": Metric(funnel(opps, progress) if any_opps else None, "map", "Opportunities reaching each stage"),
        "offer_rate_by_source": Metric(
            offer_rate_by_source(opps, progress) if any_opps else None, "map", "Offer rate by source"
        ),
        "tenure_days": Metric(tenure_days(records, as_of), "days", "Days at the current employer"),
    }


# --- findings and verdict ------------------------------------------------------------


def cadence_findings(opps, tests, progress, metrics, settings, as_of) -> list[Finding]:
    target = settings["target_days"]
    every = f"every {target} days ({display.days(target)})"
    since = metrics["days_since_market_test"]
    if not tests:
        what = "No market test on record" if opps else "No opportunities recorded"
        refs = tuple(o.ref for o in sorted(opps, key=lambda o: o.id))
        return [Finding("alert", f"{what}: apply, talk to recruiters and interview until you reach "
                        f"the offer stage — at least {every}.", refs)]
    last = tests[-1]
    due = progress.activity[last.id] + timedelta(days=target)
    found = []
    if since.status == "alert":
        found.append(Finding("alert", f"Market test overdue by {display.days((as_of - due).days)}: "
                             f"the last one ({label(last)}) was {display.days(since.value)} ago — start one now "
                             f"and aim to reach the offer stage.", (last.ref,)))
    elif since.status == "warn":
        found.append(Finding("warn", f"Next market test due by {display.month(due)}: plan it now "
                             f"(last one: {label(last)}, {display.days(since.value)} ago).", (last.ref,)))
    offer_days = metrics["days_since_offer"].value
    if offer_days is None or offer_days > target:
        recent = [o for o in tests if facts.within(progress.activity[o.id], as_of, target)]
        if recent:
            found.append(Finding("warn", f"No offer in the last {target} days although {len(recent)} market "
                                 f"test(s) ran: only an offer tells you reliably what you are worth — carry the "
                                 f"next process through to the offer stage.", tuple(o.ref for o in recent)))
    return found


def pipeline_findings(opps, progress, settings, as_of) -> list[Finding]:
    """An open opportunity quiet for longer than stale_pipeline_days is likely ghosted."""
    quiet_days = settings["stale_pipeline_days"]
    found = []
    for opp, last in page.open_pipeline(opps, progress):
        quiet = (as_of - last).days
        if quiet > quiet_days:
            found.append(Finding("warn", f"{label(opp)} has had no activity for {display.days(quiet)} "
                                 f"(since {display.day(last)}) — likely ghosted: follow up or mark it ghosted.",
                                 (opp.ref,)))
    return found


def source_findings(opps, progress) -> list[Finding]:
    """Does networking convert better than cold applications in this person's data?"""
    net = [o for o in opps if o.source in facts.NETWORK_SOURCES]
    cold = [o for o in opps if o.source == "application"]
    if not net or not cold:
        return []
    rate = {k: facts.ratio(sum(progress.deepest[o.id] == "offer" for o in v), len(v))
            for k, v in (("net", net), ("cold", cold))}
    better = "better" if rate["net"] > rate["cold"] else "no better" if rate["net"] == rate["cold"] else "worse"
    offers = tuple(o.ref for o in sorted(net + cold, key=lambda o: o.id) if progress.deepest[o.id] == "offer")
    return [Finding("info", f"Network-sourced opportunities convert to offer {better} than cold applications: "
                    f"{display.pct(rate['net'])} of {len(net)} vs {display.pct(rate['cold'])} of {len(cold)} — "
                    f"put your time where the offers come from.", offers)]


def label(opp: Opportunity) -> str:
    """'Acme — Staff Engineer' for Markdown text (company and role are record
    fields, shown in public builds too)."""
    return display.md_text(f"{opp.company} — {opp.role}")


def verdict(tests, progress, metrics, settings, as_of) -> str:
    target = settings["target_days"]
    if not tests:
        return (f"**No market test on record.** Test the market at least every {display.days(target)}: "
                f"apply, talk to recruiters, and reach the offer stage.")
    last = tests[-1]
    since = metrics["days_since_market_test"].value
    due = progress.activity[last.id] + timedelta(days=target)
    reached = f"{label(last)}, reached `{progress.deepest[last.id]}`"
    if as_of > due:
        return (f"**Overdue by {display.days((as_of - due).days)}:** the last market test ({reached}) was "
                f"{display.days(since)} ago — aim for one every {display.days(target)}.")
    return f"Last market test {display.days(since)} ago ({reached}); the next one is **due by {display.month(due)}**."


def compute_market_cadence(records: Records, settings: Mapping[str, Any], as_of: date,
                           config: Config) -> Analysis:
    settings = {**DEFAULTS, **settings}
    opps = sorted(facts.opportunities_as_of(records, as_of), key=lambda o: o.id)
    progress = page.Progress.of(opps, as_of)
    tests = market_tests(opps, progress)
    metrics = compute_metrics(records, opps, tests, progress, settings, as_of)
    findings = (cadence_findings(opps, tests, progress, metrics, settings, as_of)
                + pipeline_findings(opps, progress, settings, as_of) + source_findings(opps, progress))
    status = worst([m.status for m in metrics.values()] + [f.severity for f in findings])
    return Analysis(
        name=NAME,
        title=TITLE,
        status=status,
        metrics=metrics,
        findings=tuple(findings),
        summary=verdict(tests, progress, metrics, settings, as_of),
        sections=page.sections(records, opps, tests, progress, settings, config, as_of),
        methodology=page.methodology(__doc__, settings, WARN_SHARE),
        headline=("days_since_market_test", "market_tests_in_target_window", "days_since_offer", "tenure_days"),
    )


# --- the plugin ------------------------------------------------------------------------


@hookimpl
def careerkit_settings():
    return {NAME: DEFAULTS}


@hookimpl
def careerkit_analyze(records, settings, config, as_of):
    return compute_market_cadence(records, settings, as_of, config)
