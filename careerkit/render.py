"""Rendering analyses into the site's files, in memory: HTML through Jinja2
(autoescape on everywhere), Markdown notes through markdown-it-py (raw HTML
off, images off, unsafe link schemes refused), ``report.md``,
``report.json`` and the charts as ``charts/*.svg``.  Nothing is written here.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from . import __version__, charts, display
from .kept import Kept
from .models import MAX_TABLE_ROWS, Analysis, Chart, Config, Records, Section, Table

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
STATUS_ICON = {"ok": "🟢", "warn": "🟠", "alert": "🔴", "none": "⚪", None: "⚪"}
SEVERITY_ICON = {"info": "ℹ️", "warn": "⚠️", "alert": "🚨"}
# The words the site shows (colour is never the only signal).
STATUS_LABEL = {"ok": "On track", "warn": "Watch", "alert": "Act now", "none": "No data yet", None: "No data yet"}
SEVERITY_LABEL = {"info": "Note", "warn": "Watch", "alert": "Act now"}
SEVERITY_ORDER = {"alert": 0, "warn": 1, "info": 2}
_DATE_TEXT = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$|^\d{4}-\d{2}-\d{2}$")


def make_markdown() -> MarkdownIt:
    """One shared parser: CommonMark + tables, raw HTML and images off."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table").disable("image")
    return md


class _Compiled(BytecodeCache):
    """Compiled templates kept in memory for the life of the process, so
    `careerkit serve` compiles them once, not on every rebuild (~60 ms).
    Jinja2 checks each template's source against the kept code; nothing is
    written to disk."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.kept.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


COMPILED = _Compiled()


class Renderer:
    def __init__(self, config: Config, template_dirs: Iterable[str] = (), full_lists: Iterable[tuple[str, str]] = (), kept: Kept | None = None):
        """``full_lists``: (href, title) of the pages that list every record,
        named under a table that was cut (see MAX_TABLE_ROWS).  ``kept``
        (careerkit.kept.Kept, `serve`'s): table rows and Markdown kept by
        value from the last build."""
        loaders = [FileSystemLoader(str(d)) for d in template_dirs] + [FileSystemLoader(str(TEMPLATES))]
        self.config = config
        self.kept = kept
        self.md = make_markdown()
        self._svgs: dict[str, Markup] = {}
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=lambda name: not (name or "").endswith(".md"),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=COMPILED,
        )
        self.env.filters.update(
            markdown=self.markdown,
            inline=self.inline,
            kind=lambda block: type(block).__name__,
            metric_value=lambda m: metric_text(m, config),
            svg=self.svg,
            day=display.day,
            md=md_cell,
            md_table=md_table,
            section_ids=section_ids,
            sort_findings=sort_findings,
            table_rows=partial(table_rows, kept=kept) if kept is not None else table_rows,
            more_rows=more_rows,
        )
        self.env.globals.update(
            status_icon=STATUS_ICON,
            severity_icon=SEVERITY_ICON,
            status_label=_Labels(STATUS_LABEL),
            severity_label=_Labels(SEVERITY_LABEL),
            version=__version__,
            max_table_rows=MAX_TABLE_ROWS,
            full_lists=tuple(full_lists),
        )

    def svg(self, chart: Chart) -> Markup:
        """``safe_svg``, once per distinct SVG (a page and charts/*.svg both
        ask), kept by the SVG text when there is a Kept."""
        if self.kept is not None and type(chart.svg) is str:
            return self.kept.value(("svg", chart.svg), lambda: safe_svg(chart))
        shown = self._svgs.get(chart.svg)
        if shown is None:
            shown = self._svgs[chart.svg] = safe_svg(chart)
        return shown

    def markdown(self, text: str | None) -> Markup:
        return self._kept("markdown", text, self.md.render)

    def inline(self, text: str | None) -> Markup:
        return self._kept("inline", text, self.md.renderInline)

    def _kept(self, name: str, text: str | None, render) -> Markup:
        """``render(text)`` as Markup, kept by text when there is a Kept (the
        parser's options never change: make_markdown)."""
        if self.kept is None or type(text) is not str:
            return Markup(render(text or ""))
        return self.kept.value((name, text), lambda: Markup(render(text)))

    def html(self, template: str, **context: Any) -> str:
        env = self.env
        if template.endswith(".md"):  # every value made safe Markdown (see md_safe)
            env = self.md_env = getattr(self, "md_env", None) or self.env.overlay(finalize=md_safe)
        return env.get_template(template).render(config=self.config, **context)


def cell(value: Any) -> str:
    """A table cell as text."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, date):
        return display.day(value)
    return str(value)


class _Labels(dict):
    """A label per status; an unknown status shows as itself."""

    def __missing__(self, key):
        return str(key) if key is not None else "No data"


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


# Cell types a kept row may hold: two such rows that compare equal hold
# values of the same types that show the same (unlike 1, 1.0 and True, or
# 0.0 and -0.0, which compare equal but show differently).
_PLAIN = frozenset({str, int, type(None), date})


def _row_html(tags: list[tuple[str, str, str]], row: tuple, ident: str | None = None) -> str:
    date_text = _DATE_TEXT.match
    special = _HTML_SPECIAL.search
    cells = ["<tr>" if ident is None else f'<tr id="{escape(ident)}">']
    for (plain, dated, close), value in zip(tags, row, strict=False):
        text = value if type(value) is str else cell(value)
        cells.append(dated if plain is not dated and date_text(text) else plain)
        cells.append(str(escape(text)) if special(text) else text)
        cells.append(close)
    cells.append("</tr>")
    return "".join(cells)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).casefold()).strip("-") or "section"


def section_ids(sections: Iterable[Section]) -> list[str]:
    """A unique, readable anchor per section ('s-' prefixed so it never
    clashes with the page's own ids such as 'main' or 'findings')."""
    seen: set[str] = set()
    ids = []
    for section in sections:
        base = "s-" + slug(section.title)
        ident, n = base, 2
        while ident in seen:
            ident, n = f"{base}-{n}", n + 1
        seen.add(ident)
        ids.append(ident)
    return ids


def sort_findings(findings):
    """Findings by severity (alert first), otherwise in the analyzer's order."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 3))


def metric_text(metric, config: Config) -> str:
    """A metric's value as a person reads it."""
    value, unit = metric.value, metric.unit
    if value is None:
        return "—"
    if metric.is_money:
        return display.money(value, config)
    if unit == "fraction":
        return display.pct(value)
    if unit == "days":
        return f"{value:,} days"
    if unit == "percentile":
        return display.pay_percentile(value, config)
    if unit == "ratio":
        return display.pay_times(value, config)
    if unit == "map" and isinstance(value, dict):
        return ", ".join(f"{k}: {map_item(v, metric, config)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def map_item(value: Any, metric, config: Config) -> str:
    """One entry of a map metric: a rate as '1 of 3 (33.3 %)' (its counts
    beside it), a fraction as a percentage, a count as itself."""
    if isinstance(value, dict) and {"offers", "decided", "rate"} <= value.keys():
        rate = "" if value["rate"] is None else f" ({display.pct(value['rate'])})"
        return f"{value['offers']} of {value['decided']}{rate}"
    return metric_text(type(metric)(value, "fraction" if isinstance(value, float) else "count", ""), config)


_UNSAFE_TAGS = {"script", "foreignobject", "iframe", "object", "embed", "use", "image", "a", "animate", "set", "handler"}


def safe_svg(chart: Chart) -> Markup:
    """The chart's SVG when it holds nothing executable or external, else a
    note (the data table is still shown)."""
    try:
        root = ET.fromstring(chart.svg)
    except ET.ParseError:
        return Markup('<p class="note">(chart omitted: invalid SVG)</p>')
    # The distinct tags and attribute names first: a chart has thousands of
    # elements but a dozen names, and when none is suspect there is nothing
    # to look for element by element.
    tags: set[str] = set()
    names: set[str] = set()
    for element in root.iter():
        tags.add(element.tag)
        names.update(element.attrib)
    if not any(_suspect_tag(t) for t in tags) and not any(_suspect_attribute(a) for a in names):
        return Markup(chart.svg)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in _UNSAFE_TAGS or any(_suspect_attribute(a) for a in element.attrib):
            return Markup('<p class="note">(chart omitted: it contained active content)</p>')
        if tag == "style" and re.search(r"@import|url\(", element.text or "", re.I):
            return Markup('<p class="note">(chart omitted: it referenced external content)</p>')
    return Markup(chart.svg)


def _suspect_tag(tag: str) -> bool:
    """An unsafe element, or a <style> whose text must be read."""
    tag = tag.rsplit("}", 1)[-1].lower()
    return tag in _UNSAFE_TAGS or tag == "style"


def _suspect_attribute(name: str) -> bool:
    """An event handler (on…) or a link (…href)."""
    return name.rsplit("}", 1)[-1].lower().startswith("on") or "href" in name.lower()


# --- report.json and report.md --------------------------------------------------


def report_data(analyses: list[Analysis], records: Records, config: Config) -> dict:
    """The machine-readable report (SPEC: report.json)."""
    counts = {"contacts": 0, "opportunities": 0, "compensation": 0, "benchmarks": 0}
    counts.update(records.counts())
    return {
        "as_of": config.as_of.isoformat(),
        "records": counts,
        "analyzers": {a.name: analysis_data(a, config) for a in analyses},
    }


def analysis_data(analysis: Analysis, config: Config) -> dict:
    metrics = {}
    for key, metric in analysis.metrics.items():
        value = metric.value
        if config.public and metric.is_money and isinstance(value, (int, float)):
            value = display.band(value, config.currency)
        metrics[key] = {"value": _json_value(value), "unit": metric.unit, "label": metric.label, "status": metric.status}
    return {
        "title": analysis.title,
        "status": analysis.status,
        "metrics": metrics,
        "findings": [{"severity": f.severity, "message": f.message, "records": list(f.records),
                      "due": f.due.isoformat() if f.due else None} for f in analysis.findings],
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


_MD_DESTINATION = re.compile(r"(\]\(\s*<?|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?)([^)\s>]*)", re.M)
_UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data|file):")


def _unsafe_destination(match: re.Match) -> str:
    import html

    destination = re.sub(r"[\x00-\x20]+", "", html.unescape(match.group(2))).lower()
    return match.group(1) + "#unsafe-link-removed" if _UNSAFE_SCHEME.match(destination) else match.group(0)


def md_safe(value: Any) -> Any:
    """Every value a Markdown template prints (report.md): no raw HTML (``<``
    becomes ``&lt;``, so a name like ``<img onerror=…>`` shows as text) and no
    link to a javascript:, vbscript:, data: or file: address (also written
    with entities), whatever renders the file — GitHub sanitizes, other
    renderers may not.  Idempotent, so values already escaped by ``md`` pass."""
    if not isinstance(value, str):
        return value
    return _MD_DESTINATION.sub(_unsafe_destination, value).replace("<", "&lt;")


def md_cell(value: Any) -> str:
    """Escape a value for a GitHub-flavoured Markdown table cell."""
    text = cell(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def md_table(table: Table, limit: int | None = MAX_TABLE_ROWS) -> str:
    """A GitHub-flavoured Markdown table of at most ``limit`` rows (None:
    all), each cell through ``md_cell`` and ``md_safe``, then the
    ``more_rows`` line when rows were left out."""

    def line(values) -> str:
        return "| " + "".join([md_safe(md_cell(value)) + " |" for value in values]) + "\n"

    numeric = set(table.numeric)
    out = [line(table.columns), "|" + "".join(["---:|" if i in numeric else "---|" for i in range(len(table.columns))]) + "\n"]
    out += [line(row) for row in (table.rows if limit is None else table.rows[:limit])]
    more = more_rows(table, limit)
    if more:
        out.append(f"\n_{more}_\n")
    return "".join(out)


def chart_files(items: Iterable[tuple[str, Section]], safe=safe_svg) -> dict[str, str]:
    """``charts/<page>-<chart>.svg`` for every chart that ``safe`` (a
    ``safe_svg``) passes, as standalone SVG."""
    files = {}
    for page, section in items:
        for block in section.blocks:
            if isinstance(block, Chart) and safe(block) == Markup(block.svg):
                files[f"charts/{page}-{block.name}.svg"] = charts.standalone(block)
    return files
