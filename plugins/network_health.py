"""Network health: is the network alive, diverse, and reaching the people who
bring opportunities?

Most good opportunities come through targeted networking — recruiters who know
your field and advocates who push for you — rather than cold applications.
This analyzer looks at the contacts known on the report date (a contact met
after it is ignored, and so is one without `met` whose first interaction is
after it, and every interaction dated after it).  A contact's *last touch* is
the latest of its interaction dates and its `met` date.  It is *active* when it
was touched within `active_days`, *stale* when it was never touched or not for
more than `stale_days`, and *due a follow-up* when it has a cadence and was
never touched or not within it.  The cadence is its `keep_in_touch_days`, else
`key_contact_days` for an advocate, a referrer or a recruiter: the people the
next market test depends on are never left without one.  Recruiters are
contacts with the role `recruiter`; advocates those with the role `advocate`
or `referrer`, and active advocates those of them that are active.  Employer
concentration is, among the contacts that have a company, the share whose
company is the current employer (the employer of the latest pay entry),
compared ignoring case and surrounding spaces; active employer concentration
is the same among active contacts: a network that lives only at the current
employer vanishes with the job.  The network-sourced share is the share of
opportunities whose source is a referral, a recruiter, the network or an
inbound approach.

The action list is ordered by what matters for the next market test, not by
days overdue alone: first the contacts linked to an open opportunity or
working at a company with one, then advocates, referrers, recruiters and
hiring managers, then everyone else; within each group the longest overdue
first.  An overdue follow-up is due now: the plan and `reminders.ics` date it
on the report date, never in the past.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from careerkit import Analysis, Config, Contact, Finding, Metric, Records, display, facts, hookimpl, worst
from careerkit.plan import MAX_ITEMS, PLAN_DAYS

from .network_health_page import View, build_sections, esc, methodology, plural, quarter_ends
from .network_health_rules import (
    BROKER_ROLES,
    action_group,
    cadence,
    current_employer,
    group,
    open_companies,
    overdue_key,
    tally,
    trend_counts,
)

NAME = "network_health"
TITLE = "Network health"
DEFAULTS: dict[str, Any] = {
    "active_days": 180,  # touched within this many days: active
    "key_contact_days": 180,  # the cadence of an advocate, referrer or recruiter without keep_in_touch_days
    "stale_days": 365,  # not touched for more than this many days: stale
    "losing_touch_days": 365,  # "losing touch": touched in this window before the active one
    "min_active_contacts": 5,  # fewer active contacts: warn (none: alert)
    "stale_warn": 0.5,  # share of contacts that are stale: warn at or above
    "stale_alert": 0.75,  # ... alert at or above
    "follow_ups_warn": 1,  # follow-ups due: warn at or above
    "follow_ups_alert": 5,  # ... alert at or above
    "min_active_recruiters": 1,  # fewer active recruiters: warn
    "min_advocates": 1,  # fewer advocates: warn
    "concentration_warn": 0.5,  # share of contacts at the current employer: warn at or above
    "concentration_alert": 0.75,  # ... alert at or above
    "network_share_warn": 0.5,  # share of network-sourced opportunities: warn below
    "network_share_alert": 0.2,  # ... alert below
    "top_companies": 8,  # companies shown in the concentration chart
    "trend_quarters": 12,  # quarter ends in the trend chart (3 years)
}
NAMES_IN_MESSAGE = 5


# --- statuses -------------------------------------------------------------------


def at_least(value: float | None, warn: float, alert: float) -> str | None:
    """alert when value >= alert, warn when >= warn (None when no value)."""
    if value is None:
        return None
    return "alert" if value >= alert else "warn" if value >= warn else "ok"


def below(value: float | None, warn: float, alert: float) -> str | None:
    """alert when value < alert, warn when < warn (None when no value)."""
    if value is None:
        return None
    return "alert" if value < alert else "warn" if value < warn else "ok"


def build_metrics(n: Mapping[str, int], employer: str | None, s: Mapping[str, Any]) -> dict[str, Metric]:
    total = n["contacts"]
    concentration = facts.ratio(n["at_employer"], n["with_company"]) if employer else None
    active_concentration = facts.ratio(n["active_at_employer"], n["active_with_company"]) if employer else None
    share = facts.ratio(n["network_sourced"], n["opportunities"])
    stale_share = facts.ratio(n["stale_contacts"], total)
    return {
        "contacts": Metric(total, "count", "Contacts"),
        "active_contacts": Metric(
            n["active_contacts"], "count", f"Active contacts (touched within {s['active_days']} days)",
            below(n["active_contacts"], s["min_active_contacts"], 1),
        ),
        "stale_contacts": Metric(
            n["stale_contacts"], "count", f"Stale contacts (no touch for over {s['stale_days']} days)",
            at_least(stale_share, s["stale_warn"], s["stale_alert"]),
        ),
        "follow_ups_due": Metric(
            n["follow_ups_due"], "count", "Follow-ups due",
            at_least(n["follow_ups_due"], s["follow_ups_warn"], s["follow_ups_alert"]),
        ),
        "recruiters": Metric(n["recruiters"], "count", "Recruiters"),
        "active_recruiters": Metric(
            n["active_recruiters"], "count", "Active recruiters",
            "warn" if n["active_recruiters"] < s["min_active_recruiters"] else "ok",
        ),
        "advocates": Metric(
            n["advocates"], "count", "Advocates and referrers",
            "warn" if n["advocates"] < s["min_advocates"] else "ok",
        ),
        "active_advocates": Metric(
            n["active_advocates"], "count", f"Active advocates (touched within {s['active_days']} days)",
            "warn" if n["active_advocates"] < s["min_advocates"] else "ok",
        ),
        "employer_concentration": Metric(
            concentration, "fraction", "Share of contacts (with a company) at the current employer",
            at_least(concentration, s["concentration_warn"], s["concentration_alert"]),
        ),
        "active_employer_concentration": Metric(
            active_concentration, "fraction", "Share of active contacts (with a company) at the current employer",
            at_least(active_concentration, s["concentration_warn"], s["concentration_alert"]),
        ),
        "network_sourced_share": Metric(
            share, "fraction", "Share of opportunities from the network",
            below(share, s["network_share_warn"], s["network_share_alert"]),
        ),
    }


# --- findings -------------------------------------------------------------------


def names(contacts, config: Config, note=lambda c: "") -> str:
    """'A (x), B (y) and 3 more' — at most NAMES_IN_MESSAGE names."""
    shown = [esc(display.person(c, config)) + note(c) for c in contacts[:NAMES_IN_MESSAGE]]
    more = len(contacts) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def refs(items) -> tuple[str, ...]:
    return tuple(item.ref for item in items)


def build_findings(v: View, groups: Mapping[str, list[Contact]], metrics: Mapping[str, Metric],
                   s: Mapping[str, Any]) -> list[Finding]:
    cfg, out = v.config, []
    severity = metrics["follow_ups_due"].status
    severity = severity if severity in ("warn", "alert") else "info"
    for c in v.follow_ups[:MAX_ITEMS]:  # the plan lists at most MAX_ITEMS; the action list has them all
        out.append(follow_up_finding(v, c, severity))
    if len(v.follow_ups) > MAX_ITEMS:
        out.append(Finding(severity, f"…and {len(v.follow_ups) - MAX_ITEMS:,} more follow-ups are due: the action "
                           "list on this page has them all, in order.", refs(v.follow_ups[MAX_ITEMS:])))
    for c, due in v.upcoming[:MAX_ITEMS]:
        out.append(Finding("info", f"Keep in touch with {esc(display.person(c, cfg))}{why(v, c)}: your "
                           f"{v.cadence[c.id]}-day cadence runs out on {display.day(due)}.", (c.ref,), due))
    if v.losing:
        out.append(Finding(
            "info", f"You are losing touch with {names(v.losing, cfg)}: in touch in the "
            f"{s['losing_touch_days']} days before the last {s['active_days']}, quiet since — "
            "reach out before they go stale.", refs(v.losing)))
    recruiters = groups["recruiters"]
    if metrics["active_recruiters"].status == "warn":
        if metrics["active_recruiters"].value:
            text = (f"Only {plural(metrics['active_recruiters'].value, 'active recruiter')}, fewer than "
                    f"{s['min_active_recruiters']}: meet more recruiters who place people in your field.")
        elif recruiters:
            text = (f"No recruiter was in touch in the last {s['active_days']} days "
                    f"({plural(len(recruiters), 'recruiter')} in all): reconnect with {names(recruiters, cfg)} and ask what "
                    "they see in your field.")
        else:
            text = ("No recruiter in your network: connect with one or two recruiters who place "
                    "people in your field — they bring opportunities you will not find by applying.")
        out.append(Finding("warn", text, refs(recruiters)))
    if metrics["advocates"].status == "warn":
        helpers = [c for c in v.contacts if c.id in v.active
                   and set(c.roles) & {"mentor", "manager", "peer", "hiring-manager"}]
        ask = f" Candidates among your active contacts: {names(helpers, cfg)}." if helpers else ""
        out.append(Finding(
            "warn", "No one in your network is recorded as an advocate or referrer: ask a former "
            "manager, mentor or peer who knows your work to vouch for you, and mark them with the "
            f"`advocate` role.{ask}", refs(helpers)))
    conc = metrics["employer_concentration"]
    if conc.status in ("warn", "alert"):
        there = groups["at_employer"]
        out.append(Finding(
            conc.status, f"{display.pct(conc.value)} of your network ({len(there)} of the "
            f"{len(groups['with_company'])} contacts with a company) works at {esc(v.employer)}: a layoff would "
            "take it with your job. Meet people at other companies you would like to work for.", refs(there)))
    live = metrics["active_employer_concentration"]
    if live.status in ("warn", "alert"):
        there = groups["active_at_employer"]
        out.append(Finding(
            live.status, f"{display.pct(live.value)} of the people you are in touch with ({len(there)} of the "
            f"{len(groups['active_with_company'])} active contacts with a company) work at {esc(v.employer)}: "
            "the network you use lives at your job and would vanish with it. Get back in touch with people "
            "elsewhere.", refs(there)))
    share = metrics["network_sourced_share"]
    if share.status in ("warn", "alert"):
        cold = [o for o in v.opportunities if o.source not in facts.NETWORK_SOURCES]
        out.append(Finding(
            share.status, f"Only {display.pct(share.value)} of your opportunities came through "
            f"your network ({len(cold)} did not): ask your contacts for referrals before applying cold.",
            refs(cold)))
    stale = metrics["stale_contacts"]
    if stale.status in ("warn", "alert"):
        gone = groups["stale"]
        out.append(Finding(
            stale.status, f"{len(gone)} of {len(v.contacts)} contacts are stale (no touch for over "
            f"{s['stale_days']} days), e.g. {names(gone, cfg)}: reconnect with the ones who "
            "matter and log the interaction.", refs(gone)))
    active = metrics["active_contacts"]
    if active.status in ("warn", "alert") and v.contacts:
        out.append(Finding(
            active.status, f"Only {plural(active.value, 'contact')} touched in the last {s['active_days']} "
            f"days (aim for at least {s['min_active_contacts']}): start with the people you are "
            "losing touch with.", refs(v.losing)))
    return out


def why(v: View, contact: Contact) -> str:
    """' (advocate; at Acme, where an opportunity is open)' — why this person matters now."""
    parts = [", ".join(r for r in contact.roles if r in BROKER_ROLES)] if not BROKER_ROLES.isdisjoint(contact.roles) else []
    if v.group[contact.id] == 0:
        parts.append("linked to an open opportunity")
    return f" ({'; '.join(parts)})" if parts else ""


def follow_up_finding(v: View, contact: Contact, severity: str) -> Finding:
    """An overdue follow-up: due now (the report date)."""
    days, every = v.ages[contact.id], v.cadence[contact.id]
    late = "never touched" if days is None else f"{display.days(days - every)} past the {every}-day cadence"
    return Finding(severity, f"Follow up with {esc(display.person(contact, v.config))}{why(v, contact)}: {late} "
                   "— send a note or book a call.", (contact.ref,), v.as_of)


def build_summary(v: View, m: Mapping[str, Metric], status: str, s: Mapping[str, Any]) -> str:
    if not v.contacts:
        return (f"No contacts recorded as of {display.day(v.as_of)}: add the people you know "
                "under `content/contacts/` to see whether your network can bring you opportunities.")
    lead = {"ok": "Your network is in good shape", "warn": "Your network needs attention",
            "alert": "Your network needs work"}[status]
    text = (f"{lead}: **{m['active_contacts'].value} of {m['contacts'].value}** "
            f"{'contact' if m['contacts'].value == 1 else 'contacts'} touched in "
            f"the last {s['active_days']} days, {plural(m['follow_ups_due'].value, 'follow-up')} due, "
            f"{plural(m['active_recruiters'].value, 'active recruiter')} and "
            f"{plural(m['advocates'].value, 'advocate')}")
    if m["employer_concentration"].value is not None:
        text += f"; {display.pct(m['employer_concentration'].value)} of it works at {esc(v.employer)}"
    if m["network_sourced_share"].value is not None:
        text += f"; {display.pct(m['network_sourced_share'].value)} of your opportunities came through it"
    return text + "."


# --- the analysis ---------------------------------------------------------------


def compute_network_health(records: Records, settings: Mapping[str, Any], as_of: date, config: Config) -> Analysis:
    s = {**DEFAULTS, **settings}
    contacts = tuple(sorted(facts.contacts_as_of(records, as_of), key=lambda c: c.id))
    touch = {c.id: facts.last_touch(c, as_of) for c in contacts}
    ages = {key: None if day is None else (as_of - day).days for key, day in touch.items()}
    employer = current_employer(records, as_of)
    groups = group(contacts, ages, employer, s)
    opportunities = tuple(sorted(facts.opportunities_as_of(records, as_of),
                                 key=lambda o: (facts.activity_date(o, as_of), o.id)))
    ghost_days = config.sections.get("market_cadence", {}).get("ghost_days", facts.GHOST_DAYS)
    linked, companies = open_companies(opportunities, as_of, ghost_days)
    every = {c.id: cadence(c, s) for c in contacts}
    action = {c.id: action_group(c, linked, companies) for c in contacts}
    horizon = as_of + timedelta(days=PLAN_DAYS)
    due_now = {c.id for c in groups["due"]}
    upcoming = sorted(((c, touch[c.id] + timedelta(days=every[c.id])) for c in contacts
                       if every[c.id] is not None and c.id not in due_now
                       and touch[c.id] is not None and touch[c.id] + timedelta(days=every[c.id]) <= horizon),
                      key=lambda pair: (pair[1], action[pair[0].id], pair[0].id))
    trend = trend_counts(contacts, touch, s, quarter_ends(as_of, s["trend_quarters"]))
    metrics = build_metrics(tally(contacts, groups, opportunities), employer, s)
    view = View(
        as_of=as_of, config=config, settings=s, contacts=contacts, ages=ages, touch=touch,
        active=frozenset(c.id for c in groups["active"]),
        opportunities=opportunities, employer=employer,
        follow_ups=tuple(sorted(groups["due"], key=lambda c: overdue_key(c, ages[c.id], every[c.id], action[c.id]))),
        upcoming=tuple(upcoming), cadence=every, group=action,
        losing=tuple(sorted(groups["losing"], key=lambda c: (-ages[c.id], c.id))),
        trend=trend,
        metrics=metrics,
    )
    findings = tuple(build_findings(view, groups, metrics, s))
    # no contacts: nothing to judge the network by ("no data yet")
    status = worst([m.status for m in metrics.values()] + [f.severity for f in findings]) if contacts else "none"
    return Analysis(
        name=NAME, title=TITLE, status=status, metrics=metrics, findings=findings,
        summary=build_summary(view, metrics, status, s),
        sections=build_sections(view),
        methodology=methodology(__doc__, s),
        headline=("active_contacts", "follow_ups_due", "active_advocates", "active_employer_concentration"),
    )


@hookimpl
def careerkit_settings():
    return {NAME: DEFAULTS}


@hookimpl
def careerkit_analyze(records, settings, config, as_of):
    return compute_network_health(records, settings, as_of, config)
