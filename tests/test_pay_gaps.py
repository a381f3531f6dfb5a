"""The pay_gaps analyzer: the SPEC's metrics on small hand-checked record sets
(the v2 rules one by one are in test_pay_gaps_v2.py)."""

from __future__ import annotations

from datetime import date

import pluggy
import pytest
from careerkit_plugins import pay_gaps
from careerkit_plugins.pay_gaps import DEFAULTS, compute_pay_gaps
from careerkit_plugins.pay_gaps_context import Context, changes, company_namer
from careerkit_plugins.pay_gaps_page import cumulative, switch_path

from careerkit import (
    Benchmark,
    Chart,
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
    hookspecs,
)

AS_OF = date(2026, 3, 31)  # AS_OF - 730 days = 2024-03-31
FX = {"EUR": 1.08}
PER_YEAR = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
INFLATION = {2021: 0.047, 2022: 0.08, 2023: 0.04, 2024: 0.03, 2025: 0.025}
CONFIG = Config(as_of=AS_OF, currency="USD", fx=FX, inflation=INFLATION)


def money(amount: float, period: str = "year", currency: str = "USD") -> Money:
    """What the loader does: per year (hours_per_year 2080) in USD through fx."""
    return Money(amount, period, currency, amount * PER_YEAR[period] * FX.get(currency, 1.0))


def pay(id_, day, employer, amount, period="year", reason=None, currency="USD") -> Compensation:
    return Compensation(id_, day, employer, money(amount, period, currency), reason=reason,
                        note="private note")


def opp(id_, company, *stages, offer=None, posted=None) -> Opportunity:
    return Opportunity(id_, company, "Engineer", tuple(Stage(s, d) for s, d in stages),
                       offer=Offer(offer) if offer else None,
                       posted_range=PayRange(*posted) if posted else None, notes="private")


def bench(id_, day, p50, p25=None, p75=None) -> Benchmark:
    return Benchmark(id_, day, "survey", p50, p25=p25, p75=p75)


HISTORY = [
    pay("c1", date(2021, 6, 1), "Fabrikam", 80_000, reason="hire"),           # 80,000/yr
    pay("c2", date(2022, 6, 1), "Fabrikam", 84_000, reason="merit"),          # +5 %
    pay("c3", date(2023, 5, 1), "Contoso Ltd", 8_000, "month", "hire"),       # 8,000 × 12 = 96,000
    pay("c4", date(2024, 5, 1), " contoso LTD ", 50, "hour", "merit"),        # 50 × 2080 = 104,000
    pay("c5", date(2025, 6, 1), "Contoso Ltd", 55, "hour", "counter-offer"),  # 55 × 2080 = 114,400
    pay("c6", date(2026, 6, 1), "Contoso Ltd", 70, "hour", "merit"),          # after as_of: ignored
]
OPPORTUNITIES = [
    # offer 100,000 EUR × 1.08 = 108,000 USD, offer stage 2025-03-05 (88 days before the counter-offer
    # c5, so its outside offer; on or before the market reset c5 and below 114,400: answered, not live);
    # posted mid (95k+115k)/2 = 105,000
    opp("northwind", "Northwind", ("applied", date(2025, 1, 10)), ("offer", date(2025, 3, 5)),
        ("declined", date(2025, 3, 10)), offer=money(100_000, currency="EUR"),
        posted=(money(95_000), money(115_000))),
    # offer stage exactly 730 days before as_of: inside the lookback; before the reset c5 but
    # 125,000 > 114,400, so still live (a partial counter-offer leaves the rest of the gap open)
    opp("litware", "Litware", ("applied", date(2024, 3, 1)), ("offer", date(2024, 3, 31)),
        ("declined", date(2024, 4, 5)), offer=money(125_000)),
    # offer stage 731 days before as_of, every stage older than 730 days: out (offer and range)
    opp("tailspin", "Tailspin", ("applied", date(2024, 3, 1)), ("offer", date(2024, 3, 30)),
        offer=money(200_000), posted=(money(150_000), money(170_000))),
    # a lead within lookback with a posted range 60–70 $/h: (124,800 + 145,600) / 2 = 135,200
    opp("proseware", "Proseware", ("lead", date(2025, 11, 1)), posted=(money(60, "hour"), money(70, "hour"))),
    # no stage on or before as_of: ignored entirely
    opp("future", "Future Corp", ("offer", date(2026, 4, 2)), offer=money(400_000)),
]
BENCHMARKS = [
    bench("b1", date(2025, 1, 1), money(110_000), money(100_000), money(120_000)),
    bench("b2", date(2025, 9, 1), money(9_500, "month")),     # 9,500 × 12 = 114,000
    bench("b3", date(2026, 4, 1), money(500_000)),            # after as_of: ignored
    bench("b4", date(2023, 1, 1), money(50_000)),             # older than lookback: ignored
]
RECORDS = Records.of(compensation=HISTORY, opportunities=OPPORTUNITIES, benchmarks=BENCHMARKS)


def analyze(records=RECORDS, config=CONFIG, **settings):
    return compute_pay_gaps(records, {**DEFAULTS, **settings}, config.as_of, config)


def values(analysis):
    return {name: metric.value for name, metric in analysis.metrics.items()}


def texts(analysis):
    """Every piece of text a person sees: summary, findings, sections, chart tables and SVG."""
    out = [analysis.summary, analysis.methodology] + [f.message for f in analysis.findings]
    for section in analysis.sections:
        for block in section.blocks:
            tables = [block] if isinstance(block, Table) else []
            if isinstance(block, Text):
                out.append(block.markdown)
            if isinstance(block, Chart):
                out.append(block.svg)
                tables.append(block.table)
            for table in filter(None, tables):
                out += [str(c) for c in table.columns] + [str(c) for row in table.rows for c in row]
                out.append(table.caption or "")
    return "\n".join(out)


def test_metrics_on_a_mixed_history():
    m = values(analyze())
    assert m["current_annual_base"] == 114_400.00               # c5: 55 $/h × 2080
    assert m["best_offer_annual_base"] == 125_000.00            # Litware, the only live offer
    assert m["offer_gap"] == 0.0927                             # (125,000 − 114,400) / 114,400 = 0.092657
    assert m["benchmark_p50_annual"] == 112_000.00              # median(110,000, 114,000): mean of the two
    assert m["benchmark_gap"] == -0.021                         # −2,400 / 114,400 = −0.020979
    # b1 only (b2 gives p50 alone): 114,400 between p50 110,000 and p75 120,000: 50 + 25 × 4,400/10,000
    assert m["benchmark_percentile"] == 61.0
    assert m["posted_range_midpoint"] == 120_100.00             # median(105,000, 135,200) = 120,100
    assert m["posted_range_gap"] == 0.0498                      # 5,700 / 114,400 = 0.049825
    assert m["market_gap"] == 0.0927 and m["market_gap_basis"] == "offer"   # larger of 0.0927 and −0.021
    assert m["counter_offer_premium"] == 0.1                    # 114,400 / 104,000 − 1 (current entry)
    # outside offer Northwind 108,000 (88 days before): (114,400 − 104,000) / (108,000 − 104,000) = 2.6
    assert m["counter_offer_multiple"] == 2.6
    # same-employer pairs: c1→c2 0.05, c3→c4 104,000/96,000 − 1 = 0.083333 (case/spaces); c4→c5 is
    # the counter-offer: left out
    assert m["internal_raise_avg"] == 0.0667                    # 0.133333 / 2 = 0.066667
    assert m["pay_without_counter_offers"] == 104_000.00        # 96,000 × 104,000/96,000, c5 left out
    # run c3..c5: 114,400 / 96,000 = 1.191667; factor 2023-05-01 → 2026-03-31:
    # 1.04^(245/365) × 1.03 × 1.025 × 1.025^(89/365) (2026 carries 2025's rate) = 1.090459 → 1.092818 − 1
    assert m["real_growth_current_employer"] == 0.0928
    assert m["walk_away_annual_base"] == 125_840.00             # max(114,400 × 1.10, 112,000, 125,000)
    assert m["ask_annual_base"] == 131_560.00                   # max(114,400 × 1.15, p75 120,000, 125,000, 125,840)


def test_statuses_units_and_findings():
    a = analyze()
    assert a.metrics["market_gap"].status == "warn"             # 0.05 <= 0.0927 < 0.10
    assert a.metrics["current_annual_base"].unit == "USD/year"
    assert a.metrics["market_gap_basis"].unit == "text"
    assert a.status == "warn"
    assert a.summary.startswith("The market pays 9.3 % more than you (your best live offer of the last two years)")
    underpaid = [f for f in a.findings if f.severity == "warn"]
    assert underpaid and underpaid[0].records == ("opportunities/litware", "compensation/c5")
    assert underpaid[0].due == date(2026, 6, 29)                # warn: as_of + 90 days
    assert a.findings[0].severity == "warn"                     # most severe first
    assert set(a.headline) <= set(a.metrics)


@pytest.mark.parametrize("offer, status", [(110_000, "alert"), (105_000, "warn"), (104_990, "ok")])
def test_market_gap_thresholds(offer, status):
    # (110,000 − 100,000) / 100,000 = 0.10 → alert; 0.05 → warn; 0.0499 → ok
    records = Records.of(compensation=[pay("now", date(2025, 1, 1), "Acme", 100_000)],
                         opportunities=[opp("o", "Globex", ("offer", date(2026, 1, 1)), offer=money(offer))])
    a = analyze(records)
    assert a.metrics["market_gap"].status == status and a.status == status


def test_offer_below_current_pay_with_higher_benchmarks():
    # live offer 90,000 vs 100,000: gap −0.10; benchmark 106,000: +0.06 — the larger gap wins (an
    # offer proves the least the market pays): 0.06 ≥ warn_threshold 0.05 → warn
    records = Records.of(compensation=[pay("now", date(2025, 1, 1), "Acme", 100_000)],
                         opportunities=[opp("o", "Globex", ("offer", date(2025, 6, 1)), offer=money(90_000))],
                         benchmarks=[bench("b", date(2026, 1, 1), money(106_000))])
    a = analyze(records)
    assert values(a)["offer_gap"] == -0.1
    assert values(a)["market_gap"] == 0.06 and values(a)["market_gap_basis"] == "benchmark"
    assert a.metrics["market_gap"].status == "warn"
    assert a.summary == ("The market pays 6.0 % more than you (the median benchmark of the last two years, "
                         "1 benchmark). The evidence disagrees: your best live offer says the market pays "
                         "10.0 % less than you, benchmarks 6.0 % more. An offer proves the least the market "
                         "pays, not the most: the larger gap counts.")


def test_offer_in_a_foreign_currency():
    # 100,000 EUR × 1.08 = 108,000 USD against 100,000 USD: gap 0.08
    records = Records.of(compensation=[pay("now", date(2025, 1, 1), "Acme", 100_000)],
                         opportunities=[opp("o", "Globex", ("declined", date(2026, 1, 1)),
                                            offer=money(100_000, currency="EUR"))])
    m = values(analyze(records))
    assert m["best_offer_annual_base"] == 108_000.00 and m["offer_gap"] == 0.08


def test_offer_stage_after_as_of_is_not_yet_evidence():
    # The offer stage (2026-05-01) is after as_of (2026-03-31): on as_of the offer did not exist
    # yet, so it has no offer date and is no live offer
    records = Records.of(compensation=[pay("now", date(2025, 1, 1), "Acme", 100_000)],
                         opportunities=[opp("o", "Globex", ("interview", date(2026, 1, 1)),
                                            ("offer", date(2026, 5, 1)), offer=money(120_000))])
    assert values(analyze(records))["offer_gap"] is None
    assert values(analyze(records))["best_offer_annual_base"] is None


def test_weaker_evidence_fills_market_gap_in_order():
    now = pay("now", date(2025, 1, 1), "Acme", 100_000)
    ranged = opp("r", "Globex", ("applied", date(2026, 1, 1)), posted=(money(100_000), money(140_000)))
    only_range = analyze(Records.of(compensation=[now], opportunities=[ranged]))
    assert values(only_range)["market_gap"] == 0.2              # midpoint 120,000 vs 100,000
    assert values(only_range)["market_gap_basis"] == "posted_range"
    assert only_range.metrics["market_gap"].status == "alert"
    assert only_range.summary.startswith("The market pays 20.0 % more than you (the median posted range")
    with_bench = analyze(Records.of(compensation=[now], opportunities=[ranged],
                                    benchmarks=[bench("b", date(2026, 2, 1), money(103_000))]))
    assert values(with_bench)["market_gap"] == 0.03             # benchmark before posted ranges
    assert values(with_bench)["market_gap_basis"] == "benchmark"
    nothing = analyze(Records.of(compensation=[now]))
    assert values(nothing)["market_gap"] is None and values(nothing)["market_gap_basis"] is None
    assert nothing.metrics["market_gap"].status == "none" and nothing.status == "none"
    assert "no live offer, benchmark or posted range" in nothing.summary


def test_missing_inflation_year_makes_real_growth_null():
    # the run starts 2023-05-01; inflation starts in 2024: 2023 is before the first given year
    config = Config(as_of=AS_OF, currency="USD", fx=FX, inflation={2024: 0.03})
    a = analyze(config=config)
    assert a.metrics["real_growth_current_employer"].value is None
    assert any("inflation" in f.message for f in a.findings)


def test_real_loss_at_the_current_employer_is_a_warning():
    # 100,000 → 102,000; factor 2024-02-01 → 2026-03-31: 1.03^(335/366) × 1.025 × 1.025^(89/365)
    # = 1.059470; 1.02 / 1.059470 − 1 = −0.037254
    records = Records.of(compensation=[pay("a", date(2024, 2, 1), "Acme", 100_000, reason="hire"),
                                       pay("b", date(2025, 2, 1), "ACME", 102_000, reason="cola")])
    a = analyze(records)
    assert a.metrics["real_growth_current_employer"].value == -0.0373
    assert any(f.severity == "warn" and f.records == ("compensation/a", "compensation/b")
               for f in a.findings)


def test_counter_offer_as_first_entry_and_entries_after_as_of():
    records = Records.of(compensation=[pay("a", date(2024, 1, 1), "Acme", 100_000, reason="counter-offer"),
                                       pay("b", date(2026, 5, 1), "Acme", 150_000, reason="counter-offer")])
    m = values(analyze(records))
    assert m["counter_offer_premium"] is None                   # b is after as_of; a has no previous entry
    assert m["internal_raise_avg"] is None                      # one entry: no pair
    assert m["current_annual_base"] == 100_000.00
    # 1 / factor(2024-01-01 → 2026-03-31) = 1 / (1.03 × 1.025 × 1.025^(89/365)) = 1 / 1.062126 − 1
    assert m["real_growth_current_employer"] == -0.0585


def test_no_pay_history_at_all():
    a = analyze(Records.of(opportunities=OPPORTUNITIES, benchmarks=BENCHMARKS))
    m = values(a)
    for name in ("current_annual_base", "offer_gap", "benchmark_gap", "posted_range_gap", "market_gap",
                 "market_gap_basis", "counter_offer_premium", "internal_raise_avg",
                 "real_growth_current_employer", "benchmark_percentile", "counter_offer_multiple",
                 "pay_without_counter_offers", "walk_away_annual_base", "ask_annual_base"):
        assert m[name] is None, name
    assert m["best_offer_annual_base"] == 125_000.00            # no history: any offer within lookback
    assert "No pay history" in a.summary
    assert a.status == "none" and analyze(Records.of()).status == "none"


def test_page_sections_and_counter_offer_story():
    a = analyze()
    assert [s.title for s in a.sections] == ["Negotiation brief", "Pay over time", "Where your pay sits", "Raises",
                                             "Counter-offers", "Stay vs switch", "Offers"]
    story = a.sections[4].blocks[0].markdown
    # c4 50 $/h → c5 55 $/h: +$5/h (+10.0 %); Northwind offer 108,000 / 2080 = 51.92 $/h: +$1.92/h (+3.8 %)
    assert "Contoso Ltd found +$5/h (+10.0 %" in story
    assert "offer of +$1.92/h (+3.8 %) over your pay then, from Northwind (5 Mar 2025): 2.6× the outside" in story
    raises = a.sections[3].blocks[0]
    row = [r for r in raises.rows if r[0] == "1 May 2024"][0]
    # nominal 0.083333; factor 2023-05-01 → 2024-05-01: 1.04^(245/365) × 1.03^(121/366) = 1.036758 (3.7 %);
    # real 1.083333 / 1.036758 − 1 = 0.044924
    assert row[3] == "internal raise" and row[-3:] == ("+8.3 %", "3.7 %", "+4.5 %")
    kinds = {r[0]: r for r in a.sections[3].blocks[1].rows}
    # internal: c1→c2 0.05, c3→c4 0.083333: mean 0.066667; external c2→c3 96,000/84,000 − 1 = 0.142857
    assert kinds["internal raise"][1:3] == (2, "+6.7 %") and kinds["internal raise"][5] == "within the range"
    assert kinds["external move"][2] == "+14.3 %" and kinds["counter-offer"][2] == "+10.0 %"
    timeline = a.sections[1].blocks[0]
    assert "counter-offer" in timeline.svg and "Starting pay adjusted for inflation" in timeline.svg
    offers = a.sections[6].blocks[0]
    assert [r[0] for r in offers.rows] == ["Current: Contoso Ltd", "Litware", "Northwind"]
    assert [r[3] for r in offers.rows[1:]] == ["live: still evidence", "answered by the counter-offer of 1 Jun 2025"]


def test_counter_offer_without_a_recent_offer():
    def records(offer_day):
        return Records.of(compensation=[pay("a", date(2024, 1, 1), "Acme", 100_000),
                                        pay("b", date(2025, 1, 1), "Acme", 120_000, reason="counter-offer")],
                          opportunities=[opp("o", "Globex", ("offer", offer_day), offer=money(110_000))])
    late = analyze(records(date(2024, 10, 2)))                  # 91 days before the counter-offer: > 90
    assert "no outside offer is recorded in the 90 days" in late.sections[4].blocks[0].markdown
    assert late.metrics["counter_offer_multiple"].value is None
    on_time = analyze(records(date(2024, 10, 3)))               # exactly 90 days before: inside
    assert "from Globex" in on_time.sections[4].blocks[0].markdown
    assert on_time.metrics["counter_offer_multiple"].value == 2.0   # 20,000 / 10,000


def test_stay_vs_switch_path():
    # start 2020-01-01 at 100,000; internal raise 2021-01-01 +10 % (kept); external move
    # 2022-01-01 +20 % (replaced); a move every 3 years at switch_raise 15 %: 2023-01-01 → 110,000 × 1.15
    history = [pay("a", date(2020, 1, 1), "Acme", 100_000, reason="hire"),
               pay("b", date(2021, 1, 1), "Acme", 110_000, reason="merit"),
               pay("c", date(2022, 1, 1), "Globex", 132_000, reason="hire")]
    ctx = Context(history=history, run=history[2:], offers=(), opportunities=(), benchmarks=(),
                  settings=DEFAULTS, config=CONFIG, as_of=date(2023, 6, 1), name=str)
    path = switch_path(ctx, changes(ctx))
    assert [(d, round(v, 2)) for d, v in path] == [(date(2020, 1, 1), 100_000), (date(2021, 1, 1), 110_000),
                                                  (date(2023, 1, 1), 126_500)]   # 110,000 × 1.15
    # 100,000 × 366/365 + 110,000 × 730/365 + 126,500 × 151/365 = 372,606.85
    assert round(cumulative(path, date(2023, 6, 1)), 2) == 372_606.85


def test_public_build_hides_names_and_amounts():
    config = Config(as_of=AS_OF, currency="USD", fx=FX, inflation=INFLATION, public=True)
    a = analyze(config=config)
    text = texts(a).replace(a.methodology, "")                   # the methodology states settings, not pay
    for secret in ("Fabrikam", "Contoso", "Northwind", "Litware", "Proseware", "private",
                   "114,400", "125,000", "108,000", "131,560", "125,840", "$55", "$5/h", "$1.92",
                   "9.3 %", "10.0 %", "2.6×", "61.0", "6.7 %", "opportunities/", "compensation/"):
        assert secret not in text, secret
    assert a.summary.startswith("The market pays 5–10 % more than you")   # 0.0927 in a 5-point band
    assert "+10–15 %" in a.sections[4].blocks[0].markdown         # the premium 0.10 as a band only
    assert "2–3×" in a.sections[4].blocks[0].markdown              # the multiple 2.6 as a band
    assert company_namer(["Acme", " acme "], config)("ACME") == "Company A"


def test_through_a_plugin_manager():
    pm = pluggy.PluginManager("careerkit")
    pm.add_hookspecs(hookspecs)
    pm.register(pay_gaps)
    pm.check_pending()
    assert pm.hook.careerkit_settings() == [{"pay_gaps": DEFAULTS}]
    [result] = pm.hook.careerkit_analyze(records=RECORDS, settings=dict(DEFAULTS), config=CONFIG, as_of=AS_OF)
    assert result.name == "pay_gaps" and result.metrics["offer_gap"].value == 0.0927
