"""The built example site in a real browser: Debian's Chromium driven by
Playwright, from file://, at 390 and 1280 px, in light and dark colour
schemes.

Each page is visited once per (width, scheme) and what the browser saw is
kept (console errors, requests, chart sizes, links, ids, the axe-core audit);
the tests below check it.  Requires /usr/bin/chromium (apt: chromium) and the
Python packages playwright and axe-playwright-python.  Without Chromium the
tests are skipped with a line saying so (they fail instead when
CAREERKIT_REQUIRE_SYSTEM_TOOLS=1, as in CI; CAREERKIT_SKIP_BROWSER=1 skips
them in any case: conftest.require_system_tool).  Set
CAREERKIT_SCREENSHOTS=DIR to keep screenshots of every page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import build_example_site, require_system_tool

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("CAREERKIT_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
COMBOS = [(390, "light"), (390, "dark"), (1280, "light"), (1280, "dark")]
BLOCKING = ("minor", "moderate", "serious", "critical")  # every impact: 0 violations


build_site = build_example_site

# What the browser reports about a page, gathered in one pass.
PAGE_FACTS = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
  return {
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    charts: [...document.querySelectorAll('svg.ck-chart')].filter(s => s.getBoundingClientRect().width > 0).map(box),
    // every chart shown: its box, its parent's, the drawing's width (viewBox) and the text that runs past it
    shown: [...document.querySelectorAll('svg.ck-chart')].filter(s => s.getBoundingClientRect().width > 0).map(s => ({
      width: s.getBoundingClientRect().width, parent: s.parentElement.clientWidth,
      narrow: s.classList.contains('ck-narrow'), view: s.viewBox.baseVal.width,
      fontPx: 12 * s.getBoundingClientRect().width / s.viewBox.baseVal.width,
      outside: [...s.querySelectorAll('text')]
                 .filter(t => { const b = t.getBBox(); return b.x < -1 || b.x + b.width > s.viewBox.baseVal.width + 1; })
                 .map(t => t.textContent) })),
    overflowing: [...document.querySelectorAll('.chart-box, figure.chart, .card-chart')]
      .filter(e => e.scrollWidth > e.clientWidth + 1).length,
    clippedHeaders: [...document.querySelectorAll('thead th')]
      .filter(th => th.scrollWidth > th.clientWidth + 1).map(th => th.textContent),
    chains: [...document.querySelectorAll('td.chain')].map(td => { const r = document.createRange(); r.selectNodeContents(td);
      return [td.textContent, new Set([...r.getClientRects()].map(b => Math.round(b.top))).size]; }),
    wideTables: [...document.querySelectorAll('.table-wrap.wide')].filter(w => w.scrollWidth > w.clientWidth + 1).map(w => {
      const hint = w.nextElementSibling;
      return hint && hint.classList.contains('scroll-hint') && getComputedStyle(hint).display !== 'none'; }),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    background: getComputedStyle(document.body).backgroundColor,
    h1: document.querySelectorAll('h1').length,
  };
}"""


def _require_browser() -> None:
    require_system_tool("chromium")
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError as exc:
        pytest.fail(f"{exc.name} is not installed: pip install -e '.[test]' (playwright, axe-playwright-python)",
                    pytrace=False)


@dataclass
class Visit:
    page: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    violations: list[dict] = field(default_factory=list)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    _require_browser()
    return build_site(tmp_path_factory.mktemp("browser") / "site")


@pytest.fixture(scope="session")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def visits(site, browser) -> dict[tuple[int, str], dict[str, Visit]]:
    """Every page at every (width, scheme): what the browser saw."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    shots = os.environ.get("CAREERKIT_SCREENSHOTS")
    result: dict[tuple[int, str], dict[str, Visit]] = {}
    for width, scheme in COMBOS:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        seen: dict[str, Visit] = {}
        current: list[Visit] = []
        page.on("console", lambda m, current=current: m.type == "error" and current[-1].console_errors.append(m.text))
        page.on("pageerror", lambda e, current=current: current[-1].console_errors.append(str(e)))
        page.on("request", lambda r, current=current: current[-1].requests.append(r.url))
        page.on("requestfailed", lambda r, current=current: current[-1].failed.append(f"{r.url}: {r.failure}"))
        for path in sorted(site.glob("*.html")):
            visit = Visit(path.name)
            current.append(visit)
            page.goto(path.as_uri(), wait_until="load")
            visit.facts = page.evaluate(PAGE_FACTS)
            current.append(Visit("axe"))  # axe's own requests are not the page's
            visit.violations = axe.run(page, options={"resultTypes": ["violations"], "preload": False}).response["violations"]
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(shots) / f"{path.stem}-{width}-{scheme}.png"), full_page=True)
            seen[path.name] = visit
        result[(width, scheme)] = seen
        context.close()
    return result


def combo_id(combo) -> str:
    return f"{combo[0]}px-{combo[1]}"


@pytest.fixture(params=COMBOS, ids=combo_id)
def pages(request, visits) -> dict[str, Visit]:
    return visits[request.param]


def test_every_page_loads_without_console_errors_or_failed_requests(pages, site):
    assert len(pages) >= 7
    for name, visit in pages.items():
        assert visit.console_errors == [], name
        assert visit.failed == [], name
        for url in visit.requests:
            parts = urlsplit(url)
            assert parts.scheme == "file", f"{name} requested {url}"
            assert Path(unquote(parts.path)).is_file(), f"{name} requested a missing {url}"
        assert visit.facts["h1"] == 1, name


def test_every_internal_link_and_anchor_resolves(pages, site):
    ids = {name: set(v.facts["ids"]) for name, v in pages.items()}
    checked = 0
    for name, visit in pages.items():
        for href in visit.facts["links"]:
            parts = urlsplit(href)
            if parts.scheme != "file":
                continue  # links written in the user's notes; never requested
            target = Path(unquote(parts.path))
            assert target.is_file() and site in target.parents, f"{name}: {href} does not exist in the site"
            if parts.fragment:
                assert parts.fragment in ids.get(target.name, set()), f"{name}: no #{parts.fragment} in {target.name}"
            checked += 1
    assert checked > 50


def test_charts_render_with_a_size(pages):
    charts = [(name, box) for name, v in pages.items() for box in v.facts["charts"]]
    assert len(charts) >= 6
    for name, (width, height) in charts:
        assert width > 100 and height > 30, name


def test_no_page_scrolls_sideways(pages):
    for name, visit in pages.items():
        assert visit.facts["scrollWidth"] <= visit.facts["innerWidth"], name


def test_axe_reports_no_serious_or_critical_violation(pages):
    blocking = [
        f"{name}: {v['impact']} {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
        for name, visit in pages.items() for v in visit.violations if v["impact"] in BLOCKING
    ]
    assert blocking == []


def test_colour_scheme_follows_the_system(visits):
    light = visits[(1280, "light")]["index.html"].facts["background"]
    dark = visits[(1280, "dark")]["index.html"].facts["background"]
    assert light == "rgb(255, 255, 255)" and dark == "rgb(13, 17, 23)"


def test_keyboard_skip_link_is_first_and_visible_with_a_focus_ring(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement; const r = e.getBoundingClientRect();
        const s = getComputedStyle(e);
        return [e.className, e.getAttribute('href'), r.left, r.width, s.outlineStyle, s.outlineWidth]; }""")
    assert focused[:2] == ["skip", "#main"]
    assert focused[2] >= 0 and focused[3] > 0, "the skip link stays off screen when focused"
    assert focused[4] != "none" and focused[5] != "0px"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    context.close()


def test_print_hides_navigation_and_keeps_charts(site, browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto((site / "network_health.html").as_uri())
    state = page.evaluate("""() => ({
        nav: getComputedStyle(document.querySelector('.site-nav')).display,
        charts: [...document.querySelectorAll('svg.ck-chart')].map(s => s.getBoundingClientRect().width).filter(w => w > 0),
    })""")
    assert state["nav"] == "none"
    assert state["charts"] and all(w > 100 for w in state["charts"])
    assert len(page.pdf(format="A4")) > 10_000
    context.close()


# --- report design v2 (issue 18) ------------------------------------------------


def test_no_chart_scrolls_sideways_and_its_text_stays_readable(pages):
    for name, visit in pages.items():
        assert visit.facts["overflowing"] == 0, f"{name}: a chart scrolls sideways"
        for chart in visit.facts["shown"]:
            assert chart["width"] <= chart["parent"] + 1, (name, chart)
            assert chart["outside"] == [], f"{name}: text runs past the drawing: {chart['outside']}"
            # 12 px labels drawn at this scale: at least 10 px on screen
            assert chart["fontPx"] >= 10, (name, chart["fontPx"])


def test_a_phone_shows_the_phone_drawing_and_a_desktop_the_wide_one(visits):
    for (width, _), pages in visits.items():
        for name, visit in pages.items():
            charts = [c for c in visit.facts["shown"] if name != "index.html"]
            assert all(c["narrow"] == (width == 390) for c in charts), (width, name)
    dashboard = visits[(1280, "light")]["index.html"].facts["shown"]
    assert len(dashboard) == 1 and dashboard[0]["narrow"], "the dashboard has one small chart"


def test_tables_headers_chains_and_scroll_hints(visits):
    for (width, _), pages in visits.items():
        for name, visit in pages.items():
            if width == 1280:
                assert visit.facts["clippedHeaders"] == [], name
                for text, lines in visit.facts["chains"] if name == "opportunities.html" else ():
                    # "applied → screen → interview → offer → declined" on at most 3 lines, not one arrow a line
                    stages = text.count("→") + 1  # at least two stages a line: 5 stages on 3 lines, 2 on one
                    assert lines <= (stages + 1) // 2, (name, text, lines)
            else:
                assert all(visit.facts["wideTables"]), f"{name}: a table scrolls sideways without a hint"


def test_dashboard_prints_on_at_most_two_a4_pages_with_chart_data_folded(site, browser):
    import re

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto((site / "index.html").as_uri())
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"the dashboard prints on {pages} A4 pages"
    page.goto((site / "pay_gaps.html").as_uri())
    state = page.evaluate("""() => ({
        data: [...document.querySelectorAll('details.chart-data')].map(d => d.getBoundingClientRect().height),
        breaks: [...document.querySelectorAll('.page-head ~ .section')].map(s => getComputedStyle(s).breakBefore),
    })""")
    assert state["data"] and all(h == 0 for h in state["data"]), "chart data tables unfolded in print"
    assert state["breaks"] and all(b == "page" for b in state["breaks"])
    context.close()
