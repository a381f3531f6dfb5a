"""Living in git and CI: the GitHub Actions workflow `careerkit init` writes
(checked with actionlint), the pre-commit hook (run with the real pre-commit
on a temporary repository) and docs/ci.md."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from careerkit import __version__
from careerkit.commands.cli import main
from careerkit.commands.workflow import install_source, precommit_config, source_from_direct_url, workflow_text

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A command installed with the test extra (beside this Python, else on PATH)."""
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def actionlint(tmp_path: Path, text: str) -> subprocess.CompletedProcess:
    repo = tmp_path / "lint"
    path = repo / ".github" / "workflows" / "careerkit.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return subprocess.run(
        [tool("actionlint"), "-no-color", ".github/workflows/careerkit.yml"],
        cwd=repo, capture_output=True, text=True, timeout=60,
    )


# --- the workflow -------------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(workflow_text("1.2.3"))


def test_the_workflow_passes_actionlint(tmp_path):
    result = actionlint(tmp_path, workflow_text(__version__))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_catch_a_broken_workflow(tmp_path):
    broken = workflow_text(__version__).replace("github.event_name != 'pull_request'", "github.event_nam != 'pull_request'", 1)
    result = actionlint(tmp_path, broken)
    assert result.returncode == 1
    assert re.search(r"careerkit\.yml:\d+:\d+: .*event_nam", result.stdout)


def test_init_writes_this_workflow(tmp_path, capsys):
    """scaffold.py writes careerkit.commands.workflow.workflow_text(install_source())."""
    assert main(["init", "--no-git", str(tmp_path / "career")]) == 0
    written = (tmp_path / "career" / ".github" / "workflows" / "careerkit.yml").read_text(encoding="utf-8")
    assert written == workflow_text(install_source())


def test_it_pins_the_careerkit_version_it_was_made_with(workflow):
    runs = [step.get("run", "") for step in workflow["jobs"]["report"]["steps"]]
    assert 'python -m pip install "careerkit==1.2.3"' in runs
    assert "{careerkit_version}" not in workflow_text("1.2.3") and "{install}" not in workflow_text("1.2.3")


def test_pull_requests_are_checked_with_annotations_and_built(workflow):
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    steps = workflow["jobs"]["report"]["steps"]
    runs = [step.get("run", "") for step in steps]
    check, build = runs.index("careerkit check --format github"), runs.index("careerkit build --out private-report")
    assert check < build
    summary = runs.index('cat private-report/report.md >> "$GITHUB_STEP_SUMMARY"')
    assert summary > build
    artifact = next(i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert steps[artifact]["with"]["path"] == "private-report" and artifact > build
    for step in steps[: max(summary, artifact) + 1]:
        assert "if" not in step  # these run on pull requests too


def test_the_default_branch_deploys_with_the_official_pages_actions(workflow):
    steps = workflow["jobs"]["report"]["steps"]
    pages = [step for step in steps if "pages" in step.get("uses", "")]
    assert [s["uses"].split("@")[0] for s in pages] == ["actions/configure-pages", "actions/upload-pages-artifact"]
    assert pages[1]["with"] == {"path": "public-site"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "report"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    for condition in [s["if"] for s in pages] + [deploy["if"]]:
        assert "github.event_name != 'pull_request'" in condition
        assert "github.ref_name == github.event.repository.default_branch" in condition
    assert workflow["permissions"] == {"contents": "read"}


def test_pages_only_ever_gets_a_public_build(workflow):
    """The folder uploaded to Pages is written by a `careerkit build --public`
    and by nothing else; the private report never goes near Pages."""
    steps = workflow["jobs"]["report"]["steps"]
    uploaded = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))["with"]["path"]
    writers = [s["run"] for s in steps if f"--out {uploaded}" in s.get("run", "")]
    assert writers == [f"careerkit build --public --out {uploaded}"]
    private = [s["run"] for s in steps if s.get("run", "").startswith("careerkit build") and "--public" not in s["run"]]
    assert private == ["careerkit build --out private-report"]
    assert uploaded != "private-report"


def test_it_warns_that_pages_are_public_and_says_how_to_publish_the_private_report(workflow):
    text = workflow_text(__version__)
    comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    assert "PUBLIC, even when this repository is private" in comments
    assert "`careerkit build --public` site" in comments
    assert "change `path: public-site` to `path: private-report`" in comments  # the explicit change it takes


# --- where the workflow installs careerkit from (PEP 610 direct_url.json) --------------


def test_a_release_is_pinned_by_version():
    source = source_from_direct_url(None, "1.2.3")  # no direct_url.json: installed from an index
    assert (source.requirement, source.warning) == ("careerkit==1.2.3", None)
    assert 'python -m pip install "careerkit==1.2.3"' in workflow_text(source)


def test_a_git_install_is_pinned_to_its_commit():
    sha = "0123456789abcdef0123456789abcdef01234567"
    vcs = {"vcs": "git", "commit_id": sha, "requested_revision": "main"}
    text = json.dumps({"url": "https://example.org/careerkit.git", "vcs_info": vcs})
    source = source_from_direct_url(text, "0.1.0")
    assert source.requirement == f"careerkit @ git+https://example.org/careerkit.git@{sha}" and source.warning is None
    assert f'python -m pip install "careerkit @ git+https://example.org/careerkit.git@{sha}"' in workflow_text(source)
    hooks = yaml.safe_load(precommit_config(source))["repos"]
    assert hooks == [{"repo": "https://example.org/careerkit.git", "rev": sha, "hooks": [{"id": "careerkit-check"}]}]


def test_a_git_install_from_a_local_path_is_pinned_but_warned_about():
    text = json.dumps({"url": "file:///home/me/careerkit", "vcs_info": {"vcs": "git", "commit_id": "abc1234"}})
    source = source_from_direct_url(text, "0.1.0")
    assert source.requirement == "careerkit @ git+file:///home/me/careerkit@abc1234"
    assert "GitHub's runners cannot reach" in source.warning and "file:///home/me/careerkit" in source.warning


@pytest.mark.parametrize("direct_url", [
    {"url": "file:///home/me/careerkit", "dir_info": {"editable": True}},
    {"url": "file:///home/me/careerkit", "dir_info": {}},
    {"url": "file:///tmp/careerkit-0.1.0-py3-none-any.whl", "archive_info": {}},
])
def test_a_local_install_gets_a_warning_and_an_install_step_that_fails_naming_its_line(tmp_path, direct_url):
    source = source_from_direct_url(json.dumps(direct_url), "0.1.0")
    assert source.requirement is None and "fill it in" in source.warning
    text = workflow_text(source)
    step = next(s for s in yaml.safe_load(text)["jobs"]["report"]["steps"] if s.get("name") == "Install careerkit")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if row.strip().startswith("run: echo"))
    assert step["run"].startswith(f'echo "::error file=.github/workflows/careerkit.yml,line={line}::FILL IN')
    assert f"line {line} of .github/workflows/careerkit.yml must install careerkit" in step["run"]
    assert step["run"].endswith("exit 1")
    result = actionlint(tmp_path, text)
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = yaml.safe_load(precommit_config(source))["repos"][0]["hooks"]
    assert hooks[0]["language"] == "system" and hooks[0]["entry"] == "careerkit check"


def test_init_warns_about_a_local_install(tmp_path, capsys, monkeypatch):
    import careerkit.commands.scaffold

    local = source_from_direct_url(json.dumps({"url": "file:///src/careerkit", "dir_info": {"editable": True}}))
    monkeypatch.setattr(careerkit.commands.scaffold, "install_source", lambda: local)
    assert main(["init", "--no-git", str(tmp_path / "career")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("careerkit: warning: careerkit was installed from file:///src/careerkit, which GitHub's runners")
    written = (tmp_path / "career/.pre-commit-config.yaml").read_text(encoding="utf-8")
    assert written == precommit_config(local)


# --- pre-commit ---------------------------------------------------------------------


def test_the_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "careerkit-check"
    assert hook["entry"] == "careerkit check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    for path in ("content/contacts/jane.yaml", "careerkit.yaml"):
        assert pattern.search(path)
    for path in ("README.md", "site/report.json", "plugins/x.py"):
        assert not pattern.search(path)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory) -> Path:
    """careerkit's sources as they are in this work tree, committed in a
    temporary repository (try-repo only sees tracked files)."""
    src = tmp_path_factory.mktemp("careerkit-src")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, src / name)
    for folder in ("careerkit", "plugins"):
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "-c", "user.name=careerkit tests", "-c", "user.email=tests@example.invalid", "commit", "-q", "-m", "snapshot")
    return src


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(career: Path, source: Path, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    return subprocess.run(
        [tool("pre-commit"), "try-repo", str(source), "careerkit-check", "--all-files"],
        cwd=career, env=env, capture_output=True, text=True, timeout=240,
    )


def new_career(path: Path) -> Path:
    assert main(["init", str(path)]) == 0
    git(path, "init", "-q")
    git(path, "add", "-A")
    return path


def test_pre_commit_passes_a_valid_repository_and_fails_a_broken_one(tmp_path, hook_source, pre_commit_home, capsys):
    career = new_career(tmp_path / "career")
    result = try_repo(career, hook_source, pre_commit_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"careerkit check\.+Passed", result.stdout)

    (career / "content" / "contacts" / "broken.yaml").write_text("name: Broken Record\nmet: 2026-13-01\n", encoding="utf-8")
    git(career, "add", "-A")
    result = try_repo(career, hook_source, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"careerkit check\.+Failed", result.stdout)
    assert "content/contacts/broken.yaml:2:6: error: met: '2026-13-01' is not a valid date" in result.stdout
    assert "1 error in 1 file" in result.stdout


# --- docs/ci.md ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def ci_doc() -> str:
    return (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")


def test_the_doc_has_the_exit_code_table(ci_doc):
    from careerkit.commands import cli

    for code in ("0", "1", "2", "3", "4", "70"):
        assert re.search(rf"^\| {code} \|", ci_doc, re.M), code
        assert f"{code} " in cli.__doc__
    assert (cli.EXIT_INVALID, cli.EXIT_USAGE, cli.EXIT_PLUGIN, cli.EXIT_FAIL_ON, cli.EXIT_BUG) == (1, 2, 3, 4, 70)


def test_the_doc_explains_every_step_of_the_workflow(ci_doc, workflow):
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert f"`{step['uses'].split('@')[0]}`" in ci_doc, step["uses"]
            else:
                assert step["run"].split(" >>")[0].split('"')[0].strip() in ci_doc, step["run"]


def test_the_doc_covers_pre_commit_privacy_reminders_and_diff(ci_doc):
    assert "id: careerkit-check" in ci_doc
    assert "public, even when its repository is private" in ci_doc
    assert "privacy: {public: true}" in ci_doc
    assert "reminders.ics" in ci_doc and "network_health-contacts-jane-doe@careerkit" in ci_doc
    assert "careerkit diff OLD.json NEW.json" in ci_doc


def test_the_doc_yaml_examples_parse(ci_doc):
    blocks = re.findall(r"```yaml\n(.*?)```", ci_doc, re.S)
    assert len(blocks) >= 3
    for block in blocks:
        assert yaml.safe_load(block) is not None
