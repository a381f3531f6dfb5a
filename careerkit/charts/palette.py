"""The colours of every chart and of the stage pills on the record pages.

One visual language: the progress stages (lead < applied < screen <
interview < offer) are one sequential ramp of blue, lighter to darker on a
light page (darker to lighter on a dark one), so the further a stage the
stronger its colour, everywhere; a ramp in one hue stays readable for people
with deuteranopia or protanopia (tests/test_palette.py simulates both).
Red, amber and green are reserved for the statuses (Act now, Watch, On
track): no data series is drawn in them.  The categorical colours ck-c1..c8
(series that are not stages) avoid them too.
"""

from __future__ import annotations

STAGE_RAMP = ("lead", "applied", "screen", "interview", "offer")
# theme -> the ramp's colours, stage by stage (STAGE_RAMP order)
RAMP = {
    "light": ("#a5c8ec", "#6fa6e0", "#3b7fd1", "#1958a8", "#0b3370"),
    "dark": ("#1d3f6e", "#2f63a8", "#4a8ad8", "#86b6ee", "#cfe3fa"),
    "print": ("#a5c8ec", "#6fa6e0", "#3b7fd1", "#1958a8", "#0b3370"),
}
# theme -> categorical colours ck-c1..c8: blue, purple, teal, magenta, grey, navy, mauve, charcoal
CATEGORICAL = {
    "light": ("#0969da", "#8250df", "#0e7490", "#bf3989", "#6e7781", "#1f3f8f", "#9c5f8f", "#3d444d"),
    "dark": ("#58a6ff", "#bc8cff", "#39c5cf", "#f778ba", "#9198a1", "#8fa8ff", "#d6a3c7", "#d0d7de"),
    "print": ("#0550ae", "#6639ba", "#0b5563", "#99286e", "#424a53", "#1f3f8f", "#6d3e62", "#24292f"),
}
# theme -> ok, warn, alert, none: the statuses, and nothing else
STATUS = {
    "light": ("#1a7f37", "#9a6700", "#cf222e", "#6e7781"),
    "dark": ("#3fb950", "#d29922", "#f85149", "#9198a1"),
    "print": ("#116329", "#7d4e00", "#a40e26", "#424a53"),
}
BASE = {
    "light": "--ck-bg:#ffffff;--ck-text:#1f2328;--ck-muted:#59636e;--ck-axis:#59636e;--ck-grid:#d1d9e0",
    "dark": "--ck-bg:#0d1117;--ck-text:#e6edf3;--ck-muted:#9198a1;--ck-axis:#9198a1;--ck-grid:#3d444d",
    "print": "--ck-bg:#ffffff;--ck-text:#000000;--ck-muted:#000000;--ck-axis:#000000;--ck-grid:#bbbbbb",
}

# semantic classes -> the custom property that colours them
SEMANTIC = {
    **{stage: f"s{i}" for i, stage in enumerate(STAGE_RAMP, 1)},
    "accepted": "s5", "declined": "s5",  # both reached an offer
    "rejected": "c5", "withdrawn": "c5", "ghosted": "c5", "open": "c1",  # outcomes without an offer: grey, never red
    "hire": "c2", "promotion": "c7", "merit": "c3", "cola": "c5", "counter-offer": "c4",
    "market-adjustment": "c6", "other": "c8",
    # the pay page's evidence, the same colour on every chart: benchmarks, posted ranges, offers, your pay
    "benchmark": "c1", "posted": "c3", "offers": "c4", "pay": "c8", "inflation": "c2",
    "ok": "ok", "warn": "warn", "alert": "alert", "none": "none",
}


def variables(theme: str) -> str:
    """The custom properties of a theme: --ck-bg…, --ck-c1..8, --ck-s1..5, --ck-ok/warn/alert/none."""
    parts = [BASE[theme]]
    parts += [f"--ck-c{i}:{c}" for i, c in enumerate(CATEGORICAL[theme], 1)]
    parts += [f"--ck-s{i}:{c}" for i, c in enumerate(RAMP[theme], 1)]
    parts += [f"--ck-{name}:{c}" for name, c in zip(("ok", "warn", "alert", "none"), STATUS[theme], strict=True)]
    return ";".join(parts)


CSS = "\n".join([
    "/* careerkit charts: light by default, dark and print below; colours are custom properties "
    "(careerkit/charts/palette.py) */",
    ":root,.ck-chart{" + variables("light") + "}",
    ".ck-chart{color:var(--ck-text);width:100%;height:auto;max-width:48rem;"
    "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:12px}",
    ".ck-label{fill:var(--ck-text);font-size:12px}",
    ".ck-muted{fill:var(--ck-muted)}",
    ".ck-small{font-size:10px}",
    ".ck-axis{stroke:var(--ck-axis);stroke-width:1;fill:none}",
    ".ck-grid{stroke:var(--ck-grid);stroke-width:1;fill:none}",
    ".ck-today{stroke:var(--ck-text);stroke-width:1.5;stroke-dasharray:4 3;fill:none}",
    ".ck-bar,.ck-swatch,.ck-range,.ck-dot{fill:currentColor;stroke:none}",
    ".ck-dot{stroke:var(--ck-bg);stroke-width:1.5}",
    ".ck-you{fill:var(--ck-text);stroke:var(--ck-bg);stroke-width:1.5}",
    ".ck-you-line{stroke:var(--ck-text);stroke-width:2.5;fill:none}",
    ".ck-ref{stroke:var(--ck-text);stroke-width:1.5;stroke-dasharray:5 3;fill:none}",
    ".ck-mid{stroke:var(--ck-text);stroke-width:2;fill:none}",
    ".ck-window{fill:currentColor;fill-opacity:.14;stroke:currentColor;stroke-opacity:.5;stroke-dasharray:2 2}",
    ".ck-strong{font-weight:700}",
    ".ck-line{fill:none;stroke:currentColor;stroke-width:2.5;stroke-linejoin:round}",
    ".ck-area{fill:currentColor;fill-opacity:.15;stroke:none}",
    ".ck-bg{fill:var(--ck-bg)}",
    *(f".ck-c{i}{{color:var(--ck-c{i})}}" for i in range(1, 9)),
    *(f".ck-{cls}{{color:var(--ck-{slot})}}" for cls, slot in SEMANTIC.items()),
    "@media (prefers-color-scheme: dark){:root,.ck-chart{" + variables("dark") + "}}",
    "@media print{:root,.ck-chart{" + variables("print") + "}.ck-bar,.ck-swatch,.ck-range{stroke:#000000;stroke-width:.5}}",
])
