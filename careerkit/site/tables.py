"""Tables as HTML: the <tbody> rows of a careerkit.Table (escaped, fast:
the record pages hold one row per record), its cells (plain values, a
Chip, a Link) and the note under a table that was cut."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from .. import display
from ..blocks import Chip, Link
from ..kept import Kept
from ..models import MAX_TABLE_ROWS, PROGRESS_STAGES, Table

_DATE_TEXT = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$|^\d{4}-\d{2}-\d{2}$")


def cell(value: Any) -> str:
    """A table cell as text."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, date):
        return display.day(value)
    return str(value)


def cell_class(text: str, numeric: bool) -> str:
    """The CSS class of a table cell: ``num`` (right-aligned), ``date`` (kept
    on one line) or nothing."""
    if numeric:
        return "num"
    return "date" if _DATE_TEXT.match(text) else ""


def more_rows(table: Table, limit: int | None = MAX_TABLE_ROWS) -> str:
    """"Showing the first 100 of 8,123 rows." when the page shows fewer rows
    than the table has (more than ``limit``, or a plugin passed only the
    first ones with ``Table.total``), else "" (``limit`` None: no limit)."""
    shown = len(table.rows) if limit is None else min(len(table.rows), limit)
    total = max(len(table.rows), table.total or 0)
    if shown >= total:
        return ""
    return f"Showing the first {shown:,} of {total:,} rows."


_HTML_SPECIAL = re.compile(r"[&<>'\"]")


def table_rows(table: Table, limit: int | None = None, kept: Kept | None = None) -> Markup:
    """The <tbody> rows of a table, escaped, at most ``limit`` (None: all):
    the first cell is the row header; cells as ``cell`` and ``cell_class``
    say.  Built in Python, not a template loop: the record pages of 10,000
    contacts render ~10× faster this way; the opening tag of each column is
    made once, and a cell is escaped only when it holds a special character.
    With ``kept`` (`serve`), a row of plain values (:data:`_PLAIN`) is kept
    by its values and the table's numeric columns, all its HTML depends on."""
    rows = table.rows if limit is None else table.rows[:limit]
    numeric = frozenset(table.numeric)
    width = max(map(len, rows), default=0)
    # per column: (opening tag of a plain cell, of a date cell, closing tag)
    tags = []
    for index in range(width):
        name, scope = ("th", ' scope="row"') if index == 0 else ("td", "")
        plain = f'<{name}{scope} class="num">' if index in numeric else f"<{name}{scope}>"
        dated = plain if index in numeric else f'<{name}{scope} class="date">'
        tags.append((plain, dated, f"</{name}>"))
    ids = (tuple(table.ids) + (None,) * len(rows))[:len(rows)]
    if kept is None:
        return Markup("\n".join([_row_html(tags, row, ident) for row, ident in zip(rows, ids, strict=True)]))
    out = []
    new, old = kept.new, kept.old  # Kept.get and put, inlined: 10,000 rows
    plain = _PLAIN.issuperset
    for row, ident in zip(rows, ids, strict=True):
        if type(row) is not tuple or not plain(map(type, row)):
            out.append(_row_html(tags, row, ident))
            continue
        key = ("row", numeric, row, ident)
        html = new.get(key)
        if html is None:
            html = old.get(key)
            if html is None:
                html = _row_html(tags, row, ident)
            new[key] = html
        out.append(html)
    return Markup("\n".join(out))


def rich_cell(value: Chip | Link) -> str:
    """The HTML of a chip (a progress pill when it has steps) or a link cell."""
    if type(value) is Link:
        return f'<a href="{escape(value.href)}">{escape(value.text)}</a>'
    kind = escape(value.kind)
    steps = ""
    if value.of > 0:
        marks = "".join(f'<i class="{"on " + _stage_class(i) if i < value.steps else "off"}"></i>' for i in range(value.of))
        steps = f'<span class="pill-steps" aria-hidden="true">{marks}</span>'
    return f'<span class="chip chip-{kind}">{steps}{escape(value.text)}</span>'


def _stage_class(index: int) -> str:
    """The colour class of the index-th progress step (the stage ramp)."""
    return f"ck-{PROGRESS_STAGES[index]}" if index < len(PROGRESS_STAGES) else "ck-c1"


# Cell types a kept row may hold: two such rows that compare equal hold
# values of the same types that show the same (unlike 1, 1.0 and True, or
# 0.0 and -0.0, which compare equal but show differently).
_PLAIN = frozenset({str, int, type(None), date})


def _row_html(tags: list[tuple[str, str, str]], row: tuple, ident: str | None = None) -> str:
    date_text = _DATE_TEXT.match
    special = _HTML_SPECIAL.search
    cells = ["<tr>" if ident is None else f'<tr id="{escape(ident)}">']
    for (plain, dated, close), value in zip(tags, row, strict=False):
        if type(value) in (Chip, Link):
            cells += [plain, rich_cell(value), close]
            continue
        text = value if type(value) is str else cell(value)
        if plain is not dated and " → " in text:  # a stage chain: wide enough for several stages a line
            cells.append(plain[:-1] + ' class="chain">')
        else:
            cells.append(dated if plain is not dated and date_text(text) else plain)
        cells.append(str(escape(text)) if special(text) else text)
        cells.append(close)
    cells.append("</tr>")
    return "".join(cells)


def rows_slice(table: Table, start: int, stop: int, suffix: str = "") -> Table:
    """The rows [start:stop] of a table (and their ids) as a table of their
    own, its caption followed by ``suffix``."""
    caption = (table.caption + suffix) if table.caption and suffix else table.caption
    return replace(table, rows=table.rows[start:stop], ids=table.ids[start:stop], caption=caption, total=None)
