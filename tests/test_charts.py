"""careerkit.charts: valid, escaped, deterministic inline SVG with a data table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from careerkit import charts
from careerkit.charts import Band, Event, Line, Points, Span
from careerkit.charts.svg import nice_ticks, num, year_ticks
from careerkit.models import Chart, Table

NS = {"s": "http://www.w3.org/2000/svg"}
HOSTILE = '<script>alert(1)</script> "onload=alert(1) x=\'y\' & co'


def money(value):
    return f"${value:,.0f}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def find(root, tag, cls=None):
    found = root.iter(f"{{{NS['s']}}}{tag}")
    return [e for e in found if cls is None or cls in e.get("class", "").split()]


def all_text(root) -> str:
    return " ".join("".join(e.itertext()) for e in find(root, "text"))


def assert_safe(svg: str) -> None:
    """No script, no event handlers, no external references, no noise."""
    root = parse(svg)
    assert "<script" not in svg.lower()
    for element in root.iter():
        for key, value in element.attrib.items():
            assert not key.lower().startswith("on"), key
            assert "href" not in key.lower()
            assert "javascript:" not in value.lower()
    assert "url(" not in svg
    for number in re.findall(r"-?\d+\.\d+", svg):
        if not re.search(re.escape(number) + r"%", svg):
            assert len(number.split(".")[1]) <= 2, number  # coordinates to 1 decimal (tick labels may have 2)


def assert_head(chart: Chart, name: str, title: str, desc: str | None = None) -> ET.Element:
    root = parse(chart.svg)
    assert chart.svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')
    assert root.get("role") == "img"
    assert root.get("class") == "ck-chart"
    assert root.get("aria-labelledby") == f"ck-{name}-t ck-{name}-d"
    assert "width" not in root.attrib and "height" not in root.attrib
    first, second = list(root)[:2]
    assert first.tag.endswith("title") and first.get("id") == f"ck-{name}-t" and first.text == title
    assert second.tag.endswith("desc") and second.get("id") == f"ck-{name}-d"
    if desc is not None:
        assert second.text == desc
    assert chart.name == name and chart.title == title
    assert isinstance(chart.table, Table)
    assert_safe(chart.svg)
    return root


# --- each chart ----------------------------------------------------------------


def make_bars():
    return charts.bars("sources", "Offers by source", [("referral", 3), ("application", 0), ("recruiter", 1.5)],
                       fmt=money, desc="Three sources")


def test_bars_draws_one_bar_per_item_with_values_and_table():
    chart = make_bars()
    root = assert_head(chart, "sources", "Offers by source", "Three sources")
    bars = find(root, "rect", "ck-bar")
    assert len(bars) == 3
    widths = [float(b.get("width")) for b in bars]
    assert widths[1] == 0 and widths[0] == 2 * widths[2]
    assert chart.table.columns == ("Item", "Value")
    assert chart.table.rows == (("referral", "$3"), ("application", "$0"), ("recruiter", "$2"))
    assert chart.table.numeric == (1,)
    text = all_text(root)
    for label in ("referral", "application", "recruiter", "$3", "$0"):
        assert label in text


def test_bars_negative_and_all_zero():
    root = parse(charts.bars("n", "N", [("a", -2), ("b", 2)]).svg)
    a, b = find(root, "rect", "ck-bar")
    assert float(a.get("width")) == float(b.get("width")) > 0
    assert float(a.get("x")) < float(b.get("x"))
    zeros = charts.bars("z", "Z", [("a", 0), ("b", 0)])
    assert [float(r.get("width")) for r in find(parse(zeros.svg), "rect", "ck-bar")] == [0, 0]


def test_stacked_bars_segments_legend_and_totals():
    chart = charts.stacked_bars("mix", "Contacts by role", ["Acme", "Beta"], [("recruiter", [2, 0]), ("peer", [1, 3])],
                                fmt=str)
    root = assert_head(chart, "mix", "Contacts by role")
    assert len(find(root, "rect", "ck-bar")) == 3  # the zero segment is not drawn
    assert len(find(root, "rect", "ck-swatch")) == 2
    assert {"ck-c1", "ck-c2"} <= {c for r in find(root, "rect", "ck-bar") for c in r.get("class").split()}
    assert chart.table.columns == ("Category", "recruiter", "peer", "Total")
    assert chart.table.rows == (("Acme", "2", "1", "3"), ("Beta", "0", "3", "3"))
    assert chart.table.numeric == (1, 2, 3)
    assert "recruiter" in all_text(root) and "peer" in all_text(root)


def test_funnel_conversion_from_previous_stage():
    chart = charts.funnel("funnel", "Funnel", [("applied", 13), ("screen", 8), ("interview", 5), ("offer", 0)])
    root = assert_head(chart, "funnel", "Funnel")
    bars = find(root, "rect", "ck-bar")
    assert len(bars) == 4
    widths = [float(b.get("width")) for b in bars]
    assert widths == sorted(widths, reverse=True) and widths[-1] == 0
    centres = {round(float(b.get("x")) + float(b.get("width")) / 2) for b in bars}
    assert len(centres) == 1  # centred
    assert "ck-applied" in bars[0].get("class") and "ck-offer" in bars[3].get("class")
    text = all_text(root)
    assert "62 % of previous" in text and "0 % of previous" in text
    assert chart.table.rows[0] == ("applied", 13, "—")
    assert chart.table.rows[1] == ("screen", 8, "62 %")


def test_funnel_zero_previous_stage_does_not_divide_by_zero():
    chart = charts.funnel("f", "F", [("applied", 0), ("offer", 0)])
    assert chart.table.rows == (("applied", 0, "—"), ("offer", 0, "—"))
    parse(chart.svg)


def make_timeseries():
    return charts.timeseries(
        "pay", "Pay over time",
        lines=[Line("base", [(date(2021, 6, 1), 95000), (date(2019, 3, 1), 90000), (date(2023, 1, 15), 120000)],
                    step=True, marks=["merit", "hire", "promotion"])],
        bands=[Band("p25–p75", [(date(2022, 1, 1), 100000, 130000), (date(2024, 2, 1), 105000, 140000)], cls="c6")],
        points=[Points("offers", [(date(2024, 5, 1), 135000)], labels=["Acme"], cls="offer")],
        fmt=money,
    )


def test_timeseries_lines_bands_points_and_axes():
    chart = make_timeseries()
    root = assert_head(chart, "pay", "Pay over time")
    text = all_text(root)
    for year in range(2019, 2026):
        assert str(year) in text
    yticks = [t for t in find(root, "text", "ck-muted") if t.text.startswith("$")]
    assert 4 <= len(yticks) <= 6
    assert len(find(root, "path", "ck-line")) == 1
    assert len(find(root, "circle", "ck-dot")) == 4  # three line points, one offer
    assert len(find(root, "rect", "ck-range")) == 2 and len(find(root, "polygon", "ck-area")) == 1
    assert "ck-offer" in find(root, "circle", "ck-point")[0].get("class")
    for label in ("hire", "promotion", "merit", "Acme", "base", "offers"):
        assert label in text
    assert chart.table.rows[:3] == (  # sorted by date, marks follow their points
        ("base", "2019-03-01", "$90,000", "hire"), ("base", "2021-06-01", "$95,000", "merit"),
        ("base", "2023-01-15", "$120,000", "promotion"))
    assert ("p25–p75", "2022-01-01", "$100,000–$130,000", "") in chart.table.rows
    assert len(chart.table.rows) == 6


def test_timeseries_step_line_is_a_staircase_to_the_right_edge():
    chart = charts.timeseries("s", "S", lines=[Line("pay", [(date(2020, 1, 1), 1), (date(2021, 7, 1), 2)], step=True)])
    d = find(parse(chart.svg), "path", "ck-line")[0].get("d")
    assert re.fullmatch(r"M[\d.]+ [\d.]+H[\d.]+V[\d.]+H616", d), d
    straight = charts.timeseries("s", "S", lines=[Line("pay", [(date(2020, 1, 1), 1), (date(2021, 7, 1), 2)])])
    assert "L" in find(parse(straight.svg), "path", "ck-line")[0].get("d")


@pytest.mark.parametrize("points", [
    [(date(2020, 5, 1), 7)],
    [(date(2020, 5, 1), 7), (date(2022, 5, 1), 7)],
    [(date(2020, 5, 1), 0), (date(2020, 5, 1), 0)],
])
def test_timeseries_single_point_and_equal_values(points):
    chart = charts.timeseries("one", "One", lines=[Line("a", points)])
    root = assert_head(chart, "one", "One")
    assert len(find(root, "circle")) == len(points)
    assert "nan" not in chart.svg and "inf" not in chart.svg
    assert len(find(root, "line", "ck-grid")) >= 4


def test_timeseries_skips_missing_values():
    points = [(date(2020, 1, 1), 1), (date(2021, 1, 1), None), (date(2022, 1, 1), float("nan")), (date(2023, 1, 1), 3)]
    line = Line("a", points, marks=["one", "two", "three", "four"])
    chart = charts.timeseries("m", "M", lines=[line], bands=[Band("b", [(date(2020, 1, 1), None, 2)])])
    assert chart.table.rows == (("a", "2020-01-01", "1", "one"), ("a", "2023-01-01", "3", "four"))
    assert "nan" not in chart.svg and len(find(parse(chart.svg), "circle")) == 2


def test_empty_inputs_draw_no_data():
    empties = [
        charts.bars("a", "A", []),
        charts.stacked_bars("b", "B", [], []),
        charts.stacked_bars("b2", "B", ["x"], []),
        charts.funnel("c", "C", []),
        charts.timeseries("d", "D"),
        charts.timeseries("d2", "D", lines=[Line("x", [])], bands=[Band("y", [])], points=[Points("z", [])]),
        charts.timeline("e", "E"),
    ]
    for chart in empties:
        root = assert_head(chart, chart.name, chart.title)
        assert "No data" in all_text(root)
        assert parse(charts.standalone(chart).split("\n", 1)[1]) is not None


def make_timeline():
    return charts.timeline(
        "career", "Career",
        spans=[Span("Acme", date(2016, 1, 1), date(2021, 6, 1)), Span("Beta", date(2021, 6, 1), date(2026, 11, 1)),
               Span("Acme", date(2014, 3, 1), date(2015, 1, 1))],
        events=[Event(date(2019, 4, 1), "Gamma", "interview"), Event(date(2021, 3, 1), "Beta", "offer"),
                Event(date(2024, 1, 1), "Delta", "applied"), Event(date(2025, 2, 1), "Eps", "offer")],
    )


def test_timeline_lanes_events_legend_and_years():
    chart = make_timeline()
    root = assert_head(chart, "career", "Career")
    assert len(find(root, "rect", "ck-bar")) == 3
    dots = find(root, "circle", "ck-dot")
    assert len(dots) == 4
    classes = sorted(c for d in dots for c in d.get("class").split() if c != "ck-dot")
    assert classes == ["ck-applied", "ck-interview", "ck-offer", "ck-offer"]
    assert len(find(root, "rect", "ck-swatch")) == 3  # one legend entry per class present
    text = all_text(root)
    assert text.count("Acme") == 1  # one lane per distinct label
    for word in ("Beta", "Events", "interview", "offer", "applied", "2014", "2020", "2028"):
        assert word in text
    assert len(chart.table.rows) == 7
    assert ("Acme", "period", "2016-01-01", "2021-06-01") in chart.table.rows
    assert ("Beta", "offer", "2021-03-01", "") in chart.table.rows


def test_timeline_explicit_range_clips():
    chart = charts.timeline("t", "T", spans=[Span("A", date(2010, 1, 1), date(2030, 1, 1))],
                            events=[Event(date(2005, 1, 1), "old")], start=date(2020, 1, 1), end=date(2022, 6, 1))
    root = parse(chart.svg)
    bar = find(root, "rect", "ck-bar")[0]
    assert float(bar.get("x")) == 160 and float(bar.get("x")) + float(bar.get("width")) <= 616
    assert not find(root, "circle")
    assert "2019" not in all_text(root) and "2020" in all_text(root) and "2023" in all_text(root)


# --- properties of every chart ---------------------------------------------------------


def every_chart(label: str = "x", cls: str = "") -> list[Chart]:
    return [
        charts.bars("b", label, [(label, 1)], desc=label),
        charts.stacked_bars("s", label, [label], [(label, [1])], desc=label),
        charts.funnel("f", label, [(label, 2), ("screen", 1)], desc=label),
        charts.timeseries("t", label, lines=[Line(label, [(date(2020, 1, 1), 1)], marks=[label], cls=cls)],
                          bands=[Band(label, [(date(2020, 1, 1), 1, 2)], cls=cls)],
                          points=[Points(label, [(date(2021, 1, 1), 3)], labels=[label], cls=cls)], desc=label),
        charts.timeline("l", label, spans=[Span(label, date(2020, 1, 1), date(2021, 1, 1), cls)],
                        events=[Event(date(2020, 6, 1), label, cls)], desc=label),
    ]


def test_hostile_labels_are_escaped():
    for chart in every_chart(HOSTILE, cls=HOSTILE):
        root = assert_head(chart, chart.name, HOSTILE, HOSTILE)
        assert "<script" not in chart.svg and '"onload' not in chart.svg
        for element in root.iter():
            classes = element.get("class", "")
            assert re.fullmatch(r"[a-z0-9 _-]*", classes), classes
        assert HOSTILE[:10] in " ".join(root.itertext())
        assert_safe(charts.standalone(chart).split("\n", 1)[1])


def test_hostile_name_makes_a_safe_id():
    chart = charts.bars('a" onload="x', "T", [("a", 1)])
    root = parse(chart.svg)
    assert root.get("aria-labelledby") == "ck-a-onload-x-t ck-a-onload-x-d"
    assert_safe(chart.svg)


def test_deterministic():
    first = [c.svg for c in every_chart()] + [make_timeseries().svg, make_timeline().svg, make_bars().svg]
    second = [c.svg for c in every_chart()] + [make_timeseries().svg, make_timeline().svg, make_bars().svg]
    assert first == second
    assert not re.search(r"\d\.\d{3,}", "".join(first))


def test_default_desc_is_present():
    chart = charts.bars("b", "B", [("a", 1)])
    desc = find(parse(chart.svg), "desc")[0].text
    assert desc and "1 items" in desc


# --- stylesheet and standalone ------------------------------------------------------------


def test_css_defines_classes_for_light_dark_and_print():
    css = charts.CSS
    for cls in ("ck-chart", "ck-axis", "ck-grid", "ck-label", *(f"ck-c{i}" for i in range(1, 9)),
                "ck-lead", "ck-applied", "ck-screen", "ck-interview", "ck-offer",
                "ck-hire", "ck-promotion", "ck-merit", "ck-cola", "ck-counter-offer", "ck-market-adjustment",
                "ck-other", "ck-ok", "ck-warn", "ck-alert"):
        assert "." + cls + "{" in css or "." + cls + "," in css, cls
    assert "@media (prefers-color-scheme: dark)" in css and "@media print" in css
    assert "width:100%" in css and "height:auto" in css and "max-width:" in css
    assert "<" not in css and "&" not in css and "url(" not in css


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_palettes_have_enough_contrast():
    blocks = re.findall(r"\.ck-chart\{(--ck-bg[^}]*)\}", charts.CSS)
    assert len(blocks) == 3  # light, dark, print
    for block in blocks:
        values = dict(re.findall(r"--ck-([a-z0-9]+):(#[0-9a-f]{6})", block))
        bg = _luminance(values["bg"])
        for key, value in values.items():
            lum = _luminance(value)
            ratio = (max(lum, bg) + 0.05) / (min(lum, bg) + 0.05)
            if key in ("text", "muted"):
                assert ratio >= 4.5, (key, ratio)
            elif key.startswith("c") or key == "axis":
                assert ratio >= 3, (key, ratio)


def test_standalone_is_a_complete_svg_with_style():
    chart = make_timeline()
    doc = charts.standalone(chart)
    assert doc.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = parse(doc.split("\n", 1)[1])
    style = find(root, "style")
    assert len(style) == 1 and style[0].text == charts.CSS
    assert root.get("width") == "640" and root.get("viewBox").startswith("0 0 640 ")
    assert find(root, "rect", "ck-bg")
    assert [e.tag.split("}")[1] for e in list(root)[:3]] == ["title", "desc", "style"]
    assert doc == charts.standalone(chart)
    assert_safe(doc.split("\n", 1)[1])


# --- helpers --------------------------------------------------------------------------------


def test_num_has_no_float_noise():
    assert [num(v) for v in (0.1 + 0.2, 12.0, -0.04, 3.14159, 1e6)] == ["0.3", "12", "0", "3.1", "1000000"]


@pytest.mark.parametrize(
    "low,high", [(0, 1), (0, 10.5), (90000, 140000), (-3, 7), (5, 5), (0, 0), (0.001, 0.002), (1, 1e9), (123, 124)]
)
def test_nice_ticks_four_to_six(low, high):
    ticks = nice_ticks(low, high)
    assert 4 <= len(ticks) <= 6, ticks
    assert ticks[0] <= low and ticks[-1] >= high
    assert ticks == sorted(ticks)


def test_year_ticks():
    first, last, ticks = year_ticks(date(2019, 3, 1), date(2019, 3, 1))
    assert (first, last) == (date(2019, 1, 1), date(2020, 1, 1))
    _, _, many = year_ticks(date(1990, 1, 1), date(2026, 1, 1))
    assert len(many) <= 13 and all(t.month == 1 and t.day == 1 for t in many)
