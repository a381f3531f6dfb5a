"""Rendering the site's pages in memory: HTML through Jinja2 (autoescape on
everywhere) with the site's filters, Markdown notes through markdown-it-py
(raw HTML off, images off), ``report.md``, and the charts as
``charts/*.svg``, only the SVG that holds nothing executable or external.
report.json's data and the Markdown tables of report.md are built in
:mod:`.report`.  Nothing is written here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .. import __version__, charts, display, public
from ..display import CONTROL, md_safe
from ..kept import Kept
from ..models import MAX_TABLE_ROWS, Chart, Config, Records, Section
from . import empty
from .records_pages import record_href
from .report import md_cell, md_table
from .tables import cell as cell  # re-exported: tests and plugins import these from here
from .tables import cell_class as cell_class
from .tables import more_rows, rows_slice, table_rows
from .values import map_item as map_item
from .values import metric_entries, metric_text, metric_title

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
STATUS_ICON = {"ok": "🟢", "warn": "🟠", "alert": "🔴", "none": "⚪", None: "⚪"}
SEVERITY_ICON = {"info": "ℹ️", "warn": "⚠️", "alert": "🚨"}
# The words the site shows (colour is never the only signal).
STATUS_LABEL = {"ok": "On track", "warn": "Watch", "alert": "Act now", "none": "No data yet", None: "No data yet"}
SEVERITY_LABEL = {"info": "Note", "warn": "Watch", "alert": "Act now"}
SEVERITY_ORDER = {"alert": 0, "warn": 1, "info": 2}
# One line of words and plain punctuation that Markdown leaves as it is (no
# markup, no entity, nothing to escape, not a list or a heading): it renders
# as <p>the line</p>.
_PLAIN_LINE = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;:'?()/%$€£’‘“”–—-])*")


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
    def __init__(
        self,
        config: Config,
        template_dirs: Iterable[str] = (),
        full_lists: Iterable[tuple[str, str]] = (),
        kept: Kept | None = None,
    ):
        """``full_lists``: (href, title) of the pages that list every record,
        named under a table that was cut (see MAX_TABLE_ROWS).  ``kept``
        (careerkit.kept.Kept, `serve`'s): table rows and Markdown kept by
        value from the last build."""
        loaders = [FileSystemLoader(str(d)) for d in template_dirs] + [FileSystemLoader(str(TEMPLATES))]
        self.config = config
        self.kept = kept
        self.records: Records | None = None  # set by the site: names in findings link to their records
        self._labels: dict[str, str] | None = None
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
            metric_title=metric_title,
            metric_entries=lambda m: metric_entries(m, config),
            svg=self.svg,
            svg_narrow=self.svg_narrow,
            day=display.day,
            plural=display.plural,
            oneline=lambda text: " ".join(str(text or "").split()),
            md=md_cell,
            md_table=md_table,
            section_ids=section_ids,
            sort_findings=sort_findings,
            finding_html=self.finding_html,
            record_card=self.record_card,
            is_empty=empty.is_empty,
            dashboard_chart=empty.dashboard_chart,
            table_rows=partial(table_rows, kept=kept) if kept is not None else table_rows,
            more_rows=more_rows,
            rows_slice=rows_slice,
        )
        self.env.globals.update(
            status_icon=STATUS_ICON,
            severity_icon=SEVERITY_ICON,
            status_label=_Labels(STATUS_LABEL),
            severity_label=_Labels(SEVERITY_LABEL),
            version=__version__,
            max_table_rows=MAX_TABLE_ROWS,
            full_lists=tuple(full_lists),
            fold_at=FOLD_AT,
            fold_top=FOLD_TOP,
            starters=empty.STARTERS,
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

    def finding_html(self, finding) -> Markup:
        """A finding's message with the first mention of each record it is
        about (a contact's name as shown, an opportunity's company) linked to
        that record's row on the records pages."""
        text = finding.message
        if not finding.records or self.records is None:
            return self.inline(text)
        if self._labels is None:
            self._labels = record_labels(self.records, self.config)
        spans: list[tuple[int, int, str]] = []
        for ref in finding.records:
            label, href = self._labels.get(ref), record_href(ref, self.config)
            needle = display.md_text(label) if label else ""
            pos = text.find(needle) if needle and href else -1
            while pos >= 0 and any(a < pos + len(needle) and pos < b for a, b, _ in spans):
                pos = text.find(needle, pos + 1)
            if pos >= 0:
                spans.append((pos, pos + len(needle), f"[{needle}]({href})"))
        out, at = [], 0
        for a, b, link in sorted(spans):
            out += [text[at:a], link]
            at = b
        return self.inline("".join(out) + text[at:])

    def record_card(self, card) -> Markup:
        """A RecordCard's HTML, built here rather than in a template: a
        private contacts page holds one per contact (10,000 at 10k)."""
        ident = escape(card.anchor)
        items = "".join([f"<li>{escape(line)}</li>" for line in card.lines])
        notes = f'<div class="prose">{self.notes(card.markdown)}</div>' if card.markdown else ""
        head = (f'<article class="record-card" id="{ident}" aria-labelledby="{ident}-h">'
                f'<h3 id="{ident}-h">{escape(card.title)}</h3>')
        return Markup(head + (f"<ul>{items}</ul>" if items else "") + notes + "</article>\n")

    def notes(self, text: str) -> Markup:
        """Markdown notes, a one-line paragraph of plain words without the parser
        (what it would give: ``<p>…</p>``; tests/test_records_design.py checks)."""
        plain = text.removesuffix("\n")
        if _PLAIN_LINE.fullmatch(plain) and not plain.endswith(" "):
            return Markup(f"<p>{plain}</p>\n")
        return self.markdown(text)

    def svg_narrow(self, chart: Chart) -> Markup:
        """The phone drawing (``Chart.narrow``) through the same checks, or ""."""
        if not chart.narrow:
            return Markup("")
        return self.svg(Chart(chart.name, chart.title, chart.narrow))

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
        # control characters (C0 but tab, newline and carriage return; DEL) have
        # no place in a page or in Markdown, whatever a plugin's text holds
        return CONTROL.sub("", env.get_template(template).render(config=self.config, **context))


def record_labels(records: Records, config: Config) -> dict[str, str]:
    """How a finding names each record: a contact by name (initials in a
    public build), an opportunity by its company."""
    labels = {f"contacts/{c.id}": display.person(c, config) for c in records.contacts}
    labels.update({f"opportunities/{o.id}": o.company for o in records.opportunities})
    # a public build's findings carry pseudonyms (careerkit.public): key the labels the same way
    return {public.ref(ref, config): label for ref, label in labels.items()}


class _Labels(dict):
    """A label per status; an unknown status shows as itself."""

    def __missing__(self, key):
        return str(key) if key is not None else "No data"


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


# Long lists on the analyzer pages: a table of more than FOLD_AT rows (or a
# findings list longer than FOLD_TOP) shows its first FOLD_TOP and folds the
# rest into a <details>.
FOLD_AT, FOLD_TOP = 15, 10


def sort_findings(findings):
    """Findings by severity (alert first), otherwise in the analyzer's order."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 3))


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


def chart_files(items: Iterable[tuple[str, Section]], safe=safe_svg) -> dict[str, str]:
    """``charts/<page>-<chart>.svg`` for every chart that ``safe`` (a
    ``safe_svg``) passes, as standalone SVG."""
    files = {}
    for page, section in items:
        for block in section.blocks:
            if isinstance(block, Chart) and safe(block) == Markup(block.svg):
                files[f"charts/{page}-{block.name}.svg"] = charts.standalone(block)
    return files
