"""Checks across records: duplicate ids within a kind (naming both places)
and opportunities whose `contact` names no contact."""

from __future__ import annotations

import difflib
from collections import Counter

from ..models import Location, Problem


def _place(record) -> tuple:
    return (record.location.path, record.location.line) if record.location else ("", 0)


def cross_check(by_kind: dict[str, tuple], contact_at: dict[int, tuple[int, int]], invalid=()) -> list[Problem]:
    """`contact_at` maps id(opportunity) to the line and column of its
    `contact:` value, to locate a dangling reference.  `invalid` lists the
    records that have problems of their own (careerkit.records.loader.Unbuilt): a
    reference to one of them is not dangling, and their own references are
    checked too."""
    problems: list[Problem] = []
    for kind, records in by_kind.items():
        repeated = {key for key, count in Counter(r.id for r in records).items() if count > 1}
        first: dict[str, object] = {}
        for record in sorted((r for r in records if r.id in repeated), key=_place):
            seen = first.setdefault(record.id, record)
            if seen is not record:
                problems.append(
                    Problem(
                        record.location or Location("content"),
                        f"duplicate {kind} id {record.id!r} (also at {seen.location})",
                        "give one of them its own `id:`",
                    )
                )
    contact_ids = {c.id for c in by_kind.get("contacts", ())}
    contact_ids |= {u.id for u in invalid if u.kind == "contacts" and u.id}
    references = []
    for opportunity in by_kind.get("opportunities", ()):
        where = opportunity.location or Location("content")
        line, col = contact_at.get(id(opportunity), (where.line, where.col))
        references.append((opportunity.contact, Location(where.path, line, col)))
    references += [(u.contact, u.contact_at) for u in invalid if u.kind == "opportunities" and u.contact]
    unread = [u.unread for u in invalid if u.kind == "contacts" and u.unread]
    suppressed: dict[str, list[tuple[str, Location]]] = {}
    for ref, location in references:
        if ref is not None and ref not in contact_ids:
            maybe = next((path for path, words in unread if f"-{ref}-" in words), None)
            if maybe is not None:  # it may be in a file that could not be read: fix that first
                suppressed.setdefault(maybe, []).append((ref, location))
                continue
            close = difflib.get_close_matches(ref, sorted(contact_ids), n=1, cutoff=0.6)
            problems.append(
                Problem(
                    location,
                    f"contact: no contact has the id {ref!r}",
                    f"did you mean '{close[0]}'?" if close else "use the id (file name) of a contact",
                )
            )
    for path, refs in sorted(suppressed.items()):
        places = ", ".join(f"{ref!r} at {location}" for ref, location in refs)
        problems.append(
            Problem(
                Location(path),
                f"the records in this file could not be read, so references to them are not checked ({places})",
                "fix the YAML error in this file first",
            )
        )
    return problems
