"""Trust campaign v2 (issue 17): `careerkit serve` answers only its own name.

A web page can rebind its DNS name to 127.0.0.1 and then read whatever a
local server answers for that name (DNS rebinding).  `serve` answers only a
Host header of 127.0.0.1, localhost or [::1] with its own port; anything
else — another name, another port, no Host, two Host headers, an address
in another spelling — gets 421 and none of the report.
"""

from __future__ import annotations

import http.client
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "trust"))
from test_serve import served  # noqa: F401  (the fixture: a real serve process)
from trustlib import count

from careerkit.commands.serve import host_allowed


def ask(port: int, hosts: list[str], path: str = "/", method: str = "GET") -> tuple[int, bytes]:
    """Send ``hosts`` as the Host headers (none when empty) and return (status, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for host in hosts:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


REQUESTS = (("/", "GET"), ("/report.json", "GET"), ("/report.json", "HEAD"), ("/__careerkit__/generation", "GET"))


def refused_hosts(port: int) -> list[list[str]]:
    other = port + 1 if port < 65535 else port - 1
    return [
        ["evil.example"], [f"evil.example:{port}"], [f"127.0.0.1.nip.io:{port}"], [f"localhost.evil.example:{port}"],
        [f"127.0.0.1:{other}"], [f"localhost:{other}"], ["127.0.0.1"], ["localhost"],  # no port (the server is not on 80)
        [f"0.0.0.0:{port}"], [f"127.1:{port}"], [f"2130706433:{port}"], [f"0x7f000001:{port}"],  # other spellings
        [f"[::ffff:127.0.0.1]:{port}"], [f"127.0.0.2:{port}"], [f"localhost.:{port}"], [f" evil.example:{port}"],
        [], [f"127.0.0.1:{port}", "evil.example"], [f"evil.example:{port}@127.0.0.1:{port}"],
    ]


def allowed_hosts(port: int) -> list[list[str]]:
    return [[f"127.0.0.1:{port}"], [f"localhost:{port}"], [f"LOCALHOST:{port}"], [f"[::1]:{port}"]]


def test_serve_answers_only_its_own_host_names(served):  # noqa: F811
    root, out, url, process = served
    port = urlsplit(url).port
    refused = allowed = 0
    for hosts in refused_hosts(port):
        for path, method in REQUESTS:
            status, body = ask(port, hosts, path, method)
            assert status == 421, (hosts, path, method, status)
            assert b"Zelda" not in body and b"Serve test" not in body, (hosts, path)
            refused += 1
    for hosts in allowed_hosts(port):
        status, body = ask(port, hosts, "/")
        assert status == 200 and b"Serve test" in body, hosts
        status, body = ask(port, hosts, "/report.json")
        assert status == 200 and b'"as_of"' in body, hosts
        allowed += 2
    count("hosts", refused=refused, allowed=allowed, leaked=0)


@pytest.mark.parametrize(("hosts", "port", "expected"), [
    (["127.0.0.1:8000"], 8000, True),
    (["localhost:8000"], 8000, True),
    (["[::1]:8000"], 8000, True),
    (["localhost"], 80, True),  # a browser omits the default port
    (["localhost"], 8000, False),
    (["127.0.0.1:80"], 8000, False),
    (["evil.example:8000"], 8000, False),
    ([], 8000, False),
    (["127.0.0.1:8000", "127.0.0.1:8000"], 8000, False),  # two Host headers: ambiguous, refused
])
def test_host_allowed(hosts, port, expected):
    assert host_allowed(hosts, port) is expected
