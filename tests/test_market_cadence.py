"""market_cadence: hand-computed cases for every metric and boundary of the SPEC."""

from __future__ import annotations

from datetime import date, timedelta

import pluggy
import pytest
from careerkit_plugins import market_cadence
from careerkit_plugins.market_cadence import DEFAULTS, compute_market_cadence

from careerkit import (
    Analysis,
    Chart,
    Compensation,
    Config,
    Contact,
    Money,
    Offer,
    Opportunity,
    Records,
    Stage,
    Table,
    Text,
    hookspecs,
)

AS_OF = date(2026, 11, 1)
CONFIG = Config(as_of=AS_OF, currency="USD")


def opp(id, *stages, source="application", company=None, **kw):
    """opp("a", ("applied", "2026-01-01"), ("interview", "2026-02-01"))"""
    return Opportunity(
        id=id, company=company or id.title(), role="Engineer", source=source,
        stages=tuple(Stage(s, date.fromisoformat(d)) for s, d in stages), **kw,
    )


def pay(day, employer, amount=100_000.0):
    return Compensation(id=day, date=date.fromisoformat(day), employer=employer,
                        base=Money(amount, "year", "USD", amount))


def run(opps=(), comp=(), contacts=(), as_of=AS_OF, config=CONFIG, **settings) -> Analysis:
    records = Records.of(opportunities=list(opps), compensation=list(comp), contacts=list(contacts))
    return compute_market_cadence(records, {**DEFAULTS, **settings}, as_of, config)


def values(analysis):
    return {name: m.value for name, m in analysis.metrics.items()}


def ago(days):
    return (AS_OF - timedelta(days=days)).isoformat()


# --- deepest stage, market tests and the funnel ------------------------------------------


def test_lead_only_is_not_a_market_test():
    a = run([opp("a", ("lead", "2026-10-01"))])
    v = values(a)
    assert v["days_since_market_test"] is None  # the only opportunity never got past lead
    assert a.metrics["days_since_market_test"].status == "alert"  # no market test -> alert
    assert v["market_tests_in_target_window"] == 0  # opportunities exist, none is a test
    assert v["funnel"] == {"applied": 0, "screen": 0, "interview": 0, "offer": 0}
    assert v["offer_rate_by_source"] == {}  # a lead was never tried: no rate at all
    assert a.status == "alert"  # no market event, no offer
    assert a.findings[0].severity == "alert" and "No market test on record" in a.findings[0].message
    assert a.findings[0].records == ("opportunities/a",)
    assert a.findings[0].due == AS_OF  # overdue: due now


def test_accepted_and_declined_count_as_offer_depth():
    a = run([
        opp("acc", ("applied", "2025-01-10"), ("interview", "2025-02-01"), ("accepted", "2025-03-01")),
        opp("dec", ("applied", "2025-04-01"), ("declined", "2025-05-01"), source="referral"),
        opp("rej", ("applied", "2025-06-01"), ("interview", "2025-06-20"), ("rejected", "2025-07-01")),
    ])
    v = values(a)
    # acc and dec both reach offer depth (accepted/declined imply offer); rej stops at interview
    assert v["funnel"] == {"applied": 3, "screen": 3, "interview": 3, "offer": 2}
    # all three decided (offer or outcome): application: acc offer, rej not -> 1 of 2; referral: dec -> 1 of 1
    assert v["offer_rate_by_source"] == {"application": {"decided": 2, "offers": 1, "rate": 0.5},
                                         "referral": {"decided": 1, "offers": 1, "rate": 1.0}}
    assert list(v["offer_rate_by_source"]) == ["application", "referral"]
    # latest offer date: declined 2025-05-01 -> 2026-11-01: 2025-05-01..2026-05-01 = 365, + May..Oct 31+30+31+31+30+31 = 184
    assert v["days_since_offer"] == 549
    assert a.metrics["days_since_offer"].status == "warn"  # 549 > 0.75 x 730 = 547.5
    # the latest test date is rej's interview, 2025-06-20 (its rejection never moves it):
    # 365 + Jun 20..Nov 1 (10+31+31+30+31+1 = 134) = 499; 499 <= 547.5 -> ok
    assert v["days_since_market_test"] == 499
    assert a.metrics["days_since_market_test"].status == "ok"
    assert v["days_until_test_due"] == 231  # 730 - 499


def test_entered_at_screen_counts_toward_applied():
    a = run([opp("r", ("screen", "2026-05-01"), source="recruiter")])
    assert values(a)["funnel"] == {"applied": 1, "screen": 1, "interview": 0, "offer": 0}
    # a screen is past applied, so it is a market test: 2026-05-01 -> 2026-11-01 = 31+30+31+31+30+31 = 184
    assert values(a)["days_since_market_test"] == 184
    assert values(a)["market_tests_in_target_window"] == 1


def test_stages_after_as_of_are_ignored():
    a = run([opp("e", ("screen", "2026-06-01"), ("offer", "2026-12-01"))])
    v = values(a)
    assert v["funnel"] == {"applied": 1, "screen": 1, "interview": 0, "offer": 0}  # offer is in the future
    assert v["days_since_offer"] is None
    # test date is the screen's: 2026-06-01 -> 2026-11-01 = 30+31+31+30+31 = 153
    assert v["days_since_market_test"] == 153
    # silent for 153 > 60 days: decided (counts as ghosted), no offer by as_of
    assert v["offer_rate_by_source"] == {"application": {"decided": 1, "offers": 0, "rate": 0.0}}


def test_opportunity_with_all_stages_after_as_of_is_ignored():
    a = run([
        opp("now", ("screen", "2026-10-01")),
        opp("future", ("applied", "2026-11-02"), ("offer", "2026-12-01"), source="inbound"),
    ])
    v = values(a)
    assert v["funnel"] == {"applied": 1, "screen": 1, "interview": 0, "offer": 0}  # only "now"
    assert v["offer_rate_by_source"] == {}  # "now" is open (31 <= 60 days quiet); no "inbound" key at all
    assert v["market_tests_in_target_window"] == 1
    assert v["days_since_market_test"] == 31  # 2026-10-01 -> 2026-11-01


def test_only_future_opportunities_count_as_none():
    a = run([opp("future", ("applied", "2027-01-01"))])
    assert values(a)["funnel"] is None  # nothing on or before as_of -> no opportunities


# --- the status rule -------------------------------------------------------------------------


@pytest.mark.parametrize("days, status", [
    (300, "ok"),     # exactly 0.75 x 400 = 300 -> ok
    (301, "warn"),   # just beyond three quarters
    (400, "warn"),   # exactly the target -> warn
    (401, "alert"),  # beyond the target
])
def test_status_boundaries_at_three_quarters_and_target(days, status):
    a = run([opp("t", ("screen", ago(days)))], target_days=400)
    assert values(a)["days_since_market_test"] == days
    assert a.metrics["days_since_market_test"].status == status


@pytest.mark.parametrize("days, status", [(547, "ok"), (548, "warn"), (730, "warn"), (731, "alert")])
def test_status_boundaries_with_default_target(days, status):
    # 0.75 x 730 = 547.5: 547 is ok, 548 is warn; 730 is the target itself
    a = run([opp("t", ("interview", ago(days)))])
    assert a.metrics["days_since_market_test"].status == status


def test_target_window_is_inclusive():
    a = run([
        opp("edge", ("screen", ago(730))),       # as_of - date = 730 <= 730 -> within
        opp("out", ("interview", ago(731))),     # 731 > 730 -> outside
        opp("cold", ("applied", ago(10))),       # a cold application that went nowhere: not a market test
        opp("lead", ("lead", ago(10))),          # not a market test
    ])
    assert values(a)["market_tests_in_target_window"] == 1


def test_clock_says_overdue_or_due():
    overdue = run([opp("old", ("screen", ago(730 + 122)))])
    # due 730 days after the test, 122 days ago: 122 / 30.44 = 4.0 -> "4 months"
    assert "Overdue by 4 months" in overdue.summary
    assert "overdue by 4 months" in overdue.sections[0].blocks[0].markdown
    assert overdue.findings[0].severity == "alert" and overdue.findings[0].records == ("opportunities/old",)
    assert overdue.findings[0].due == AS_OF  # overdue: due now, not 122 days ago
    assert overdue.metrics["days_until_test_due"].value == -122  # 730 - 852
    due = run([opp("recent", ("applied", "2025-03-10"), ("offer", "2025-04-02"))])
    # test date: the offer's 2025-04-02; + 730 days = 2027-04-02 (no 29 Feb between)
    assert "due by 2 Apr 2027" in due.summary
    assert "reached offer" in due.summary
    # 2025-04-02 -> 2026-11-01 = 578 days > 547.5: warn, due on the day itself
    assert due.findings[0].due == date(2027, 4, 2) and due.findings[0].severity == "warn"


# --- tenure ---------------------------------------------------------------------------------


def test_tenure_counts_from_the_return_to_an_employer():
    comp = [
        pay("2018-01-01", "Acme"),
        pay("2020-01-01", "Beta"),
        pay("2022-03-01", "Acme"),
        pay("2023-03-01", " acme "),     # same employer, case and spaces ignored
        pay("2026-12-01", "Gamma"),      # after as_of: ignored
    ]
    a = run([], comp)
    # 2022-03-01 -> 2026-03-01 = 4 x 365 + 1 (29 Feb 2024) = 1461; Mar..Oct = 31+30+31+30+31+31+30+31 = 245
    assert values(a)["tenure_days"] == 1706


def test_no_opportunities_gives_nulls_not_errors():
    a = run()
    v = values(a)
    assert v == {
        "days_since_market_test": None, "days_until_test_due": None, "days_since_offer": None,
        "market_tests_in_target_window": None, "funnel": None, "offer_rate_by_source": None, "tenure_days": None,
    }
    assert a.metrics["days_since_market_test"].status == "alert"
    assert a.status == "none"  # no opportunities: "no data yet", not a verdict
    assert "No opportunities recorded" in a.findings[0].message
    assert [s.title for s in a.sections] == ["The clock", "Market events", "Timeline", "Funnel", "Stage timing",
                                             "Open pipeline"]


# --- findings, page -----------------------------------------------------------------------------


def test_quiet_open_opportunity_is_likely_ghosted():
    a = run([
        opp("quiet", ("applied", ago(31))),                          # 31 > 30 -> follow up now
        opp("fresh", ("applied", ago(30))),                          # exactly 30 -> follow up by today + 0
        opp("done", ("applied", ago(90)), ("rejected", ago(80))),    # has an outcome
    ])
    now = [f for f in a.findings if "follow up now" in f.message]
    assert [f.records for f in now] == [("opportunities/quiet",)]
    assert now[0].severity == "warn" and now[0].due == AS_OF
    soon = [f for f in a.findings if f.message.startswith("Follow up on")]
    assert [(f.records, f.due, f.severity) for f in soon] == [(("opportunities/fresh",), AS_OF, "info")]  # ago(30) + 30
    table = a.sections[5].blocks[0]
    assert [row[0] for row in table.rows] == ["Quiet", "Fresh"]  # quietest first
    assert [row[-1] for row in table.rows] == [31, 30]


def test_no_offer_in_window_finding():
    a = run([opp("x", ("applied", ago(100)), ("interview", ago(90)), ("rejected", ago(80)))])
    found = [f for f in a.findings if f.message.startswith("No offer")]
    assert found and found[0].severity == "warn" and found[0].records == ("opportunities/x",)
    assert found[0].due is None  # an observation, not a dated action
    assert a.metrics["days_since_market_test"].status == "ok"  # test date: the interview, 90 days ago
    assert a.status == "alert"  # days_since_offer: there has never been an offer


def test_stage_timing_medians():
    a = run([
        opp("a", ("lead", "2026-01-01"), ("applied", "2026-01-11"), ("offer", "2026-03-01")),
        opp("b", ("applied", "2026-02-01"), ("screen", "2026-02-05"), ("accepted", "2026-02-21")),
    ])
    rows = {row[0]: row[1:] for row in a.sections[4].blocks[0].rows}
    # first -> offer: a 2026-01-01 -> 03-01 = 31+28 = 59; b 02-01 -> 02-21 = 20; median (59+20)/2 = 39.5
    assert rows["first stage → offer"] == (2, "39.5")
    assert rows["lead → applied"] == (1, "10")        # a only: 10 days
    assert rows["applied → screen"] == (1, "4")       # b only: 4 days
    assert rows["interview → offer"] == (0, "—")      # nobody recorded both


def test_funnel_by_source_table():
    a = run([
        opp("n1", ("screen", ago(50)), ("offer", ago(20)), source="referral"),
        opp("c1", ("applied", ago(60)), ("rejected", ago(40))),
        opp("c2", ("applied", ago(70)), ("rejected", ago(45))),
    ])
    chart, overall, by_source = a.sections[3].blocks
    rows = {r[0]: r[1:] for r in by_source.rows}
    # n1 started at screen and reached offer: it counts toward every stage up to offer; all three are decided
    assert rows["referral"] == (1, 1, 1, 1, 1, "1 of 1 (100.0 %)")
    assert rows["application"] == (2, 2, 0, 0, 0, "0 of 2 (0.0 %)")
    assert rows["all"] == (3, 3, 1, 1, 1, "1 of 3 (33.3 %)")  # offers of decided: 1 / 3
    assert overall.rows[2] == ("screen", 1, "1 of 3 (33.3 %)", "1 of 3 (33.3 %)")  # 1 of 3 applied
    assert overall.rows[4] == ("offer", 1, "1 of 1 (100.0 %)", "1 of 3 (33.3 %)")  # 1 of 1 interview; 1 of 3 leads
    info = [f for f in a.findings if f.severity == "info" and "convert" in f.message]
    assert "convert to offer better" in info[0].message and info[0].records == ("opportunities/n1",)
    assert "1 of 1 (100.0 %) vs 0 of 2 (0.0 %)" in info[0].message  # counts beside every rate


# --- wiring and privacy -----------------------------------------------------------------------


def test_through_a_plugin_manager_with_only_this_plugin():
    pm = pluggy.PluginManager("careerkit")
    pm.add_hookspecs(hookspecs)
    pm.register(market_cadence)
    pm.check_pending()
    assert pm.hook.careerkit_settings() == [{"market_cadence": {"target_days": 730, "ghost_days": 60,
                                                                 "stale_pipeline_days": 30}}]
    records = Records.of(opportunities=[opp("a", ("screen", "2026-10-01"))])
    [analysis] = pm.hook.careerkit_analyze(records=records, settings=dict(DEFAULTS), config=CONFIG, as_of=AS_OF)
    assert analysis.name == "market_cadence"
    assert analysis.metrics["days_since_market_test"].value == 31
    assert set(analysis.headline) <= set(analysis.metrics)


def texts(analysis):
    yield analysis.summary
    yield analysis.methodology
    for finding in analysis.findings:
        yield finding.message
    for section in analysis.sections:
        for block in section.blocks:
            tables = [block] if isinstance(block, Table) else []
            if isinstance(block, Text):
                yield block.markdown
            if isinstance(block, Chart):
                yield block.title
                tables += [block.table] if block.table else []
            for table in tables:
                yield " ".join(str(c) for row in table.rows for c in row)
                yield table.caption or ""


def test_public_build_shows_no_names_notes_or_money():
    jane = Contact(id="jane-doe", name="Jane Doe", email="jane@example.com", notes="Secret note")
    offer = Offer(base=Money(187_654.0, "year", "USD", 187_654.0))
    opps = [opp("acme", ("applied", "2026-01-01"), ("offer", "2026-02-01"), source="referral",
                contact="jane-doe", offer=offer, notes="Private note about the hiring manager")]
    a = run(opps, [pay("2024-01-01", "Initech", 123_456.0)], [jane],
            config=Config(as_of=AS_OF, currency="USD", public=True))
    blob = "\n".join(texts(a))
    assert "Acme" in blob  # companies stay visible
    for secret in ("Jane", "Doe", "jane@", "Secret", "Private", "187", "123,456", "123456"):
        assert secret not in blob


def test_company_names_are_shown_as_written_in_markdown_text():
    # a company called "*Stealth* [Co](x)" must not turn into emphasis or a link
    from careerkit.display import md_text
    from careerkit.site.render import make_markdown

    html = make_markdown().renderInline(md_text("*Stealth* [Co](x) <b>"))
    assert "<em>" not in html and "<a " not in html and "<b>" not in html
    assert "*Stealth* [Co](x) &lt;b&gt;" in html
