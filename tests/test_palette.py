"""The stage ramp stays readable for colour-blind readers, and red, amber and
green are kept for the statuses.

Deuteranopia and protanopia are simulated with Machado, Oliveira and
Fernandes (2009), "A Physiologically-based Model for Simulation of Color
Vision Deficiency", severity 1.0 matrices, applied to linear RGB; colours
are compared by CIE76 ΔE in CIELAB (D65).  A ΔE of about 10 is plainly
different side by side; adjacent stages must stay at least that far apart.
"""

from __future__ import annotations

import colorsys

import pytest

from careerkit.charts.palette import CATEGORICAL, CSS, RAMP, SEMANTIC, STAGE_RAMP, STATUS

MACHADO = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
}


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))


def lab(hex_colour: str, vision: str = "normal") -> tuple[float, float, float]:
    """CIELAB of a colour as seen with ``vision`` (Machado 2009 on linear RGB)."""
    r, g, b = (_linear(c) for c in _rgb(hex_colour))
    r, g, b = (min(1.0, max(0.0, m[0] * r + m[1] * g + m[2] * b)) for m in MACHADO[vision])
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: str, b: str, vision: str = "normal") -> float:
    return sum((p - q) ** 2 for p, q in zip(lab(a, vision), lab(b, vision), strict=True)) ** 0.5


def test_lab_matches_known_values():
    assert lab("#ffffff")[0] == pytest.approx(100, abs=0.01)
    assert lab("#000000")[0] == pytest.approx(0, abs=0.01)
    # sRGB red is L* 53.24, a* 80.09, b* 67.20 (the CIELAB reference values)
    assert lab("#ff0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.05)
    # a deuteranope sees red and green far closer than a trichromat does
    assert delta_e("#ff0000", "#00aa00", "deuteranopia") < delta_e("#ff0000", "#00aa00") / 2


@pytest.mark.parametrize("theme", sorted(RAMP))
@pytest.mark.parametrize("vision", ["normal", "deuteranopia", "protanopia"])
def test_adjacent_stages_stay_distinguishable(theme, vision):
    ramp = RAMP[theme]
    for a, b in zip(ramp, ramp[1:], strict=False):
        assert delta_e(a, b, vision) >= 10, (theme, vision, a, b)
    # a sequential ramp: lightness moves one way, stage by stage
    lightness = [lab(c, vision)[0] for c in ramp]
    assert lightness == sorted(lightness) or lightness == sorted(lightness, reverse=True), (theme, vision, lightness)


def _is_status_hue(hex_colour: str) -> bool:
    """Red, orange/amber/yellow or green: hue 330°–170° with some saturation."""
    h, light, s = colorsys.rgb_to_hls(*_rgb(hex_colour))
    hue = h * 360
    return s > 0.25 and 0.15 < light < 0.9 and (hue >= 330 or hue <= 170)


def test_red_amber_green_only_for_statuses():
    for theme in RAMP:
        assert not any(_is_status_hue(c) for c in RAMP[theme] + CATEGORICAL[theme]), theme
        ok, warn, alert, _ = STATUS[theme]
        assert _is_status_hue(ok) and _is_status_hue(warn) and _is_status_hue(alert)
    # only the statuses point at the status colours; every stage at the ramp
    assert {k for k, v in SEMANTIC.items() if v in ("ok", "warn", "alert")} == {"ok", "warn", "alert"}
    assert [SEMANTIC[s] for s in STAGE_RAMP] == ["s1", "s2", "s3", "s4", "s5"]
    assert ".ck-offer{color:var(--ck-s5)}" in CSS and ".ck-rejected{color:var(--ck-c5)}" in CSS
