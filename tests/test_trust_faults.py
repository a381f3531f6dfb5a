"""Trust campaign, part 5 (issue 10): fault injection.

Kill the build (SIGKILL, SIGINT) in each phase — a local plugin blocks in
the hook of that phase, so the signal lands there deterministically; the
write phase is hit by killing as soon as the temporary folder appears —
fill the disk (a 1 MiB tmpfs), make the output folder read-only, and make
an analyzer raise, hang, return the wrong type or try to change the
records.  Each must end with a clear message and the right exit code, leave
the previous site byte-identical, and leave no temporary folder once the
next build has run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "trust"))
from conftest import make_repo
from trustlib import CAREERKIT, count, tree_hash

RECORDS = {
    "careerkit.yaml": "title: Faults\nas_of: 2026-11-01\nplugins_dir: mine\n",
    "content/contacts/pat.yaml": "name: Pat Base\ncompany: Initech\nmet: 2025-01-01\nroles: [recruiter]\n",
    "content/compensation/pay.yaml": "date: 2025-01-01\nemployer: Initech\nbase: 90000\n",
    "content/opportunities/o.yaml": "company: Globex\nrole: Dev\nstages: [{stage: applied, date: 2026-03-01}]\n",
    "mine/README": "local plugins of this test\n",
}

# Blocks in the hook named by CK_FAULT_PHASE after touching CK_FAULT_FLAG.
PHASES_PLUGIN = '''\
import os, time
from pathlib import Path
from careerkit import hookimpl

PHASE = os.environ.get("CK_FAULT_PHASE", "")


def _hit(phase):
    if PHASE == phase:
        Path(os.environ["CK_FAULT_FLAG"]).write_text(phase)
        time.sleep(120)


@hookimpl
def careerkit_settings():
    _hit("config")
    return {}


@hookimpl
def careerkit_record_kinds():
    _hit("records")
    return []


@hookimpl
def careerkit_analyze(records):
    _hit("analyze")
    return None


@hookimpl
def careerkit_pages(records):
    _hit("render")
    return []


@hookimpl
def careerkit_outputs(report):
    _hit("outputs")
    if PHASE == "write":  # a wide write window: many files
        return {f"bulk/{i:04d}.txt": "x" * 2000 for i in range(3000)}
    return {}
'''

PHASES = ["config", "records", "analyze", "render", "outputs", "write"]
SIGNALS = {"SIGKILL": signal.SIGKILL, "SIGINT": signal.SIGINT}


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))


def _without_marker(tree: dict) -> dict:
    """The marker holds the up-to-date digest, which may differ between runs."""
    return {k: v for k, v in tree.items() if k != ".careerkit-site"}


def cli_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CK_FAULT")}
    env.update(extra)
    return env


@pytest.fixture
def repo(tmp_path, run_cli):
    """A repository with the phases plugin and a previous site (as of 2026-10-01)."""
    files = dict(RECORDS)
    files["mine/phases.py"] = PHASES_PLUGIN
    root = make_repo(tmp_path, files)
    code, out, err = run_cli(["build", "--root", root, "--as-of", "2026-10-01"])
    assert code == 0, err
    return root


@pytest.mark.parametrize("signame", list(SIGNALS))
@pytest.mark.parametrize("phase", PHASES)
def test_killing_the_build_in_each_phase_leaves_the_previous_site(repo, run_cli, tmp_path, phase, signame):
    ok = False
    try:
        _kill_in_phase(repo, run_cli, tmp_path, phase, signame)
        ok = True
    finally:
        count("faults", injected=1, violations=int(not ok))


def _kill_in_phase(root, run_cli, tmp_path, phase, signame):
    before = tree_hash(root / "site")
    flag = tmp_path / "flag"
    env = cli_env(CK_FAULT_PHASE=phase, CK_FAULT_FLAG=str(flag))
    proc = subprocess.Popen([*CAREERKIT, "build", "--root", root], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    landed = False
    while proc.poll() is None and time.monotonic() < deadline:
        if phase == "write":
            if leftovers(root):
                landed = True
                break
        elif flag.exists():
            landed = True
            break
        time.sleep(0.002)
    proc.send_signal(SIGNALS[signame])
    out, err = proc.communicate(timeout=30)
    assert landed, f"the build never reached the {phase} phase: {err}"
    assert "Traceback" not in err
    if signame == "SIGKILL":
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 130, err
        assert "careerkit: interrupted; nothing was changed" in err
        assert leftovers(root) == [], f"an interrupted build cleans up after itself: {err}"
    assert tree_hash(root / "site") == before, f"{signame} in {phase}: the previous site changed"
    # the next build (here: one with nothing to do) removes what a kill left behind
    code, _, err = run_cli(["build", "--root", root, "--as-of", "2026-10-01"])
    assert code == 0, err
    assert _without_marker(tree_hash(root / "site")) == _without_marker(before)
    assert leftovers(root) == [], "the next build left the killed build's temporary folder"


# --- a full disk and a read-only output folder ---------------------------------------


def _mount(*argv: str) -> None:
    done = subprocess.run(["mount", *argv], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.strip() or done.returncode});"
                    " needs root in a container that allows mount")


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a size-limited tmpfs needs root")
    _mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk))
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


BIG_OUTPUT = '''\
from careerkit import hookimpl

@hookimpl
def careerkit_outputs(report):
    return {"big.bin": b"\\0" * 1_500_000}
'''


def test_a_full_disk_leaves_the_previous_site(tmp_path, run_cli, small_disk):
    ok = False
    try:
        root = make_repo(tmp_path, dict(RECORDS.items()))
        out = small_disk / "site"
        code, _, err = run_cli(["build", "--root", root, "--out", out])
        assert code == 0, err
        before = tree_hash(out)
        (root / "mine/big.py").write_text(BIG_OUTPUT)
        code, _, err = run_cli(["build", "--root", root, "--out", out, "--as-of", "2026-12-01"])
        assert code == 2, err
        assert "No space left on device" in err and "the previous site is unchanged" in err
        assert tree_hash(out) == before
        assert leftovers(small_disk) == []
        (root / "mine/big.py").unlink()
        code, _, err = run_cli(["build", "--root", root, "--out", out, "--as-of", "2026-12-01"])
        assert code == 0, err
        assert leftovers(small_disk) == []
        ok = True
    finally:
        count("faults", injected=1, violations=int(not ok))


def test_a_read_only_output_filesystem_leaves_the_previous_site(tmp_path, run_cli, small_disk):
    ok = False
    try:
        root = make_repo(tmp_path, RECORDS)
        out = small_disk / "site"
        assert run_cli(["build", "--root", root, "--out", out])[0] == 0
        before = tree_hash(out)
        _mount("-o", "remount,ro", str(small_disk))
        code, _, err = run_cli(["build", "--root", root, "--out", out, "--as-of", "2026-12-01"])
        assert code == 2, err
        assert "careerkit: error: cannot write the site" in err and "Read-only file system" in err
        assert tree_hash(out) == before
        _mount("-o", "remount,rw", str(small_disk))
        assert run_cli(["build", "--root", root, "--out", out, "--as-of", "2026-12-01"])[0] == 0
        assert leftovers(small_disk) == []
        ok = True
    finally:
        count("faults", injected=1, violations=int(not ok))


def test_a_read_only_output_folder_leaves_the_previous_site(tmp_path, run_cli):
    """The site folder itself read-only: chmod for a normal user; for root
    (who ignores modes) a read-only bind mount of the folder."""
    ok = False
    root = make_repo(tmp_path, RECORDS)
    out = root / "site"
    assert run_cli(["build", "--root", root])[0] == 0
    before = tree_hash(out)
    mounted = False
    try:
        if os.geteuid() == 0:
            _mount("--bind", str(out), str(out))
            mounted = True
            _mount("-o", "remount,bind,ro", str(out))
        else:
            out.chmod(0o555)
            root.chmod(0o555)
        code, _, err = run_cli(["build", "--root", root, "--as-of", "2026-12-01"])
        assert code == 2, err
        assert "careerkit: error: cannot write the site" in err and "the previous site is unchanged" in err or "next to" in err
        assert tree_hash(out) == before
        ok = True
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(out)], capture_output=True)
        else:
            out.chmod(0o755)
            root.chmod(0o755)
        count("faults", injected=1, violations=int(not ok))
    assert run_cli(["build", "--root", root, "--as-of", "2026-12-01"])[0] == 0
    assert leftovers(root) == []


# --- misbehaving analyzers -------------------------------------------------------------

ANALYZERS = {
    "raises": ("def careerkit_analyze(records):\n    raise RuntimeError('boom from the plugin')\n",
               r"plugin 'bad' \(.*bad\.py\) failed: RuntimeError: boom from the plugin"),
    "wrong-type": ("def careerkit_analyze(records):\n    return {'name': 'bad'}\n",
                   r"plugin 'bad' \(.*\) failed: returned dict, expected careerkit.Analysis"),
    "wrong-metric": ("def careerkit_analyze(records):\n    from careerkit import Analysis\n"
                     "    return Analysis(name='bad', title='Bad', status='ok', metrics={'m': 5})\n",
                     r"plugin 'bad' .* failed: metric 'm' is int, expected careerkit.Metric"),
    "mutates-a-record": ("def careerkit_analyze(records):\n    records.contacts[0].name = 'Changed'\n",
                         r"plugin 'bad' .* failed: FrozenInstanceError: cannot assign to field 'name'"),
    "mutates-a-list": ("def careerkit_analyze(records):\n    records.contacts.append(None)\n",
                       r"plugin 'bad' .* failed: AttributeError: 'tuple' object has no attribute 'append'"),
    "mutates-settings": ("def careerkit_analyze(settings):\n    settings['x'] = 1\n",
                         r"plugin 'bad' .* failed: TypeError: 'mappingproxy' object does not support item assignment"),
    "mutates-config": ("def careerkit_analyze(config):\n    config.title = 'x'\n",
                       r"plugin 'bad' .* failed: FrozenInstanceError"),
    "exits": ("def careerkit_analyze(records):\n    raise SystemExit(0)\n",
              r"plugin 'bad' .* failed: SystemExit: 0"),
    "hangs": ("def careerkit_analyze(records):\n    import time\n    from pathlib import Path\n"
              "    for _ in range(3000):\n        if Path(__file__).with_name('release').exists():\n"
              "            break\n        time.sleep(0.01)\n",
              r"plugin 'bad' .* failed: did not finish within 0\.5 s"),
}


@pytest.mark.parametrize("kind", list(ANALYZERS))
def test_a_misbehaving_analyzer_is_reported_and_the_site_kept(kind, tmp_path, run_cli, monkeypatch):
    import re

    ok = False
    source, message = ANALYZERS[kind]
    root = make_repo(tmp_path, RECORDS)
    assert run_cli(["build", "--root", root])[0] == 0
    before = tree_hash(root / "site")
    (root / "mine/bad.py").write_text("from careerkit import hookimpl\n\n@hookimpl\n" + source)
    monkeypatch.setenv("CAREERKIT_ANALYZER_TIMEOUT", "0.5")
    try:
        started = time.monotonic()
        code, out, err = run_cli(["build", "--root", root, "--as-of", "2026-12-01"])
        assert time.monotonic() - started < 10
        assert code == 3, out + err
        assert re.search(message, err), err
        assert "Traceback" not in err
        assert tree_hash(root / "site") == before
        assert leftovers(root) == []
        ok = True
    finally:
        (root / "mine/release").write_text("")
        count("faults", injected=1, violations=int(not ok))


def test_a_hung_analyzer_does_not_keep_the_process_alive(tmp_path):
    """In a real process: exit 3 promptly although the analyzer never returns."""
    root = make_repo(tmp_path, RECORDS)
    (root / "mine/stuck.py").write_text(textwrap.dedent("""\
        import time
        from careerkit import hookimpl

        @hookimpl
        def careerkit_analyze(records):
            time.sleep(600)
        """))
    started = time.monotonic()
    done = subprocess.run([*CAREERKIT, "build", "--root", root], env=cli_env(CAREERKIT_ANALYZER_TIMEOUT="1"),
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    elapsed = time.monotonic() - started
    ok = done.returncode == 3 and elapsed < 15 and "did not finish within 1 s" in done.stderr and not (root / "site").exists()
    count("faults", injected=1, violations=int(not ok))
    assert done.returncode == 3, done.stderr
    assert "plugin 'stuck'" in done.stderr and "did not finish within 1 s" in done.stderr
    assert elapsed < 15
    assert not (root / "site").exists() and leftovers(root) == []
