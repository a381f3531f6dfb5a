"""Reminders: `reminders.ics`, a calendar of what to do next, written into the site.

Subscribe to it from a calendar application (the URL of `reminders.ics` on the
published site) and each build updates it.  It holds one all-day event per
item of the plan (:mod:`careerkit.plan`): every finding with a `due` date, of
every analyzer, due within the plan's 90 days of the report date — overdue
follow-ups and an overdue market test dated on the report date itself, never
in the past (a subscribed calendar does not show past events), upcoming
follow-ups on the day a contact's cadence runs out, the next market test on
the day it is due.  At most :data:`careerkit.plan.MAX_ITEMS` (100) events, the
first ones in the plan's order: a calendar of thousands of events helps nobody.

Every event has a UID made from the analyzer and the row id of the finding's
first record (`network_health-contacts-jane-doe@careerkit`; a second event of
the same analyzer about the same record gets `-2`), so a subscribed calendar
moves an event when a later build changes its date instead of adding a second
one.  The bytes depend only on the records and the report date: the time
stamp is the report date and the events come in the plan's order.

Privacy: events carry what the findings say, nothing more: never an email,
phone number, URL or note.  A public build (`privacy.public` or
`build --public`) shows initials instead of names (the analyzers' findings do)
and the row ids of records whose ids carry names are hashed
(:func:`careerkit.plan.anchor`).

The file is written here, not with the `icalendar` library: for 10,000
contacts (3,020 events) icalendar's per-property objects and line folding made
`calendar_bytes` take 0.72 s, more than a third of all rendering; written
directly it takes a fraction of that (docs/performance.md).  It writes exactly
the bytes icalendar 7 wrote, quirks included: `tests/test_reminders_ics.py`
keeps the icalendar-based writer and checks byte identity over the example
content, a generated repository and random awkward text, and parses the
output back with icalendar.  What it writes:

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

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from careerkit import Analysis, Config, Kept, Records, __version__, hookimpl
from careerkit.plan import MAX_ITEMS, PlanItem, plan

NAME = "reminders"
PATH = "reminders.ics"


@dataclass(frozen=True)
class Reminder:
    """One all-day event."""

    uid: str
    day: date
    summary: str
    description: str
    category: str


def reminders(analyses: Iterable[Analysis], config: Config) -> list[Reminder]:
    """The plan's first MAX_ITEMS items as reminders, in the plan's order."""
    found, seen = [], set()
    for item in plan(analyses, config)[:MAX_ITEMS]:
        target = (item.href or "").partition("#")[2] or "plan"
        base = uid = f"{item.analyzer}-{target}"
        n = 2
        while uid in seen:
            uid, n = f"{base}-{n}", n + 1
        seen.add(uid)
        found.append(reminder(item, f"{uid}@careerkit", config))
    return found


def reminder(item: PlanItem, uid: str, config: Config) -> Reminder:
    text = plain(item.message)
    summary, _, _ = text.partition(": ")
    lines = [text, f"From: {item.title}"]
    if item.due == config.as_of:
        lines.append(f"Due now: overdue or due on the report date ({config.as_of.isoformat()}).")
    if item.href:
        lines.append(f"Record: {item.href}")
    return Reminder(uid=uid, day=item.due, summary=summary, description="\n".join(lines), category=item.analyzer)


_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]<>#|~])")


def plain(markdown: str) -> str:
    """A finding's Markdown as calendar text: no bold markers, escapes undone."""
    return _MD_ESCAPE.sub(r"\1", markdown.replace("**", ""))


def calendar_bytes(analyses: Iterable[Analysis], config: Config, kept: Kept | None = None) -> bytes:
    """The iCalendar file: the same records and report date give the same bytes."""
    name = " ".join(f"{config.title}: reminders".split())  # one line
    return calendar(name, config.as_of, reminders(analyses, config), kept)


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
    return {PATH: calendar_bytes(analyses, config, kept)}
