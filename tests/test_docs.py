"""The docs are tested against the code: hooks, CLI options, metrics,
settings and record fields must be documented, and the plugin example runs."""

from __future__ import annotations

import argparse
import inspect
import json
import re
import shutil
from pathlib import Path

import pytest

from careerkit import hookspecs
from careerkit.commands.cli import main, make_parser
from careerkit.records.config import CONFIG
from careerkit.records.kinds import BUILTIN_KINDS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def hook_names() -> list[str]:
    return [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("careerkit_")]


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_has_a_section_in_plugins_doc(hook):
    assert f"### {hook}\n" in doc("plugins.md")


def cli_options() -> list[tuple[str, str]]:
    parser = make_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    pairs = []
    for command, subparser in sorted(sub.choices.items()):
        for action in subparser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    pairs.append((command, option))
    return pairs


def test_cli_has_the_spec_commands():
    commands = {c for c, _ in cli_options()}
    assert {"init", "check", "build", "plugins", "schema"} <= commands


@pytest.mark.parametrize("command,option", cli_options())
def test_every_cli_option_is_documented(command, option):
    text = doc("cli.md")
    assert f"## careerkit {command}" in text
    assert option in text, f"{command} {option} is not in docs/cli.md"


def test_exit_codes_table_matches_cli_docstring():
    text = doc("cli.md")
    for code in ("0", "1", "2", "3", "4", "70"):
        assert re.search(rf"^\| {code} \|", text, re.M), code


@pytest.fixture(scope="module")
def analyses():
    from careerkit.pipeline.build import analyze, load

    loaded = load(ROOT)
    assert not loaded.problems
    result, failures = analyze(loaded)
    assert not failures
    return result


def test_every_metric_and_setting_is_in_the_methodology(analyses):
    text = doc("methodology.md")
    import careerkit_plugins.market_cadence as mc
    import careerkit_plugins.network_health as nh
    import careerkit_plugins.pay_gaps as pg

    assert {a.name for a in analyses} == {"network_health", "pay_gaps", "market_cadence"}
    for analysis in analyses:
        assert f"## `{analysis.name}`" in text
        for metric in analysis.metrics:
            assert f"`{metric}`" in text, metric
    for module in (nh, pg, mc):
        for setting, default in module.DEFAULTS.items():
            assert f"`{setting}`: `{default}`" in text, setting


def test_every_record_field_and_config_key_is_in_records_doc():
    text = doc("records.md")
    for kind in BUILTIN_KINDS:
        for field in kind.shape.fields:
            assert f"`{field.name}`" in text, (kind.name, field.name)
    for field in CONFIG.fields:
        assert f"`{field.name}`" in text, field.name


def test_the_plugin_example_runs(tmp_path, capsys):
    code = re.search(r"```python\n(.*?)```", doc("plugins.md"), re.S).group(1)
    repo = tmp_path / "career"
    shutil.copytree(ROOT / "content", repo / "content")
    shutil.copy(ROOT / "careerkit.yaml", repo / "careerkit.yaml")
    (repo / "plugins").mkdir()
    (repo / "plugins" / "interview_load.py").write_text(code, encoding="utf-8")
    out = tmp_path / "site"
    assert main(["build", "--root", str(repo), "--out", str(out), "--plugins-dir", str(repo / "plugins")]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    result = report["analyzers"]["interview_load"]
    assert result["title"] == "Interview load"
    assert isinstance(result["metrics"]["interviews"]["value"], int)
    assert (out / "interview_load.html").is_file()
    assert "Interview load" in (out / "index.html").read_text(encoding="utf-8")


def test_readme_shows_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make build" in text and "make test" in text
    for link in re.findall(r"\]\((docs/[^)#]+)", text):
        assert (ROOT / link).exists(), link
