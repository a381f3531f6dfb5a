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

The file is written here, not with the `icalendar` library: for 10,000
contacts (3,020 events) icalendar's per-property objects and line folding made
`calendar_bytes` take 0.72 s, more than a third of all rendering; written
directly it takes 0.05 s, most of it working out the events
(docs/performance.md).  It writes exactly the bytes icalendar 7 wrote, quirks
included: `tests/test_reminders_ics.py` keeps the icalendar-based writer and
checks byte identity over the example content, a generated repository and
random awkward text, and parses the output back with icalendar.  What it
writes:

- content lines end in CRLF; the properties come in icalendar's order;
- TEXT values (`SUMMARY`, `DESCRIPTION`, `UID`, `CATEGORIES`, `PRODID`)
  escape a backslash, a semicolon and a comma with a backslash and write a
  line break (CRLF, LF or a lone CR) as `\\n`; as in icalendar, a backslash
  followed by a capital N is a line break too.  `X-WR-CALNAME` is an
  extension property icalendar writes verbatim: the title on one line,
  unescaped.  One byte order mark at the start of any value is dropped;
- a line longer than 74 octets is folded (CRLF and a space) after at most 74
  octets, never inside a UTF-8 character, and a backslash or caret that would
  end a folded line starts the next one instead;
- `DTSTART` and `DTEND` are DATE values, `DTSTAMP` the report date at
  midnight UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from careerkit import Config, Contact, Kept, Records, __version__, display, facts, hookimpl

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


def follow_ups(records: Records, config: Config, as_of: date, kept: Kept | None = None) -> list[Reminder]:
    """One reminder per contact with a keep-in-touch cadence, on its due date.

    With ``kept`` (the hook's careerkit.Kept), each contact's reminder is
    kept with the record itself (the same object: records are frozen, and
    `careerkit serve`'s record cache hands back the same one while its file
    is unchanged; held in the value, so its id is not reused), the report
    date and the privacy mode: a rebuild after one edit makes one reminder
    again."""
    kept = kept if kept is not None else Kept()
    reminders = []
    for contact in facts.contacts_as_of(records, as_of):
        if not contact.keep_in_touch_days:
            continue
        key = (NAME, "follow-up", id(contact), as_of, config.public)
        held = kept.get(key)
        if held is None or held[0] is not contact:
            held = (contact, follow_up(contact, config, as_of))
        kept.put(key, held)
        reminders.append(held[1])
    return reminders


def follow_up(contact: Contact, config: Config, as_of: date) -> Reminder:
    last = facts.last_touch(contact, as_of)
    due = as_of if last is None else last + timedelta(days=contact.keep_in_touch_days)
    return Reminder(
        uid=f"followup-{contact.ref.replace('/', '-')}@careerkit",
        day=due,
        summary=f"Get back in touch with {display.person(contact, config)}",
        description=follow_up_text(contact, config, last, due, as_of),
        category="follow-up",
    )


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


def reminders(records: Records, config: Config, as_of: date, kept: Kept | None = None) -> list[Reminder]:
    """Every reminder, sorted by date then UID."""
    found = follow_ups(records, config, as_of, kept) + [next_market_test(records, config, as_of)]
    return sorted(found, key=lambda r: (r.day, r.uid))


def calendar_bytes(records: Records, config: Config, kept: Kept | None = None) -> bytes:
    """The iCalendar file: the same records and report date give the same bytes."""
    name = " ".join(f"{config.title}: reminders".split())  # one line
    return calendar(name, config.as_of, reminders(records, config, config.as_of, kept), kept)


def calendar(name: str, as_of: date, found: list[Reminder], kept: Kept | None = None) -> bytes:
    """A VCALENDAR called `name` (one line) holding one all-day VEVENT per reminder, stamped `as_of`.

    With ``kept`` (the hook's careerkit.Kept), each event's lines are kept
    by the reminder (its text fields and date: all the lines depend on) and
    the report date: `careerkit serve` rebuilds after an edit without
    formatting the unchanged events again."""
    kept = kept if kept is not None else Kept()
    stamp = b"DTSTAMP:" + date_value(as_of) + b"T000000Z"
    lines = [
        b"BEGIN:VCALENDAR",
        b"VERSION:2.0",
        fold(b"PRODID:" + text_value(f"-//careerkit//careerkit {__version__}//EN")),
        b"CALSCALE:GREGORIAN",
        fold(b"X-WR-CALNAME:" + verbatim(name)),
    ]
    for reminder in found:
        lines.append(kept.value((NAME, "event", reminder, as_of), lambda reminder=reminder: event_lines(reminder, stamp)))
    lines.append(b"END:VCALENDAR")
    return b"\r\n".join(lines) + b"\r\n"


def event_lines(reminder: Reminder, stamp: bytes) -> bytes:
    """One VEVENT's content lines, joined with CRLF."""
    return b"\r\n".join((
        b"BEGIN:VEVENT",
        fold(b"SUMMARY:" + text_value(reminder.summary)),
        b"DTSTART;VALUE=DATE:" + date_value(reminder.day),
        b"DTEND;VALUE=DATE:" + date_value(reminder.day + timedelta(days=1)),
        stamp,
        fold(b"UID:" + text_value(reminder.uid)),
        fold(b"CATEGORIES:" + text_value(reminder.category)),
        fold(b"DESCRIPTION:" + text_value(reminder.description)),
        b"TRANSP:TRANSPARENT",
        b"END:VEVENT",
    ))


def date_value(day: date) -> bytes:
    """An RFC 5545 DATE: 2026-03-14 -> b'20260314'."""
    return f"{day.year:04}{day.month:02}{day.day:02}".encode()


def text_value(value: str) -> bytes:
    """An RFC 5545 TEXT value in UTF-8, escaped as icalendar escapes it."""
    return verbatim(
        value.replace("\\N", "\n")  # icalendar reads a backslash and a capital N as a line break
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def verbatim(value: str) -> bytes:
    """A value in UTF-8 less one leading byte order mark (icalendar decodes it as utf-8-sig)."""
    encoded = value.encode()
    return encoded[3:] if encoded.startswith(BOM) else encoded


BOM = "\ufeff".encode()
FOLD_OCTETS = 74  # icalendar folds before a line would reach 75 octets


def fold(line: bytes) -> bytes:
    """Fold a content line after at most 74 octets, never inside a UTF-8 character.

    A backslash or a caret that would end a folded line starts the next one,
    as icalendar does, so no escape sequence is split.
    """
    if len(line) <= FOLD_OCTETS:
        return line
    parts = []
    start = 0
    while len(line) - start > FOLD_OCTETS:
        end = start + FOLD_OCTETS
        while line[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: end before its character
            end -= 1
        if line[end - 1] in b"\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts)


@hookimpl
def careerkit_outputs(report: Mapping[str, Any], analyses, records: Records, config: Config, kept: Kept) -> dict[str, bytes]:
    return {PATH: calendar_bytes(records, config, kept)}
