"""Trust campaign v2 (issue 17): public-mode names, ids and pay-derived figures.

The first canaries had ids that were not names (``p0``), so they missed
that record ids reached report.json and reminders.ics.  Here every contact's
file name — and so its id — is the person's name (``priya-nair.yaml``),
opportunities refer to them by it, and the owner's pay makes exact gaps.
A public build (flag or config) must not contain, in any file or file name,
in any of the forms a page could print it: a name, a first or last name, an
id made of a name, a note, an exact amount, or an exact pay-derived
percentage (the ones the private build shows).  The private build must show
them (so the check can fail).  Anchors, UIDs and finding records use the
pseudonyms of careerkit.public.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "trust"))
from conftest import make_repo
from test_trust_privacy import forms, outputs
from trustlib import count

from careerkit import public
from careerkit.models import Analysis, Config, Finding, Metric, Section, Table, Text

PEOPLE = ["Priya Nair", "Zbigniew Kowalczyk-Lund", "Aoife Ni Bhraonain", "Oluwaseun Adeyemi", "Marguerite Dubois-Lefevre",
          "Thandiwe Mokoena", "Ingrid Solberg", "Rafael Quintanilla"]


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def career() -> tuple[dict[str, str], list[str]]:
    """Files, and the secrets: names, their parts and their ids."""
    files = {"careerkit.yaml": "as_of: 2026-11-01\ninflation: {2023: 0.031, 2024: 0.027, 2025: 0.024, 2026: 0.022}\n"}
    secrets = []
    for i, name in enumerate(PEOPLE):
        ident = slug(name)
        secrets += [name, ident, *name.split()[:1], name.split()[-1]]
        files[f"content/contacts/{ident}.yaml"] = (
            f"name: {name}\ncompany: Initech\nroles: [{'recruiter' if i % 2 else 'peer'}]\nkeep_in_touch_days: 30\n"
            f"notes: NOTE-{ident}\ninteractions:\n  - {{date: 2026-0{i % 8 + 1}-03, kind: call, note: NOTE-{ident}-call}}\n"
        )
        files[f"content/opportunities/{ident}-referral.yaml"] = (
            f"company: Corp{i}\nrole: Dev\nsource: referral\ncontact: {ident}\n"
            f"posted_range: {{min: {120_011 + i}, max: {160_023 + i}}}\n"
            f"stages:\n  - {{stage: applied, date: 2026-0{i % 8 + 1}-05}}\n  - {{stage: offer, date: 2026-0{i % 8 + 1}-20}}\n"
            f"offer: {{base: {151_337 + 91 * i}}}\n"
        )
    files["content/compensation/history.yaml"] = (
        "- {date: 2023-02-01, employer: Umbrella, base: 118307}\n"
        "- {date: 2024-03-01, employer: Umbrella, base: 124913, reason: merit}\n"
        "- {date: 2025-04-01, employer: Umbrella, base: 133171, reason: counter-offer}\n"
    )
    files["content/benchmarks/survey.yaml"] = "date: 2026-05-10\nsource: Survey\np50: 141719\np75: 158231\n"
    return files, secrets


def exact_pay_figures(report: dict) -> set[str]:
    """The printed forms of every pay-derived fraction and amount of a private report."""
    found = set()
    for analysis in report["analyzers"].values():
        pay = any(m["unit"].endswith("/year") for m in analysis["metrics"].values())
        for metric in analysis["metrics"].values():
            value = metric["value"]
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value == 0:
                continue
            if metric["unit"].endswith("/year"):
                found |= {f"{value:,.0f}", f"{round(value)}"}
            elif pay and metric["unit"] == "fraction":
                found |= {f"{abs(value) * 100:.1f} %", repr(value)}
    return found


def build(tmp_path, run_cli, files, *flags) -> tuple[Path, dict[str, str]]:
    root = make_repo(tmp_path, files)
    code, out, err = run_cli(["build", "--root", str(root), *flags])
    assert code == 0, err
    return root, dict(outputs(root / "site"))


@pytest.mark.parametrize("how", ["--public", "privacy.public"])
def test_public_build_prints_no_name_id_or_exact_pay_figure(tmp_path, run_cli, how):
    files, secrets = career()
    _, private_site = build(tmp_path / "private", run_cli, files)
    private_report = json.loads(private_site["report.json"])
    figures = exact_pay_figures(private_report)
    everything = "".join(private_site.values())
    shown = [f for f in figures if f in everything]
    assert len(figures) >= 8 and len(shown) >= 6, (figures, shown)  # the private build prints them: the check can fail
    ident = slug(PEOPLE[0])
    assert ident in private_site["report.json"] and ident in private_site["reminders.ics"]  # the private build has the ids
    if how == "privacy.public":
        files["careerkit.yaml"] += "privacy: {public: true}\n"
    root, site = build(tmp_path / "public", run_cli, files, *(["--public"] if how == "--public" else []))
    found = []
    for rel, text in site.items():
        for secret in secrets + [f"NOTE-{slug(p)}" for p in PEOPLE]:
            for form in forms(secret):
                if form in text or form in rel:
                    found.append(f"{rel}: {secret!r} as {form!r}")
                    break
        found += [f"{rel}: exact pay figure {f!r}" for f in figures if f in text]
    count("public", seeded=len(secrets) + len(PEOPLE) + len(figures), leaked=len(found))
    assert found == []
    report = json.loads(site["report.json"])
    refs = [r for a in report["analyzers"].values() for f in a["findings"] for r in f["records"]]
    assert refs and all(re.fullmatch(r"[a-z]+/r-[0-9a-f]{12}", r) for r in refs)
    # the same record keeps its pseudonym: the anchors of its row, the plan's links, the UIDs of reminders.ics
    pseudonyms = {public.pseudonym(f"contacts/{slug(p)}").rpartition("/")[2] for p in PEOPLE}
    calendar = site["reminders.ics"].replace("\r\n ", "")
    assert any(f"-contacts-{p}@careerkit" in calendar for p in pseudonyms), calendar
    assert all(f'id="contacts-{p}"' in site["contacts.html"] for p in pseudonyms)


def test_pseudonyms_are_stable_short_and_applied_once():
    ref = "contacts/priya-nair"
    first = public.pseudonym(ref)
    assert first == public.pseudonym(ref) and first.startswith("contacts/r-") and len(first) == len("contacts/r-") + 12
    assert public.pseudonym(first) == first  # idempotent: the rule may run twice
    assert public.pseudonym("contacts/priya-nair2") != first
    private, shown = Config(as_of=None), Config(as_of=None, public=True)
    assert public.ref(ref, private) == ref and public.ref(ref, shown) == first


def test_metrics_from_pay_are_banded_or_withheld():
    config = Config(as_of=None, public=True)
    gap = Metric(0.2137, "fraction", "Offer gap")  # in an analysis with money: pay-derived
    multiple = Metric(1.37, "count", "Offers per raise", from_pay=True)
    days = Metric(412, "days", "Since the last raise")
    money = Metric(137_113.0, "USD/year", "Base")
    analysis = Analysis("pay", "Pay", "ok", {"gap": gap, "multiple": multiple, "days": days, "money": money},
                        findings=(Finding("warn", "You are paid 21.4 % below $137,113 (98,000 EUR, $52.50/h).",
                                          ("contacts/priya-nair",)),),
                        summary="Gap −21.4 %.",
                        sections=(Section("S", (Text("A raise of +8.2 %"), Table(("a",), (("$137,113",),)))),))
    shown = public.analysis(analysis, config)
    assert shown.metrics["gap"].value == "20–25 %"  # 21.37 % -> the five-point band 20–25 (display.pay_pct)
    assert shown.metrics["multiple"].value is None  # from_pay, not money nor fraction: withheld
    assert shown.metrics["days"].value == 412  # not from pay: as is
    assert shown.metrics["money"].value == "$130k–$140k"  # 137,113 -> 130k–140k
    message = shown.findings[0].message
    # 21.4 % -> 20–25 %; $137,113 -> $130k–$140k; 98,000 EUR -> $90k–$100k; $52.50/h -> $0–$10k (a rate is never exact)
    assert message == "You are paid 20–25 % below $130k–$140k ($90k–$100k, $0–$10k)."
    assert shown.findings[0].records == (public.pseudonym("contacts/priya-nair"),)
    assert shown.summary == "Gap −20–25 %."
    assert shown.sections[0].blocks[0].markdown == "A raise of +5–10 %"  # 8.2 -> 5–10
    assert shown.sections[0].blocks[1].rows == (("$130k–$140k",),)
    # an analysis without money keeps its percentages exact (they are not pay)
    plain = Analysis("net", "Net", "ok", {"share": Metric(0.5, "fraction", "Share")}, summary="50.0 % of your network")
    assert public.analysis(plain, config).summary == "50.0 % of your network"
    assert public.analysis(analysis, Config(as_of=None)) is analysis  # a private build: unchanged


def test_public_fraction_bands_match_display_pay_pct():
    from careerkit import display

    shown = Config(as_of=None, public=True)
    assert display.pay_pct(0.1234, Config(as_of=None)) == "12.3 %"
    assert display.pay_pct(0.1234, shown) == public.fraction_band(0.1234) == "10–15 %"  # 12.34 -> 10–15
    assert public.fraction_band(0.1234, signed=True) == "+10–15 %"
    assert public.fraction_band(-1.5) == "−150–200 %"  # 150 points: 50-point bands from 100
