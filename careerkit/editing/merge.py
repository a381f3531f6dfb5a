"""Merging imported records into ``content/``: the rules every importer shares.

- An imported record that matches an existing one (contacts: by profile
  ``url`` or ``email``, case-insensitively; failing both, by phone digits,
  or by the exact name of the one contact that has it and has neither a url
  nor an email; opportunities: by
  ``url`` or by company and role) only **adds**: fields the record does not
  have (tags included, when it has none), interactions (date and kind) and
  stages (stage and date) it does not list.  Nothing the user wrote is
  changed or removed.
- Existing files are edited with ruamel.yaml round-trip, so comments, key
  order and layout stay; the result must differ from the file only by
  inserted lines and must read back as the intended data, or the file is
  left alone and the additions are reported as skipped.
- A new record gets its own file, ``content/<kind>/<slug>.yaml``, with a
  slug from its name that clashes with no file and no id (``-2``, ``-3``…).
- Every file to write is read back with careerkit's own reader and checked
  against the kind's schema before anything is written; files are written
  atomically by careerkit.editing.contentio, the one writer for ``content/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import CareerkitError
from ..records.files import find_files
from ..records.kinds import CONTACT, OPPORTUNITY
from ..records.scalars import slugify
from ..records.yamlio import plain, read_yaml
from ..schema import Shape
from .contentio import write_file
from .yamledit import Doc, _insert, _open_existing, _yaml_value, clean, read_back


class ImportFileError(CareerkitError):
    """The file to import is unusable; nothing was written."""

    exit_code = 1


@dataclass
class Candidate:
    """One imported record: plain field values (dates as ``date``), the
    items of its list fields, and where it came from (``row 7``)."""

    data: dict[str, Any]
    origin: str
    lists: dict[str, list] = field(default_factory=dict)


@dataclass
class Action:
    verb: str  # added, merged, unchanged, skipped
    label: str
    rel: str = ""
    details: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        where = f" ({self.rel})" if self.rel else ""
        extra = f": {', '.join(self.details)}" if self.details else ""
        return f"  {self.verb:<9} {self.label}{where}{extra}"


# --- what identifies a record of each kind ---------------------------------------


def norm_url(url: str) -> str:
    """'https://www.LinkedIn.com/in/jane-doe/?x=1' -> 'linkedin.com/in/jane-doe'."""
    text = str(url).strip().lower()
    text = re.sub(r"^[a-z]+://", "", text)
    text = re.sub(r"^www\.", "", text)
    text = re.split(r"[?#]", text, maxsplit=1)[0]
    return text.rstrip("/")


_LATIN = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                        "ß": "ss", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ı": "i"})


def name_slug(text: str) -> str:
    """slugify, with the Latin letters NFKD cannot split spelled out ('Ørsted' -> 'orsted')."""
    return slugify(str(text).translate(_LATIN))


def norm_name(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def contact_keys(data: dict, candidate: bool) -> list[tuple[str, str]]:
    keys = []
    if isinstance(data.get("url"), str) and data["url"].strip():
        keys.append(("url", norm_url(data["url"])))
    if isinstance(data.get("email"), str) and data["email"].strip():
        keys.append(("email", data["email"].strip().casefold()))
    identified = bool(keys)
    digits = re.sub(r"\D", "", str(data.get("phone") or ""))
    if len(digits) >= 7 and not (candidate and identified):
        keys.append(("phone", digits))
    # by name, last: an existing contact only when it has no url or email
    # (else those decide), and only when no other contact has the name
    if isinstance(data.get("name"), str) and data["name"].strip() and (candidate or not identified):
        keys.append(("name", norm_name(data["name"])))
    return keys


def opportunity_keys(data: dict, candidate: bool) -> list[tuple[str, str]]:
    keys = []
    if isinstance(data.get("url"), str) and data["url"].strip():
        keys.append(("url", norm_url(data["url"])))
    if isinstance(data.get("company"), str) and isinstance(data.get("role"), str):
        keys.append(("role", norm_name(data["company"]) + "\n" + norm_name(data["role"])))
    return keys


@dataclass(frozen=True)
class Rules:
    kind: str
    shape: Shape
    label: Callable[[dict], str]
    keys: Callable[[dict, bool], list[tuple[str, str]]]
    slug: Callable[[dict], str]
    item_key: dict[str, Callable[[Any], Any]]


def _item(*names: str) -> Callable[[Any], Any]:
    def key(item: Any) -> Any:
        return tuple(str(item.get(n, "") or "") for n in names) if isinstance(item, dict) else repr(item)

    return key


RULES = {
    "contacts": Rules(
        "contacts",
        CONTACT,
        lambda d: str(d.get("name", "")),
        contact_keys,
        lambda d: name_slug(str(d.get("name", ""))),
        {"interactions": _item("date", "kind"), "tags": lambda t: str(t).casefold(), "roles": str},
    ),
    "opportunities": Rules(
        "opportunities",
        OPPORTUNITY,
        lambda d: f"{d.get('company', '')} — {d.get('role', '')}",
        opportunity_keys,
        lambda d: name_slug(f"{d.get('company', '')} {d.get('role', '')}"),
        {"stages": _item("stage", "date")},
    ),
}


# --- the plan ----------------------------------------------------------------------------


@dataclass
class Plan:
    """What an import will do; :meth:`write` does it."""

    root: Path
    rules: Rules
    source: str
    today: date
    actions: list[Action] = field(default_factory=list)
    docs: dict[str, Doc] = field(default_factory=dict)
    index: dict[tuple[str, str], tuple[str, int | None] | None] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    # reading what is there

    def scan(self) -> None:
        """Index every existing record of the kind by its identifying keys."""
        files, problems = find_files(self.root)
        prefix = f"content/{self.rules.kind}/"
        for problem in problems:
            if problem.location.path.startswith(prefix):
                raise ImportFileError(f"{problem}; fix it first (careerkit check)")
        for rel, name in files:
            if not rel.startswith(prefix):
                continue
            path = Path(name)
            self.taken.add(path.stem.lower())
            data, file_problems = read_yaml(path, rel)
            if data is None and file_problems:
                raise ImportFileError(f"{file_problems[0]}; fix it first (careerkit check), then import again")
            if isinstance(data, dict):
                entries = [(data, None)]
            elif isinstance(data, list):
                entries = list(zip(data, range(len(data)), strict=False))
            else:
                entries = []
            for raw, index in entries:
                if not isinstance(raw, dict):
                    continue
                record = plain(raw)
                if isinstance(record.get("id"), str):
                    record_id = record["id"]
                elif len(entries) > 1:
                    record_id = slugify(_derived(self.rules.kind, record))  # as the loader derives it
                else:
                    record_id = slugify(path.stem)
                self.ids.add(record_id)
                self.taken.add(record_id)
                for key in self.rules.keys(record, False):
                    self._remember(key, (rel, index))

    def _remember(self, key: tuple[str, str], target: tuple[str, int | None]) -> None:
        if key in self.index and self.index[key] != target:
            self.index[key] = None  # two records share it: never match by it
        else:
            self.index[key] = target

    # deciding

    def add(self, candidate: Candidate) -> None:
        label = self.rules.label(candidate.data)
        target = None
        for key in self.rules.keys(candidate.data, True):
            target = self.index.get(key)
            if target:
                break
        if target is None:
            self._create(candidate, label)
        else:
            self._merge(candidate, label, *target)

    def skip(self, label: str, reason: str) -> None:
        self.actions.append(Action("skipped", label, details=[reason]))

    def _create(self, candidate: Candidate, label: str) -> None:
        base = self.rules.slug(candidate.data)
        if base == "record":  # nothing ASCII in the name: try the profile or the email
            handle = (norm_url(candidate.data.get("url", "")).rsplit("/", 1)[-1]
                      or str(candidate.data.get("email", "")).split("@")[0])
            base = slugify(handle) if handle else base
            base = "contact" if base == "record" else base
        slug, number = base, 1
        while slug in self.taken:
            number += 1
            slug = f"{base[:95]}-{number}"
        self.taken.add(slug)
        rel = f"content/{self.rules.kind}/{slug}.yaml"
        record = {name: clean(candidate.data[name]) for name in self.rules.shape.by_name if name in candidate.data}
        for name, items in candidate.lists.items():
            if items:
                record[name] = _unique(items, self.rules.item_key[name])
        record = {name: record[name] for name in self.rules.shape.by_name if name in record}
        header = f"# imported from {self.source} on {self.today.isoformat()}\n"
        self.docs[rel] = Doc(self.root / rel, rel, record, header=header, changed=True)
        for key in self.rules.keys(record, False):
            self._remember(key, (rel, None))
        self.actions.append(Action("added", label, rel))

    def _merge(self, candidate: Candidate, label: str, rel: str, index: int | None) -> None:
        doc = self.docs.get(rel)
        if doc is None:
            opened = _open_existing(self.root / rel, rel)
            if isinstance(opened, str):
                self.skip(label, f"matches {rel}, which was left alone: {opened}")
                return
            doc = self.docs[rel] = opened
        record = doc.record(index)
        existing_label = self.rules.label(record) if isinstance(record, dict) else label
        details: list[str] = []
        by_hand: list[str] = []  # the same, with the values, for a file that cannot be written
        order = list(self.rules.shape.by_name)
        for name, value in candidate.data.items():
            if record.get(name) is None and value not in (None, "", []):
                _insert(record, name, clean(value), order, doc.original is not None)
                details.append(name)
                by_hand.append(f"{name}: {clean(value)}" if not isinstance(value, (list, dict)) else name)
        for name, items in candidate.lists.items():
            current = record.get(name)
            if current is None:
                if items:
                    _insert(record, name, _unique(items, self.rules.item_key[name]), order, doc.original is not None)
                    details.append(_count(len(_unique(items, self.rules.item_key[name])), name))
                continue
            if not isinstance(current, list) or name in ("tags", "roles"):
                continue  # the user's own tags and roles are theirs: only a missing list is added
            key = self.rules.item_key[name]
            seen = {key(plain_item) for plain_item in plain(current)}
            new = [item for item in _unique(items, key) if key(item) not in seen]
            for item in new:
                current.append(_yaml_value(name, item) if doc.original is not None else item)
            if new:
                details.append(_count(len(new), name))
        if details and doc.locked:
            line = getattr(getattr(record, "lc", None), "line", None)
            where = f"{rel} (the record at line {line + 1})" if index is not None and line is not None else rel
            lists = [d for d in details if d not in candidate.data]
            self.skip(label, f"matches {where}, which was left alone: {doc.locked}; add by hand: {'; '.join(by_hand + lists)}")
        elif details:
            doc.changed = True
            self.actions.append(Action("merged", existing_label, rel, details))
        else:
            self.actions.append(Action("unchanged", existing_label, rel))

    # checking and writing

    def verify(self) -> None:
        """Every changed file, as it would be written: only inserted lines,
        reads back as intended, and valid against the schema."""
        for rel, doc in sorted(self.docs.items()):
            if not doc.changed:
                continue
            reason, new_problems = read_back(doc, rel, self.rules.shape)
            if doc.original is None and (reason or new_problems):
                raise ImportFileError(f"{rel}: the imported record would not be valid: {reason or new_problems[0]}")
            if reason:
                self._withdraw(rel, reason)

    def _withdraw(self, rel: str, reason: str) -> None:
        doc = self.docs.pop(rel)
        for action in self.actions:
            if action.rel == rel and action.verb == "merged":
                action.verb = "skipped"
                action.details = [f"would add {', '.join(action.details)} to {rel}, left alone: {reason}; add them by hand"]
                action.rel = ""
        del doc

    def write(self) -> list[str]:
        written = []
        for rel, doc in sorted(self.docs.items()):
            if doc.changed:
                try:
                    write_file(doc.path, doc.render().encode("utf-8"))
                except OSError as exc:
                    done = f" (already written: {', '.join(written)})" if written else ""
                    raise ImportFileError(f"cannot write {rel}: {exc.strerror or exc}{done}") from exc
                written.append(rel)
        return written

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(("added", "merged", "unchanged", "skipped"), 0)
        for action in self.actions:
            out[action.verb] += 1
        return out


def _derived(kind: str, record: dict) -> str:
    """The text the loader derives an id from (careerkit.records.kinds)."""
    return str(record.get("name", "")) if kind == "contacts" else f"{record.get('company', '')} {record.get('role', '')}"


def _unique(items: list, key: Callable[[Any], Any]) -> list:
    seen, out = set(), []
    for item in sorted(items, key=lambda i: str(i.get("date", "")) if isinstance(i, dict) else ""):
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


def _count(number: int, name: str) -> str:
    singular = {"interactions": "interaction", "stages": "stage", "tags": "tag", "roles": "role"}.get(name, name)
    return f"{number} {singular if number == 1 else name}"
