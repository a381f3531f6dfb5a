"""The plan (careerkit.plan): every due finding of every analyzer in date
order, linked to its record's row — on inline analyses, then through a build."""

from __future__ import annotations

import re
from datetime import date, timedelta

from conftest import make_repo

from careerkit import Analysis, Config, Finding
from careerkit.commands.cli import main
from careerkit.plan import MAX_ITEMS, PLAN_DAYS, anchor, plan
from careerkit.public import pseudonym

AS_OF = date(2026, 11, 1)
CONFIG = Config(as_of=AS_OF)


def analysis(name, *findings) -> Analysis:
    return Analysis(name=name, title=name.title(), status="ok", metrics={}, findings=tuple(findings))


def test_anchor_points_at_the_records_pages():
    assert anchor("contacts/jane-doe") == "contacts.html#contacts-jane-doe"
    assert anchor("opportunities/acme-staff") == "opportunities.html#opportunities-acme-staff"
    assert anchor("compensation/2025-03-17") == "pay.html#compensation-2025-03-17"
    assert anchor("benchmarks/levels-2026") is None  # no records page lists benchmarks row by row
    assert anchor("projects/x") is None and anchor("contacts") is None


def test_anchor_hashes_ids_in_public_builds():
    digest = pseudonym("contacts/jane-doe").rpartition("/")[2]  # careerkit.public: one rule for every output
    assert anchor("contacts/jane-doe", public=True) == f"contacts.html#contacts-{digest}"
    assert anchor(pseudonym("contacts/jane-doe"), public=True) == f"contacts.html#contacts-{digest}"  # applied once
    assert "jane" not in anchor("contacts/jane-doe", public=True)


def test_items_in_date_order_then_severity_then_analyzer_then_their_own_order():
    a = analysis("zeta",
                 Finding("info", "z later", ("contacts/z",), AS_OF + timedelta(days=5)),
                 Finding("warn", "z now second", ("contacts/y",), AS_OF),
                 Finding("warn", "z now first", ("contacts/x",), AS_OF - timedelta(days=400)))  # overdue: as_of
    b = analysis("alpha",
                 Finding("warn", "a now", ("opportunities/o",), AS_OF),
                 Finding("alert", "a alert now", (), AS_OF),
                 Finding("info", "no date", ("contacts/q",)))  # not an action: not in the plan
    items = plan([a, b], CONFIG)
    assert [i.message for i in items] == [
        "a alert now",  # as_of, alert first
        "a now",  # as_of, warn, analyzer alpha before zeta
        "z now second", "z now first",  # as_of, warn, zeta: in zeta's own order
        "z later",  # as_of + 5
    ]
    assert {i.due for i in items[:4]} == {AS_OF}  # the overdue one is dated as_of, never in the past
    assert items[0].href == "alpha.html"  # no record: the analyzer's page
    assert items[1].href == "opportunities.html#opportunities-o"


def test_the_plan_covers_the_next_90_days():
    last = AS_OF + timedelta(days=PLAN_DAYS)  # 2026-11-01 + 90 = 2027-01-30
    a = analysis("x", Finding("info", "last day", (), last), Finding("info", "too far", (), last + timedelta(days=1)))
    assert [i.message for i in plan([a], CONFIG)] == ["last day"]
    assert last == date(2027, 1, 30)


def test_the_first_linkable_record_is_the_link():
    a = analysis("x", Finding("warn", "m", ("benchmarks/b", "contacts/c"), AS_OF))
    assert plan([a], CONFIG)[0].href == "contacts.html#contacts-c"


# --- through a build: the dashboard, report.md, the rows the links point at ---

RECORDS = {
    "careerkit.yaml": "as_of: 2026-11-01\n",
    # due 2026-10-01 + 30 = 2026-10-31: overdue, dated as_of
    "content/contacts/jane-doe.yaml": "name: Jane Doe\nkeep_in_touch_days: 30\nmet: 2026-10-01\n",
    # an application 10 days old: follow up by 2026-10-22 + 30 = 2026-11-21
    "content/opportunities/acme.yaml": "company: Acme\nrole: Engineer\nstages:\n  - {stage: screen, date: 2026-10-22}\n",
    "content/compensation/2020.yaml": "date: 2020-01-01\nemployer: Initech\nbase: 100000\n",
}


def build(tmp_path, *options):
    root = make_repo(tmp_path, RECORDS)
    out = tmp_path / "site"
    assert main(["build", "--root", str(root), "--out", str(out), *options]) == 0
    return out


def test_the_dashboard_leads_with_the_plan_and_its_links_resolve(tmp_path):
    out = build(tmp_path)
    html = (out / "index.html").read_text(encoding="utf-8")
    plan_at, cards_at = html.index('id="plan"'), html.index('class="cards"')
    assert plan_at < cards_at  # the plan comes first
    section = html[plan_at:cards_at]
    links = re.findall(r'class="plan-link" href="([^"]+)"', section)
    assert links[0] == "contacts.html#contacts-jane-doe"  # due now (as_of)
    assert "opportunities.html#opportunities-acme" in links  # due 21 Nov 2026
    for link in links:
        page, _, ident = link.partition("#")
        assert f'<tr id="{ident}">' in (out / page).read_text(encoding="utf-8")  # the row exists


def test_report_md_shows_the_plans_first_items(tmp_path):
    report = (build(tmp_path) / "report.md").read_text(encoding="utf-8")
    head = report[report.index("## The plan"):report.index('<a id="market_cadence">')]
    assert "**Now**" in head and "Jane Doe" in head and "21 Nov 2026" in head


def test_public_build_links_hashed_rows_and_shows_no_ids_with_names(tmp_path):
    out = build(tmp_path, "--public")
    html = (out / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="plan"'):html.index('class="cards"')]
    assert "jane" not in section.lower()
    digest = pseudonym("contacts/jane-doe").rpartition("/")[2]
    assert f'href="contacts.html#contacts-{digest}"' in section
    assert f'<tr id="contacts-{digest}">' in (out / "contacts.html").read_text(encoding="utf-8")


def test_at_most_max_items_on_the_dashboard(tmp_path):
    many = {f"content/contacts/p{i:03}.yaml": f"name: P{i}\nkeep_in_touch_days: 10\n" for i in range(MAX_ITEMS + 5)}
    root = make_repo(tmp_path, {"careerkit.yaml": "as_of: 2026-11-01\n", **many})
    out = tmp_path / "site"
    assert main(["build", "--root", str(root), "--out", str(out)]) == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="plan"'):html.index('class="cards"')]
    # 105 never-touched contacts: network_health dates its first 100 (MAX_ITEMS) and sums up the other 5
    # without a date; + the market test (no opportunities: due now) = 101 items, 100 shown
    assert section.count('class="plan-link"') == MAX_ITEMS
    assert "and 1 more" in section
