"""Trust campaign v2 (issue 17): hostile or careless plugins, hook by hook.

A local plugin (``--plugins-dir mine``) misbehaves in one place — at import
or in one hook — in one way:

- **prints** to stdout: ``check --format json`` stays valid JSON and ``build``
  prints only its own line (the plugin's text goes to stderr);
- **raises a BaseException subclass** or calls ``sys.exit``: exit 3 naming
  the plugin, no traceback;
- **changes the working folder** (``os.chdir``): the site is written where
  it belongs, nothing lands in the other folder;
- **hangs**: exit 3 naming the plugin after the time limit
  (``CAREERKIT_PLUGIN_TIMEOUT``, here 3 s);
- **returns bad strings**: a NUL, a control character, a lone surrogate or a
  300-byte name in an output path, a lone surrogate in a page or analysis
  title: exit 3 naming the plugin, never 70;
- **takes another's name**: an analysis named ``pay_gaps`` from plugin
  ``hostile`` blames ``hostile``, not the built-in.

Every failing case leaves the previous site byte-identical and no
temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "trust"))
from conftest import make_repo
from trustlib import count, tree_hash

CAREERKIT = [sys.executable, "-m", "careerkit.commands.cli"]
BASE = {"careerkit.yaml": "as_of: 2026-11-01\nplugins_dir: mine\n", "content/contacts/jane-doe.yaml": "name: Jane Doe\n"}

HOOKS = {  # hook -> (signature, a valid return value)
    "import": ("", ""),
    "careerkit_settings": ("()", "{}"),
    "careerkit_record_kinds": ("()", "[]"),
    "careerkit_analyze": ("(records, as_of)", "Analysis('hostile', 'Hostile', 'ok', {})"),
    "careerkit_pages": ("(analyses)", "[Page('hostile.html', 'Hostile page')]"),
    "careerkit_template_dirs": ("()", "[]"),
    "careerkit_outputs": ("(report)", "{'hostile.txt': 'fine'}"),
}
CHECK_RUNS = {"import", "careerkit_settings", "careerkit_record_kinds"}  # hooks `check` calls (others: build)

BEHAVIOURS = {
    "prints": "print('{\"not\": json garbage from a plugin'); print('second line', flush=True)",
    "base exception": "raise Boom('a BaseException subclass')",
    "system exit": "sys.exit(7)",
    "chdir": "os.chdir(ELSEWHERE)",
    "hang": "time.sleep(600)",
}


def plugin(hook: str, action: str, returns: str | None = None) -> str:
    head = textwrap.dedent("""\
        import os, sys, time
        from careerkit import Analysis, Page, hookimpl

        class Boom(BaseException):
            pass

        ELSEWHERE = os.environ["HOSTILE_ELSEWHERE"]
        """)
    if hook == "import":
        return head + action + "\n"
    signature, valid = HOOKS[hook]
    value = returns if returns is not None else valid
    return head + f"\n@hookimpl\ndef {hook}{signature}:\n    {action}\n    return {value}\n"


def run(root: Path, *argv: str, timeout: float = 60) -> tuple[int, str, str, float]:
    env = {**os.environ, "CAREERKIT_PLUGIN_TIMEOUT": "3", "CAREERKIT_ANALYZER_TIMEOUT": "3",
           "HOSTILE_ELSEWHERE": str(root.parent / "elsewhere")}
    started = time.monotonic()
    done = subprocess.run([*CAREERKIT, *argv, "--root", str(root)], capture_output=True, text=True, timeout=timeout, env=env,
                          cwd=root)
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


def prepared(tmp_path: Path, source: str) -> tuple[Path, dict]:
    """A repository built once without the hostile plugin, then given it."""
    root = make_repo(tmp_path, BASE)
    (root / "mine").mkdir()
    (root.parent / "elsewhere").mkdir()
    code, out, err, _ = run(root, "build", "--out", "site")
    assert code == 0, err
    before = tree_hash(root / "site")
    (root / "mine/hostile.py").write_text(source)
    return root, before


def no_leftovers(root: Path) -> bool:
    return not [p for p in root.iterdir() if p.name.startswith(".site.")]


@pytest.mark.parametrize("behaviour", list(BEHAVIOURS))
@pytest.mark.parametrize("hook", list(HOOKS))
def test_a_hostile_plugin_in_any_hook(tmp_path, hook, behaviour):
    root, before = prepared(tmp_path, plugin(hook, BEHAVIOURS[behaviour]))
    command = ["check", "--format", "json"] if hook in CHECK_RUNS else ["build", "--out", "site", "--no-cache"]
    code, out, err, took = run(root, *command)
    assert "Traceback" not in err and "internal error" not in err, err
    if behaviour in ("prints", "chdir"):
        assert code == 0, err
        if command[0] == "check":
            assert json.loads(out) is not None  # stdout is careerkit's JSON only
        else:
            assert out.startswith("built ") and out.count("\n") == 1, out
            if hook == "careerkit_pages":  # the plugin's own work is there too
                assert (root / "site/hostile.html").is_file()
            if hook == "careerkit_outputs":
                assert (root / "site/hostile.txt").read_text() == "fine"
        if behaviour == "prints":
            assert "json garbage from a plugin" in err and "second line" in err
        assert list((root.parent / "elsewhere").iterdir()) == []  # nothing written where the plugin went
        assert (root / "site/index.html").is_file()
    else:
        assert code == 3, (code, out, err)
        assert "plugin file" in err and "hostile.py" in err or "plugin 'hostile'" in err, err
        if behaviour == "hang":
            assert "within 3 s" in err and took < 30, (err, took)
        assert tree_hash(root / "site") == before
    assert no_leftovers(root)
    count("plugin-hostility", tried=1, passed=1)


BAD_RESULTS = {
    "output path with NUL": ("careerkit_outputs", "{'a\\x00b.txt': 'x'}", "control character"),
    "output path with ESC": ("careerkit_outputs", "{'a\\x1b[31m.txt': 'x'}", "control character"),
    "output path with a lone surrogate": ("careerkit_outputs", "{'a\\ud800.txt': 'x'}", "lone surrogate"),
    "output name of 300 bytes": ("careerkit_outputs", "{'a' * 300 + '.txt': 'x'}", "over 255 bytes"),
    "output text with a lone surrogate": ("careerkit_outputs", "{'a.txt': 'x\\udc80'}", "lone surrogate"),
    "output path leaving the site": ("careerkit_outputs", "{'../escape.txt': 'x'}", "stay inside the site"),
    "output over a core file": ("careerkit_outputs", "{'index.html': 'x'}", "already careerkit's"),
    "output not a dict": ("careerkit_outputs", "['a.txt']", "expected a dict"),
    "page path with NUL": ("careerkit_pages", "[Page('a\\x00.html', 'T')]", "control character"),
    "page title with a lone surrogate": ("careerkit_pages", "[Page('a.html', 'T\\ud800')]", "lone surrogate"),
    "page over an analysis page": ("careerkit_pages", "[Page('pay_gaps.html', 'T')]",
                                   "already the analysis 'pay_gaps'"),
    "page not a Page": ("careerkit_pages", "['a.html']", "must be a careerkit.Page"),
    "analysis title with a lone surrogate": ("careerkit_analyze", "Analysis('hostile', 'T\\ud800', 'ok', {})",
                                             "lone surrogate"),
    "finding with NUL": ("careerkit_analyze",
                         "Analysis('hostile', 'T', 'ok', {}, findings=(__import__('careerkit').Finding('info', 'a\\x00b'),))",
                         "NUL"),
    "analysis named like a path": ("careerkit_analyze", "Analysis('../x', 'T', 'ok', {})", "cannot name a page"),
    "analysis taking the built-in's name": ("careerkit_analyze", "Analysis('pay_gaps', 'T', 'ok', {})",
                                            "returned the analysis name 'pay_gaps', which plugin 'pay_gaps' also returns"),
    "template folders not a list": ("careerkit_template_dirs", "'templates'", "expected a list"),
    "settings not a dict": ("careerkit_settings", "['x']", "expected a dict"),
    "record kinds not a list": ("careerkit_record_kinds", "42", "expected a list"),
}


@pytest.mark.parametrize("case", list(BAD_RESULTS))
def test_bad_values_from_a_plugin_are_exit_3_naming_it(tmp_path, case):
    hook, returns, message = BAD_RESULTS[case]
    root, before = prepared(tmp_path, plugin(hook, "pass", returns))
    code, out, err, _ = run(root, "build", "--out", "site", "--no-cache")
    assert code == 3, (code, out, err)
    assert "Traceback" not in err
    assert "plugin 'hostile'" in err and message in err, err
    assert "plugin 'pay_gaps' (" not in err  # the built-in is never blamed
    assert tree_hash(root / "site") == before and no_leftovers(root)
    count("plugin-hostility", tried=1, passed=1)


# --- careerkit diff: plugin text in a PR comment -----------------------------------------

DIFF_PAYLOADS = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "[click](javascript:alert(1))",
                 "[c](&#106;avascript:alert(1))", "[d](JaVaScRiPt:alert(1))", "<a href='javascript:alert(1)'>x</a>",
                 "x | y `z` <b>", "<svg onload=alert(1)>", "[r]: javascript:alert(1)\n\n[r]", "\x1b[31mred\x00"]


@pytest.mark.parametrize("payload", DIFF_PAYLOADS)
def test_diff_escapes_plugin_text_as_report_md_does(tmp_path, payload):
    import shutil

    from careerkit.commands.diff import diff_markdown

    def report(value: float, message: str) -> dict:
        return {"as_of": "2026-11-01", "records": {}, "analyzers": {"hostile": {
            "title": f"Hostile {payload}", "status": "ok" if value < 1 else "warn",
            "metrics": {f"k{payload}": {"value": value, "unit": "count", "label": f"Label {payload}", "status": None}},
            "findings": [{"severity": "info", "message": message, "records": [], "due": None}]}}}

    text = diff_markdown(report(0, "old"), report(2, f"Finding {payload}"))
    assert "<img" not in text and "<script" not in text and "<svg" not in text and "<a " not in text and "<b>" not in text
    assert "\x1b" not in text and "\x00" not in text
    cmark = shutil.which("cmark-gfm")
    if cmark:
        done = subprocess.run([cmark, "--unsafe", "-e", "table"], input=text, capture_output=True, text=True, timeout=30)
        rendered = done.stdout.lower()
        assert "<img" not in rendered and "<script" not in rendered and "<svg" not in rendered, rendered
        assert 'href="javascript' not in rendered and "href=\"&#106;" not in rendered, rendered
    count("plugin-hostility", tried=1, passed=1)
