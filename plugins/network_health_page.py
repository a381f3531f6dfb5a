"""The network health page: the blocks (texts, tables, charts) of each section.

The metrics and findings are computed in :mod:`careerkit_plugins.network_health`;
this module only lays them out.  Names go through :func:`careerkit.display.person`
so that a public build shows initials, and no notes or free text are shown.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from careerkit import MAX_TABLE_ROWS, Config, Contact, Metric, Opportunity, Section, Table, Text, charts, display, facts

SOURCES = ("referral", "recruiter", "network", "inbound", "application", "other")
RECENCY = ((91, "0–3 months"), (182, "3–6 months"), (365, "6–12 months"), (730, "1–2 years"))
RECENCY_LIMITS = tuple(limit for limit, _ in RECENCY)
RECENCY_LABELS = tuple(label for _, label in RECENCY) + ("over 2 years",)
KEY_ROLES = frozenset(("recruiter", "advocate", "referrer"))  # who brings opportunities
ACTION_GROUP_NAMES = ("open opportunity", "advocate, referrer, recruiter or hiring manager", "—")


@dataclass(frozen=True)
class View:
    """What the page needs, computed once by the analyzer."""

    as_of: date
    config: Config
    settings: Mapping[str, Any]
    contacts: tuple[Contact, ...]  # known on as_of, by id
    ages: Mapping[str, int | None]  # contact id -> days since last touch
    touch: Mapping[str, date | None]  # contact id -> last touch
    active: frozenset[str]  # ids of active contacts
    opportunities: tuple[Opportunity, ...]  # with a stage on or before as_of
    employer: str | None
    follow_ups: tuple[Contact, ...]  # due now, in the action list's order
    upcoming: tuple[tuple[Contact, date], ...]  # (contact, the day its cadence runs out) within the plan's days
    cadence: Mapping[str, int | None]  # contact id -> its cadence (keep_in_touch_days or key_contact_days)
    group: Mapping[str, int]  # contact id -> its group in the action list (0 first)
    losing: tuple[Contact, ...]
    trend: tuple[tuple[date, int, int], ...]  # (date, active contacts, active recruiters)
    metrics: Mapping[str, Metric]


esc = display.md_text  # values put into Markdown (summary, findings, Text blocks)


def quarter_ends(as_of: date, count: int) -> list[date]:
    """The last `count` quarter ends on or before as_of, oldest first, then as_of."""
    ends, year, quarter = [], as_of.year, (as_of.month - 1) // 3 + 1
    while len(ends) < count:
        end = date(year, 3 * quarter, 1) + timedelta(days=31)
        end = end.replace(day=1) - timedelta(days=1)  # last day of the quarter's last month
        if end <= as_of:
            ends.append(end)
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    ends.reverse()
    return ends if ends and ends[-1] == as_of else ends + [as_of]


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 follow-up', '2 follow-ups'."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def company(contact: Contact) -> str:
    return (contact.company or "").strip() or "—"


def roles(contact: Contact) -> str:
    return ", ".join(contact.roles) or "—"


def company_groups(contacts) -> dict[str, tuple[str, list[Contact]]]:
    """Company key -> (the most written spelling, contacts there), the
    companies where you know the most people first (then by key)."""
    groups: dict[str, list[Contact]] = {}
    spellings: dict[str, dict[str, int]] = {}  # key -> spelling -> how many contacts wrote it
    for contact in contacts:
        name = (contact.company or "").strip()
        if name:
            key = name.casefold()
            groups.setdefault(key, []).append(contact)
            written = spellings.setdefault(key, {})
            written[name] = written.get(name, 0) + 1
    out = {}
    for key in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        written = spellings[key]
        label = next(iter(written)) if len(written) == 1 else min(written, key=lambda s: (-written[s], s))
        out[key] = (label, groups[key])
    return out


def last(v: View, contact: Contact) -> str:
    return display.day(v.touch[contact.id]) if v.touch[contact.id] else "never"


# --- sections -------------------------------------------------------------------


def action_section(v: View) -> Section:
    s, blocks = v.settings, []
    if v.follow_ups:
        rows = []
        for c in v.follow_ups[:MAX_TABLE_ROWS]:  # the rows a page shows; the total below
            days, cadence = v.ages[c.id], v.cadence[c.id]
            due = "never touched" if days is None else display.day(v.touch[c.id] + timedelta(days=cadence))
            rows.append((display.person(c, v.config), ACTION_GROUP_NAMES[v.group[c.id]], roles(c), company(c),
                         last(v, c), f"every {cadence} days", due, "—" if days is None else days - cadence))
        blocks.append(Table(("Contact", "Why first", "Roles", "Company", "Last touch", "Cadence", "Cadence ran out",
                             "Days overdue"), tuple(rows),
                            "Follow-ups due: people linked to an open opportunity first, then advocates, referrers, "
                            "recruiters and hiring managers, then the rest; the longest overdue first in each", (7,),
                            len(v.follow_ups)))
    else:
        blocks.append(Text("No follow-up is due: every contact with a keep-in-touch cadence was "
                           "touched within it."))
    if v.upcoming:
        rows = tuple((display.person(c, v.config), roles(c), company(c), last(v, c), f"every {v.cadence[c.id]} days",
                      display.day(due)) for c, due in v.upcoming[:MAX_TABLE_ROWS])
        blocks.append(Table(("Contact", "Roles", "Company", "Last touch", "Cadence", "Due"), rows,
                            "Coming up: cadences that run out in the plan's next days, soonest first", (),
                            len(v.upcoming)))
    low, high = s["active_days"], s["active_days"] + s["losing_touch_days"]
    if v.losing:
        rows = tuple((display.person(c, v.config), roles(c), company(c), last(v, c), v.ages[c.id])
                     for c in v.losing[:MAX_TABLE_ROWS])
        blocks.append(Table(("Contact", "Roles", "Company", "Last touch", "Days since"), rows,
                            f"Losing touch: last touched {low + 1}–{high} days ago, longest quiet first", (4,),
                            len(v.losing)))
    else:
        blocks.append(Text(f"Nobody is slipping away: no contact was last touched {low + 1}–{high} days ago."))
    return Section("Action list", tuple(blocks))


def brokers_section(v: View) -> Section:
    by_contact: dict[str, list[Opportunity]] = {}
    for o in v.opportunities:
        if o.contact:
            by_contact.setdefault(o.contact, []).append(o)
    blocks = []
    rows = []
    for c in sorted((c for c in v.contacts if c.id in by_contact), key=lambda c: (-len(by_contact[c.id]), c.id)):
        for o in by_contact[c.id]:
            rows.append((display.person(c, v.config), roles(c), f"{o.company} — {o.role}", o.source,
                         facts.deepest_stage(o, v.as_of) or "—", facts.outcome(o, v.as_of) or "open",
                         display.day(facts.activity_date(o, v.as_of))))
    if rows:
        blocks.append(Table(("Contact", "Roles", "Opportunity", "Source", "Deepest stage", "Outcome",
                             "Last activity"), tuple(rows), "Opportunities each contact brought"))
    else:
        blocks.append(Text("No opportunity names the contact who brought it: add `contact:` to an "
                           "opportunity to see who opens doors for you."))
    unlinked = [o for o in v.opportunities if o.source in facts.NETWORK_SOURCES and not o.contact]
    if unlinked:
        blocks.append(Text(f"{plural(len(unlinked), 'network-sourced opportunity', 'network-sourced opportunities')} "
                           "without `contact:` — link them to see who brought them."))
    keys = [c for c in v.contacts if not KEY_ROLES.isdisjoint(c.roles)]
    keys.sort(key=lambda c: (v.ages[c.id] is None, v.ages[c.id] or 0, c.id))
    if keys:
        rows = tuple((display.person(c, v.config), roles(c), company(c), last(v, c),
                      "yes" if c.id in v.active else "no", len(by_contact.get(c.id, ())))
                     for c in keys[:MAX_TABLE_ROWS])
        blocks.append(Table(("Contact", "Roles", "Company", "Last touch", "Active", "Opportunities"),
                            rows, "Recruiters and advocates, most recently touched first", (5,), len(keys)))
    return Section("Who brings opportunities", tuple(blocks))


def concentration_section(v: View, groups: Mapping[str, tuple[str, list[Contact]]]) -> Section:
    value = v.metrics["employer_concentration"].value
    active = v.metrics["active_employer_concentration"].value
    if v.employer is None:
        text = "No current employer (no pay entry on or before the report date), so no concentration."
    elif value is None:
        text = "No contacts with a company yet, so no concentration."
    else:
        text = (f"{display.pct(value)} of your contacts with a company work at your current employer, "
                f"{esc(v.employer)}")
        if active is not None:
            text += f", and {display.pct(active)} of the active ones (touched in the last {v.settings['active_days']} days)"
        text += ". If that share is high, a layoff takes your network with your job."
    blocks: list[Any] = [Text(text)]
    top = sorted(groups.values(), key=lambda g: (-len(g[1]), g[0].casefold(), g[0]))[: v.settings["top_companies"]]
    if top:
        items = [(label + (" (current)" if facts.same_company(label, v.employer) else ""), len(members))
                 for label, members in top]
        blocks.append(charts.bars("companies", "Contacts by company", items, fmt=lambda x: f"{x:g}",
                                  desc=f"The {len(items)} companies where you know the most people."))
    return Section("Concentration risk", tuple(blocks))


def origins_section(v: View) -> Section:
    if not v.opportunities:
        return Section("Where opportunities came from", (Text("No opportunities recorded yet."),))
    depth = {o.id: facts.STAGE_RANK.get(facts.deepest_stage(o, v.as_of) or "", -1) for o in v.opportunities}
    reached = lambda group, stage: sum(depth[o.id] >= facts.STAGE_RANK[stage] for o in group)  # noqa: E731

    def row(label, group):
        n, i, f = len(group), reached(group, "interview"), reached(group, "offer")
        return (label, n, i, display.pct(facts.ratio(i, n)), f, display.pct(facts.ratio(f, n)))

    by_source = {s: [o for o in v.opportunities if o.source == s] for s in SOURCES}
    present = [s for s in SOURCES if by_source[s]]
    rows = [row(s, by_source[s]) for s in present]
    network = [o for o in v.opportunities if o.source in facts.NETWORK_SOURCES]
    rows += [row("all network-sourced", network), row("all cold applications", by_source["application"])]
    blocks: list[Any] = [
        Text("Network-sourced means a referral, a recruiter, the network or an inbound approach; "
             "a cold application is the `application` source. The shares are of all that source's "
             "opportunities, open ones included, whose deepest stage reached at least the interview / the "
             "offer; the offer rate over decided opportunities only is on the Market cadence page."),
        Table(("Source", "Opportunities", "Reached interview", "Share reaching interview", "Reached offer",
               "Share reaching offer"), tuple(rows), "How far opportunities got, by source", (1, 2, 3, 4, 5)),
    ]
    bands = (("offer", 4), ("interview", 3), ("screen", 2), ("applied", 1), ("lead only", 0))
    series = [(label, [sum(max(depth[o.id], 0) == rank for o in by_source[s]) for s in present])
              for label, rank in bands]
    series = [(label, values) for label, values in series if any(values)]
    blocks.append(charts.stacked_bars("sources", "Opportunities by source and deepest stage", present, series,
                                      fmt=lambda x: f"{x:g}",
                                      desc="Each bar is a source, split by how far its opportunities got."))
    return Section("Where opportunities came from", tuple(blocks))


def coverage_section(v: View, groups: Mapping[str, tuple[str, list[Contact]]]) -> Section:
    current = facts.company_key(v.employer)
    rows = []
    for key, (label, members) in list(groups.items())[:MAX_TABLE_ROWS]:  # the rows a page shows
        people, active, last_touch = [], 0, None
        for c in members:
            people.append(display.person(c, v.config) + (f" ({roles(c)})" if c.roles else ""))
            active += c.id in v.active
            touched = v.touch[c.id]
            if touched and (last_touch is None or touched > last_touch):
                last_touch = touched
        rows.append((label + (" (current employer)" if key == current else ""), len(members), "; ".join(people),
                     active, display.day(last_touch) if last_touch else "never"))
    if not rows:
        return Section("Company coverage", (Text("No contact has a company recorded."),))
    return Section("Company coverage", (Table(
        ("Company", "Contacts", "Who (roles)", "Active", "Last touch"), tuple(rows),
        "Who you know at each company, the most contacts first", (1, 3), len(groups)),))


def trend_section(v: View) -> Section:
    contacts = charts.Line("Active contacts", [(d, a) for d, a, _ in v.trend], cls="active")
    recruiters = charts.Line("Active recruiters", [(d, r) for d, _, r in v.trend], cls="recruiter")
    chart = charts.timeseries("trend", "Active contacts and recruiters", lines=[contacts, recruiters],
                              fmt=lambda x: f"{x:g}",
                              desc="The same counts at the end of each quarter, as they stood then.")
    return Section("Trend", (chart,))


def recency(days: int | None) -> str:
    """The recency band of a contact last touched `days` ago."""
    if days is None:
        return "never"
    return RECENCY_LABELS[bisect.bisect_left(RECENCY_LIMITS, days)]


def recency_section(v: View) -> Section:
    counts = Counter(map(recency, v.ages.values()))
    labels = RECENCY_LABELS + ("never",)
    chart = charts.bars("recency", "Contacts by time since last touch", [(b, counts[b]) for b in labels],
                        fmt=lambda x: f"{x:g}", desc="How long ago you were last in touch with each contact.")
    return Section("Recency", (chart,))


def build_sections(v: View) -> tuple[Section, ...]:
    if not v.contacts and not v.opportunities:
        return (action_section(v),)
    groups = company_groups(v.contacts)
    return (action_section(v), brokers_section(v), concentration_section(v, groups), origins_section(v),
            coverage_section(v, groups), trend_section(v), recency_section(v))


def methodology(doc: str, s: Mapping[str, Any]) -> str:
    rule = "\n\n".join(" ".join(part.split()) for part in doc.split("\n\n")[1:])
    return "\n\n".join([
        rule,
        f"**Settings in effect.** Active: last touch at most {s['active_days']} days before the report "
        f"date. Stale: never touched, or more than {s['stale_days']} days. Losing touch: last touched "
        f"more than {s['active_days']} and at most {s['active_days'] + s['losing_touch_days']} days ago "
        f"(in the {s['losing_touch_days']} days before the active window, not since). A follow-up is due "
        "when a contact with a cadence was never touched or not within it: its `keep_in_touch_days`, else "
        f"{s['key_contact_days']} days (`key_contact_days`) for an advocate, referrer or recruiter. Its "
        "cadence ran out on its last touch plus that many days, and it is overdue by the days since then.",
        "**The action list and the plan.** Contacts linked to an open opportunity (one that brought it) or "
        "working at a company with one come first, then advocates, referrers, recruiters and hiring managers, "
        "then everyone else; in each group the longest overdue first, never-touched contacts before any "
        "other. An opportunity is open when it has no outcome stage and either awaits an answer to an offer "
        "or has had activity within the `market_cadence` setting `ghost_days` (60). Each overdue follow-up "
        "is a finding due on the report date (due now, never in the past); each cadence that runs out within "
        "the plan's 90 days is a finding due on that day (the first 100 of each; more overdue ones are summed up "
        "in one finding, and the action list on this page has them all). The dashboard's plan and "
        "`reminders.ics` list them.",
        f"**Statuses.** Active contacts: alert at 0, warn below {s['min_active_contacts']}. Stale contacts: "
        f"warn when they are at least {display.pct(s['stale_warn'])} of the network, alert at "
        f"{display.pct(s['stale_alert'])}. Follow-ups due: warn at {s['follow_ups_warn']}, alert at "
        f"{s['follow_ups_alert']}. Active recruiters: warn below {s['min_active_recruiters']}. Advocates and "
        f"active advocates: warn below {s['min_advocates']}. Employer concentration and active employer "
        f"concentration: warn at {display.pct(s['concentration_warn'])}, alert at "
        f"{display.pct(s['concentration_alert'])}. Network-sourced share: warn below "
        f"{display.pct(s['network_share_warn'])}, alert below {display.pct(s['network_share_alert'])}. "
        "A share has no value (and no status) when there is nothing to divide by: no contacts with a "
        "company (no active ones, for the active concentration), no current employer, or no opportunities. "
        "With no contacts at all the status is *none* (\"no data yet\").",
        "**Where opportunities came from.** For each source, the interview (offer) rate is the share of "
        "its opportunities whose deepest stage is at least `interview` (`offer`; an accepted or "
        "declined offer counts). **Company coverage** groups contacts by company ignoring case and "
        "surrounding spaces, the companies with the most contacts first. **Trend**: the active contacts and "
        "active recruiters recomputed as of the "
        f"end of each of the last {s['trend_quarters']} quarters and the report date, ignoring what "
        "happened after each date. **Recency**: 0–3 months is at most 91 days since the last touch, "
        "3–6 months at most 182, 6–12 months at most 365, 1–2 years at most 730.",
        "We cannot tell from the records whether a recruiter works in your field: every contact with "
        "the `recruiter` role counts.",
    ])
