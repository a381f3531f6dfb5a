"""market_cadence v2 and the opportunity terms of careerkit.facts: every rule of
the SPEC on inline records, the arithmetic beside each assert."""

from __future__ import annotations

from datetime import date, timedelta

from careerkit_plugins.market_cadence import DEFAULTS, compute_market_cadence

from careerkit import Compensation, Config, Money, Opportunity, Records, Stage, facts
from careerkit.site.render import metric_text

AS_OF = date(2026, 11, 1)
CONFIG = Config(as_of=AS_OF)


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def opp(id_, *stages, source="application") -> Opportunity:
    """opp("a", ("applied", 90), ("screen", 80)): stages dated that many days before AS_OF."""
    return Opportunity(id_, id_.title(), "Engineer", tuple(Stage(s, ago(d)) for s, d in stages), source=source)


def pay(days_ago: int, employer: str, reason: str | None = None, amount: float = 100_000.0) -> Compensation:
    day = ago(days_ago)
    return Compensation(f"{day}-{employer}", day, employer, Money(amount, "year", "USD", amount), reason=reason)


def run(opps=(), comp=(), **settings):
    records = Records.of(opportunities=list(opps), compensation=list(comp))
    return compute_market_cadence(records, {**DEFAULTS, **settings}, AS_OF, CONFIG)


def value(analysis, name):
    return analysis.metrics[name].value


# --- the opportunity terms ---------------------------------------------------------------


def test_a_market_test_is_screen_or_further():
    cold = opp("cold", ("lead", 30), ("applied", 20))
    screen = opp("screen", ("applied", 30), ("screen", 20))
    assert not facts.is_market_test(cold, AS_OF)  # deepest stage applied: a cold application
    assert facts.is_market_test(screen, AS_OF)
    assert facts.market_test_date(cold, AS_OF) is None
    assert facts.market_test_date(screen, AS_OF) == ago(20)


def test_the_test_date_is_the_earliest_stage_at_the_deepest_rank():
    # two interviews: the test date is the first (it got that far then); the rejection never moves it
    o = opp("o", ("applied", 100), ("interview", 90), ("interview", 70), ("rejected", 10))
    assert facts.market_test_date(o, AS_OF) == ago(90)
    # accepted and declined are offer rank: the earliest of offer/accepted/declined
    p = opp("p", ("screen", 100), ("offer", 50), ("accepted", 40))
    assert facts.market_test_date(p, AS_OF) == ago(50)
    assert facts.offer_date(p, AS_OF) == ago(50)  # the earliest of its offer-rank stages
    q = opp("q", ("interview", 100), ("declined", 40))
    assert facts.deepest_stage(q, AS_OF) == "offer" and facts.offer_date(q, AS_OF) == ago(40)


def test_decided_means_offer_outcome_or_silence_past_ghost_days():
    assert facts.is_decided(opp("offer", ("offer", 1)), AS_OF)  # an offer, no outcome yet
    assert facts.is_decided(opp("out", ("applied", 5), ("withdrawn", 1)), AS_OF)
    assert facts.is_decided(opp("silent61", ("applied", 61)), AS_OF)  # 61 > 60
    assert not facts.is_decided(opp("silent60", ("applied", 60)), AS_OF)  # 60 is not more than 60
    assert facts.is_decided(opp("silent31", ("applied", 31)), AS_OF, ghost_days=30)  # the setting


def test_an_outcome_after_as_of_is_ignored():
    # applied 20 days ago, rejected tomorrow: on as_of it is open (20 <= 60 days quiet, no outcome yet)
    o = Opportunity("o", "O", "Engineer", (Stage("applied", ago(20)), Stage("rejected", AS_OF + timedelta(days=1))))
    assert facts.outcome(o, AS_OF) is None
    assert not facts.is_decided(o, AS_OF)
    a = run([o])
    assert value(a, "offer_rate_by_source") == {}  # open: not rated
    assert any(f.records == ("opportunities/o",) and f.message.startswith("Follow up on") for f in a.findings)


def test_market_events_include_counter_offers_and_later_hires_only():
    records = Records.of(
        opportunities=[opp("t", ("screen", 400))],
        compensation=[pay(3000, "First", "hire"), pay(900, "Second", "hire"), pay(500, "Second", "counter-offer"),
                      pay(300, "Second", "merit"), pay(100, "Second", "market-adjustment")],
    )
    # the first entry's hire is where the history starts, not a test; merit and adjustments are not events
    assert facts.market_events(records, AS_OF) == [(ago(900), "compensation/" + f"{ago(900)}-Second"),
                                                   (ago(500), "compensation/" + f"{ago(500)}-Second"),
                                                   (ago(400), "opportunities/t")]


# --- market_cadence's metrics --------------------------------------------------------------


def test_a_cold_application_that_went_nowhere_is_not_a_test():
    a = run([opp("cold", ("applied", 100), ("rejected", 50))])
    assert value(a, "days_since_market_test") is None  # applied is not a two-way conversation
    assert a.metrics["days_since_market_test"].status == "alert"  # no market event at all
    assert value(a, "days_until_test_due") is None
    assert value(a, "market_tests_in_target_window") == 0
    # it is decided (rejected) and got as far as applied: rated, 0 of 1
    assert value(a, "offer_rate_by_source") == {"application": {"decided": 1, "offers": 0, "rate": 0.0}}


def test_marking_an_old_lead_ghosted_today_does_not_reset_the_clock():
    a = run([opp("old", ("applied", 700), ("screen", 600), ("ghosted", 0))])
    # the test date is the screen's (600 days ago); the ghosted stage today never moves it
    assert value(a, "days_since_market_test") == 600
    assert a.metrics["days_since_market_test"].status == "warn"  # 547.5 < 600 <= 730
    assert value(a, "days_until_test_due") == 130  # 730 - 600
    due = next(f for f in a.findings if f.message.startswith("Next market test"))
    assert due.due == ago(600) + timedelta(days=730)  # = AS_OF + 130 days


def test_a_move_recorded_only_as_a_hire_entry_is_a_market_event():
    a = run([], [pay(2000, "Old Co", "hire"), pay(400, "New Co", "hire")])
    assert value(a, "days_since_market_test") == 400  # the second hire: a move that reached an offer
    assert value(a, "days_since_offer") == 400  # a pay market event counts as an offer too
    assert value(a, "tenure_days") == 400  # the current run starts with the move
    assert a.status == "none"  # still no opportunities recorded: nothing to judge the funnel by


def test_the_first_hire_entry_alone_is_no_market_event():
    a = run([], [pay(2000, "Only Co", "hire"), pay(1000, "Only Co", "merit")])
    assert value(a, "days_since_market_test") is None and value(a, "days_since_offer") is None


def test_a_counter_offer_is_the_latest_market_event():
    # the seed story: an offer 599 days ago, answered by a counter-offer 594 days ago
    tidewater = opp("tidewater", ("screen", 640), ("offer", 599), ("declined", 594))
    a = run([tidewater], [pay(2757, "Northwind", "hire"), pay(594, "Northwind", "counter-offer")])
    assert value(a, "days_since_market_test") == 594  # the counter-offer, 5 days after the offer's 599
    assert value(a, "days_until_test_due") == 136  # 730 - 594
    assert value(a, "days_since_offer") == 594  # latest of offer date (599) and the counter-offer (594)
    assert "counter-offer at Northwind" in a.summary


def test_days_until_test_due_is_negative_when_overdue_and_the_finding_is_due_now():
    a = run([opp("old", ("interview", 800))])
    assert value(a, "days_until_test_due") == -70  # 730 - 800
    first = a.findings[0]
    assert first.severity == "alert" and first.due == AS_OF  # overdue: due now, never in the past


def test_days_since_offer_status():
    assert run([opp("o", ("offer", 547))]).metrics["days_since_offer"].status == "ok"  # 547 <= 547.5
    assert run([opp("o", ("offer", 548))]).metrics["days_since_offer"].status == "warn"  # 548 > 547.5
    assert run([opp("o", ("offer", 731))]).metrics["days_since_offer"].status == "alert"  # 731 > 730
    assert run([opp("o", ("screen", 10))]).metrics["days_since_offer"].status == "alert"  # never an offer


def test_tests_in_the_window_count_by_test_date():
    # reached screen 731 days ago (outside), rejected 10 days ago: still outside, by its test date
    a = run([opp("a", ("screen", 731), ("rejected", 10)), opp("b", ("interview", 730))])
    assert value(a, "market_tests_in_target_window") == 1  # b: 730 <= 730


def test_offer_rate_counts_only_decided_opportunities_applied_or_further():
    a = run([
        opp("offer", ("applied", 100), ("offer", 90), source="referral"),  # decided: offer
        opp("silent61", ("applied", 61), source="referral"),  # decided: 61 days of silence
        opp("silent60", ("applied", 60), source="referral"),  # open: 60 is not more than 60
        opp("lead", ("lead", 300), ("ghosted", 200), source="referral"),  # never tried: a lead
        opp("recruiter", ("screen", 10), source="recruiter"),  # open: its source is left out
    ])
    assert value(a, "offer_rate_by_source") == {"referral": {"decided": 2, "offers": 1, "rate": 0.5}}  # 1 of 2
    assert value(a, "funnel") == {"applied": 4, "screen": 2, "interview": 1, "offer": 1}
    # the counts shown beside the rate
    assert metric_text(a.metrics["offer_rate_by_source"], CONFIG) == "referral: 1 of 2 (50.0 %)"


def test_ghost_days_is_a_setting():
    a = run([opp("a", ("applied", 45))], ghost_days=30)
    assert value(a, "offer_rate_by_source") == {"application": {"decided": 1, "offers": 0, "rate": 0.0}}  # 45 > 30


def test_silent_open_opportunity_counts_as_ghosted_without_a_due_date():
    a = run([opp("quiet", ("screen", 61))])
    [note] = [f for f in a.findings if "counts as ghosted" in f.message]
    assert note.due is None and note.severity == "info"  # 61 > 60: decided, nothing to chase
    assert a.sections[-1].blocks[0].rows[0][5] == "counts as ghosted"


def test_the_opportunities_page_shows_silence_as_ghosted():
    from careerkit.site.records_pages import pipeline_page

    records = Records.of(opportunities=[opp("quiet", ("applied", 61)), opp("fresh", ("applied", 60)),
                                        opp("offer", ("offer", 200))])
    page = pipeline_page(records, CONFIG, AS_OF)
    status = {row[0]: str(row[3]) for s in page.sections for row in s.blocks[0].rows}  # the outcome chip
    # 61 > 60 days quiet: decided; 60 is not; an offer awaiting an answer stays open however long
    assert status == {"Quiet": "silent: counts as ghosted", "Fresh": "open", "Offer": "open"}
    assert "**2** still open" in page.summary


def test_the_timeline_shows_today_the_target_window_and_the_due_date():
    from careerkit_plugins.market_cadence_page import countdown

    assert countdown(date(2027, 3, 17), date(2026, 11, 1)) == "due in 4 months"  # 136 days / 30.44 = 4.5 -> 4
    assert countdown(date(2026, 11, 1), date(2026, 11, 1)) == "due today"
    assert countdown(date(2021, 10, 1), date(2026, 11, 1)) == "5 y 1 mo overdue"  # 1857 days / 30.44 = 61 months
    a = run([opp("acme", ("screen", 300))])  # a test 300 days ago: due in 730 - 300 = 430 days
    chart = next(b for s in a.sections if s.title == "Timeline" for b in s.blocks)
    rows = {row[1]: row for row in chart.table.rows}
    assert rows["marker"][0] == "Due in 1 y 2 mo"  # 430 / 30.44 = 14.1 -> 14 months
    assert rows["today"][2] == AS_OF.isoformat()
    assert rows["window"][3] == (AS_OF + timedelta(days=430)).isoformat()
