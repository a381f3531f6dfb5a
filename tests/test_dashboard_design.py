"""The dashboard of report design v2: the questions' order, one small
chart, empty states that say "No data yet" with the YAML to add, human
durations and correct plurals."""

from __future__ import annotations

import re
from datetime import date

from conftest import build_example_site

from careerkit import charts
from careerkit.models import Analysis, Chart, Config, Contact, Metric, Records, Section, Table
from careerkit.site.empty import in_question_order, is_empty
from careerkit.site.render import Renderer


def _dashboard(analyses, records=None) -> str:
    renderer = Renderer(Config(as_of=date(2026, 11, 1)))
    return renderer.html("index.html", page_path="index.html", title="t", record_links=[], nav=[],
                         analyses=in_question_order(analyses), records=records or Records.of(),
                         plan={"entries": [], "total": 0, "days": 90, "report_items": 10})


def test_cards_follow_the_questions_and_a_card_without_data_shows_what_to_add():
    chart = charts.bars("c", "A chart", [("a", 1)])
    analyses = [
        Analysis("zzz_custom", "Custom", "ok", {}),
        Analysis("market_cadence", "Market cadence", "warn", {}, sections=(Section("S", (chart,)),)),
        Analysis("pay_gaps", "Pay gaps", "none", {"x": Metric(None, "count", "X")}, summary="No pay history yet."),
        Analysis("network_health", "Network health", "ok", {}),
    ]
    html = _dashboard(analyses, Records.of(contacts=[Contact(id="jo", name="Jo")]))
    order = [html.index(f'id="card-{n}"') for n in ("network_health", "pay_gaps", "market_cadence", "zzz_custom")]
    assert order == sorted(order)
    pay = html[order[1]:order[2]]
    assert "No data yet" in pay and "On track" not in pay
    assert "content/compensation/2026-01-01.yaml" in pay and "reason: hire" in pay
    assert "<dl" not in pay  # no tiles of dashes
    # the one small chart: market cadence's (pay has no data), its phone drawing
    assert html.count("<svg") == 1 and 'class="ck-chart ck-narrow"' in html
    assert "1 contact," in html and "0 opportunities" in html and "1 contacts" not in html


def test_empty_charts_and_tables_of_zeros_are_not_drawn():
    assert is_empty(charts.bars("c", "C", []))
    assert not is_empty(charts.bars("c", "C", [("a", 0)]))  # a chart of a zero still has its row
    assert is_empty(Table(("Source", "Count", "Rate"), (("referral", 0, "0.0 %"), ("network", 0, "—")), numeric=(1, 2)))
    assert not is_empty(Table(("Source", "Count", "Rate"), (("referral", 1, "0.0 %"),), numeric=(1, 2)))
    assert not is_empty(Table(("Name", "Company", "Touches"), (("Jo", "Acme", 0),), numeric=(2,)))  # text says something
    chart = Chart("e", "Empty", "<svg/>", Table(("a",), ()))
    html = Renderer(Config(as_of=date(2026, 11, 1))).html(
        "page.html", page_path="p.html", title="P", nav=[], analyses=(), records=Records.of(), row_limit=None,
        page=type("P", (), {"title": "P", "summary": "", "sections": (Section("S", (chart,)),)})())
    assert "Empty: no data yet." in html and "<svg" not in html


def test_the_example_dashboard_shows_no_duration_in_thousands_of_days(tmp_path):
    site = build_example_site(tmp_path / "site")
    text = re.sub(r"<[^>]+>", " ", (site / "index.html").read_text())
    days = [int(n.replace(",", "")) for n in re.findall(r"(\d[\d,]*)\s+days?\b", text)]
    assert all(n <= 1000 for n in days), days
    assert not re.search(r"\b1 (people|contacts|opportunities|entries)\b", text)


def test_long_lists_show_the_top_ten_and_fold_the_rest():
    from careerkit.models import Finding

    rows = tuple((f"row-{i:02d}", i) for i in range(40))
    findings = tuple(Finding("warn", f"finding-{i:02d}") for i in range(14))
    table = Table(("Name", "N"), rows, "rows", (1,))
    analysis = Analysis("long", "Long", "warn", {}, findings=findings, sections=(Section("Rows", (table,)),))
    html = Renderer(Config(as_of=date(2026, 11, 1))).html("analysis.html", page_path="long.html", title="Long", nav=[],
                                                          analyses=(analysis,), records=Records.of(), analysis=analysis)
    head, folded = html.split('<details class="more-rows">', 1)
    # 40 rows: the first 10 in the table, the other 30 behind "Show the other 30 rows"
    assert re.findall(r"row-(\d\d)", head) == [f"{i:02d}" for i in range(10)]
    assert "<summary>Show the other 30 rows</summary>" in folded and "rows (continued)" in folded
    assert re.findall(r"row-(\d\d)", folded.split("</details>", 1)[0]) == [f"{i:02d}" for i in range(10, 40)]
    # 14 findings: 10 shown, 4 folded
    shown, rest = html.split('<details class="more-findings">', 1)
    assert len(re.findall(r"finding-\d\d", shown)) == 10 and len(re.findall(r"finding-\d\d", rest)) == 4


def test_an_analysis_page_without_data_shows_the_yaml_to_add():
    analysis = Analysis("market_cadence", "Market cadence", "none", {}, summary="No opportunities yet.")
    html = Renderer(Config(as_of=date(2026, 11, 1))).html("analysis.html", page_path="market_cadence.html", title="M", nav=[],
                                                          analyses=(analysis,), records=Records.of(), analysis=analysis)
    assert "No data yet" in html and "content/opportunities/globex-engineer.yaml" in html and "stage: screen" in html


def test_the_starter_records_are_valid(tmp_path):
    from conftest import make_repo

    from careerkit.pipeline.build import load
    from careerkit.site.empty import STARTERS

    root = make_repo(tmp_path, {"careerkit.yaml": "as_of: 2026-11-01\n", **dict(STARTERS.values())})
    assert load(root).problems == []


def test_a_one_contact_career_says_no_data_yet_and_speaks_in_the_singular(tmp_path):
    from conftest import make_repo

    from careerkit.pipeline.build import build, load

    root = make_repo(tmp_path, {"careerkit.yaml": "as_of: 2026-11-01\n",
                                "content/contacts/jo.yaml": "name: Jo Park\nmet: 2026-01-01\n"})
    build(load(root), tmp_path / "site", root)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (tmp_path / "site" / "index.html").read_text()))
    # no pay history and no opportunities: those two say "No data yet", never "On track"
    assert "Pay gaps no data yet" in text and "Market cadence no data yet" in text
    assert "0 of 1 contact touched" in text and "1 contact," in text
    assert not re.search(r"\b1 (people|contacts|opportunities|entries)\b", text)


def test_a_map_metric_tile_lists_one_entry_a_line():
    value = {"application": {"decided": 5, "offers": 1, "rate": 0.2}, "referral": {"decided": 2, "offers": 2, "rate": 1.0}}
    analysis = Analysis("m", "M", "ok", {"rates": Metric(value, "map", "Offer rate by source")})
    html = Renderer(Config(as_of=date(2026, 11, 1))).html("analysis.html", page_path="m.html", title="M", nav=[],
                                                          analyses=(analysis,), records=Records.of(), analysis=analysis)
    # 1 / 5 = 20 %, 2 / 2 = 100 %: each source on its own line with its counts
    assert ('<ul class="metric-map"><li><span class="k">application</span> 1 of 5 (20.0 %)</li>'
            '<li><span class="k">referral</span> 2 of 2 (100.0 %)</li></ul>') in html
    assert "metric ok metric-wide" in html or "metric none metric-wide" in html
