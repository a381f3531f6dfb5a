"""The fast paths in careerkit.site.render give exactly what the plain versions
they replaced gave: table rows (escaping, cell classes, row headers) and the
SVG safety check (which note, for which content).

The plain versions are kept here as the reference.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal

import pytest
from markupsafe import Markup, escape

from careerkit.charts import bars
from careerkit.models import Chart, Table
from careerkit.site.render import cell, cell_class, safe_svg, table_rows

# --- table rows -----------------------------------------------------------------


def reference_rows(table: Table, limit: int | None = None) -> str:
    numeric = set(table.numeric)
    out = []
    for row in table.rows[:limit]:
        cells = []
        for index, value in enumerate(row):
            text = cell(value)
            cls = cell_class(text, index in numeric)
            attr = f' class="{cls}"' if cls else ""
            tag = "th" if index == 0 else "td"
            scope = ' scope="row"' if index == 0 else ""
            cells.append(f"<{tag}{scope}{attr}>{escape(text)}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out)


VALUES = [
    None, "", "plain", "<b>bold</b> & 'quoted' \"double\"", Markup("<i>markup</i>"), "2026-03-14", "14 Mar 2026",
    "2026-03-14\n", "4 Mar 2026 (20 days ago)", 0, -3, 12345, True, 0.0, -0.0, 1234.5678, float("nan"),
    float("inf"), Decimal("1.50"), date(2026, 3, 14), datetime(2026, 3, 14, 9, 30), ("a", 1), ["x", "<y>"],
]


@pytest.mark.parametrize("numeric", [(), (1,), (0, 2), (0, 1, 2, 3)])
@pytest.mark.parametrize("limit", [None, 0, 3, 1000])
def test_table_rows_match_the_reference(numeric, limit):
    rows = tuple(
        (VALUES[i % len(VALUES)], VALUES[(i * 7 + 1) % len(VALUES)], VALUES[(i * 3 + 2) % len(VALUES)],
         VALUES[(i * 5) % len(VALUES)])
        for i in range(len(VALUES) * 2)
    )
    table = Table(("A", "B", "C", "D"), rows, "t", numeric)
    assert str(table_rows(table, limit)) == reference_rows(table, limit)


def test_table_rows_of_ragged_and_empty_tables():
    ragged = Table(("A", "B", "C"), (("x",), ("y", "2026-01-01", 3), (), ("z", None)), None, (2,))
    assert str(table_rows(ragged)) == reference_rows(ragged)
    assert str(table_rows(Table(("A",), ()))) == ""


def test_table_rows_escape_and_classes():
    table = Table(("Who", "When", "N"), (("<Ann>", "2026-03-14", 3), ("Bo & Co", "soon", None)), None, (2,))
    assert str(table_rows(table)) == (
        '<tr><th scope="row">&lt;Ann&gt;</th><td class="date">2026-03-14</td><td class="num">3</td></tr>\n'
        '<tr><th scope="row">Bo &amp; Co</th><td>soon</td><td class="num">—</td></tr>'
    )


# --- the SVG check ----------------------------------------------------------------

UNSAFE_TAGS = {"script", "foreignobject", "iframe", "object", "embed", "use", "image", "a", "animate", "set", "handler"}


def reference_svg(chart: Chart) -> Markup:
    try:
        root = ET.fromstring(chart.svg)
    except ET.ParseError:
        return Markup('<p class="note">(chart omitted: invalid SVG)</p>')
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in UNSAFE_TAGS or any(
            a.rsplit("}", 1)[-1].lower().startswith("on") or "href" in a.lower() for a in element.attrib
        ):
            return Markup('<p class="note">(chart omitted: it contained active content)</p>')
        if tag == "style" and re.search(r"@import|url\(", element.text or "", re.I):
            return Markup('<p class="note">(chart omitted: it referenced external content)</p>')
    return Markup(chart.svg)


NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
SVGS = {
    "a chart": bars("b", "Bars", [("a", 1), ("b", 2)]).svg,
    "plain": f"<svg {NS}><rect width='1'/></svg>",
    "script": f"<svg {NS}><g><script>alert(1)</script></g></svg>",
    "SCRIPT": f"<svg {NS}><SCRIPT>alert(1)</SCRIPT></svg>",
    "foreignObject": f"<svg {NS}><foreignObject/></svg>",
    "onload": f"<svg {NS} onload='alert(1)'/>",
    "ONCLICK deep": f"<svg {NS}><g><rect ONCLICK='x'/></g></svg>",
    "xlink:href": f"<svg {NS}><rect xlink:href='javascript:x'/></svg>",
    "href": f"<svg {NS}><rect href='x'/></svg>",
    "style import": f"<svg {NS}><style>@import url(x.css);</style></svg>",
    "style URL(": f"<svg {NS}><style>rect {{ fill: URL(#x) }}</style></svg>",
    "style safe": f"<svg {NS}><style>rect {{ fill: red }}</style></svg>",
    "style empty": f"<svg {NS}><style/></svg>",
    "style first, then script": f"<svg {NS}><style>@import 'x';</style><script/></svg>",
    "script first, then style": f"<svg {NS}><script/><style>@import 'x';</style></svg>",
    "safe style, then onclick": f"<svg {NS}><style>a {{}}</style><g onclick='x'/></svg>",
    "invalid": "<svg><g></svg>",
    "not xml": "not svg at all",
}


@pytest.mark.parametrize("name", SVGS)
def test_safe_svg_matches_the_reference(name):
    chart = Chart("c", "C", SVGS[name])
    assert safe_svg(chart) == reference_svg(chart)


NOTES = {
    "active": "(chart omitted: it contained active content)",
    "external": "(chart omitted: it referenced external content)",
    "invalid": "(chart omitted: invalid SVG)",
}


@pytest.mark.parametrize("name, note", [
    ("a chart", None), ("plain", None), ("style safe", None),
    ("script", "active"), ("onload", "active"), ("xlink:href", "active"),
    ("style import", "external"), ("style first, then script", "external"),
    ("script first, then style", "active"), ("invalid", "invalid"),
])
def test_safe_svg_verdicts(name, note):
    shown = safe_svg(Chart("c", "C", SVGS[name]))
    assert shown == (Markup(SVGS[name]) if note is None else Markup(f'<p class="note">{NOTES[note]}</p>'))


# --- report.md tables -----------------------------------------------------------

# The Jinja macro report.md used before md_table, as the reference.
OLD_MACRO = """\
{% macro table(t) %}
| {% for c in t.columns %}{{ c | md }} |{% endfor %}

|{% for c in t.columns %}{{ "---:" if loop.index0 in t.numeric else "---" }}|{% endfor %}

{% for row in t.rows[:max_table_rows] %}
| {% for v in row %}{{ v | md }} |{% endfor %}

{% endfor %}
{% if t.rows | length > max_table_rows %}

_{{ t | more_rows }}_
{% endif %}
{% endmacro %}
{{ table(t) }}"""

MD_VALUES = VALUES + [
    "a | b", "back\\slash", "line\nbreak  and   spaces", "[x](javascript:alert(1))", "[ok](https://example.com)",
    "<img src=x onerror=alert(1)>", "*emph* `code` _u_", "](data:text/html,x)", "&amp; &lt;",
]


@pytest.mark.parametrize("n", [0, 1, 100, 101, 250])
@pytest.mark.parametrize("numeric", [(), (1,), (0, 2)])
def test_md_table_matches_the_old_macro(n, numeric):
    from careerkit.models import Config
    from careerkit.site.render import Renderer, md_safe

    rows = tuple((MD_VALUES[i % len(MD_VALUES)], MD_VALUES[(i * 7 + 3) % len(MD_VALUES)], i) for i in range(n))
    table = Table(("Name | who", "<When>", "N"), rows, None, numeric)
    env = Renderer(Config(as_of=date(2026, 11, 1))).env.overlay(finalize=md_safe, autoescape=False)  # as for report.md
    expected = env.from_string(OLD_MACRO).render(t=table)
    assert env.from_string("{{ t | md_table }}").render(t=table) == expected


def test_compiled_templates_are_kept_but_an_edited_template_is_seen(tmp_path):
    """The in-memory bytecode cache (render.COMPILED) serves the second
    Renderer of a process; a template edited in between is compiled again."""
    from careerkit.models import Config
    from careerkit.site.render import COMPILED, Renderer

    (tmp_path / "mine.html").write_text("first {{ 1 + 1 }}")
    config = Config(as_of=date(2026, 11, 1))
    assert Renderer(config, [tmp_path]).env.get_template("mine.html").render() == "first 2"
    kept = len(COMPILED.kept)
    assert Renderer(config, [tmp_path]).env.get_template("mine.html").render() == "first 2"
    assert len(COMPILED.kept) == kept
    (tmp_path / "mine.html").write_text("second {{ 2 + 2 }}")
    assert Renderer(config, [tmp_path]).env.get_template("mine.html").render() == "second 4"
