"""pay_gaps v2 (issue 15): the SPEC's pay terms and metrics rule by rule, with
inline records and the arithmetic beside each assert — live offers and the
market reset, the day-pro-rated inflation factor, the benchmark percentile,
the counter-offer multiple, raises without counter-offers, ask and walk-away,
due dates, gaps in words, public banding, validation, and the example."""

from __future__ import annotations

import re
from datetime import date

import pytest
from careerkit_plugins.pay_gaps import DEFAULTS, compute_pay_gaps
from careerkit_plugins.pay_gaps_page import position_words
from conftest import EXAMPLE, make_repo

from careerkit import (
    Benchmark,
    Compensation,
    Config,
    Money,
    Offer,
    Opportunity,
    PayRange,
    Records,
    Stage,
    Table,
    Text,
    display,
    facts,
)
from careerkit.models import Location

AS_OF = date(2026, 3, 31)  # AS_OF − 730 days = 2024-03-31
INFLATION = {2023: 0.04, 2024: 0.03, 2025: 0.02}
CONFIG = Config(as_of=AS_OF, currency="USD", inflation=INFLATION)


def money(amount: float) -> Money:
    return Money(amount, "year", "USD", float(amount))


def pay(id_, day, employer, amount, reason=None, location=None) -> Compensation:
    return Compensation(id_, day, employer, money(amount), reason=reason, location=location)


def opp(id_, company, *stages, offer=None, posted=None) -> Opportunity:
    return Opportunity(id_, company, "Engineer", tuple(Stage(s, d) for s, d in stages),
                       offer=Offer(money(offer)) if offer else None,
                       posted_range=PayRange(money(posted[0]), money(posted[1])) if posted else None)


def bench(id_, day, p50, p25=None, p75=None, p90=None) -> Benchmark:
    return Benchmark(id_, day, "survey " + id_, money(p50), p25=p25 and money(p25), p75=p75 and money(p75),
                     p90=p90 and money(p90))


def analyze(records, config=CONFIG, **settings):
    return compute_pay_gaps(records, {**DEFAULTS, **settings}, config.as_of, config)


def values(analysis):
    return {name: metric.value for name, metric in analysis.metrics.items()}


# --- the inflation factor ---------------------------------------------------------------


def test_inflation_factor_is_pro_rated_by_day():
    # 2024-07-01 → 2025-01-01: 184 of 2024's 366 days: 1.03^(184/366)
    assert facts.inflation_factor(INFLATION, date(2024, 7, 1), date(2025, 1, 1)) == pytest.approx(1.03 ** (184 / 366))
    # 2023-10-01 → 2024-04-01: 92/365 of 2023 at 4 %, 91/366 of 2024 at 3 %
    assert facts.inflation_factor(INFLATION, date(2023, 10, 1), date(2024, 4, 1)) == pytest.approx(
        1.04 ** (92 / 365) * 1.03 ** (91 / 366))


def test_inflation_years_missing_before_between_and_after():
    # after the last given year (2025): 2026 and 2027 use 2025's 2 %
    assert facts.inflation_factor(INFLATION, date(2026, 1, 1), date(2028, 1, 1)) == pytest.approx(1.02 * 1.02)
    # before the first given year (2023): unknown
    assert facts.inflation_factor(INFLATION, date(2022, 12, 31), date(2023, 6, 1)) is None
    # missing between given years (2024 of 2023, 2025): unknown
    assert facts.inflation_factor({2023: 0.04, 2025: 0.02}, date(2023, 6, 1), date(2025, 6, 1)) is None
    # the same span without touching the missing year is known: 2025-01-01 → 2025-07-02 = 182/365 of 2 %
    assert facts.inflation_factor({2023: 0.04, 2025: 0.02}, date(2025, 1, 1), date(2025, 7, 2)) == pytest.approx(
        1.02 ** (182 / 365))
    # from a date to itself: 1, with or without inflation; without inflation otherwise unknown
    assert facts.inflation_factor({}, date(2026, 3, 31), date(2026, 3, 31)) == 1.0
    assert facts.inflation_factor({}, date(2026, 1, 1), date(2026, 3, 31)) is None
    # a rate of −100 % or below has no meaning (and would divide by zero): unknown, never a crash
    assert facts.inflation_factor({2025: -1.0}, date(2025, 1, 1), date(2025, 6, 1)) is None
    assert facts.inflation_factor({2025: -1.5}, date(2025, 1, 1), date(2025, 6, 1)) is None


def test_real_growth_with_inflation_missing_before_between_after():
    run = [pay("a", date(2024, 7, 1), "Acme", 100_000, "hire"), pay("b", date(2025, 7, 1), "Acme", 110_000, "merit")]
    # factor 2024-07-01 → 2026-03-31: 1.03^(184/366) × 1.02 × 1.02^(89/365) (2026 carries 2025's rate)
    factor = 1.03 ** (184 / 366) * 1.02 * 1.02 ** (89 / 365)                  # = 1.040282
    assert values(analyze(Records.of(compensation=run)))["real_growth_current_employer"] == round(1.1 / factor - 1, 4)
    assert round(1.1 / factor - 1, 4) == 0.0574                             # 1.1 / 1.040282 − 1
    before = Config(as_of=AS_OF, inflation={2025: 0.02})                     # 2024 is before the first year
    assert values(analyze(Records.of(compensation=run), before))["real_growth_current_employer"] is None
    between = Config(as_of=AS_OF, inflation={2024: 0.03, 2026: 0.02})        # 2025 missing between
    a = analyze(Records.of(compensation=run), between)
    assert values(a)["real_growth_current_employer"] is None
    assert any("add 2025 to `inflation`" in f.message for f in a.findings)      # the finding names the missing year
    b = analyze(Records.of(compensation=run), before)
    assert any("add 2024 to `inflation`" in f.message for f in b.findings)      # before the first year given
    none = analyze(Records.of(compensation=run), Config(as_of=AS_OF))           # no inflation at all: 2024–2026
    assert any("add 2024, 2025, 2026 to `inflation`" in f.message for f in none.findings)


def test_missing_inflation_years_never_names_years_after_the_last_given():
    # 2027 and 2028 reuse 2026's rate; 2024 is before the first year; 2025 is given
    assert facts.missing_inflation_years({2025: 0.02, 2026: 0.02}, date(2024, 3, 1), date(2028, 5, 1)) == [2024]
    assert facts.missing_inflation_years({2023: 0.04, 2025: 0.02}, date(2023, 6, 1), date(2025, 6, 1)) == [2024]
    assert facts.missing_inflation_years({}, date(2025, 6, 1), date(2026, 1, 1)) == [2025]  # [A, B) ends before 2026


def test_a_run_starting_on_as_of():
    records = Records.of(compensation=[pay("a", date(2025, 1, 1), "Acme", 100_000, "hire"),
                                       pay("b", AS_OF, "Globex", 120_000, "hire")],
                         opportunities=[opp("o", "Initech", ("offer", AS_OF), ("declined", AS_OF), offer=115_000)])
    m = values(analyze(records, Config(as_of=AS_OF)))                        # no inflation at all
    assert m["real_growth_current_employer"] == 0.0          # 120,000 / 120,000 / factor(as_of → as_of) 1 − 1
    assert m["pay_without_counter_offers"] == 120_000.00     # the run's first base, no other raise
    assert m["best_offer_annual_base"] is None               # offer dated on the reset (as_of), 115,000 < 120,000
    assert m["internal_raise_avg"] is None                   # Acme → Globex is no same-employer pair


# --- market reset and live offers ------------------------------------------------------------


def test_offer_on_the_day_of_a_counter_offer():
    records = Records.of(compensation=[pay("a", date(2024, 6, 1), "Acme", 100_000, "hire"),
                                       pay("co", date(2025, 3, 1), "Acme", 110_000, "counter-offer")],
                         opportunities=[opp("o", "Globex", ("offer", date(2025, 3, 1)), ("declined", date(2025, 3, 2)),
                                            offer=105_000)])
    m = values(analyze(records))
    assert m["best_offer_annual_base"] is None               # dated on the reset and 105,000 < 110,000: answered
    assert m["counter_offer_multiple"] == 2.0                # 0 days before: (110,000 − 100,000) / (105,000 − 100,000)
    assert m["counter_offer_premium"] == 0.1                 # 110,000 / 100,000 − 1


def test_a_partial_counter_offer_below_the_offer():
    records = Records.of(compensation=[pay("a", date(2024, 6, 1), "Acme", 100_000, "hire"),
                                       pay("co", date(2025, 3, 1), "Acme", 110_000, "counter-offer")],
                         opportunities=[opp("o", "Globex", ("offer", date(2025, 2, 20)), ("declined", date(2025, 3, 2)),
                                            offer=120_000)])
    a = analyze(records)
    m = values(a)
    assert m["best_offer_annual_base"] == 120_000.00         # before the reset but above 110,000: still live
    assert m["offer_gap"] == 0.0909                          # 10,000 / 110,000 = 0.090909
    assert m["market_gap"] == 0.0909 and m["market_gap_basis"] == "offer"
    assert m["counter_offer_multiple"] == 0.5                # 10,000 / (120,000 − 100,000)
    assert a.metrics["market_gap"].status == "warn"          # 0.05 ≤ 0.0909 < 0.10
    # declined: no open offer, so no "decide" finding
    assert not any("open offer" in f.message for f in a.findings)


def test_an_accepted_offer_that_started_the_current_job():
    records = Records.of(compensation=[pay("h", date(2025, 2, 1), "Globex", 100_000, "hire")],
                         opportunities=[opp("o", "Globex", ("offer", date(2025, 1, 10)), ("accepted", date(2025, 1, 15)),
                                            offer=105_000)])
    m = values(analyze(records))
    assert m["best_offer_annual_base"] is None               # an offer taken is the pay itself, even at 105,000 > 100,000
    assert m["offer_gap"] is None and m["market_gap"] is None and m["market_gap_basis"] is None


def test_a_move_recorded_only_as_a_hire_entry():
    history = [pay("a", date(2023, 1, 1), "Acme", 100_000, "hire"),
               pay("b", date(2024, 6, 1), "Acme", 104_000, "merit"),
               pay("h", date(2025, 1, 1), "Acme", 120_000, "hire")]      # a move the pay history alone records
    offers = [opp("low", "Initech", ("offer", date(2024, 11, 1)), ("declined", date(2024, 11, 5)), offer=115_000),
              opp("high", "Hooli", ("offer", date(2024, 12, 1)), ("declined", date(2024, 12, 5)), offer=125_000),
              opp("new", "Globex", ("offer", date(2025, 6, 1)), ("declined", date(2025, 6, 5)), offer=118_000)]
    records = Records.of(compensation=history, opportunities=offers)
    assert facts.market_reset(facts.current_run(records, AS_OF)).id == "h"   # the hire inside the run
    live = [o.id for _, o in facts.live_offers(records, AS_OF, 730)]
    # low: before the reset and 115,000 < 120,000 → answered; high: 125,000 > 120,000; new: after the reset
    assert live == ["high", "new"]
    assert values(analyze(records))["best_offer_annual_base"] == 125_000.00


def test_market_adjustment_resets_and_no_history_counts_any_offer():
    history = [pay("a", date(2023, 1, 1), "Acme", 100_000), pay("m", date(2025, 1, 1), "Acme", 110_000,
                                                                  "market-adjustment")]
    offer = opp("o", "Globex", ("offer", date(2024, 12, 1)), offer=108_000)
    assert facts.live_offers(Records.of(compensation=history, opportunities=[offer]), AS_OF, 730) == []
    m = values(analyze(Records.of(opportunities=[offer])))
    assert m["best_offer_annual_base"] == 108_000.00         # no pay history: any offer within lookback


def test_an_opportunity_whose_outcome_is_after_as_of():
    records = Records.of(compensation=[pay("a", date(2025, 1, 1), "Acme", 100_000, "hire")],
                         opportunities=[opp("o", "Globex", ("offer", date(2026, 3, 20)), ("accepted", date(2026, 4, 10)),
                                            offer=120_000)])
    a = analyze(records)
    assert values(a)["best_offer_annual_base"] == 120_000.00   # accepted only after as_of: still open on as_of
    assert values(a)["market_gap"] == 0.2 and a.metrics["market_gap"].status == "alert"   # 20,000 / 100,000
    due = {f.due for f in a.findings if f.due}
    assert date(2026, 4, 7) in due                           # open offer: decide by as_of + 7
    assert date(2026, 4, 30) in due                          # alert: ask by as_of + 30


# --- market gap and status -------------------------------------------------------------------


def test_the_larger_of_offer_and_benchmark_gap_and_status_none():
    now = pay("a", date(2025, 1, 1), "Acme", 100_000, "hire")
    high_offer = opp("o", "Globex", ("offer", date(2025, 6, 1)), offer=112_000)
    b = bench("b", date(2025, 9, 1), 104_000)
    m = values(analyze(Records.of(compensation=[now], opportunities=[high_offer], benchmarks=[b])))
    assert (m["market_gap"], m["market_gap_basis"]) == (0.12, "offer")       # max(0.12, 0.04)
    ranged = opp("r", "Hooli", ("applied", date(2025, 6, 1)), posted=(90_000, 100_000))
    a = analyze(Records.of(compensation=[now], opportunities=[ranged]))
    assert (values(a)["market_gap"], values(a)["market_gap_basis"]) == (-0.05, "posted_range")   # 95,000 vs 100,000
    assert a.metrics["market_gap"].status == "ok" and a.status == "ok"
    none = analyze(Records.of(compensation=[now]))
    assert none.metrics["market_gap"].status == "none" and none.status == "none"


def test_gaps_are_said_in_words_never_as_a_bare_signed_number():
    now = pay("a", date(2025, 1, 1), "Acme", 100_000, "hire")
    a = analyze(Records.of(compensation=[now], benchmarks=[bench("b", date(2025, 9, 1), 96_000)]))
    assert a.summary.startswith("The market pays 4.0 % less than you")       # (96,000 − 100,000) / 100,000
    b = analyze(Records.of(compensation=[now], benchmarks=[bench("b", date(2025, 9, 1), 109_300)]))
    assert b.summary.startswith("The market pays 9.3 % more than you")
    for text in [a.summary, b.summary] + [f.message for f in a.findings + b.findings]:
        assert not re.search(r"[+\-−]\d", text), text
    assert display.pay_gap_words(0.0, CONFIG) == "the market pays what you earn"


# --- benchmark percentile ------------------------------------------------------------------


@pytest.mark.parametrize("current, expected, words", [
    (90_000, 25.0, "at or below p25"),       # below p25 (100,000): p25's percentile, no tail invented
    (100_000, 50.0, "p50.0"),                # equal to p25 and p50 (both 100,000): the highest, 50
    (110_000, 62.5, "p62.5"),                # 50 + 25 × (110,000 − 100,000) / (120,000 − 100,000)
    (130_000, 80.0, "p80.0"),                # 75 + 15 × (130,000 − 120,000) / (150,000 − 120,000)
    (150_000, 90.0, "at or above p90"),      # equal to p90
    (200_000, 90.0, "at or above p90"),      # above p90: p90's percentile
])
def test_benchmark_percentile_with_equal_points_and_tails(current, expected, words):
    b = bench("b", date(2025, 9, 1), 100_000, p25=100_000, p75=120_000, p90=150_000)
    a = analyze(Records.of(compensation=[pay("a", date(2025, 1, 1), "Acme", current, "hire")], benchmarks=[b]))
    assert values(a)["benchmark_percentile"] == expected
    assert position_words(b, float(current), expected) == words
    table = next(b for s in a.sections if s.title == "Where your pay sits" for b in s.blocks if isinstance(b, Table))
    assert table.rows[0][-1] == words


def test_benchmark_percentile_median_and_only_p50():
    now = pay("a", date(2025, 1, 1), "Acme", 110_000, "hire")
    only_p50 = bench("m", date(2025, 9, 1), 120_000)
    assert values(analyze(Records.of(compensation=[now], benchmarks=[only_p50])))["benchmark_percentile"] is None
    two = [bench("x", date(2025, 9, 1), 100_000, p75=120_000),            # 50 + 25 × 10,000/20,000 = 62.5
           bench("y", date(2025, 10, 1), 120_000, p25=110_000),           # equal to p25: 25
           bench("z", date(2025, 11, 1), 90_000, p90=100_000),            # above p90: 90
           bench("old", date(2024, 3, 30), 50_000, p25=40_000),           # 731 days old: out of lookback
           only_p50]                                                      # one point: left out
    m = values(analyze(Records.of(compensation=[now], benchmarks=two)))
    assert m["benchmark_percentile"] == 62.5                 # median(62.5, 25, 90)
    assert m["benchmark_p50_annual"] == 110_000.00           # median(100,000, 120,000, 90,000, 120,000) = 110,000


# --- counter-offers, raises, pay without counter-offers ------------------------------------


def test_counter_offer_multiple_needs_an_outside_offer_two_percent_above():
    def multiple(offer_amount, offer_day=date(2020, 2, 1)):
        records = Records.of(compensation=[pay("a", date(2019, 1, 1), "Acme", 100_000, "hire"),
                                           pay("co", date(2020, 3, 1), "Acme", 110_000, "counter-offer")],
                             opportunities=[opp("o", "Globex", ("offer", offer_day), offer=offer_amount),
                                            opp("p", "Hooli", ("offer", offer_day), offer=offer_amount - 500)])
        return values(analyze(records))["counter_offer_multiple"]
    # offers dated years before the lookback still count (whatever the lookback); the highest of two
    assert multiple(105_000) == 2.0                          # 10,000 / (105,000 − 100,000)
    assert multiple(102_000) == 5.0                          # exactly 2 % above: 10,000 / 2,000
    assert multiple(101_999) is None                         # under 2 % above 100,000: meaningless
    assert multiple(105_000, date(2019, 12, 1)) is None      # 91 days before the counter-offer


def test_raises_without_counter_offers():
    history = [pay("h", date(2022, 1, 1), "Acme", 100_000, "hire"),
               pay("m", date(2023, 1, 1), "Acme", 105_000, "merit"),         # +5 %
               pay("co", date(2024, 1, 1), "Acme", 126_000, "counter-offer"),  # +20 %: left out
               pay("c", date(2025, 1, 1), "ACME ", 128_520, "cola")]         # +2 %
    m = values(analyze(Records.of(compensation=history)))
    assert m["internal_raise_avg"] == 0.035                  # (0.05 + 0.02) / 2
    assert m["pay_without_counter_offers"] == 107_100.00     # 100,000 × 1.05 × 1.02
    assert m["counter_offer_premium"] == 0.2                 # 126,000 / 105,000 − 1
    assert m["counter_offer_multiple"] is None               # no outside offer recorded


def test_same_date_entries_keep_their_listed_order():
    # ids sort the other way (records come sorted by id); the file order decides: a.yaml, then b.yaml
    first = pay("z-first", date(2025, 1, 1), "Acme", 100_000, location=Location("content/compensation/a.yaml", 9))
    later = pay("a-later", date(2025, 1, 1), "Acme", 90_000, location=Location("content/compensation/b.yaml", 1))
    m = values(analyze(Records.of(compensation=[later, first])))
    assert m["current_annual_base"] == 90_000.00             # b.yaml is listed after a.yaml: current
    same_file = [pay("x", date(2025, 1, 1), "Acme", 100_000, location=Location("content/compensation/c.yaml", 12)),
                 pay("y", date(2025, 1, 1), "Acme", 95_000, location=Location("content/compensation/c.yaml", 3))]
    assert values(analyze(Records.of(compensation=same_file)))["current_annual_base"] == 100_000.00   # line 12 after 3


# --- ask and walk-away -----------------------------------------------------------------------


def test_ask_and_walk_away():
    now = pay("a", date(2025, 1, 1), "Acme", 100_000, "hire")
    m = values(analyze(Records.of(compensation=[now])))
    assert m["walk_away_annual_base"] == 110_000.00          # 100,000 × (1 + 0.10)
    assert m["ask_annual_base"] == 115_000.00                # 100,000 × (1 + 0.15)
    benches = [bench("b1", date(2025, 6, 1), 112_000, p75=125_000), bench("b2", date(2025, 7, 1), 108_000)]
    m = values(analyze(Records.of(compensation=[now], benchmarks=benches)))
    assert m["walk_away_annual_base"] == 110_000.00          # max(110,000, median p50 110,000)
    assert m["ask_annual_base"] == 125_000.00                # median p75 of those with one: 125,000
    offer = opp("o", "Globex", ("offer", date(2026, 3, 1)), offer=150_000)
    m = values(analyze(Records.of(compensation=[now], benchmarks=benches, opportunities=[offer])))
    assert m["walk_away_annual_base"] == 150_000.00          # the offer in hand
    assert m["ask_annual_base"] == 150_000.00                # never below the walk-away
    m = values(analyze(Records.of(compensation=[now]), switch_raise=0.05, min_switch_raise=0.08))
    assert m["ask_annual_base"] == 108_000.00                # max(105,000, walk-away 108,000)


def test_negotiation_brief_cites_records_and_says_when():
    history = [pay("a", date(2024, 1, 1), "Acme", 100_000, "hire"),
               pay("co", date(2025, 6, 1), "Acme", 115_000, "counter-offer")]
    offers = [opp("g", "Globex", ("offer", date(2025, 5, 20)), ("declined", date(2025, 6, 2)), offer=105_000)]
    benches = [bench("b1", date(2025, 9, 1), 130_000, p75=140_000)]
    a = analyze(Records.of(compensation=history, opportunities=offers, benchmarks=benches))
    brief = a.sections[0]
    assert brief.title == "Negotiation brief"
    text = "\n".join(b.markdown for b in brief.blocks if isinstance(b, Text))
    table = next(b for b in brief.blocks if isinstance(b, Table))
    assert "**Ask for $140,000 a year**" in text             # median p75 140,000 > 115,000 × 1.15 = 132,250
    assert "walk away below $130,000" in text               # p50 130,000 > 115,000 × 1.10 = 126,500
    used = [r for r in table.rows if r[3]]
    assert [r[0] for r in used] == ["Ask", "Walk away"]
    assert "benchmarks/b1" in used[0][4] and "benchmarks/b1" in used[1][4]
    assert "compensation/co" in text and "opportunities/g" in text     # the counter-offer and its outside offer
    assert "3.0× the raise the outside offer gave" in text   # 15,000 / 5,000
    # the offer was answered by the counter-offer, and the sources are named
    assert "answered by the counter-offer of 1 Jun 2025" in a.summary
    # market gap 130,000 / 115,000 − 1 = 0.1304 → alert: ask by as_of + 30 = 30 Apr 2026
    assert "**30 Apr 2026**" in text
    # anniversary of the latest raise (1 Jun 2025) → 1 Jun 2026 − 30 days = 2 May 2026
    assert "**2 May 2026**" in text
    assert [f.due for f in a.findings if f.due] == [date(2026, 4, 30), date(2026, 5, 2)]


def test_review_anniversary_overdue_is_due_on_as_of():
    history = [pay("a", date(2024, 1, 1), "Acme", 100_000, "hire"), pay("m", date(2025, 4, 15), "Acme", 103_000, "merit")]
    a = analyze(Records.of(compensation=history))
    # next anniversary 2026-04-15; − 30 days = 2026-03-16, before as_of: due on as_of
    assert [f.due for f in a.findings if f.due] == [AS_OF]
    for f in a.findings:
        assert f.due is None or f.due >= AS_OF


def test_metrics_from_pay_are_marked():
    a = analyze(Records.of(compensation=[pay("a", date(2025, 1, 1), "Acme", 100_000)]))
    assert {n for n, m in a.metrics.items() if not m.from_pay} == {"market_gap_basis"}


def test_public_brief_bands_everything():
    history = [pay("a", date(2024, 1, 1), "Acme", 100_000, "hire"),
               pay("co", date(2025, 6, 1), "Acme", 115_000, "counter-offer")]
    offers = [opp("g", "Globex", ("offer", date(2025, 5, 20)), offer=105_000)]
    public = Config(as_of=AS_OF, inflation=INFLATION, public=True)
    a = analyze(Records.of(compensation=history, opportunities=offers,
                           benchmarks=[bench("b1", date(2025, 9, 1), 130_000, p75=140_000)]), public)
    out = [a.summary] + [f.message for f in a.findings]
    for s in a.sections:
        for b in s.blocks:
            if isinstance(b, Text):
                out.append(b.markdown)
            if isinstance(b, Table):
                out += [str(c) for row in b.rows for c in row]
    text = "\n".join(out)
    for secret in ("Acme", "Globex", "140,000", "130,000", "115,000", "13.0 %", "3.0×", "15.0 %",
                   "compensation/", "opportunities/"):
        assert secret not in text, secret
    assert "$140k–$150k" in text and "3–4×" in text and "10–15 %" in text   # bands


def test_display_bands_for_pay_figures():
    public = Config(as_of=AS_OF, public=True)
    assert display.pay_pct(0.0932, public) == "5–10 %" and display.pay_pct(0.0932, CONFIG) == "9.3 %"
    assert display.pay_times(3.0, public) == "3–4×" and display.pay_times(3.0, CONFIG) == "3.0×"
    assert display.pay_percentile(35.3, public) == "30–40" and display.pay_percentile(35.3, CONFIG) == "35.3"
    assert display.pay_gap_words(-0.04, public) == "the market pays 0–5 % less than you"


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize("rel, text, expected", [
    ("content/benchmarks/b.yaml", "date: 2024-01-01\nsource: S\np25: 200\np50: 100\np90: 150\n",
     "content/benchmarks/b.yaml:4:6: error: p50: p50 (100) is below p25 (200)"),
    ("content/benchmarks/b.yaml", "date: 2024-01-01\nsource: S\np50: 100\np75: 120\np90: 110\n",
     "content/benchmarks/b.yaml:5:6: error: p90: p90 (110) is below p75 (120)"),
    ("content/opportunities/o.yaml",
     "company: A\nrole: E\nstages:\n  - stage: lead\n    date: 2024-01-01\nposted_range:\n  min: 100000\n",
     "content/opportunities/o.yaml:7:3: error: missing required key 'max' in posted_range"),
    ("content/opportunities/o.yaml",
     "company: A\nrole: E\nstages:\n  - stage: lead\n    date: 2024-01-01\nposted_range:\n  max: 100000\n",
     "content/opportunities/o.yaml:7:3: error: missing required key 'min' in posted_range"),
    ("content/opportunities/o.yaml",
     "company: A\nrole: E\nstages:\n  - stage: lead\n    date: 2024-01-01\nposted_range:\n  min: 9\n  max: 8\n",
     "content/opportunities/o.yaml:8:8: error: posted_range.max: 8 is below min 9"),
])
def test_benchmark_order_and_one_sided_ranges_are_located_errors(run_cli, tmp_path, rel, text, expected):
    root = make_repo(tmp_path, {rel: text})
    code, out, err = run_cli(["check", "--root", root])
    assert code == 1 and out.splitlines()[0] == expected, out


def test_equal_benchmark_points_are_valid(run_cli, tmp_path):
    root = make_repo(tmp_path, {"content/benchmarks/b.yaml": "date: 2024-01-01\nsource: S\np25: 100\np50: 100\n"
                                                            "p75: 100\np90: 100\n"})
    code, out, err = run_cli(["check", "--root", root])
    assert code == 0, out


# --- the example ----------------------------------------------------------------------------


def test_the_example_tells_the_seed_story():
    from careerkit.pipeline.build import load

    loaded = load(EXAMPLE)
    config = loaded.config
    a = compute_pay_gaps(loaded.records, config.sections["pay_gaps"], config.as_of, config)
    m = values(a)
    assert a.status == "warn"
    assert (m["market_gap"], m["market_gap_basis"]) == (0.0932, "benchmark")  # (138,000 − 126,235.20) / 126,235.20
    assert m["best_offer_annual_base"] is None               # Tidewater was answered by the counter-offer
    assert m["benchmark_percentile"] == 35.3                 # median(51.8, 35.3, 26.5)
    assert m["counter_offer_multiple"] == 3.0                # +$15/h answered +$5/h
    assert m["internal_raise_avg"] == 0.035
    assert m["pay_without_counter_offers"] == 94_411.20      # 38 × 2080 × 44.50/38 × 60.69/59.50
    assert m["real_growth_current_employer"] == 0.2261
    assert m["ask_annual_base"] == 156_000.00                # median p75(148,200, 156,000, 168,000)
    assert m["walk_away_annual_base"] == 138_858.72          # 126,235.20 × 1.10
    assert a.summary.startswith("The market pays 9.3 % more than you")


def test_public_charts_draw_an_index_rounded_to_five_points():
    public = Config(as_of=AS_OF, inflation=INFLATION, public=True)
    history = [pay("a", date(2024, 1, 1), "Acme", 100_000, "hire"), pay("b", date(2025, 1, 1), "Acme", 107_300, "merit")]
    a = analyze(Records.of(compensation=history), public)
    timeline = next(s for s in a.sections if s.title == "Pay over time").blocks[0]
    pay_rows = [r for r in timeline.table.rows if r[0] == "Base pay (annualized)"]
    assert [r[2] for r in pay_rows] == ["100", "105", "105"]   # 107,300 / 100,000 = 107.3 → 105, not the exact ratio
    assert "107" not in timeline.svg


def test_metric_text_shows_percentiles_and_multiples_as_people_read_them():
    from dataclasses import replace

    from careerkit.models import Metric
    from careerkit.site.render import metric_text

    public = replace(CONFIG, public=True)
    assert metric_text(Metric(35.3, "percentile", "", from_pay=True), CONFIG) == "35.3"  # not '35.30'
    assert metric_text(Metric(35.3, "percentile", "", from_pay=True), public) == "30–40"  # a band of ten
    assert metric_text(Metric(3.0, "ratio", "", from_pay=True), CONFIG) == "3.0×"
    assert metric_text(Metric(3.0, "ratio", "", from_pay=True), public) == "3–4×"
