"""The definitions network_health judges by (see its docstring): a contact's
age since the last touch, active, stale, due a follow-up or losing touch, its
place in the action list, the current employer, and the tallies and the
quarterly trend built from them.  Pure functions of the records."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from careerkit import Contact, Records, facts

ADVOCATE_ROLES = frozenset(("advocate", "referrer"))
KEY_CONTACT_ROLES = frozenset(("advocate", "referrer", "recruiter"))  # get key_contact_days by default
BROKER_ROLES = frozenset(("advocate", "referrer", "recruiter", "hiring-manager"))  # second in the action list


def age(contact: Contact, as_of: date) -> int | None:
    """Days since the contact's last touch, None when never touched."""
    touched = facts.last_touch(contact, as_of)
    return None if touched is None else (as_of - touched).days


def is_active(days: int | None, settings: Mapping[str, Any]) -> bool:
    return days is not None and days <= settings["active_days"]


def is_stale(days: int | None, settings: Mapping[str, Any]) -> bool:
    return days is None or days > settings["stale_days"]


def cadence(contact: Contact, settings: Mapping[str, Any]) -> int | None:
    """Its `keep_in_touch_days`, else `key_contact_days` for an advocate,
    referrer or recruiter, else None (no cadence)."""
    if contact.keep_in_touch_days is not None:
        return contact.keep_in_touch_days
    return settings["key_contact_days"] if not KEY_CONTACT_ROLES.isdisjoint(contact.roles) else None


def is_due(contact: Contact, days: int | None, settings: Mapping[str, Any]) -> bool:
    every = cadence(contact, settings)
    return every is not None and (days is None or days > every)


def is_losing_touch(days: int | None, settings: Mapping[str, Any]) -> bool:
    """Touched in the `losing_touch_days` before the active window, not since."""
    low = settings["active_days"]
    return days is not None and low < days <= low + settings["losing_touch_days"]


def is_recruiter(contact: Contact) -> bool:
    return "recruiter" in contact.roles


def is_advocate(contact: Contact) -> bool:
    return not ADVOCATE_ROLES.isdisjoint(contact.roles)


def open_companies(opportunities, as_of: date, ghost_days: int) -> tuple[frozenset[str], frozenset[str]]:
    """(ids of contacts linked to an open opportunity, company keys with one).
    Open: no outcome stage, and an offer awaiting an answer or not silent
    for more than `ghost_days` (the market_cadence setting): still in play."""
    linked, companies = set(), set()
    for opp in opportunities:
        if facts.outcome(opp, as_of) is not None:
            continue
        silent = (as_of - facts.activity_date(opp, as_of)).days > ghost_days
        if facts.deepest_stage(opp, as_of) == "offer" or not silent:  # an offer awaiting an answer is open too
            companies.add(facts.company_key(opp.company))
            if opp.contact:
                linked.add(opp.contact)
    return frozenset(linked), frozenset(companies)


def action_group(contact: Contact, linked: frozenset[str], companies: frozenset[str]) -> int:
    """Its group in the action list (0 first): linked to an open opportunity (or working
    at a company with one), then brokers, then the rest."""
    if contact.id in linked or (contact.company and facts.company_key(contact.company) in companies):
        return 0
    return 1 if not BROKER_ROLES.isdisjoint(contact.roles) else 2


def overdue_key(contact: Contact, days: int | None, every: int, group: int) -> tuple:
    """The action list's order: by group, then the longest overdue first
    (never touched before anyone touched), then id."""
    if days is None:
        return (group, 0, 0, contact.id)
    return (group, 1, every - days, contact.id)


def current_employer(records: Records, as_of: date) -> str | None:
    current = facts.current_pay(records, as_of)
    return current.employer if current else None


def counts(records: Records, settings: Mapping[str, Any], as_of: date) -> dict[str, int]:
    """The network's counts as they stood on `as_of` (the trend's check)."""
    contacts = facts.contacts_as_of(records, as_of)
    ages = {c.id: age(c, as_of) for c in contacts}
    groups = group(contacts, ages, current_employer(records, as_of), settings)
    return tally(contacts, groups, facts.opportunities_as_of(records, as_of))


def group(contacts, ages: Mapping[str, int | None], employer: str | None,
          settings: Mapping[str, Any]) -> dict[str, list[Contact]]:
    """The contacts in each group the metrics, findings and page use, in one
    pass and in the order given (`ages`: contact id -> days since last touch)."""
    active, stale, due, losing, recruiters, active_recruiters, advocates, active_advocates = ([] for _ in range(8))
    with_company, at_employer, active_with_company, active_at_employer = ([] for _ in range(4))
    employer_key = facts.company_key(employer)
    for c in contacts:
        days = ages[c.id]
        recruiter, advocate, live = is_recruiter(c), is_advocate(c), is_active(days, settings)
        if live:
            active.append(c)
            if recruiter:
                active_recruiters.append(c)
            if advocate:
                active_advocates.append(c)
        if is_stale(days, settings):
            stale.append(c)
        if is_due(c, days, settings):
            due.append(c)
        if is_losing_touch(days, settings):
            losing.append(c)
        if recruiter:
            recruiters.append(c)
        if advocate:
            advocates.append(c)
        if c.company and c.company.strip():
            there = employer_key is not None and facts.company_key(c.company) == employer_key
            with_company.append(c)
            if there:
                at_employer.append(c)
            if live:
                active_with_company.append(c)
                if there:
                    active_at_employer.append(c)
    return {"active": active, "stale": stale, "due": due, "losing": losing, "recruiters": recruiters,
            "active_recruiters": active_recruiters, "advocates": advocates, "active_advocates": active_advocates,
            "with_company": with_company, "at_employer": at_employer, "active_with_company": active_with_company,
            "active_at_employer": active_at_employer}


def tally(contacts, groups: Mapping[str, list[Contact]], opportunities) -> dict[str, int]:
    """The counts behind the metrics."""
    return {
        "contacts": len(contacts), "active_contacts": len(groups["active"]),
        "stale_contacts": len(groups["stale"]), "follow_ups_due": len(groups["due"]),
        "recruiters": len(groups["recruiters"]), "active_recruiters": len(groups["active_recruiters"]),
        "advocates": len(groups["advocates"]), "active_advocates": len(groups["active_advocates"]),
        "with_company": len(groups["with_company"]), "at_employer": len(groups["at_employer"]),
        "active_with_company": len(groups["active_with_company"]),
        "active_at_employer": len(groups["active_at_employer"]),
        "opportunities": len(opportunities),
        "network_sourced": sum(o.source in facts.NETWORK_SOURCES for o in opportunities),
    }


def trend_counts(contacts, touch: Mapping[str, date | None], settings: Mapping[str, Any],
                 days: list[date]) -> tuple:
    """(day, active contacts, active recruiters) as they stood on each of the
    `days` — the same rules as :func:`counts`, for `contacts` known on the
    latest of the days, with `touch` their last touch on or before it.

    A contact known on a day is active when touched in the `active_days` up
    to it; its touches before `met` never matter (on such a day `met` is a
    later touch).  So the touches that can fall in some day's window are
    gathered by date once, and a day's active contacts are those touched on
    the dates in its window."""
    def window_start(day: date) -> date:  # day - active_days, kept within the calendar
        return date.fromordinal(min(max(1, day.toordinal() - settings["active_days"]), date.max.toordinal()))

    earliest = min(map(window_start, days), default=date.max)
    touched_on: defaultdict[date, list[str]] = defaultdict(list)  # date -> ids of the contacts touched then
    recruiters = set()
    for contact in contacts:
        key, last, met = contact.id, touch[contact.id], contact.met
        if last is None or last < earliest:
            continue
        start = met if met is not None and met > earliest else earliest
        for day in [i.date for i in contact.interactions if i.date >= start]:
            touched_on[day].append(key)
        if met is not None and met >= start:
            touched_on[met].append(key)
        if is_recruiter(contact):
            recruiters.add(key)
    dates = sorted(touched_on)
    out = []
    for day in days:
        window = dates[bisect.bisect_left(dates, window_start(day)):bisect.bisect_right(dates, day)]
        active = set().union(*(touched_on[d] for d in window))
        out.append((day, len(active), len(active & recruiters)))
    return tuple(out)
