"""CSV reading shared by the importers, and ``careerkit import csv``: any
tracker's export, its columns mapped to record fields with
``--map 'Company=company,Title=role,...'``.

Every mapped row is converted (dates, numbers, lists) and checked against
the kind's schema before anything is written; a bad cell is reported as
``export.csv:7:23: error: stages[0].stage: ...`` (line and column of the cell
in the CSV) and nothing is written.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..editing.merge import RULES, Candidate, ImportFileError, Plan
from ..errors import UsageError
from ..models import Location, Problem
from ..records.check import Checker
from ..records.kinds import check_opportunity
from ..schema import Field

MAX_BYTES = 64 * 1024 * 1024
csv.field_size_limit(MAX_BYTES)


# --- reading text and rows ------------------------------------------------------------


def decode(raw: bytes, name: str, what: str = "CSV") -> str:
    """UTF-8 text (a BOM is fine, CRLF too), or a one-line error."""
    if len(raw) > MAX_BYTES:
        raise ImportFileError(f"{name}: the file is over {MAX_BYTES // 1048576} MiB")
    if b"\x00" in raw:
        raise ImportFileError(f"{name}: not a {what} file (it contains binary data)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(f"{name}:{line}: not UTF-8 text; export or save it as UTF-8 {what}") from None


def read_text(path: Path, what: str = "CSV") -> str:
    if path.is_dir():
        raise ImportFileError(f"{path}: is a folder, not a {what} file")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    return decode(raw, str(path), what)


@dataclass
class Row:
    """One CSV record: its cells and where each starts (1-based)."""

    line: int
    cells: list[str]
    starts: list[tuple[int, int]]

    def pos(self, index: int) -> tuple[int, int]:
        return self.starts[index] if index < len(self.starts) else (self.line, 1)

    def get(self, index: int | None) -> str:
        return self.cells[index].strip() if index is not None and index < len(self.cells) else ""


def read_rows(text: str, name: str) -> list[Row]:
    """Every record of a CSV text with the line and column of each cell."""
    lines = text.splitlines(True)
    state = {"next": 0}

    def feed():
        while state["next"] < len(lines):
            state["next"] += 1
            yield lines[state["next"] - 1]

    reader = csv.reader(feed())
    rows = []
    while True:
        first = state["next"]
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ImportFileError(f"{name}:{first + 1}: not a readable CSV row: {exc}") from None
        rows.append(Row(first + 1, cells, _starts("".join(lines[first : state["next"]]), first + 1)))
    return rows


def _starts(raw: str, line: int) -> list[tuple[int, int]]:
    """Where each comma-separated cell of one record's raw text begins."""
    starts, col, quoted, begin = [(line, 1)], 1, False, True
    for char in raw:
        if char == '"' and (quoted or begin):
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append((line, col + 1))
            begin = True
            col += 1
            continue
        elif char == "\n":
            line, col = line + 1, 0
        if char != '"':
            begin = False
        col += 1
    return starts


def header_index(rows: list[Row], required: tuple[str, ...], limit: int = 50) -> int | None:
    """The index of the first row naming every required column."""
    wanted = {name.casefold() for name in required}
    for index, row in enumerate(rows[:limit]):
        if wanted <= {cell.strip().casefold() for cell in row.cells}:
            return index
    return None


def columns(row: Row) -> dict[str, int]:
    out: dict[str, int] = {}
    for index, cell in enumerate(row.cells):
        out.setdefault(cell.strip().casefold(), index)
    return out


# --- values -----------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ])")
_DAY_MONTH = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?,?[ -](\d{4})$")
_MONTH_DAY = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")


def parse_date(text: str) -> date | None:
    """ISO dates (a time after them is dropped), '12 Mar 2024', 'Mar 12, 2024',
    '12 March 2024'; month names in English whatever the locale."""
    text = text.strip()
    try:
        if match := _ISO.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_MONTH.match(text):
            return _named(match[3], match[2], match[1])
        if match := _MONTH_DAY.match(text):
            return _named(match[3], match[1], match[2])
    except ValueError:
        return None
    return None


MONTH_NAMES = ("january", "february", "march", "april", "may", "june",
               "july", "august", "september", "october", "november", "december")


def _named(year: str, month: str, day: str) -> date | None:
    """A date from an English month name or its abbreviation ('Sep', 'Sept')."""
    text = month.casefold()
    for number, full in enumerate(MONTH_NAMES, 1):
        if len(text) >= 3 and full.startswith(text):
            return date(int(year), number, int(day))
    return None


def parse_number(text: str) -> int | float | None:
    """'$120,000' -> 120000, '95k' -> 95000, '52.5' -> 52.5."""
    cleaned = re.sub(r"^[^\d.+-]+|[^\d.kK]+$", "", text.strip().replace(",", "").replace(" ", ""))
    scale = 1000 if cleaned[-1:] in ("k", "K") else 1
    cleaned = cleaned.rstrip("kK")
    try:
        number = float(cleaned) * scale
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


# --- import csv ---------------------------------------------------------------------------

# extra mapping targets beyond the kind's own fields
PSEUDO = {
    "contacts": ("first_name", "last_name", "interaction.date", "interaction.kind", "interaction.note"),
    "opportunities": ("stage", "date", "stage.note"),
}


def parse_map(text: str, kind: str) -> dict[str, str]:
    """'Company=company,Title=role' -> {'Company': 'company', 'Title': 'role'}."""
    shape = RULES[kind].shape
    allowed = [name for name, spec in shape.by_name.items() if spec.type != "map" and name not in ("interactions", "stages")]
    allowed += [f"{name}.{sub}" for name, spec in shape.by_name.items() if spec.type == "map" for sub in spec.shape.by_name]
    allowed += list(PSEUDO[kind])
    mapping: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        column, sep, target = part.partition("=")
        column, target = column.strip(), target.strip()
        if not sep or not column or not target:
            raise UsageError(f"--map: {part.strip()!r} is not COLUMN=field")
        if target not in allowed:
            import difflib

            close = difflib.get_close_matches(target, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "fields: " + ", ".join(allowed)
            raise UsageError(f"--map: {target!r} is not a field of {kind} ({hint})")
        mapping[column] = target
    if not mapping:
        raise UsageError("--map is empty; give COLUMN=field pairs, like 'Company=company,Title=role'")
    targets = set(mapping.values())
    for lone, needs in (
        ("interaction.kind", "interaction.date"),
        ("interaction.note", "interaction.date"),
        ("stage.note", "date"),
    ):
        if lone in targets and needs not in targets:
            raise UsageError(f"--map: {lone!r} needs a column mapped to {needs!r}")
    return mapping


def convert(value: str, spec: Field | None) -> Any:
    """A cell as the field's type, or the text itself when it does not parse
    (the schema check then reports it with the cell's position)."""
    if spec is None or spec.type in ("str", "slug", "currency"):
        return value.lower() if spec is not None and spec.choices else value
    if spec.type == "date":
        parsed = parse_date(value)
        return parsed.isoformat() if parsed else value
    if spec.type in ("int", "number"):
        number = parse_number(value)
        return value if number is None else number
    if spec.type == "list":
        return [item.strip().lower() if spec.items and spec.items.choices else item.strip()
                for item in re.split(r"[,;|]", value) if item.strip()]
    return value


def _target_spec(shape, target: str) -> Field | None:
    head, _, sub = target.partition(".")
    spec = shape.by_name.get(head)
    if spec is not None and sub and spec.type == "map":
        return spec.shape.by_name.get(sub)
    return spec


def candidates_from_csv(
    path: Path, kind: str, mapping: dict[str, str], contact_ids: set[str] | None
) -> tuple[list[Candidate], list[tuple[str, str]], list[Problem]]:
    """(candidates, skipped (label, reason), problems) for a tracker CSV."""
    name = str(path)
    rows = [row for row in read_rows(read_text(path), name) if any(cell.strip() for cell in row.cells)]
    if not rows:
        raise ImportFileError(f"{name}: the file has no header row")
    header = columns(rows[0])
    missing = [column for column in mapping if column.casefold() not in header]
    if missing:
        found = ", ".join(c.strip() for c in rows[0].cells)
        raise ImportFileError(f"{name}:{rows[0].line}: no column {missing[0]!r} in the header (columns: {found})")
    shape = RULES[kind].shape
    out, skipped, problems = [], [], []
    for row in rows[1:]:
        checker = Checker(name)
        fields: dict[str, tuple[Any, tuple[int, int]]] = {}
        extra: dict[str, tuple[str, tuple[int, int]]] = {}
        for column, target in mapping.items():
            index = header[column.casefold()]
            value = row.get(index)
            if not value:
                continue
            if target in PSEUDO[kind]:
                extra[target] = (value, row.pos(index))
                continue
            head, _, sub = target.partition(".")
            converted = convert(value, _target_spec(shape, target))
            if sub:
                group, _ = fields.setdefault(head, ({}, row.pos(index)))
                group[sub] = converted
                checker.value(converted, _target_spec(shape, target), target, row.pos(index))  # type: ignore[arg-type]
            else:
                fields[head] = (converted, row.pos(index))
                checker.value(converted, shape.by_name[head], head, row.pos(index))
        data = {key: value for key, (value, _) in fields.items()}
        lists: dict[str, list] = {}
        if kind == "contacts":
            if "name" not in data:
                full = " ".join(extra[k][0] for k in ("first_name", "last_name") if k in extra)
                if full:
                    data["name"] = " ".join(full.split())
            if "interaction.date" in extra:
                text, pos = extra["interaction.date"]
                item = {"date": convert(text, Field("date", "date"))}
                for sub in ("kind", "note"):
                    if f"interaction.{sub}" in extra:
                        item[sub] = extra[f"interaction.{sub}"][0].lower() if sub == "kind" else extra[f"interaction.{sub}"][0]
                checker.value([item], shape.by_name["interactions"], "interactions", pos)
                lists["interactions"] = [item]
            if not data.get("name"):
                skipped.append((f"line {row.line}", "blank name"))
                continue
        else:
            if not fields and not extra:
                continue
            stage = {
                "stage": extra.get("stage", ("lead", (row.line, 1)))[0].lower(),
                "date": convert(extra["date"][0], Field("date", "date")) if "date" in extra else None,
            }
            if "stage.note" in extra:
                stage["note"] = extra["stage.note"][0]
            pos = extra.get("stage", extra.get("date", ("", (row.line, 1))))[1]
            stage_shape = shape.by_name["stages"].items.shape  # type: ignore[union-attr]
            before = len(checker.problems)
            checker.value(stage["stage"], stage_shape.by_name["stage"], "stages[0].stage", pos)
            if stage["date"] is None:
                checker.add(pos, "stages[0].date", "no date: map a column to 'date' (the stage's date)")
            else:
                checker.value(stage["date"], stage_shape.by_name["date"], "stages[0].date", extra["date"][1])
            if len(checker.problems) == before:
                data["stages"] = [stage]
            if data.get("contact") and contact_ids is not None and data["contact"] not in contact_ids:
                checker.add(fields["contact"][1], "contact", f"{data['contact']!r} is not a contact id in content/contacts/")
        for head, (group, pos) in fields.items():
            for sub in shape.by_name[head].shape.by_name.values() if isinstance(group, dict) else ():
                if sub.required and sub.name not in group:
                    checker.add(pos, "", f"missing required key {sub.name!r} in {head} (map a column to '{head}.{sub.name}')")
        for spec in shape.fields:
            if spec.required and spec.name not in data and spec.name != "stages":
                checker.add((row.line, 1), "", f"missing required key {spec.name!r} (map a column to it)")
        if kind == "opportunities" and not checker.problems:
            for sub, message in check_opportunity(_dated(data)):
                checker.add((row.line, 1), sub, message)
        problems += checker.problems
        if not checker.problems:
            if kind == "opportunities":
                lists["stages"] = [dict(stage, date=date.fromisoformat(stage["date"])) for stage in data.pop("stages")]
            for item in lists.get("interactions", ()):
                item["date"] = date.fromisoformat(item["date"])
            out.append(Candidate(_dated(data), f"line {row.line}", lists))
    return out, skipped, problems


def _dated(data: dict) -> dict:
    """ISO date strings of date fields as ``date`` objects."""
    out = dict(data)
    for key in ("met",):
        if isinstance(out.get(key), str):
            out[key] = date.fromisoformat(out[key])
    if isinstance(out.get("stages"), list):
        out["stages"] = [dict(s, date=date.fromisoformat(s["date"]) if isinstance(s.get("date"), str) else s.get("date"))
                         for s in out["stages"]]
    return out


def plan_csv(plan: Plan, path: Path, mapping: dict[str, str], contact_ids: set[str] | None) -> list[Problem]:
    candidates, skipped, problems = candidates_from_csv(path, plan.rules.kind, mapping, contact_ids)
    if problems:
        return problems
    for label, reason in skipped:
        plan.skip(label, reason)
    for candidate in candidates:
        plan.add(candidate)
    return []


__all__ = ["Location", "Problem", "parse_date", "parse_map", "plan_csv", "read_rows", "read_text"]
