"""`careerkit serve`'s rebuilds keep work between builds: the record cache
in memory (and the results it checked), the record files' stat from the
build's own scan, table rows, Markdown and contacts-page rows by value
(careerkit.kept.Kept), the events of reminders.ics, and after a file
event only the files it names are looked at.  None of it may ever show a
stale page: after every edit, a rebuild in the same process gives exactly
the site a fresh `careerkit build --no-cache` gives."""

from __future__ import annotations

import shutil
from argparse import Namespace
from datetime import date
from pathlib import Path

import pytest
from conftest import copy_example
from test_cache import site_files
from watchfiles import Change

from careerkit.commands import serve
from careerkit.incremental import fingerprint
from careerkit.kept import Kept
from careerkit.models import Config, Contact, Interaction, Opportunity, Records, Stage, Table
from careerkit.site.records_pages import contacts_page
from careerkit.site.render import table_rows

NINA = "content/contacts/nina-sorensen.yaml"
APERTURE = "content/opportunities/aperture-cloud-senior-backend-engineer.yaml"


@pytest.fixture(autouse=True)
def settled(monkeypatch):
    """Every file's digest trusted on its stat, as if written long ago (the
    files here were just copied): else a rebuild reads every file again
    (careerkit.incremental.fingerprint.RACY_NS) and the files not named by an event would
    not be taken as they were."""
    monkeypatch.setattr(fingerprint, "RACY_NS", -3600 * 10**9)


def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fresh(run_cli, root: Path, out: Path, public: bool) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    code, _, err = run_cli(["build", "--root", root, "--out", out, "--no-cache", *(["--public"] if public else [])])
    assert code == 0, err
    return site_files(out)


EDITS = [
    ("a contact's name", NINA, "name: Nina Sørensen", "name: Nina <Sørensen> & Co"),
    ("a contact's company", NINA, "company: Talentbridge Partners", "company: Aperture Cloud"),
    ("a contact's title", NINA, "title: Senior Technical Recruiter", "title: Head of Talent"),
    ("a contact's roles", NINA, "roles: [recruiter]", "roles: [mentor, advocate]"),
    ("a new interaction", NINA, "interactions:\n", "interactions:\n  - date: 2026-10-30\n    kind: call\n"),
    ("an interaction after the report date", NINA, "date: 2026-10-30", "date: 2026-12-30"),
    ("a cadence", NINA, "keep_in_touch_days: 90", "keep_in_touch_days: 7"),
    ("a contact's notes", NINA, "Specialises in", "Now **specialises** in"),
    ("the contact an opportunity came through", APERTURE, "contact: nina-sorensen", "contact: ben-adeyemi"),
    ("an opportunity's stage", APERTURE, "    note: Nina sent",
     "  - stage: screen\n    date: 2026-10-20\n    note: Nina sent"),
    ("an opportunity's company", APERTURE, "company: Aperture Cloud", "company: Aperture Cloud Inc"),
    ("the report date", "careerkit.yaml", "as_of: 2026-11-01", "as_of: 2026-12-31"),
    ("the privacy setting", "careerkit.yaml", "  public: false", "  public: true"),
    ("a plugin's settings", "careerkit.yaml", "  active_days: 180", "  active_days: 30"),
    ("the privacy setting back", "careerkit.yaml", "  public: true", "  public: false"),
]


def event(root: Path, rel: str) -> set:
    """What the file watcher reports after ``rel`` was saved."""
    return {(Change.modified, str(root / rel))}


@pytest.mark.parametrize("public,events", [(False, True), (True, True), (False, False)],
                         ids=["private", "public", "private-without-events"])
def test_every_serve_rebuild_is_the_site_a_fresh_build_makes(tmp_path, run_cli, public, events):
    root = example(tmp_path)
    args = Namespace(root=root, as_of=None, public=public, plugins_dir=None, no_cache=False)
    state = serve.State(tmp_path / "served")
    serve.rebuild(args, state)
    assert state.errors == []
    assert site_files(state.out) == fresh(run_cli, root, tmp_path / "fresh", public)
    for what, rel, old, new in EDITS:
        edit(root, rel, old, new)
        serve.rebuild(args, state, event(root, rel) if events else None)
        assert state.errors == [], what
        assert site_files(state.out) == fresh(run_cli, root, tmp_path / "fresh", public), what
        assert state.fingerprint == serve.fingerprint(args), what  # else serve would rebuild every second


def test_serve_rebuilds_freeze_nothing(tmp_path):
    """A one-off build freezes what it loaded (gc.freeze: later collections
    skip the records); serve must not, or every rebuild would add its
    records to the permanent generation and none would ever be collected."""
    import gc

    root = example(tmp_path)
    args = Namespace(root=root, as_of=None, public=False, plugins_dir=None, no_cache=False)
    state = serve.State(tmp_path / "served")
    serve.rebuild(args, state)
    frozen = gc.get_freeze_count()
    for _ in range(3):
        edit(root, NINA, "Specialises in", "Now specialises in")
        edit(root, NINA, "Now specialises in", "Specialises in")
        serve.rebuild(args, state, event(root, NINA))
        assert state.errors == []
    assert gc.get_freeze_count() == frozen  # 3 rebuilds: 0 more objects frozen


def test_an_edit_back_and_forth_and_a_deleted_contact(tmp_path, run_cli):
    root = example(tmp_path)
    args = Namespace(root=root, as_of=None, public=False, plugins_dir=None, no_cache=False)
    state = serve.State(tmp_path / "served")
    serve.rebuild(args, state)
    original = (root / NINA).read_bytes()
    for _ in range(2):  # the second time every row and text is kept from the first
        edit(root, NINA, "name: Nina Sørensen", "name: Nina S.")
        serve.rebuild(args, state, event(root, NINA))
        assert site_files(state.out) == fresh(run_cli, root, tmp_path / "fresh", False)
        (root / NINA).write_bytes(original)
        serve.rebuild(args, state, event(root, NINA))
        assert site_files(state.out) == fresh(run_cli, root, tmp_path / "fresh", False)
    (root / "content/contacts/aisha-rahman.yaml").unlink()
    serve.rebuild(args, state, event(root, "content/contacts/aisha-rahman.yaml"))
    assert state.errors == []
    assert site_files(state.out) == fresh(run_cli, root, tmp_path / "fresh", False)


def test_a_changed_report_date_on_the_command_line_rebuilds_every_row(tmp_path, run_cli):
    root = example(tmp_path)
    args = Namespace(root=root, as_of=None, public=False, plugins_dir=None, no_cache=False)
    state = serve.State(tmp_path / "served")
    serve.rebuild(args, state)
    args.as_of = date(2025, 6, 1)
    serve.rebuild(args, state)
    out = tmp_path / "fresh"
    code, _, err = run_cli(["build", "--root", root, "--out", out, "--no-cache", "--as-of", "2025-06-01"])
    assert code == 0, err
    assert site_files(state.out) == site_files(out)


def test_only_events_for_files_the_last_scan_had_spare_a_full_scan(tmp_path):
    root = example(tmp_path)
    args = Namespace(root=root, as_of=None, public=False, plugins_dir=None, no_cache=False)
    state = serve.State(tmp_path / "served")
    assert serve.changed_files(root, None, event(root, NINA)) is None  # no scan yet
    serve.rebuild(args, state)
    scanned = state.session.scanned
    assert serve.changed_files(root, scanned, event(root, NINA) | event(root, APERTURE)) == {NINA, APERTURE}
    (root / "content/contacts/new.yaml").write_text("name: New\n")
    (root / "content/notes.txt").write_text("a note\n")
    (root / "content/contacts/folder").mkdir()
    for rel in ["content/contacts/new.yaml", "content/notes.txt", "content/contacts/folder", "content/contacts/gone.yaml",
                "careerkit.yaml", "../elsewhere.yaml"]:
        assert serve.changed_files(root, scanned, event(root, NINA) | event(root, rel)) is None, rel
    (root / NINA).unlink()
    assert serve.changed_files(root, scanned, event(root, NINA)) is None  # deleted


def test_an_edit_no_event_reported_is_caught_by_the_fingerprint(tmp_path, run_cli):
    root = example(tmp_path)
    args = Namespace(root=root, as_of=None, public=False, plugins_dir=None, no_cache=False)
    state = serve.State(tmp_path / "served")
    serve.rebuild(args, state)
    edit(root, NINA, "name: Nina Sørensen", "name: Nina S.")
    edit(root, APERTURE, "company: Aperture Cloud", "company: Aperture Cloud Inc")
    serve.rebuild(args, state, event(root, APERTURE))  # the watcher missed the first edit
    assert state.fingerprint != serve.fingerprint(args)  # so it rebuilds within a second, scanning every file
    serve.rebuild(args, state)
    assert state.fingerprint == serve.fingerprint(args)
    assert site_files(state.out) == fresh(run_cli, root, tmp_path / "fresh", False)


def test_the_fingerprint_check_takes_at_most_its_share_of_the_time(tmp_path, monkeypatch):
    """Without events the watcher checks every file's stat; at 100,000 files
    that takes most of a second, so the checks are spaced out to keep an idle
    `serve` at CHECK_SHARE of a core."""
    assert serve.checked_again(10.0, 10.5) == pytest.approx(10.0 + 0.5 / serve.CHECK_SHARE)
    root = example(tmp_path)
    args = Namespace(root=root, as_of=None, public=False, plugins_dir=None, no_cache=False)
    state = serve.State(tmp_path / "served")
    clock = [100.0]
    checks = []

    def slow_fingerprint(args):  # each check "takes" 0.5 s
        checks.append(clock[0])
        clock[0] += 0.5
        return state.fingerprint

    def quiet_watcher(*folders, **options):  # 60 quiet seconds, one batch a second
        for _ in range(60):
            clock[0] += 1.0
            yield set()

    import watchfiles

    monkeypatch.setattr(serve, "fingerprint", slow_fingerprint)
    monkeypatch.setattr(serve.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(watchfiles, "watch", quiet_watcher)
    monkeypatch.setattr(serve.threading, "Thread", lambda **kw: type("T", (), {"start": lambda self: None})())
    serve.watch(args, state, stop=None)
    busy = 0.5 * len(checks) / (clock[0] - 100.0)
    assert len(checks) > 1 and busy <= serve.CHECK_SHARE * 1.1, (len(checks), busy)


def test_a_rebuild_that_failed_leaves_the_next_to_scan_every_file(tmp_path, run_cli):
    root = example(tmp_path)
    (root / "local-plugins").mkdir()
    args = Namespace(root=root, as_of=None, public=False, plugins_dir=root / "local-plugins", no_cache=False)
    state = serve.State(tmp_path / "served")
    serve.rebuild(args, state)
    (root / "local-plugins/broken.py").write_text("this is not python\n")
    edit(root, NINA, "name: Nina Sørensen", "name: Nina S.")
    serve.rebuild(args, state, event(root, NINA))
    assert state.errors and state.session.scanned is None
    (root / "local-plugins/broken.py").unlink()
    edit(root, APERTURE, "company: Aperture Cloud", "company: Aperture Cloud Inc")
    serve.rebuild(args, state, event(root, APERTURE))  # the Nina edit is not in this batch
    assert state.errors == []
    (root / "local-plugins").rmdir()
    assert site_files(state.out) == fresh(run_cli, root, tmp_path / "fresh", False)


def test_the_fingerprint_from_the_scan_is_the_one_the_watcher_makes(tmp_path):
    root = example(tmp_path)
    (root / "content/contacts/README.txt").write_text("not a record\n")
    (root / "content/contacts/.#draft.yaml").write_text("name: Draft\n")
    (root / "local-plugins").mkdir()
    (root / "local-plugins/extra.py").write_text("# a local plugin\n")
    args = Namespace(root=root, as_of=None, public=False, plugins_dir=root / "local-plugins", no_cache=False)
    state = serve.State(tmp_path / "served")
    serve.rebuild(args, state)
    assert state.errors == []
    assert state.fingerprint == serve.fingerprint(args)
    assert str(root / "local-plugins/extra.py") in {path for path, _, _ in state.fingerprint}
    (root / "local-plugins/extra.py").write_text("# a local plugin, edited\n")
    assert state.fingerprint != serve.fingerprint(args)


def test_a_kept_row_is_one_of_the_same_values_and_types():
    """1, 1.0 and True are equal keys, as are 0.0 and -0.0, but show
    differently: rows holding them are never kept."""
    kept = Kept()
    tables = [
        Table(("a", "b"), (("x", 1),), numeric=(1,)),
        Table(("a", "b"), (("x", 1.0),), numeric=(1,)),
        Table(("a", "b"), (("x", True),), numeric=(1,)),
        Table(("a", "b"), (("x", 0.0),)),
        Table(("a", "b"), (("x", -0.0),)),
        Table(("a", "b"), (("x", 1),)),  # the same row, another numeric column: another key
        Table(("a", "b"), (("x", date(2026, 1, 2)),)),
        Table(("a", "b"), (("x", "2 Jan 2026"),)),
        Table(("a", "b"), (["x", "<b>"],)),  # a list: not kept
    ]
    for _ in range(2):
        kept.next_build()
        for table in tables:
            assert table_rows(table, kept=kept) == table_rows(table)


def test_kept_values_last_one_build_unless_used_again():
    kept = Kept()
    kept.put("a", 1)
    kept.put("b", 2)
    kept.next_build()
    assert kept.get("a") == 1  # used again: kept for the next build too
    kept.next_build()
    assert kept.get("a") == 1
    assert kept.get("b") is None


def test_a_kept_contact_row_depends_on_the_record_date_privacy_and_opportunities():
    jane = Contact("jane", "Jane Doe", "Acme", "CTO", ("recruiter",),
                   interactions=(Interaction(date(2026, 3, 1), "call"), Interaction(date(2026, 9, 1), "call")))
    opp = Opportunity("o", "Beta", "Engineer", (Stage("applied", date(2026, 5, 1)),), "recruiter", "jane")
    other = Opportunity("o", "Gamma", "Engineer", (Stage("offer", date(2026, 5, 1)),), "recruiter", "jane")
    renamed = Contact("jane", "Jane Roe", "Acme", "CTO", ("recruiter",), interactions=jane.interactions)
    kept = Kept()
    cases = [
        (jane, opp, date(2026, 11, 1), False),
        (jane, opp, date(2026, 6, 1), False),  # another report date: other last touch and count
        (jane, opp, date(2026, 6, 1), True),  # public: initials, no title
        (jane, other, date(2026, 6, 1), True),  # another opportunity through her
        (renamed, other, date(2026, 6, 1), True),  # another record with the same id
        (renamed, other, date(2026, 6, 1), False),
    ]
    for contact, opportunity, as_of, public in cases * 2:
        kept.next_build()
        records = Records.of(contacts=[contact], opportunities=[opportunity])
        config = Config(as_of=as_of, public=public)
        assert contacts_page(records, config, as_of, kept) == contacts_page(records, config, as_of)


def test_kept_markdown_is_kept_apart_from_kept_inline_markdown():
    from careerkit.site.render import Renderer

    config = Config(as_of=date(2026, 11, 1))
    kept = Kept()
    renderer = Renderer(config, kept=kept)
    for text in ["*x*", "a\n\n- b", "*x*"]:
        plain = Renderer(config)
        assert renderer.markdown(text) == plain.markdown(text)
        assert renderer.inline(text) == plain.inline(text)
    assert renderer.markdown(None) == Renderer(config).markdown(None)


def test_kept_calendar_events_are_stamped_with_the_report_date():
    from careerkit_plugins import reminders

    found = [reminders.Reminder("u@x", date(2026, 1, 2), "Call Jane", "every 7 days", "follow-up")]
    kept = Kept()
    first = reminders.calendar("n", date(2026, 1, 1), found, kept)
    kept.next_build()
    second = reminders.calendar("n", date(2026, 3, 1), found, kept)  # the event kept from the first
    assert second == reminders.calendar("n", date(2026, 3, 1), found) != first  # the same without anything kept
    assert b"DTSTAMP:20260301T000000Z" in second


def test_a_kept_chart_is_checked_by_its_own_svg():
    from careerkit.models import Chart
    from careerkit.site.render import Renderer

    config = Config(as_of=date(2026, 11, 1))
    safe = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    unsafe = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    kept = Kept()
    for _ in range(2):
        kept.next_build()
        renderer = Renderer(config, kept=kept)
        for svg in [safe, unsafe, safe]:
            chart = Chart("c", "C", svg)
            assert renderer.svg(chart) == Renderer(config).svg(chart)
    assert "script" not in Renderer(config, kept=kept).svg(Chart("c", "C", unsafe))
