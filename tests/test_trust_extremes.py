"""Trust campaign v2 (issue 17): extreme values, and every value `check`
accepts builds.

The validators bound what the analyzers can compute with (docs/records.md,
"Bounds"): dates between 1900 and 2200 (also `as_of` and `--as-of`), pay
under 10^9 a year (as written and annualized in the base currency), any
number under 10^15, inflation between -0.5 and 1, exchange rates between
0.000001 and 1,000,000, `hours_per_year` at most 8784, `keep_in_touch_days`
at most 36,500, a plugin setting's number within ±1,000,000, no control
characters in text.  Each extreme is a located error from `check` and
`build` (exit 1, never 3 or 70); its neighbours just inside the bounds
pass `check` and then build with exit 0.  A property test draws values
anywhere in the accepted ranges — at the bounds more often — and asserts
the same.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "trust"))
from conftest import make_repo
from trustlib import count

BASE = {
    "careerkit.yaml": "as_of: 2026-11-01\nfx: {EUR: 1.08}\ninflation: {2025: 0.03}\n",
    "content/contacts/jane-doe.yaml": "name: Jane Doe\nkeep_in_touch_days: 90\ninteractions:\n"
        "  - {date: 2026-01-10, kind: call}\n",
    "content/compensation/history.yaml": "- {date: 2024-01-01, employer: Acme, base: 100000}\n"
        "- {date: 2025-06-01, employer: Acme, base: 110000}\n",
    "content/opportunities/globex.yaml": ("company: Globex\nrole: Dev\nposted_range: {min: 120000, max: 150000}\n"
                                          "stages:\n  - {stage: applied, date: 2026-03-01}\n"
                                              "  - {stage: offer, date: 2026-04-01}\n"
                                          "offer: {base: 130000}\n"),
    "content/benchmarks/survey.yaml": "date: 2026-02-01\nsource: Survey\np50: 125000\n",
}


def repo_with(tmp_path: Path, changes: dict[str, str]) -> Path:
    return make_repo(tmp_path, {**BASE, **changes})


# (case, files changed, extra CLI arguments, message regex, location "path:line:col" or None for a CLI error)
REFUSED = [
    ("as-of flag 9999", {}, ["--as-of", "9999-12-31"], r"between 1900 and 2200", None),
    ("as-of flag 0001", {}, ["--as-of", "0001-01-01"], r"between 1900 and 2200", None),
    ("as-of flag 1899", {}, ["--as-of", "1899-12-31"], r"between 1900 and 2200", None),
    ("as-of config 9999", {"careerkit.yaml": "as_of: 9999-12-31\n"}, [], r"between 1900 and 2200", "careerkit.yaml:1:8"),
    ("as-of config 0001", {"careerkit.yaml": "as_of: 0001-01-01\n"}, [], r"between 1900 and 2200", "careerkit.yaml:1:8"),
    ("benchmark 0001", {"content/benchmarks/survey.yaml": "date: 0001-01-01\nsource: S\np50: 1000\n"}, [],
     r"between 1900 and 2200", "content/benchmarks/survey.yaml:1:7"),
    ("interaction 2201", {"content/contacts/jane-doe.yaml": "name: J\ninteractions:\n  - {date: 2201-01-01}\n"}, [],
     r"between 1900 and 2200", "content/contacts/jane-doe.yaml:3:12"),
    ("stage 1899", {"content/opportunities/globex.yaml": "company: G\nrole: D\nstages:\n"
        "  - {stage: applied, date: 1899-12-31}\n"}, [],
     r"between 1900 and 2200", "content/opportunities/globex.yaml:4:28"),
    ("keep_in_touch 1e8", {"content/contacts/jane-doe.yaml": "name: J\nkeep_in_touch_days: 100000000\n"}, [],
     r"at most 36,500", "content/contacts/jane-doe.yaml:2:21"),
    ("keep_in_touch 36501", {"content/contacts/jane-doe.yaml": "name: J\nkeep_in_touch_days: 36501\n"}, [],
     r"at most 36,500", "content/contacts/jane-doe.yaml:2:21"),
    ("base 1e308", {"content/compensation/history.yaml": "- {date: 2024-01-01, employer: A, base: 1e308}\n"}, [],
     r"under 10\^15", "content/compensation/history.yaml:1:41"),
    ("base 341 digits", {"content/compensation/history.yaml": "- {date: 2024-01-01, employer: A, base: " + "9" * 341 + "}\n"},
     [],
     r"under 10\^15, got a number of 341 characters", "content/compensation/history.yaml:1:41"),
    ("base 2e9", {"content/compensation/history.yaml": "- {date: 2024-01-01, employer: A, base: 2000000000}\n"}, [],
     r"pay under 10\^9 a year", "content/compensation/history.yaml:1:41"),
    ("hourly annualized over 1e9",
     {"content/compensation/history.yaml": "- {date: 2024-01-01, employer: A, base: 600000, period: hour}\n"},
     [], r"a year in the base currency; keep pay under 10\^9", "content/compensation/history.yaml:1:41"),
    ("offer via fx over 1e9", {"careerkit.yaml": "as_of: 2026-11-01\nfx: {EUR: 1000}\n",
                               "content/opportunities/globex.yaml": ("company: G\nrole: D\nstages:\n"
                                   "  - {stage: offer, date: 2026-01-01}\n"
                                                                     "offer: {base: 2000000, currency: EUR}\n")}, [],
     r"offer\.base: is 2,000,000,000 a year", "content/opportunities/globex.yaml:5:15"),
    ("benchmark p50 1e10", {"content/benchmarks/survey.yaml": "date: 2026-01-01\nsource: S\np50: 1e10\n"}, [],
     r"pay under 10\^9", "content/benchmarks/survey.yaml:3:6"),
    ("inflation -1", {"careerkit.yaml": "as_of: 2026-11-01\ninflation: {2022: -1}\n"
        ""}, [], r"between -0.5 and 1", "careerkit.yaml:2:19"),
    ("inflation -1.5", {"careerkit.yaml": "as_of: 2026-11-01\ninflation: {2022: -1.5}\n"
        ""}, [], r"between -0.5 and 1", "careerkit.yaml:2:19"),
    ("inflation 1.01", {"careerkit.yaml": "as_of: 2026-11-01\ninflation: {2022: 1.01}\n"
        ""}, [], r"between -0.5 and 1", "careerkit.yaml:2:19"),
    ("inflation year 1800", {"careerkit.yaml": "as_of: 2026-11-01\ninflation: {1800: 0.1}\n"}, [], r"a year from 1900 to 2200",
     "careerkit.yaml:2:13"),
    ("fx 1e308", {"careerkit.yaml": "as_of: 2026-11-01\nfx: {EUR: 1e308}\n"
        ""}, [], r"between 0.000001 and 1,000,000", "careerkit.yaml:2:11"),
    ("fx tiny", {"careerkit.yaml": "as_of: 2026-11-01\nfx: {EUR: 1e-300}\n"
        ""}, [], r"between 0.000001 and 1,000,000", "careerkit.yaml:2:11"),
    ("fx 0", {"careerkit.yaml": "as_of: 2026-11-01\nfx: {EUR: 0}\n"}, [], r"between 0.000001", "careerkit.yaml:2:11"),
    ("fx 400 digits", {"careerkit.yaml": "as_of: 2026-11-01\nfx: {EUR: " + "7" * 400 + "}\n"
        ""}, [], r"400 characters", "careerkit.yaml:2:11"),
    ("hours_per_year 1e6", {"careerkit.yaml": "as_of: 2026-11-01\nhours_per_year: 1000000\n"}, [], r"at most 8,784",
     "careerkit.yaml:2:17"),
    ("setting 1e8 days", {"careerkit.yaml": "as_of: 2026-11-01\nmarket_cadence: {target_days: 100000000}\n"}, [],
     r"between -1,000,000 and 1,000,000", "careerkit.yaml:2:31"),
    ("setting -1e8 days", {"careerkit.yaml": "as_of: 2026-11-01\nnetwork_health: {stale_days: -100000000}\n"}, [],
     r"between -1,000,000 and 1,000,000", "careerkit.yaml:2:30"),
    ("name with NUL and ESC", {"content/contacts/jane-doe.yaml": 'name: "Jane\\0Doe\\e[31m"\n'}, [],
     r"control character U\+0000", "content/contacts/jane-doe.yaml:1:7"),
    ("note with BEL", {"content/contacts/jane-doe.yaml": 'name: Jane\nnotes: "ring\\a"\n'}, [], r"control character U\+0007",
     "content/contacts/jane-doe.yaml:2:8"),
    ("title with C1", {"careerkit.yaml": 'as_of: 2026-11-01\ntitle: "Report\\x85"\n'}, [], r"control character U\+0085",
     "careerkit.yaml:2:8"),
    ("employer with DEL", {"content/compensation/history.yaml": '- {date: 2024-01-01, employer: "A\\x7f", base: 1}\n'}, [],
     r"control character U\+007F", "content/compensation/history.yaml:1:32"),
]


def run(root: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run([sys.executable, "-m", "careerkit.commands.cli", *argv, "--root", str(root)],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize(("changes", "args", "pattern", "where"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_extreme_values_are_located_errors(tmp_path, changes, args, pattern, where):
    root = repo_with(tmp_path, changes)
    for command in ("check", "build"):
        done = run(root, command, *args)
        output = done.stdout + done.stderr
        assert "Traceback" not in output and "internal error" not in output, output
        assert re.search(pattern, output), output
        if where is None:
            assert done.returncode == 2, output  # a bad --as-of is a usage error
        else:
            assert done.returncode == 1, output
            assert any(line.startswith(where + ":") for line in output.splitlines()), (where, output)
    assert not (root / "site").exists()
    count("extremes", tried=1, passed=1)


# Just inside the bounds: `check` accepts them, and then `build` must succeed.
ACCEPTED = [
    ("as-of flag 2200", {}, ["--as-of", "2200-12-31"]),
    ("as-of flag 1900", {"content/compensation/history.yaml": "- {date: 1900-01-01, employer: A, base: 1}\n"
        ""}, ["--as-of", "1900-01-01"]),
    ("dates at 1900", {"content/benchmarks/survey.yaml": "date: 1900-01-01\nsource: S\np50: 1000\n",
                       "content/contacts/jane-doe.yaml": "name: J\nmet: 1900-01-01\ninteractions:\n"
                           "  - {date: 1900-01-02}\n"}, []),
    ("dates at 2200", {"content/opportunities/globex.yaml": "company: G\nrole: D\nstages:\n"
        "  - {stage: offer, date: 2200-12-31}\n"
                                                            "offer: {base: 999999999}\n"}, ["--as-of", "2200-12-31"]),
    ("keep_in_touch 36500", {"content/contacts/jane-doe.yaml": "name: J\nkeep_in_touch_days: 36500\n"
        ""}, ["--as-of", "2200-12-31"]),
    ("pay just under 1e9", {"content/compensation/history.yaml": "- {date: 2024-01-01, employer: A, base: 999999999}\n"
                                                                "- {date: 2025-01-01, employer: A, base: 0.01}\n"}, []),
    ("tiny pay", {"content/compensation/history.yaml": "- {date: 2024-01-01, employer: A, base: 0.0001, period: hour}\n"}, []),
    ("inflation -0.5 and 1", {"careerkit.yaml": "as_of: 2026-11-01\ninflation: {2024: -0.5, 2025: 1, 2026: 1}\n"}, []),
    ("fx at the bounds", {"careerkit.yaml": "as_of: 2026-11-01\nfx: {EUR: 0.000001, GBP: 1000000}\n",
                          "content/benchmarks/survey.yaml": "date: 2026-01-01\nsource: S\np50: 999\ncurrency: GBP\n",
                          "content/compensation/history.yaml":
                              "- {date: 2024-01-01, employer: A, base: 900000000, currency: EUR}\n"},
     []),
    ("hours 8784", {"careerkit.yaml": "as_of: 2026-11-01\nhours_per_year: 8784\n"}, []),
    ("settings at 1e6", {"careerkit.yaml": "as_of: 2026-11-01\nmarket_cadence: {target_days: 1000000}\n"
                                          "network_health: {stale_days: 1000000, active_days: 1000000}\n"
                                              "pay_gaps: {lookback_days: 1000000}\n"},
     ["--as-of", "2200-12-31"]),
    ("tab and newline in text", {"content/contacts/jane-doe.yaml": 'name: "Jane\\tDoe"\nnotes: "a\\nb"\n'}, []),
]


@pytest.mark.parametrize(("changes", "args"), [c[1:] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED])
def test_values_just_inside_the_bounds_build(tmp_path, changes, args):
    root = repo_with(tmp_path, changes)
    checked = run(root, "check", *args)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run(root, "build", *args)
    assert built.returncode == 0, built.stdout + built.stderr
    json.loads((root / "site/report.json").read_text())
    count("extremes", tried=1, passed=1)


# --- property: whatever check accepts, build builds ------------------------------------

settings.register_profile("extremes-ci", max_examples=30, derandomize=True, deadline=None,
                          suppress_health_check=list(HealthCheck), database=None)
settings.register_profile("extremes-fuzz", max_examples=int(os.environ.get("CAREERKIT_FUZZ_EXAMPLES", "400")), deadline=None,
                          suppress_health_check=list(HealthCheck))
PROFILE = "extremes-fuzz" if os.environ.get("CAREERKIT_FUZZ") else "extremes-ci"


def edgy_days(wild: bool = False):
    """A date at or near the bounds, or anywhere between; any date when ``wild``."""
    from datetime import date

    if wild:
        return st.dates().map(str)
    return st.one_of(st.sampled_from(["1900-01-01", "1900-01-02", "2200-12-31", "2200-12-30", "2000-02-29", "1970-01-01"]),
                     st.dates(date(1900, 1, 1), date(2200, 12, 31)).map(str))


def edgy_numbers(low: float, high: float, integer: bool = False, wild: bool = False):
    """A number at or near the bounds, or between them; anything when ``wild``."""
    if wild:
        return st.integers(-10**20, 10**20) if integer else st.floats(allow_nan=True, allow_infinity=True)
    near = [low, high, low * 10 if low else 1, high / 10, high - 1 if integer else high * 0.999, (low + high) / 2]
    if integer:
        return st.one_of(st.sampled_from([int(v) for v in near]), st.integers(int(low), int(high)))
    return st.one_of(st.sampled_from(near), st.floats(low, high))


PAY_TOP = 1e9 - 1  # pay is under 10^9 a year


def yaml_json(value) -> str:
    """JSON (a subset of YAML) with YAML's spellings of nan and infinities."""
    return json.dumps(value, allow_nan=True).replace("NaN", ".nan").replace("-Infinity", "-.inf").replace("Infinity", ".inf")


def yaml_number(value) -> str:
    return yaml_json(value)


@st.composite
def edgy_repos(draw):
    def wild() -> bool:  # now and then a value from anywhere: check must refuse it with a located error
        return draw(st.integers(0, 39)) == 23  # not 0 or 39: Hypothesis favours the ends of a range

    as_of = draw(edgy_days(wild()))
    inflation = {draw(st.integers(1900, 2200)): draw(edgy_numbers(-0.5, 1.0, wild=wild()))
                 for _ in range(draw(st.integers(0, 3)))}
    fx = draw(edgy_numbers(1e-6, 1e6, wild=wild()))
    config = {"as_of": as_of, "fx": {"EUR": fx}, "hours_per_year": draw(edgy_numbers(1, 8784, wild=wild())),
              "market_cadence": {"target_days": draw(edgy_numbers(1, 1e6, integer=True, wild=wild()))},
              "network_health": {"stale_days": draw(edgy_numbers(1, 1e6, integer=True, wild=wild()))}}
    years = ", ".join(f"{year}: {yaml_number(value)}" for year, value in inflation.items())  # YAML int keys (JSON has none)
    lines = [f"{key}: {yaml_json(value)}" for key, value in config.items()] + [f"inflation: {{{years}}}"]
    files = {"careerkit.yaml": "\n".join(lines) + "\n"}
    pay = []
    for i in range(draw(st.integers(1, 3))):
        # the largest amount a period allows: its year (at the most hours and the highest rate) stays under 10^9
        period = draw(st.sampled_from(["year", "month", "hour"]))
        currency = draw(st.sampled_from(["USD", "EUR"]))
        rate = fx if currency == "EUR" and fx > 1 else 1
        top = {"year": PAY_TOP, "month": PAY_TOP / 12, "hour": PAY_TOP / 8784}[period] / rate
        pay.append({"id": f"e{i}", "date": draw(edgy_days(wild())), "employer": f"E{i % 2}",
                    "base": draw(edgy_numbers(1e-4, max(top, 1e-3), wild=wild())), "period": period, "currency": currency})
    files["content/compensation/history.yaml"] = yaml_json(pay)
    files["content/contacts/jane-doe.yaml"] = yaml_json({
        "name": "Jane Doe", "keep_in_touch_days": draw(edgy_numbers(1, 36500, integer=True, wild=wild())),
        "interactions": [{"date": draw(edgy_days(wild()))} for _ in range(draw(st.integers(0, 2)))]})
    offer_day = draw(edgy_days(wild()))
    files["content/opportunities/globex.yaml"] = yaml_json({
        "company": "Globex", "role": "Dev", "stages": [{"stage": "offer", "date": offer_day}],
        "offer": {"base": draw(edgy_numbers(1e-4, PAY_TOP, wild=wild()))},
        "posted_range": {"min": draw(edgy_numbers(1, 1e8, wild=wild())), "max": 1e9 - 1}})
    files["content/benchmarks/survey.yaml"] = yaml_json({"date": draw(edgy_days(wild())), "source": "S",
                                                         "p50": draw(edgy_numbers(1, PAY_TOP, wild=wild()))})
    public = draw(st.booleans())
    return files, public


@settings(settings.get_profile(PROFILE))
@given(edgy_repos())
def test_every_value_check_accepts_builds(tmp_path_factory, example):
    files, public = example
    root = make_repo(tmp_path_factory.mktemp("edgy"), files)
    checked = run(root, "check")
    output = checked.stdout + checked.stderr
    assert checked.returncode in (0, 1), output  # a verdict, never a crash
    assert "Traceback" not in output and "internal error" not in output, output
    accepted = checked.returncode == 0
    if accepted:
        built = run(root, "build", *(["--public"] if public else []))
        output = built.stdout + built.stderr
        assert built.returncode == 0, output  # never 3 (an analyzer crashed) or 70 (careerkit crashed)
    else:
        located = r"^(careerkit\.yaml|content/\S+):\d+:\d+: error: "
        assert all(re.match(located, line) for line in checked.stdout.splitlines()[:-1]
                   if line and not line.startswith(" ")), output
    count("extreme-property", examples=1, accepted=int(accepted))
