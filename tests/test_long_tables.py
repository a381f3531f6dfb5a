"""Long tables (issue 9): analyzer pages, plugin pages, chart data tables and
report.md show the first MAX_TABLE_ROWS rows in the plugin's order and say
how many there are; the record pages list every record.

A small plugin returns an analysis with a table and a chart of N rows each,
and a page with a table of N rows; the site is built in memory.
"""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLE, write_repo

from careerkit import MAX_TABLE_ROWS, Analysis, Chart, Metric, Page, Section, Table, hookimpl
from careerkit.pipeline.build import analyze, load
from careerkit.site.assemble import render_site

SVG = '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 10 10"><title>t</title><desc>d</desc></svg>'


def rows(prefix: str, n: int) -> tuple:
    return tuple((f"{prefix}-{i:04d}", i) for i in range(1, n + 1))


class LongTables:
    """An analyzer and a page, each table with ``n`` rows."""

    def __init__(self, n: int, total: int | None = None):
        self.n, self.total = n, total  # total: Table.total, when the plugin passes only the first rows

    @hookimpl
    def careerkit_analyze(self):
        table = Table(("Name", "N"), rows("analysis", self.n), "analysis rows", (1,), self.total)
        chart = Chart("c", "A chart", SVG, Table(("Item", "Value"), rows("chart", self.n), "chart rows", (1,), self.total))
        return Analysis(name="long", title="Long", status="ok", metrics={"n": Metric(self.n, "count", "N")},
                        sections=(Section("Rows", (table, chart)),))

    @hookimpl
    def careerkit_pages(self):
        table = Table(("Name", "N"), rows("page", self.n), total=self.total)
        return [Page("long-page.html", "Long page", (Section("Rows", (table,)),))]


class EntryPoint:
    def __init__(self, plugin):
        self.name, self.value, self._plugin = "long", "tests:long", plugin
        self.dist = type("Dist", (), {"name": "tests", "version": "0"})()

    def load(self):
        return self._plugin


def site(tmp_path, n: int, contacts: int = 1, total: int | None = None) -> dict[str, str]:
    people = "".join(f"- {{id: p{i:04d}, name: Person {i:04d}, company: Acme}}\n" for i in range(contacts))
    root = write_repo(tmp_path, "as_of: 2026-11-01\n", {"content/contacts/all.yaml": people})
    loaded = load(root, entry_points=[EntryPoint(LongTables(n, total))])
    assert loaded.problems == []
    analyses, failures = analyze(loaded)
    assert failures == []
    return render_site(loaded.pm, tuple(analyses), loaded.records, loaded.config)


def shown(text: str, prefix: str) -> list[int]:
    return [int(n) for n in re.findall(rf"\b{prefix}-(\d{{4}})\b", text)]


WHERE = [("long.html", "analysis"), ("long.html", "chart"), ("long-page.html", "page"), ("report.md", "analysis")]


def test_the_cap_is_documented():
    docs = " ".join((EXAMPLE / "docs/site.md").read_text(encoding="utf-8").split())
    assert f"at most **{MAX_TABLE_ROWS} rows** (`careerkit.MAX_TABLE_ROWS`)" in docs


@pytest.mark.parametrize("n", [101, 2345])
@pytest.mark.parametrize("path, prefix", WHERE)
def test_a_long_table_shows_the_first_100_rows_in_order_and_says_how_many(tmp_path, n, path, prefix):
    text = site(tmp_path, n)[path]
    assert shown(text, prefix) == list(range(1, 101))  # row 101 and later are not there
    note = f"Showing the first 100 of {n:,} rows."
    # the analysis page and report.md: its table and its chart's
    assert text.count(note) == (2 if path in ("long.html", "report.md") else 1)


@pytest.mark.parametrize("path, prefix", WHERE)
def test_100_rows_are_all_shown_without_a_note(tmp_path, path, prefix):
    text = site(tmp_path, 100)[path]
    assert shown(text, prefix) == list(range(1, 101))
    assert "Showing the first" not in text


def test_html_note_points_to_the_record_pages(tmp_path):
    page = site(tmp_path, 250)["long-page.html"]
    note = re.search(r'<p class="note table-more">(.*?)</p>', page).group(1)
    assert note == (
        'Showing the first 100 of 250 rows. Complete lists: <a href="contacts.html">Contacts</a>, '
        '<a href="opportunities.html">Opportunities</a>, <a href="pay.html">Pay history</a>.'
    )


def test_report_md_note_is_a_paragraph_after_the_table(tmp_path):
    report = site(tmp_path, 250)["report.md"]
    assert "| analysis-0100 |100 |\n\n_Showing the first 100 of 250 rows._\n" in report


def test_record_pages_are_complete(tmp_path):
    files = site(tmp_path, 1, contacts=250)
    names = re.findall(r"Person (\d{4})", files["contacts.html"])
    assert names == [f"{i:04d}" for i in range(250)]
    assert "Showing the first" not in files["contacts.html"]
    assert "**250** people" in files["contacts.html"] or "<strong>250</strong> people" in files["contacts.html"]



@pytest.mark.parametrize("n, total, note", [
    (100, 8123, "Showing the first 100 of 8,123 rows."),  # the plugin passed the first 100 and the count
    (30, 8000, "Showing the first 30 of 8,000 rows."),
    (150, 8000, "Showing the first 100 of 8,000 rows."),  # more rows than shown: cut at 100 still
    (30, 30, None),
    (30, 10, None),  # a total below the rows given: the rows count
])
@pytest.mark.parametrize("path, prefix", WHERE)
def test_a_table_with_a_total_says_how_many_rows_the_whole_table_has(tmp_path, n, total, note, path, prefix):
    text = site(tmp_path, n, total=total)[path]
    assert shown(text, prefix) == list(range(1, min(n, 100) + 1))
    if note:
        assert text.count(note) == (2 if path in ("long.html", "report.md") else 1)
    else:
        assert "Showing the first" not in text
