"""Trust campaign v2 (issue 17): walking content/, and the files around it.

The walker uses an explicit stack and turns every folder or name it cannot
use into a located error (exit 1), never exit 70: 1,100 and 2,000 nested
folders, a path over PATH_MAX, an unreadable subfolder (as root: run without
CAP_DAC_OVERRIDE), names that are not UTF-8 or hold control characters.
`careerkit.yaml` that is a folder, a named pipe, a device, a broken
symbolic link or a link out of the repository is an error (a lost
``privacy.public: true`` must not go unnoticed); an unreadable plugins
folder is an error; ``plugins: {disable: [...]}`` naming no plugin is an
error with a suggestion.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "trust"))
from conftest import make_repo
from trustlib import count

CAREERKIT = [sys.executable, "-m", "careerkit.commands.cli"]
BASE = {"careerkit.yaml": "as_of: 2026-11-01\n", "content/contacts/jane-doe.yaml": "name: Jane Doe\n"}


def run(root: Path, *argv: str, drop_root: bool = False) -> tuple[int, str]:
    prefix = []
    if drop_root and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv is missing: a mode-000 folder is readable")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    done = subprocess.run([*prefix, *CAREERKIT, *argv, "--root", str(root)], capture_output=True, text=True, timeout=120,
                          cwd=root.parent, errors="backslashreplace")
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    return done.returncode, output


def nest(folder: Path, depth: int, name: str = "d") -> Path:
    """``depth`` nested folders below ``folder`` (os.makedirs recurses: it would fail first)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
        with open(os.open("deep.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as handle:
            handle.write("name: Deep Person\n")
    finally:
        os.close(fd)
    return folder


def unnest(folder: Path, name: str = "d") -> None:
    """Remove what ``nest`` made without recursion (shutil.rmtree recurses
    once per level: pytest could not clean the temporary folder)."""
    current, i = folder / name, 0
    while current.is_dir():
        inner = current / name
        if inner.is_dir():
            flat = folder / f".flat-{i}"
            os.rename(inner, flat)
        else:
            flat = None
        shutil.rmtree(current)
        if flat is None:
            break
        current, i = flat, i + 1


def long_path(folder: Path, length: int) -> None:
    """Folders below ``folder`` until the path is over ``length`` bytes, a record at the bottom."""
    fd = os.open(folder, os.O_RDONLY)
    total = len(os.fsencode(folder))
    try:
        while total <= length:
            os.mkdir("q" * 250, dir_fd=fd)
            new = os.open("q" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
            total += 251
        with open(os.open("far.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as handle:
            handle.write("name: Far Away\n")
    finally:
        os.close(fd)


@pytest.mark.parametrize("depth", [1_100, 2_000])
def test_deeply_nested_folders_are_read(tmp_path, depth):
    root = make_repo(tmp_path, BASE)
    nest(root / "content/contacts", depth)
    try:
        code, output = run(root, "check")
        assert code == 0 and "ok: 2 records" in output, output  # jane-doe and the one `depth` folders down
        code, output = run(root, "build")
        assert code == 0, output
        assert json.loads((root / "site/report.json").read_text())["records"]["contacts"] == 2
        code, output = run(root, "build")  # the stamp's walk of the same tree
        assert code == 0, output
    finally:
        unnest(root / "content/contacts")
    count("walker", tried=1, passed=1)


def test_a_path_over_path_max_is_a_located_error(tmp_path):
    root = make_repo(tmp_path, BASE)
    long_path(root / "content/contacts", 4200)
    for command in ("check", "build"):
        code, output = run(root, command)
        assert code == 1, output
        assert "content/contacts/qqq" in output and "longer than" in output, output
    assert not (root / "site").exists()
    count("walker", tried=1, passed=1)


def test_an_unreadable_subfolder_is_a_located_error(tmp_path):
    root = make_repo(tmp_path, {**BASE, "content/contacts/team/bob.yaml": "name: Bob\n"})
    (root / "content/contacts/team").chmod(0)
    try:
        for command in ("check", "build"):
            code, output = run(root, command, drop_root=True)
            assert code == 1, output
            assert "content/contacts/team:1:1: error: cannot read this folder: Permission denied" in output, output
    finally:
        (root / "content/contacts/team").chmod(0o755)
    count("walker", tried=1, passed=1)


@pytest.mark.parametrize(("name", "shown"), [
    (b"caf\xe9.yaml", "content/contacts/caf\\xe9.yaml"),  # Latin-1, not UTF-8
    (b"\xff\xfe.yaml", "content/contacts/\\xff\\xfe.yaml"),
    (b"line\nbreak.yaml", "content/contacts/line\\x0abreak.yaml"),  # a control character
    (b"esc\x1b[31m.yaml", "content/contacts/esc\\x1b[31m.yaml"),
    (b"bad\xc3folder/p.yaml", "content/contacts/bad\\xc3folder"),  # a folder's name
])
def test_names_that_are_not_utf8_or_hold_control_characters_are_located_errors(tmp_path, name, shown):
    root = make_repo(tmp_path, BASE)
    path = os.path.join(os.fsencode(root / "content/contacts"), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(b"name: Someone\n")
    for command in ("check", "build"):
        code, output = run(root, command)
        assert code == 1, output
        assert f"{shown}:1:1: error: the file name is not valid UTF-8" in output, output
    done = subprocess.run([*CAREERKIT, "check", "--format", "json", "--root", str(root)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    problems = json.loads(done.stdout)  # valid JSON: the name is escaped, not raw bytes
    assert shown in json.dumps(problems, ensure_ascii=False).replace("\\\\", "\\"), done.stdout
    count("walker", tried=1, passed=1)


# --- careerkit.yaml, the plugins folder, plugins.disable ---------------------------------


def _fifo(root: Path) -> None:
    os.mkfifo(root / "careerkit.yaml")


def _device(root: Path) -> None:
    try:
        os.mknod(root / "careerkit.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("mknod is not allowed here")


def _outside(root: Path) -> None:
    (root.parent / "elsewhere.yaml").write_text("privacy: {public: true}\n")
    (root / "careerkit.yaml").symlink_to(root.parent / "elsewhere.yaml")


def _link_to_folder(root: Path) -> None:
    (root / "conf").mkdir()
    (root / "careerkit.yaml").symlink_to(root / "conf")


OUTSIDE = "careerkit.yaml:1:1: error: is a symbolic link to a file outside the repository"
CONFIG_CASES = {
    "a folder": (lambda root: (root / "careerkit.yaml").mkdir(), "careerkit.yaml:1:1: error: not a regular file"),
    "a named pipe": (_fifo, "careerkit.yaml:1:1: error: not a regular file"),
    "a device": (_device, "careerkit.yaml:1:1: error: not a regular file"),
    "a broken link": (lambda root: (root / "careerkit.yaml").symlink_to(root / "gone.yaml"),
                      "careerkit.yaml:1:1: error: is a broken symbolic link"),
    "a link to /etc/passwd": (lambda root: (root / "careerkit.yaml").symlink_to("/etc/passwd"), OUTSIDE),
    "a link out of the repository": (_outside, OUTSIDE),
    "a link to a folder": (_link_to_folder, "careerkit.yaml:1:1: error: not a regular file"),
    "a link loop": (lambda root: (root / "careerkit.yaml").symlink_to(root / "careerkit.yaml"),
                    "careerkit.yaml:1:1: error: is a broken symbolic link"),
}


@pytest.mark.parametrize("case", list(CONFIG_CASES))
def test_a_config_that_is_not_a_regular_file_in_the_repository_is_an_error(tmp_path, case):
    make, message = CONFIG_CASES[case]
    root = make_repo(tmp_path, {k: v for k, v in BASE.items() if k != "careerkit.yaml"})
    make(root)
    for command in ("check", "build"):
        code, output = run(root, command)
        assert code == 1, output
        assert message in output, output
        assert "root:" not in output  # nothing of /etc/passwd is echoed
    assert not (root / "site").exists()
    count("walker", tried=1, passed=1)


def test_a_config_linked_inside_the_repository_is_read(tmp_path):
    root = make_repo(tmp_path, {"config/real.yaml": "as_of: 2026-11-01\ntitle: Linked config\n",
                                "content/contacts/jane-doe.yaml": "name: Jane Doe\n"})
    (root / "careerkit.yaml").symlink_to(root / "config/real.yaml")
    code, output = run(root, "build")
    assert code == 0, output
    assert "Linked config" in (root / "site/index.html").read_text()


def test_an_unreadable_plugins_folder_is_an_error(tmp_path):
    root = make_repo(tmp_path, {**BASE, "careerkit.yaml": "as_of: 2026-11-01\nplugins_dir: mine\n", "mine/x.py": "X = 1\n"})
    (root / "mine").chmod(0)
    try:
        code, output = run(root, "check", drop_root=True)
    finally:
        (root / "mine").chmod(0o755)
    assert code == 3, output
    assert "plugins folder" in output and "cannot be read: Permission denied" in output, output
    count("walker", tried=1, passed=1)


@pytest.mark.parametrize(("names", "message"), [
    ("[pay_gap]", "careerkit.yaml:2:21: error: plugins.disable: no plugin is named 'pay_gap' (did you mean 'pay_gaps'?)"),
    ("[reminders, network-health]",
     "careerkit.yaml:2:32: error: plugins.disable: no plugin is named 'network-health' (did you mean 'network_health'?)"),
    ("[zzz]", "careerkit.yaml:2:21: error: plugins.disable: no plugin is named 'zzz' (plugins: core, "),
])
def test_disabling_a_plugin_that_does_not_exist_is_an_error(tmp_path, names, message):
    root = make_repo(tmp_path, {**BASE, "careerkit.yaml": f"as_of: 2026-11-01\nplugins: {{disable: {names}}}\n"})
    for command in ("check", "build"):
        code, output = run(root, command)
        assert code == 1, output
        assert message in output, output
    count("walker", tried=1, passed=1)


def test_disabling_a_real_plugin_still_works(tmp_path):
    root = make_repo(tmp_path, {**BASE, "careerkit.yaml": "as_of: 2026-11-01\nplugins: {disable: [reminders, pay_gaps]}\n"})
    code, output = run(root, "build")
    assert code == 0, output
    assert not (root / "site/reminders.ics").exists() and not (root / "site/pay_gaps.html").exists()
