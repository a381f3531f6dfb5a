"""Durations, counts and rates as a person reads them (report design v2)."""

from __future__ import annotations

from datetime import date

from careerkit import display
from careerkit.models import Config, Metric
from careerkit.site.render import metric_text, metric_title


def test_durations_in_words_never_thousands_of_days():
    assert display.days(1) == "1 day"
    assert display.days(59) == "59 days"
    assert display.days(90) == "3 months"  # 90 / 30.44 = 2.96 -> 3
    assert display.days(122) == "4 months"  # 4.01 -> 4
    assert display.days(591) == "1 y 7 mo"  # 591 / 30.44 = 19.4 -> 19 months = 1 y 7 mo
    assert display.days(2757) == "7 y 7 mo"  # 90.57 -> 91 months = 7 y 7 mo
    assert display.days(730) == "2 y"  # 23.98 -> 24 months
    assert display.days(-400) == "−1 y 1 mo"  # 13.1 -> 13 months
    assert display.overdue(1853) == "5 y 1 mo overdue"  # 60.87 -> 61 months
    assert display.days(None) == "—"


def test_plurals():
    assert display.plural(1, "contact") == "1 contact"
    assert display.plural(0, "contact") == "0 contacts"
    assert display.plural(1, "person", "people") == "1 person"
    assert display.plural(1234, "person", "people") == "1,234 people"


def test_metric_tiles_show_durations_with_exact_days_in_the_tooltip():
    config = Config(as_of=date(2026, 11, 1))
    since = Metric(2757, "days", "Days since the last offer")
    assert metric_text(since, config) == "7 y 7 mo" and metric_title(since) == "2,757 days"
    until = Metric(-1853, "days", "Days until the next test is due")
    assert metric_text(until, config) == "5 y 1 mo overdue"
    assert metric_title(Metric(45, "days", "x")) is None  # short ones are shown in days already


def test_rates_by_source_show_their_counts():
    value = {"application": {"decided": 5, "offers": 1, "rate": 0.2}, "inbound": {"decided": 1, "offers": 1, "rate": 1.0}}
    rates = Metric(value, "map", "Offer rate by source")
    # 1 / 5 = 20 %; "1 of 1" is not "100 %" on its own
    assert metric_text(rates, Config(as_of=date(2026, 11, 1))) == "application: 1 of 5 (20.0 %), inbound: 1 of 1 (100.0 %)"


def test_pay_derived_tiles_are_banded_in_a_public_build():
    private, public = Config(as_of=date(2026, 11, 1)), Config(as_of=date(2026, 11, 1), public=True)
    gap = Metric(0.093, "fraction", "Gap", from_pay=True)
    assert metric_text(gap, private) == "9.3 %" and metric_text(gap, public) == "5–10 %"  # 9.3 // 5 × 5 = 5
    percentile = Metric(35.3, "percentile", "Percentile", from_pay=True)
    assert metric_text(percentile, private) == "35.3" and metric_text(percentile, public) == "30–40"
    multiple = Metric(3.0, "ratio", "Multiple", from_pay=True)
    assert metric_text(multiple, private) == "3.0×" and metric_text(multiple, public) == "3–4×"
    assert metric_text(Metric(0.5, "fraction", "Share"), public) == "50.0 %"  # not from pay: exact


def test_report_json_bands_pay_derived_figures_in_a_public_build():
    from careerkit.models import Analysis
    from careerkit.site.report import analysis_data

    analysis = Analysis("pay", "Pay", "warn", {"gap": Metric(0.093, "fraction", "Gap", from_pay=True),
                                               "share": Metric(0.5, "fraction", "Share")})
    public = analysis_data(analysis, Config(as_of=date(2026, 11, 1), public=True))["metrics"]
    assert public["gap"]["value"] == "5–10 %" and public["share"]["value"] == 0.5
    private = analysis_data(analysis, Config(as_of=date(2026, 11, 1)))["metrics"]
    assert private["gap"]["value"] == 0.093
