"""`careerkit check` as a whole: every problem in every file in one run, the
three output formats, files that are skipped or refused, hostile inputs
through the CLI, and a property: no text or bytes make it raise."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import CONFIG, make_repo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerkit.commands.cli import main

REPO = Path(__file__).resolve().parents[1]
C = "content/contacts/x.yaml"
PROBLEM = re.compile(r"^(?:content/.+|careerkit\.yaml):\d+:\d+: error: .+")

FIVE_FILES = {
    "content/contacts/a.yaml": "name: Ann\ncompnay: Acme\n",
    "content/contacts/b.yaml": "name: [Bob\n",
    "content/opportunities/o.yaml": "company: Acme\nrole: Dev\nstages:\n  - stage: interveiw\n    date: 2024-01-01\n",
    "content/compensation/c.yaml": "date: 2024-02-30\nemployer: Acme\nbase: 10\n",
    "content/benchmarks/b.yaml": "date: 2024-01-01\nsource: S\np50: -1\n",
}
FIVE_PROBLEMS = [
    ("content/benchmarks/b.yaml", 3, 6, "p50: must be greater than 0, got -1", None),
    ("content/compensation/c.yaml", 1, 7, "date: '2024-02-30' is not a valid date",
     "there is no 30 February: February 2024 has 29 days"),
    ("content/contacts/a.yaml", 2, 1, "unknown key 'compnay'", "did you mean 'company'?"),
    ("content/contacts/b.yaml", 2, 1, "YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'",
     None),
    ("content/opportunities/o.yaml", 4, 12, "stages[0].stage: 'interveiw' is not one of the allowed values",
     "did you mean 'interview'?"),
]


def test_one_run_reports_every_problem_in_every_file(run_cli, tmp_path):
    root = make_repo(tmp_path, FIVE_FILES)
    code, out, err = run_cli(["check", "--root", root])
    expected = [f"{p}:{line}:{col}: error: {msg}" + (f" ({hint})" if hint else "")
                for p, line, col, msg, hint in FIVE_PROBLEMS]
    assert out.splitlines() == expected + ["5 errors in 5 files"]
    assert (code, err) == (1, "")


def test_json_format_gives_the_same_problems_as_data(run_cli, tmp_path):
    root = make_repo(tmp_path, FIVE_FILES)
    code, out, _ = run_cli(["check", "--root", root, "--format", "json"])
    data = json.loads(out)
    assert code == 1
    assert data["valid"] is False and data["count"] == 5
    got = [(e["path"], e["line"], e["col"], e["message"], e["hint"]) for e in data["errors"]]
    assert got == FIVE_PROBLEMS
    assert {e["severity"] for e in data["errors"]} == {"error"}


def test_json_format_for_a_valid_repository(run_cli, tmp_path):
    root = make_repo(tmp_path, {C: "name: Jane\n"})
    code, out, _ = run_cli(["check", "--root", root, "--format", "json"])
    assert code == 0
    assert json.loads(out) == {"valid": True, "errors": [], "count": 0, "records": 1}


def test_github_format_prints_escaped_annotations(run_cli, tmp_path):
    odd = "content/contacts/a,b:c.yaml"
    root = make_repo(tmp_path, {odd: "name: Jane\n100%: x\n", "content/contacts/y.yaml": "name: 1\n"})
    code, out, err = run_cli(["check", "--root", root, "--format", "github"])
    assert out.splitlines() == [
        "::error file=content/contacts/a%2Cb%3Ac.yaml,line=2,col=1::unknown key '100%25' "
        "(known keys: company, email, id, interactions, keep_in_touch_days, met, name, notes, phone, roles, tags, title, url)",
        "::error file=content/contacts/y.yaml,line=1,col=7::name: expected text, got 1 (a number) (put it in quotes)",
    ]
    assert err == "2 errors in 2 files\n"
    assert code == 1


def test_a_valid_repository_prints_ok_and_exits_0(run_cli, tmp_path):
    root = make_repo(
        tmp_path,
        {
            "careerkit.yaml": CONFIG + "network_health:\n  active_days: 90\n",
            "content/contacts/jane-doe.yaml": "name: Jane Doe\nroles: [recruiter]\nmet: 2024-01-01\nphone: '0123'\n",
            "content/opportunities/acme.yaml": "company: Acme\nrole: Dev\ncontact: jane-doe\nstages:\n"
            "  - stage: applied\n    date: 2024-01-01\n"
            "  - stage: offer\n    date: 2024-02-01\noffer:\n  base: 50\n  period: hour\n  currency: EUR\n",
            "content/compensation/history.yaml": "- date: 2023-01-01\n  employer: Acme\n  base: 100000\n"
            "- date: 2024-01-01\n  employer: Acme\n  base: 105000\n",
            "content/benchmarks/survey.yaml": "date: 2024-01-01\nsource: Survey\np25: 90000\np50: 100000\np75: 120000\n",
        },
    )
    code, out, err = run_cli(["check", "--root", root])
    assert (code, out, err) == (0, "ok: 5 records, no errors\n", "")


def test_the_example_career_is_valid(run_cli):
    code, out, _ = run_cli(["check", "--root", REPO])
    assert code == 0 and out.startswith("ok: ")


# --- files that are skipped or refused ---------------------------------------------


def test_editor_temp_files_are_skipped(run_cli, tmp_path):
    root = make_repo(
        tmp_path,
        {
            "content/contacts/.#x.yaml": "name: [",
            "content/contacts/x.yaml~": "name: [",
            "content/contacts/.x.yaml.swp": b"\x00\x01\x02",
            "content/contacts/#x.yaml#": "name: [",
            "content/contacts/notes.txt": "not yaml",
            "content/contacts/ok.yaml": "name: Jane\n",
        },
    )
    code, out, _ = run_cli(["check", "--root", root])
    assert (code, out) == (0, "ok: 1 records, no errors\n")


def test_a_directory_named_like_a_yaml_file_is_not_read_as_one(run_cli, tmp_path):
    root = make_repo(tmp_path, {"content/contacts/ok.yaml": "name: Jane\n"})
    (root / "content/contacts/x.yaml").mkdir()
    (root / "content/contacts/y.yml").mkdir()
    code, out, _ = run_cli(["check", "--root", root])
    assert (code, out) == (0, "ok: 1 records, no errors\n")


def test_a_symlink_leaving_content_is_an_error(run_cli, tmp_path):
    root = make_repo(tmp_path, {"secret.yaml": "name: Secret\n", "content/contacts/ok.yaml": "name: Jane\n"})
    (root / "content/contacts/link.yaml").symlink_to(root / "secret.yaml")
    (root / "content/contacts/folder").symlink_to(root, target_is_directory=True)
    (root / "content/contacts/inside.yaml").symlink_to(root / "content/contacts/ok.yaml")
    code, out, _ = run_cli(["check", "--root", root])
    assert out.splitlines() == [
        "content/contacts/folder:1:1: error: symbolic link points outside content/; it is not read",
        "content/contacts/link.yaml:1:1: error: symbolic link points outside content/; it is not read",
        "2 errors in 2 files",
    ]
    assert code == 1


def test_a_broken_symlink_is_an_error(run_cli, tmp_path):
    root = make_repo(tmp_path, {})
    (root / "content/contacts").mkdir()
    (root / "content/contacts/gone.yaml").symlink_to(root / "content/contacts/nothing.yaml")
    code, out, _ = run_cli(["check", "--root", root])
    assert out.splitlines()[0] == "content/contacts/gone.yaml:1:1: error: broken symbolic link"
    assert code == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_not_waited_on(run_cli, tmp_path):
    root = make_repo(tmp_path, {})
    (root / "content/contacts").mkdir()
    os.mkfifo(root / C)  # opening it would block forever
    code, out, _ = run_cli(["check", "--root", root])
    assert out.splitlines()[0] == f"{C}:1:1: error: not a regular file; it is not read"
    assert code == 1


def test_an_unreadable_file_is_an_error(run_cli, tmp_path):
    root = make_repo(tmp_path, {C: "name: Jane\n"})
    (root / C).chmod(0)
    try:
        try:
            (root / C).read_bytes()
        except PermissionError:
            pass
        else:
            pytest.skip("running as root: a chmod 000 file is still readable (see the simulated test below)")
        code, out, _ = run_cli(["check", "--root", root])
    finally:
        (root / C).chmod(0o644)
    assert out.splitlines()[0] == f"{C}:1:1: error: cannot read the file: Permission denied"
    assert code == 1


def test_an_unreadable_file_is_an_error_simulated(run_cli, tmp_path, monkeypatch):
    """Works as root too: opening the file fails with EACCES."""
    import builtins

    root = make_repo(tmp_path, {C: "name: Jane\n", "content/contacts/ok.yaml": "name: Ok\n"})
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):
        if str(file).endswith("contacts/x.yaml"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    code, out, _ = run_cli(["check", "--root", root])
    assert out.splitlines() == [f"{C}:1:1: error: cannot read the file: Permission denied", "1 error in 1 file"]
    assert code == 1


def test_a_six_mib_file_is_refused_quickly(run_cli, tmp_path):
    root = make_repo(tmp_path, {C: "name: Jane\nnotes: " + "a" * (6 * 1024 * 1024) + "\n"})
    start = time.perf_counter()
    code, out, _ = run_cli(["check", "--root", root])
    assert time.perf_counter() - start < 1.0
    assert out.splitlines() == [
        f"{C}:1:1: error: the file is 6.0 MiB; the limit is 5 MiB (split it into several files)",
        "1 error in 1 file",
    ]
    assert code == 1


def test_an_alias_bomb_is_refused_within_a_second_with_little_memory(run_cli, tmp_path):
    lines = ["a: &a [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]" for i in range(1, 10)]
    root = make_repo(tmp_path, {C: "\n".join(lines) + "\nname: Jane\n"})
    run_cli(["check", "--root", make_repo(tmp_path / "warm", {})])  # imports and plugins loaded
    tracemalloc.start()
    start = time.perf_counter()
    try:
        code, out, _ = run_cli(["check", "--root", root])
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert out.splitlines()[0] == f"{C}:4:36: error: aliases expand to more than 10000 values (write the values out)"
    assert code == 1
    assert elapsed < 1.0 and peak < 20 * 1024 * 1024


@pytest.mark.parametrize(
    "text, where",
    [
        ("name: " + "[" * 10_000 + "]" * 10_000 + "\n",
         "1:1006: error: YAML syntax error: while increasing flow level exceeded maximum nesting depth"),
        ("- " * 10_000 + "x\n", "1:129: error: nesting deeper than 64 levels"),
        ("name:\n" + "".join(" " * (i + 1) + "k:\n" for i in range(2_000)), "65:65: error: nesting deeper than 64 levels"),
    ],
    ids=["flow", "block-sequences", "block-mappings"],
)
def test_ten_thousand_levels_of_nesting_give_a_located_error(run_cli, tmp_path, text, where):
    root = make_repo(tmp_path, {C: text})
    code, out, _ = run_cli(["check", "--root", root])
    assert out.splitlines() == [f"{C}:{where}", "1 error in 1 file"]
    assert code == 1


# --- the property: anything in a record file gives valid records or located errors ---


def _check_file(root: Path, data: bytes) -> tuple[int, list[str]]:
    (root / C).write_bytes(data)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["check", "--root", str(root)])
    return code, out.getvalue().splitlines()


def _assert_located_or_ok(code: int, lines: list[str]) -> None:
    assert code in (0, 1)
    if code == 0:
        assert lines == ["ok: 1 records, no errors"]
        return
    *problems, count = lines
    assert problems and re.fullmatch(r"\d+ errors? in 1 file", count)
    for line in problems:
        assert re.match(r"^content/.+:\d+:\d+: error: .+", line), line


YAMLISH = st.lists(
    st.sampled_from(
        list("abn :-[]{},#&*!|>'\"\t\n\r\\%@`~?.0129") + ["name", "true", "no", "<<", "---", "\ufeff", "é", "\x00", "\x85"]
    ),
    max_size=40,
).map("".join)


@settings(derandomize=True, max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=80), YAMLISH, YAMLISH.map(lambda t: "name: Jane\n" + t)))
def test_any_text_gives_records_or_located_errors(tmp_path, text):
    root = make_repo(tmp_path, {})
    (root / "content/contacts").mkdir(exist_ok=True)
    _assert_located_or_ok(*_check_file(root, text.encode("utf-8")))


@settings(derandomize=True, max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=80), st.binary(max_size=40).map(lambda b: b"name: Jane\nnotes: " + b)))
def test_any_bytes_give_records_or_located_errors(tmp_path, data):
    root = make_repo(tmp_path, {})
    (root / "content/contacts").mkdir(exist_ok=True)
    _assert_located_or_ok(*_check_file(root, data))
