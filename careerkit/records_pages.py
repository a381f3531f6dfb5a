"""The pages for the records themselves: a contacts directory, the
opportunities pipeline and the pay history — so the site is where a person
browses their career, not only reads verdicts.  Private fields (email,
phone, url) are never shown; a public build shows initials and money bands
and no notes."""

from __future__ import annotations

from . import display, facts
from .models import Analysis, Config, Page, Records, Section, Table, Text


def record_pages(records: Records, analyses: list[Analysis], config: Config) -> list[Page]:
    as_of = config.as_of
    return [contacts_page(records, config, as_of), pipeline_page(records, as_of), pay_page(records, config, as_of)]


def contacts_page(records: Records, config: Config, as_of) -> Page:
    linked: dict[str, list[str]] = {}
    for opp in facts.opportunities_as_of(records, as_of):
        if opp.contact:
            linked.setdefault(opp.contact, []).append(f"{opp.company} ({facts.deepest_stage(opp, as_of) or 'lead'})")
    contacts = sorted(facts.contacts_as_of(records, as_of), key=lambda c: (c.name.casefold(), c.id))
    rows = tuple(
        (
            display.person(c, config),
            c.company,
            ", ".join(c.roles) or None,
            display.day(facts.last_touch(c, as_of)),
            "; ".join(sorted(linked.get(c.id, ()))) or None,
        )
        for c in contacts
    )
    table = Table(("Name", "Company", "Roles", "Last touch", "Opportunities through them"), rows, f"{len(rows)} contacts")
    return Page("contacts.html", "Contacts", (Section("Directory", (table,)),), f"Everyone in your network as of {display.day(as_of)}.")


def pipeline_page(records: Records, as_of) -> Page:
    opportunities = sorted(
        facts.opportunities_as_of(records, as_of), key=lambda o: (facts.activity_date(o, as_of), o.id), reverse=True
    )
    rows = tuple(
        (
            o.company,
            o.role,
            o.source,
            facts.deepest_stage(o, as_of) or "—",
            facts.outcome(o, as_of) or "open",
            display.day(facts.stages_as_of(o, as_of)[0].date),
            display.day(facts.activity_date(o, as_of)),
        )
        for o in opportunities
    )
    table = Table(("Company", "Role", "Source", "Deepest stage", "Outcome", "First stage", "Last activity"), rows, f"{len(rows)} opportunities, latest activity first")
    return Page("opportunities.html", "Opportunities", (Section("Pipeline", (table,)),), "Every opportunity you pursued, by latest activity.")


def pay_page(records: Records, config: Config, as_of) -> Page:
    history = facts.pay_history(records, as_of)
    rows = tuple(
        (
            display.day(c.date),
            c.employer,
            c.title,
            display.rate(c.base.amount, c.base.period, c.base.currency, config),
            display.money(c.base.annual, config),
            c.reason,
        )
        for c in reversed(history)
    )
    table = Table(("Date", "Employer", "Title", "Base as paid", "Annual base", "Reason"), rows, f"{len(rows)} entries, latest first", numeric=(4,))
    blocks = (table,) if rows else (Text("No pay history yet: add entries under `content/compensation/`."),)
    return Page("pay.html", "Pay history", (Section("Pay history", blocks),), "Your own pay over time.")
