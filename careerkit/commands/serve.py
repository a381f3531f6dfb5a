"""`careerkit serve`: build, serve the site on 127.0.0.1, rebuild when
content/, careerkit.yaml or the local plugins folder change, and reload the
open page.

The site is built exactly as `careerkit build` builds it (into a temporary
folder unless ``--out`` is given).  Only the HTTP responses differ: every
HTML page served gets a small script that polls ``/__careerkit__/generation``
and reloads when a rebuild happened; the files on disk never contain it.
A build that fails (invalid records, a plugin error) does not stop the
server: HTML pages are answered with an error page listing every problem
until an edit fixes them.

Only requests for this server by its own name are answered: the Host
header must be ``127.0.0.1:<port>``, ``localhost:<port>`` or
``[::1]:<port>`` (the port it listens on).  Anything else gets 421
Misdirected Request, so a web page that rebinds its DNS name to 127.0.0.1
cannot read the private report while `serve` runs.
"""

from __future__ import annotations

import argparse
import html
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..pipeline import Session
from .arguments import add_as_of, add_no_cache, add_plugins_dir, add_public
from .watching import _relevant, changed_files, fingerprint, other_stats, record_stats, scanned_stats, watched

HOST = "127.0.0.1"
GENERATION_PATH = "/__careerkit__/generation"
RELOAD_SCRIPT = """<script>/* careerkit serve: reload on rebuild (not in the built files) */
(function () {{
  var seen = "{generation}";
  setInterval(function () {{
    fetch("{path}", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }})
      .then(function (g) {{ if (g !== seen) {{ location.reload(); }} }}).catch(function () {{}});
  }}, 1000);
}})();
</script>"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default 8000; 0 picks a free one)")
    parser.add_argument("--out", type=Path, help="build into this folder (default: a temporary folder, removed on exit)")
    add_plugins_dir(parser)
    add_as_of(parser)
    add_public(parser)
    add_no_cache(parser)


@dataclass
class State:
    """What the server shows: the latest build's folder, its generation
    number and, when it failed, its problems."""

    out: Path
    generation: int = 0
    errors: list[str] = field(default_factory=list)
    fingerprint: frozenset = frozenset()
    # careerkit.pipeline.Session: the record cache, the last scan (None: the next
    # rebuild scans every file) and what the last rebuild rendered, kept in memory
    session: Session = field(default_factory=Session)
    lock: threading.Lock = field(default_factory=threading.Lock)
    building: threading.Lock = field(default_factory=threading.Lock)


def rebuild(args, state: State, changes=None) -> None:
    """Build once (one build at a time); record success or every problem.
    ``changes``: the file events (watchfiles' (change, path) pairs) that
    led to it, when the watcher was running since the last rebuild's scan
    began; if each is of a record file that scan had, only those files are
    looked at again (see :func:`changed_files`)."""
    with state.building:
        _rebuild(args, state, changes)


def _rebuild(args, state: State, changes=None) -> None:
    from ..errors import CareerkitError
    from ..pipeline import Request, run

    errors: list[str] = []
    session = state.session
    others = other_stats(args)  # before anything is read: an edit made meanwhile is seen next time
    changed = changed_files(args.root, session.scanned, changes) if changes and not args.no_cache else None
    since = (session.scanned, changed) if changed is not None else None
    session.scanned = None  # until this rebuild has read the records: a failed one leaves the next to scan all
    request = Request(args.root, state.out, args.as_of, args.public, args.plugins_dir, cache=not args.no_cache)
    try:
        outcome = run(request, session, since)
        errors = [str(p) for p in outcome.problems]
    except CareerkitError as exc:
        errors = [str(f) for f in getattr(exc, "failures", ())] or [f"error: {exc}"]
    except Exception as exc:  # a bug in careerkit: keep serving, show it
        errors = [f"internal error: {type(exc).__name__}: {exc} (please report this)"]
    # the scan's stat, not a second one; every file's when the records were not read (a plugin could not load)
    state.fingerprint = others | (scanned_stats(session.scanned) if session.scanned is not None else record_stats(args.root))
    with state.lock:
        state.errors = errors
        state.generation += 1
    if errors:
        print(f"build failed ({len(errors)} problem{'s' if len(errors) != 1 else ''}); the page shows them:", file=sys.stderr)
        for line in errors:
            print(f"  {line}", file=sys.stderr)
    else:
        print(f"rebuilt (generation {state.generation})", flush=True)
    sys.stderr.flush()


def error_page(errors: list[str]) -> str:
    items = "\n".join(f"<li><code>{html.escape(e)}</code></li>" for e in errors)
    count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"robots\" content=\"noindex,nofollow\"><title>careerkit: the build failed</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}"
        "code{white-space:pre-wrap}li{margin:.4rem 0}</style></head>\n<body>\n"
        f"<h1>The build failed: {count}</h1>\n"
        f"<p>Fix {'it' if len(errors) == 1 else 'them'} and save; this page reloads by itself."
        " The last good site is not shown meanwhile.</p>\n"
        f"<ul class=\"problems\">\n{items}\n</ul>\n</body></html>\n"
    )


def inject(page: str, generation: int) -> str:
    """The page with the reload script before ``</body>`` (served only)."""
    script = RELOAD_SCRIPT.format(generation=generation, path=GENERATION_PATH)
    index = page.lower().rfind("</body>")
    return page[:index] + script + page[index:] if index >= 0 else page + script


class Handler(SimpleHTTPRequestHandler):
    state: State

    def __init__(self, *args, state: State, **kwargs):
        self.state = state
        super().__init__(*args, directory=str(state.out), **kwargs)

    def log_message(self, format, *args):  # quiet: one line per rebuild is enough
        pass

    def host_allowed(self) -> bool:
        """Is the Host header this server's own address (DNS rebinding guard)?"""
        return host_allowed(self.headers.get_all("Host") or [], self.server.server_address[1])

    def do_HEAD(self):
        if not self.host_allowed():
            return self.send_error(
                HTTPStatus.MISDIRECTED_REQUEST, "unknown host: careerkit serve answers only 127.0.0.1 and localhost"
            )
        return super().do_HEAD()

    def do_GET(self):
        if not self.host_allowed():
            return self.send_error(
                HTTPStatus.MISDIRECTED_REQUEST, "unknown host: careerkit serve answers only 127.0.0.1 and localhost"
            )
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        with self.state.lock:
            generation, errors = self.state.generation, list(self.state.errors)
        if path == GENERATION_PATH:
            return self._send(str(generation), "text/plain")
        is_page = path.endswith(("/", ".html"))
        if errors and is_page:
            return self._send(inject(error_page(errors), generation), "text/html", HTTPStatus.INTERNAL_SERVER_ERROR)
        if is_page:
            target = Path(self.translate_path(path))
            if target.is_dir():
                target = target / "index.html"
            try:
                page = target.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return self.send_error(HTTPStatus.NOT_FOUND, "not found")
            return self._send(inject(page, generation), "text/html")
        return super().do_GET()

    def _send(self, text: str, content_type: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")


def host_allowed(hosts: list[str], port: int) -> bool:
    """Exactly one Host header, naming 127.0.0.1, localhost or [::1] with
    ``port`` (or without a port when ``port`` is 80)."""
    if len(hosts) != 1:
        return False
    host = hosts[0].strip().lower()
    allowed = {f"{name}:{port}" for name in LOCAL_NAMES}
    if port == 80:
        allowed |= set(LOCAL_NAMES)
    return host in allowed


def watch(args, state: State, stop: threading.Event) -> None:
    """Rebuild on every batch of changes until ``stop`` is set or Ctrl-C."""
    import watchfiles

    folders, root = watched(args)

    def config_watcher():
        for _ in watchfiles.watch(root, recursive=False, stop_event=stop, raise_interrupt=False,
                                  watch_filter=lambda c, p: Path(p).name == "careerkit.yaml"):
            rebuild(args, state)

    threading.Thread(target=config_watcher, daemon=True).start()
    if not folders:
        while not stop.wait(1):
            if fingerprint(args) != state.fingerprint:
                rebuild(args, state)
        return
    # Until the watcher yields once it may not have been running when the
    # last rebuild scanned: a rebuild after a batch of events looks again
    # only at the files they name (changed_files) from the second batch on.
    # Without events, a changed fingerprint rebuilds scanning every file (a
    # change no event reported heals at the next check; see checked_again).
    watching, due = False, 0.0
    events = watchfiles.watch(*folders, stop_event=stop, watch_filter=_relevant, yield_on_timeout=True, rust_timeout=1000)
    for changes in events:
        if changes:
            rebuild(args, state, changes if watching else None)
        elif time.monotonic() >= due:
            began = time.monotonic()
            stale = fingerprint(args) != state.fingerprint
            due = checked_again(began, time.monotonic())
            if stale:
                rebuild(args, state)
        watching = True


# The fingerprint check (every file's stat) runs when the watcher has been
# quiet for a second, but at most this share of the time: 0.07 s at 10,000
# files means a check every ~1.5 s; 0.85 s at 100,000 files, every ~17 s,
# rather than half a core spent checking an idle repository.
CHECK_SHARE = 0.05


def checked_again(began: float, ended: float) -> float:
    """When the next fingerprint check is due, after one from ``began``
    to ``ended`` (time.monotonic)."""
    return ended + (ended - began) * (1 / CHECK_SHARE - 1)


def run(args) -> int:
    from ..errors import UsageError

    if not args.root.is_dir():
        raise UsageError(f"--root {args.root} is not a folder")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is not a port number")
    temporary = None
    if args.out is None:
        temporary = Path(tempfile.mkdtemp(prefix="careerkit-serve-"))
        out = temporary / "site"
    else:
        out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    state = State(out)
    stop = threading.Event()
    try:
        rebuild(args, state)
        try:
            server = ThreadingHTTPServer((HOST, args.port), partial(Handler, state=state))
        except OSError as exc:
            raise UsageError(f"cannot serve on {HOST}:{args.port}: {exc.strerror or exc}") from exc
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"serving http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _interrupt)
        try:
            watch(args, state, stop)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            server.shutdown()
            server.server_close()
        print("stopped", flush=True)
        return 0
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


def _interrupt(signum, frame):
    raise KeyboardInterrupt
