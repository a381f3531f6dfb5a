"""The pages for the records themselves: a contacts directory, the
opportunities pipeline and the pay history — so the site is where a person
browses their career, not only reads verdicts.

Privacy: contacts' email, phone and url are never shown, nor any notes.  A
public build (``privacy.public`` / ``build --public``) also shows initials
instead of names, leaves out free-text fields (titles, notes) and shows money
as bands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import display, facts
from .kept import Kept
from .models import PROGRESS_STAGES, Analysis, Config, Contact, Opportunity, Page, Records, Section, Table, Text
from .plan import anchor

# Contacts are grouped by the first of their roles in this order: the people
# through whom opportunities come first.
ROLE_GROUPS = (
    ("Recruiters", ("recruiter",)),
    ("Advocates and referrers", ("advocate", "referrer")),
    ("Mentors and managers", ("mentor", "manager", "hiring-manager")),
    ("Peers and others", ()),
)


@dataclass(frozen=True)
class RecordLink:
    """A record page as the dashboard lists it."""

    href: str
    title: str
    count: int


def record_pages(records: Records, analyses: list[Analysis], config: Config, kept: Kept | None = None) -> list[Page]:
    as_of = config.as_of
    return [contacts_page(records, config, as_of, kept), pipeline_page(records, config, as_of), pay_page(records, config, as_of)]


def record_links(records: Records, config: Config) -> list[RecordLink]:
    """What the dashboard's 'Your records' list shows."""
    as_of = config.as_of
    return [
        RecordLink("contacts.html", "contacts", len(facts.contacts_as_of(records, as_of))),
        RecordLink("opportunities.html", "opportunities", len(facts.opportunities_as_of(records, as_of))),
        RecordLink("pay.html", "pay history entries", len(facts.pay_history(records, as_of))),
    ]


def _ago(day: date | None, as_of: date) -> str | None:
    """'12 Oct 2026 (20 days ago)'."""
    if day is None:
        return None
    return f"{display.day(day)} ({display.days((as_of - day).days)} ago)" if day < as_of else f"{display.day(day)} (today)"


# --- contacts -------------------------------------------------------------------


def role_group(roles: tuple[str, ...]) -> int:
    """The index in ROLE_GROUPS of the group a contact with ``roles`` is
    listed under: the first that has one of them (the catch-all group, with
    no roles of its own, has them all)."""
    for index, (_, group_roles) in enumerate(ROLE_GROUPS):
        if not group_roles or any(role in roles for role in group_roles):
            return index
    return len(ROLE_GROUPS) - 1


def contacts_page(records: Records, config: Config, as_of: date, kept: Kept | None = None) -> Page:
    """The directory: every contact once, under the first of its roles
    (ROLE_GROUPS), by name.  With ``kept`` (`serve`'s careerkit.kept.Kept), a
    contact's row is made again only when the record itself (the same
    object: records are frozen, and the record cache hands back the same one
    while its file is unchanged), the report date, the privacy mode or the
    opportunities through it changed."""
    linked: dict[str, list[str]] = {}
    for opp in sorted(facts.opportunities_as_of(records, as_of), key=lambda o: (o.company.casefold(), o.id)):
        if opp.contact:
            linked.setdefault(opp.contact, []).append(f"{opp.company} ({facts.deepest_stage(opp, as_of) or 'no stage'})")
    columns = ("Name", "Company", "Roles", "Last touch", "Touches", "Opportunities through them")
    if not config.public:
        columns = columns[:2] + ("Title",) + columns[2:]
    group_of: dict[tuple[str, ...], int] = {}  # contacts share a few role lists: each is looked up once
    entries = []
    for c in facts.contacts_as_of(records, as_of):
        through = linked.get(c.id)
        if kept is None:
            entries.append(_contact_entry(c, config, as_of, through, group_of))
            continue
        key, depends = ("contact", id(c)), (as_of, config.public, through)
        held = kept.get(key)
        if held is None or held[0] is not c or held[1] != depends:  # the record is held: its id is not reused
            held = (c, depends, _contact_entry(c, config, as_of, through, group_of))
            kept.put(key, held)
        entries.append(held[2])
    entries.sort(key=_by_name)
    groups: list[list[tuple]] = [[] for _ in ROLE_GROUPS]
    for _, index, row, ident in entries:
        groups[index].append((row, ident))
    sections = []
    for (title, _), rows in zip(ROLE_GROUPS, groups, strict=False):
        if not rows:
            continue
        caption = f"{len(rows)} {'contact' if len(rows) == 1 else 'contacts'}, by name"
        sections.append(Section(title, (Table(columns, tuple(r for r, _ in rows), caption, (columns.index("Touches"),),
                                              ids=tuple(i for _, i in rows)),)))
    if not sections:
        sections.append(Section("Directory", (Text("No contacts yet: add one under `content/contacts/`."),)))
    counts = ", ".join(f"{len(group)} {title.lower()}" for (title, _), group in zip(ROLE_GROUPS, groups, strict=False))
    summary = (
        f"**{len(entries)}** people in your network as of {display.day(as_of)}: {counts}. "
        "Each is listed once, under the first of their roles in that order. "
        "Email addresses, phone numbers and links are never shown on this site."
    )
    return Page("contacts.html", "Contacts", tuple(sections), summary)


def _contact_entry(c: Contact, config: Config, as_of: date, through: list[str] | None, group_of: dict) -> tuple:
    """(sort key, index of its group in ROLE_GROUPS, table row, row id) of a contact."""
    name = display.person(c, config)
    roles = tuple(c.roles)
    index = group_of.get(roles)
    if index is None:
        index = group_of[roles] = role_group(roles)
    touches = len([i for i in c.interactions if i.date <= as_of])
    row = (name, c.company, ", ".join(c.roles) or None, _ago(facts.last_touch(c, as_of), as_of) or "never",
           touches, "; ".join(through) if through else None)
    row = row if config.public else row[:2] + (c.title,) + row[2:]
    return (name.casefold(), c.id), index, row, row_id(c.ref, config)


def row_id(ref: str, config: Config) -> str | None:
    """The HTML id of a record's row: what the plan links to (careerkit.plan.anchor)."""
    link = anchor(ref, config.public)
    return link.partition("#")[2] if link else None


def _by_name(entry: tuple) -> tuple:
    return entry[0]


# --- opportunities ----------------------------------------------------------------


def _offer_text(opp: Opportunity, config: Config) -> str | None:
    if opp.offer is None:
        return None
    return display.money(opp.offer.base.annual, config)


def _range_text(opp: Opportunity, config: Config) -> str | None:
    if opp.posted_range is None:
        return None
    low, high = opp.posted_range.min.annual, opp.posted_range.max.annual
    if config.public:
        return display.band(opp.posted_range.annual_midpoint, config.currency) + " (midpoint)"
    return f"{display.amount(low, config.currency)}–{display.amount(high, config.currency)}"


def pipeline_page(records: Records, config: Config, as_of: date) -> Page:
    contacts = {c.id: c for c in records.contacts}
    ghost_days = config.sections.get("market_cadence", {}).get("ghost_days", facts.GHOST_DAYS)

    def silent(o: Opportunity) -> bool:
        """No outcome and no offer, and quiet for more than ghost_days: decided (SPEC)."""
        return facts.deepest_stage(o, as_of) != "offer" and facts.is_decided(o, as_of, ghost_days)

    opportunities = sorted(
        facts.opportunities_as_of(records, as_of), key=lambda o: (facts.activity_date(o, as_of), o.id), reverse=True
    )
    columns = ("Company", "Role", "Source", "Through", "Status", "Stages", "Started", "Last activity", "Posted range", "Offer base")
    by_stage: dict[str | None, list[Opportunity]] = {}
    for o in opportunities:
        by_stage.setdefault(facts.deepest_stage(o, as_of), []).append(o)
    sections = []
    order = list(reversed(PROGRESS_STAGES)) + [None]
    for stage in order:
        group = by_stage.get(stage)
        if not group:
            continue
        rows = []
        for o in group:
            stages = facts.stages_as_of(o, as_of)
            status = facts.outcome(o, as_of) or ("silent: counts as ghosted" if silent(o) else "open")
            rows.append((
                o.company,
                o.role,
                o.source,
                display.person(contacts.get(o.contact), config) if o.contact else None,
                status,
                " → ".join(s.stage for s in stages),
                display.day(stages[0].date),
                display.day(facts.activity_date(o, as_of)),
                _range_text(o, config),
                _offer_text(o, config),
            ))
        keep = [i for i in range(len(columns)) if i < 8 or any(r[i] is not None for r in rows)]
        table = Table(
            tuple(columns[i] for i in keep),
            tuple(tuple(r[i] for i in keep) for r in rows),
            f"{len(rows)} {'opportunity' if len(rows) == 1 else 'opportunities'}, latest activity first",
            ids=tuple(row_id(o.ref, config) for o in group),
        )
        title = f"Reached {stage}" if stage else "No progress stage"
        sections.append(Section(f"{title} ({len(rows)})", (table,)))
    if not sections:
        sections.append(Section("Pipeline", (Text("No opportunities yet: add one under `content/opportunities/`."),)))
    open_count = sum(1 for o in opportunities if facts.outcome(o, as_of) is None and not silent(o))
    summary = (
        f"**{len(opportunities)}** opportunities as of {display.day(as_of)}, **{open_count}** still open, "
        "grouped by the furthest stage each reached (an accepted or declined offer counts as an offer). "
        f"One with no outcome that has been silent for more than {ghost_days} days counts as ghosted. "
        "Money is annualized in the base currency."
    )
    return Page("opportunities.html", "Opportunities", tuple(sections), summary)


# --- pay history --------------------------------------------------------------------


def pay_page(records: Records, config: Config, as_of: date) -> Page:
    history = facts.pay_history(records, as_of)
    rows, ids = [], []
    previous = None
    for c in history:
        ids.append(row_id(c.ref, config))
        change = display.pct(facts.gap(c.base.annual, previous.base.annual), signed=True) if previous else None
        row = [display.day(c.date), c.employer, c.reason, display.money(c.base.annual, config), change]
        if not config.public:
            row[2:2] = [c.title, display.rate(c.base.amount, c.base.period, c.base.currency, config)]
        rows.append(tuple(row))
        previous = c
    if config.public:
        columns, numeric = ("Date", "Employer", "Reason", "Annual base (band)", "Change"), (3, 4)
    else:
        columns, numeric = ("Date", "Employer", "Title", "Base as paid", "Reason", "Annual base", "Change"), (3, 5, 6)
    rows.reverse()
    ids.reverse()
    if rows:
        table = Table(columns, tuple(rows), f"{len(rows)} entries, latest first", numeric, ids=tuple(ids))
        employers = len({c.employer.strip().casefold() for c in history})
        run = facts.current_run(records, as_of)
        summary = (
            f"**{len(rows)}** pay entries at {employers} {'employer' if employers == 1 else 'employers'} "
            f"since {display.month(history[0].date)}; the current one, at {run[0].employer}, "
            f"since {display.day(run[0].date)}. “Change” is the annual base against the entry before it."
        )
        blocks: tuple = (table,)
    else:
        summary = "Your own pay over time."
        blocks = (Text("No pay history yet: add entries under `content/compensation/`."),)
    return Page("pay.html", "Pay history", (Section("All entries", blocks),), summary)
