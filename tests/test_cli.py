"""The command line: --version and --help, usage errors (exit 2), `init`,
`schema`, and never a traceback on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from careerkit import __version__
from careerkit.commands.scaffold import files as scaffold_files

COMMANDS = ["init", "check", "build", "plugins", "schema"]


@pytest.fixture
def cli(run_cli):
    """run_cli (tests/conftest.py) that also checks no traceback is shown."""

    def run(*argv) -> tuple[int, str, str]:
        code, out, err = run_cli([str(a) for a in argv])
        assert "Traceback" not in err and "Traceback" not in out
        return code, out, err

    return run


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- --version, --help ----------------------------------------------------------


def test_version(cli):
    code, out, err = cli("--version")
    assert (code, out, err) == (0, f"careerkit {__version__}\n", "")


def test_installed_console_script_runs():
    script = Path(sys.executable).with_name("careerkit")
    if not script.exists():
        pytest.skip(f"no console script next to {sys.executable}")
    done = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"careerkit {__version__}\n", "")


def test_help_lists_every_command_and_the_exit_codes(cli):
    code, out, err = cli("--help")
    assert code == 0 and err == ""
    assert out.startswith("usage: careerkit")
    for command in COMMANDS:
        assert f"    {command}" in out
    text = " ".join(out.split())
    assert "Exit codes: 0 ok, 1 invalid content, 2 usage, refused output folder or not a career repository," in text
    assert "70 internal error (a bug: please report it)" in text  # was missing from the help


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(cli, command):
    code, out, err = cli(command, "--help")
    assert code == 0 and err == ""
    assert out.startswith(f"usage: careerkit {command}")
    assert "--root ROOT" in out and "--debug" in out


@pytest.mark.parametrize(
    "option", ["--out OUT", "--as-of AS_OF", "--public", "--plugins-dir PLUGINS_DIR", "--fail-on {warn,alert}"]
)
def test_build_help_documents_its_options(cli, option):
    assert option in cli("build", "--help")[1]


def test_no_command_prints_help_and_exits_2(cli):
    code, out, _ = cli()
    assert code == 2 and out.startswith("usage: careerkit")


# --- usage errors exit 2 -----------------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
        (["build", "--as-of", "2026-13-01"], "argument --as-of: '2026-13-01' is not a date (there is no month 13: "
                                             "months run from 01 to 12)"),
        (["check", "--as-of", "yesterday"], "argument --as-of: 'yesterday' is not a date (write dates as YYYY-MM-DD)"),
        (["build", "--colour"], "unrecognized arguments: --colour"),
        (["check", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["build", "--fail-on", "info"], "argument --fail-on: invalid choice: 'info'"),
        (["build", "--out"], "argument --out: expected one argument"),
        (["init", "a", "b"], "unrecognized arguments: b"),
    ],
)
def test_usage_errors_exit_2(cli, argv, message):
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert err.startswith("usage: careerkit")
    assert f"careerkit: error: {message}" in err


@pytest.mark.parametrize("command", ["check", "build", "plugins", "schema"])
def test_missing_root_exits_2(cli, tmp_path, command):
    code, out, err = cli(command, "--root", tmp_path / "nowhere")
    assert code == 2
    assert err == f"careerkit: error: --root {tmp_path / 'nowhere'} is not a folder\n"
    assert not (tmp_path / "nowhere").exists()


# --- init ------------------------------------------------------------------------------


def test_init_creates_a_repository_that_builds(cli, tmp_path):
    target = tmp_path / "career"
    code, out, err = cli("init", "--no-git", target)
    assert code == 0 and all(line.startswith("careerkit: warning: ") for line in err.splitlines())  # an editable install warns
    assert f"created a career repository in {target}" in out
    assert sorted(tree(target)) == sorted(scaffold_files())
    assert (target / "plugins").is_dir()
    assert "plugins_dir: plugins" in (target / "careerkit.yaml").read_text()
    assert cli("check", "--root", target)[0] == 0
    code, out, err = cli("build", "--root", target)
    assert code == 0, err
    report = json.loads((target / "site/report.json").read_text())
    assert report["records"] == {"benchmarks": 1, "compensation": 2, "contacts": 1, "opportunities": 1}
    assert {"network_health", "pay_gaps", "market_cadence"} <= set(report["analyzers"])


def test_init_plugins_folder_is_used(cli, tmp_path):
    target = tmp_path / "career"
    assert cli("init", target)[0] == 0
    (target / "plugins/count.py").write_text(
        "from careerkit import Analysis, Metric, hookimpl\n\n"
        "@hookimpl\n"
        "def careerkit_analyze(records):\n"
        "    return Analysis('count', 'Count', 'ok', {'n': Metric(len(records.contacts), 'count', 'Contacts')})\n"
    )
    assert cli("build", "--root", target)[0] == 0
    assert json.loads((target / "site/report.json").read_text())["analyzers"]["count"]["metrics"]["n"]["value"] == 1


def test_init_defaults_to_the_current_folder(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("init")[0] == 0
    assert (tmp_path / "careerkit.yaml").is_file() and (tmp_path / ".github/workflows/careerkit.yml").is_file()


@pytest.mark.parametrize("existing", sorted(scaffold_files()))
def test_init_refuses_to_overwrite_any_file_and_writes_nothing(cli, tmp_path, existing):
    target = tmp_path / "career"
    (target / existing).parent.mkdir(parents=True)
    (target / existing).write_text("mine\n")
    code, out, err = cli("init", target)
    assert code == 1
    assert f"careerkit: error: {target / existing} exists; init never overwrites" in err
    assert "nothing was written" in err
    assert tree(target) == {existing: b"mine\n"}


def test_init_refuses_when_a_folder_it_needs_is_a_file(cli, tmp_path):
    target = tmp_path / "career"
    target.mkdir()
    (target / "content").write_text("not a folder\n")
    code, _, err = cli("init", target)
    assert code == 1 and f"{target / 'content'} exists" in err
    assert tree(target) == {"content": b"not a folder\n"}


def test_init_into_a_file_exits_1(cli, tmp_path):
    (tmp_path / "career").write_text("a file\n")
    code, _, err = cli("init", tmp_path / "career")
    assert code == 1 and "is not a folder; nothing was written" in err


# --- schema -------------------------------------------------------------------------------


def test_schema_writes_one_valid_json_file_per_kind_and_the_config(cli, tmp_path):
    out = tmp_path / "schemas"
    code, stdout, err = cli("schema", "--root", tmp_path, "--out", out)
    assert code == 0 and err == ""
    names = ["benchmarks", "careerkit", "compensation", "contacts", "opportunities"]
    assert sorted(p.name for p in out.iterdir()) == [f"{n}.schema.json" for n in names]
    assert stdout.splitlines() == [str(out / f"{n}.schema.json") for n in names]
    for name in names:
        document = json.loads((out / f"{name}.schema.json").read_text())
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        record = document["$defs"]["record"] if name != "careerkit" else document
        assert record["type"] == "object" and record["properties"]
        if name != "careerkit":  # a record file holds one record or a list of them
            assert document["oneOf"][1] == {"type": "array", "items": {"$ref": "#/$defs/record"}}
    contact = json.loads((out / "contacts.schema.json").read_text())["$defs"]["record"]
    assert contact["required"] == ["name"] and contact["additionalProperties"] is False


def test_schema_includes_plugin_kinds_and_defaults_into_root(cli, tmp_path):
    (tmp_path / "careerkit.yaml").write_text("plugins_dir: mine\n")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine/projects.py").write_text(
        "from careerkit import hookimpl\n"
        "from careerkit.schema import Field, RecordKind, Shape\n\n"
        "@hookimpl\n"
        "def careerkit_record_kinds():\n"
        "    return [RecordKind('projects', Shape((Field('name', 'str', required=True),)))]\n"
    )
    assert cli("schema", "--root", tmp_path)[0] == 0
    assert json.loads((tmp_path / "schemas/projects.schema.json").read_text())["$defs"]["record"]["required"] == ["name"]


@pytest.mark.parametrize("out, message", [("content", "it is inside content/"), ("content/x", "it is inside content/")])
def test_schema_refuses_content(cli, tmp_path, out, message):
    (tmp_path / "content").mkdir()
    code, _, err = cli("schema", "--root", tmp_path, "--out", tmp_path / out)
    assert code == 2 and message in err
    assert list((tmp_path / "content").iterdir()) == []


def test_schema_into_a_file_exits_2(cli, tmp_path):
    (tmp_path / "taken").write_text("mine\n")
    code, _, err = cli("schema", "--root", tmp_path, "--out", tmp_path / "taken")
    assert code == 2 and f"cannot write schemas to {tmp_path / 'taken'}" in err
    assert (tmp_path / "taken").read_text() == "mine\n"
