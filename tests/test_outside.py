"""First contact with the outside world (issue 16): `init` as a new user
runs it, a clear refusal outside a career repository, and errors that fit
the mistake (number and date hints, currency codes, ids of records named in
other scripts, a file that cannot be parsed, indentation), plus the smaller
items (bob.YAML, help texts, the serve error page, the scaffold)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CONFIG, make_repo

from careerkit.commands.serve import error_page
from careerkit.records.scalars import date_hint, number_hint, slugify

C = "content/contacts"
PAY = "date: 2025-01-01\nemployer: A\n{}\n"
OPPORTUNITY = (
    "company: Acme\nrole: Dev\n"
    "source: referral\ncontact: tom-baker\nstages:\n  - {stage: applied, date: 2025-01-01}\n"
)
REPO_COMMANDS = [
    ["check"],
    ["build"],
    ["serve", "--port", "0"],
    ["log", "jane", "call"],
    ["stage", "globex", "applied"],
    ["import", "vcard", "people.vcf"],
]


# --- outside a career repository: exit 2, nothing written -------------------------------------


@pytest.mark.parametrize("argv", REPO_COMMANDS, ids=[a[0] for a in REPO_COMMANDS])
def test_each_command_refuses_a_folder_that_is_not_a_career_repository(tmp_path, run_cli, monkeypatch, argv):
    empty = tmp_path / "downloads"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a career\n")
    monkeypatch.chdir(empty)
    code, out, err = run_cli(argv)
    assert code == 2  # was 0 ("ok: 0 records") for check and build
    assert err == (
        f"careerkit: error: {empty} is not a career repository: it has no careerkit.yaml and no content/ folder; "
        "nothing was written (run `careerkit init` to make one, or pass --root with your career repository)\n"
    )
    assert sorted(p.name for p in empty.iterdir()) == ["notes.txt"]  # no site/, no .careerkit-cache/


def test_build_with_root_slash_is_refused_and_names_the_folder(tmp_path, run_cli, monkeypatch):
    if Path("/careerkit.yaml").exists() or Path("/content").is_dir():
        pytest.skip("this machine's / looks like a career repository")
    monkeypatch.chdir(tmp_path)
    existed = {name: Path("/", name).exists() for name in ("site", ".careerkit-cache")}
    code, _, err = run_cli(["build", "--root", "/"])
    assert code == 2
    assert err.startswith("careerkit: error: / is not a career repository") and "`careerkit init /`" in err
    assert {name: Path("/", name).exists() for name in existed} == existed


def test_a_folder_with_only_careerkit_yaml_or_only_content_is_a_career_repository(tmp_path, run_cli):
    only_config = tmp_path / "a"
    only_config.mkdir()
    (only_config / "careerkit.yaml").write_text(CONFIG)
    assert run_cli(["check", "--root", only_config])[:2] == (0, "ok: 0 records, no errors\n")
    only_content = make_repo(tmp_path / "b", {})
    assert run_cli(["check", "--root", only_content])[0] == 0


# --- init -----------------------------------------------------------------------------------


def test_init_root_writes_there_not_here(tmp_path, run_cli, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, _ = run_cli(["init", "--no-git", "--root", tmp_path / "career"])
    assert code == 0 and f"created a career repository in {tmp_path / 'career'}" in out
    assert list(here.iterdir()) == []  # it used to write its 14 files into the current folder
    assert (tmp_path / "career/careerkit.yaml").is_file()


def test_init_refuses_two_different_folders(tmp_path, run_cli):
    code, _, err = run_cli(["init", tmp_path / "a", "--root", tmp_path / "b"])
    assert code == 2 and "give the folder once, as DIR or --root" in err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_init_makes_a_git_repository_unless_told_not_to(tmp_path, run_cli):
    code, out, _ = run_cli(["init", tmp_path / "with"])
    assert code == 0 and f"initialized a git repository in {tmp_path / 'with'}" in out and "--no-git skips this" in out
    inside = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=tmp_path / "with", capture_output=True, text=True)
    assert Path(inside.stdout.strip()).resolve() == (tmp_path / "with").resolve()
    code, out, _ = run_cli(["init", "--no-git", tmp_path / "without"])
    assert code == 0 and not (tmp_path / "without/.git").exists() and "run `git init`" in out


def test_init_prints_a_portable_way_to_open_the_report(tmp_path, run_cli):
    code, out, _ = run_cli(["init", "--no-git", tmp_path / "career"])
    assert code == 0
    assert "open site/index.html" not in out  # `open` is macOS only
    assert f"open {tmp_path / 'career' / 'site' / 'index.html'} in your browser" in out
    assert "careerkit serve" in out


def test_the_scaffold_points_to_nothing_the_new_repository_lacks(tmp_path, run_cli):
    assert run_cli(["init", "--no-git", tmp_path / "career"])[0] == 0
    config = (tmp_path / "career/careerkit.yaml").read_text()
    assert "Docs: docs/records.md" not in config and not (tmp_path / "career/docs").exists()
    assert "schemas/careerkit.schema.json" in config and (tmp_path / "career/schemas/careerkit.schema.json").is_file()


def test_the_scaffold_has_an_inflation_rate_for_every_year_of_its_pay_history(tmp_path, run_cli):
    """Real growth needs the years from the first pay entry of the current
    run on: the scaffold's history starts in 2023 (the scaffold had 2024-2025)."""
    root = tmp_path / "career"
    assert run_cli(["init", "--no-git", root])[0] == 0
    assert "  2023: 0.041" in (root / "careerkit.yaml").read_text()
    assert run_cli(["build", "--root", root, "--as-of", "2026-11-01"])[0] == 0
    report = json.loads((root / "site/report.json").read_text())
    messages = [f["message"] for f in report["analyzers"]["pay_gaps"]["findings"]]
    assert not [m for m in messages if "inflation" in m and "missing" in m], messages


# --- help texts and --fail-on -----------------------------------------------------------------


def test_diff_help_offers_no_root(run_cli):
    code, out, _ = run_cli(["diff", "--help"])
    assert code == 0 and "--root" not in out and "OLD.json" in out


def test_check_fail_on_says_why_it_exits_4(tmp_path, run_cli):
    root = tmp_path / "career"
    assert run_cli(["init", "--no-git", root])[0] == 0
    code, out, err = run_cli(["check", "--root", root, "--fail-on", "warn", "--as-of", "2026-11-01"])
    assert code == 4 and out == "ok: 5 records, no errors\n"
    assert err.startswith("careerkit: exit 4 (--fail-on warn): ")
    assert err.endswith("; the records are valid, but an analyzer's status is warn or worse\n")


# --- errors that fit the mistake ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("120k", "write 120000"),  # 120 × 1,000
        ("145,000", "write 145000, without separators"),
        ("$145000", "write 145000 (the currency goes in `currency:`, not in the number)"),
        ("sixty", "write the number in digits"),
        ("1_000", "write 1000, without separators"),  # YAML 1.2 reads 1_000 as text
        ("1.5M", "write 1500000"),  # 1.5 × 1,000,000
        ('"120000"', "write it without quotes"),
    ],
)
def test_a_number_written_as_text_gets_the_hint_that_fits(tmp_path, run_cli, written, hint):
    root = make_repo(tmp_path, {"careerkit.yaml": CONFIG, "content/compensation/h.yaml": PAY.format(f"base: {written}")})
    code, out, _ = run_cli(["check", "--root", root])
    assert code == 1
    assert "content/compensation/h.yaml:3:7: error: base: expected a number, got " in out
    assert f"({hint})\n" in out
    assert "write it without quotes" not in out or written.startswith('"')  # the old hint, wrong for all but a quoted number


def test_number_hint_for_a_fraction_in_a_whole_number_field():
    assert number_hint(12.5, "int") == "write a whole number, like 12"


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("2025-13-01", "there is no month 13: months run from 01 to 12"),
        ("2025-02-30", "there is no 30 February: February 2025 has 28 days"),
        ("2024-02-30", "there is no 30 February: February 2024 has 29 days"),  # 2024 is a leap year
        ("2023-02-29", "there is no 29 February in 2023: it is not a leap year"),
        ("2025-04-31", "there is no 31 April: April 2025 has 30 days"),
        ("2025-01-00", "there is no day 00: days start at 01"),
        ("2025/3/1", "write dates as YYYY-MM-DD: 2025-03-01"),
        ("1 March 2025", "write dates as YYYY-MM-DD"),
    ],
)
def test_an_impossible_date_says_what_is_wrong(tmp_path, run_cli, written, hint):
    assert date_hint(written) == hint
    root = make_repo(tmp_path, {f"{C}/jane.yaml": f"name: Jane\nmet: '{written}'\n"})
    code, out, _ = run_cli(["check", "--root", root])
    assert code == 1 and f"{C}/jane.yaml:2:6: error: met: '{written}' is not a valid date ({hint})\n" in out


@pytest.mark.parametrize(
    ("code", "hint"),
    [("usd", "did you mean 'USD'? currency codes are upper case"), ("EUD", "did you mean 'EUR'?"), ("XYZ", "like USD or EUR")],
)
def test_a_currency_must_be_an_iso_4217_code(tmp_path, run_cli, code, hint):
    pay = PAY.format(f"base: 1\ncurrency: {code}")
    root = make_repo(tmp_path, {"careerkit.yaml": CONFIG, "content/compensation/h.yaml": pay})
    out = run_cli(["check", "--root", root])[1]
    assert f"content/compensation/h.yaml:4:11: error: currency: '{code}' is not an ISO 4217 currency code ({hint})\n" in out


def test_an_unknown_currency_is_refused_even_with_an_fx_rate(tmp_path, run_cli):
    config = "currency: USD\nfx:\n  XYZ: 2\n  usd: 1\n"
    root = make_repo(tmp_path, {"careerkit.yaml": config, "content/compensation/h.yaml": PAY.format("base: 1\ncurrency: XYZ")})
    code, out, _ = run_cli(["check", "--root", root])
    assert code == 1
    assert "careerkit.yaml:3:3: error: fx: key 'XYZ' should be an ISO 4217 currency code like EUR\n" in out  # was accepted
    assert "careerkit.yaml:4:3: error: fx: key 'usd' should be an ISO 4217 currency code like EUR (did you mean 'USD'?" in out
    assert "content/compensation/h.yaml:4:11: error: currency: 'XYZ' is not an ISO 4217 currency code" in out


def test_records_named_in_other_scripts_get_distinct_readable_ids(tmp_path, run_cli):
    people = "- name: 王伟\n  company: A\n- name: 李娜\n  company: B\n- name: Иван Петров\n"
    to_li_na = OPPORTUNITY.replace("tom-baker", "li-na")
    root = make_repo(tmp_path, {f"{C}/people.yaml": people, "content/opportunities/x.yaml": to_li_na})
    code, out, _ = run_cli(["check", "--root", root])
    assert (code, out) == (0, "ok: 4 records, no errors\n")  # was "duplicate contacts id 'record'"
    names = ("王伟", "李娜", "Иван Петров", "Ørsted", "Zoë")
    assert [slugify(n) for n in names] == ["wang-wei", "li-na", "ivan-petrov", "orsted", "zoe"]


def test_a_file_that_cannot_be_parsed_does_not_send_the_user_to_another_file(tmp_path, run_cli):
    tom = "name: Tom Baker\ncompany: Acme\n  title: CTO\n"
    root = make_repo(tmp_path, {f"{C}/tom-baker.yaml": tom, "content/opportunities/acme.yaml": OPPORTUNITY})
    code, out, _ = run_cli(["check", "--root", root])
    assert code == 1
    assert "no contact has the id 'tom-baker'" not in out  # the opportunity is fine: the contact file is not
    assert out.splitlines() == [
        f"{C}/tom-baker.yaml:1:1: error: the records in this file could not be read, so references to them are not checked "
        "('tom-baker' at content/opportunities/acme.yaml:4:10) (fix the YAML error in this file first)",
        f"{C}/tom-baker.yaml:3:8: error: YAML syntax error: mapping values are not allowed in this context "
        "(line 3 starts in column 3 but the line above (line 2: `company: Acme`) in column 1: keys of one mapping line up)",
        "2 errors in 1 file",
    ]


def test_a_reference_into_an_unreadable_list_file_is_held_back_too_and_others_still_reported(tmp_path, run_cli):
    broken = "- name: Tom Baker\n  company: Acme\n   title: CTO\n"
    other = OPPORTUNITY.replace("tom-baker", "nobody-at-all")
    files = {f"{C}/people.yaml": broken, "content/opportunities/acme.yaml": OPPORTUNITY, "content/opportunities/b.yaml": other}
    root = make_repo(tmp_path, files)
    out = run_cli(["check", "--root", root])[1]
    assert "content/opportunities/acme.yaml:4:10: error" not in out  # 'tom-baker' may be in people.yaml
    assert "content/opportunities/b.yaml:4:10: error: contact: no contact has the id 'nobody-at-all'" in out
    assert out.count("could not be read") == 1


def test_a_value_with_a_colon_gets_the_quotes_hint(tmp_path, run_cli):
    root = make_repo(tmp_path, {f"{C}/tom.yaml": "name: Tom Baker\ntitle: CTO: platform\n"})
    out = run_cli(["check", "--root", root])[1]
    assert ("(line 2 lines up with the line above (line 1: `name: Tom Baker`): if its value contains ': ', "
            "put the value in quotes)") in out


# --- the smaller items -----------------------------------------------------------------------------


def test_an_upper_case_yaml_extension_is_read(tmp_path, run_cli):
    root = make_repo(tmp_path, {f"{C}/bob.YAML": "name: Bob\n", f"{C}/ann.Yml": "name: Ann\n"})
    assert run_cli(["check", "--root", root])[:2] == (0, "ok: 2 records, no errors\n")  # was 0 records: ignored


def test_the_serve_error_page_speaks_of_one_problem_in_the_singular():
    one, two = error_page(["a:1:1: error: x"]), error_page(["a:1:1: error: x", "b:1:1: error: y"])
    assert "<h1>The build failed: 1 problem</h1>" in one and "<p>Fix it and save;" in one  # was "Fix them"
    assert "<h1>The build failed: 2 problems</h1>" in two and "<p>Fix them and save;" in two


def test_a_refused_log_names_a_line_the_file_has(tmp_path, run_cli):
    jane = "# Jane\nname: Jane\ninteractions:\n  - {date: 2025-01-01, kind: call}\nnotes: |\n  one\n  two\n  three\n"
    root = make_repo(tmp_path, {f"{C}/jane.yaml": jane})
    code, _, err = run_cli(["log", "jane", "lunch", "--date", "2025-02-01", "--root", root])
    assert code == 1
    first = err.splitlines()[0]
    assert first.startswith(f"{C}/jane.yaml:2:1: error: in the new entry of `interactions`: interactions[1].kind: 'lunch'")
    assert (root / C / "jane.yaml").read_text() == jane


# --- the README says only what works ---------------------------------------------------------


def test_the_readme_installs_the_ways_that_work():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    commands = [line.split("#")[0].strip() for line in readme.splitlines() if line.startswith("pip install")]
    assert "pip install careerkit" not in commands  # careerkit is not on PyPI: "from versions: none"
    assert "pip install ." in commands
    assert any(c.startswith('pip install "git+') for c in commands)
    assert "What the tests need" in readme and "sudo apt-get install chromium cmark-gfm" in readme
