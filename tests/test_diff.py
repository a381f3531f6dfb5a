"""`careerkit diff OLD.json NEW.json`: what moved, as Markdown; clean errors."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from careerkit.commands.cli import main


def metric(value, unit="count", label="A metric", status=None):
    return {"value": value, "unit": unit, "label": label, "status": status}


OLD = {
    "as_of": "2026-05-01",
    "records": {"contacts": 10, "opportunities": 3, "compensation": 2, "benchmarks": 1},
    "analyzers": {
        "market_cadence": {
            "title": "Market cadence",
            "status": "ok",
            "metrics": {
                "days_since_market_test": metric(300, "days", "Days since the last market test", "ok"),
                "funnel": metric({"applied": 3, "offer": 1}, "map", "Opportunities reaching each stage"),
                "tenure_days": metric(1000, "days", "Days at the current employer"),
            },
            "findings": [{"severity": "info", "message": "Keep testing.", "records": []}],
        },
        "pay_gaps": {
            "title": "Pay gaps",
            "status": "warn",
            "metrics": {
                "current_annual_base": metric(100000.0, "USD/year", "Current base pay"),
                "market_gap": metric(0.08, "fraction", "Market gap", "warn"),
                "market_gap_basis": metric("benchmark", "text", "Evidence behind the market gap"),
                "best_offer_annual_base": metric(None, "USD/year", "Best offer base"),
            },
            "findings": [
                {"severity": "warn", "message": "You may be underpaid.", "records": []},
                {"severity": "info", "message": "Same twice.", "records": []},
                {"severity": "info", "message": "Same twice.", "records": []},
            ],
        },
        "retired": {"title": "Retired analyzer", "status": "ok", "metrics": {}, "findings": []},
    },
}


def newer() -> dict:
    new = copy.deepcopy(OLD)
    new["as_of"] = "2026-11-01"
    new["records"]["contacts"] = 12
    mc = new["analyzers"]["market_cadence"]
    mc["status"] = "alert"
    mc["metrics"]["days_since_market_test"] = metric(484, "days", "Days since the last market test", "alert")
    mc["metrics"]["funnel"]["value"] = {"applied": 4, "offer": 1, "screen": 2}
    mc["findings"].append({"severity": "alert", "message": "Test | the market now.", "records": []})
    pg = new["analyzers"]["pay_gaps"]
    pg["metrics"]["current_annual_base"] = metric(104500.0, "USD/year", "Current base pay")
    pg["metrics"]["market_gap"] = metric(0.1234, "fraction", "Market gap", "alert")
    pg["metrics"]["market_gap_basis"] = metric("offer", "text", "Evidence behind the market gap")
    pg["metrics"]["best_offer_annual_base"] = metric(117000.0, "USD/year", "Best offer base")
    pg["status"] = "alert"
    pg["findings"] = [{"severity": "info", "message": "Same twice.", "records": []}]
    del new["analyzers"]["retired"]
    new["analyzers"]["added_one"] = {"title": "Added one", "status": "warn", "metrics": {"x": metric(1)}, "findings": []}
    return new


def write(path: Path, data) -> str:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def run_diff(tmp_path, old, new, capsys) -> tuple[int, str, str]:
    code = main(["diff", write(tmp_path / "old.json", old), write(tmp_path / "new.json", new)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def moved(tmp_path, capsys) -> str:
    code, out, err = run_diff(tmp_path, OLD, newer(), capsys)
    assert code == 0 and err == ""
    return out


def test_header_report_dates_and_record_counts(moved):
    assert moved.startswith("## What changed in the career report\n")
    assert "Report date: 2026-05-01 → 2026-11-01" in moved
    assert "Records: contacts 10 → 12 (+2)" in moved


def test_statuses_that_changed_and_analyzers_added_or_removed(moved):
    assert "| Market cadence | ✅ ok | 🚨 alert |  |" in moved
    assert "| Pay gaps | ⚠️ warn | 🚨 alert |  |" in moved
    assert "| Added one | — | ⚠️ warn | new analyzer |" in moved
    assert "| Retired analyzer | ✅ ok | — | analyzer removed |" in moved


def test_numbers_show_old_new_and_the_difference(moved):
    assert "| Market cadence | Days since the last market test (`days_since_market_test`) | 300 | 484 | +184 |" in moved
    assert "| Pay gaps | Current base pay (`current_annual_base`) | 100,000 USD | 104,500 USD | +4,500 USD |" in moved
    assert "| Pay gaps | Market gap (`market_gap`) | 8.0 % | 12.3 % | +4.3 pp |" in moved


def test_metric_status_text_null_and_mapping_changes(moved):
    assert "| Pay gaps | Market gap (`market_gap`) status | ⚠️ warn | 🚨 alert |  |" in moved
    assert "| Pay gaps | Evidence behind the market gap (`market_gap_basis`) | benchmark | offer |  |" in moved
    assert "| Pay gaps | Best offer base (`best_offer_annual_base`) | n/a | 117,000 USD |  |" in moved
    assert "(`funnel.applied`) | 3 | 4 | +1 |" in moved
    assert "(`funnel.screen`) | — | 2 |  |" in moved
    assert "funnel.offer" not in moved


def test_unchanged_metrics_are_left_out(moved):
    assert "tenure_days" not in moved
    assert "`x`" not in moved  # metrics of a new analyzer: only its status is listed


def test_findings_added_and_gone_with_their_count(moved):
    assert "- **added** · Market cadence · alert: Test | the market now." in moved
    assert "- **gone** · Pay gaps · warn: You may be underpaid." in moved
    assert moved.count("- **gone** · Pay gaps · info: Same twice.") == 1
    assert "Keep testing." not in moved


def test_decreases_are_negative(tmp_path, capsys):
    code, out, _ = run_diff(tmp_path, newer(), OLD, capsys)
    assert code == 0
    assert "| 484 | 300 | -184 |" in out
    assert "| 12.3 % | 8.0 % | -4.3 pp |" in out
    assert "Records: contacts 12 → 10 (-2)" in out


def test_nothing_changed(tmp_path, capsys):
    code, out, _ = run_diff(tmp_path, OLD, OLD, capsys)
    assert code == 0
    assert "No status, metric or finding changed." in out
    assert "Report date: 2026-05-01\n" in out
    assert "###" not in out


def test_pipes_in_table_cells_are_escaped(tmp_path, capsys):
    new = copy.deepcopy(OLD)
    new["analyzers"]["pay_gaps"]["metrics"]["market_gap_basis"]["value"] = "a|b\nc"
    code, out, _ = run_diff(tmp_path, OLD, new, capsys)
    assert code == 0
    assert "| benchmark | a\\|b c |  |" in out


def test_a_real_report_pair(tmp_path, capsys):
    repo = tmp_path / "career"
    assert main(["init", str(repo)]) == 0
    for day in ("2025-07-01", "2026-07-01"):
        assert main(["build", "--root", str(repo), "--out", str(tmp_path / day), "--as-of", day]) == 0
    capsys.readouterr()
    assert main(["diff", str(tmp_path / "2025-07-01/report.json"), str(tmp_path / "2026-07-01/report.json")]) == 0
    out = capsys.readouterr().out
    assert "Report date: 2025-07-01 → 2026-07-01" in out
    assert "`days_since_market_test`" in out and "+365 |" in out


# --- errors: one line, exit 1, no traceback ----------------------------------------


@pytest.mark.parametrize(
    "content,expected",
    [
        ('{"analyzers": {}', "old.json:1:17: invalid JSON: Expecting ',' delimiter"),
        ('{\n  "as_of": 2026-01-01\n}', "old.json:2:16: invalid JSON: Expecting ',' delimiter"),
        ("", "old.json:1:1: invalid JSON: Expecting value"),
        ('{"analyzers": {}, "x": NaN}', "old.json: invalid JSON: NaN is not a JSON number"),
        ("[" * 100_000 + "]" * 100_000, "old.json: invalid JSON: nested too deeply"),
        ("[1, 2]", "old.json: not a careerkit report.json: the top level is not an object"),
        ('{"as_of": "2026-01-01"}', "old.json: not a careerkit report.json: 'analyzers' is missing or not an object"),
        ('{"analyzers": {"a": 3}}', "old.json: not a careerkit report.json: analyzers.a is not an object"),
        ('{"analyzers": {"a": {"metrics": []}}}', "analyzers.a.metrics is not an object"),
        ('{"analyzers": {"a": {"metrics": {"m": 1}}}}', "analyzers.a.metrics.m is not an object"),
        ('{"analyzers": {"a": {"findings": {}}}}', "analyzers.a.findings is not a list of objects"),
        ('{"analyzers": {"a": {"findings": ["x"]}}}', "analyzers.a.findings is not a list of objects"),
        ('{"analyzers": {}, "records": 5}', "'records' is not an object"),
    ],
)
def test_bad_reports_are_one_line_errors(tmp_path, capsys, content, expected):
    code = main(["diff", write(tmp_path / "old.json", content), write(tmp_path / "new.json", OLD)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.startswith("careerkit: error: ") and err.count("\n") == 1
    assert expected in err
    assert "Traceback" not in err


def test_missing_file(tmp_path, capsys):
    missing = tmp_path / "nowhere.json"
    code = main(["diff", str(missing), write(tmp_path / "new.json", OLD)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == f"careerkit: error: {missing}: no such file\n"


def test_a_folder_and_a_file_that_is_not_utf8(tmp_path, capsys):
    code = main(["diff", str(tmp_path), write(tmp_path / "new.json", OLD)])
    assert code == 1
    assert f"careerkit: error: {tmp_path}: is a folder, not a report.json file" in capsys.readouterr().err
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"title": "caf\xe9"}')
    code = main(["diff", write(tmp_path / "old.json", OLD), str(latin)])
    assert code == 1
    assert f"{latin}: not UTF-8 text (byte 15)" in capsys.readouterr().err


def test_a_byte_order_mark_is_fine(tmp_path, capsys):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(OLD).encode("utf-8"))
    assert main(["diff", str(path), str(path)]) == 0
    assert "No status, metric or finding changed." in capsys.readouterr().out


def test_missing_argument_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", write(tmp_path / "old.json", OLD)])
    assert exit_info.value.code == 2
    assert "NEW.json" in capsys.readouterr().err
