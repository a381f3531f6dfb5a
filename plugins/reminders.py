"""Reminders: `reminders.ics`, a calendar of what to do next, written into the site.

Subscribe to it from a calendar application (the URL of `reminders.ics` on the
published site) and each build updates it.  It holds one all-day event:

- for each contact with a `keep_in_touch_days` cadence, on the day the
  cadence runs out: the last touch plus `keep_in_touch_days` (on the report
  date itself when the contact was never touched).  An event dated before the
  report date is a follow-up already due;
- for the next market test: the activity date of the latest market test plus
  the `market_cadence` section's `target_days` (730 by default), or the report
  date when there has been no market test yet.

Every event has a stable UID made from the record and the kind of reminder
(`followup-contacts-jane-doe@careerkit`, `market-test@careerkit`), so a
subscribed calendar moves an event when a later build changes its date instead
of adding a second one.  The bytes depend only on the records and the report
date: the time stamp is the report date and the events are sorted.

Privacy: events never carry an email, phone number, URL or note.  A public
build (`privacy.public` or `build --public`) shows initials instead of names
and leaves out companies and titles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Mapping

from careerkit import Config, Contact, Records, __version__, display, facts, hookimpl

NAME = "reminders"
PATH = "reminders.ics"
DEFAULT_TARGET_DAYS = 730  # market_cadence's own default, when that section is absent


@dataclass(frozen=True)
class Reminder:
    """One all-day event."""

    uid: str
    day: date
    summary: str
    description: str
    category: str


def follow_ups(records: Records, config: Config, as_of: date) -> list[Reminder]:
    """One reminder per contact with a keep-in-touch cadence, on its due date."""
    reminders = []
    for contact in facts.contacts_as_of(records, as_of):
        if not contact.keep_in_touch_days:
            continue
        last = facts.last_touch(contact, as_of)
        due = as_of if last is None else last + timedelta(days=contact.keep_in_touch_days)
        reminders.append(
            Reminder(
                uid=f"followup-{contact.ref.replace('/', '-')}@careerkit",
                day=due,
                summary=f"Get back in touch with {display.person(contact, config)}",
                description=follow_up_text(contact, config, last, due, as_of),
                category="follow-up",
            )
        )
    return reminders


def follow_up_text(contact: Contact, config: Config, last: date | None, due: date, as_of: date) -> str:
    lines = []
    if not config.public:
        where = ", ".join(part for part in (contact.title, contact.company) if part)
        if where:
            lines.append(where)
    cadence = f"every {contact.keep_in_touch_days} days"
    if last is None:
        lines.append(f"Keep in touch {cadence}; no contact recorded yet.")
    else:
        lines.append(f"Keep in touch {cadence}; last touch {display.day(last)}.")
    if due < as_of:
        lines.append(f"Overdue on the report date ({display.day(as_of)}).")
    lines.append(f"Record: {contact.ref}")
    return "\n".join(lines)


def next_market_test(records: Records, config: Config, as_of: date) -> Reminder:
    """The day the market should be tested again."""
    target = config.sections.get("market_cadence", {}).get("target_days", DEFAULT_TARGET_DAYS)
    tests = [o for o in facts.opportunities_as_of(records, as_of) if facts.is_market_test(o, as_of)]
    last = max((facts.activity_date(o, as_of) for o in tests), default=None)
    if last is None:
        due, text = as_of, "No market test recorded yet: apply somewhere and get to the offer stage."
    else:
        due = last + timedelta(days=target)
        text = f"The last market test was active on {display.day(last)}; test the market at least every {target} days."
    if due < as_of:
        text += f"\nOverdue on the report date ({display.day(as_of)})."
    return Reminder("market-test@careerkit", due, "Test the job market", text, "market-test")


def reminders(records: Records, config: Config, as_of: date) -> list[Reminder]:
    """Every reminder, sorted by date then UID."""
    found = follow_ups(records, config, as_of) + [next_market_test(records, config, as_of)]
    return sorted(found, key=lambda r: (r.day, r.uid))


def calendar_bytes(records: Records, config: Config) -> bytes:
    """The iCalendar file: the same records and report date give the same bytes."""
    from icalendar import Calendar, Event

    as_of = config.as_of
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", f"-//careerkit//careerkit {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", " ".join(f"{config.title}: reminders".split()))  # one line
    for reminder in reminders(records, config, as_of):
        event = Event()
        event.add("uid", reminder.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", reminder.day)
        event.add("dtend", reminder.day + timedelta(days=1))
        event.add("summary", reminder.summary)
        event.add("description", reminder.description)
        event.add("categories", [reminder.category])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


@hookimpl
def careerkit_outputs(report: Mapping[str, Any], analyses, records: Records, config: Config) -> dict[str, bytes]:
    return {PATH: calendar_bytes(records, config)}
