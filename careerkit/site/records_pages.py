"""The pages for the records themselves: a contacts directory, the
opportunities pipeline and the pay history — so the site is where a person
browses their career, not only reads verdicts.

Every record has an anchor on its row (``contacts.html#contacts-…``,
``opportunities.html#opportunities-…``, ``pay.html#compensation-…``:
careerkit.plan.anchor) that the plan and the findings link names to.
Privacy: contacts' email, phone and url are never shown.  A
private build shows each contact's interactions and notes (Markdown, raw
HTML off); a public build (``privacy.public`` / ``build --public``) shows
initials instead of names, leaves out free-text fields (titles, notes,
interactions' notes), hashes the anchors (an id carries a name) and shows
money as bands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import display, facts
from ..blocks import Chip, Link, RecordCard
from ..kept import Kept
from ..models import PROGRESS_STAGES, Analysis, Config, Contact, Opportunity, Page, Records, Section, Table, Text
from ..plan import anchor

MAX_LOGS = 1000  # contacts whose interactions and notes the contacts page shows

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
    return [
        contacts_page(records, config, as_of, kept),
        pipeline_page(records, config, as_of),
        pay_page(records, config, as_of),
    ]


def record_links(records: Records, config: Config) -> list[RecordLink]:
    """What the dashboard's 'Your records' list shows (in the singular for one)."""
    as_of = config.as_of
    counts = (len(facts.contacts_as_of(records, as_of)), len(facts.opportunities_as_of(records, as_of)),
              len(facts.pay_history(records, as_of)))
    return [
        RecordLink("contacts.html", "contact" if counts[0] == 1 else "contacts", counts[0]),
        RecordLink("opportunities.html", "opportunity" if counts[1] == 1 else "opportunities", counts[1]),
        RecordLink("pay.html", "pay history entry" if counts[2] == 1 else "pay history entries", counts[2]),
    ]


def record_href(ref: str, config: Config) -> str | None:
    """Where a finding's record reference (``contacts/jane-doe``) is shown:
    ``contacts.html#contacts-jane-doe`` (careerkit.plan.anchor: hashed in a
    public build); None for kinds without a records page."""
    return anchor(ref, config.public)


def row_id(ref: str, config: Config) -> str | None:
    """The HTML id of a record's row: what the plan links to (careerkit.plan.anchor)."""
    link = anchor(ref, config.public)
    return link.partition("#")[2] if link else None


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
    known = facts.contacts_as_of(records, as_of)
    shown = set() if config.public else logged(known, config, as_of)
    for c in known:
        through = linked.get(c.id)
        log = c.id in shown
        if kept is None:
            entries.append(_contact_entry(c, config, as_of, through, group_of, log))
            continue
        key, depends = ("contact", id(c)), (as_of, config.public, through, log)
        held = kept.get(key)
        if held is None or held[0] is not c or held[1] != depends:  # the record is held: its id is not reused
            held = (c, depends, _contact_entry(c, config, as_of, through, group_of, log))
            kept.put(key, held)
        entries.append(held[2])
    entries.sort(key=_by_name)
    groups: list[list[tuple]] = [[] for _ in ROLE_GROUPS]
    ids: list[list[str | None]] = [[] for _ in ROLE_GROUPS]
    for _, index, row, ident in entries:
        groups[index].append(row)
        ids[index].append(ident)
    sections = []
    for (title, _), rows, anchors in zip(ROLE_GROUPS, groups, ids, strict=False):
        if not rows:
            continue
        caption = f"{display.plural(len(rows), 'contact')}, by name"
        table = Table(columns, tuple(rows), caption, (columns.index("Touches"),), ids=tuple(anchors))
        sections.append(Section(title, (table,)))
    cards = contact_cards(known, config, as_of, shown) if shown else []
    if cards:
        more = sum(1 for c in known if _has_log(c, config, as_of)) - len(cards)
        intro = Text(f"The {len(cards):,} most recently touched contacts' logs; {more:,} older ones are in their "
                     "records under `content/contacts/`.") if more > 0 else None
        sections.append(Section("Interactions and notes", ((intro,) if intro else ()) + tuple(cards)))
    if not sections:
        sections.append(Section("Directory", (Text("No contacts yet: add one under `content/contacts/`."),)))
    counts = ", ".join(f"{len(group)} {title.lower()}" for (title, _), group in zip(ROLE_GROUPS, groups, strict=False))
    summary = (
        f"**{len(entries):,}** {'person' if len(entries) == 1 else 'people'} in your network"
        f" as of {display.day(as_of)}: {counts}. "
        "Each is listed once, under the first of their roles in that order. "
        "Email addresses, phone numbers and links are never shown on this site."
    )
    return Page("contacts.html", "Contacts", tuple(sections), summary)


def _contact_entry(c: Contact, config: Config, as_of: date, through: list[str] | None, group_of: dict,
                   log: bool = False) -> tuple:
    """(sort key, index of its group in ROLE_GROUPS, table row, row id) of a contact."""
    name = display.person(c, config)
    roles = tuple(c.roles)
    index = group_of.get(roles)
    if index is None:
        index = group_of[roles] = role_group(roles)
    touches = len([i for i in c.interactions if i.date <= as_of])
    ident = row_id(c.ref, config)
    shown = Link(name, f"#{ident}-log") if log else name
    row = (shown, c.company, ", ".join(c.roles) or None, _ago(facts.last_touch(c, as_of), as_of) or "never",
           touches, "; ".join(through) if through else None)
    row = row if config.public else row[:2] + (c.title,) + row[2:]
    return (name.casefold(), c.id), index, row, ident


def _by_name(entry: tuple) -> tuple:
    return entry[0]


def _has_log(c: Contact, config: Config, as_of: date) -> bool:
    return not config.public and (bool(c.notes) or any(i.date <= as_of for i in c.interactions))


def logged(contacts: list[Contact], config: Config, as_of: date) -> set[str]:
    """The ids of the contacts whose log the page shows: those with
    interactions or notes, at most MAX_LOGS, the most recently touched first
    (a page of 10,000 logs took as long to make as the rest of the site)."""
    with_log = [c for c in contacts if _has_log(c, config, as_of)]
    with_log.sort(key=lambda c: (-(facts.last_touch(c, as_of) or date.min).toordinal(), c.name.casefold(), c.id))
    return {c.id for c in with_log[:MAX_LOGS]}


def contact_cards(contacts: list[Contact], config: Config, as_of: date, shown: set[str]) -> list[RecordCard]:
    """A private build's log of each contact in ``shown``, by name: the
    interactions, latest first (plain text), then the notes (Markdown)."""
    cards = []
    for c in sorted(contacts, key=lambda c: (c.name.casefold(), c.id)):
        if c.id not in shown:
            continue
        lines = []
        for i in sorted((i for i in c.interactions if i.date <= as_of), key=lambda i: i.date, reverse=True):
            note = " ".join((i.note or "").split())
            lines.append(f"{display.day(i.date)} · {i.kind or 'interaction'}" + (f" — {note}" if note else ""))
        lines = lines or ["No interactions logged."]
        cards.append(RecordCard(f"{row_id(c.ref, config)}-log", c.name, tuple(lines), c.notes or ""))
    return cards


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


def _through(contact: Contact | None, config: Config) -> Link | str | None:
    """The contact an opportunity came through, linking to their row."""
    if contact is None:
        return None
    href = record_href(contact.ref, config)
    return Link(display.person(contact, config), href) if href else display.person(contact, config)


def progress_chip(stage: str | None) -> Chip:
    """A stage progress pill: 'interview' with 4 of 5 steps filled."""
    if stage is None:
        return Chip("no stage", "none", 0, len(PROGRESS_STAGES))
    return Chip(stage, stage, facts.STAGE_RANK[stage] + 1, len(PROGRESS_STAGES))


def pipeline_page(records: Records, config: Config, as_of: date) -> Page:
    """Open opportunities first (furthest stage first, then latest activity),
    then the closed ones by latest activity; each row has a progress pill,
    an outcome chip and an anchor the findings link to."""
    contacts = {c.id: c for c in records.contacts}
    ghost_days = config.sections.get("market_cadence", {}).get("ghost_days", facts.GHOST_DAYS)

    def silent(o: Opportunity) -> bool:
        """No outcome and no offer, and quiet for more than ghost_days: decided (SPEC)."""
        return facts.deepest_stage(o, as_of) != "offer" and facts.is_decided(o, as_of, ghost_days)

    known = facts.opportunities_as_of(records, as_of)
    deepest = {o.id: facts.deepest_stage(o, as_of) for o in known}
    rank = {o.id: facts.STAGE_RANK.get(deepest[o.id], -1) for o in known}
    by_activity = sorted(known, key=lambda o: (facts.activity_date(o, as_of), o.id), reverse=True)
    is_open = {o.id: facts.outcome(o, as_of) is None and not silent(o) for o in known}
    open_ = sorted((o for o in by_activity if is_open[o.id]), key=lambda o: -rank[o.id])  # stable: activity next
    closed = [o for o in by_activity if not is_open[o.id]]
    columns = ("Company", "Role", "Progress", "Outcome", "Source", "Through", "Stages", "Started", "Last activity",
               "Posted range", "Offer base")
    sections = []
    for title, group in ((f"Open ({len(open_)})", open_), (f"Closed ({len(closed)})", closed)):
        if not group:
            continue
        rows = []
        for o in group:
            stages = facts.stages_as_of(o, as_of)
            result = facts.outcome(o, as_of)
            if result:
                chip = Chip(result, result)
            else:
                chip = Chip("silent: counts as ghosted", "ghosted") if silent(o) else Chip("open", "open")
            rows.append((
                o.company,
                o.role,
                progress_chip(deepest[o.id]),
                chip,
                o.source,
                _through(contacts.get(o.contact), config),
                " → ".join(s.stage for s in stages),
                display.day(stages[0].date),
                display.day(facts.activity_date(o, as_of)),
                _range_text(o, config),
                _offer_text(o, config),
            ))
        keep = [i for i in range(len(columns)) if i < 9 or any(r[i] is not None for r in rows)]
        table = Table(
            tuple(columns[i] for i in keep),
            tuple(tuple(r[i] for i in keep) for r in rows),
            f"{display.plural(len(rows), 'opportunity', 'opportunities')}, "
            + ("furthest stage first" if group is open_ else "latest activity first"),
            tuple(keep.index(i) for i in (9, 10) if i in keep),
            ids=tuple(row_id(o.ref, config) for o in group),
        )
        sections.append(Section(title, (table,)))
    if not sections:
        sections.append(Section("Pipeline", (Text("No opportunities yet: add one under `content/opportunities/`."),)))
    summary = (
        f"**{len(known):,}** {'opportunity' if len(known) == 1 else 'opportunities'} as of {display.day(as_of)}, "
        f"**{len(open_)}** still open (listed first). The pill shows the furthest stage each reached "
        "(an accepted or declined offer counts as an offer). "
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
        gap = facts.gap(c.base.annual, previous.base.annual) if previous else None
        # an exact change next to a banded amount gives the amount back: a band in a public build
        change = None if gap is None else display.pay_pct(gap, config) if config.public else display.pct(gap, signed=True)
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
