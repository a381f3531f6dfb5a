"""Assembling the site in memory: every page and file, keyed by its path."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from . import charts
from .empty import in_question_order
from .errors import PluginError
from .kept import Kept
from .models import MAX_TABLE_ROWS, Analysis, Config, Page, Records, Section
from .plan import MAX_ITEMS, PLAN_DAYS, REPORT_ITEMS, plan
from .records_pages import record_links, record_pages
from .render import STATIC, Renderer, chart_files, report_data, to_json

ROBOTS_NONE = "User-agent: *\nDisallow: /\n"


@dataclass(frozen=True)
class NavItem:
    href: str
    title: str
    status: str | None = None
    group: str = ""  # a CSS class: "first-of-group" starts a new group in the nav


def render_site(pm, analyses: list[Analysis], records: Records, config: Config, kept: Kept | None = None) -> dict[str, bytes | str]:
    """Every output file, rendered in memory; raises PluginError when a
    plugin's page or output cannot be used.  ``kept`` (`serve`'s, see
    careerkit.kept.Kept): rows and texts formatted by the last build.

    The cyclic garbage collector is paused meanwhile, as it is while loading
    (careerkit.loader.load_records): rendering makes many short-lived objects
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
    template_dirs = [d for result in pm.hook.careerkit_template_dirs() for d in result or ()]
    pages = record_pages(records, analyses, config, kept)
    complete = {p.path for p in pages}  # the record pages: every row, never cut
    renderer = Renderer(config, template_dirs, full_lists=[(p.path, p.title) for p in pages], kept=kept)
    renderer.records = records
    for result in pm.hook.careerkit_pages(records=records, analyses=analyses, config=config, as_of=config.as_of):
        pages.extend(result or ())
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
        add(page.path, renderer.html("page.html", page_path=page.path, title=page.title, page=page, row_limit=row_limit, **common))
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
    for result in pm.hook.careerkit_outputs(report=report, analyses=analyses, records=records, config=config, kept=outputs_kept):
        for path, content in sorted((result or {}).items()):
            add(path, content)
    return files


def chart_path(page: str, chart) -> str:
    return f"charts/{page}-{chart.name}.svg"


__all__ = ["render_site", "Section"]
