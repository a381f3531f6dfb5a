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
  atomically (a temporary file in the same folder, then ``os.replace``).
"""

from __future__ import annotations

import difflib
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from ..errors import CareerkitError
from ..kinds import CONTACT, OPPORTUNITY
from ..loader import find_files
from ..schema import Checker, Shape, slugify
from ..yamlio import parse_text, plain, read_yaml


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


_LATIN = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ı": "i"})


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


# --- YAML: round-trip editing and clean new files ------------------------------------

# (mapping indent, sequence indent, dash offset, dedent of a top-level list)
STYLES = [(2, 4, 2, 0), (2, 2, 0, 0), (2, 4, 2, 2), (4, 4, 2, 0), (4, 6, 4, 0), (4, 4, 0, 0), (4, 6, 4, 4), (2, 4, 0, 0)]


def _yaml(style: tuple[int, int, int, int]):
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip, YAML 1.2
    yaml.preserve_quotes = True
    yaml.width = 100_000
    yaml.indent(mapping=style[0], sequence=style[1], offset=style[2])
    return yaml


def _dump(data: Any, style: tuple[int, int, int, int]) -> str:
    out = io.StringIO()
    _yaml(style).dump(data, out)
    text = out.getvalue()
    pad = " " * style[3]
    if pad:
        text = "".join(line[len(pad):] if line.startswith(pad) else line for line in text.splitlines(True))
    return text


def _yaml_value(name: str, value: Any) -> Any:
    """Values as ruamel should write them: phone numbers and anything YAML
    1.1 could read as a number, boolean or date are double-quoted; multi-line
    text becomes a literal block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _yaml_value(key, item)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_yaml_value(name, item) for item in value)
        if name in ("tags", "roles"):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if "\n" in value.strip():
            return LiteralScalarString(clean(value))
        if name == "phone" or _looks_typed(value):
            return DoubleQuotedScalarString(value)
    return value


_YAML11 = re.compile(
    r"^(?:[-+]?[0-9][0-9_,:.eE+-]*|[-+]?\.(?:inf|nan)|y|n|yes|no|on|off|true|false|null|~"
    r"|\d{4}-\d{1,2}-\d{1,2}.*|0[xob][0-9a-f_]+)$",
    re.I,
)


def clean(value: Any) -> Any:
    """Text as it will read back: multi-line text without trailing spaces,
    ending in one newline (a literal block); other values unchanged."""
    if isinstance(value, str) and "\n" in value.strip():
        return "\n".join(line.rstrip() for line in value.strip().splitlines()) + "\n"
    if isinstance(value, str):
        return value.strip()
    return value


def _looks_typed(text: str) -> bool:
    return bool(_YAML11.match(text.strip())) or text != text.strip() or not text


# --- documents -----------------------------------------------------------------------------


@dataclass
class Doc:
    """One file of records, existing (edited round-trip) or new."""

    path: Path
    rel: str
    data: Any = None  # ruamel data (existing) or a plain dict (new)
    original: bytes | None = None
    style: tuple | None = None
    crlf: bool = False
    bom: bool = False
    header: str = ""
    changed: bool = False

    def record(self, index: int | None) -> Any:
        return self.data if index is None else self.data[index]

    def render(self) -> str:
        if self.original is None:
            return self.header + _dump(_yaml_value("", self.data), STYLES[0])
        text = _dump(self.data, self.style)  # type: ignore[arg-type]
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "") + text


def _open_existing(path: Path, rel: str) -> Doc | str:
    """The file loaded round-trip with the layout that reproduces it
    exactly, or why it cannot be edited safely."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    try:
        data = _yaml(STYLES[0]).load(text)
    except Exception as exc:  # ruamel's errors share no useful base class
        return f"cannot be read for editing ({type(exc).__name__})"
    for style in STYLES:
        try:
            if _dump(data, style) == text:
                return Doc(path, rel, data, raw, style, crlf, bom)
        except Exception:  # pragma: no cover - ruamel cannot write it back
            break
    return "its layout cannot be kept by a YAML editor"


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
        for rel, path in files:
            if not rel.startswith(prefix):
                continue
            self.taken.add(path.stem.lower())
            data, file_problems = read_yaml(path, rel)
            if data is None and file_problems:
                raise ImportFileError(f"{file_problems[0]}; fix it first (careerkit check), then import again")
            entries = [(data, None)] if isinstance(data, dict) else list(zip(data, range(len(data)))) if isinstance(data, list) else []
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
            handle = norm_url(candidate.data.get("url", "")).rsplit("/", 1)[-1] or str(candidate.data.get("email", "")).split("@")[0]
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
                self.skip(label, f"matches {rel}, which was left alone: it {opened}")
                return
            doc = self.docs[rel] = opened
        record = doc.record(index)
        existing_label = self.rules.label(record) if isinstance(record, dict) else label
        details: list[str] = []
        order = list(self.rules.shape.by_name)
        for name, value in candidate.data.items():
            if record.get(name) is None and value not in (None, "", []):
                _insert(record, name, clean(value), order, doc.original is not None)
                details.append(name)
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
        if details:
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
            text = doc.render()
            reason = None
            if doc.original is not None:
                before = doc.original.decode("utf-8").splitlines(True)
                after = text.splitlines(True)
                ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
                if any(op not in ("equal", "insert") for op, *_ in ops):
                    reason = "the edit would change lines you wrote"
            data, problems = parse_text(text.removeprefix("\ufeff"), rel)
            if reason is None and data is not None and plain(data) != _comparable(doc.data):
                reason = "the edit would not read back as intended"
            new_problems = _problems(data, rel, self.rules.shape) if data is not None else problems or ["unreadable"]
            if reason is None and doc.original is not None:
                old, _ = parse_text(doc.original.decode("utf-8").removeprefix("\ufeff"), rel)
                if len(new_problems) > len(_problems(old, rel, self.rules.shape)):
                    reason = f"the result would not be valid: {new_problems[0]}"
            elif doc.original is None and (reason or new_problems):
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
                    atomic_write(doc.path, doc.render().encode("utf-8"))
                except OSError as exc:
                    done = f" (already written: {', '.join(written)})" if written else ""
                    raise ImportFileError(f"cannot write {rel}: {exc.strerror or exc}{done}") from exc
                written.append(rel)
        return written

    def counts(self) -> dict[str, int]:
        out = {verb: 0 for verb in ("added", "merged", "unchanged", "skipped")}
        for action in self.actions:
            out[action.verb] += 1
        return out


def _derived(kind: str, record: dict) -> str:
    """The text the loader derives an id from (careerkit.kinds)."""
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


def _insert(record: Any, name: str, value: Any, order: list[str], round_trip: bool) -> None:
    """Put a new key where the schema order says, after the keys before it."""
    if name in record:  # present but null: fill in place
        record[name] = _yaml_value(name, value) if round_trip else value
        return
    if not round_trip:
        record[name] = value
        return
    rank = order.index(name) if name in order else len(order)
    position = 0
    for i, key in enumerate(record):
        if key in order and order.index(key) < rank:
            position = i + 1
    record.insert(position, name, _yaml_value(name, value))


def _comparable(data: Any) -> Any:
    """ruamel data as careerkit's reader sees it: dates as ISO strings."""
    if isinstance(data, dict):
        return {str(k): _comparable(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_comparable(v) for v in data]
    if isinstance(data, date):
        return data.isoformat()
    if isinstance(data, str):
        return str(data)
    return data


def _problems(data: Any, rel: str, shape: Shape) -> list:
    entries = [data] if isinstance(data, dict) else list(data) if isinstance(data, list) else []
    problems = []
    for entry in entries:
        checker = Checker(rel)
        checker.mapping(entry, shape, "", (getattr(entry, "line", 1), getattr(entry, "col", 1)))
        problems += checker.problems
    return problems


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
