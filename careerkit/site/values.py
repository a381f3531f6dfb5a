"""A metric's value as a person reads it: durations in years and months,
rates with their counts, figures derived from pay banded in a public build."""

from __future__ import annotations

from typing import Any

from .. import display
from ..models import Config


def metric_text(metric, config: Config) -> str:
    """A metric's value as a person reads it."""
    value, unit = metric.value, metric.unit
    if value is None:
        return "(hidden)" if metric.from_pay and config.public else "—"  # withheld by careerkit.public
    if isinstance(value, str):  # text, or the band a public build shows (careerkit.public.metric)
        return value
    if metric.is_money:
        return display.money(value, config)
    pay = metric.from_pay and isinstance(value, (int, float)) and not isinstance(value, bool)
    if unit == "fraction":
        # a figure derived from pay is banded in a public build: an exact ratio gives a banded amount back
        return display.pay_pct(value, config) if pay and config.public else display.pct(value)
    if unit == "percentile" and isinstance(value, (int, float)):
        return display.pay_percentile(value, config)
    if unit == "ratio" and isinstance(value, (int, float)):
        return display.pay_times(value, config)
    if pay and config.public:
        return "(hidden)"
    if unit == "days" and isinstance(value, int):
        if value < 0 and "until" in metric.label.lower():
            return display.overdue(-value)  # "Days until the test is due: 5 y overdue"
        return display.days(value)
    if unit == "map" and isinstance(value, dict):
        return ", ".join(f"{k}: {map_item(v, metric, config)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def metric_title(metric) -> str | None:
    """The exact figure behind a rounded one, for a tooltip: a duration's days."""
    if metric.unit == "days" and isinstance(metric.value, int) and abs(metric.value) >= 60:
        return f"{metric.value:,} days"
    return None


def metric_entries(metric, config: Config) -> list[tuple[str, str]]:
    """A map metric's entries as (key, text), one a line on its tile ("application", "1 of 5 (20.0 %)"); [] otherwise."""
    if metric.unit != "map" or not isinstance(metric.value, dict) or not metric.value:
        return []
    return [(str(k), map_item(v, metric, config)) for k, v in metric.value.items()]


def map_item(value: Any, metric, config: Config) -> str:
    """One entry of a map metric: a rate as '1 of 3 (33.3 %)' (its counts
    beside it), a fraction as a percentage, a count as itself."""
    if isinstance(value, dict) and {"offers", "decided", "rate"} <= value.keys():
        rate = "" if value["rate"] is None else f" ({display.pct(value['rate'])})"
        return f"{value['offers']} of {value['decided']}{rate}"
    return metric_text(type(metric)(value, "fraction" if isinstance(value, float) else "count", ""), config)
