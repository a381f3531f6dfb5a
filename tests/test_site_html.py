"""The built example site as files: valid HTML5 (html5lib), privacy markers,
no scripts, no external requests, heading order, the record pages, and
report.md rendered by GitHub's Markdown (cmark-gfm) into real tables.

cmark-gfm is Debian's `cmark-gfm` package; when it is missing the Markdown
test is skipped with a line saying so (conftest.require_system_tool).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest
from conftest import build_example_site, require_system_tool

ROOT = Path(__file__).resolve().parents[1]
URL_ATTRS = {"link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src", "embed": "src",
             "object": "data", "use": "href", "image": "href"}
NS = "{http://www.w3.org/1999/xhtml}"


build_site = build_example_site


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("html") / "site")


@pytest.fixture(scope="session")
def public_site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("public") / "site", public=True)


def pages(site: Path) -> list[Path]:
    found = sorted(site.glob("*.html"))
    assert {"index.html", "contacts.html", "opportunities.html", "pay.html"} <= {p.name for p in found}
    return found


def parse(path: Path):
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=True)
    tree = parser.parse(path.read_bytes())
    return parser, tree


def tag(element) -> str:
    return element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""


@pytest.mark.parametrize("which", ["site", "public_site"])
def test_every_page_is_valid_html5(which, request):
    site = request.getfixturevalue(which)
    problems = []
    for page in pages(site):
        parser, _ = parse(page)
        problems += [f"{page.name}: line {line} col {col}: {code} {data}" for (line, col), code, data in parser.errors]
        # and the strict parser agrees
        html5lib.HTMLParser(strict=True).parse(page.read_bytes())
    assert problems == []


def test_every_page_says_noindex_and_robots_txt_disallows(site):
    for page in pages(site):
        _, tree = parse(page)
        metas = [m.get("content") for m in tree.iter(f"{NS}meta") if m.get("name") == "robots"]
        assert metas == ["noindex,nofollow"], page.name
        assert tag(tree) == "html" and tree.get("lang") == "en"
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"


def test_no_script_and_no_event_handlers_anywhere(site):
    files = pages(site) + sorted((site / "charts").glob("*.svg"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text.lower(), path.name
        assert not re.search(r"\son[a-z]+\s*=", text, re.I), path.name
        assert "javascript:" not in text.lower(), path.name


def test_no_external_urls_in_resources(site):
    for page in pages(site):
        _, tree = parse(page)
        for element in tree.iter():
            attr = URL_ATTRS.get(tag(element))
            value = element.get(attr) if attr else None
            if value is not None:
                parts = urlsplit(value)
                assert not parts.scheme and not parts.netloc, f"{page.name}: <{tag(element)} {attr}={value!r}>"
                assert (site / parts.path).is_file(), f"{page.name}: {value} is missing"
        assert not re.search(r"\burl\(|@import", page.read_text()), page.name
    css = (site / "style.css").read_text()
    assert "@import" not in css and "url(" not in css and "//" not in css.replace("/*", "").replace("*/", "")


def test_heading_order_one_h1_no_skipped_level(site):
    for page in pages(site):
        _, tree = parse(page)
        levels = [int(tag(e)[1]) for e in tree.iter() if re.fullmatch(r"h[1-6]", tag(e))]
        assert levels[0] == 1 and levels.count(1) == 1, (page.name, levels)
        jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert jumps == [], (page.name, jumps)


def test_landmarks_and_skip_link(site):
    for page in pages(site):
        _, tree = parse(page)
        assert len(list(tree.iter(f"{NS}main"))) == 1
        assert tree.find(f".//{NS}main").get("id") == "main"
        assert list(tree.iter(f"{NS}header")) and list(tree.iter(f"{NS}footer")), page.name
        skip = tree.find(f".//{NS}body/{NS}a")
        assert skip.get("href") == "#main" and skip.get("class") == "skip"
        current = [a.get("href") for a in tree.iter(f"{NS}a") if a.get("aria-current") == "page"]
        assert current == [page.name]


def test_inline_charts_are_labelled_images_with_a_data_table(site):
    page = site / "network_health.html"
    _, tree = parse(page)
    svgs = [e for e in tree.iter() if tag(e) == "svg"]
    assert svgs
    for svg in svgs:
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        ids = {e.get("id"): tag(e) for e in svg.iter()}
        assert ids[title_id] == "title" and ids[desc_id] == "desc"
    figures = list(tree.iter(f"{NS}figure"))
    # each figure holds the chart twice: the wide drawing and the phone one (class ck-narrow, ids ending -n)
    assert len(figures) * 2 == len(svgs)
    narrow = [s for s in svgs if "ck-narrow" in s.get("class").split()]
    assert len(narrow) == len(figures) and all(s.get("viewBox").startswith("0 0 360 ") for s in narrow)
    assert all(s.get("aria-labelledby").split()[0].endswith("-n-t") for s in narrow)
    assert all(f.find(f".//{NS}details/{NS}summary") is not None and f.find(f".//{NS}table") is not None for f in figures)


def test_dashboard_cards_link_to_every_analyzer(site):
    text = (site / "index.html").read_text()
    for name in ("network_health", "pay_gaps", "market_cadence"):
        assert '<article class="card' in text and f'href="{name}.html"' in text
    assert "Next actions" in text and "Your records" in text
    assert re.search(r'href="contacts.html"><span class="count">\d+</span>', text)


def test_record_pages_group_and_show_no_private_fields(site):
    contacts = (site / "contacts.html").read_text()
    for group in ("Recruiters", "Advocates and referrers", "Mentors and managers", "Peers and others"):
        assert f">{group}</h2>" in contacts
    assert "Priya Nair" in contacts and "Tidewater Systems (offer)" in contacts
    pipeline = (site / "opportunities.html").read_text()
    # Harborline, silent since June for more than ghost_days, counts as ghosted: closed
    assert ">Open (1)</h2>" in pipeline and "applied → screen → interview → offer → declined" in pipeline
    assert pipeline.index(">Open (1)</h2>") < pipeline.index(">Closed (12)</h2>")  # open ones first
    pay = (site / "pay.html").read_text()
    assert "Base as paid" in pay and "$49.50/h" not in pay
    everything = "".join(p.read_text() for p in pages(site))
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", everything), "an email address is shown"
    assert "What I learned" not in everything  # opportunity notes are never on record pages


def test_public_build_shows_initials_bands_and_no_free_text(public_site):
    contacts = (public_site / "contacts.html").read_text()
    assert "Priya Nair" not in contacts and "P. N." in contacts
    assert ">Title<" not in contacts
    pay = (public_site / "pay.html").read_text()
    assert "Base as paid" not in pay and "Annual base (band)" in pay
    assert not re.search(r"\$\d{1,3},\d{3}\b", pay), "an exact amount in a public build"
    assert re.search(r"\$\d+k–\$\d+k", pay)
    pipeline = (public_site / "opportunities.html").read_text()
    assert not re.search(r"\$\d{1,3},\d{3}\b", pipeline)
    index = (public_site / "index.html").read_text()
    assert "Alex Rivera</span>" not in index and "for Alex Rivera" not in index


def test_report_md_is_a_job_summary_that_renders_on_github(site):
    cmark = require_system_tool("cmark-gfm")
    text = (site / "report.md").read_text()
    result = subprocess.run([cmark, "-e", "table", "--unsafe", str(site / "report.md")],
                            capture_output=True, text=True, check=True)
    html = result.stdout
    assert html.count("<table>") >= 10
    assert not re.search(r"^<p>\s*\|", html, re.M), "a table came out as text"
    assert "<img" not in html, "an image: a job summary cannot show the relative chart files"
    # the status table, the top items and the link line come first; the rest is folded
    before = text[: text.index("<details>")]
    assert before.count("\n") <= 80
    assert "| Question | Status | Verdict |" in before and "## The plan" in before and "`report.json`" in before
    assert text.count("<details>") == text.count("</details>") == 3
    words = {"ok": "On track", "warn": "Watch", "alert": "Act now", "none": "No data yet"}
    statuses = {a["status"] for a in json.loads((site / "report.json").read_text())["analyzers"].values()}
    for status in statuses:
        assert f" {words[status]} |" in before
    assert not re.search(r"\b(ok|warn|alert)\b \|", text), "a status word the site does not use"
    # the questions' order
    assert before.index("[Network health]") < before.index("[Pay gaps]") < before.index("[Market cadence]")
    assert "<h1>" in html
    for name in ("network_health", "pay_gaps", "market_cadence"):
        assert f'href="#{name}"' in html
        assert f'<a id="{name}"></a>' in text
