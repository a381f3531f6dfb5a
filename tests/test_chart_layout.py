"""Charts fit a phone: every chart is also drawn 360 px wide (Chart.narrow)
with its text inside the drawing, and labels never overlap one another, a
dot or the edge (the label-placement rule in careerkit.charts.svg.LabelSpace)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from careerkit import charts
from careerkit.charts import Event, Line, Points, Span
from careerkit.charts.svg import FONT, LabelSpace, width_of

NS = "{http://www.w3.org/2000/svg}"


def _boxes(svg: str, width: float) -> list[tuple[float, float, float, float, str]]:
    """The estimated box (x0, y0, x1, y1) of every visible text of an SVG."""
    out = []
    for t in ET.fromstring(svg).iter(f"{NS}text"):
        tooltip = t.find(f"{NS}title")
        shown = (tooltip.tail if tooltip is not None else t.text) or ""
        size = 10 if "ck-small" in t.get("class", "") else FONT
        w = width_of(shown, size)
        x = float(t.get("x"))
        anchor = t.get("text-anchor", "start")
        x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
        out.append((x0, float(t.get("y")) - size, x0 + w, float(t.get("y")), shown))
    return out


def _view_width(svg: str) -> float:
    return float(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))


def _many_offers(n: int) -> Points:
    days = [date(2016, 1, 1) + timedelta(days=61 * i) for i in range(n)]
    return Points("Offers", [(d, 100_000 + 10_000 * (i % 7)) for i, d in enumerate(days)], [f"Co {i}" for i in range(n)])


def _all_charts():
    long = "Starting pay adjusted for inflation since the first entry"
    yield charts.bars("b", "Bars", [("A very long company name indeed", 12), ("Short", 3)], fmt=lambda v: f"${v:,.0f},000")
    yield charts.stacked_bars("s", "Stacked", ["application", "referral"], [("offer", [1, 2]), ("lead only", [3, 0])])
    yield charts.funnel("f", "Funnel", [("lead", 13), ("applied", 10), ("interview", 6), ("offer", 3)])
    pay = Line("Base pay", [(date(2016, 5, 1), 60_000), (date(2026, 3, 1), 126_000)], True, ["hire", "counter-offer"])
    yield charts.timeseries("t", "Pay", lines=[pay, Line(long, [(date(2016, 5, 1), 60_000)])],
                            points=[_many_offers(60)], fmt=lambda v: f"${v:,.0f}")
    tenure = Span("Northwind Logistics International", date(2019, 1, 1), date(2026, 1, 1))
    yield charts.timeline("l", "Timeline", spans=[tenure],
                          events=[Event(date(2021, 1, 1), "x", "offer"), Event(date(2022, 1, 1), "y", "screen")])


def test_every_chart_has_a_phone_drawing_whose_text_stays_inside_it():
    for chart in _all_charts():
        assert _view_width(chart.svg) == 640 and _view_width(chart.narrow) == 360, chart.name
        assert 'class="ck-chart ck-narrow"' in chart.narrow and f'id="ck-{chart.name}-n-t"' in chart.narrow
        for x0, _, x1, _, shown in _boxes(chart.narrow, 360):
            # the estimate is 0.6 × 12 px per character: "2016" is 28.8 px wide
            assert x0 >= -1 and x1 <= 361, (chart.name, shown, x0, x1)


def test_point_labels_never_overlap_and_are_capped():
    chart = charts.timeseries("t", "Offers", points=[_many_offers(60)], fmt=lambda v: f"{v:,.0f}")
    for svg, cap in ((chart.svg, 8), (chart.narrow, 4)):
        labels = [b for b in _boxes(svg, 0) if b[4].startswith("Co ")]
        assert len(labels) <= cap  # 60 offers: at most 8 labels wide, 4 on a phone; the table keeps all 60
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    assert len(chart.table.rows) == 60
    # the latest offer is labelled first; on a phone 60 dots 4.4 px apart leave no room for any label
    assert ">Co 59</text>" in chart.svg and ">Co " not in chart.narrow
    few = charts.timeseries("t", "Offers", points=[_many_offers(6)], fmt=lambda v: f"{v:,.0f}")
    assert ">Co 5</text>" in few.narrow


def test_label_space_refuses_overlaps_dots_and_the_edge():
    space = LabelSpace((0, 0, 100, 100))
    assert space.fits(10, 20, "abc")  # 3 × 6 px = 18 px wide at 10 px
    assert not space.fits(15, 20, "abc")  # overlaps the first
    space.reserve(60, 50, 5)
    assert not space.fits(55, 54, "x")  # over the dot at (60, 50)
    assert not space.fits(95, 80, "abcdef")  # runs past x = 100
    assert space.fits(10, 80, "abcdef")


def test_position_chart_bands_you_and_marks():
    from careerkit.charts import PositionRow

    rows = [PositionRow("Survey", 100_000, 150_000, 120_000, cls="benchmark"),
            PositionRow("Acme offer", points=[140_000], cls="offers"),
            PositionRow("Nothing")]  # a row without any value is left out
    chart = charts.position("p", "Pay", rows, you=("You", 126_000), marks=[("Walk away", 139_000), ("Ask", 156_000)],
                            fmt=lambda v: f"${v / 1000:.0f}k")
    assert [r[0] for r in chart.table.rows] == ["Survey", "Acme offer", "You", "Walk away", "Ask"]
    assert chart.table.rows[0] == ("Survey", "$100k", "$120k", "$150k", "—")
    for svg in (chart.svg, chart.narrow):
        assert svg.count('class="ck-you-line"') == 1 and svg.count('class="ck-ref"') == 2
        marker_labels = [b for b in _boxes(svg, 0) if b[4].startswith(("You ", "Walk away ", "Ask "))]
        assert len(marker_labels) == 3  # "You $126k", "Walk away $139k", "Ask $156k", each on a line where it fits
        for i, a in enumerate(marker_labels):
            for b in marker_labels[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    for x0, _, x1, _, shown in _boxes(chart.narrow, 360):
        assert x0 >= -1 and x1 <= 361, shown
    assert charts.position("e", "Empty", [PositionRow("Nothing")]).table.rows == ()


def test_timeline_today_window_due_marker_and_lanes_per_kind():
    events = [Event(date(2023, 3, 1), "Acme (offer)", "offer"), Event(date(2023, 3, 2), "Globex (screen)", "screen")]
    window = Span("Target window", date(2023, 3, 2), date(2025, 3, 1), "c1")
    due = Event(date(2025, 3, 1), "Due in 4 months", "due")
    chart = charts.timeline("t", "Cadence", events=events, start=date(2022, 1, 1), end=date(2024, 11, 1),
                            today=date(2024, 11, 1), windows=[window], markers=[due], event_lanes=True)
    kinds = {row[1]: row for row in chart.table.rows}
    assert kinds["window"][2:] == ("2023-03-02", "2025-03-01") and kinds["marker"][0] == "Due in 4 months"
    assert kinds["today"][2] == "2024-11-01"
    for svg in (chart.svg, chart.narrow):
        assert svg.count('class="ck-today"') == 1 and svg.count('class="ck-ref"') == 1
        assert svg.count("ck-window") == 1
        # one row per kind: the two dots a day apart sit on different rows (cy differs)
        rows = {float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)}
        assert len(rows) == 2
        labels = [b[4] for b in _boxes(svg, 0)]
        assert "Today" in labels and "Due in 4 months" in labels
        # the axis reaches the due date past the end given: 2025 is on it
        assert ">2025</text>" in svg or ">2026</text>" in svg


def test_a_timeline_draws_the_eight_latest_lanes_and_tables_them_all():
    spans = [Span(f"Employer {i:02d}", date(2000 + i, 1, 1), date(2001 + i, 1, 1)) for i in range(20)]
    chart = charts.timeline("t", "Tenures", spans=spans)
    assert len(chart.table.rows) == 20
    drawn = sorted(set(re.findall(r">Employer (\d\d)<", chart.svg)))
    assert drawn == [f"{i:02d}" for i in range(12, 20)]  # the 8 that end latest


def test_a_repeated_mark_is_labelled_once():
    days = [date(2018 + i, 1, 1) for i in range(5)]
    line = Line("Pay", [(d, 100 + 10 * i) for i, d in enumerate(days)], True, ["hire", "cola", "cola", "cola", "promotion"])
    chart = charts.timeseries("p", "Pay", lines=[line])
    labels = [b[4] for b in _boxes(chart.svg, 0) if b[4] in ("hire", "cola", "promotion")]
    assert sorted(labels) == ["cola", "hire", "promotion"]  # the 2nd and 3rd "cola" are key events of nothing new
    assert [r[3] for r in chart.table.rows] == ["hire", "cola", "cola", "cola", "promotion"]  # the table keeps every one
