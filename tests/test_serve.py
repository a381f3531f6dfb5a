"""`careerkit serve`: started as a real process on a free port of
127.0.0.1, it serves the site, rebuilds when a record or the config
changes, and shows a broken edit's errors in the page."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from careerkit.commands.serve import GENERATION_PATH, error_page, inject

TIMEOUT = 20


def make_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "content" / "contacts").mkdir(parents=True)
    (root / "careerkit.yaml").write_text("title: Serve test\nas_of: 2026-11-01\n", encoding="utf-8")
    (root / "content/contacts/zelda.yaml").write_text("name: Zelda Quux\ncompany: Acme\n", encoding="utf-8")
    return root


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_for(url: str, predicate, what: str) -> tuple[int, str]:
    deadline = time.monotonic() + TIMEOUT
    last = None
    while time.monotonic() < deadline:
        last = fetch(url)
        if predicate(*last):
            return last
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; last answer: {last!r}")


@pytest.fixture
def served(tmp_path):
    """(root, out, base url) of a `careerkit serve` process, stopped after."""
    root = make_repo(tmp_path)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "careerkit.commands.cli", "serve", "--root", str(root), "--out", str(out), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        deadline = time.monotonic() + TIMEOUT
        url = None
        while url is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                assert process.poll() is None, process.stderr.read()
                continue
            if line.startswith("serving http://127.0.0.1:"):
                url = line.split()[1]
        assert url, "serve did not print its address"
        yield root, out, url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def test_serve_rebuilds_reloads_and_shows_errors(served):
    root, out, url, process = served
    status, page = fetch(url)
    assert status == 200 and "Serve test" in page
    # served pages poll for rebuilds; the built files never carry the script
    assert GENERATION_PATH in page
    assert GENERATION_PATH not in (out / "index.html").read_text(encoding="utf-8")
    generation = fetch(url + GENERATION_PATH.lstrip("/"))[1]
    assert fetch(url + "contacts.html")[1].count("Zelda Quux") >= 1

    record = root / "content/contacts/zelda.yaml"
    record.write_text("name: Yuri Blomqvist\ncompany: Acme\n", encoding="utf-8")
    wait_for(url + "contacts.html", lambda s, text: s == 200 and "Yuri Blomqvist" in text, "the edited record")
    assert fetch(url + GENERATION_PATH.lstrip("/"))[1] != generation
    assert "Yuri Blomqvist" in (out / "contacts.html").read_text(encoding="utf-8")

    (root / "careerkit.yaml").write_text("title: Renamed report\nas_of: 2026-11-01\n", encoding="utf-8")
    wait_for(url, lambda s, text: "Renamed report" in text, "the config change")

    record.write_text("name: Yuri Blomqvist\nroles: [wizard]\n", encoding="utf-8")
    status, page = wait_for(url, lambda s, text: s == 500, "the error page")
    assert "The build failed: 1 problem" in page
    assert "content/contacts/zelda.yaml:2:9: error: roles[0]: &#x27;wizard&#x27; is not one of the allowed values" in page
    assert GENERATION_PATH in page  # it reloads by itself once fixed
    assert process.poll() is None  # the server keeps running

    record.write_text("name: Yuri Blomqvist\nroles: [peer]\n", encoding="utf-8")
    wait_for(url, lambda s, text: s == 200 and "Renamed report" in text, "the fixed site")
    assert fetch(url + "style.css")[0] == 200
    assert fetch(url + "missing.html")[0] == 404


def test_error_page_escapes_and_lists_every_problem():
    page = error_page(["content/a.yaml:1:1: error: <script>", "content/b.yaml:2:3: error: x"])
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count("<li>") == 2 and "2 problems" in page


def test_inject_puts_the_script_before_the_end_of_body():
    page = inject("<html><body><p>x</p></body></html>", 7)
    assert page.endswith("</script></body></html>") and 'var seen = "7"' in page
    assert inject("no body", 1).startswith("no body<script>")


def test_a_busy_port_or_a_bad_one_is_a_usage_error(tmp_path, capsys):
    import socket

    from careerkit.commands.cli import main

    root = make_repo(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--root", str(root), "--out", str(tmp_path / "out"), "--port", str(port)]) == 2
    assert f"careerkit: error: cannot serve on 127.0.0.1:{port}" in capsys.readouterr().err
    assert main(["serve", "--root", str(root), "--port", "70000"]) == 2
    assert "--port 70000 is not a port number" in capsys.readouterr().err
