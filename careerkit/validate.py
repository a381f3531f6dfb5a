"""Checks across records: duplicate ids within a kind (naming both places)
and opportunities whose `contact` names no contact."""

from __future__ import annotations

import difflib

from .models import Location, Problem
from .schema import locate


def cross_check(by_kind: dict[str, tuple], raws: dict[int, object]) -> list[Problem]:
    """`raws` maps id(record) to its parsed YAML, to locate a field."""
    problems: list[Problem] = []
    for kind, records in by_kind.items():
        first: dict[str, object] = {}
        for record in sorted(records, key=lambda r: (r.location.path, r.location.line) if r.location else ("", 0)):
            seen = first.setdefault(record.id, record)
            if seen is not record:
                problems.append(
                    Problem(
                        record.location or Location("content"),
                        f"duplicate {kind} id {record.id!r} (also at {seen.location})",
                        "give one of them its own `id:`",
                    )
                )
    contact_ids = sorted({c.id for c in by_kind.get("contacts", ())})
    for opportunity in by_kind.get("opportunities", ()):
        ref = opportunity.contact
        if ref is not None and ref not in contact_ids:
            close = difflib.get_close_matches(ref, contact_ids, n=1, cutoff=0.6)
            where = opportunity.location or Location("content")
            line, col = locate(raws.get(id(opportunity)), "contact")
            problems.append(
                Problem(
                    Location(where.path, line, col),
                    f"contact: no contact has the id {ref!r}",
                    f"did you mean '{close[0]}'?" if close else "use the id (file name) of a contact",
                )
            )
    return problems
