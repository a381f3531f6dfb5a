"""``careerkit import vcard PATH``: contacts from a ``.vcf`` file (vCard 3
and 4, several cards per file, folded lines), read with vobject.

``FN`` (else ``N``) → name, ``ORG`` → company, ``TITLE`` → title, ``EMAIL``
→ email, ``TEL`` → phone, ``URL`` → url (a LinkedIn profile preferred),
``NOTE`` → notes, ``CATEGORIES`` → tags.  Of several emails or phone
numbers the preferred one (``PREF`` / ``TYPE=pref``) is taken, else the
first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..editing.merge import Candidate, ImportFileError
from .csvimport import read_text


def cards(path: Path) -> tuple[list[Candidate], list[tuple[str, str]]]:
    """(candidates, skipped (label, reason)); a broken file is an error."""
    import vobject

    text = read_text(path, "vCard").replace("\r\n", "\n")  # vobject counts CR and LF as two lines
    try:
        components = list(vobject.readComponents(text, validate=False))
    except vobject.base.VObjectError as exc:
        message = str(getattr(exc, "msg", exc)) or type(exc).__name__
        line = _line_of(text, message, getattr(exc, "lineNumber", None))
        where = f"{path}:{line}" if line else str(path)
        message = message if len(message) <= 100 else message[:99] + "…"
        raise ImportFileError(f"{where}: not a valid vCard file: {message}") from None
    except (ValueError, TypeError, AttributeError, IndexError, UnicodeError) as exc:
        raise ImportFileError(f"{path}: not a valid vCard file: {exc}") from None
    found = [c for c in components if c.name.upper() == "VCARD"]
    if not found:
        raise ImportFileError(f"{path}: no vCard in the file (expected BEGIN:VCARD … END:VCARD)")
    candidates, skipped = [], []
    for number, card in enumerate(found, 1):
        data = _card(card)
        if not data.get("name"):
            skipped.append((data.get("email") or f"card {number}", "blank name"))
            continue
        tags = data.pop("tags", [])
        candidates.append(Candidate(data, f"card {number}", {"tags": tags} if tags else {}))
    return candidates, skipped


def _line_of(text: str, message: str, reported: int | None) -> int | None:
    """The physical line of a parse error (vobject's own count is off when
    lines are folded or blank): the bad line itself, else at most the last."""
    lines = text.splitlines()
    bad = message.partition("Failed to parse line: ")[2].strip()
    for number, line in enumerate(lines, 1):
        if bad and line.strip() and bad.startswith(line.strip()):
            return number
    return min(reported, len(lines)) if reported and lines else reported


def _lines(card, key: str) -> list:
    return card.contents.get(key, [])


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return " ".join(str(value or "").split())


def _preferred(lines: list) -> Any:
    def pref(line) -> bool:
        params = {k.upper(): [str(v).lower() for v in vs] for k, vs in line.params.items()}
        types = {t for v in params.get("TYPE", []) for t in v.split(",")}
        return "pref" in types or "PREF" in params

    for line in lines:
        if pref(line) and _text(line.value):
            return line.value
    for line in lines:
        if _text(line.value):
            return line.value
    return None


def _card(card) -> dict:
    data: dict[str, Any] = {}
    name = _text(_preferred(_lines(card, "fn")))
    if not name and _lines(card, "n"):
        parts = _lines(card, "n")[0].value
        name = " ".join(_text(getattr(parts, attr, "")) for attr in ("given", "additional", "family"))
        name = " ".join(name.split())
    data["name"] = name
    org = _preferred(_lines(card, "org"))
    data["company"] = _text(org)
    data["title"] = _text(_preferred(_lines(card, "title")))
    data["email"] = _text(_preferred(_lines(card, "email"))).removeprefix("mailto:")
    data["phone"] = _text(_preferred(_lines(card, "tel"))).removeprefix("tel:")
    urls = [_text(line.value) for line in _lines(card, "url") if _text(line.value)]
    linkedin = [url for url in urls if "linkedin.com/" in url.lower()]
    data["url"] = (linkedin or urls or [""])[0]
    notes = "\n\n".join(str(line.value).strip() for line in _lines(card, "note") if str(line.value or "").strip())
    data["notes"] = notes
    tags: list[str] = []
    for line in _lines(card, "categories"):
        values = line.value if isinstance(line.value, (list, tuple)) else str(line.value).split(",")
        for tag in values:
            tag = " ".join(str(tag).split())
            if tag and tag.casefold() not in {t.casefold() for t in tags}:
                tags.append(tag)
    data["tags"] = tags
    return {key: value for key, value in data.items() if value}
