"""The pay position picture (pay page, negotiation brief): one band per
evidence source, the current pay, the walk-away figure and the ask; an
index in a public build."""

from __future__ import annotations

import re

from conftest import make_repo

from careerkit.pipeline.build import analyze, load

RECORDS = {
    "careerkit.yaml": "currency: USD\nas_of: 2026-11-01\n",
    "content/compensation/2025.yaml": "date: 2025-01-01\nemployer: Initech\nbase: 100000\nreason: hire\n",
    "content/benchmarks/survey.yaml": "date: 2026-06-01\nsource: Survey\np25: 95000\np50: 110000\np75: 130000\n",
    "content/opportunities/acme.yaml": (
        "company: Acme\nrole: Engineer\nposted_range: {min: 105000, max: 125000}\n"
        "stages:\n  - {stage: applied, date: 2026-09-01}\n  - {stage: offer, date: 2026-10-01}\n"
        "offer: {base: 118000}\n"
    ),
}


def _picture(tmp_path, public=False):
    root = make_repo(tmp_path, RECORDS)
    loaded = load(root, public=public)
    analyses, failures = analyze(loaded)
    assert failures == []
    pay = next(a for a in analyses if a.name == "pay_gaps")
    brief = pay.sections[0]
    return pay, brief.blocks[0]


def test_the_brief_opens_with_the_picture(tmp_path):
    pay, chart = _picture(tmp_path)
    assert chart.name == "pay-position"
    rows = {r[0]: r[1:] for r in chart.table.rows}
    # the survey's p25–p75 with its p50; Acme's posted range; Acme's live offer as a dot
    assert rows["Survey (Jun 2026)"] == ("$95k", "$110k", "$130k", "—")
    assert rows["Acme range"] == ("$105k", "—", "$125k", "—")
    assert rows["Acme offer"] == ("—", "—", "—", "$118k")
    assert rows["You"][1] == "$100k"
    # walk away: max(100k × 1.10, p50 110k, offer 118k) = 118k; ask: max(100k × 1.15, p75 130k, 118k) = 130k
    assert rows["Walk away"][1] == "$118k" and rows["Ask"][1] == "$130k"
    assert pay.metrics["ask_annual_base"].value == 130_000


def test_a_public_picture_draws_an_index(tmp_path):
    _, chart = _picture(tmp_path, public=True)
    text = chart.svg + chart.narrow + repr(chart.table)
    assert not re.search(r"\$\d", text), "an amount in a public picture"
    rows = {r[0]: r[1:] for r in chart.table.rows}
    # your pay = 100; p75 130,000 / 100,000 = 130; the offer 118 -> rounded to 5 points: 120
    assert rows["You"][1] == "100" and rows["Survey (Jun 2026)"][2] == "130"
    assert rows["Company B offer"][3] == "120" and rows["Company B range"] == ("105", "—", "125", "—")
    assert "Acme" not in text  # company names are aliased in a public build
