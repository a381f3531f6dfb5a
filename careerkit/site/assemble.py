"""Assembling the site in memory: every page and file, keyed by its path."""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from pathlib import Path

from .. import charts, public
from ..errors import PluginError
from ..guard import call_each, describe, text_problem
from ..kept import Kept
from ..models import MAX_TABLE_ROWS, Analysis, Config, Page, Records, Section
from ..plan import MAX_ITEMS, PLAN_DAYS, REPORT_ITEMS, plan
from .empty import in_question_order
from .records_pages import record_links, record_pages
from .render import STATIC, Renderer, chart_files
from .report import report_data, to_json
from .writer import check_files

ROBOTS_NONE = "User-agent: *\nDisallow: /\n"


@dataclass(frozen=True)
class NavItem:
    href: str
    title: str
    status: str | None = None
    group: str = ""  # a CSS class: "first-of-group" starts a new group in the nav


def render_site(
    pm, analyses: list[Analysis], records: Records, config: Config, kept: Kept | None = None
) -> dict[str, bytes | str]:
    """Every output file, rendered in memory; raises PluginError when a
    plugin's page or output cannot be used.  ``kept`` (`serve`'s, see
    careerkit.kept.Kept): rows and texts formatted by the last build.

    The cyclic garbage collector is paused meanwhile, as it is while loading
    (careerkit.records.loader.load_records): rendering makes many short-lived objects
    and few cycles, and each full collection walks every record again."""
    enabled = gc.isenabled()
    gc.disable()
    if kept is not None:
        kept.next_build()
    try:
        return _render_site(pm, analyses, records, config, kept)
    finally:
        if enabled:
            gc.enable()


def _render_site(pm, analyses: list[Analysis], records: Records, config: Config, kept: Kept | None) -> dict[str, bytes | str]:
    analyses = in_question_order(analyses)  # network, pay, market: the questions' order, everywhere shown
    # every plugin hook is called on its own (careerkit.guard): a failure,
    # a hang, a print() or an os.chdir() is that plugin's, and named
    template_dirs = []
    for name, result in call_each(pm, "careerkit_template_dirs", {}, "adding template folders (careerkit_template_dirs)"):
        if not isinstance(result, (list, tuple)):
            raise PluginError(f"{describe(name, pm)} failed adding template folders:"
                              f" expected a list, got {type(result).__name__}")
        template_dirs += [Path(os.path.abspath(d)) for d in result]  # absolute: a later os.chdir cannot move them
    pages = record_pages(records, analyses, config, kept)
    complete = {p.path for p in pages}  # the record pages: every row, never cut
    renderer = Renderer(config, template_dirs, full_lists=[(p.path, p.title) for p in pages], kept=kept)
    renderer.records = records
    page_owner: dict[str, str] = {p.path: "careerkit" for p in pages}
    page_owner.update({f"{a.name}.html": f"the analysis {a.name!r}" for a in analyses})
    page_owner.update({"index.html": "careerkit", "report.json": "careerkit", "report.md": "careerkit",
                       "style.css": "careerkit", "robots.txt": "careerkit"})
    kwargs = {"records": records, "analyses": analyses, "config": config, "as_of": config.as_of}
    for name, result in call_each(pm, "careerkit_pages", kwargs, "adding pages (careerkit_pages)"):
        who = describe(name, pm)
        if not isinstance(result, (list, tuple)):
            raise PluginError(f"{who} failed adding pages: expected a list of careerkit.Page, got {type(result).__name__}")
        for page in result:
            problem = _page_problem(page) or text_problem(page)
            if problem:
                raise PluginError(f"{who} failed adding pages: {problem}")
            if page.path in page_owner:
                raise PluginError(f"{who} failed adding pages: the path {page.path!r} is already {page_owner[page.path]}'s")
            page_owner[page.path] = who
            pages.append(page)
    # public.py decides what a public build may show: the plugins' hooks
    # above saw the analyses as made; everything rendered below is the
    # public form (bands, pseudonyms), unchanged in a private build
    analyses = tuple(public.analysis(a, config) for a in analyses)
    pages = [public.page(p, config) for p in pages]
    nav = [NavItem("index.html", "Dashboard")]
    nav += [NavItem(f"{a.name}.html", a.title, a.status, "first-of-group" if i == 0 else "") for i, a in enumerate(analyses)]
    nav += [NavItem(p.path, p.title, None, "first-of-group" if i == 0 else "") for i, p in enumerate(pages)]
    files: dict[str, bytes | str] = {}

    def add(path: str, content: bytes | str) -> None:
        if path in files:
            raise PluginError(f"two pages or outputs want the path {path!r}")
        files[path] = content

    common = {"nav": nav, "analyses": analyses, "records": records}
    links = record_links(records, config)
    items = plan(analyses, config)  # the dashboard leads with it; report.md shows its first items
    the_plan = {"entries": items[:MAX_ITEMS], "total": len(items), "days": PLAN_DAYS, "report_items": REPORT_ITEMS}
    add("index.html", renderer.html("index.html", page_path="index.html", title=config.title, record_links=links,
                                    plan=the_plan, **common))
    for analysis in analyses:
        path = f"{analysis.name}.html"
        add(path, renderer.html("analysis.html", page_path=path, title=analysis.title, analysis=analysis, **common))
    for page in pages:
        if not isinstance(page, Page) or not page.path.endswith(".html"):
            raise PluginError(f"a page must be a careerkit.Page with a path ending in .html, got {page!r}")
        row_limit = None if page.path in complete else MAX_TABLE_ROWS
        add(page.path, renderer.html("page.html", page_path=page.path, title=page.title, page=page, row_limit=row_limit,
                                     **common))
    report = report_data(sorted(analyses, key=lambda a: a.name), records, config)
    add("report.json", to_json(report))
    sections = [(a.name, s) for a in analyses for s in a.sections] + [
        (p.path.removesuffix(".html"), s) for p in pages for s in p.sections
    ]
    for path, svg in chart_files(sections, renderer.svg).items():
        add(path, svg)
    add("report.md", renderer.html("report.md", analyses=analyses, report=report, chart_path=chart_path, plan=the_plan))
    add("style.css", (STATIC / "style.css").read_text(encoding="utf-8") + "\n" + charts.CSS)
    if not config.indexable:
        add("robots.txt", ROBOTS_NONE)
    # plugins always get a Kept (an empty one on a one-off build: they then make everything)
    outputs_kept = kept if kept is not None else Kept()
    kwargs = {"report": report, "analyses": analyses, "records": records, "config": config, "kept": outputs_kept}
    for name, result in call_each(pm, "careerkit_outputs", kwargs, "adding output files (careerkit_outputs)"):
        who = describe(name, pm)
        if not isinstance(result, dict):
            raise PluginError(f"{who} failed adding output files:"
                              f" expected a dict of path -> text or bytes, got {type(result).__name__}")
        try:
            check_files(result)
        except PluginError as exc:
            raise PluginError(f"{who} failed adding output files: {exc}") from None
        for path, content in sorted(result.items()):
            problem = text_problem(path) or (text_problem(content) if isinstance(content, str) else None)
            if problem:
                raise PluginError(f"{who} failed adding output files: {problem}")
            if path in files:
                owner = page_owner.get(path, "another plugin")
                raise PluginError(f"{who} failed adding output files: the path {path!r} is already {owner}'s")
            page_owner[path] = who
            add(path, content)
    return files


def _page_problem(page) -> str | None:
    """Why a plugin's page cannot be used (None when it can)."""
    if not isinstance(page, Page) or not isinstance(page.path, str) or not page.path.endswith(".html"):
        return f"a page must be a careerkit.Page with a path ending in .html, got {page!r}"[:300]
    try:
        check_files({page.path: ""})
    except PluginError as exc:
        return str(exc)
    return None


def chart_path(page: str, chart) -> str:
    return f"charts/{page}-{chart.name}.svg"


__all__ = ["render_site", "Section"]
