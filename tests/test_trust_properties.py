"""Trust campaign, part 2 (issue 10): properties over generated careers.

Hypothesis builds valid career repositories with records of every kind and
random but valid values; for each: ``check`` passes, ``build`` succeeds and
is deterministic (a second build is byte-identical), every record appears
where it should (contacts page, opportunities page, pay page, report.json
counts), and metrics stay in range (fractions in [0, 1], counts and days
≥ 0, the funnel never grows).  And for bytes mangled into a valid record
file: only located errors, never a traceback.

CI runs a fixed, derandomized profile; ``CAREERKIT_FUZZ=1`` (``make fuzz``)
runs a long random one.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, timedelta
from pathlib import Path

import html5lib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "trust"))
from trustlib import count, tree_hash

from careerkit.commands.cli import main
from careerkit.records.kinds import ROLES, SOURCES

settings.register_profile("trust-ci", max_examples=50, derandomize=True, deadline=None,
                          suppress_health_check=list(HealthCheck), database=None)
settings.register_profile("trust-fuzz", max_examples=int(os.environ.get("CAREERKIT_FUZZ_EXAMPLES", "400")), deadline=None,
                          suppress_health_check=list(HealthCheck))
PROFILE = "trust-fuzz" if os.environ.get("CAREERKIT_FUZZ") else "trust-ci"
AS_OF = date(2026, 11, 1)

words = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzÀéøßЖ中&<>'\""), min_size=1, max_size=8)
text = st.lists(words, min_size=1, max_size=3).map(" ".join).map(lambda s: s.strip()).filter(bool)
day = st.integers(0, 3000).map(lambda n: AS_OF - timedelta(days=n))
PROGRESS = ["lead", "applied", "screen", "interview", "offer"]


def q(value) -> str:
    return json.dumps(value, ensure_ascii=False)


@st.composite
def careers(draw):
    files = {"careerkit.yaml": f"as_of: {AS_OF}\ntitle: {q(draw(text))}\nfx: {{EUR: 1.08}}\n"}
    employers = draw(st.lists(text, min_size=1, max_size=3, unique_by=lambda s: s.lower()))
    contacts = []
    for i in range(draw(st.integers(0, 6))):
        name = draw(text)
        contacts.append(name)
        lines = [f"id: c{i}", f"name: {q(name)}", f"company: {q(draw(st.sampled_from(employers + ['Other Co'])))}"]
        roles = draw(st.lists(st.sampled_from(ROLES), unique=True, max_size=3))
        lines.append(f"roles: {q(roles)}")
        met = draw(day)
        lines.append(f"met: {met}")
        if draw(st.booleans()):
            lines.append(f"keep_in_touch_days: {draw(st.integers(1, 400))}")
        dates = sorted(draw(st.lists(st.integers(0, (AS_OF - met).days), max_size=3)))
        if dates:
            lines.append("interactions:")
            lines += [f"  - {{date: {met + timedelta(days=d)}, kind: call, note: {q(draw(text))}}}" for d in dates]
        files[f"content/contacts/c{i}.yaml"] = "\n".join(lines) + "\n"
    opportunities = []
    for i in range(draw(st.integers(0, 5))):
        company, role = draw(text), draw(text)
        opportunities.append(company)
        depth = draw(st.integers(1, 5))
        start = draw(day)
        gaps = sorted(draw(st.lists(st.integers(0, (AS_OF - start).days), min_size=depth, max_size=depth)))
        stages = [f"  - {{stage: {PROGRESS[k]}, date: {start + timedelta(days=gaps[k])}}}" for k in range(depth)]
        lines = [f"id: o{i}", f"company: {q(company)}", f"role: {q(role)}", f"source: {draw(st.sampled_from(SOURCES))}"]
        if contacts and draw(st.booleans()):
            lines.append(f"contact: c{draw(st.integers(0, len(contacts) - 1))}")
        if draw(st.booleans()):
            low = draw(st.integers(20_000, 200_000))
            lines.append(f"posted_range: {{min: {low}, max: {low + draw(st.integers(0, 80_000))}}}")
        lines += ["stages:", *stages]
        if depth == 5 and draw(st.booleans()):
            lines.append(f"offer: {{base: {draw(st.integers(30_000, 300_000))}, bonus: {draw(st.integers(0, 20_000))}}}")
        files[f"content/opportunities/o{i}.yaml"] = "\n".join(lines) + "\n"
    pay_days = sorted(set(draw(st.lists(st.integers(0, 4000), min_size=1, max_size=5))), reverse=True)
    pay = []
    for _n, d in enumerate(pay_days):
        period, base = draw(st.sampled_from([
            ("year", st.integers(20_000, 300_000)), ("hour", st.integers(10, 150)), ("month", st.integers(2_000, 25_000))
        ]))
        pay.append(f"- {{date: {AS_OF - timedelta(days=d)}, employer: {q(draw(st.sampled_from(employers)))},"
                   f" base: {draw(base)}, period: {period}}}\n")
    files["content/compensation/history.yaml"] = "".join(pay)
    benchmarks = draw(st.integers(0, 3))
    for i in range(benchmarks):
        p50 = draw(st.integers(30_000, 300_000))
        files[f"content/benchmarks/b{i}.yaml"] = (
            f"id: b{i}\ndate: {draw(day)}\nsource: {q(draw(text))}\np25: {p50 - 1000}\np50: {p50}\nperiod: year\n"
        )
    return files, {"contacts": contacts, "opportunities": opportunities, "compensation": len(pay),
                   "benchmarks": benchmarks, "employers": employers}


def write(root: Path, files: dict) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())


def page_text(path: Path) -> str:
    tree = html5lib.parse(path.read_text(encoding="utf-8"), treebuilder="etree", namespaceHTMLElements=False)
    return " ".join("".join(tree.itertext()).split())


def quiet(argv) -> int:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main([str(a) for a in argv])
    assert "Traceback" not in err.getvalue()
    return code


FRACTIONS = {"employer_concentration", "active_employer_concentration", "network_sourced_share"}
COUNTS = {"contacts", "active_contacts", "stale_contacts", "follow_ups_due", "recruiters", "active_recruiters", "advocates",
          "active_advocates", "market_tests_in_target_window"}
DAYS = {"days_since_market_test", "days_since_offer", "tenure_days"}


@settings(settings.get_profile(PROFILE))
@given(careers())
def test_generated_careers_check_build_and_report_every_record(tmp_path_factory, career):
    files, expect = career
    root = tmp_path_factory.mktemp("career")
    write(root, files)
    count("properties", examples=1)
    assert quiet(["check", "--root", root]) == 0
    assert quiet(["build", "--root", root]) == 0
    assert quiet(["build", "--root", root, "--out", root / "again", "--as-of", str(AS_OF)]) == 0
    first, second = tree_hash(root / "site"), tree_hash(root / "again")
    first.pop(".careerkit-site"), second.pop(".careerkit-site")
    assert first == second
    report = json.loads((root / "site/report.json").read_text())
    assert report["records"] == {"contacts": len(expect["contacts"]), "opportunities": len(expect["opportunities"]),
                                 "compensation": expect["compensation"], "benchmarks": expect["benchmarks"]}
    contacts = page_text(root / "site/contacts.html")
    assert all(name in contacts for name in expect["contacts"])
    opportunities = page_text(root / "site/opportunities.html")
    assert all(company in opportunities for company in expect["opportunities"])
    pay = page_text(root / "site/pay.html")
    assert any(employer in pay for employer in expect["employers"])
    for _name, analysis in report["analyzers"].items():
        assert analysis["status"] in ("none", "ok", "warn", "alert")
        for key, metric in analysis["metrics"].items():
            value = metric["value"]
            if value is None:
                continue
            if key in FRACTIONS:
                assert 0 <= value <= 1, (key, value)
            if key in COUNTS:
                assert isinstance(value, int) and value >= 0, (key, value)
            if key in DAYS:
                assert isinstance(value, int) and value >= 0, (key, value)
            if key == "offer_rate_by_source":  # {decided, offers, rate}: the counts beside every rate
                for rate in value.values():
                    assert 0 <= rate["offers"] <= rate["decided"] and rate["decided"] >= 1, value
                    assert rate["rate"] == round(rate["offers"] / rate["decided"], 4), value
            if key == "days_until_test_due":  # target_days (730) - days_since_market_test
                assert value == 730 - analysis["metrics"]["days_since_market_test"]["value"], value
            if key == "funnel":
                steps = [value[s] for s in ("applied", "screen", "interview", "offer")]
                assert steps == sorted(steps, reverse=True) and steps[-1] >= 0, value
    nh = report["analyzers"]["network_health"]["metrics"]
    assert nh["contacts"]["value"] == len(expect["contacts"])
    assert nh["active_contacts"]["value"] <= nh["contacts"]["value"]


@settings(settings.get_profile(PROFILE))
@given(careers(), st.data())
def test_mangled_bytes_give_located_errors_never_a_traceback(tmp_path_factory, career, data):
    files, _ = career
    rel = data.draw(st.sampled_from(sorted(files)))
    raw = bytearray(files[rel].encode())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, max(len(raw) - 1, 0)))
        raw[at:at + data.draw(st.integers(0, 3))] = data.draw(st.binary(max_size=4))
    files = {**files, rel: bytes(raw)}
    root = tmp_path_factory.mktemp("mangled")
    write(root, files)
    count("properties", examples=1)
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(["check", "--root", str(root), "--format", "json"])
    assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
    result = json.loads(out.getvalue())
    assert code == (1 if result["errors"] else 0)
    for error in result["errors"]:
        assert error["path"] in files and error["line"] >= 1 and error["col"] >= 1, error
