"""``careerkit import linkedin PATH``: LinkedIn's data export.

PATH is ``Connections.csv`` itself, the unpacked export folder, or the ZIP
LinkedIn sends.  ``Connections.csv`` starts with a ``Notes:`` preamble before
its header ``First Name,Last Name,URL,Email Address,Company,Position,Connected
On``; columns are found by header name, never by position.  From a folder or
ZIP, ``messages.csv`` also gives interactions (kind ``message``, one per
contact and day), matched to connections by profile URL, else by name.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..editing.merge import Candidate, ImportFileError, norm_name, norm_url
from .csvimport import MAX_BYTES, columns, decode, header_index, parse_date, read_rows, read_text

CONNECTIONS = "connections.csv"
MESSAGES = "messages.csv"
REQUIRED = ("First Name", "Last Name")


@dataclass
class Export:
    connections: str  # the text of Connections.csv
    connections_name: str
    messages: str | None = None
    messages_name: str = ""


def read_export(path: Path) -> Export:
    """The text of Connections.csv (and messages.csv from a folder or ZIP)."""
    if not path.exists():
        raise ImportFileError(f"{path}: no such file or folder")
    if path.is_dir():
        csvs = sorted(path.rglob("*.csv"), key=lambda p: (len(p.parts), str(p)))
        found = {p.name.casefold(): p for p in csvs if p.is_file()}
        if CONNECTIONS not in found:
            raise ImportFileError(f"{path}: no Connections.csv in this folder; is it LinkedIn's data export?")
        messages = found.get(MESSAGES)
        return Export(
            read_text(found[CONNECTIONS]),
            str(found[CONNECTIONS]),
            read_text(messages) if messages else None,
            str(messages) if messages else "",
        )
    if zipfile.is_zipfile(path):
        return _read_zip(path)
    if path.suffix.casefold() == ".zip":
        raise ImportFileError(f"{path}: not a ZIP file (it may be damaged or incomplete)")
    return Export(read_text(path), str(path))


def _read_zip(path: Path) -> Export:
    try:
        with zipfile.ZipFile(path) as archive:
            members = {}
            for info in sorted(archive.infolist(), key=lambda i: (i.filename.count("/"), i.filename)):
                base = info.filename.rsplit("/", 1)[-1].casefold()
                if not info.is_dir() and base in (CONNECTIONS, MESSAGES):
                    members.setdefault(base, info)
            if CONNECTIONS not in members:
                raise ImportFileError(f"{path}: the ZIP has no Connections.csv; is it LinkedIn's data export?")
            texts = {}
            for base, info in members.items():
                if info.file_size > MAX_BYTES:
                    raise ImportFileError(f"{path}: {info.filename} is over {MAX_BYTES // 1048576} MiB")
                with archive.open(info) as handle:
                    texts[base] = decode(handle.read(MAX_BYTES + 1), f"{path}:{info.filename}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
        raise ImportFileError(f"{path}: cannot read the ZIP: {exc}") from None
    return Export(
        texts[CONNECTIONS],
        f"{path}:{members[CONNECTIONS].filename}",
        texts.get(MESSAGES),
        f"{path}:{members[MESSAGES].filename}" if MESSAGES in members else "",
    )


def connections(export: Export) -> tuple[list[Candidate], list[tuple[str, str]]]:
    """(candidates, skipped (label, reason)) from Connections.csv."""
    name = export.connections_name
    rows = read_rows(export.connections, name)
    at = header_index(rows, REQUIRED)
    if at is None:
        raise ImportFileError(f"{name}: no header row with 'First Name' and 'Last Name'; is this LinkedIn's Connections.csv?")
    col = columns(rows[at])
    first, last, url, email, company, position, connected = (
        col.get(k) for k in ("first name", "last name", "url", "email address", "company", "position", "connected on")
    )
    found, skipped = [], []
    for row in rows[at + 1 :]:
        if not any(cell.strip() for cell in row.cells):
            continue
        full = " ".join(f"{row.get(first)} {row.get(last)}".split())
        if not full:
            skipped.append((row.get(url) or f"line {row.line}", "blank name"))
            continue
        data = {
            "name": full,
            "company": row.get(company),
            "title": row.get(position),
            "email": row.get(email),
            "url": row.get(url),
            "met": parse_date(row.get(connected)) if row.get(connected) else None,
        }
        found.append(Candidate({k: v for k, v in data.items() if v}, f"line {row.line}", {}))
    return found, skipped


def add_messages(export: Export, candidates: list[Candidate]) -> int:
    """Add one ``message`` interaction per contact and day found in
    messages.csv; returns how many messages matched a connection."""
    if export.messages is None:
        return 0
    name = export.messages_name
    rows = read_rows(export.messages, name)
    at = header_index(rows, ("FROM", "DATE"))
    if at is None:
        raise ImportFileError(f"{name}: no header row with 'FROM' and 'DATE'; is this LinkedIn's messages.csv?")
    col = columns(rows[at])
    by_url: dict[str, list[Candidate]] = {}
    by_name: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        if candidate.data.get("url"):
            by_url.setdefault(norm_url(candidate.data["url"]), []).append(candidate)
        by_name.setdefault(norm_name(candidate.data["name"]), []).append(candidate)
    matched = 0
    for row in rows[at + 1 :]:
        when = parse_date(row.get(col.get("date"))[:10])
        if (when is None or row.get(col.get("is message draft")).casefold() == "yes"
                or row.get(col.get("folder")).casefold() == "spam"):
            continue
        recipients = row.get(col.get("recipient profile urls")).replace(";", ",").split(",")
        urls = [row.get(col.get("sender profile url"))] + recipients
        names = [row.get(col.get("from"))] + row.get(col.get("to")).split(",")
        people: dict[int, Candidate] = {}
        for url in filter(str.strip, urls):
            for candidate in by_url.get(norm_url(url), ()):
                people[id(candidate)] = candidate
        for person in filter(str.strip, names):
            matches = by_name.get(norm_name(person), ())
            if len(matches) == 1:  # a name two connections share identifies neither
                people.setdefault(id(matches[0]), matches[0])
        for candidate in people.values():
            candidate.lists.setdefault("interactions", []).append({"date": when, "kind": "message"})
        matched += bool(people)
    return matched
